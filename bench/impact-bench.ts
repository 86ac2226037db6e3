/**
 * What counting a deletion's target costs (issue 15: ≤ 20 ms for a 10,000-file tree with a warm
 * file cache, in process): a git repository of 10,000 files in 100 folders, 9,970 committed
 * (written an hour before the commit, so stat decides as it does in a real tree), 20 of them
 * changed since and 30 untracked; `countImpact` of the whole tree, cold (the index parsed), as the
 * first count of the tree (the index cached, the file cache warm, no folder listing kept) and as a
 * repeat count (folder listings kept), beside the floor of readdir and fs.lstatSync alone, the same
 * with the count's own way to look at an entry (src/node/entry-lstat.ts), and beside the
 * other ways Node offers to stat 10,000 files. The first and repeat counts are measured from the
 * sources (through tsx, as every bench here) and as shipped: src/node/impact-reader.ts bundled and
 * minified with the build's options, required into the same process and run in the same rounds
 * (its own module, its own kept listings). Medians (p50) of wall and CPU time over the runs,
 * every way taken in turn so that the machine's load falls on each alike; the load averages before
 * and after. Prints figures; never fails on timings.
 *
 * Last, a count in a fresh process (Node running the shipped bundle, counting the whole tree once:
 * the index read and parsed, the code not yet optimised, as for a CLI hook call): the figure a
 * single `rm -rf` in a new process meets, which the in-process figures leave out.
 *
 *   npm run bench:impact -- [--runs N] [--quiet [LOAD]] [--against DIR] [--fresh N]
 *
 *   --runs N       runs of each way (default 30)
 *   --quiet [LOAD] first wait (at most 15 minutes) until the 1-minute load average is below LOAD
 *                  (default: half the cores), so a rerun on a shared machine measures the code
 *   --fresh N      fresh processes for the last figure (default 12; 0 leaves it out)
 *   --against DIR  another checkout (e.g. /work/main): its countImpact runs on the same tree,
 *                  interleaved with this one's, and the ratio is printed
 */
import { execFileSync } from 'node:child_process';
import fs, { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { entryLstat, entryLstatWay } from '../src/node/entry-lstat';
import { countImpact, forgetFolderListings } from '../src/node/impact-reader';
import { SHIPPED_BUILD } from './engine-bundle-bench';

const TARGET_MS = 20;
const FOLDERS = 100;
const PER_FOLDER = 100;
const CHANGED = 20;
const UNTRACKED = 30;
/** Lstat calls in flight at once for the asynchronous ways (libuv's pool has 4 threads unless UV_THREADPOOL_SIZE says otherwise). */
const CONCURRENCY = 64;

const q = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};

const loadText = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd, stdio: 'ignore' });
}

interface BenchOptions {
  runs: number;
  /** Fresh processes that each count the tree once. */
  fresh: number;
  /** Wait for the 1-minute load average to fall below this first; undefined: do not wait. */
  quiet?: number;
  /** Another checkout whose countImpact runs interleaved with this one's. */
  against?: string;
}

function parseOptions(argv: string[]): BenchOptions {
  const o: BenchOptions = { runs: 30, fresh: 12 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--runs') o.runs = Math.max(1, Number(argv[++i]) || 30);
    else if (a === '--quiet') {
      const next = Number(argv[i + 1]);
      o.quiet = Number.isFinite(next) && next > 0 ? (i++, next) : Math.max(0.5, os.cpus().length / 2);
    } else if (a === '--against') o.against = path.resolve(argv[++i] ?? '.');
    else if (a === '--fresh') o.fresh = Math.max(0, Number(argv[++i]) || 0);
    else throw new Error(`bench:impact: unknown argument ${a} (--runs N, --quiet [LOAD], --against DIR, --fresh N)`);
  }
  return o;
}

/** Sleeps without spinning (the bench must not add to the load it waits out). */
function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function waitForQuiet(limit: number): void {
  const start = Date.now();
  while (os.loadavg()[0] >= limit && Date.now() - start < 15 * 60_000) sleepMs(5000);
  const waited = ((Date.now() - start) / 1000).toFixed(0);
  console.log(os.loadavg()[0] < limit ? `  quiet: the 1-minute load fell below ${limit} after ${waited} s` : `  quiet: the load stayed at or above ${limit} for ${waited} s; measuring anyway`);
}

/** The 10,000-file repository; returns the folder to count. */
function makeTree(dir: string): string {
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
  return path.join(dir, 'src');
}

/** One way to measure; an asynchronous one returns the promise of its end. */
type Way = () => void | Promise<void>;

/**
 * The ways to stat every file that were weighed against the synchronous lstat the count uses (all
 * list the folders the same way). The count needs size, mtime, ctime and inode of every file, and
 * an lstat is the only call that gives them.
 */
function statWays(target: string): Record<string, Way> {
  const folders = readdirSync(target).map((n) => `${target}/${n}`);
  const files = folders.flatMap((d) => readdirSync(d).map((n) => `${d}/${n}`));
  const ways: Record<string, Way> = {
    // Every call through libuv's thread pool, CONCURRENCY in flight: the syscalls run on the pool's
    // threads, but each answer still makes a Stats object on the main thread, plus a request and a callback.
    'async lstat, 64 in flight': () =>
      new Promise<void>((done) => {
        let next = 0;
        let left = files.length;
        const one = (): void => {
          if (next >= files.length) return;
          fs.lstat(files[next++], () => {
            if (--left === 0) done();
            else one();
          });
        };
        for (let i = 0; i < CONCURRENCY; i++) one();
      }),
    'fs.promises.lstat, batches of 256': async () => {
      for (let i = 0; i < files.length; i += 256) await Promise.all(files.slice(i, i + 256).map((f) => fs.promises.lstat(f)));
    },
  };
  // How much of an lstat is the Stats object (Node 20 builds it with four Date objects): Node's
  // internal binding answers in a shared array instead. The count uses it only where it is checked
  // (src/node/entry-lstat.ts); here it is called bare, for the cost of the call alone.
  let binding: { lstat?: (p: string, big: boolean, req: undefined, throwIfNoEntry: boolean) => unknown } | undefined;
  try {
    binding = (process as unknown as { binding: (name: string) => typeof binding }).binding('fs');
  } catch {
    binding = undefined;
  }
  if (Number(process.versions.node.split('.')[0]) >= 20 && typeof binding?.lstat === 'function') {
    const lstat = binding.lstat.bind(binding);
    ways['lstat without a Stats object (internal)'] = () => {
      for (const f of files) lstat(f, false, undefined, false);
    };
  }
  return ways;
}

/**
 * src/node/impact-reader.ts as the extension and the CLI run it: bundled and minified with the
 * options scripts/build.mjs gives every bundle, into `dir`. The sources through tsx pay for a
 * getter on every call into another module and for run-time renaming, which no bundle has.
 */
function shippedBundle(dir: string, root = path.join(__dirname, '..'), name = 'impact-reader.js'): string {
  const outfile = path.join(dir, name);
  esbuild.buildSync({ ...SHIPPED_BUILD, entryPoints: [path.join(root, 'src', 'node', 'impact-reader.ts')], outfile });
  return outfile;
}

/** What a fresh process runs: require the bundle, count the tree once, print the count's wall and CPU time. */
const FRESH_SCRIPT = `const m = require(process.argv[1]);
const t = process.hrtime.bigint(), u = process.cpuUsage();
const c = m.countImpact(process.argv[2], { bounds: { maxMs: 60000 } });
const x = process.cpuUsage(u);
console.log(JSON.stringify({ wall: Number(process.hrtime.bigint() - t) / 1e6, cpu: (x.user + x.system) / 1000, files: c.files }));`;

function freshCount(bundle: string, target: string): { wall: number; cpu: number } {
  const out = execFileSync(process.execPath, ['-e', FRESH_SCRIPT, bundle, target], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { wall: number; cpu: number };
}

export async function runImpactBench(argv: string[] = []): Promise<void> {
  const opts = parseOptions(argv);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'br-impact-bench-'));
  const bundleDir = mkdtempSync(path.join(os.tmpdir(), 'br-impact-bench-bundle-'));
  try {
    console.log(`impact bench: Node ${process.versions.node}, ${os.cpus().length} cores, UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}; load averages (1, 5, 15 min) at start ${loadText()}`);
    if (opts.quiet !== undefined) waitForQuiet(opts.quiet);
    const target = makeTree(dir);
    const bounds = { maxMs: 60_000 };
    // A folder changed in the last two seconds is listed afresh every time (see listFolder); the
    // tree an agent deletes has usually settled longer than that.
    sleepMs(2100);
    const t0 = process.hrtime.bigint();
    const first = countImpact(target, { bounds })!;
    const cold = Number(process.hrtime.bigint() - t0) / 1e6;
    // The count's three ways: with every folder listing forgotten (the index parsed and the file
    // cache warm: the first count of a tree), a repeat count (the listings kept, as for the next
    // command in the same tree), and the floor, listing the same folders and an lstat of every
    // file, nothing else.
    const ways: Record<string, Way> = {
      first: () => {
        forgetFolderListings();
        countImpact(target, { bounds });
      },
      repeat: () => void countImpact(target, { bounds }),
      floor: () => {
        for (const d of readdirSync(target, { withFileTypes: true })) {
          const sub = `${target}/${d.name}`;
          for (const f of readdirSync(sub, { withFileTypes: true })) lstatSync(`${sub}/${f.name}`, { throwIfNoEntry: false });
        }
      },
      'floor, entryLstat': () => {
        for (const d of readdirSync(target, { withFileTypes: true })) {
          const sub = `${target}/${d.name}`;
          for (const f of readdirSync(sub, { withFileTypes: true })) entryLstat(`${sub}/${f.name}`);
        }
      },
    };
    const shippedFile = shippedBundle(bundleDir);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const shipped = require(shippedFile) as typeof import('../src/node/impact-reader');
    ways['as shipped: first'] = () => {
      shipped.forgetFolderListings();
      shipped.countImpact(target, { bounds });
    };
    ways['as shipped: repeat'] = () => void shipped.countImpact(target, { bounds });
    if (opts.against) {
      // The other checkout's own module (and its own kept listings), on the same tree.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const other = require(path.join(opts.against, 'src', 'node', 'impact-reader.ts')) as typeof import('../src/node/impact-reader');
      ways['against: first'] = () => {
        other.forgetFolderListings();
        other.countImpact(target, { bounds });
      };
      ways['against: repeat'] = () => void other.countImpact(target, { bounds });
    }
    // CPU time too: on a shared machine the wall clock mostly measures the other processes.
    const wall: Record<string, number[]> = {};
    const cpu: Record<string, number[]> = {};
    const loads: number[] = [];
    const measure = async (set: Record<string, Way>, prefix: string): Promise<void> => {
      for (let r = 0; r < opts.runs; r++) {
        loads.push(os.loadavg()[0]);
        // Each round starts one way further on, so that no way always follows the same one.
        const all = Object.entries(set);
        for (const [name, run] of [...all.slice(r % all.length), ...all.slice(0, r % all.length)]) {
          const t = process.hrtime.bigint();
          const u = process.cpuUsage();
          const end = run();
          if (end) await end;
          const used = process.cpuUsage(u);
          (wall[prefix + name] ??= []).push(Number(process.hrtime.bigint() - t) / 1e6);
          (cpu[prefix + name] ??= []).push((used.user + used.system) / 1000);
        }
      }
    };
    await measure(ways, '');
    // The other ways to stat in rounds of their own, beside the floor again: the asynchronous ways
    // leave garbage whose collection would otherwise fall on the count that follows them.
    const others = statWays(target);
    await measure({ floor: ways.floor, ...others }, 'stat: ');
    const ok = (ms: number): string => (ms <= TARGET_MS ? 'ok' : `OVER ${TARGET_MS} ms`);
    const fig = (name: string): string => `wall ${q(wall[name], 0.5).toFixed(1)} ms ${ok(q(wall[name], 0.5)).padEnd(11)} (p90 ${q(wall[name], 0.9).toFixed(1)}), CPU ${q(cpu[name], 0.5).toFixed(1)} ms ${ok(q(cpu[name], 0.5))}`;
    // The median of each round's own ratio: both ways of a round ran next to each other, under the same load.
    const pairedOf = (xs: Record<string, number[]>, a: string, b: string): number => q(xs[a].map((x, i) => x / xs[b][i]), 0.5);
    const paired = (a: string, b: string): string => `p50 of the rounds' ratios ${pairedOf(wall, a, b).toFixed(2)} wall, ${pairedOf(cpu, a, b).toFixed(2)} CPU`;
    const ratio = (a: string, b: string): string => `${(q(wall[a], 0.5) / q(wall[b], 0.5)).toFixed(2)} wall, ${(q(cpu[a], 0.5) / q(cpu[b], 0.5)).toFixed(2)} CPU`;
    console.log(`  entries looked at through: ${entryLstatWay() === 'binding' ? "Node's fs binding (no Stats object; see src/node/entry-lstat.ts)" : 'fs.lstatSync'}`);
    console.log(`  counted: ${first.files} files (${first.tracked} tracked, ${first.modified} modified, ${first.untracked} untracked, ${first.lines} lines lost, bounded ${first.bounded}); p50 of ${opts.runs} runs, target ≤ ${TARGET_MS} ms`);
    console.log(`  cold (index parsed, folders listed):       wall ${cold.toFixed(1)} ms`);
    console.log(`  first count of the tree (file cache warm): ${fig('first')}`);
    console.log(`  repeat count (folder listings kept):      ${fig('repeat')}`);
    console.log(`  the floor (readdir and fs.lstatSync alone): ${fig('floor')}`);
    console.log(`  readdir and entryLstat (the count's way):   ${fig('floor, entryLstat')}`);
    console.log(`    first / floor ${ratio('first', 'floor')}; repeat / floor ${ratio('repeat', 'floor')}; first / readdir and entryLstat ${ratio('first', 'floor, entryLstat')}`);
    console.log(`  as shipped (bundled and minified, no tsx):`);
    console.log(`    first count:  ${fig('as shipped: first')}; paired / the sources ${pairedOf(cpu, 'as shipped: first', 'first').toFixed(2)} CPU`);
    console.log(`    repeat count: ${fig('as shipped: repeat')}; paired / the sources ${pairedOf(cpu, 'as shipped: repeat', 'repeat').toFixed(2)} CPU`);
    if (opts.against) {
      console.log(`  ${opts.against}, interleaved:`);
      console.log(`    first count:  ${fig('against: first')}; this / that ${ratio('first', 'against: first')}; paired ${paired('first', 'against: first')}`);
      console.log(`    repeat count: ${fig('against: repeat')}; this / that ${ratio('repeat', 'against: repeat')}; paired ${paired('repeat', 'against: repeat')}`);
    }
    console.log('  other ways to stat the same files, in rounds of their own (the listing is in the floor, not in them):');
    console.log(`    ${'synchronous lstat (the floor, again):'.padEnd(42)} wall ${q(wall['stat: floor'], 0.5).toFixed(1)} ms, CPU ${q(cpu['stat: floor'], 0.5).toFixed(1)} ms`);
    for (const name of Object.keys(others)) console.log(`    ${`${name}:`.padEnd(42)} wall ${q(wall[`stat: ${name}`], 0.5).toFixed(1)} ms, CPU ${q(cpu[`stat: ${name}`], 0.5).toFixed(1)} ms; / floor ${ratio(`stat: ${name}`, 'stat: floor')}`);
    if (opts.fresh > 0) {
      // Sleeps between would let the file cache cool; the tree is warm from the rounds above.
      const bundles: [string, string][] = [['this checkout', shippedFile]];
      if (opts.against) bundles.push([opts.against, shippedBundle(bundleDir, opts.against, 'against-impact-reader.js')]);
      const fw: Record<string, number[]> = {};
      const fc: Record<string, number[]> = {};
      for (let r = 0; r < opts.fresh; r++) {
        for (const [name, bundle] of r % 2 ? [...bundles].reverse() : bundles) {
          const f = freshCount(bundle, target);
          (fw[name] ??= []).push(f.wall);
          (fc[name] ??= []).push(f.cpu);
        }
      }
      console.log(`  one count in a fresh process (the shipped bundle; the index read and parsed, nothing optimised yet), p50 of ${opts.fresh}:`);
      for (const [name] of bundles) console.log(`    ${name}: wall ${q(fw[name], 0.5).toFixed(1)} ms (p90 ${q(fw[name], 0.9).toFixed(1)}), CPU ${q(fc[name], 0.5).toFixed(1)} ms`);
      if (opts.against) console.log(`    paired this / that: ${q(fc['this checkout'].map((x, i) => x / fc[opts.against!][i]), 0.5).toFixed(2)} CPU, ${q(fw['this checkout'].map((x, i) => x / fw[opts.against!][i]), 0.5).toFixed(2)} wall`);
    }
    console.log(`  load averages at end ${loadText()}; 1-minute load during the runs p50 ${q(loads, 0.5).toFixed(2)}, max ${Math.max(...loads).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(bundleDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runImpactBench(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  });
}
