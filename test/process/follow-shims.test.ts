/**
 * The terminal gate's shims do not grow with runner names: following what a line runs is the
 * engine's business, and npm's shim runs its everyday words without asking anyone.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FOLLOWED_PROGRAMS } from '../../src/core/follow/programs';
import { shimPrograms, shimScript } from '../../src/core/gate/scripts';
import { triggerIndex } from '../../src/core/rules/index';

describe('the terminal gate does not grow with runner names', () => {
  it('npm, node, python and make keep the shims and trigger words they had', () => {
    const index = triggerIndex();
    // npm is shimmed for its publishing words only: `npm test` runs without asking anyone.
    assert.equal(index.get('npm')?.any, false);
    for (const p of ['make', 'gmake', 'just', 'task']) assert.equal(index.get(p), undefined, `${p} gets no shim`);
    const shims = shimPrograms(index, () => true);
    assert.ok(!shims.includes('make') && !shims.includes('just') && !shims.includes('task'));
    // Following is the engine's business: no program it follows gets a trigger entry for it.
    for (const p of FOLLOWED_PROGRAMS) {
      const e = index.get(p);
      if (!e) continue;
      for (const w of ['run', 'run-script', 'test', 'start', 'build', 'exec']) assert.ok(!e.subcommands.has(w), `${p} ${w} would ask`);
    }
  });

  it("the npm shim runs npm test, npm run build and npm start without asking anyone (no Node, no bash)", function () {
    if (process.platform === 'win32') this.skip();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'br-shim-'));
    try {
      const bin = path.join(dir, 'bin');
      const real = path.join(dir, 'real');
      mkdirSync(bin);
      mkdirSync(real);
      const marker = path.join(dir, 'asked');
      // An ask.bash that only records it was run, and a real npm that says what it got.
      writeFileSync(path.join(dir, 'ask.bash'), `touch ${marker}\nexit 0\n`);
      writeFileSync(path.join(real, 'npm'), '#!/bin/sh\necho "real npm $*"\n', { mode: 0o755 });
      writeFileSync(path.join(bin, 'npm'), shimScript('npm', triggerIndex().get('npm')!, { binDir: bin, gateDir: dir, bash: '/bin/bash' }), { mode: 0o755 });
      for (const args of [['test'], ['run', 'build'], ['start'], ['run-script', 'lint'], ['install']]) {
        const r = spawnSync(path.join(bin, 'npm'), args, { encoding: 'utf8', env: { PATH: `${bin}:${real}:/usr/bin:/bin` } });
        assert.equal(r.stdout.trim(), `real npm ${args.join(' ')}`);
        assert.equal(existsSync(marker), false, `npm ${args.join(' ')} asked`);
      }
      // A word the rules know still asks.
      spawnSync(path.join(bin, 'npm'), ['publish'], { encoding: 'utf8', env: { PATH: `${bin}:${real}:/usr/bin:/bin` } });
      assert.equal(existsSync(marker), true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
