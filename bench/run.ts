/**
 * `npm run bench`: how fast the engine answers. Six parts:
 * 1. the command engine in-process, over every command of test/corpus/*.jsonl, then following a
 *    line's files (bench/follow-bench.ts: npm run build, make, and lines without a runner);
 * 2. the whole `blast-radius check` process (bench/cli-bench.ts);
 * 3. the whole agent hook process, `hook.js <agent>` (bench/hook-bench.ts), and what asking the
 *    editor adds to a gate-level call (bench/editor-bench.ts);
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
import { evaluateCommand } from '../src/core/engine';
import { prefilterAllows } from '../src/core/prefilter';
import type { CommandContext } from '../src/core/types';
import { loadShellGrammar } from '../src/node/grammar-files';
import { runAgentBench } from './agent-bench';
import { runCliBench } from './cli-bench';
import { runEnvBench } from './env-bench';
import { runFollowBench } from './follow-bench';
import { runEditorBench } from './editor-bench';
import { runHookBench } from './hook-bench';
import { runImpactBench } from './impact-bench';

const ROOT = path.resolve(__dirname, '..');
const TARGET_P50_US = 40;
const TARGET_P99_US = 500;

function readCorpus(): string[] {
  const dir = path.join(ROOT, 'test', 'corpus');
  if (!existsSync(dir)) return [];
  const cmds: string[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const v = JSON.parse(line) as { cmd?: unknown };
        if (typeof v.cmd === 'string') cmds.push(v.cmd);
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
  for (let w = 0; w < 5; w++) for (const c of cmds) evaluateCommand(c, { ctx });

  const samples = new Float64Array(cmds.length * reps);
  let k = 0;
  for (let r = 0; r < reps; r++) {
    for (const c of cmds) {
      const t0 = process.hrtime.bigint();
      evaluateCommand(c, { ctx });
      samples[k++] = Number(process.hrtime.bigint() - t0) / 1000;
    }
  }
  samples.sort();
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  const prefiltered = cmds.filter((c) => prefilterAllows(c, 'bash')).length;
  const p50 = quantile(samples, 0.5);
  const p99 = quantile(samples, 0.99);
  console.log(`Command engine, in-process (${cmds.length} corpus commands × ${reps} runs = ${samples.length} evaluations)`);
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
  runImpactBench();
  await runFollowBench();
  runCliBench();
  await runHookBench();
  await runEditorBench();
  editBench();
  await runAgentBench();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
