/**
 * The one way we replace a file (src/node/atomic-write.ts): whole or not at all, with the
 * permissions and links the callers ask for. A full disk is played by a write that stops half-way
 * and throws; a real crash mid-write is test/process/atomic-write.test.ts.
 */
import assert from 'node:assert/strict';
import fs, { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from '../../src/node/atomic-write';
import { readRegistry, writeRegistry } from '../../src/node/hooks/registry';
import { type HostEnv, registryPath } from '../../src/node/hooks/paths';

const posix = process.platform !== 'win32';
const modeOf = (file: string): number => statSync(file).mode & 0o7777;

/** Runs `f` with writes that put half the data on disk, then fail as a full disk does. */
async function withFullDisk<T>(f: () => T | Promise<T>): Promise<T> {
  const halfway = (data: unknown): Buffer => {
    const buf = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data as Uint8Array);
    return buf.subarray(0, buf.length >> 1);
  };
  const enospc = (): NodeJS.ErrnoException => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  const sync = fs.writeFileSync;
  const async = fsp.writeFile;
  fs.writeFileSync = ((file: fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView, opts?: fs.WriteFileOptions) => {
    sync(file, halfway(data), opts);
    throw enospc();
  });
  fsp.writeFile = (async (file: Parameters<typeof fsp.writeFile>[0], data: unknown, opts?: Parameters<typeof fsp.writeFile>[2]) => {
    await async(file, halfway(data), opts);
    throw enospc();
  }) as typeof fsp.writeFile;
  try {
    return await f();
  } finally {
    fs.writeFileSync = sync;
    fsp.writeFile = async;
  }
}

describe('atomic file writes', () => {
  let dir = '';
  let umask = 0;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'br-atomic-'));
    umask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, write] of [
    // In a promise's executor, so that a throw becomes a rejection as in the async version.
    ['sync', (file: string, data: string | Uint8Array, opts?: Parameters<typeof writeFileAtomicSync>[2]) => new Promise<void>((resolve) => resolve(writeFileAtomicSync(file, data, opts)))],
    ['async', writeFileAtomic],
  ] as const) {
    describe(name, () => {
      it('creates or replaces the file whole, and leaves nothing beside it', async () => {
        const file = path.join(dir, 'a.json');
        await write(file, 'first\n');
        assert.equal(readFileSync(file, 'utf8'), 'first\n');
        await write(file, Buffer.from([0, 1, 2, 255]));
        assert.deepEqual(readFileSync(file), Buffer.from([0, 1, 2, 255]));
        assert.deepEqual(readdirSync(dir), ['a.json']);
      });

      it('a write that stops half-way (a full disk) leaves the old content and no temporary file', async () => {
        const file = path.join(dir, 'settings.json');
        writeFileSync(file, '{"old": true}\n');
        await withFullDisk(() => assert.rejects(write(file, `{"new": "${'x'.repeat(100_000)}"}\n`), /ENOSPC/));
        assert.equal(readFileSync(file, 'utf8'), '{"old": true}\n');
        assert.deepEqual(readdirSync(dir), ['settings.json']);
        // A new file that cannot be written is not created at all.
        await withFullDisk(() => assert.rejects(write(path.join(dir, 'new.json'), 'x'.repeat(1000)), /ENOSPC/));
        assert.deepEqual(readdirSync(dir), ['settings.json']);
      });

      it('a rename that fails (a folder in the way) leaves no temporary file', async () => {
        const folder = path.join(dir, 'taken');
        mkdirSync(folder);
        await assert.rejects(write(folder, 'text'));
        assert.deepEqual(readdirSync(dir), ['taken']);
      });

      (posix ? it : it.skip)('mode: exactly these bits, whatever the umask; keepMode keeps the old bits, mode is for a new file', async () => {
        process.umask(0o077);
        const script = path.join(dir, 'launcher');
        await write(script, '#!/bin/sh\n', { mode: 0o755 });
        assert.equal(modeOf(script), 0o755);
        const rc = path.join(dir, '.bashrc');
        writeFileSync(rc, 'old\n');
        chmodSync(rc, 0o640);
        await write(rc, 'new\n', { keepMode: true, mode: 0o644 });
        assert.equal(modeOf(rc), 0o640);
        const fresh = path.join(dir, '.zshrc');
        await write(fresh, 'new\n', { keepMode: true, mode: 0o644 });
        assert.equal(modeOf(fresh), 0o644);
        // Without a mode a new file gets what writeFile gives: 0o666 less the umask.
        const plain = path.join(dir, 'plain');
        await write(plain, 'x');
        assert.equal(modeOf(plain), 0o600);
      });

      (posix ? it : it.skip)('followSymlinks writes to the file a link names; without it the link is replaced', async () => {
        const real = path.join(dir, 'dotfiles', 'settings.json');
        mkdirSync(path.dirname(real));
        writeFileSync(real, 'old\n');
        const link = path.join(dir, 'settings.json');
        symlinkSync(real, link);
        await write(link, 'through the link\n', { followSymlinks: true });
        assert.ok(lstatSync(link).isSymbolicLink());
        assert.equal(readlinkSync(link), real);
        assert.equal(readFileSync(real, 'utf8'), 'through the link\n');
        await write(link, 'in its place\n');
        assert.ok(lstatSync(link).isFile());
        assert.equal(readFileSync(real, 'utf8'), 'through the link\n');
        // A link to nothing yet: written in the link's place.
        const dangling = path.join(dir, 'dangling');
        symlinkSync(path.join(dir, 'nowhere', 'x'), dangling);
        await write(dangling, 'x', { followSymlinks: true });
        assert.equal(readFileSync(dangling, 'utf8'), 'x');
      });
    });
  }

  it('the install record: a write that fails half-way keeps the old record and leaves no temporary file', async () => {
    const home = path.join(dir, 'home');
    const host: HostEnv = { env: { HOME: home, XDG_DATA_HOME: path.join(home, '.local', 'share') }, home, platform: 'linux' };
    writeRegistry(host, { version: 1, installs: [{ agent: 'codex', scope: 'user', file: '/a', launcher: '/l' }], extensions: [], copilotApprovals: [] });
    const before = readRegistry(host);
    const folder = path.dirname(registryPath(host));
    const files = readdirSync(folder);
    await withFullDisk(() => assert.throws(() => writeRegistry(host, { ...before, installs: [...before.installs, ...before.installs] }), /ENOSPC/));
    assert.deepEqual(readRegistry(host), before);
    assert.deepEqual(readdirSync(folder), files);
  });
});
