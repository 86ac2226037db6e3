/**
 * `npm run bench:unit`: how long `npm run test:unit` takes, the way a developer waits for it.
 * Runs the whole script (npm, mocha, tsx, every test) several times and prints the wall time of
 * each run, its CPU time (what a busy machine does not inflate much), the time mocha reports for
 * its tests, the machine's load average while it ran, and the ten files whose tests took longest in the median run. Target: under 10 s wall on a quiet
 * machine. Prints figures; never fails on timings (a failing test run is reported, not hidden).
 * Usage: tsx bench/unit-bench.ts [runs]   (3 by default; the median is the figure to quote)
 *        tsx bench/unit-bench.ts [runs] --against DIR
 *   runs test:unit in DIR (another checkout, say of main, with its node_modules) and here in turn,
 *   DIR first, and also prints the median of the ratios here/DIR taken pair by pair: on a shared
 *   machine whose load moves, the figure to compare two trees by.
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

function runOnce(out: string, cwd = ROOT): Run | string {
  const load0 = os.loadavg()[0];
  const cpu0 = childrenCpuS();
  const t0 = performance.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'test:unit', '--', '--reporter', 'json', '--reporter-option', `output=${out}`], {
    cwd,
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
    const file = t.file ? path.relative(cwd, t.file).split(path.sep).join('/') : '(unknown file)';
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

function runLine(label: string, r: Run | string): string {
  if (typeof r === 'string') return `  ${label}: ${r}`;
  const failed = r.failures ? `, ${r.failures} FAILED` : '';
  const cpu = r.cpuS === undefined ? '' : `, CPU ${r.cpuS.toFixed(1)} s`;
  return [`  ${label}: wall ${r.wallS.toFixed(1)} s${cpu}, mocha ${r.mochaS.toFixed(1)} s, ${r.tests} tests${failed}, load ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)}`, ...r.failed.map((f) => `    failed: ${f}`)].join('\n');
}

function summary(done: Run[], indent = '  '): string {
  const wall = median(done.map((r) => r.wallS));
  const loads = done.flatMap((r) => r.load);
  const cpus = done.flatMap((r) => (r.cpuS === undefined ? [] : [r.cpuS]));
  const cpu = cpus.length ? `, median CPU ${median(cpus).toFixed(1)} s` : '';
  return `${indent}median wall ${wall.toFixed(1)} s (target < ${TARGET_S} s on a quiet machine: ${wall < TARGET_S ? 'ok' : 'OVER'})${cpu}, median mocha ${median(done.map((r) => r.mochaS)).toFixed(1)} s, load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${os.cpus().length} cores`;
}

function main(): void {
  const args = process.argv.slice(2);
  const at = args.indexOf('--against');
  const against = at >= 0 ? path.resolve(args[at + 1] ?? '.') : undefined;
  const runs = Math.max(1, Number(args.find((a, i) => (at < 0 || i !== at + 1) && /^\d+$/.test(a))) || 3);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'br-unit-bench-'));
  const done: Run[] = [];
  const pairs: [Run, Run][] = [];
  const others: Run[] = [];
  try {
    console.log(`npm run test:unit, ${runs} runs (${os.cpus().length} cores)${against ? `, in turn with ${against}` : ''}`);
    for (let i = 0; i < runs; i++) {
      let other: Run | string | undefined;
      if (against) {
        other = runOnce(path.join(tmp, `other-${i}.json`), against);
        console.log(runLine(`run ${i + 1}, there`, other));
        if (typeof other !== 'string') others.push(other);
      }
      const r = runOnce(path.join(tmp, `run-${i}.json`));
      console.log(runLine(against ? `run ${i + 1}, here ` : `run ${i + 1}`, r));
      if (typeof r === 'string') continue;
      done.push(r);
      if (other && typeof other !== 'string') pairs.push([r, other]);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (done.length === 0) return;
  console.log(summary(done));
  if (against && others.length) {
    console.log(summary(others, '  there: '));
    const ratio = (f: (r: Run) => number | undefined): string => {
      const xs = pairs.flatMap(([here, there]) => {
        const a = f(here);
        const b = f(there);
        return a === undefined || b === undefined ? [] : [a / b];
      });
      return xs.length ? median(xs).toFixed(2) : '?';
    };
    console.log(`  here/there, median of ${pairs.length} pairs: wall ${ratio((r) => r.wallS)}, CPU ${ratio((r) => r.cpuS)}, mocha ${ratio((r) => r.mochaS)}`);
  }
  // The slowest files of the run whose wall time is the median (or the nearer one above it).
  const mid = [...done].sort((a, b) => a.wallS - b.wallS)[Math.floor(done.length / 2)];
  console.log('  slowest files (that run, sum of their tests):');
  for (const [file, f] of [...mid.perFile].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10)) {
    console.log(`    ${(f.ms / 1000).toFixed(2).padStart(6)} s  ${String(f.tests).padStart(5)} tests  ${file}`);
  }
}

main();
