/**
 * The per-user list of editor windows an agent's hook can ask (core/gate/hook-editor.ts): one
 * file per window, `<cache>/blast-radius/editors/<pid>.json`, 0600 in a 0700 folder, so another
 * user can neither read a window's request key nor plant an entry. The window writes its own entry
 * when its confirm gate listens, rewrites it when its folders change and removes it when it closes;
 * the entry of a window that crashed stays until its port no longer answers, and then leads nowhere.
 */
import { chmodSync, closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { type EditorWindow, parseEditorWindow } from '../core/gate/hook-editor';
import { writeFileAtomic } from './atomic-write';

/** More entries than this are not read (a window each). */
const MAX_WINDOWS = 64;
const MAX_ENTRY_BYTES = 256 * 1024;

export function editorRegistryDir(cacheDir: string): string {
  return path.join(cacheDir, 'editors');
}

function uid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

/** Whether `dir` is a real folder of this user that nobody else can write or read into. */
export function privateFolder(dir: string): boolean {
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory()) return false;
    const me = uid();
    if (me === undefined) return true;
    return st.uid === me && (st.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: a process of another user has that pid now; the entry's window is gone all the same.
    return (e as NodeJS.ErrnoException).code !== 'ESRCH' && (e as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

/** Removes the entries of windows whose process is gone (a crash, a killed editor); returns how many. */
export function pruneEditorWindows(dir: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^[0-9]{1,10}\.json$/.test(n));
  } catch {
    return 0;
  }
  for (const n of names) {
    const pid = Number(n.slice(0, -'.json'.length));
    if (pid === process.pid || alive(pid)) continue;
    try {
      unlinkSync(path.join(dir, n));
      removed++;
    } catch {
      // Someone else removed it.
    }
  }
  return removed;
}

/** Writes (or replaces) this window's entry, and removes those of windows that are gone. */
export async function writeEditorWindow(dir: string, w: EditorWindow): Promise<string> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // An existing folder from an older version may be wider: this one holds request keys.
  chmodSync(dir, 0o700);
  pruneEditorWindows(dir);
  const file = path.join(dir, `${w.pid}.json`);
  await writeFileAtomic(file, `${JSON.stringify(w)}\n`, { mode: 0o600 });
  return file;
}

export function removeEditorWindow(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Gone already.
  }
}

/** The windows listed in `dir`, when the folder is private to this user; entries not owned by us, or not 0600, are skipped. */
export function readEditorWindows(dir: string): EditorWindow[] {
  if (!privateFolder(dir)) return [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^[0-9]{1,10}\.json$/.test(n)).slice(0, MAX_WINDOWS);
  } catch {
    return [];
  }
  const me = uid();
  const out: EditorWindow[] = [];
  for (const n of names) {
    let fd: number | undefined;
    try {
      fd = openSync(path.join(dir, n), 'r');
      const st = fstatSync(fd);
      if (!st.isFile() || st.size > MAX_ENTRY_BYTES || (me !== undefined && (st.uid !== me || (st.mode & 0o077) !== 0))) continue;
      const buf = Buffer.alloc(st.size);
      let got = 0;
      while (got < st.size) {
        const r = readSync(fd, buf, got, st.size - got, got);
        if (r === 0) break;
        got += r;
      }
      const w = parseEditorWindow(buf.subarray(0, got).toString('utf8'));
      if (w) out.push(w);
    } catch {
      // An entry that cannot be read is no window.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  return out;
}
