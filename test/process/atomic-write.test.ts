/**
 * A process killed while it replaces a file (src/node/atomic-write.ts) leaves the old content in
 * place: only its temporary file, beside the target and named `*.tmp`, holds the half it wrote.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

describe('atomic file writes', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'br-atomic-crash-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a process killed half-way through the write leaves the old content', function () {
    this.timeout(30_000);
    const file = path.join(dir, 'policy.json');
    writeFileSync(file, '{"strictness": "strict"}\n');
    // The child writes through the helper; its write stops half-way and the process is killed.
    const child = [
      `const fs = require('node:fs');`,
      `const { writeFileAtomicSync } = require(${JSON.stringify(path.join(ROOT, 'src', 'node', 'atomic-write.ts'))});`,
      `fs.writeFileSync = (target, data, opts) => {`,
      `  const fd = fs.openSync(target, opts.flag, opts.mode);`,
      `  fs.writeSync(fd, data, 0, data.length >> 1);`,
      `  process.kill(process.pid, 'SIGKILL');`,
      `};`,
      `writeFileAtomicSync(process.argv[1], Buffer.alloc(4 << 20, 'n'), { mode: 0o600 });`,
    ].join('\n');
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', child, file], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.signal, 'SIGKILL', r.stderr);
    assert.equal(readFileSync(file, 'utf8'), '{"strictness": "strict"}\n');
    const left = readdirSync(dir).filter((n) => n !== 'policy.json');
    assert.equal(left.length, 1, left.join(' '));
    assert.match(left[0], /^policy\.json\.\d+\.[0-9a-z]+\.tmp$/);
    assert.equal(statSync(path.join(dir, left[0])).size, 2 << 20);
  });
});
