/**
 * The lstat of each entry the impact count walks. Node before 22 builds every Stats object with
 * four Date objects, which costs as much CPU as the system call itself (bench/RESULTS-issue15.md);
 * the count reads six numbers. Where it is safe, the numbers are taken from Node's own fs binding,
 * which `fs.lstatSync` calls and which answers in an array without building the object.
 *
 * The binding is not a public API and its call shape has changed between Node versions (a wrong
 * one can abort the process), so it is used only where every one of these holds, decided once per
 * process before it is first called (once the process has looked at a thousand entries the public way):
 * - the public API is slow here: a Stats object carries its dates as own values (Node 22 and later
 *   build them lazily, and there the public call is as fast, so it is kept);
 * - `fs.lstatSync` in this process is Node's own and calls the binding with the shape used here
 *   (its source says so; a wrapper such as Electron's asar layer or a test's mock fails this);
 * - not Windows (paths are namespaced there), not Electron (its fs is wrapped for asar archives), no
 *   permission model, no pending deprecation (process.binding would print a warning);
 * - for a file, a folder and a symlink made for the check, the binding's numbers equal every
 *   field of `fs.lstatSync`'s; for a missing path both answer nothing, through a file both throw.
 * Each call then falls back to `fs.lstatSync` for anything but a filled, valid answer: an
 * exception, a missing entry and an odd value are all decided by the public call, so an error, a
 * vanished file or an unreadable entry comes out exactly as it would without this path.
 */
import { constants, lstatSync, mkdirSync, mkdtempSync, rmdirSync, symlinkSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The fields of an lstat the count reads; a Stats object is one. */
export interface EntryStat {
  readonly mode: number;
  readonly size: number;
  readonly ino: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly birthtimeMs: number;
}

/** The same tests as Stats.isDirectory, isFile and isSymbolicLink (which compare `mode & S_IFMT` too). */
const { S_IFMT, S_IFDIR, S_IFREG, S_IFLNK } = constants;
export const isDirectoryMode = (mode: number): boolean => (mode & S_IFMT) === S_IFDIR;
export const isFileMode = (mode: number): boolean => (mode & S_IFMT) === S_IFREG;
export const isSymbolicLinkMode = (mode: number): boolean => (mode & S_IFMT) === S_IFLNK;

type RawLstat = (path: string, bigint: boolean, req: undefined, throwIfNoEntry: boolean) => unknown;
interface FsBinding {
  lstat?: RawLstat;
}

const NO_THROW = { throwIfNoEntry: false } as const;

/**
 * How `fs.lstatSync` calls the binding, whitespace removed, in the Node versions whose shape is
 * (path, bigint, no request: synchronous, throwIfNoEntry). Node 20.x (and 21) with toNamespacedPath;
 * 22 and later pass the path as it is. Any other text: not used.
 */
const KNOWN_CALLS = [
  'binding.lstat(pathModule.toNamespacedPath(path),options.bigint,undefined,options.throwIfNoEntry,);if(stats===undefined){return;}returngetStatsFromBinding(stats);',
  'binding.lstat(path,options.bigint,undefined,options.throwIfNoEntry,);if(stats===undefined){return;}returngetStatsFromBinding(stats);',
];

/** Fields of Node's stat array (src/node_file.h FsStatsOffset) and of Stats, compared one by one. */
const PLAIN_FIELDS = ['dev', 'mode', 'nlink', 'uid', 'gid', 'rdev', 'blksize', 'ino', 'size', 'blocks'] as const;
const TIME_FIELDS = [
  ['mtimeMs', 12],
  ['ctimeMs', 14],
  ['birthtimeMs', 16],
] as const;

/** Node's own conversion (lib/internal/fs/utils.js msFromTimeSpec), so each value is the very same double. */
const ms = (sec: number, nsec: number): number => sec * 1000 + nsec / 1e6;

export interface EntryLstatOptions {
  /** Use the binding also where the public call is fast (Node 22 and later): for tests, which check both paths on every Node. */
  evenWhereFast?: boolean;
  /** The binding to check and use instead of Node's (tests: one that lies, throws or stops filling its answer). */
  binding?: FsBinding | null;
}

interface Fast {
  lstat: RawLstat;
  /** The array every answer comes in (Node's shared statValues). */
  values: Float64Array;
}

/**
 * Entries looked at through fs.lstatSync before the check is made: the check costs a few
 * milliseconds in a fresh process (a folder made and removed, code run for the first time), more
 * than the binding saves on a small count (about a microsecond an entry), so a process that only
 * ever counts small targets never makes it.
 */
const DECIDE_AFTER = 1000;

/** undefined: not decided yet; null: the public call. */
let fast: Fast | null | undefined;
let before = 0;
let options: EntryLstatOptions = {};

/** Decides afresh, after DECIDE_AFTER more entries (tests). */
export function resetEntryLstat(opts: EntryLstatOptions = {}): void {
  fast = undefined;
  before = 0;
  options = opts;
}

/** Which way entries are looked at in this process; with `decide` false, 'undecided' until enough entries were looked at. */
export function entryLstatWay(decideNow = true): 'binding' | 'public' | 'undecided' {
  if (fast === undefined) {
    if (!decideNow) return 'undecided';
    fast = decide();
  }
  return fast ? 'binding' : 'public';
}

/** Whether the public call copes without help here: it builds its dates lazily. */
function publicIsSlow(probe: Stats): boolean {
  return Number(process.versions.node.split('.')[0]) < 22 && Object.prototype.hasOwnProperty.call(probe, 'mtime');
}

function pendingDeprecation(): boolean {
  const flag = (args: readonly string[]): boolean => args.includes('--pending-deprecation');
  return flag(process.execArgv) || flag((process.env.NODE_OPTIONS ?? '').split(/\s+/)) || process.env.NODE_PENDING_DEPRECATION === '1';
}

function nodeBinding(): FsBinding | undefined {
  const p = process as unknown as { binding?: (name: string) => unknown };
  return typeof p.binding === 'function' ? (p.binding('fs') as FsBinding) : undefined;
}

/** Whether the binding's answer for `file` is `fs.lstatSync`'s, field by field; the array it answered in when so. */
function sameAsPublic(lstat: RawLstat, file: string, values: Float64Array | undefined): Float64Array | undefined {
  const got = lstat(file, false, undefined, false);
  if (!(got instanceof Float64Array) || got.length < 18 || (values && got !== values)) return undefined;
  const raw = Array.from(got.subarray(0, 18));
  const pub = lstatSync(file);
  for (let i = 0; i < PLAIN_FIELDS.length; i++) if (!Object.is(raw[i], pub[PLAIN_FIELDS[i]])) return undefined;
  for (const [name, at] of TIME_FIELDS) if (!Object.is(ms(raw[at], raw[at + 1]), pub[name])) return undefined;
  return got;
}

function throws(f: () => unknown): boolean {
  try {
    f();
    return false;
  } catch {
    return true;
  }
}

/** Removes the check's folder entry by entry (a recursive rmSync loads a module of its own: milliseconds in a fresh process). */
function removeProbes(dir: string): void {
  for (const [name, remove] of [
    ['link', unlinkSync],
    ['file', unlinkSync],
    ['folder', rmdirSync],
    ['', rmdirSync],
  ] as const) {
    try {
      remove(path.join(dir, name));
    } catch {
      // Not made (the check stopped before it) or already gone.
    }
  }
}

function decide(): Fast | null {
  if (process.platform === 'win32' || process.versions.electron || pendingDeprecation()) return null;
  if ((process as unknown as { permission?: unknown }).permission !== undefined) return null;
  if (Number(process.versions.node.split('.')[0]) < 20) return null;
  if (!KNOWN_CALLS.some((call) => lstatSync.toString().replace(/\s+/g, '').includes(call))) return null;
  let dir: string | undefined;
  try {
    dir = mkdtempSync(path.join(os.tmpdir(), 'br-lstat-'));
    const file = path.join(dir, 'file');
    writeFileSync(file, 'x\n');
    mkdirSync(path.join(dir, 'folder'));
    symlinkSync('file', path.join(dir, 'link'));
    if (!options.evenWhereFast && !publicIsSlow(lstatSync(file))) return null;
    const binding = options.binding === undefined ? nodeBinding() : options.binding;
    const lstat = binding?.lstat;
    if (typeof lstat !== 'function') return null;
    const call: RawLstat = (p, big, req, noEntry) => lstat.call(binding, p, big, req, noEntry);
    let values = sameAsPublic(call, file, undefined);
    for (const name of ['folder', 'link', 'file']) if (values) values = sameAsPublic(call, path.join(dir, name), values);
    // A missing entry: no answer from either. A path through a file: an exception from both.
    const gone = path.join(dir, 'gone');
    if (call(gone, false, undefined, false) !== undefined || lstatSync(gone, NO_THROW) !== undefined) return null;
    if (!throws(() => call(path.join(file, 'below'), false, undefined, false)) || !throws(() => lstatSync(path.join(file, 'below'), NO_THROW))) return null;
    return values ? { lstat: call, values } : null;
  } catch {
    return null;
  } finally {
    if (dir) removeProbes(dir);
  }
}

/** An EntryStat the count fills in place for each entry it looks at (entryLstatInto), so that no object is made per entry. */
export interface EntryStatSlot {
  mode: number;
  size: number;
  ino: number;
  mtimeMs: number;
  ctimeMs: number;
  birthtimeMs: number;
}

/** A slot to fill; its numbers are doubles from the start, so filling it never changes its shape. */
export const newEntryStatSlot = (): EntryStatSlot => ({ mode: 0.5, size: 0.5, ino: 0.5, mtimeMs: 0.5, ctimeMs: 0.5, birthtimeMs: 0.5 });

/** Copies the fields the count reads from the public call's Stats into `out`; false when nothing is there. */
function fillFromPublic(abs: string, out: EntryStatSlot): boolean {
  const st = lstatSync(abs, NO_THROW);
  if (!st) return false;
  out.mode = st.mode;
  out.size = st.size;
  out.ino = st.ino;
  out.mtimeMs = st.mtimeMs;
  out.ctimeMs = st.ctimeMs;
  out.birthtimeMs = st.birthtimeMs;
  return true;
}

/**
 * The lstat of `abs` as `fs.lstatSync(abs, { throwIfNoEntry: false })` gives it, written into
 * `out`: false when nothing is there (`out` is then left as it was), an exception when it cannot be
 * looked at. The numbers are the ones entryLstat answers.
 */
export function entryLstatInto(abs: string, out: EntryStatSlot): boolean {
  if (fast === undefined) {
    if (++before <= DECIDE_AFTER) return fillFromPublic(abs, out);
    fast = decide();
  }
  if (fast === null || abs.includes('\0')) return fillFromPublic(abs, out);
  const v = fast.values;
  // An answer that is not filled in keeps this mark and goes to the public call.
  v[1] = NaN;
  let got: unknown;
  try {
    got = fast.lstat(abs, false, undefined, false);
  } catch {
    return fillFromPublic(abs, out);
  }
  if (got !== v || !(v[1] > 0) || !(v[8] >= 0)) return fillFromPublic(abs, out);
  out.mode = v[1];
  out.size = v[8];
  out.ino = v[7];
  out.mtimeMs = ms(v[12], v[13]);
  out.ctimeMs = ms(v[14], v[15]);
  out.birthtimeMs = ms(v[16], v[17]);
  return true;
}

/**
 * The lstat of `abs` as `fs.lstatSync(abs, { throwIfNoEntry: false })` gives it: undefined when
 * nothing is there, an exception when it cannot be looked at.
 */
export function entryLstat(abs: string): EntryStat | undefined {
  const out = newEntryStatSlot();
  return entryLstatInto(abs, out) ? out : undefined;
}
