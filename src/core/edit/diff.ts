/**
 * A line diff built for scoring, not for display: the common head and tail are skipped by
 * comparing characters in chunks, the middle is anchored on lines that occur once on each side
 * (patience diff), and only small gaps between anchors get an exact LCS. Work is capped; when a
 * gap is too large to align, it becomes one replace hunk and the diff says it was capped.
 * Line-ending differences (CRLF vs LF) do not count as changes.
 */

/** A changed region: before lines [beforeStart, beforeEnd) became after lines [afterStart, afterEnd). 0-based. */
export interface Hunk {
  beforeStart: number;
  beforeEnd: number;
  afterStart: number;
  afterEnd: number;
}

export interface LineDiff {
  hunks: Hunk[];
  /** True when some part was too large to align and was treated as wholly replaced. */
  capped: boolean;
  added: number;
  removed: number;
  /** Offsets of the first and one-past-last changed character region (line aligned) in each text. */
  beforeRegion: { start: number; end: number };
  afterRegion: { start: number; end: number };
}

/** Gaps without a unique anchor are aligned exactly only when rows × columns stay under this. */
const LCS_CELLS = 250_000;
/** Anchoring stops after this many rounds; what is left becomes replace hunks. */
const MAX_ROUNDS = 20_000;
/**
 * When more lines than this change, the edit is a rewrite: aligning it line by line costs time
 * and tells rules nothing useful, so it becomes one replace hunk and the diff says it was capped.
 */
const MAX_CHANGED_LINES = 10_000;
/** Also a rewrite: more than this many changed lines making up most of the file. */
const REWRITE_LINES = 2_000;

const CHUNK = 1024;

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= n && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let i = 0;
  const la = a.length;
  const lb = b.length;
  while (i + CHUNK <= limit && a.slice(la - i - CHUNK, la - i) === b.slice(lb - i - CHUNK, lb - i)) i += CHUNK;
  while (i < limit && a.charCodeAt(la - i - 1) === b.charCodeAt(lb - i - 1)) i++;
  return i;
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  let p = text.indexOf('\n');
  while (p !== -1 && p < end) {
    n++;
    p = text.indexOf('\n', p + 1);
  }
  return n;
}

function splitMiddle(text: string): string[] {
  if (!text) return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function emptyDiff(): LineDiff {
  return { hunks: [], capped: false, added: 0, removed: 0, beforeRegion: { start: 0, end: 0 }, afterRegion: { start: 0, end: 0 } };
}

/** Diffs two texts by lines. Never throws; bounded by the caps above. */
export function diffLines(a: string, b: string): LineDiff {
  if (a === b) return emptyDiff();
  const p = commonPrefix(a, b);
  const ls = p === 0 ? 0 : a.lastIndexOf('\n', p - 1) + 1;
  const limit = Math.min(a.length, b.length) - ls;
  const s = commonSuffix(a, b, limit);
  let ea = a.length - s;
  let eb = b.length - s;
  // The common tail must start at a line start in both texts; otherwise move it to the next one.
  if ((ea > ls && a.charCodeAt(ea - 1) !== 10) || (eb > ls && b.charCodeAt(eb - 1) !== 10)) {
    const nl = a.indexOf('\n', ea);
    ea = nl === -1 ? a.length : nl + 1;
    eb = b.length - (a.length - ea);
  }
  const prefixLines = countNewlines(a, ls);
  const A = splitMiddle(a.slice(ls, ea));
  const B = splitMiddle(b.slice(ls, eb));
  const ids = new Map<string, number>();
  const intern = (line: string): number => {
    const key = line.endsWith('\r') ? line.slice(0, -1) : line;
    let v = ids.get(key);
    if (v === undefined) {
      v = ids.size;
      ids.set(key, v);
    }
    return v;
  };
  const ai = Int32Array.from(A, intern);
  const bi = Int32Array.from(B, intern);
  const state = { capped: false, rounds: 0 };
  const raw: Hunk[] = [];
  alignRange(ai, bi, raw, state);
  raw.sort((x, y) => x.beforeStart - y.beforeStart || x.afterStart - y.afterStart);
  const hunks: Hunk[] = [];
  let added = 0;
  let removed = 0;
  for (const h of raw) {
    const shifted = {
      beforeStart: h.beforeStart + prefixLines,
      beforeEnd: h.beforeEnd + prefixLines,
      afterStart: h.afterStart + prefixLines,
      afterEnd: h.afterEnd + prefixLines,
    };
    const last = hunks[hunks.length - 1];
    if (last && last.beforeEnd === shifted.beforeStart && last.afterEnd === shifted.afterStart) {
      last.beforeEnd = shifted.beforeEnd;
      last.afterEnd = shifted.afterEnd;
    } else hunks.push(shifted);
    added += h.afterEnd - h.afterStart;
    removed += h.beforeEnd - h.beforeStart;
  }
  const total = prefixLines * 2 + A.length + B.length;
  const rewrite = added + removed > MAX_CHANGED_LINES || (added + removed > REWRITE_LINES && (added + removed) * 2 > total);
  if (rewrite && hunks.length > 1) {
    const first = hunks[0];
    const last = hunks[hunks.length - 1];
    hunks.length = 0;
    hunks.push({ beforeStart: first.beforeStart, beforeEnd: last.beforeEnd, afterStart: first.afterStart, afterEnd: last.afterEnd });
    added = last.afterEnd - first.afterStart;
    removed = last.beforeEnd - first.beforeStart;
    state.capped = true;
  }
  return {
    hunks,
    capped: state.capped,
    added,
    removed,
    beforeRegion: { start: ls, end: ea },
    afterRegion: { start: ls, end: eb },
  };
}

interface Task {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

function alignRange(A: Int32Array, B: Int32Array, out: Hunk[], state: { capped: boolean; rounds: number }): void {
  const stack: Task[] = [{ a0: 0, a1: A.length, b0: 0, b1: B.length }];
  while (stack.length) {
    const t = stack.pop()!;
    let { a0, a1, b0, b1 } = t;
    while (a0 < a1 && b0 < b1 && A[a0] === B[b0]) {
      a0++;
      b0++;
    }
    while (a1 > a0 && b1 > b0 && A[a1 - 1] === B[b1 - 1]) {
      a1--;
      b1--;
    }
    if (a0 === a1 && b0 === b1) continue;
    if (a0 === a1 || b0 === b1) {
      out.push({ beforeStart: a0, beforeEnd: a1, afterStart: b0, afterEnd: b1 });
      continue;
    }
    if (++state.rounds > MAX_ROUNDS) {
      state.capped = true;
      out.push({ beforeStart: a0, beforeEnd: a1, afterStart: b0, afterEnd: b1 });
      continue;
    }
    const anchors = uniqueAnchors(A, a0, a1, B, b0, b1);
    if (anchors.length) {
      let pa = a0;
      let pb = b0;
      for (const [ia, ib] of anchors) {
        stack.push({ a0: pa, a1: ia, b0: pb, b1: ib });
        pa = ia + 1;
        pb = ib + 1;
      }
      stack.push({ a0: pa, a1, b0: pb, b1 });
      continue;
    }
    if ((a1 - a0) * (b1 - b0) <= LCS_CELLS) lcs(A, a0, a1, B, b0, b1, out);
    else {
      state.capped = true;
      out.push({ beforeStart: a0, beforeEnd: a1, afterStart: b0, afterEnd: b1 });
    }
  }
}

/** Lines that occur exactly once on each side, kept in an order that is increasing on both (LIS). */
function uniqueAnchors(A: Int32Array, a0: number, a1: number, B: Int32Array, b0: number, b1: number): [number, number][] {
  const inA = new Map<number, number>();
  for (let i = a0; i < a1; i++) {
    const v = A[i];
    const c = inA.get(v);
    inA.set(v, c === undefined ? i : -1);
  }
  const inB = new Map<number, number>();
  for (let j = b0; j < b1; j++) {
    const v = B[j];
    if (!inA.has(v)) continue;
    const c = inB.get(v);
    inB.set(v, c === undefined ? j : -1);
  }
  const pairs: [number, number][] = [];
  for (let i = a0; i < a1; i++) {
    const ia = inA.get(A[i]);
    if (ia === undefined || ia < 0) continue;
    const jb = inB.get(A[i]);
    if (jb === undefined || jb < 0) continue;
    pairs.push([i, jb]);
  }
  if (!pairs.length) return [];
  // Longest increasing subsequence on the B index (patience sorting), O(n log n).
  const tails: number[] = [];
  const prev = new Int32Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    const v = pairs[k][1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]][1] < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1];
    tails[lo] = k;
  }
  const out: [number, number][] = [];
  for (let k = tails[tails.length - 1]; k >= 0; k = prev[k]) out.push(pairs[k]);
  return out.reverse();
}

/** Exact LCS for a small gap; emits the non-matching runs as hunks. */
function lcs(A: Int32Array, a0: number, a1: number, B: Int32Array, b0: number, b1: number, out: Hunk[]): void {
  const n = a1 - a0;
  const m = b1 - b0;
  const w = m + 1;
  const t = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      t[i * w + j] = A[a0 + i] === B[b0 + j] ? t[(i + 1) * w + j + 1] + 1 : Math.max(t[(i + 1) * w + j], t[i * w + j + 1]);
    }
  }
  let i = 0;
  let j = 0;
  let hs = -1;
  let hj = -1;
  const flush = (): void => {
    if (hs >= 0) out.push({ beforeStart: a0 + hs, beforeEnd: a0 + i, afterStart: b0 + hj, afterEnd: b0 + j });
    hs = -1;
  };
  while (i < n || j < m) {
    if (i < n && j < m && A[a0 + i] === B[b0 + j]) {
      flush();
      i++;
      j++;
      continue;
    }
    if (hs < 0) {
      hs = i;
      hj = j;
    }
    if (j >= m || (i < n && t[(i + 1) * w + j] >= t[i * w + j + 1])) i++;
    else j++;
  }
  flush();
}

/**
 * The after line that now stands where a before line was: for unchanged lines their new number,
 * for removed lines the first line after the change (clamped into the after text).
 */
export function survivingLine(diff: LineDiff, beforeLine: number, afterLineCount: number): number {
  return acrossHunks(diff.hunks, beforeLine, afterLineCount, 'before', 'after');
}

/**
 * The before line that stood where an after line is now: for unchanged lines their old number,
 * for added or changed lines the first line of the region they replaced (clamped into the before
 * text). What a pointer into the last known version aims at for a finding on the current text.
 */
export function formerLine(diff: LineDiff, afterLine: number, beforeLineCount: number): number {
  return acrossHunks(diff.hunks, afterLine, beforeLineCount, 'after', 'before');
}

/** A line of the `from` text carried to the `to` text: shifted past earlier hunks, or to the start of the hunk it falls in. */
function acrossHunks(hunks: readonly Hunk[], line: number, toLineCount: number, from: 'before' | 'after', to: 'before' | 'after'): number {
  let delta = 0;
  for (const h of hunks) {
    if (line < h[`${from}Start`]) break;
    if (line < h[`${from}End`]) return clampLine(h[`${to}Start`], toLineCount);
    delta = h[`${to}End`] - h[`${from}End`];
  }
  return clampLine(line + delta, toLineCount);
}

function clampLine(line: number, count: number): number {
  return Math.max(0, Math.min(line, Math.max(0, count - 1)));
}
