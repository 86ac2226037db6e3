/**
 * Whole-process cost of `blast-radius check`: what an agent hook pays per command. Compared
 * with a bare `node -e 0`, since starting Node is the floor nobody can go under.
 * Target: at most 2× `node -e 0`. Prints figures; never fails on timings.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export interface CliBenchResult {
  label: string;
  medianMs: number;
  p90Ms: number;
  ratio: number;
}

function timeOnce(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  if (r.status !== 0 && r.status !== 10 && r.status !== 20) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return ms;
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export function runCliBench(opts: { cli?: string; runs?: number; warmup?: number } = {}): CliBenchResult[] {
  const cli = opts.cli ?? process.env.BLAST_RADIUS_CLI ?? path.join(ROOT, 'dist', 'cli.js');
  const runs = opts.runs ?? 20;
  const warmup = opts.warmup ?? 3;
  if (!existsSync(cli)) {
    console.log(`cli bench: ${path.relative(ROOT, cli)} not found; run npm run build first`);
    return [];
  }
  const cases: [string, string[]][] = [
    ['node -e 0', ['-e', '0']],
    ["check -- 'git status'", [cli, 'check', '--', 'git status']],
    ["check -- 'rm -rf ~/'", [cli, 'check', '--', 'rm -rf ~/']],
  ];
  // Rounds interleave the cases, so a busy machine slows all of them alike.
  const times: number[][] = cases.map(() => []);
  const failed = new Map<number, string>();
  for (let round = 0; round < warmup + runs; round++) {
    cases.forEach(([, args], i) => {
      if (failed.has(i)) return;
      try {
        const ms = timeOnce(args);
        if (round >= warmup) times[i].push(ms);
      } catch (e) {
        failed.set(i, e instanceof Error ? e.message.split('\n')[0] : String(e));
      }
    });
  }
  for (const [i, why] of failed) console.log(`cli bench: ${cases[i][0]} failed: ${why}`);
  const sorted = times.map((t) => [...t].sort((a, b) => a - b));
  const baseMedian = quantile(sorted[0], 0.5);
  const results: CliBenchResult[] = cases
    .map(([label], i) => ({ label, medianMs: quantile(sorted[i], 0.5), p90Ms: quantile(sorted[i], 0.9), ratio: quantile(sorted[i], 0.5) / baseMedian }))
    .filter((_, i) => !failed.has(i));
  console.log(`\nCLI process time (median of ${runs} interleaved runs after ${warmup} warm-up; target ≤ 2.0× node -e 0)`);
  for (const r of results) {
    const verdict = r.label === 'node -e 0' ? '' : r.ratio <= 2 ? '  ok' : '  OVER TARGET';
    console.log(`  ${r.label.padEnd(26)} median ${r.medianMs.toFixed(1).padStart(6)} ms   p90 ${r.p90Ms.toFixed(1).padStart(6)} ms   ${r.ratio.toFixed(2)}×${verdict}`);
  }
  return results;
}

if (require.main === module) runCliBench();
