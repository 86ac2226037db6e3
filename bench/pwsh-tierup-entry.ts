/**
 * What judging PowerShell lines costs a long-lived process with V8's default WebAssembly tiering
 * (the extension host): the engine loaded as the extension loads it (bash grammar at start, the
 * PowerShell grammar when the first line needs it), `count` PowerShell lines of the corpus judged,
 * then the process left idle while V8's background threads may still be compiling. Prints, as
 * JSON, the process's CPU (all threads: process.cpuUsage and /proc/self/stat) and the main
 * thread's wall time at each point. bench/pwsh-tierup-bench.ts runs it under different flags.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import { evaluateCommand, grammarsNeeded } from '../src/core/engine';
import { loadPowerShellGrammar, loadShellGrammar } from '../src/node/grammar-files';
import { readCorpus } from './engine-measure';

const root = process.argv[2] ?? process.cwd();
const count = Number(process.argv[3] ?? 200);
const idleSeconds = Number(process.argv[4] ?? 20);

/** utime+stime of the whole process (every thread), ms, from /proc (Linux only; else undefined). */
function procCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 (utime, stime) are at 11 and 12 after the command name; clock ticks of 100 Hz.
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** CPU ms of each thread of the process by name (the main thread is the one named like the process). */
function threadCpuMs(): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = `${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}${tid === String(process.pid) ? ' (main)' : ''}`;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out[name] = (out[name] ?? 0) + ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    }
  } catch {
    // Not Linux: the per-thread split is left out.
  }
  return out;
}

const t0 = process.hrtime.bigint();
const wallMs = (): number => Number(process.hrtime.bigint() - t0) / 1e6;
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const points: { at: string; wallMs: number; cpuMs: number; procCpuMs?: number; threads?: Record<string, number> }[] = [];
const mark = (at: string): void => {
  points.push({ at, wallMs: Math.round(wallMs()), cpuMs: Math.round(cpuMs()), procCpuMs: procCpuMs(), threads: threadCpuMs() });
};

async function main(): Promise<void> {
  mark('start');
  await loadShellGrammar();
  mark('bash grammar loaded');
  const lines = readCorpus(root).filter((l) => l.shell === 'pwsh');
  const picked = Array.from({ length: count }, (_, i) => lines[i % lines.length]);
  const ctx = { cwd: root, workspaceRoot: root, home: os.homedir(), tempDirs: [os.tmpdir()], shell: 'pwsh' as const };
  let judged = 0;
  const judgeTimes: number[] = [];
  for (const l of picked) {
    if (grammarsNeeded(l.cmd, l.shell).powershell) {
      // Experiment (BLAST_RADIUS_WASM_FLAGS): V8 flags set only while the grammar compiles, then restored.
      const around = process.env.BLAST_RADIUS_WASM_FLAGS;
      if (around) v8.setFlagsFromString(around);
      await loadPowerShellGrammar();
      if (around) v8.setFlagsFromString(process.env.BLAST_RADIUS_WASM_FLAGS_RESTORE ?? '');
      mark('PowerShell grammar loaded');
    }
    const s = process.hrtime.bigint();
    evaluateCommand(l.cmd, { ctx });
    judgeTimes.push(Number(process.hrtime.bigint() - s) / 1000);
    judged++;
  }
  mark(`${judged} PowerShell lines judged`);
  for (let s = 1; s <= idleSeconds; s++) {
    await new Promise((r) => setTimeout(r, 1000));
    mark(`idle +${s} s`);
  }
  // The same lines again, after the idle time: what tier-up bought, if anything.
  const again: number[] = [];
  for (const l of picked) {
    const s = process.hrtime.bigint();
    evaluateCommand(l.cmd, { ctx });
    again.push(Number(process.hrtime.bigint() - s) / 1000);
  }
  mark('judged again');
  const med = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1];
  process.stdout.write(`${JSON.stringify({ points, firstPassMedianUs: med(judgeTimes), firstPassSumMs: judgeTimes.reduce((a, b) => a + b, 0) / 1000, secondPassMedianUs: med(again), secondPassSumMs: again.reduce((a, b) => a + b, 0) / 1000 })}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
