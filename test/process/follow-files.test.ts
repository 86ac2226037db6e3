/**
 * The reader the CLI, the hooks and the editor hand the engine to follow a line's files
 * (src/node/follow-files.ts): regular files only, never blocking, bounded, and nothing outside the
 * workspace unless the line itself names it (links resolved).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeFollowReader, sha256 } from '../../src/node/follow-files';

describe('the follow reader', () => {
  let tmp = '';
  let ws = '';
  let outside = '';
  beforeEach(() => {
    tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'br-follow-files-')));
    ws = path.join(tmp, 'ws');
    outside = path.join(tmp, 'elsewhere');
    mkdirSync(path.join(ws, 'scripts'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(ws, 'scripts', 'a.sh'), 'rm -rf dist\n');
    writeFileSync(path.join(outside, 'evil.sh'), 'rm -rf ~\n');
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const reader = (unsaved?: (p: string) => string | undefined): ReturnType<typeof nodeFollowReader> => nodeFollowReader({ roots: [ws], ...(unsaved ? { unsaved } : {}) });
  const limit = 1024 * 1024;

  it('reads a regular file with a digest of its bytes', () => {
    const got = reader().read(path.join(ws, 'scripts', 'a.sh'), { named: false, limit });
    assert.deepEqual(got, { kind: 'text', text: 'rm -rf dist\n', digest: sha256('rm -rf dist\n') });
    assert.deepEqual(reader().read(path.join(ws, 'nope.sh'), { named: true, limit }), { kind: 'missing' });
  });

  it('never opens a named pipe for reading (it would wait for a writer)', function () {
    this.timeout(20_000);
    const fifo = path.join(ws, 'pipe.sh');
    execFileSync('mkfifo', [fifo]);
    // Run in a child process with a time limit: a reader that blocked would hang it, not this suite.
    const code = `const { nodeFollowReader } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'src', 'node', 'follow-files.ts'))});
      const r = nodeFollowReader({ roots: [${JSON.stringify(ws)}] }).read(${JSON.stringify(fifo)}, { named: true, limit: 1024 });
      process.stdout.write(JSON.stringify(r));`;
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', code], { encoding: 'utf8', timeout: 15_000, cwd: path.join(__dirname, '..', '..') });
    assert.equal(r.signal, null, 'the read did not return: it blocked on the pipe');
    assert.deepEqual(JSON.parse(r.stdout), { kind: 'not-regular', what: 'a named pipe' });
  });

  it('refuses folders, devices and the kernel\'s files', () => {
    assert.deepEqual(reader().read(path.join(ws, 'scripts'), { named: true, limit }), { kind: 'not-regular', what: 'a folder' });
    assert.equal(reader().read('/dev/zero', { named: true, limit }).kind, 'not-regular');
    assert.equal(reader().read('/proc/self/status', { named: true, limit }).kind, 'not-regular');
    const link = path.join(ws, 'status.sh');
    symlinkSync('/proc/self/status', link);
    assert.equal(reader().read(link, { named: true, limit }).kind, 'not-regular', 'a link into /proc');
  });

  it('follows nothing outside the workspace unless the line names it, links resolved', () => {
    const evil = path.join(outside, 'evil.sh');
    assert.deepEqual(reader().read(evil, { named: false, limit }), { kind: 'outside' });
    assert.equal(reader().read(evil, { named: true, limit }).kind, 'text');
    const link = path.join(ws, 'scripts', 'innocent.sh');
    symlinkSync(evil, link);
    assert.deepEqual(reader().read(link, { named: false, limit }), { kind: 'outside' }, 'a link inside pointing out');
    assert.equal(reader().read(link, { named: true, limit }).kind, 'text');
  });

  it('reads at most the limit, and tells compiled programs from other binary files', () => {
    const big = path.join(ws, 'big.sh');
    writeFileSync(big, 'x'.repeat(2048));
    assert.deepEqual(reader().read(big, { named: true, limit: 1024 }), { kind: 'too-large', limit: 1024 });
    const elf = path.join(ws, 'app');
    writeFileSync(elf, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(64)]));
    assert.deepEqual(reader().read(elf, { named: true, limit }), { kind: 'binary', executable: true });
    const blob = path.join(ws, 'data.bin');
    writeFileSync(blob, Buffer.from([1, 2, 0, 3, 4]));
    assert.deepEqual(reader().read(blob, { named: true, limit }), { kind: 'binary', executable: false });
  });

  it('adds the editor\'s unsaved text when it differs from the disk', () => {
    const file = path.join(ws, 'scripts', 'a.sh');
    const got = reader((p) => (p === file ? 'rm -rf src\n' : undefined)).read(file, { named: true, limit });
    assert.deepEqual(got, { kind: 'text', text: 'rm -rf dist\n', digest: sha256('rm -rf dist\n'), unsaved: { text: 'rm -rf src\n', digest: sha256('rm -rf src\n') } });
    assert.equal((reader(() => 'rm -rf dist\n').read(file, { named: true, limit }) as { unsaved?: unknown }).unsaved, undefined, 'the same text is one version');
  });

  it('lists at most the limit of a folder, folders marked', () => {
    for (let i = 0; i < 10; i++) mkdirSync(path.join(ws, 'packages', `p${i}`), { recursive: true });
    writeFileSync(path.join(ws, 'packages', 'README.md'), '');
    const all = reader().list!(path.join(ws, 'packages'), { limit: 100 });
    assert.equal(all?.length, 11);
    assert.ok(all?.includes('p0/') && all.includes('README.md'));
    assert.equal(reader().list!(path.join(ws, 'packages'), { limit: 3 })?.length, 3);
    assert.equal(reader().list!('/proc', { limit: 3 }), undefined);
  });
});
