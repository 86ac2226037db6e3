/**
 * The engine's ImpactReader on a real machine: walks a deletion's target, bounded in files and
 * time, and tells each file apart by git's index (read from `.git/index`, never by running git):
 * tracked and unchanged (size and mtime as staged, else the content's object id), modified,
 * untracked, or build output (under a folder on the engine's artefact list; .gitignore never
 * counts). Lines are counted only in the files git cannot bring back. Symlinks are counted, never
 * followed. Every failure is an answer (unknown), never an exception.
 */
import { lstatSync, openSync, readdirSync, readSync, closeSync, type Stats } from 'node:fs';
import { entryLstatInto, type EntryStat, isDirectoryMode, isFileMode, isSymbolicLinkMode, newEntryStatSlot } from './entry-lstat';
import path from 'node:path';
import { ARTIFACT_DIRS } from '../core/path-text';
import type { ImpactCount, ImpactReader } from '../core/types';
import { findGitLocation, objectIdBytes, readGitConfigValue, readText } from './git-context';
import { entriesIn, entryAt, entryNamed, type GitIndex, readGitIndex } from './git-index';
import { readFileSync } from 'node:fs';
import type { ZlibOptions } from 'node:zlib';
import type { CommitLoss, RepositoryState } from '../core/types';
import { branchLoss, DEFAULT_WALK, pushLoss } from './git-history';
import type { WalkBounds } from './git-objects';
import type { GitLocation } from './git-context';

/**
 * zlib, loaded when a git object is first read: most hook and check calls read none, and loading
 * it costs a Node module of its own in every such process.
 */
function inflateSync(data: Buffer, opts: ZlibOptions): Buffer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:zlib') as typeof import('node:zlib')).inflateSync(data, opts);
}

export interface ImpactBounds {
  /** Files counted, at most; past it the count says "N+ files" and weighs as all lost. */
  maxFiles: number;
  /** Milliseconds one count may take. */
  maxMs: number;
  /** Bytes read to hash or count lines in one file, at most (larger ones count as changed, without lines). */
  maxFileBytes: number;
  /** Bytes read in all for hashing and lines, at most. */
  maxReadBytes: number;
}

export const DEFAULT_BOUNDS: Readonly<ImpactBounds> = { maxFiles: 10_000, maxMs: 150, maxFileBytes: 1024 * 1024, maxReadBytes: 16 * 1024 * 1024 };

export interface ImpactReaderOptions {
  bounds?: Partial<ImpactBounds>;
  /** Files the agent itself made in this session (absolute paths), as the caller knows them. */
  createdInSession?: (abs: string) => boolean;
  /**
   * When the agent's session began (ms since the epoch): an untracked file born since then is the
   * agent's. Only where no person works beside the agent (the CLI's hooks); 0 or absent: none.
   */
  sessionStart?: number;
  /** Leave out the `.git` folder at the target's top (when the target is a working tree's top level). */
  skipTopGitDir?: boolean;
  /** The clock, for tests. */
  now?: () => number;
  /** Bounds of the commit walks behind pushLoss and branchLoss. */
  walk?: Partial<WalkBounds>;
  /** Look every tracked file up by name in its folder's map, never by the sorted merge (tests hold the two to the same counts). */
  mapLookupOnly?: boolean;
}

interface Repo {
  top: string;
  index: GitIndex | undefined;
  /** Whether the entries' ctime and inode take part in the stat test, as in git's own (see statChecks). */
  ctime: boolean;
  ino: boolean;
}

const GIT_FALSE = new Set(['false', 'no', 'off', '0']);

/**
 * Which of the index's stat fields decide "unchanged", as git decides them (read-cache.c,
 * match_stat_data): ctime unless `core.trustctime` is false, the inode unless `core.checkStat` is
 * `minimal`. On Windows Git records its own kind of ctime and no inode, so only size and mtime count
 * there. A field that fails only sends the file to the content hash; it never marks it changed.
 */
function statChecks(config: string | undefined): { ctime: boolean; ino: boolean } {
  if (process.platform === 'win32') return { ctime: false, ino: false };
  const minimal = readGitConfigValue(config, 'core', 'checkstat')?.toLowerCase() === 'minimal';
  const trustCtime = readGitConfigValue(config, 'core', 'trustctime');
  return { ctime: !minimal && !(trustCtime !== undefined && GIT_FALSE.has(trustCtime.toLowerCase())), ino: !minimal };
}

function repoOf(dir: string): Repo | undefined {
  const loc = findGitLocation(dir);
  if (!loc) return undefined;
  const config = readText(path.join(loc.commonDir, 'config'));
  return { top: loc.topLevel, index: readGitIndex(path.join(loc.gitDir, 'index'), objectIdBytes(config)), ...statChecks(config) };
}

/**
 * `n % 2 ** 32`, the way the index keeps a 64-bit size, time or inode in 32 bits. Every value in a
 * real tree is already in range, and then no floating-point remainder is taken (it is a call into
 * C in optimised code, four times per file).
 */
const u32 = (n: number): number => (n >= 0 && n < 4294967296 ? n : n % 4294967296);

/** Whether a time the index holds (seconds, nanoseconds at `at`) is the file's `ms`; no nanoseconds recorded: the seconds decide. */
function sameTime(v: DataView, at: number, ms: number): boolean {
  const sec = Math.floor(ms / 1000);
  if (v.getUint32(at) !== u32(sec)) return false;
  const nsec = v.getUint32(at + 4);
  return nsec === 0 || Math.abs(nsec / 1e6 - (ms - sec * 1000)) < 1;
}

/** Reads up to `limit` bytes of a regular file; undefined when it cannot. */
function readHead(abs: string, size: number, limit: number): Buffer | undefined {
  if (size > limit) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(abs, 'r');
    const buf = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, null);
      if (n <= 0) break;
      got += n;
    }
    return got === size ? buf : buf.subarray(0, got);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * node:crypto, loaded when a digest is first taken: a hook call that reads no file never needs
 * it, and loading it costs such a process about 5 ms of CPU.
 */
function crypto(): typeof import('node:crypto') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:crypto') as typeof import('node:crypto');
}

function objectId(content: Buffer, hashBytes: number): Buffer {
  const h = crypto().createHash(hashBytes === 32 ? 'sha256' : 'sha1');
  h.update(`blob ${content.length}\0`);
  h.update(content);
  return h.digest();
}

function countLines(buf: Buffer): number {
  // Binary (a NUL in the first 8,000 bytes, as git decides): no lines.
  if (buf.subarray(0, 8000).includes(0)) return 0;
  let n = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
  return buf.length && buf[buf.length - 1] !== 10 ? n + 1 : n;
}

/** A folder's entries as one readdir saw them, and the folder's own stat at that time. */
interface Listing {
  ino: number;
  ctimeMs: number;
  mtimeMs: number;
  names: string[];
  /** Each entry's whole path, built once. */
  paths: string[];
}

/**
 * Folder listings kept between counts, as git's untracked cache keeps them: a folder's entries
 * change only with its ctime (adding, removing or renaming an entry sets it, and no program can set
 * it back), so a listing is reused while the folder's inode, ctime and mtime are as they were. Only
 * a folder last changed well before it was listed is kept (a later change in the same clock tick
 * would otherwise leave its ctime alone). Files are still looked at one by one: this saves the
 * listing, never the check that finds a changed file.
 */
const listings = new Map<string, Listing>();
let listedEntries = 0;
/** Entries kept in all, at most (about 150 bytes each): two counts of the largest tree a count walks. */
const MAX_LISTED_ENTRIES = 20_000;
/** How long before the listing a folder must have last changed for its listing to be kept. */
const LISTING_SETTLED_MS = 2000;

/** Forgets every kept listing (for the bench's first-count figure and for tests). */
export function forgetFolderListings(): void {
  listings.clear();
  listedEntries = 0;
}

/** The entries of `dir` (whose lstat is `st`), from the kept listing while the folder is unchanged; undefined when it cannot be listed. */
function listFolder(dir: string, st: EntryStat, now: number): Listing | undefined {
  const kept = listings.get(dir);
  if (kept) {
    listings.delete(dir);
    if (kept.ino === st.ino && kept.ctimeMs === st.ctimeMs && kept.mtimeMs === st.mtimeMs) {
      listings.set(dir, kept); // Now the most recently used.
      return kept;
    }
    listedEntries -= kept.names.length;
  }
  // The folder's stat was taken before this listing: a change between the two leaves a newer ctime, so the listing is read again next time.
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const n = names.length;
  const paths = new Array<string>(n);
  // One concatenation per entry (a template of three parts makes two).
  const base = dir + path.sep;
  for (let i = 0; i < n; i++) paths[i] = base + names[i];
  const list: Listing = { ino: st.ino, ctimeMs: st.ctimeMs, mtimeMs: st.mtimeMs, names, paths };
  if (st.ctimeMs < now - LISTING_SETTLED_MS && st.mtimeMs < now - LISTING_SETTLED_MS && n <= MAX_LISTED_ENTRIES) {
    for (const [key, old] of listings) {
      if (listedEntries + n <= MAX_LISTED_ENTRIES) break;
      listings.delete(key);
      listedEntries -= old.names.length;
    }
    listings.set(dir, list);
    listedEntries += n;
  }
  return list;
}

/** Cap on index entries looked at for a path that is not there (an index of a huge repository). */
const MAX_MISSING_SCAN = 1_000_000;

/**
 * Nothing at `target`: nothing to count, but git's index may still hold files there (tracked files
 * that were deleted, which a checkout or restore brings back). `tracked` counts them.
 */
function missing(target: string): ImpactCount {
  const c: ImpactCount = { exists: false, files: 0, folders: 0, bytes: 0, lines: 0, inRepository: false, tracked: 0, modified: 0, untracked: 0, buildOutput: 0, createdInSession: 0, bounded: false };
  const repo = repoOf(path.dirname(target));
  const index = repo?.index;
  if (!repo || !index) return c;
  const rel = path.relative(repo.top, target).split(path.sep).join('/');
  if (rel.startsWith('..') || path.isAbsolute(rel)) return c;
  c.inRepository = true;
  if (rel === '' || index.entries.has(rel)) {
    c.tracked = rel === '' ? index.entries.size : 1;
    return c;
  }
  const prefix = `${rel}/`;
  let seen = 0;
  for (const name of index.entries.keys()) {
    if (++seen > MAX_MISSING_SCAN) {
      c.bounded = true;
      break;
    }
    if (name.startsWith(prefix)) c.tracked++;
  }
  return c;
}

/** Counts what `target` holds. Exported for the bench and tests; the engine asks through the reader. */
export function countImpact(target: string, opts: ImpactReaderOptions = {}): ImpactCount | undefined {
  const bounds = { ...DEFAULT_BOUNDS, ...opts.bounds };
  const now = opts.now ?? Date.now;
  const deadline = now() + bounds.maxMs;
  const maxFiles = bounds.maxFiles;
  let top: Stats;
  try {
    top = lstatSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? missing(target) : undefined;
  }
  const repo = repoOf(top.isDirectory() ? target : path.dirname(target));
  const index = repo?.index;
  const c: ImpactCount = { exists: true, files: 0, folders: 0, bytes: 0, lines: 0, inRepository: !!index, tracked: 0, modified: 0, untracked: 0, buildOutput: 0, createdInSession: 0, bounded: false };
  const lost: string[] = [];
  let readBudget = bounds.maxReadBytes;
  // An entry whose file changed in the same second the index was written may hide a later change.
  const indexMtime = index ? index.mtimeMs - 1000 : 0;
  const ctime = !!repo?.ctime;
  const ino = !!repo?.ino;
  const sessionStart = opts.sessionStart && opts.sessionStart > 0 ? opts.sessionStart : undefined;
  const mapLookupOnly = opts.mapLookupOnly === true;

  const relOf = (abs: string): string | undefined => {
    if (!repo) return undefined;
    const rel = path.relative(repo.top, abs);
    return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
  };

  const inBuildOutput = (relDir: string | undefined, absDir: string): boolean => (relDir ?? absDir).split('/').some((p) => ARTIFACT_DIRS.has(p));

  const lose = (abs: string, st: EntryStat, changed: boolean): void => {
    if (changed) c.modified++;
    else c.untracked++;
    if ((!changed && sessionStart !== undefined && st.birthtimeMs > 0 && st.birthtimeMs >= sessionStart) || opts.createdInSession?.(abs)) {
      c.createdInSession++;
      return;
    }
    if (lost.length < 3) lost.push(path.relative(top.isDirectory() ? target : path.dirname(target), abs) || path.basename(abs));
    if (isFileMode(st.mode) && st.size <= bounds.maxFileBytes && st.size <= readBudget) {
      const buf = readHead(abs, st.size, bounds.maxFileBytes);
      if (buf) {
        readBudget -= buf.length;
        c.lines += countLines(buf);
      }
    }
  };

  /** One file; `at` is its entry's offset in the index, undefined when git does not track it. */
  const file = (abs: string, st: EntryStat, at: number | undefined, build: boolean): void => {
    c.files++;
    c.bytes += st.size;
    if (at === undefined) {
      if (index && build) c.buildOutput++;
      else lose(abs, st, false);
      return;
    }
    c.tracked++;
    // The entry's fields are read in place (see git-index.ts entryAt): this runs once per file.
    const v = index!.view;
    const hb = index!.hashBytes;
    if (((v.getUint16(at + 40 + hb) >> 12) & 3) !== 0) return lose(abs, st, true);
    const size = u32(st.size);
    const staged = v.getUint32(at + 36);
    // Git's own test: size, mtime, ctime and inode as staged, and the index written after that
    // second ("racy git"). The ctime catches an edit that put the old mtime back (`cp -p`, `touch -r`,
    // an unpacked archive); the inode, a file replaced by another. A zero field was never recorded.
    if (
      staged === size &&
      st.mtimeMs < indexMtime &&
      sameTime(v, at + 8, st.mtimeMs) &&
      (!ctime || v.getUint32(at) === 0 || sameTime(v, at, st.ctimeMs)) &&
      (!ino || v.getUint32(at + 20) === 0 || v.getUint32(at + 20) === u32(st.ino))
    )
      return;
    // Git writes size 0 for an entry it could not trust by stat ("smudged"): then the content decides.
    if (staged !== size && staged !== 0) return lose(abs, st, true);
    if (isSymbolicLinkMode(st.mode)) return; // Same length; its target text is not worth a read.
    const buf = st.size <= readBudget ? readHead(abs, st.size, bounds.maxFileBytes) : undefined;
    if (!buf) return lose(abs, st, true);
    readBudget -= buf.length;
    if (!objectId(buf, hb).equals(entryAt(index!, at).oid)) lose(abs, st, true);
  };

  if (!top.isDirectory()) {
    const relDir = relOf(path.dirname(target));
    const rel = relOf(target);
    file(target, top, rel === undefined ? undefined : index?.entries.get(rel), inBuildOutput(relDir, path.dirname(target)));
  } else {
    // Depth first, an explicit stack: no recursion limit, and the bound is checked per entry.
    // Each folder's path from the top level and whether it is build output are worked out once.
    const topRel = relOf(target);
    // Every entry is looked at with one lstat, folders too: it tells a folder from a file or a
    // symlink, and a folder's stat is what its kept listing is checked against (see listFolder).
    const stack: { dir: string; st: EntryStat; rel: string | undefined; build: boolean }[] = [{ dir: target, st: top, rel: topRel, build: inBuildOutput(topRel, target) }];
    // Every entry's lstat is written into this one object (no object made per entry).
    const st = newEntryStatSlot();
    walk: while (stack.length) {
      const { dir, st: dirStat, rel: relDir, build } = stack.pop()!;
      const prefix = relDir === undefined ? undefined : relDir === '' ? '' : `${relDir}/`;
      // The index's entries of this folder, looked up by name (no whole path built per file).
      const tracked = relDir !== undefined && index ? entriesIn(index, relDir) : undefined;
      c.folders++;
      const list = listFolder(dir, dirStat, now());
      if (!list) return undefined;
      const { names, paths } = list;
      const skipGit = !!opts.skipTopGitDir && dir === target;
      // A listing comes sorted (libuv sorts every readdir by name on POSIX), and so do the folder's
      // index entries: each file is found by walking both in step, no name hashed for a map. The
      // first name out of order (another platform's listing) hands the rest of the folder to the map.
      let merging = tracked !== undefined && !mapLookupOnly;
      let k = 0;
      let previous = '';
      for (let i = 0; i < names.length; i++) {
        const name = names[i];
        if (skipGit && name === '.git') continue;
        if (c.files >= maxFiles || ((c.files & 255) === 0 && now() > deadline)) {
          c.bounded = true;
          break walk;
        }
        const abs = paths[i];
        try {
          if (!entryLstatInto(abs, st)) continue;
        } catch {
          // Unreadable (permission denied): counted as a file that cannot be told apart, so as lost.
          c.files++;
          c.untracked++;
          continue;
        }
        // The slot is filled again for the next entry: a folder keeps a copy of its own.
        if (isDirectoryMode(st.mode)) stack.push({ dir: abs, st: { ...st }, rel: prefix === undefined ? undefined : prefix + name, build: build || ARTIFACT_DIRS.has(name) });
        else if (tracked === undefined) file(abs, st, undefined, build);
        else {
          if (merging && name < previous) merging = false;
          let at: number | undefined;
          if (merging) {
            previous = name;
            // Equality first: a tracked file is one comparison. Entries before the name are files gone from disk.
            const tn = tracked.names;
            for (; k < tn.length; k++) {
              const t = tn[k];
              if (t === name) {
                at = tracked.offsets[k++];
                break;
              }
              if (t > name) break;
            }
          } else at = entryNamed(tracked, name);
          file(abs, st, at, build);
        }
      }
    }
  }
  if (lost.length) c.lostSample = lost;
  return c;
}

function readSmall(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The commit HEAD names, as hex: a loose or packed ref, or a detached HEAD. */
function headCommit(loc: GitLocation): string | undefined {
  const head = readSmall(path.join(loc.gitDir, 'HEAD'))?.trim();
  if (!head) return undefined;
  const ref = /^ref:\s*(refs\/\S+)$/.exec(head)?.[1];
  if (!ref) return /^[0-9a-f]{40,64}$/.test(head) ? head : undefined;
  const loose = readSmall(path.join(loc.commonDir, ref))?.trim();
  if (loose && /^[0-9a-f]{40,64}$/.test(loose)) return loose;
  for (const line of (readSmall(path.join(loc.commonDir, 'packed-refs')) ?? '').split('\n')) {
    const [oid, name] = line.split(' ');
    if (name?.trim() === ref && /^[0-9a-f]{40,64}$/.test(oid)) return oid;
  }
  return undefined;
}

/** HEAD's tree, from the commit when it is a loose object (a fresh commit is); undefined when packed or unreadable. */
function headTree(loc: GitLocation): string | undefined {
  const commit = headCommit(loc);
  if (!commit) return undefined;
  try {
    const raw = readFileSync(path.join(loc.commonDir, 'objects', commit.slice(0, 2), commit.slice(2)));
    const text = inflateSync(raw, { maxOutputLength: 1 << 20 }).toString('latin1', 0, 200);
    return /^commit \d+\0tree ([0-9a-f]{40,64})\n/.exec(text)?.[1];
  } catch {
    return undefined;
  }
}

/** The state of the repository holding `dir`; see RepositoryState. */
export function repositoryState(dir: string, opts: ImpactReaderOptions = {}): RepositoryState | undefined {
  const loc = findGitLocation(dir);
  if (!loc) return undefined;
  const state: RepositoryState = { top: loc.topLevel, count: countImpact(loc.topLevel, { ...opts, skipTopGitDir: true }) };
  const index = readGitIndex(path.join(loc.gitDir, 'index'), objectIdBytes(readText(path.join(loc.commonDir, 'config'))));
  const tree = headTree(loc);
  // A valid cache-tree equal to HEAD's tree: nothing is staged. Unknown otherwise (never "nothing staged" by guess).
  if (index?.rootTree && tree) state.indexMatchesHead = index.rootTree.toString('hex') === tree;
  const stash = readSmall(path.join(loc.commonDir, 'logs', 'refs', 'stash'));
  state.stashes = stash === undefined ? (readSmall(path.join(loc.commonDir, 'refs', 'stash')) === undefined ? 0 : undefined) : stash.split('\n').filter((l) => l.trim()).length;
  return state;
}

/** A reader that counts each target once per context (one command line). */
export function nodeImpactReader(opts: ImpactReaderOptions = {}): ImpactReader {
  const seen = new Map<string, ImpactCount | undefined>();
  const repos = new Map<string, RepositoryState | undefined>();
  const losses = new Map<string, CommitLoss | undefined>();
  const once = (key: string, read: () => CommitLoss | undefined): CommitLoss | undefined => {
    if (!losses.has(key)) losses.set(key, read());
    return losses.get(key);
  };
  const walkBounds = { ...DEFAULT_WALK, ...opts.walk };
  return {
    count: (target) => {
      if (!seen.has(target)) seen.set(target, countImpact(target, opts));
      return seen.get(target);
    },
    repository: (dir) => {
      if (!repos.has(dir)) repos.set(dir, repositoryState(dir, opts));
      return repos.get(dir);
    },
    pushLoss: (dir, push) => once(`push\0${dir}\0${push.remote}\0${push.src}\0${push.dst}`, () => pushLoss(dir, push, walkBounds)),
    branchLoss: (dir, branch) => once(`branch\0${dir}\0${branch}`, () => branchLoss(dir, branch, walkBounds)),
  };
}
