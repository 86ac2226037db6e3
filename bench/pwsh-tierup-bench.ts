/**
 * `npx tsx bench/pwsh-tierup-bench.ts [lines] [idle seconds]`: what judging PowerShell lines costs
 * a long-lived process (the extension host) under V8's default WebAssembly tiering, against the
 * flags the CLI runs with (--liftoff-only --wasm-lazy-compilation), and against --liftoff-only set
 * only while the PowerShell grammar compiles and then taken back (BLAST_RADIUS_WASM_FLAGS, see
 * bench/pwsh-tierup-entry.ts). For each: CPU of every thread and the main thread's wall time at
 * each point; a timer that fires late means the main thread was held. Prints figures only.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { bundleEngineEntry } from './engine-bundle-bench';

const ROOT = path.resolve(__dirname, '..');
const lines = process.argv[2] ?? '200';
const idle = process.argv[3] ?? '20';

interface Point {
  at: string;
  wallMs: number;
  cpuMs: number;
  threads?: Record<string, number>;
}

const RUNS: { label: string; flags: string[]; env?: Record<string, string> }[] = [
  { label: 'default V8 flags (the extension host)', flags: [] },
  { label: '--liftoff-only --wasm-lazy-compilation (the CLI)', flags: ['--liftoff-only', '--wasm-lazy-compilation'] },
  { label: '--liftoff-only only while the PowerShell grammar compiles', flags: [], env: { BLAST_RADIUS_WASM_FLAGS: '--liftoff-only', BLAST_RADIUS_WASM_FLAGS_RESTORE: '--no-liftoff-only' } },
];

const { dir, outfile } = bundleEngineEntry(path.join(ROOT, 'bench', 'pwsh-tierup-entry.ts'));
try {
  for (const run of RUNS) {
    const r = spawnSync(process.execPath, [...run.flags, outfile, ROOT, lines, idle], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...run.env } });
    console.log(`\n${run.label}: exit ${r.status ?? r.signal}`);
    if (r.status !== 0) {
      console.log(r.stderr);
      continue;
    }
    const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { points: Point[]; firstPassMedianUs: number; secondPassMedianUs: number };
    for (const p of out.points) {
      const threads = Object.entries(p.threads ?? {}).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v} ms`).join(', ');
      console.log(`  ${p.at.padEnd(28)} wall ${String(p.wallMs).padStart(6)} ms   CPU, all threads ${String(p.cpuMs).padStart(6)} ms   ${threads}`);
    }
    console.log(`  a line's median: ${out.firstPassMedianUs.toFixed(1)} µs on the first pass, ${out.secondPassMedianUs.toFixed(1)} µs after the idle time`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
