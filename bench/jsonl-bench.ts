/**
 * What one line costs a co-process that keeps `blast-radius check --jsonl` open, against the
 * same lines judged in process with the same context, policy, grammars and V8 flags. 10,000
 * mixed lines (every command of test/corpus/*.jsonl, in turn, with its shell) go through both.
 * Target: the co-process's whole run (start, first pass and all) costs at most 2× per line what
 * the warm engine costs in process.
 *
 * Printed three ways: the co-process's whole CPU time over the line count; the same without its
 * start (Node, the bundle, the grammar; measured apart with one line); and the in-process first
 * pass, because the first pass over the engine's code is slow in any process (V8 compiles and
 * optimises the rules as they run). The machine's load average is printed with the figures.
 * Prints figures; never fails on timings. Usage: tsx bench/jsonl-bench.ts [lines] [runs]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { resultJson } from '../src/cli/check';
import { v8FlagsFor } from '../src/cli/hook-loader';
import { grammarsNeeded, judgeCommand, useFollowing } from '../src/core/engine';
import { FOLLOWING } from '../src/core/follow/index';
import { prefilterAllows } from '../src/core/prefilter';
import type { ShellKind } from '../src/core/types';
import { agentProjectDirs, commandContextAt, gitLocationOf, renewForLine } from '../src/node/command-context';
import { followReaderFor } from '../src/node/follow-files';
import { loadGrammars } from '../src/node/grammar-files';
import { loadEffectivePolicy } from '../src/node/policy-files';
import { readCorpus } from './engine-measure';

const ROOT = path.resolve(__dirname, '..');
const TARGET_RATIO = 2;

interface Request {
  command: string;
  shell: ShellKind;
}

/** `count` requests cycling through the corpus, so every kind of line is in the mix. */
export function mixedLines(count: number): Request[] {
  const corpus = readCorpus(ROOT).map((l): Request => ({ command: l.cmd, shell: l.shell }));
  return Array.from({ length: count }, (_, i) => corpus[i % corpus.length]);
}

/**
 * Mean in-process CPU cost of a line, µs: the first pass over the lines, and the best of
 * `rounds` passes once the engine is warm (as in the editor, and in bench/run.ts). What `check`
 * does per line, without the process around it: the same grammars (each line's, as `check` loads
 * them), under the V8 flags `check` runs with, following files the same way. Also each line's
 * answer as `check --jsonl` prints it, to hold the two sides to the same work.
 */
export async function inProcess(reqs: readonly Request[], rounds: number): Promise<{ cold: number; warm: number; answers: string[]; counted: boolean[] }> {
  // Set before any WebAssembly is compiled, as the CLI does.
  const flags = v8FlagsFor(['check', '--jsonl']);
  if (flags) v8.setFlagsFromString(flags);
  const need = { bash: false, powershell: false };
  for (const r of reqs) {
    const g = grammarsNeeded(r.command, r.shell);
    need.bash ||= g.bash;
    need.powershell ||= g.powershell;
  }
  await loadGrammars(need);
  // check follows what a line runs (package scripts, Makefiles, scripts) with a reader of the
  // files on disk: so does the in-process side, or it would compare following with not following.
  useFollowing(FOLLOWING);
  const env = process.env;
  const base = commandContextAt({ cwd: ROOT, folders: agentProjectDirs(env), env });
  const { policy } = loadEffectivePolicy({ cwd: ROOT, workspaceRoot: base.workspaceRoot ?? ROOT, env });
  const contexts = new Map<ShellKind, typeof base>();
  const ctxFor = (shell: ShellKind): typeof base => {
    let c = contexts.get(shell);
    if (!c) {
      c = { ...base, shell };
      c.files = followReaderFor(c);
      contexts.set(shell, c);
    }
    return c;
  };
  const git = gitLocationOf(ROOT);
  const answers: string[] = [];
  // Which lines asked what is on disk (a count, a repository's state, what a push or a branch deletion loses).
  const counted: boolean[] = [];
  const run = (keep: boolean): void => {
    for (const r of reqs) {
      let result;
      let asked = false;
      if (prefilterAllows(r.command, r.shell, { follow: true })) result = { command: r.command, score: 0, severity: 'none' as const, decision: 'allow' as const, findings: [] };
      else {
        // As check does for each line: a new impact reader and the branch read again.
        const ctx = ctxFor(r.shell);
        renewForLine(ctx, git);
        if (keep && ctx.impact) {
          const inner = ctx.impact;
          // Every method the reader has, marking the line when one is called.
          ctx.impact = new Proxy(inner, {
            get: (target, key, receiver) => {
              const v: unknown = Reflect.get(target, key, receiver);
              if (typeof v !== 'function') return v;
              return (...a: unknown[]): unknown => {
                asked = true;
                return (v as (...b: unknown[]) => unknown).apply(target, a);
              };
            },
          });
        }
        result = judgeCommand(r.command, { ctx, policy, noPrefilter: true }).result;
      }
      if (keep) {
        answers.push(resultJson(result));
        counted.push(asked);
      }
    }
  };
  const c0 = process.cpuUsage();
  run(false);
  const c = process.cpuUsage(c0);
  const cold = (c.user + c.system) / reqs.length;
  let best = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t0 = process.cpuUsage();
    run(false);
    const used = process.cpuUsage(t0);
    best = Math.min(best, (used.user + used.system) / reqs.length);
  }
  run(true);
  return { cold, warm: best, answers, counted };
}

/**
 * Printed by the co-process as it exits: the CPU time it used (every thread: the JIT and the
 * garbage collector count), which a machine busy with other work does not inflate as it does
 * the wall time.
 */
const CPU_REPORT = "process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ncpu-us '+(u.user+u.system)+'\\n')})";

/** CPU time of one co-process answering `reqs` (ms), and its answers. */
function coProcess(cli: string, reqs: readonly Request[]): { ms: number; answers: string[] } {
  const input = reqs.map((r) => JSON.stringify({ command: r.command, shell: r.shell })).join('\n') + '\n';
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(CPU_REPORT)}`, cli, 'check', '--jsonl', '--cwd', ROOT], { input, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  if (r.error) throw r.error;
  const answers = r.stdout.toString().split('\n').filter(Boolean);
  if (answers.length !== reqs.length) throw new Error(`expected ${reqs.length} answers, got ${answers.length}: ${r.stderr.toString().slice(0, 300)}`);
  const cpu = /cpu-us (\d+)/.exec(r.stderr.toString());
  if (!cpu) throw new Error(`the co-process did not report its CPU time: ${r.stderr.toString().slice(0, 300)}`);
  return { ms: Number(cpu[1]) / 1000, answers };
}

/** The answers of the two sides that differ, leaving out those that ran out of the follow budget's time (a wall-clock limit). */
function differing(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !/ ms allowed for reading them ran out/.test(a[i] + b[i])) out.push(`line ${i + 1}: co-process ${a[i].slice(0, 300)}\n    in process ${b[i].slice(0, 300)}`);
  return out;
}

const loadAverage = (): string => os.loadavg().map((x) => x.toFixed(2)).join(' ');

interface Figures {
  start: number;
  total: number;
  coldIn: number;
  warmIn: number;
  differ: string[];
  counted: boolean[];
}

/** Both sides over `reqs`: the co-process `runs` times (and its start alone), then in process. */
async function measure(cli: string, reqs: readonly Request[], runs: number): Promise<Figures> {
  // One line that needs the grammar: the co-process's whole start, engine and grammar included.
  const first = reqs.find((r) => r.shell === 'bash' && !prefilterAllows(r.command, 'bash')) ?? reqs[0];
  const starts: number[] = [];
  const totals: number[] = [];
  let cliAnswers: string[] = [];
  for (let i = 0; i < runs; i++) {
    starts.push(coProcess(cli, [first]).ms);
    const all = coProcess(cli, reqs);
    totals.push(all.ms);
    cliAnswers = all.answers;
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  // In process, in this bench's process: its first pass over the lines is as cold as the co-process's.
  const { cold: coldIn, warm: warmIn, answers, counted } = await inProcess(reqs, runs);
  return { start: median(starts), total: median(totals), coldIn, warmIn, differ: differing(cliAnswers, answers), counted };
}

function print(title: string, count: number, x: Figures): void {
  const verdict = (r: number): string => (r <= TARGET_RATIO ? 'ok' : 'OVER TARGET');
  const f = (v: number): string => v.toFixed(1).padStart(8);
  const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`.padStart(7);
  const wholeCli = (x.total * 1000) / count;
  const afterStartCli = ((x.total - x.start) * 1000) / (count - 1);
  console.log(title);
  console.log(`  co-process start (one line)                ${f(x.start)} ms`);
  console.log(`  co-process, ${count} lines                  ${f(x.total)} ms`);
  console.log(`  in process, per line:   warm ${f(x.warmIn)} µs   first pass ${f(x.coldIn)} µs`);
  console.log(`  co-process, per line:   whole run (total/${count}) ${f(wholeCli)} µs   ${ratio(wholeCli, x.warmIn)} warm in process  ${verdict(wholeCli / x.warmIn)}`);
  console.log(`                          without its start         ${f(afterStartCli)} µs   ${ratio(afterStartCli, x.warmIn)} warm in process  ${verdict(afterStartCli / x.warmIn)}`);
  console.log(`                          without its start         ${f(afterStartCli)} µs   ${ratio(afterStartCli, x.coldIn)} first pass in process`);
  console.log(`  answers that differ between the two sides: ${x.differ.length} of ${count} (leaving out lines whose following ran out of time)`);
  for (const d of x.differ.slice(0, 3)) console.log(`    ${d}`);
}

export async function runJsonlBench(opts: { cli?: string; lines?: number; runs?: number } = {}): Promise<void> {
  const cli = opts.cli ?? process.env.BLAST_RADIUS_CLI ?? path.join(ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) {
    console.log(`jsonl bench: ${path.relative(ROOT, cli)} not found; run npm run build first`);
    return;
  }
  const count = opts.lines ?? 10_000;
  const runs = opts.runs ?? 3;
  const reqs = mixedLines(count);
  const loadBefore = loadAverage();
  const mixed = await measure(cli, reqs, runs);
  // The same without the lines that look at the disk (what a deletion holds, a repository's
  // state): their cost is this machine's files, the same on both sides, and it dilutes the rest.
  const quiet = [...new Map(reqs.filter((_, i) => !mixed.counted[i]).map((r) => [`${r.shell}\u0000${r.command}`, r])).values()];
  const pure = await measure(cli, Array.from({ length: count }, (_, i) => quiet[i % quiet.length]), runs);
  const loadAfter = loadAverage();
  console.log(`\ncheck --jsonl co-process (CPU time of every thread, median of ${runs} runs; target ≤ ${TARGET_RATIO}× in process)`);
  console.log(`  load average (1, 5, 15 min): ${loadBefore} before, ${loadAfter} after`);
  print(`${count} mixed corpus lines (each counts what it would delete, as check does per line)`, count, mixed);
  print(`${count} lines from the ${quiet.length} corpus lines that count nothing on disk`, count, pure);
}

if (require.main === module) {
  const lines = Number(process.argv[2]) || undefined;
  const runs = Number(process.argv[3]) || undefined;
  runJsonlBench({ lines, runs }).catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
