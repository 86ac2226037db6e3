import assert from 'node:assert/strict';
import { evaluateBatch } from '../../../src/core/edit/engine';
import type { BatchRule } from '../../../src/core/edit/rule';
import { massDeletion } from '../../../src/core/edit/rules/generic/mass-deletion';
import { FileView } from '../../../src/core/edit/view';
import { DEFAULT_POLICY } from '../../../src/core/policy';

const deleted = (path: string) => ({ path, before: 'export const x = 1;\n'.repeat(30), after: undefined });

describe('batch rules', () => {
  it('EDT003 judges the step itself: its check names the folder that lost its files', () => {
    const step = [...Array.from({ length: 12 }, (_, i) => deleted(`src/payments/f${i}.ts`)), { path: 'README.md', before: 'a\n', after: 'b\n' }];
    const matches = massDeletion.check(step.map((c) => new FileView(c, {})), {});
    assert.deepEqual(matches.map((m) => [m.folder, m.severity, m.paths.length, m.context]), [['src/payments', 'medium', 12, { targetClass: 'workspace-source' }]]);
    assert.match(matches[0].message, /^12 files deleted or emptied in src\/payments\/, 360 lines of content lost$/);
    // With folder sizes, a share of the folder counts: 6 of 8 files is most of it.
    const sized = massDeletion.check(step.slice(0, 6).map((c) => new FileView(c, {})), { folderSizes: { 'src/payments': 8, src: 40, '': 60 } });
    assert.deepEqual(sized.map((m) => [m.folder, m.message]), [['src/payments', '6 files deleted or emptied in src/payments/ (75% of its files), 180 lines of content lost']]);
  });

  it('evaluateBatch runs every batch rule it is given and scores what it reports through the policy', () => {
    const rule: BatchRule = {
      ...massDeletion,
      id: 'ZZ901',
      batch: true,
      check: (step) => [{ severity: 'high', message: `${step.length} files`, paths: step.map((v) => v.path), folder: 'src' }],
    };
    const step = [deleted('src/a.ts'), deleted('src/b.ts')];
    const res = evaluateBatch(step, { rules: [rule] });
    assert.deepEqual(res.findings.map((f) => [f.ruleId, f.category, f.severity, f.decision, f.message, f.alternative, f.paths, f.folder]), [['ZZ901', 'filesystem', 'high', 'gate', '2 files', massDeletion.alternative, ['src/a.ts', 'src/b.ts'], 'src']]);
    assert.equal(evaluateBatch(step, { rules: [rule], policy: { ...DEFAULT_POLICY, rules: { ZZ901: 'off' } } }).findings.length, 0);
    assert.equal(evaluateBatch(step, { rules: [rule], policy: { ...DEFAULT_POLICY, allow: [{ path: 'src/**', rule: 'ZZ901' }] } }).findings.length, 0);
  });

  it('a batch rule that throws is a finding about the step, never a silent pass', () => {
    const rule: BatchRule = { ...massDeletion, id: 'ZZ902', batch: true, check: () => { throw new Error('boom'); } };
    const res = evaluateBatch([deleted('src/a.ts')], { rules: [rule] });
    assert.deepEqual(res.findings.map((f) => [f.ruleId, f.category, f.severity, f.paths]), [['ZZ902', 'unanalyzable', 'medium', ['src/a.ts']]]);
    assert.match(res.findings[0].message, /rule ZZ902 \(mass-deletion\) failed on this step: Error: boom/);
    assert.equal(res.decision, 'warn');
  });
});
