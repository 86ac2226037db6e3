/**
 * Node 20's V8 holds the whole process (an extension host: every extension) for 12 to 18 s while
 * it optimises the PowerShell grammar's lexer. The loader keeps WebAssembly on the baseline
 * compiler where that V8 runs, says so, and leaves newer V8s and the user's own flags alone.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { keepWasmOnBaseline } from '../../src/node/grammar-files';

const ROOT = path.resolve(__dirname, '..', '..');

describe('PowerShell grammar and V8 tier-up', () => {
  it('sets --liftoff-only on V8 11 and says why; not on V8 12 and later; never over the user\'s WebAssembly flags', () => {
    const set: string[] = [];
    const g11 = keepWasmOnBaseline('11.3.244.8-node.33', [], (f) => set.push(f));
    assert.equal(g11.kind, 'set');
    assert.deepEqual(set, ['--liftoff-only']);
    assert.match(g11.kind === 'set' ? g11.message : '', /12 to 18 s.*--liftoff-only/);

    assert.deepEqual(keepWasmOnBaseline('12.4.254.21-node.33', [], (f) => set.push(f)), { kind: 'not-needed' });
    assert.deepEqual(keepWasmOnBaseline('13.6.233.10-electron.0', ['--max-old-space-size=4096'], (f) => set.push(f)), { kind: 'not-needed' });
    const user = keepWasmOnBaseline('11.3.244.8-node.33', ['--wasm-tier-up', ''], (f) => set.push(f));
    assert.equal(user.kind, 'user-flags');
    assert.match(user.kind === 'user-flags' ? user.message : '', /--wasm-tier-up/);
    assert.deepEqual(set, ['--liftoff-only'], 'nothing set for a newer V8 or over the user\'s flags');
  });

  it('in a long-lived process on this Node, a thousand PowerShell lines leave the grammar on the baseline compiler', function () {
    this.timeout(120_000);
    // V8 reports every WebAssembly function it compiles, and with which compiler; the process
    // waits at exit for a tier-up already started, so its report is complete.
    const script = `
      const { loadPowerShellGrammar } = require(${JSON.stringify(path.join(ROOT, 'src/node/grammar-files.ts'))});
      const { powerShellParser } = require(${JSON.stringify(path.join(ROOT, 'src/core/shell/grammar.ts'))});
      const notes = [];
      loadPowerShellGrammar((m) => notes.push(m)).then(() => {
        const p = powerShellParser();
        const lines = ['Get-ChildItem -Recurse C:\\\\x | Remove-Item -Force', 'if ($a -gt 1GB) { Write-Host "big $a" }', 'foreach ($f in Get-ChildItem) { Remove-Item $f.FullName }'];
        for (let i = 0; i < 1000; i++) p.parse(lines[i % lines.length] + ' # ' + i).delete();
        console.log('NOTES ' + JSON.stringify(notes));
      });
    `;
    const r = spawnSync(process.execPath, ['--trace-wasm-compilation-times', '-r', 'tsx/cjs', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout.split('\n');
    const notes = JSON.parse(out.find((l) => l.startsWith('NOTES '))?.slice(6) ?? 'null') as string[];
    assert.ok(out.some((l) => /^Compiled function .* using Liftoff/.test(l)), 'the trace is on');
    const optimised = out.filter((l) => /using TurboFan/.test(l));
    if (Number.parseInt(process.versions.v8, 10) < 12) {
      assert.deepEqual(optimised, []);
      assert.equal(notes.length, 1);
      assert.match(notes[0], /baseline compiler/);
    } else {
      assert.deepEqual(notes, [], 'a V8 that does not stall is left as it is');
    }
  });
});
