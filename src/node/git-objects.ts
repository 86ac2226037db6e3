/**
 * Git's commit graph read without running git, bounded: refs (loose and packed-refs), loose
 * objects (zlib) and pack files (the version 2 pack index, offset and ref deltas resolved), enough
 * to tell which commits a forced push or a branch deletion would leave unreachable. Every failure
 * (a missing object, a format this reader does not know, a bound reached) is an answer, unknown
 * or bounded, never an exception.
 * Formats: https://git-scm.com/docs/gitformat-pack, https://git-scm.com/docs/git-check-ref-format
 */
import { closeSync, type Dirent, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ZlibOptions } from 'node:zlib';
import { readText } from './git-context';

/**
 * zlib, loaded when a git object is first read: most hook and check calls read none, and loading
 * it costs a Node module of its own in every such process.
 */
function inflateSync(data: Buffer, opts: ZlibOptions): Buffer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:zlib') as typeof import('node:zlib')).inflateSync(data, opts);
}

/** Pack indexes past this size are not read (tens of millions of objects). */
const MAX_IDX_BYTES = 256 * 1024 * 1024;
/** Objects past this size are not read: a commit or tag is a few KB. */
const MAX_OBJECT_BYTES = 4 * 1024 * 1024;
/** Delta chains longer than this are not followed (git's default --depth is 50). */
const MAX_DELTA_DEPTH = 128;
/** Refs read at most. */
const MAX_REFS = 20_000;

interface PackIndex {
  pack: string;
  count: number;
  idx: Buffer;
  hashBytes: number;
  packSize: number;
}

const idxCache = new Map<string, { stamp: string; index: PackIndex | undefined }>();

function readPackIndex(idxFile: string, hashBytes: number): PackIndex | undefined {
  try {
    const st = statSync(idxFile);
    if (st.size > MAX_IDX_BYTES) return undefined;
    const stamp = `${st.mtimeMs}:${st.size}:${st.ino}:${hashBytes}`;
    const hit = idxCache.get(idxFile);
    if (hit?.stamp === stamp) return hit.index;
    const idx = readFileSync(idxFile);
    const pack = idxFile.replace(/\.idx$/, '.pack');
    let index: PackIndex | undefined;
    // Version 2: "\377tOc", version, 256 fan-out counts, ids, CRCs, 4-byte offsets, 8-byte offsets.
    if (idx.length >= 8 + 1024 && idx.readUInt32BE(0) === 0xff744f63 && idx.readUInt32BE(4) === 2) {
      const count = idx.readUInt32BE(8 + 255 * 4);
      if (idx.length >= 8 + 1024 + count * (hashBytes + 8)) index = { pack, count, idx, hashBytes, packSize: statSync(pack).size };
    }
    if (idxCache.size >= 16) idxCache.delete(idxCache.keys().next().value!);
    idxCache.set(idxFile, { stamp, index });
    return index;
  } catch {
    return undefined;
  }
}

/** The offset of `id` in the pack, or -1. */
function findInPack(p: PackIndex, id: Buffer): number {
  const fan = 8;
  const first = id[0];
  let lo = first === 0 ? 0 : p.idx.readUInt32BE(fan + (first - 1) * 4);
  let hi = p.idx.readUInt32BE(fan + first * 4);
  const ids = fan + 1024;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // The entry against the id sought: above zero when the entry sorts after it.
    const c = p.idx.compare(id, 0, p.hashBytes, ids + mid * p.hashBytes, ids + (mid + 1) * p.hashBytes);
    if (c === 0) {
      const offs = ids + p.count * (p.hashBytes + 4);
      const o = p.idx.readUInt32BE(offs + mid * 4);
      if (!(o & 0x80000000)) return o;
      const large = offs + p.count * 4 + (o & 0x7fffffff) * 8;
      if (large + 8 > p.idx.length) return -1;
      const v = Number(p.idx.readBigUInt64BE(large));
      return Number.isSafeInteger(v) ? v : -1;
    }
    if (c > 0) hi = mid;
    else lo = mid + 1;
  }
  return -1;
}

const TYPES = ['', 'commit', 'tree', 'blob', 'tag'] as const;

export interface GitObject {
  type: string;
  data: Buffer;
}

/** Applies a git delta to its base; undefined when the delta does not fit the base. */
function applyDelta(base: Buffer, delta: Buffer): Buffer | undefined {
  let at = 0;
  const size = (): number => {
    let v = 0;
    let shift = 0;
    let c: number;
    do {
      c = delta[at++];
      v += (c & 127) * 2 ** shift;
      shift += 7;
    } while (c & 128 && at < delta.length);
    return v;
  };
  if (size() !== base.length) return undefined;
  const outSize = size();
  if (outSize > MAX_OBJECT_BYTES) return undefined;
  const out = Buffer.allocUnsafe(outSize);
  let w = 0;
  while (at < delta.length) {
    const op = delta[at++];
    if (op & 0x80) {
      let off = 0;
      let len = 0;
      for (let i = 0; i < 4; i++) if (op & (1 << i)) off += delta[at++] * 2 ** (8 * i);
      for (let i = 0; i < 3; i++) if (op & (16 << i)) len += delta[at++] * 2 ** (8 * i);
      if (len === 0) len = 0x10000;
      if (off + len > base.length || w + len > outSize) return undefined;
      base.copy(out, w, off, off + len);
      w += len;
    } else if (op) {
      if (at + op > delta.length || w + op > outSize) return undefined;
      delta.copy(out, w, at, at + op);
      w += op;
      at += op;
    } else return undefined;
  }
  return w === outSize ? out : undefined;
}

/** zlib's bound on compressed size (compressBound), so one read always holds the whole stream. */
function compressBound(n: number): number {
  return n + (n >> 12) + (n >> 14) + (n >> 25) + 13 + 64;
}

/**
 * An object store over one repository's `objects` folder (and its alternates), reading only what
 * it is asked for. `close()` releases the pack files it opened.
 */
export class ObjectStore {
  private readonly packs: PackIndex[] = [];
  private readonly fds = new Map<string, number>();
  private readonly dirs: string[];
  private readonly bases = new Map<string, GitObject>();
  constructor(
    objectsDir: string,
    readonly hashBytes: number,
  ) {
    this.dirs = [objectsDir];
    try {
      for (const line of readFileSync(path.join(objectsDir, 'info', 'alternates'), 'utf8').split('\n').slice(0, 8)) {
        const alt = line.trim();
        if (alt && !alt.startsWith('#')) this.dirs.push(path.resolve(objectsDir, alt));
      }
    } catch {
      // No alternates: the common case.
    }
    for (const dir of this.dirs) {
      let names: string[];
      try {
        names = readdirSync(path.join(dir, 'pack')).filter((n) => n.endsWith('.idx')).slice(0, 256);
      } catch {
        continue;
      }
      for (const n of names) {
        const p = readPackIndex(path.join(dir, 'pack', n), hashBytes);
        if (p) this.packs.push(p);
      }
    }
  }

  close(): void {
    for (const fd of this.fds.values()) {
      try {
        closeSync(fd);
      } catch {
        // Already closed.
      }
    }
    this.fds.clear();
  }

  /** The object `hex`, or undefined when it is not here or cannot be read. */
  read(hex: string): GitObject | undefined {
    if (hex.length !== this.hashBytes * 2 || !/^[0-9a-f]+$/.test(hex)) return undefined;
    for (const dir of this.dirs) {
      let raw: Buffer;
      try {
        raw = readFileSync(path.join(dir, hex.slice(0, 2), hex.slice(2)));
      } catch {
        continue;
      }
      try {
        const body = inflateSync(raw, { maxOutputLength: MAX_OBJECT_BYTES + 64 });
        const nul = body.indexOf(0);
        const m = /^(commit|tree|blob|tag) (\d+)$/.exec(body.toString('latin1', 0, nul));
        return m ? { type: m[1], data: body.subarray(nul + 1) } : undefined;
      } catch {
        return undefined;
      }
    }
    const id = Buffer.from(hex, 'hex');
    for (const p of this.packs) {
      const at = findInPack(p, id);
      if (at >= 0) return this.readPacked(p, at, 0);
    }
    return undefined;
  }

  private fd(pack: string): number | undefined {
    let fd = this.fds.get(pack);
    if (fd === undefined) {
      try {
        fd = openSync(pack, 'r');
      } catch {
        return undefined;
      }
      this.fds.set(pack, fd);
    }
    return fd;
  }

  private bytes(p: PackIndex, at: number, n: number): Buffer | undefined {
    const fd = this.fd(p.pack);
    if (fd === undefined) return undefined;
    const len = Math.max(0, Math.min(n, p.packSize - at));
    const buf = Buffer.allocUnsafe(len);
    try {
      let got = 0;
      while (got < len) {
        const r = readSync(fd, buf, got, len - got, at + got);
        if (r <= 0) break;
        got += r;
      }
      return buf.subarray(0, got);
    } catch {
      return undefined;
    }
  }

  private readPacked(p: PackIndex, at: number, depth: number): GitObject | undefined {
    const key = `${p.pack}:${at}`;
    const cached = this.bases.get(key);
    if (cached) return cached;
    if (depth > MAX_DELTA_DEPTH) return undefined;
    const head = this.bytes(p, at, 32 + p.hashBytes);
    if (!head || !head.length) return undefined;
    let i = 0;
    let c = head[i++];
    const type = (c >> 4) & 7;
    let size = c & 15;
    let shift = 4;
    while (c & 128) {
      if (i >= head.length) return undefined;
      c = head[i++];
      size += (c & 127) * 2 ** shift;
      shift += 7;
    }
    if (size > MAX_OBJECT_BYTES) return undefined;
    let baseAt = -1;
    let baseId: Buffer | undefined;
    if (type === 6) {
      // Offset delta: a big-endian number with "plus one" per continuation, back from this object.
      c = head[i++];
      let back = c & 127;
      while (c & 128) {
        if (i >= head.length) return undefined;
        c = head[i++];
        back = (back + 1) * 128 + (c & 127);
      }
      baseAt = at - back;
      if (baseAt < 0) return undefined;
    } else if (type === 7) {
      baseId = head.subarray(i, i + p.hashBytes);
      i += p.hashBytes;
    } else if (type < 1 || type > 4) return undefined;
    const packed = this.bytes(p, at + i, compressBound(size));
    if (!packed) return undefined;
    let data: Buffer;
    try {
      data = inflateSync(packed, { maxOutputLength: Math.max(1, size) });
    } catch {
      return undefined;
    }
    if (data.length !== size) return undefined;
    let out: GitObject | undefined;
    if (type <= 4) out = { type: TYPES[type], data };
    else {
      const base = baseAt >= 0 ? this.readPacked(p, baseAt, depth + 1) : this.readDeltaBase(baseId!, depth + 1);
      const patched = base ? applyDelta(base.data, data) : undefined;
      out = base && patched ? { type: base.type, data: patched } : undefined;
    }
    if (out && out.data.length <= 64 * 1024) {
      if (this.bases.size >= 256) this.bases.delete(this.bases.keys().next().value!);
      this.bases.set(key, out);
    }
    return out;
  }

  private readDeltaBase(id: Buffer, depth: number): GitObject | undefined {
    if (depth > MAX_DELTA_DEPTH) return undefined;
    for (const p of this.packs) {
      const at = findInPack(p, id);
      if (at >= 0) return this.readPacked(p, at, depth);
    }
    return this.read(id.toString('hex'));
  }
}

export interface Commit {
  parents: string[];
  /** Committer time, seconds since the epoch. */
  time: number;
  subject: string;
}

export function parseCommit(data: Buffer): Commit | undefined {
  const end = data.indexOf('\n\n');
  const head = data.toString('utf8', 0, end < 0 ? data.length : end);
  if (!head.startsWith('tree ')) return undefined;
  const parents: string[] = [];
  let time = 0;
  for (const line of head.split('\n')) {
    if (line.startsWith('parent ')) parents.push(line.slice(7).trim());
    else if (line.startsWith('committer ')) time = Number(/> (\d+) [-+]\d{4}$/.exec(line)?.[1] ?? 0);
  }
  const subject = end < 0 ? '' : data.toString('utf8', end + 2, Math.min(data.length, end + 2 + 200)).split('\n')[0].trim();
  return { parents, time, subject };
}

// Refs ----------------------------------------------------------------------------------------

const OID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * Every ref of the repository (full names → object ids; annotated tags peeled where packed-refs
 * peels them), loose refs over packed ones. Symbolic refs (`refs/remotes/origin/HEAD`) are left
 * out: they name another ref that is here already. Undefined when there are too many to read.
 */
export function readRefs(commonDir: string): Map<string, string> | undefined {
  const refs = new Map<string, string>();
  let last: string | undefined;
  for (const line of (readText(path.join(commonDir, 'packed-refs')) ?? '').split('\n')) {
    if (line.startsWith('^') && last) {
      const peeled = line.slice(1).trim();
      if (OID.test(peeled)) refs.set(last, peeled);
      continue;
    }
    const [oid, name] = line.trim().split(' ');
    last = undefined;
    if (name?.startsWith('refs/') && OID.test(oid)) {
      refs.set(name, oid);
      last = name;
    }
  }
  let seen = refs.size;
  const stack = [path.join(commonDir, 'refs')];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (++seen > MAX_REFS) return undefined;
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(abs);
      else if (e.isFile()) {
        const oid = readText(abs)?.trim();
        if (oid && OID.test(oid)) refs.set(path.relative(commonDir, abs).split(path.sep).join('/'), oid);
      }
    }
  }
  return refs;
}

/** The HEADs of every working tree (this one and each linked one), as ids, when detached or on a branch. */
export function worktreeHeads(gitDir: string, commonDir: string, refs: Map<string, string>): string[] {
  const heads = [path.join(gitDir, 'HEAD'), path.join(commonDir, 'HEAD')];
  try {
    for (const w of readdirSync(path.join(commonDir, 'worktrees')).slice(0, 256)) heads.push(path.join(commonDir, 'worktrees', w, 'HEAD'));
  } catch {
    // No linked worktrees.
  }
  const out: string[] = [];
  for (const h of new Set(heads)) {
    const text = readText(h)?.trim();
    if (!text) continue;
    const ref = /^ref:\s*(refs\/\S+)$/.exec(text)?.[1];
    const oid = ref ? refs.get(ref) : OID.test(text) ? text : undefined;
    if (oid) out.push(oid);
  }
  return out;
}

// The walk ------------------------------------------------------------------------------------

export interface WalkBounds {
  /** Commits read at most. */
  maxCommits: number;
  /** Milliseconds the walk may take. */
  maxMs: number;
}

export interface OnlyIn {
  /** Commits reachable from the tip and from none of the kept ids. */
  commits: number;
  /** The walk stopped at a bound: `commits` is a floor. */
  bounded: boolean;
  /** The newest few: "abc1234 subject". */
  sample: string[];
}

const INTERESTING = 1;
const KEPT = 2;
/** Commits read past the point where only kept ones are left, for clock skew (git's own slop). */
const SLOP = 5;

/**
 * Counts the commits reachable from `tip` but from none of `keep`, walking newest first by
 * committer time and painting what the kept ids reach, as `git rev-list tip --not keep…` does.
 * Undefined when a commit cannot be read (a missing object outside a shallow boundary).
 */
export function commitsOnlyIn(store: ObjectStore, tip: string, keep: readonly string[], opts: WalkBounds & { shallow?: ReadonlySet<string>; now?: () => number }): OnlyIn | undefined {
  const now = opts.now ?? Date.now;
  const deadline = now() + opts.maxMs;
  const flags = new Map<string, number>();
  const commits = new Map<string, Commit>();
  // A max-heap on committer time.
  const heap: { id: string; time: number }[] = [];
  const push = (id: string): boolean => {
    let c = commits.get(id);
    if (!c) {
      const o = store.read(id);
      if (!o || o.type !== 'commit') return false;
      c = parseCommit(o.data);
      if (!c) return false;
      if (opts.shallow?.has(id)) c.parents = [];
      commits.set(id, c);
    }
    heap.push({ id, time: c.time });
    for (let i = heap.length - 1; i > 0; ) {
      const up = (i - 1) >> 1;
      if (heap[up].time >= heap[i].time) break;
      [heap[up], heap[i]] = [heap[i], heap[up]];
      i = up;
    }
    return true;
  };
  const pop = (): { id: string; time: number } => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l].time > heap[m].time) m = l;
        if (r < heap.length && heap[r].time > heap[m].time) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };
  // Queued entries not yet known to be kept: the walk ends when none are left (plus slop).
  const queued = new Set<string>();
  let open = 0;
  const mark = (id: string, flag: number): boolean => {
    const was = flags.get(id) ?? 0;
    const next = was | flag;
    if (next === was) return true;
    flags.set(id, next);
    if (queued.has(id)) {
      if (was === INTERESTING) open--;
      return true;
    }
    // Newly seen, or painted kept after it was walked (clock skew): walk it (again) to paint its parents.
    if (was !== 0 && !(flag & KEPT)) return true;
    if (!push(id)) return false;
    queued.add(id);
    if (next === INTERESTING) open++;
    return true;
  };
  for (const k of keep) if (!mark(k, KEPT) && k === tip) return undefined;
  if (!mark(tip, INTERESTING)) return undefined;
  let slop = SLOP;
  let reads = 0;
  while (heap.length) {
    if (open <= 0 && --slop < 0) break;
    if (++reads > opts.maxCommits || ((reads & 63) === 0 && now() > deadline)) return finish(true);
    const { id } = pop();
    queued.delete(id);
    const f = flags.get(id) ?? 0;
    if (f === INTERESTING) open--;
    for (const parent of commits.get(id)!.parents) {
      // A kept commit's parent that cannot be read only narrows the painting; an interesting one's is unknown.
      if (!mark(parent, f & KEPT ? KEPT : INTERESTING) && !(f & KEPT)) return undefined;
    }
  }
  return finish(false);

  function finish(bounded: boolean): OnlyIn {
    const only = [...flags].filter(([id, f]) => f === INTERESTING && commits.has(id)).map(([id]) => ({ id, c: commits.get(id)! }));
    only.sort((a, b) => b.c.time - a.c.time);
    return { commits: only.length, bounded, sample: only.slice(0, 3).map(({ id, c }) => `${id.slice(0, 7)} ${c.subject}`.trim()) };
  }
}

/** The commit an id names, annotated tags followed (a few levels); undefined for trees, blobs and unreadable ids. */
export function peelToCommit(store: ObjectStore, id: string): string | undefined {
  for (let i = 0; i < 4; i++) {
    const o = store.read(id);
    if (!o) return undefined;
    if (o.type === 'commit') return id;
    if (o.type !== 'tag') return undefined;
    const next = /^object ([0-9a-f]+)\n/.exec(o.data.toString('latin1', 0, 200))?.[1];
    if (!next) return undefined;
    id = next;
  }
  return undefined;
}

/** Commits whose parents a shallow clone does not hold (`.git/shallow`). */
export function shallowCommits(commonDir: string): Set<string> {
  return new Set((readText(path.join(commonDir, 'shallow')) ?? '').split('\n').map((l) => l.trim()).filter((l) => OID.test(l)));
}
