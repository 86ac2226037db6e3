/**
 * Judging a line loads the rule packs its commands trigger and no other (core/rules/registry.ts),
 * and following's parsers only when it reads a file of their kind (core/parsers/on-demand.ts), in
 * a process of its own (the unit tests' process has loaded everything). dist/'s bundles are held
 * to the same in hook-entry.test.ts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs `script` in a Node process of its own from the checkout and returns the JSON it prints. */
function inFreshProcess(script: string): Record<string, string[]> {
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, string[]>;
}

describe('what judging a line loads, in a fresh process', () => {
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
    const out = inFreshProcess(script);
    assert.deepEqual(out.terraform, ['IAC001']);
    // The Terraform rules, and the production rule (it judges every command that acts on an environment).
    assert.deepEqual(out.afterTerraform, ['iac', 'environment']);
    assert.ok(out.git.includes('GIT004'), out.git.join(' '));
    assert.deepEqual(out.afterGit.sort(), ['environment', 'git', 'iac', 'self-protection', 'system'].sort());
  });

  it("following's parsers (yaml, jsonc-parser, the source reader) load when it reads such a file, not for terraform destroy", function () {
    this.timeout(60_000);
    const ws = mkdtempSync(path.join(os.tmpdir(), 'br-lazy-parsers-'));
    try {
      writeFileSync(path.join(ws, 'package.json'), JSON.stringify({ name: 'x', scripts: { clean: 'rm -rf ~/' } }));
      // As the hook judges a line: the engine with following and a reader of the folder's files.
      const script = [
        "const { judgeCommand, useFollowing } = require('./src/core/engine');",
        "const follow = require('./src/node/follow-files');",
        'useFollowing(follow.FOLLOWING);',
        `const ctx = { cwd: ${JSON.stringify(ws)}, workspaceRoot: ${JSON.stringify(ws)} };`,
        'ctx.files = follow.followReaderFor(ctx);',
        "const parsers = () => Object.keys(require.cache).filter((f) => /node_modules[\\\\/](yaml|jsonc-parser)[\\\\/]|src[\\\\/]core[\\\\/]source[\\\\/]scan\\.ts$/.test(f)).map((f) => f.includes('jsonc-parser') ? 'jsonc-parser' : f.includes('yaml') ? 'yaml' : 'source/scan.ts');",
        'const out = {};',
        "out.terraform = judgeCommand('terraform destroy -auto-approve', { ctx }).result.findings.map((f) => f.ruleId);",
        'out.afterTerraform = [...new Set(parsers())];',
        "out.npm = judgeCommand('npm run clean', { ctx }).result.findings.map((f) => f.ruleId);",
        'out.afterNpm = [...new Set(parsers())].sort();',
        'console.log(JSON.stringify(out));',
      ].join('\n');
      const out = inFreshProcess(script);
      assert.deepEqual(out.terraform, ['IAC001']);
      assert.deepEqual(out.afterTerraform, []);
      // package.json is read with jsonc-parser; the script's line runs rm -rf ~/.
      assert.ok(out.npm.includes('FS001'), out.npm.join(' '));
      assert.ok(out.afterNpm.includes('jsonc-parser'), out.afterNpm.join(' '));
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('web-tree-sitter loads with the first grammar, not for a line of plain words (terraform destroy)', function () {
    this.timeout(60_000);
    const script = [
      "const { judgeCommand } = require('./src/core/engine');",
      "const treeSitter = () => Object.keys(require.cache).some((f) => /node_modules[\\\\/]web-tree-sitter[\\\\/]/.test(f));",
      'const out = {};',
      "out.terraform = judgeCommand('terraform destroy -auto-approve', { ctx: { cwd: '/tmp' } }).result.findings.map((f) => f.ruleId);",
      'out.afterTerraform = treeSitter();',
      "require('./src/node/grammar-files').loadShellGrammar().then(() => {",
      '  out.afterGrammar = treeSitter();',
      '  console.log(JSON.stringify(out));',
      '});',
    ].join('\n');
    const out = inFreshProcess(script) as unknown as { terraform: string[]; afterTerraform: boolean; afterGrammar: boolean };
    assert.deepEqual(out.terraform, ['IAC001']);
    assert.equal(out.afterTerraform, false);
    assert.equal(out.afterGrammar, true);
  });
});
