/**
 * What counting a deletion's target costs (issue 15: ≤ 20 ms for a 10,000-file tree with a warm
 * file cache, in process): a git repository of 10,000 files in 100 folders, 9,970 committed
 * (written an hour before the commit, so stat decides as it does in a real tree), 20 of them
 * changed since and 30 untracked; `countImpact` of the whole tree, cold (the index parsed) and
 * warm (the index cached, the file cache warm). Prints figures; never fails on timings.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countImpact } from '../src/node/impact-reader';

const TARGET_MS = 20;
const FOLDERS = 100;
const PER_FOLDER = 100;
const CHANGED = 20;
const UNTRACKED = 30;
const WARM_REPS = 30;

const q = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd, stdio: 'ignore' });
}

export function runImpactBench(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'br-impact-bench-'));
  try {
    git(dir, 'init', '-q');
    const old = new Date(Date.now() - 3_600_000);
    const files: string[] = [];
    for (let d = 0; d < FOLDERS; d++) {
      mkdirSync(path.join(dir, 'src', `m${d}`), { recursive: true });
      for (let f = 0; f < PER_FOLDER; f++) {
        if (files.length >= FOLDERS * PER_FOLDER - UNTRACKED) break;
        const file = path.join(dir, 'src', `m${d}`, `f${f}.ts`);
        writeFileSync(file, `export const v${f} = ${d * f};\n// module ${d}, file ${f}\n`);
        utimesSync(file, old, old);
        files.push(file);
      }
    }
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'tree');
    for (let i = 0; i < CHANGED; i++) writeFileSync(files[i * 97], 'changed since the commit\nand longer than before\n');
    for (let i = 0; i < UNTRACKED; i++) writeFileSync(path.join(dir, 'src', `m${FOLDERS - 1}`, `new${i}.ts`), 'untracked\n');
    const target = path.join(dir, 'src');
    const bounds = { maxMs: 60_000 };
    const t0 = process.hrtime.bigint();
    const first = countImpact(target, { bounds })!;
    const cold = Number(process.hrtime.bigint() - t0) / 1e6;
    const warm: number[] = [];
    // CPU time too: on a shared machine the wall clock mostly measures the other processes.
    const cpu: number[] = [];
    for (let r = 0; r < WARM_REPS; r++) {
      const t = process.hrtime.bigint();
      const u = process.cpuUsage();
      countImpact(target, { bounds });
      const used = process.cpuUsage(u);
      warm.push(Number(process.hrtime.bigint() - t) / 1e6);
      cpu.push((used.user + used.system) / 1000);
    }
    // The floor on this machine: listing the same folders and lstat of every file, nothing else.
    const floor: number[] = [];
    const floorCpu: number[] = [];
    for (let r = 0; r < WARM_REPS; r++) {
      const t = process.hrtime.bigint();
      const u = process.cpuUsage();
      for (const d of readdirSync(target)) for (const f of readdirSync(path.join(target, d))) lstatSync(path.join(target, d, f));
      const used = process.cpuUsage(u);
      floor.push(Number(process.hrtime.bigint() - t) / 1e6);
      floorCpu.push((used.user + used.system) / 1000);
    }
    const ok = (ms: number): string => (ms <= TARGET_MS ? 'ok' : `OVER ${TARGET_MS} ms`);
    console.log(`impact bench: ${first.files} files (${first.tracked} tracked, ${first.modified} modified, ${first.untracked} untracked, ${first.lines} lines lost, bounded ${first.bounded})`);
    console.log(`  cold ${cold.toFixed(1)} ms; warm p50 ${q(warm, 0.5).toFixed(1)} ms p90 ${q(warm, 0.9).toFixed(1)} ms ${ok(q(warm, 0.5))} (target ≤ ${TARGET_MS} ms); readdir and lstat alone p50 ${q(floor, 0.5).toFixed(1)} ms`);
    console.log(`  CPU time: warm p50 ${q(cpu, 0.5).toFixed(1)} ms ${ok(q(cpu, 0.5))}; readdir and lstat alone p50 ${q(floorCpu, 0.5).toFixed(1)} ms (count / floor ${(q(cpu, 0.5) / q(floorCpu, 0.5)).toFixed(2)})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) runImpactBench();
