/**
 * `npm run bench:unit`: how long `npm run test:unit` takes, the way a developer waits for it.
 * Runs the whole script (npm, mocha, tsx, every test) several times and prints the wall time of
 * each run, its CPU time (what a busy machine does not inflate much), the time mocha reports for
 * its tests, the machine's load average while it ran, and the ten files whose tests took longest in the median run. Target: under 10 s wall on a quiet
 * machine. Prints figures; never fails on timings (a failing test run is reported, not hidden).
 * Usage: tsx bench/unit-bench.ts [runs]   (3 by default; the median is the figure to quote)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const TARGET_S = 10;

interface MochaJson {
  stats: { tests: number; passes: number; failures: number; duration: number };
  tests: { file?: string; duration?: number }[];
  failures: { fullTitle?: string; err?: { message?: string } }[];
}

interface Run {
  wallS: number;
  /** CPU time of the whole run (npm, mocha and every process under them), when the system says it. */
  cpuS?: number;
  mochaS: number;
  tests: number;
  failures: number;
  failed: string[];
  /** The 1-minute load average at the start and at the end of the run. */
  load: [number, number];
  perFile: Map<string, { ms: number; tests: number }>;
}

/**
 * CPU seconds used by the children this process has waited for, their own children included
 * (Linux: cutime + cstime of /proc/self/stat, in clock ticks of 1/100 s); undefined elsewhere.
 */
function childrenCpuS(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of the line; the slice starts at field 3.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}

function runOnce(out: string): Run | string {
  const load0 = os.loadavg()[0];
  const cpu0 = childrenCpuS();
  const t0 = performance.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'test:unit', '--', '--reporter', 'json', '--reporter-option', `output=${out}`], {
    cwd: ROOT,
    encoding: 'utf8',
    shell: process.platform === 'win32',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallS = (performance.now() - t0) / 1000;
  const cpu1 = childrenCpuS();
  const cpuS = cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0;
  const load1 = os.loadavg()[0];
  let json: MochaJson;
  try {
    json = JSON.parse(readFileSync(out, 'utf8')) as MochaJson;
  } catch {
    return `npm run test:unit exited ${r.status ?? r.signal} without mocha's report:\n${(r.stderr || r.stdout || '').slice(-2000)}`;
  }
  const perFile = new Map<string, { ms: number; tests: number }>();
  for (const t of json.tests) {
    const file = t.file ? path.relative(ROOT, t.file).split(path.sep).join('/') : '(unknown file)';
    const f = perFile.get(file) ?? { ms: 0, tests: 0 };
    f.ms += t.duration ?? 0;
    f.tests += 1;
    perFile.set(file, f);
  }
  return { wallS, cpuS, mochaS: json.stats.duration / 1000, tests: json.stats.tests, failures: json.stats.failures, failed: json.failures.map((f) => `${f.fullTitle ?? '?'}: ${(f.err?.message ?? '').split('\n')[0].slice(0, 200)}`), load: [load0, load1], perFile };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main(): void {
  const runs = Math.max(1, Number(process.argv[2]) || 3);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'br-unit-bench-'));
  const done: Run[] = [];
  try {
    console.log(`npm run test:unit, ${runs} runs (${os.cpus().length} cores)`);
    for (let i = 0; i < runs; i++) {
      const r = runOnce(path.join(tmp, `run-${i}.json`));
      if (typeof r === 'string') {
        console.log(`  run ${i + 1}: ${r}`);
        continue;
      }
      done.push(r);
      const failed = r.failures ? `, ${r.failures} FAILED` : '';
      const cpu = r.cpuS === undefined ? '' : `, CPU ${r.cpuS.toFixed(1)} s`;
      console.log(`  run ${i + 1}: wall ${r.wallS.toFixed(1)} s${cpu}, mocha ${r.mochaS.toFixed(1)} s, ${r.tests} tests${failed}, load ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}`);
      for (const f of r.failed) console.log(`    failed: ${f}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (done.length === 0) return;
  const wall = median(done.map((r) => r.wallS));
  const loads = done.flatMap((r) => r.load);
  const cpus = done.flatMap((r) => (r.cpuS === undefined ? [] : [r.cpuS]));
  const cpu = cpus.length ? `, median CPU ${median(cpus).toFixed(1)} s` : '';
  console.log(`  median wall ${wall.toFixed(1)} s (target < ${TARGET_S} s on a quiet machine: ${wall < TARGET_S ? 'ok' : 'OVER'})${cpu}, median mocha ${median(done.map((r) => r.mochaS)).toFixed(1)} s, load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${os.cpus().length} cores`);
  // The slowest files of the run whose wall time is the median (or the nearer one above it).
  const mid = [...done].sort((a, b) => a.wallS - b.wallS)[Math.floor(done.length / 2)];
  console.log('  slowest files (that run, sum of their tests):');
  for (const [file, f] of [...mid.perFile].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10)) {
    console.log(`    ${(f.ms / 1000).toFixed(2).padStart(6)} s  ${String(f.tests).padStart(5)} tests  ${file}`);
  }
}

main();
