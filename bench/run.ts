/**
 * `npm run bench`: how fast the engine answers. Six parts:
 * 1. the command engine in-process, over every command of test/corpus/*.jsonl, as shipped (bundled
 *    and minified, bench/engine-bundle-bench.ts) and from the sources through tsx, then following
 *    a line's files (bench/follow-bench.ts: npm run build, make, and lines without a runner);
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
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluateCommand, grammarsNeeded } from '../src/core/engine';
import { prefilterAllows } from '../src/core/prefilter';
import { loadPowerShellGrammar, loadShellGrammar } from '../src/node/grammar-files';
import { powerShellGrammarReady } from '../src/core/shell/grammar';
import { runEngineBundleBench } from './engine-bundle-bench';
import { type EngineFigures, measureEngine } from './engine-measure';
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

function printEngineFigures(f: EngineFigures): void {
  const mark = (v: number, target: number): string => (v <= target ? 'ok' : 'OVER TARGET');
  console.log(`  p50 ${f.p50.toFixed(1).padStart(7)} µs   target ≤ ${TARGET_P50_US} µs   ${mark(f.p50, TARGET_P50_US)}`);
  console.log(`  p99 ${f.p99.toFixed(1).padStart(7)} µs   target ≤ ${TARGET_P99_US} µs   ${mark(f.p99, TARGET_P99_US)}`);
  console.log(`  mean ${f.mean.toFixed(1)} µs, max ${f.max.toFixed(1)} µs`);
}

export async function engineBench(): Promise<void> {
  const f = await measureEngine({ evaluateCommand, grammarsNeeded, prefilterAllows, loadShellGrammar, loadPowerShellGrammar, powerShellGrammarReady }, ROOT);
  if (!f) {
    console.log('engine bench: no commands in test/corpus/*.jsonl');
    return;
  }
  console.log(`Command engine, in-process (${f.lines} corpus commands × ${f.reps} runs = ${f.evaluations} evaluations; load average ${os.loadavg()[0].toFixed(2)})`);
  if (f.pwshLines) console.log(`  ${f.pwshLines} lines need the PowerShell grammar: loaded (${f.pwshReady ? 'ready' : 'FAILED'})`);
  console.log(`  pre-filter answers ${f.prefiltered} of ${f.lines} commands without a parse`);
  console.log('  as shipped (the engine bundled and minified as the extension, CLI and hooks run it, in a process of its own):');
  const shipped = runEngineBundleBench();
  if (shipped) printEngineFigures(shipped);
  console.log('  from the sources through tsx (esbuild keepNames and getters between modules, which no bundle has):');
  printEngineFigures(f);
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

if (require.main === module) main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
