/**
 * `npm run bench`: how fast the engine answers. Six parts:
 * 1. the command engine in-process, over every command of test/corpus/*.jsonl, then following a
 *    line's files (bench/follow-bench.ts: npm run build, make, and lines without a runner);
 * 2. the whole `blast-radius check` process (bench/cli-bench.ts);
 * 3. the whole agent hook process, `hook.js <agent>` (bench/hook-bench.ts), its CPU without the
 *    warm server for an allowed and a gate-level call, against another checkout's dist/ when
 *    BLAST_RADIUS_BENCH_BEFORE names one (bench/cold-hook-bench.ts), and what asking the editor
 *    adds to a gate-level call (bench/editor-bench.ts);
 * 4. the edit engine (bench/edit-bench.ts), when it exists;
 * 5. the time our hook adds to each tool call of the real agent CLIs (bench/agent-bench.ts);
 * 6. reading where a command lands, over test/corpus-env's fixtures (bench/env-bench.ts);
 * 7. counting a deletion's target, a 10,000-file repository (bench/impact-bench.ts).
 * Benches print figures against their targets; they never fail on timings.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluateCommand, grammarsNeeded } from '../src/core/engine';
import { prefilterAllows } from '../src/core/prefilter';
import type { CommandContext, ShellKind } from '../src/core/types';
import { loadPowerShellGrammar, loadShellGrammar } from '../src/node/grammar-files';
import { powerShellGrammarReady } from '../src/core/shell/grammar';
import { runAgentBench } from './agent-bench';
import { runCliBench } from './cli-bench';
import { runColdHookBench } from './cold-hook-bench';
import { runEnvBench } from './env-bench';
import { runFollowBench } from './follow-bench';
import { runEditorBench } from './editor-bench';
import { runHookBench } from './hook-bench';
import { runImpactBench } from './impact-bench';

const ROOT = path.resolve(__dirname, '..');
const TARGET_P50_US = 40;
const TARGET_P99_US = 500;

interface BenchLine {
  cmd: string;
  shell: ShellKind;
}

const SHELLS: readonly ShellKind[] = ['bash', 'sh', 'zsh', 'pwsh', 'cmd'];

function readCorpus(): BenchLine[] {
  const dir = path.join(ROOT, 'test', 'corpus');
  if (!existsSync(dir)) return [];
  const cmds: BenchLine[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const v = JSON.parse(line) as { cmd?: unknown; shell?: unknown };
        // Each line in the shell its case names (PowerShell and cmd lines too), as the corpus test judges it.
        if (typeof v.cmd === 'string') cmds.push({ cmd: v.cmd, shell: SHELLS.find((x) => x === v.shell) ?? 'bash' });
      } catch {
        // A broken corpus line is the corpus test's business, not the bench's.
      }
    }
  }
  return cmds;
}

const quantile = (sorted: Float64Array, q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function engineBench(): Promise<void> {
  await loadShellGrammar();
  const cmds = readCorpus();
  if (cmds.length === 0) {
    console.log('engine bench: no commands in test/corpus/*.jsonl');
    return;
  }
  // The PowerShell grammar, when the corpus holds lines that need it (as check and the hooks load it).
  const needPwsh = cmds.filter((c) => grammarsNeeded(c.cmd, c.shell).powershell).length;
  if (needPwsh) await loadPowerShellGrammar();
  const ctx: CommandContext = {
    cwd: ROOT,
    workspaceRoot: ROOT,
    home: os.homedir(),
    gitBranch: 'feature/bench',
    defaultBranch: 'main',
    tempDirs: [os.tmpdir()],
    shell: 'bash',
  };
  // Enough repetitions for stable percentiles without running for minutes on a big corpus.
  const reps = Math.max(10, Math.min(200, Math.floor(100_000 / cmds.length)));
  const ctxs = new Map(SHELLS.map((sh) => [sh, { ...ctx, shell: sh }]));
  for (let w = 0; w < 5; w++) for (const c of cmds) evaluateCommand(c.cmd, { ctx: ctxs.get(c.shell)! });

  const samples = new Float64Array(cmds.length * reps);
  let k = 0;
  for (let r = 0; r < reps; r++) {
    for (const c of cmds) {
      const t0 = process.hrtime.bigint();
      evaluateCommand(c.cmd, { ctx: ctxs.get(c.shell)! });
      samples[k++] = Number(process.hrtime.bigint() - t0) / 1000;
    }
  }
  samples.sort();
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const prefiltered = cmds.filter((c) => prefilterAllows(c.cmd, c.shell)).length;
  const p50 = quantile(samples, 0.5);
  const p99 = quantile(samples, 0.99);
  console.log(`Command engine, in-process (${cmds.length} corpus commands × ${reps} runs = ${samples.length} evaluations)`);
  if (needPwsh) console.log(`  ${needPwsh} lines need the PowerShell grammar: loaded (${powerShellGrammarReady() ? 'ready' : 'FAILED'})`);
  console.log(`  pre-filter answers ${prefiltered} of ${cmds.length} commands without a parse`);
  console.log(`  p50 ${p50.toFixed(1).padStart(7)} µs   target ≤ ${TARGET_P50_US} µs   ${p50 <= TARGET_P50_US ? 'ok' : 'OVER TARGET'}`);
  console.log(`  p99 ${p99.toFixed(1).padStart(7)} µs   target ≤ ${TARGET_P99_US} µs   ${p99 <= TARGET_P99_US ? 'ok' : 'OVER TARGET'}`);
  console.log(`  mean ${mean.toFixed(1)} µs, max ${samples[samples.length - 1].toFixed(1)} µs`);
}

function editBench(): void {
  const file = path.join(ROOT, 'bench', 'edit-bench.ts');
  if (!existsSync(file)) {
    console.log('\nedit bench: bench/edit-bench.ts not written yet');
    return;
  }
  console.log('');
  const r = spawnSync('npx', ['tsx', 'bench/edit-bench.ts'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) console.log(`edit bench exited ${r.status ?? r.signal}`);
}

async function main(): Promise<void> {
  await engineBench();
  await runEnvBench();
  await runImpactBench();
  await runFollowBench();
  runCliBench();
  await runHookBench();
  // The cold figures on their own line, paired with the reference checkout's when one is named
  // (issue 13's is dab5c38: BLAST_RADIUS_BENCH_BEFORE=/path/to/its/dist).
  const before = process.env.BLAST_RADIUS_BENCH_BEFORE;
  runColdHookBench({ trees: [path.join(__dirname, '..', 'dist'), ...(before ? [before] : [])], names: ['this tree', ...(before ? ['before'] : [])] });
  await runEditorBench();
  editBench();
  await runAgentBench();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
