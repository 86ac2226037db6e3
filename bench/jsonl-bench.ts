/**
 * What one line costs a co-process that keeps `blast-radius check --jsonl` open, against the
 * same lines judged in process with the same context and policy. 10,000 mixed lines (every
 * command of test/corpus/*.jsonl, in turn, with its shell) go through both; the co-process's
 * start (Node, the engine, the grammar) is measured apart with one line and taken off.
 * Target: a line costs the co-process at most 2× what it costs in process.
 *
 * Printed both ways, because they differ for a reason that is not the co-process's: the first
 * pass over the engine's code is slow in any process (V8 compiles and optimises the rules as they
 * run), so a fresh co-process's first 10,000 lines are compared with the in-process engine's first
 * pass over them, and its steady cost (the next 10,000) with the warm in-process cost.
 * Prints figures; never fails on timings. Usage: tsx bench/jsonl-bench.ts [lines]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { judgeCommand, useFollowing } from '../src/core/engine';
import { FOLLOWING } from '../src/core/follow/index';
import { prefilterAllows } from '../src/core/prefilter';
import type { ShellKind } from '../src/core/types';
import { agentProjectDirs, commandContextAt } from '../src/node/command-context';
import { followReaderFor } from '../src/node/follow-files';
import { loadShellGrammar } from '../src/node/grammar-files';
import { loadEffectivePolicy } from '../src/node/policy-files';

const ROOT = path.resolve(__dirname, '..');
const TARGET_RATIO = 2;

interface Request {
  command: string;
  shell: ShellKind;
}

function corpusRequests(): Request[] {
  const dir = path.join(ROOT, 'test', 'corpus');
  const out: Request[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      if (!line.trim() || line.startsWith('//')) continue;
      try {
        const v = JSON.parse(line) as { cmd?: unknown; shell?: ShellKind };
        if (typeof v.cmd === 'string') out.push({ command: v.cmd, shell: v.shell ?? 'bash' });
      } catch {
        // A broken corpus line is the corpus test's business.
      }
    }
  }
  return out;
}

/** `count` requests cycling through the corpus, so every kind of line is in the mix. */
export function mixedLines(count: number): Request[] {
  const corpus = corpusRequests();
  return Array.from({ length: count }, (_, i) => corpus[i % corpus.length]);
}

/**
 * Mean in-process CPU cost of a line, µs, once the engine is warm (as in the editor, and in
 * bench/run.ts): what `check` does per line, without the process around it.
 */
async function inProcess(reqs: readonly Request[], rounds: number): Promise<{ cold: number; warm: number }> {
  await loadShellGrammar();
  // check follows what a line runs (package scripts, Makefiles, scripts) with a reader of the
  // files on disk: so does the in-process side, or it would compare following with not following.
  useFollowing(FOLLOWING);
  const env = process.env;
  const base = commandContextAt({ cwd: ROOT, folders: agentProjectDirs(env), env });
  base.files = followReaderFor(base);
  const { policy } = loadEffectivePolicy({ cwd: ROOT, workspaceRoot: base.workspaceRoot ?? ROOT, env });
  const contexts = new Map<ShellKind, typeof base>();
  const ctxFor = (shell: ShellKind): typeof base => {
    let c = contexts.get(shell);
    if (!c) contexts.set(shell, (c = { ...base, shell }));
    return c;
  };
  const run = (): void => {
    for (const r of reqs) {
      if (prefilterAllows(r.command, r.shell, { follow: true })) continue;
      judgeCommand(r.command, { ctx: ctxFor(r.shell), policy });
    }
  };
  const c0 = process.cpuUsage();
  run();
  const c = process.cpuUsage(c0);
  const cold = (c.user + c.system) / reqs.length;
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t0 = process.cpuUsage();
    run();
    const used = process.cpuUsage(t0);
    best = Math.min(best, (used.user + used.system) / reqs.length);
  }
  return { cold, warm: best };
}

/**
 * Printed by the co-process as it exits: the CPU time it used (every thread: the JIT and the
 * garbage collector count), which a machine busy with other work does not inflate as it does
 * the wall time.
 */
const CPU_REPORT = "process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ncpu-us '+(u.user+u.system)+'\\n')})";

/** CPU time of one co-process answering `reqs`, ms. */
function coProcess(cli: string, reqs: readonly Request[]): number {
  const input = reqs.map((r) => JSON.stringify({ command: r.command, shell: r.shell })).join('\n') + '\n';
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(CPU_REPORT)}`, cli, 'check', '--jsonl', '--cwd', ROOT], { input, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  if (r.error) throw r.error;
  const answers = r.stdout.toString().split('\n').filter(Boolean).length;
  if (answers !== reqs.length) throw new Error(`expected ${reqs.length} answers, got ${answers}: ${r.stderr.toString().slice(0, 300)}`);
  const cpu = /cpu-us (\d+)/.exec(r.stderr.toString());
  if (!cpu) throw new Error(`the co-process did not report its CPU time: ${r.stderr.toString().slice(0, 300)}`);
  return Number(cpu[1]) / 1000;
}

export async function runJsonlBench(opts: { cli?: string; lines?: number; runs?: number } = {}): Promise<void> {
  const cli = opts.cli ?? process.env.BLAST_RADIUS_CLI ?? path.join(ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    console.log(`jsonl bench: ${path.relative(ROOT, cli)} not found; run npm run build first`);
    return;
  }
  const count = opts.lines ?? 10_000;
  const runs = opts.runs ?? 5;
  const reqs = mixedLines(count);
  // One line that needs the grammar: the co-process's whole start, engine and grammar included.
  const first = reqs.find((r) => r.shell === 'bash' && !prefilterAllows(r.command, 'bash')) ?? reqs[0];
  const starts: number[] = [];
  const totals: number[] = [];
  const doubles: number[] = [];
  for (let i = 0; i < runs; i++) {
    starts.push(coProcess(cli, [first]));
    totals.push(coProcess(cli, reqs));
    doubles.push(coProcess(cli, [...reqs, ...reqs]));
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const start = median(starts);
  const total = median(totals);
  const coldCli = ((total - start) * 1000) / (count - 1);
  const steadyCli = ((median(doubles) - total) * 1000) / count;
  // In process, in this bench's process: its first pass over the lines is as cold as the co-process's.
  const { cold: coldIn, warm: warmIn } = await inProcess(reqs, runs);
  const verdict = (r: number): string => (r <= TARGET_RATIO ? 'ok' : 'OVER TARGET');
  const f = (x: number): string => x.toFixed(1).padStart(8);
  console.log(`\ncheck --jsonl co-process (${count} mixed corpus lines, CPU time of every thread, median of ${runs} runs; target ≤ ${TARGET_RATIO}× in process)`);
  console.log(`  start (one line)                          ${f(start)} ms`);
  console.log(`  first ${count} lines                       ${f(total)} ms`);
  console.log(`  per line, first pass:  co-process ${f(coldCli)} µs   in process ${f(coldIn)} µs   ${(coldCli / coldIn).toFixed(2)}×  ${verdict(coldCli / coldIn)}`);
  console.log(`  per line, warm:        co-process ${f(steadyCli)} µs   in process ${f(warmIn)} µs   ${(steadyCli / warmIn).toFixed(2)}×  ${verdict(steadyCli / warmIn)}`);
  console.log(`  first pass against warm in process                              ${(coldCli / warmIn).toFixed(2)}×  ${verdict(coldCli / warmIn)}`);
}

if (require.main === module) {
  const lines = Number(process.argv[2]) || undefined;
  runJsonlBench({ lines }).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
