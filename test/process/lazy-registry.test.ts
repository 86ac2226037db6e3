/**
 * Judging a line loads the rule packs its commands trigger and no other (core/rules/registry.ts),
 * in a process of its own (the unit tests' process has loaded every pack). dist/'s bundles are
 * held to the same in hook-entry.test.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

describe('the lazily loaded rule registry, in a fresh process', () => {
  it('judging a line loads the packs its commands trigger and no other', () => {
    // A process of its own: this one has loaded every pack already.
    const script = [
      "const { evaluateCommand } = require('./src/core/engine');",
      "const { loadedPacks } = require('./src/core/rules/registry');",
      'const out = {};',
      "out.terraform = evaluateCommand('terraform destroy -auto-approve').findings.map((f) => f.ruleId);",
      'out.afterTerraform = loadedPacks();',
      "out.git = evaluateCommand('git push --force origin main').findings.map((f) => f.ruleId);",
      'out.afterGit = loadedPacks();',
      'console.log(JSON.stringify(out));',
    ].join('\n');
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, string[]>;
    assert.deepEqual(out.terraform, ['IAC001']);
    // The Terraform rules, and the production rule (it judges every command that acts on an environment).
    assert.deepEqual(out.afterTerraform, ['iac', 'environment']);
    assert.ok(out.git.includes('GIT004'), out.git.join(' '));
    assert.deepEqual(out.afterGit.sort(), ['environment', 'git', 'iac', 'self-protection', 'system'].sort());
  });
});
