/**
 * The in-process engine measurement (npm run bench, part 1): every command of test/corpus/*.jsonl
 * judged in the shell its case names, many times over, each evaluation timed on its own. Shared
 * by bench/run.ts (the sources, run through tsx) and bench/engine-bundle-bench.ts (the engine
 * bundled and minified as the extension, the CLI and the hooks run it).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommandContext, CommandResult, ShellKind } from '../src/core/types';

export interface BenchLine {
  cmd: string;
  shell: ShellKind;
}

export interface EngineUnderTest {
  evaluateCommand(line: string, opts: { ctx: CommandContext }): CommandResult;
  grammarsNeeded(line: string, shell?: ShellKind): { bash: boolean; powershell: boolean };
  prefilterAllows(line: string, shell?: ShellKind): boolean;
  loadShellGrammar(): Promise<void>;
  loadPowerShellGrammar(): Promise<void>;
  powerShellGrammarReady(): boolean;
}

export interface EngineFigures {
  lines: number;
  reps: number;
  evaluations: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
  prefiltered: number;
  /** Lines that need the PowerShell grammar, and whether it loaded. */
  pwshLines: number;
  pwshReady: boolean;
}

const SHELLS: readonly ShellKind[] = ['bash', 'sh', 'zsh', 'pwsh', 'cmd'];

/**
 * Every command of the `.jsonl` files in `dirs` (under `root`; test/corpus unless named), file by
 * file in name order, each in the shell its case names (PowerShell and cmd lines too), as the
 * corpus test judges it.
 */
export function readCorpus(root: string, dirs: readonly string[] = ['test/corpus']): BenchLine[] {
  const cmds: BenchLine[] = [];
  for (const d of dirs) {
    const dir = path.join(root, d);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
      for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const v = JSON.parse(line) as { cmd?: unknown; shell?: unknown };
          if (typeof v.cmd === 'string') cmds.push({ cmd: v.cmd, shell: SHELLS.find((x) => x === v.shell) ?? 'bash' });
        } catch {
          // A broken corpus line is the corpus test's business, not the bench's.
        }
      }
    }
  }
  return cmds;
}

const quantile = (sorted: Float64Array, q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export async function measureEngine(engine: EngineUnderTest, root: string): Promise<EngineFigures | undefined> {
  await engine.loadShellGrammar();
  const cmds = readCorpus(root);
  if (cmds.length === 0) return undefined;
  // The PowerShell grammar, when the corpus holds lines that need it (as check and the hooks load it).
  const pwshLines = cmds.filter((c) => engine.grammarsNeeded(c.cmd, c.shell).powershell).length;
  if (pwshLines) await engine.loadPowerShellGrammar();
  const ctx: CommandContext = {
    cwd: root,
    workspaceRoot: root,
    home: os.homedir(),
    gitBranch: 'feature/bench',
    defaultBranch: 'main',
    tempDirs: [os.tmpdir()],
    shell: 'bash',
  };
  // Enough repetitions for stable percentiles without running for minutes on a big corpus.
  const reps = Math.max(10, Math.min(200, Math.floor(100_000 / cmds.length)));
  const ctxs = new Map(SHELLS.map((sh) => [sh, { ...ctx, shell: sh }]));
  for (let w = 0; w < 5; w++) for (const c of cmds) engine.evaluateCommand(c.cmd, { ctx: ctxs.get(c.shell)! });

  const samples = new Float64Array(cmds.length * reps);
  let k = 0;
  for (let r = 0; r < reps; r++) {
    for (const c of cmds) {
      const t0 = process.hrtime.bigint();
      engine.evaluateCommand(c.cmd, { ctx: ctxs.get(c.shell)! });
      samples[k++] = Number(process.hrtime.bigint() - t0) / 1000;
    }
  }
  samples.sort();
  return {
    lines: cmds.length,
    reps,
    evaluations: samples.length,
    p50: quantile(samples, 0.5),
    p99: quantile(samples, 0.99),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
    max: samples[samples.length - 1],
    prefiltered: cmds.filter((c) => engine.prefilterAllows(c.cmd, c.shell)).length,
    pwshLines,
    pwshReady: engine.powerShellGrammarReady(),
  };
}
