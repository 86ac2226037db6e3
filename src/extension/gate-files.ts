/**
 * Puts the confirm gate's scripts on disk: finds bash and the installed programs the rules care
 * about, writes the shims next to the `blast-radius` launcher and the helper scripts beside them,
 * and removes shims of programs the rules no longer name. Node only (no `vscode`), so the shell
 * tests and the bench install the gate the same way the extension does.
 */
import { constants } from 'node:fs';
import { access, chmod, mkdir, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { TriggerEntry } from '../core/rules/index';
import { gateFiles, type GatePaths, isShimmable, SHIM_MARKER, shimPrograms } from '../core/gate/scripts';
import { writeFileAtomic } from '../node/atomic-write';

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const s = await stat(file);
    if (!s.isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The folders of a PATH value, without empty entries, relative entries and `skip`. */
export function pathFolders(pathValue: string | undefined, skip: readonly string[] = []): string[] {
  const skipped = new Set(skip.map((d) => path.resolve(d)));
  const out: string[] = [];
  for (const d of (pathValue ?? '').split(path.delimiter)) {
    if (!d || !path.isAbsolute(d)) continue;
    const r = path.resolve(d);
    if (skipped.has(r) || out.includes(r)) continue;
    out.push(r);
  }
  return out;
}

/** Which of `names` are executables in `folders` (one directory listing per folder). */
export async function installedPrograms(names: Iterable<string>, folders: readonly string[]): Promise<Set<string>> {
  const wanted = new Set(names);
  const found = new Set<string>();
  for (const dir of folders) {
    let entries: string[];
    try {
      entries = await readdir(dir);
    } catch {
      continue;
    }
    const hits = entries.filter((e) => wanted.has(e) && !found.has(e));
    const ok = await Promise.all(hits.map((e) => isExecutableFile(path.join(dir, e))));
    hits.forEach((e, i) => ok[i] && found.add(e));
  }
  return found;
}

/** An absolute bash: the usual places first, then PATH. */
export async function findBash(folders: readonly string[]): Promise<string | undefined> {
  for (const candidate of ['/bin/bash', '/usr/bin/bash', ...folders.map((d) => path.join(d, 'bash')), '/usr/local/bin/bash', '/opt/homebrew/bin/bash']) {
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

async function writeIfChanged(file: string, text: string, mode: number): Promise<boolean> {
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing === text) {
    await chmod(file, mode).catch(() => undefined);
    return false;
  }
  // A rename replaces the file at once: a shell running the old shim keeps reading its copy.
  await writeFileAtomic(file, text, { mode });
  return true;
}

/** Whether `file` is one of our shims (its second line names the marker). */
async function isOurShim(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
    const buf = Buffer.alloc(256);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8').split('\n', 2)[1]?.includes(SHIM_MARKER) ?? false;
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

export interface InstallOptions {
  index: ReadonlyMap<string, TriggerEntry>;
  paths: GatePaths;
  /** Where to look for installed programs (the PATH terminals will have, without our folder). */
  searchFolders: readonly string[];
  /** Write shims for these names even when they are not installed (tests). */
  extraPrograms?: readonly string[];
}

export interface InstallResult {
  programs: string[];
  written: number;
  removed: string[];
}

/**
 * Writes every gate file. Shims of programs that are still shimmable are never removed, so two
 * windows with different PATHs sharing one folder do not undo each other; shims of names the rules
 * no longer care about are.
 */
export async function installGate(opts: InstallOptions): Promise<InstallResult> {
  const { index, paths } = opts;
  await mkdir(paths.binDir, { recursive: true });
  await mkdir(paths.gateDir, { recursive: true, mode: 0o700 });
  const candidates = [...index.keys()].filter(isShimmable);
  const installed = await installedPrograms(candidates, opts.searchFolders);
  for (const p of opts.extraPrograms ?? []) if (index.has(p) && isShimmable(p)) installed.add(p);
  const programs = shimPrograms(index, (p) => installed.has(p));
  let written = 0;
  for (const f of gateFiles(index, programs, paths)) {
    const dir = f.folder === 'bin' ? paths.binDir : paths.gateDir;
    if (await writeIfChanged(path.join(dir, f.name), f.text, f.executable ? 0o755 : 0o644)) written++;
  }
  const removed: string[] = [];
  for (const name of await readdir(paths.binDir).catch(() => [] as string[])) {
    if (index.has(name) && isShimmable(name)) continue;
    const file = path.join(paths.binDir, name);
    if (!(await isOurShim(file))) continue;
    await unlink(file).catch(() => undefined);
    removed.push(name);
  }
  return { programs, written, removed };
}
