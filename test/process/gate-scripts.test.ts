/** The confirm gate's shell scripts run by a real bash (their text is test/unit/gate-scripts.test.ts's). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { shimPrograms, triggersScript } from '../../src/core/gate/scripts';
import { triggerIndex } from '../../src/core/rules/index';

describe('confirm gate scripts', () => {
  it('the hooks\' whole-line pre-filter hands a line carrying a patch to the engine', () => {
    const benign = (line: string): boolean => {
      const r = spawnSync('bash', ['-c', `${triggersScript(triggerIndex())}\n__br_gate_benign "$1"`, 'bash', line], { encoding: 'utf8' });
      assert.ok(r.status === 0 || r.status === 1, r.stderr);
      return r.status === 0;
    };
    assert.equal(benign('git status'), true);
    assert.equal(benign('npm test'), true);
    for (const line of ['patch -p1 <<EOF\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\nEOF', 'git apply <<EOF\n--- a/x\n+++ b/x\nEOF', 'apply_patch <<EOF\nx\nEOF', 'applypatch < x']) {
      assert.equal(benign(line), false, line);
    }
    assert.deepEqual(shimPrograms(triggerIndex(), () => true).filter((p) => ['patch', 'apply_patch', 'applypatch'].includes(p)), [], 'no shims for them');
  });
});
