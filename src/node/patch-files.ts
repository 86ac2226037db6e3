/**
 * The files a patch changes, read from disk for the edit engine (core/edit/patch.ts): bounded
 * (a file past the limit is reported, not read), binary files recognised, every failure a reason.
 * Shared by the CLI (hook, check) and the extension's confirm gate.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import path from 'node:path';
import type { FileRead, PatchFiles } from '../core/edit/patch';
import { looksBinary } from '../core/edit/text';
import { readBounded as readToLimit } from './bounded-read';

/** Files larger than this are not read: the patch to them is judged on its own lines. */
export const MAX_PATCH_TARGET = 8 * 1024 * 1024;
/** At most this much is read for the patches of one command line or one patch call. */
export const MAX_PATCH_READ = 64 * 1024 * 1024;

/** Reads one file whole, up to `limit` bytes; never throws. */
export function readBounded(file: string, limit = MAX_PATCH_TARGET): FileRead {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    if (st.isDirectory()) return { kind: 'unreadable', reason: 'it is a folder' };
    if (st.size > limit) return { kind: 'too-large', limit };
    const bytes = readToLimit(fd, st.size, limit);
    if (bytes === 'too-large') return { kind: 'too-large', limit };
    const text = bytes.toString('utf8');
    return looksBinary(text) ? { kind: 'binary' } : { kind: 'text', text };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    if (code === 'EISDIR') return { kind: 'unreadable', reason: 'it is a folder' };
    return { kind: 'unreadable', reason: code ?? (e instanceof Error ? e.message : String(e)) };
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // Nothing was written; a failed close loses nothing.
      }
    }
  }
}

/**
 * Patch files for a command run in `cwd`, named relative to `root` (the workspace) in findings.
 * `~` in a folder (`cd ~/infra && …`) is `home`.
 */
export function nodePatchFiles(cwd: string, root: string, home: string, budget = MAX_PATCH_READ): PatchFiles {
  let left = budget;
  const expand = (p: string): string => (p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p);
  return {
    resolve: (dirs, name) => path.resolve(cwd, ...dirs.map(expand), expand(name)),
    display: (abs) => {
      const r = path.relative(root, abs);
      return (r && !r.startsWith('..') && !path.isAbsolute(r) ? r : abs).split(path.sep).join('/');
    },
    read: (abs) => {
      const size = budget >= 1024 * 1024 ? `${Math.round(budget / (1024 * 1024))} MB` : `${budget} bytes`;
      const spent: FileRead = { kind: 'unreadable', reason: `reading it would pass the ${size} one call may read` };
      if (left <= 0) return spent;
      const got = readBounded(abs, Math.min(MAX_PATCH_TARGET, left));
      if (got.kind === 'text') left -= Buffer.byteLength(got.text);
      return got.kind === 'too-large' && left < MAX_PATCH_TARGET ? spent : got;
    },
  };
}
