/**
 * Git's index (`.git/index`), read without running git: for each path, the size, mtime and
 * object id git recorded when it last staged it, enough to tell tracked and unmodified from
 * changed without reading the file. Versions 2, 3 and 4 (path prefix compression); SHA-1 and
 * SHA-256 repositories. A file that cannot be read or parsed is `undefined` (unknown), never an
 * exception. Parsed indexes are kept by stat, so a burst of commands parses one once.
 * Format: https://git-scm.com/docs/index-format
 */
import { readFileSync, statSync } from 'node:fs';

/** Indexes past this size are not read (a repository of about a million files). */
export const MAX_INDEX_BYTES = 128 * 1024 * 1024;

export interface GitIndex {
  /** The index's own mtime: an entry staged in the same second may hide a later change ("racy git"). */
  mtimeMs: number;
  /** Bytes of each object id (20 for SHA-1, 32 for SHA-256). */
  hashBytes: number;
  /** Path (relative to the top level, `/`-separated) → offset of its entry in `data`. */
  entries: Map<string, number>;
  data: Buffer;
  /** `data` for reading big-endian fields in place (one load each, where Buffer's readUInt32BE takes four). */
  view: DataView;
  /**
   * The tree the whole index would be written as, from the cache-tree extension, when git kept it
   * valid (a commit writes it; staging a change invalidates it). Undefined when unknown.
   */
  rootTree?: Buffer;
  /** Entries by folder (relative, '' for the top), built on first use (entriesIn). */
  byDir?: Map<string, FolderEntries>;
}

/** The tracked entries directly in one folder. */
export interface FolderEntries {
  /** The names in JavaScript's string order (`<`), and each one's offset: a walk over a sorted listing merges with them. */
  names: string[];
  offsets: number[];
  /** Name → offset, made on first use (entryNamed): only a listing that is not sorted needs it. */
  byName?: Map<string, number>;
}

/** The offset of the entry named `name` in a folder's entries; undefined when git does not track it. */
export function entryNamed(f: FolderEntries, name: string): number | undefined {
  if (!f.byName) {
    const m = new Map<string, number>();
    for (let i = 0; i < f.names.length; i++) m.set(f.names[i], f.offsets[i]);
    f.byName = m;
  }
  return f.byName.get(name);
}

export interface IndexEntry {
  size: number;
  mtimeSec: number;
  mtimeNsec: number;
  /** The merge stage: non-zero while a conflict is unresolved. */
  stage: number;
  oid: Buffer;
}

export function entryAt(index: GitIndex, offset: number): IndexEntry {
  const d = index.data;
  const flags = d.readUInt16BE(offset + 40 + index.hashBytes);
  return {
    mtimeSec: d.readUInt32BE(offset + 8),
    mtimeNsec: d.readUInt32BE(offset + 12),
    size: d.readUInt32BE(offset + 36),
    stage: (flags >> 12) & 3,
    oid: d.subarray(offset + 40, offset + 40 + index.hashBytes),
  };
}

/**
 * The entries of one folder (relative to the top level, `/`-separated, '' for the top): a walk
 * looks a file up by its folder's entries and its own name instead of building its whole path.
 */
export function entriesIn(index: GitIndex, dir: string): FolderEntries | undefined {
  if (!index.byDir) {
    const byDir = new Map<string, FolderEntries>();
    for (const [name, at] of index.entries) {
      const cut = name.lastIndexOf('/');
      const folder = cut < 0 ? '' : name.slice(0, cut);
      let f = byDir.get(folder);
      if (!f) byDir.set(folder, (f = { names: [], offsets: [] }));
      const base = cut < 0 ? name : name.slice(cut + 1);
      f.names.push(base);
      f.offsets.push(at);
    }
    // Git keeps its entries in the byte order of their paths, so a folder's names come in the order
    // of their code points; JavaScript compares UTF-16 units, which differs only where a name holds
    // a character past U+FFFF. Such a folder is sorted here, once per index.
    for (const f of byDir.values()) {
      let sorted = true;
      for (let i = 1; i < f.names.length && sorted; i++) sorted = f.names[i - 1] < f.names[i];
      if (sorted) continue;
      const order = f.names.map((_, i) => i).sort((a, b) => (f.names[a] < f.names[b] ? -1 : f.names[a] > f.names[b] ? 1 : 0));
      f.names = order.map((i) => f.names[i]);
      f.offsets = order.map((i) => f.offsets[i]);
    }
    index.byDir = byDir;
  }
  return index.byDir.get(dir);
}

/** Git's varint for v4 path compression (offset encoding: each continuation adds one). */
function varint(d: Buffer, at: number): { value: number; next: number } | undefined {
  let c = d[at++];
  if (c === undefined) return undefined;
  let value = c & 127;
  while (c & 128) {
    c = d[at++];
    if (c === undefined || value > 1 << 24) return undefined;
    value = ((value + 1) << 7) | (c & 127);
  }
  return { value, next: at };
}

/** Parses an index held in memory; undefined when it is not one this reader understands. */
export function parseGitIndex(data: Buffer, hashBytes = 20, mtimeMs = 0): GitIndex | undefined {
  if (data.length < 12 || data.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = data.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  const count = data.readUInt32BE(8);
  const entries = new Map<string, number>();
  let at = 12;
  let previous = '';
  const fixed = 40 + hashBytes + 2;
  for (let i = 0; i < count; i++) {
    const start = at;
    if (start + fixed > data.length) return undefined;
    const flags = data.readUInt16BE(start + 40 + hashBytes);
    at = start + fixed;
    // Version 3 and later: the extended flag adds two bytes (skip-worktree, intent-to-add).
    if (flags & 0x4000) {
      if (version < 3) return undefined;
      at += 2;
    }
    let name: string;
    if (version === 4) {
      const strip = varint(data, at);
      if (!strip || strip.value > previous.length) return undefined;
      const end = data.indexOf(0, strip.next);
      if (end < 0) return undefined;
      name = previous.slice(0, previous.length - strip.value) + data.toString('utf8', strip.next, end);
      at = end + 1;
    } else {
      const end = data.indexOf(0, at);
      if (end < 0) return undefined;
      name = data.toString('utf8', at, end);
      // Entries are padded with 1–8 NULs to a multiple of eight bytes.
      at = start + ((end - start + 8) & ~7);
    }
    if (at > data.length) return undefined;
    previous = name;
    // Of a conflict's stages, the first one seen stands for the path; any stage marks it changed.
    const stage = (flags >> 12) & 3;
    if (!entries.has(name) || stage !== 0) entries.set(name, start);
  }
  const index: GitIndex = { mtimeMs, hashBytes, entries, data, view: new DataView(data.buffer, data.byteOffset, data.byteLength) };
  const tree = cacheTreeRoot(data, at, hashBytes);
  if (tree) index.rootTree = tree;
  return index;
}

/** The root of the cache-tree extension (`TREE`), when it is valid: "<path>\0<entries> <subtrees>\n<oid>". */
function cacheTreeRoot(data: Buffer, at: number, hashBytes: number): Buffer | undefined {
  // Extensions follow the entries, each a 4-byte signature and a 4-byte size; the checksum ends the file.
  while (at + 8 <= data.length - hashBytes) {
    const sig = data.toString('latin1', at, at + 4);
    const size = data.readUInt32BE(at + 4);
    const body = at + 8;
    if (body + size > data.length) return undefined;
    if (sig === 'TREE') {
      const nul = data.indexOf(0, body);
      const nl = data.indexOf(10, nul);
      if (nul !== body || nl < 0 || nl > body + size) return undefined; // The root's path is empty.
      const count = Number.parseInt(data.toString('latin1', nul + 1, nl).split(' ')[0], 10);
      if (!(count >= 0) || nl + 1 + hashBytes > body + size) return undefined;
      return data.subarray(nl + 1, nl + 1 + hashBytes);
    }
    at = body + size;
  }
  return undefined;
}

const cache = new Map<string, { stamp: string; index: GitIndex | undefined }>();

/** The index at `file` (a repository's `<gitDir>/index`), parsed once per change on disk. */
export function readGitIndex(file: string, hashBytes = 20): GitIndex | undefined {
  try {
    const st = statSync(file);
    if (!st.isFile() || st.size > MAX_INDEX_BYTES) return undefined;
    const stamp = `${st.mtimeMs}:${st.size}:${st.ino}:${hashBytes}`;
    const hit = cache.get(file);
    if (hit && hit.stamp === stamp) return hit.index;
    const index = parseGitIndex(readFileSync(file), hashBytes, st.mtimeMs);
    if (cache.size >= 8) cache.delete(cache.keys().next().value!);
    cache.set(file, { stamp, index });
    return index;
  } catch {
    return undefined;
  }
}
