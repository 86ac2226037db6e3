/**
 * Replaces a file's content in one step: the new content goes to a temporary file beside it,
 * which is then renamed over the file. Whoever reads the file meanwhile (an agent running a
 * launcher, a shell sourcing its rc file, a hook loading its code cache, another window reading
 * the policy) sees the old content or the new one, never half of it; a full disk or a crash
 * mid-write leaves the old file as it was. After a crash the temporary file stays behind, named
 * `<file>.<pid>.<random>.tmp` (the edit watcher ignores `*.tmp`; the code cache prunes its own).
 *
 * The caller creates the folder when it may be missing: some folders must not be made here (the
 * code cache's is created 0700 and checked first).
 */
import { chmodSync, promises as fsp, realpathSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';

export interface AtomicWriteOptions {
  /**
   * The file's permission bits, set exactly (the umask does not take any away). Without it a new
   * file gets what `writeFile` gives (0o666 less the umask).
   */
  mode?: number;
  /** Keep the permission bits of the file being replaced; `mode` then applies to a new file only. */
  keepMode?: boolean;
  /**
   * Write to the file a symbolic link names (a dotfile kept in a dotfiles repository stays a
   * link). Without it a link in the file's place is replaced by the file.
   */
  followSymlinks?: boolean;
}

/** A name beside `target` that no other write uses: this process's id and a random part. */
function tmpNameFor(target: string): string {
  return `${target}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`;
}

const missing = (e: unknown): boolean => {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
};

/** Writes `data` to `file` whole or not at all (see the top of this file). Throws what went wrong. */
export function writeFileAtomicSync(file: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): void {
  let target = file;
  let mode = opts.mode;
  if (opts.followSymlinks) {
    try {
      target = realpathSync(file);
    } catch (e) {
      // A new file (or a link to nothing yet): written where it is named.
      if (!missing(e)) throw e;
    }
  }
  if (opts.keepMode) {
    try {
      mode = statSync(target).mode & 0o7777;
    } catch (e) {
      if (!missing(e)) throw e;
    }
  }
  const tmp = tmpNameFor(target);
  try {
    writeFileSync(tmp, data, { flag: 'wx', ...(mode !== undefined ? { mode } : {}) });
    if (mode !== undefined && process.platform !== 'win32') chmodSync(tmp, mode);
    renameSync(tmp, target);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // Never created, or already renamed.
    }
    throw e;
  }
}

/**
 * The same as writeFileAtomicSync, without blocking (the extension host). `fs.promises` is read
 * only here: loading it costs the one-shot CLI and hook processes, which write synchronously.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  let target = file;
  let mode = opts.mode;
  if (opts.followSymlinks) {
    try {
      target = await fsp.realpath(file);
    } catch (e) {
      if (!missing(e)) throw e;
    }
  }
  if (opts.keepMode) {
    try {
      mode = (await fsp.stat(target)).mode & 0o7777;
    } catch (e) {
      if (!missing(e)) throw e;
    }
  }
  const tmp = tmpNameFor(target);
  try {
    await fsp.writeFile(tmp, data, { flag: 'wx', ...(mode !== undefined ? { mode } : {}) });
    if (mode !== undefined && process.platform !== 'win32') await fsp.chmod(tmp, mode);
    await fsp.rename(tmp, target);
  } catch (e) {
    await fsp.unlink(tmp).catch(() => undefined);
    throw e;
  }
}
