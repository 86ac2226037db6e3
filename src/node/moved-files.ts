/**
 * Files set aside instead of deleted. A reverted new file larger than the space for copies is
 * moved into a folder of ours rather than into the trash, so that Restore can put it back byte for
 * byte: a rename on the same file system (no bytes are copied), else a copy that is read back and
 * compared before the original goes, when it is small enough to copy. Otherwise the file stays
 * where it is, and the caller says so.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export type SetAside =
  | { kind: 'moved'; stored: string }
  | { kind: 'copied'; stored: string }
  | { kind: 'kept'; reason: string };

async function digest(file: string): Promise<string> {
  const h = createHash('sha256');
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return h.digest('hex');
}

/** Copies `from` to `to`, checks the copy byte for byte, then removes `from`; undoes the copy when it differs. */
async function copyVerifyRemove(from: string, to: string): Promise<void> {
  await fs.copyFile(from, to, fs.constants?.COPYFILE_EXCL ?? 0);
  try {
    if ((await digest(from)) !== (await digest(to))) throw new Error('the copy differs from the file');
  } catch (e) {
    await fs.rm(to, { force: true });
    throw e;
  }
  await fs.rm(from);
}

/**
 * Moves `file` into `storeDir` under a new name made from `id`. `maxCopyBytes` bounds a copy across
 * file systems (a rename has no bound). Never throws: what could not be done is `kept` with a reason,
 * and the file is then still where it was.
 */
export async function setAside(file: string, storeDir: string, id: string, maxCopyBytes: number): Promise<SetAside> {
  let size: number;
  try {
    size = (await fs.lstat(file)).size;
    await fs.mkdir(storeDir, { recursive: true });
  } catch (e) {
    return { kind: 'kept', reason: (e as Error).message };
  }
  const stored = path.join(storeDir, `${id.replace(/[^A-Za-z0-9._-]/g, '_')}-${path.basename(file)}`);
  try {
    await fs.rename(file, stored);
    return { kind: 'moved', stored };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') return { kind: 'kept', reason: (e as Error).message };
  }
  if (size > maxCopyBytes) return { kind: 'kept', reason: `it is on another file system and too large to copy (${size} bytes)` };
  try {
    await copyVerifyRemove(file, stored);
    return { kind: 'copied', stored };
  } catch (e) {
    return { kind: 'kept', reason: (e as Error).message };
  }
}

/**
 * Puts a set-aside file back at `dest` (its folders made again), never over a file that is there:
 * a rename, else a checked copy. Throws when it cannot; the stored file then stays.
 */
export async function putBack(stored: string, dest: string): Promise<void> {
  await fs.mkdir(path.dirname(dest), { recursive: true });
  const there = await fs.lstat(dest).then(() => true, () => false);
  if (there) throw new Error(`${dest} exists again`);
  try {
    await fs.rename(stored, dest);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await copyVerifyRemove(stored, dest);
  }
}

/** Whether a set-aside file is still there (the store may have been cleared). */
export async function isSetAside(stored: string): Promise<boolean> {
  return fs.lstat(stored).then((s) => s.isFile(), () => false);
}
