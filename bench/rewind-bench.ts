/**
 * What Rewind costs: the baseline store's memory for a 10,000-file workspace, and the rewind
 * history's after an agent rewrites and deletes a share of it, each under the bound the user sets
 * (blastRadius.baseline.maxFileSizeKB / maxTotalSizeMB, blastRadius.rewind.maxHistoryMB). Both keep
 * their bytes in memory only: their disk use is nil, and Rewind's one use of disk (files created
 * since, moved aside) is printed too. The workspace is generated on disk (a seeded mix of small and
 * large text files, binary files and a few over the per-file cap) and read the way the baseline
 * scan reads it, through the same accounting (core/watch/baseline-bytes.ts, content-history.ts).
 *
 * Run: `npm run bench:rewind` (optionally `-- --files 10000`). Prints figures; never fails on them.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../src/core/settings';
import { BaselineBytes } from '../src/core/watch/baseline-bytes';
import { ContentHistory } from '../src/core/watch/content-history';

const MB = 1024 * 1024;

/** A small seeded generator (mulberry32), so every run builds the same workspace. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Made {
  file: string;
  size: number;
}

/** One file's bytes: text lines of source-like words, or bytes with NULs (binary). */
function content(rand: () => number, size: number, binary: boolean): Buffer {
  if (binary) {
    const b = Buffer.alloc(size);
    for (let i = 0; i < size; i++) b[i] = rand() < 0.1 ? 0 : Math.floor(rand() * 256);
    return b;
  }
  const words = ['const', 'value', 'return', 'function', 'import', 'export', 'if', 'else', '{', '}', '=', 'resource', 'name', '"x"'];
  const parts: string[] = [];
  let n = 0;
  while (n < size) {
    const line = Array.from({ length: 1 + Math.floor(rand() * 9) }, () => words[Math.floor(rand() * words.length)]).join(' ') + '\n';
    parts.push(line);
    n += line.length;
  }
  return Buffer.from(parts.join('').slice(0, size));
}

/** The size mix of a source repository: mostly small text, some larger, binary assets, a few huge files. */
function pickSize(rand: () => number): { size: number; binary: boolean } {
  const r = rand();
  if (r < 0.75) return { size: 1024 + Math.floor(rand() * 5 * 1024), binary: false };
  if (r < 0.93) return { size: 6 * 1024 + Math.floor(rand() * 24 * 1024), binary: false };
  if (r < 0.99) return { size: 4 * 1024 + Math.floor(rand() * 56 * 1024), binary: true };
  if (r < 0.998) return { size: 100 * 1024 + Math.floor(rand() * 400 * 1024), binary: false };
  return { size: 1100 * 1024 + Math.floor(rand() * 900 * 1024), binary: rand() < 0.5 };
}

function makeWorkspace(dir: string, count: number): Made[] {
  const rand = rng(19);
  const made: Made[] = [];
  for (let i = 0; i < count; i++) {
    const { size, binary } = pickSize(rand);
    const file = path.join(dir, `pkg${i % 40}`, `mod${i % 7}`, `f${i}.${binary ? 'bin' : 'ts'}`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content(rand, size, binary));
    made.push({ file, size });
  }
  return made;
}

function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/** Memory the process holds outside and inside the V8 heap, in bytes. */
function memory(): number {
  settle();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function mb(n: number): string {
  return `${(n / MB).toFixed(1)} MB`;
}

const hash = (b: Uint8Array): string => createHash('sha1').update(b).digest('base64');

/** Reads the workspace into the baseline store's accounting under the given caps, as the scan does. */
function baselines(made: readonly Made[], fileKB: number, totalMB: number): { store: BaselineBytes; refusedFile: number; refusedTotal: number; memory: number; ms: number } {
  let refusedFile = 0;
  let refusedTotal = 0;
  const before = memory();
  const started = performance.now();
  const store = new BaselineBytes(
    () => ({ file: fileKB * 1024, total: totalMB * MB }),
    (r) => (r.kind === 'file' ? refusedFile++ : refusedTotal++),
  );
  for (const m of made) {
    // The scan stats first and never reads a file over the per-file cap.
    if (statSync(m.file).size > fileKB * 1024) {
      refusedFile++;
      continue;
    }
    store.set(m.file, new Uint8Array(readFileSync(m.file)));
  }
  const ms = performance.now() - started;
  return { store, refusedFile, refusedTotal, memory: memory() - before, ms };
}

/**
 * An agent rewrites `rewrites` files and deletes `deletes` more: each step keeps the bytes before
 * (from the baseline) and after, as the ledger does, in a history bounded by `maxMB`.
 */
function history(store: BaselineBytes, made: readonly Made[], rewrites: number, deletes: number, maxMB: number): { history: ContentHistory; memory: number; steps: number } {
  const rand = rng(7);
  const before = memory();
  const h = new ContentHistory(hash, () => maxMB * MB);
  let steps = 0;
  for (let i = 0; i < rewrites + deletes && i < made.length; i++) {
    const m = made[(i * 7919) % made.length];
    const old = store.get(m.file);
    if (old) h.keep(old);
    if (i < rewrites) {
      const next = content(rand, Math.max(64, Math.floor((old?.length ?? 2048) * (0.8 + rand() * 0.4))), false);
      h.keep(new Uint8Array(next));
    }
    steps++;
  }
  return { history: h, memory: memory() - before, steps };
}

function main(): void {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--files');
  const count = at >= 0 ? Number(argv[at + 1]) : 10_000;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'br-rewind-bench-'));
  try {
    const t0 = performance.now();
    const made = makeWorkspace(dir, count);
    const onDisk = made.reduce((n, m) => n + m.size, 0);
    console.log(`Workspace: ${made.length} files, ${mb(onDisk)} on disk (generated in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    if (!(globalThis as { gc?: unknown }).gc) console.log('(run with --expose-gc for steadier memory figures: npm run bench:rewind does)');
    const d = DEFAULT_SETTINGS;
    console.log('\nBaseline store (memory only; nothing on disk):');
    for (const [fileKB, totalMB] of [
      [d.baselineMaxFileKB, d.baselineMaxTotalMB],
      [d.baselineMaxFileKB, 32],
      [256, 256],
    ] as const) {
      const b = baselines(made, fileKB, totalMB);
      const label = `maxFileSizeKB ${fileKB}, maxTotalSizeMB ${totalMB}${fileKB === d.baselineMaxFileKB && totalMB === d.baselineMaxTotalMB ? ' (defaults)' : ''}`;
      console.log(`  ${label.padEnd(52)} ${String(b.store.size).padStart(6)} files kept, ${mb(b.store.total).padStart(9)} of bytes, ${mb(b.memory).padStart(9)} of memory; refused ${b.refusedFile} over the file cap, ${b.refusedTotal} past the total; read in ${(b.ms / 1000).toFixed(1)} s`);
    }
    const full = baselines(made, d.baselineMaxFileKB, d.baselineMaxTotalMB);
    console.log('\nRewind history after an agent rewrites 2,000 files and deletes 1,000 (memory only):');
    for (const maxMB of [d.rewindMaxHistoryMB, 16]) {
      const h = history(full.store, made, 2000, 1000, maxMB);
      const f = h.history.figures();
      const label = `maxHistoryMB ${maxMB}${maxMB === d.rewindMaxHistoryMB ? ' (default)' : ''}`;
      console.log(`  ${label.padEnd(52)} ${String(f.contents).padStart(6)} contents, ${mb(f.bytes).padStart(9)} of bytes, ${mb(h.memory).padStart(9)} of memory; ${f.dropped} dropped (the preview names their files as not restorable)`);
    }
    const created = made.slice(0, 50).reduce((n, m) => n + m.size, 0);
    console.log(`\nDisk: Rewind writes only the files created since the chosen step, moved aside under the extension's storage (rewound/<time>/): ${mb(created)} for 50 files of this mix.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
