/**
 * The reader the command engine follows a line's files through (package.json, Makefiles,
 * scripts; see src/core/follow/). Synchronous and bounded, and it never blocks: only regular
 * files are opened (a named pipe, a device, a socket, a folder or anything under /proc, /sys or
 * /dev is refused by its kind before it is opened, and opened without waiting in any case), at
 * most `limit` bytes are read, and a file a followed file names must lie, links resolved, inside
 * the workspace folders or repositories; only the script the line itself names may be elsewhere.
 * Shared by the CLI (check, the hooks, the warm hook server) and the extension, which adds the
 * unsaved text of open editors.
 */
import { closeSync, constants, fstatSync, opendirSync, openSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { readBounded } from './bounded-read';
import type { CommandContext, FollowRead, FollowReader } from '../core/types';

/** Kernel and device file systems: reading them can block, hang or have side effects. */
const SPECIAL = /^\/(proc|sys|dev)(\/|$)/;

export interface FollowReaderOptions {
  /** Folders whose files may be followed (links resolved): the workspace folders and repositories. */
  roots: readonly string[];
  /** The editor's unsaved text of a file, when an open document differs from the disk. */
  unsaved?: (abs: string) => string | undefined;
}

function realRoot(r: string): string {
  try {
    return realpathSync.native(r);
  } catch {
    return path.resolve(r);
  }
}

function inside(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function kindOf(st: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'a special file';
}

/** A compiled program's first bytes: ELF, Mach-O (thin and fat), PE. */
function nativeExecutable(b: Buffer): boolean {
  if (b.length < 4) return false;
  const m = b.readUInt32BE(0);
  return m === 0x7f454c46 || m === 0xfeedface || m === 0xfeedfacf || m === 0xcefaedfe || m === 0xcffaedfe || m === 0xcafebabe || (b[0] === 0x4d && b[1] === 0x5a);
}

function binary(b: Buffer, n: number): boolean {
  const end = Math.min(n, 8000);
  for (let i = 0; i < end; i++) if (b[i] === 0) return true;
  return false;
}

/**
 * node:crypto, loaded when a digest is first taken: a hook call that reads no file never needs
 * it, and loading it costs such a process about 5 ms of CPU.
 */
function crypto(): typeof import('node:crypto') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:crypto') as typeof import('node:crypto');
}

export function sha256(text: string | Buffer): string {
  return crypto().createHash('sha256').update(text).digest('hex');
}

/**
 * This process's CPU time in milliseconds. Asking the kernel costs a system call, and the source
 * reader asks often: within 2 ms of wall time since the last answer, the wall time since is
 * counted as work (never less than the CPU time it could have been).
 */
export function cpuClock(wall: () => number = () => performance.now(), cpu: () => number = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}): () => number {
  let atWall = -Infinity;
  let atCpu = 0;
  return () => {
    const w = wall();
    if (w - atWall < 2) return atCpu + (w - atWall);
    atWall = w;
    atCpu = cpu();
    return atCpu;
  };
}

export function nodeFollowReader(opts: FollowReaderOptions): FollowReader {
  let roots: string[] | undefined;
  const rootsNow = (): string[] => (roots ??= [...new Set(opts.roots.filter((r) => path.isAbsolute(r)).map(realRoot))]);
  return {
    read(file: string, { named, limit }): FollowRead {
      if (SPECIAL.test(file)) return { kind: 'not-regular', what: 'a system file' };
      let real: string;
      try {
        real = realpathSync.native(file);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
        return { kind: 'unreadable', reason: code ?? String(e) };
      }
      if (SPECIAL.test(real)) return { kind: 'not-regular', what: 'a system file' };
      if (!named && rootsNow().length && !rootsNow().some((r) => inside(real, r))) return { kind: 'outside' };
      let fd: number | undefined;
      try {
        const st = statSync(real);
        if (!st.isFile()) return { kind: 'not-regular', what: kindOf(st) };
        if (st.size > limit) return { kind: 'too-large', limit };
        // O_NONBLOCK: should the file have become a pipe since, opening it does not wait for a writer.
        fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
        const again = fstatSync(fd);
        if (!again.isFile()) return { kind: 'not-regular', what: kindOf(again) };
        const bytes = readBounded(fd, again.size, limit);
        if (bytes === 'too-large') return { kind: 'too-large', limit };
        if (nativeExecutable(bytes) || binary(bytes, bytes.length)) return { kind: 'binary', executable: nativeExecutable(bytes) };
        const text = bytes.toString('utf8');
        const unsaved = opts.unsaved?.(file) ?? (real !== file ? opts.unsaved?.(real) : undefined);
        const out: FollowRead = { kind: 'text', text, digest: sha256(bytes) };
        if (unsaved !== undefined && unsaved !== text) out.unsaved = { text: unsaved, digest: sha256(unsaved) };
        return out;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return { kind: 'missing' };
        if (code === 'EISDIR') return { kind: 'not-regular', what: 'a folder' };
        return { kind: 'unreadable', reason: code ?? (e instanceof Error ? e.message : String(e)) };
      } finally {
        if (fd !== undefined) {
          try {
            closeSync(fd);
          } catch {
            // Only read: a failed close loses nothing.
          }
        }
      }
    },
    list(dir: string, { limit }): string[] | undefined {
      if (SPECIAL.test(dir)) return undefined;
      let d;
      try {
        d = opendirSync(dir);
        const out: string[] = [];
        // One entry at a time: a huge folder costs no more than `limit` entries.
        for (let e = d.readSync(); e && out.length < limit; e = d.readSync()) out.push(e.isDirectory() ? `${e.name}/` : e.name);
        return out.sort();
      } catch {
        return undefined;
      } finally {
        try {
          d?.closeSync();
        } catch {
          // Nothing to lose.
        }
      }
    },
    digest: (text: string) => sha256(text),
    // The engine joins `C:\proj` working folders as Windows does only when told it is on Windows.
    flavour: process.platform === 'win32' ? 'win32' : 'posix',
    // The budget counts this process's work (user and system CPU time), not the machine's load.
    clock: cpuClock(),
  };
}

/** The reader for a command's context: its workspace folders and repositories are where files may be followed. */
export function followReaderFor(ctx: CommandContext, unsaved?: FollowReaderOptions['unsaved']): FollowReader {
  const roots = [ctx.workspaceRoot, ...(ctx.workspaceFolders ?? []), ...(ctx.repositoryRoots ?? [])].filter((r): r is string => !!r);
  return nodeFollowReader({ roots, ...(unsaved ? { unsaved } : {}) });
}

/** What the engine needs to follow what a line runs (engine.ts useFollowing), in the bundle that reads files. */
export { FOLLOWING } from '../core/follow/index';
