/** The terminal launcher script run by a real sh (its text is test/unit/extension-text.test.ts's). */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launcherScript } from '../../src/core/launcher-script';

describe('launcher script', () => {
  if (process.platform !== 'win32') {
    it('runs the CLI with arguments intact under sh, even with quotes and spaces in paths', () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "br launcher 'q' "));
      try {
        const cli = path.join(dir, 'cli.js');
        writeFileSync(cli, 'console.log(JSON.stringify([process.env.ELECTRON_RUN_AS_NODE, ...process.argv.slice(2)]));');
        const s = launcherScript('linux', process.execPath, cli);
        const file = path.join(dir, s.fileName);
        writeFileSync(file, s.text);
        chmodSync(file, 0o755);
        const out = execFileSync(file, ['check', 'rm -rf "$HOME"', "it's"], { encoding: 'utf8' });
        assert.deepEqual(JSON.parse(out), ['1', 'check', 'rm -rf "$HOME"', "it's"]);
        rmSync(cli);
        assert.throws(() => execFileSync(file, [], { stdio: 'pipe' }), (e: { status?: number }) => e.status === 127);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
