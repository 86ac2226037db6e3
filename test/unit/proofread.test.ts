import assert from 'node:assert/strict';
import { evaluateCommand } from '../../src/core/engine';
import { pathInText } from '../../src/core/follow/state';
import { confirmDialog } from '../../src/core/gate/answer';
import type { CommandResult } from '../../src/core/types';
import { TEST_CONTEXT } from '../helpers/context';

// What a person reads in the rules' messages, fixed in the shared text builders.
describe('proofread messages', () => {
  it('a bare "." names the current folder instead of reading as a full stop', () => {
    const r = evaluateCommand('aws s3 sync --delete . s3://www-assets', { ctx: TEST_CONTEXT });
    const m = r.findings.find((f) => f.ruleId === 'CLD003')?.message ?? '';
    assert.match(m, /missing from the current folder \(\.\) \(s3 sync --delete\)/, m);
  });

  it('a path that starts or ends with a space is quoted, so it does not read as a gap', () => {
    const ctx = { ...TEST_CONTEXT, workspaceRoot: '/w' };
    assert.equal(pathInText('/w/rm -rf ', ctx), '"rm -rf "');
    assert.equal(pathInText('/w/scripts/reset.sh', ctx), 'scripts/reset.sh');
  });

  it('the dialog does not call what could not be checked "what it would destroy"', () => {
    const result: CommandResult = {
      command: 'bash install.sh',
      score: 45,
      severity: 'medium',
      decision: 'gate',
      findings: [{ ruleId: 'UNK001', category: 'unanalyzable', severity: 'medium', score: 45, decision: 'gate', message: 'bash: install.sh does not exist (yet), so what it would run cannot be read', alternative: 'Read what it runs first.', span: { start: 0, end: 4 } }],
    };
    const d = confirmDialog(result, { timeoutSeconds: 60 });
    assert.match(d.detail, /\nWhat could not be checked: bash: install\.sh does not exist/);
    assert.doesNotMatch(d.detail, /What it would destroy/);
    const rm = confirmDialog(evaluateCommand('rm -rf src', { ctx: TEST_CONTEXT }), { timeoutSeconds: 60 });
    assert.match(rm.detail, /\nWhat it would destroy: /);
  });
});
