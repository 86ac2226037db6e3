/**
 * The engine's ImpactReader on a real machine: walks a deletion's target, bounded in files and
 * time, and tells each file apart by git's index (read from `.git/index`, never by running git):
 * tracked and unchanged (size and mtime as staged, else the content's object id), modified,
 * untracked, or build output (under a folder on the engine's artefact list; .gitignore never
 * counts). Lines are counted only in the files git cannot bring back. Symlinks are counted, never
 * followed. Every failure is an answer (unknown), never an exception.
 */
import { createHash } from 'node:crypto';
import { type Dirent, lstatSync, openSync, readdirSync, readSync, closeSync, type Stats } from 'node:fs';
import path from 'node:path';
import { ARTIFACT_DIRS } from '../core/path-text';
import type { ImpactCount, ImpactReader } from '../core/types';
import { findGitLocation, objectIdBytes, readText } from './git-context';
import { entriesIn, entryAt, type GitIndex, readGitIndex } from './git-index';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import type { CommitLoss, RepositoryState } from '../core/types';
import { branchLoss, DEFAULT_WALK, pushLoss } from './git-history';
import type { WalkBounds } from './git-objects';
import type { GitLocation } from './git-context';

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

const NO_THROW = { throwIfNoEntry: false } as const;

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
}

interface Repo {
  top: string;
  index: GitIndex | undefined;
}

function repoOf(dir: string): Repo | undefined {
  const loc = findGitLocation(dir);
  if (!loc) return undefined;
  const hashBytes = objectIdBytes(readText(path.join(loc.commonDir, 'config')));
  return { top: loc.topLevel, index: readGitIndex(path.join(loc.gitDir, 'index'), hashBytes) };
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

function objectId(content: Buffer, hashBytes: number): Buffer {
  const h = createHash(hashBytes === 32 ? 'sha256' : 'sha1');
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
  const sessionStart = opts.sessionStart && opts.sessionStart > 0 ? opts.sessionStart : undefined;

  const relOf = (abs: string): string | undefined => {
    if (!repo) return undefined;
    const rel = path.relative(repo.top, abs);
    return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
  };

  const inBuildOutput = (relDir: string | undefined, absDir: string): boolean => (relDir ?? absDir).split('/').some((p) => ARTIFACT_DIRS.has(p));

  const lose = (abs: string, st: Stats, changed: boolean): void => {
    if (changed) c.modified++;
    else c.untracked++;
    if ((!changed && sessionStart !== undefined && st.birthtimeMs > 0 && st.birthtimeMs >= sessionStart) || opts.createdInSession?.(abs)) {
      c.createdInSession++;
      return;
    }
    if (lost.length < 3) lost.push(path.relative(top.isDirectory() ? target : path.dirname(target), abs) || path.basename(abs));
    if (st.isFile() && st.size <= bounds.maxFileBytes && st.size <= readBudget) {
      const buf = readHead(abs, st.size, bounds.maxFileBytes);
      if (buf) {
        readBudget -= buf.length;
        c.lines += countLines(buf);
      }
    }
  };

  /** One file; `at` is its entry's offset in the index, undefined when git does not track it. */
  const file = (abs: string, st: Stats, at: number | undefined, build: boolean): void => {
    c.files++;
    c.bytes += st.size;
    if (at === undefined) {
      if (index && build) c.buildOutput++;
      else lose(abs, st, false);
      return;
    }
    c.tracked++;
    // The entry's fields are read in place (see git-index.ts entryAt): this runs once per file.
    const d = index!.data;
    const hb = index!.hashBytes;
    if (((d.readUInt16BE(at + 40 + hb) >> 12) & 3) !== 0) return lose(abs, st, true);
    const size = st.size % 2 ** 32;
    const staged = d.readUInt32BE(at + 36);
    // Git's own test: size and mtime as staged, and the index written after that second ("racy git").
    const mtimeMs = st.mtimeMs;
    const mtimeSec = Math.floor(mtimeMs / 1000);
    if (staged === size && d.readUInt32BE(at + 8) === mtimeSec && mtimeMs < indexMtime) {
      const nsec = d.readUInt32BE(at + 12);
      if (nsec === 0 || Math.abs(nsec / 1e6 - (mtimeMs - mtimeSec * 1000)) < 1) return;
    }
    // Git writes size 0 for an entry it could not trust by stat ("smudged"): then the content decides.
    if (staged !== size && staged !== 0) return lose(abs, st, true);
    if (st.isSymbolicLink()) return; // Same length; its target text is not worth a read.
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
    const stack: { dir: string; rel: string | undefined; build: boolean }[] = [{ dir: target, rel: topRel, build: inBuildOutput(topRel, target) }];
    walk: while (stack.length) {
      const { dir, rel: relDir, build } = stack.pop()!;
      const prefix = relDir === undefined ? undefined : relDir === '' ? '' : `${relDir}/`;
      // The index's entries of this folder, looked up by name (no whole path built per file).
      const tracked = relDir !== undefined && index ? entriesIn(index, relDir) : undefined;
      c.folders++;
      let names: Dirent[];
      try {
        names = readdirSync(dir, { withFileTypes: true });
      } catch {
        return undefined;
      }
      for (const d of names) {
        if (opts.skipTopGitDir && d.name === '.git' && dir === target) continue;
        const abs = `${dir}${path.sep}${d.name}`;
        if (d.isDirectory()) {
          stack.push({ dir: abs, rel: prefix === undefined ? undefined : prefix + d.name, build: build || ARTIFACT_DIRS.has(d.name) });
          continue;
        }
        if (c.files >= bounds.maxFiles || ((c.files & 255) === 0 && now() > deadline)) {
          c.bounded = true;
          break walk;
        }
        let st: Stats | undefined;
        try {
          st = lstatSync(abs, NO_THROW);
        } catch {
          // Unreadable (permission denied): counted as a file that cannot be told apart, so as lost.
          c.files++;
          c.untracked++;
          continue;
        }
        if (!st) continue;
        file(abs, st, tracked?.get(d.name), build);
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
