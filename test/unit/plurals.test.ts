import assert from 'node:assert/strict';
import { excerpt } from '../../src/cli/render';
import { evaluateCommand } from '../../src/core/engine';
import { confirmDialog } from '../../src/core/gate/answer';
import { massDeletion } from '../../src/core/edit/rules/generic/mass-deletion';
import { FileView } from '../../src/core/edit/view';
import { plural } from '../../src/core/plain-text';
import { TEST_CONTEXT } from '../helpers/context';

// "1 files", "1 more findings": a count of one reads as a typo to the person it is meant to reassure.
describe('counts of one in user-facing words', () => {
  it('plural() says one and many', () => {
    assert.equal(plural(1, 'file'), '1 file');
    assert.equal(plural(0, 'file'), '0 files');
    assert.equal(plural(2, 'more finding'), '2 more findings');
    assert.equal(plural(1, 'entry', 'entries'), '1 entry');
  });

  it('the confirm dialog says "1 more finding" past the four it lists', () => {
    const result = evaluateCommand('rm -rf src', { ctx: TEST_CONTEXT });
    const f = result.findings[0];
    result.findings = [f, ...Array.from({ length: 4 }, (_, i) => ({ ...f, ruleId: `FS9${i}0`, message: `finding ${i}` }))];
    assert.match(confirmDialog(result, { timeoutSeconds: 60, workspace: '/w' }).detail, /\n…and 1 more finding\.\n/);
    result.findings.push({ ...f, ruleId: 'FS999' });
    assert.match(confirmDialog(result, { timeoutSeconds: 60, workspace: '/w' }).detail, /\n…and 2 more findings\.\n/);
  });

  it('EDT003 says "1 line of content lost"', () => {
    const step = [{ path: 'src/a/one.ts', before: 'export const x = 1;\n', after: undefined }, ...Array.from({ length: 11 }, (_, i) => ({ path: `src/a/f${i}.ts`, before: '', after: undefined }))];
    const matches = massDeletion.check(step.map((c) => new FileView(c, {})), {});
    assert.ok(matches.length, 'EDT003 fired');
    assert.match(matches[0].message, /, 1 line of content lost$/);
  });

  it('the CLI excerpt says "1 more line"', () => {
    const command = Array.from({ length: 7 }, (_, i) => `echo ${i}`).join('\n');
    const out = excerpt(command, undefined, 80, (_s, t) => t, 'bold');
    assert.match(out[out.length - 1], /… 1 more line$/);
  });
});
