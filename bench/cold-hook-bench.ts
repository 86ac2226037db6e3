/**
 * A hook call without the warm server (`BLAST_RADIUS_HOOK_SERVER=off`: Windows, and the first
 * call after 10 idle minutes), as a whole process: its CPU time (user + system), for an allowed
 * call (`git status`) and a gate-level one (`terraform destroy -auto-approve`). With another
 * checkout's dist/ to compare with (issue 13's reference is dab5c38), the trees take turns call by
 * call and the figure is the median of the ratios taken pair by pair, so a machine that gets
 * busier slows both sides of a pair alike. Prints figures; never fails on timings.
 *
 * Each tree gets its own HOME whose code cache is first filled by two rounds of an allowed call,
 * a gate-level call, an edit and a loop (as a user's cache holds every path). The CPU time is the
 * child's own (`process.cpuUsage()` at its exit, written to a file by a preloaded script:
 * microseconds, where the kernel's per-child figures are in hundredths of a second).
 *
 * Usage: tsx bench/cold-hook-bench.ts [runs] [other/dist ...]
 *   or BLAST_RADIUS_BENCH_BEFORE=/path/to/other/dist npm run bench
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export interface ColdCall {
  label: string;
  /** Median CPU time per tree, in ms, in the order of the trees given. */
  cpuMs: number[];
  /** Median of the pair-by-pair ratios of this tree's CPU to each other tree's (index 1 on). */
  ratios: number[];
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * `trees[0]` is this checkout's dist/, the others what it is compared with. Runs `runs` counted
 * rounds after `warmup`, each round every call on every tree, the tree that goes first taking turns.
 */
export function runColdHookBench(opts: { trees: string[]; runs?: number; warmup?: number; names?: string[] }): { calls: ColdCall[]; load: [number, number] } | undefined {
  const runs = opts.runs ?? 20;
  const warmup = opts.warmup ?? 2;
  const trees = opts.trees;
  for (const t of trees) {
    if (!existsSync(path.join(t, 'hook.js'))) {
      console.log(`cold hook bench: ${t}/hook.js not found`);
      return undefined;
    }
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'br-cold-bench-'));
  const ws = path.join(tmp, 'ws');
  mkdirSync(path.join(ws, 'migrations'), { recursive: true });
  writeFileSync(path.join(ws, 'migrations', '000_init.sql'), 'ALTER TABLE users ADD COLUMN name text;\n');
  const report = path.join(tmp, 'cpu-at-exit.js');
  writeFileSync(report, "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeFileSync(process.env.BR_BENCH_CPU_FILE, String(u.user + u.system)); });\n");
  const cpuFile = path.join(tmp, 'cpu');
  const claude = (tool: string, input: Record<string, unknown>): string =>
    JSON.stringify({ session_id: 's', cwd: ws, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input });
  const calls = [
    { label: 'allowed git status', input: claude('Bash', { command: 'git status' }), expect: (out: string) => out === '' },
    { label: 'gate-level terraform destroy -auto-approve', input: claude('Bash', { command: 'terraform destroy -auto-approve' }), expect: (out: string) => /"ask"/.test(out) },
  ];
  const fill = [
    ...calls,
    { label: 'edit', input: claude('Edit', { file_path: path.join(ws, 'migrations', '000_init.sql'), old_string: 'text;', new_string: 'text;\nDROP TABLE users;' }), expect: (out: string) => /"ask"/.test(out) },
    { label: 'loop', input: claude('Bash', { command: 'for d in src docs; do rm -rf "$d"; done' }), expect: (out: string) => /"ask"/.test(out) },
  ];
  const homes = trees.map((_, i) => path.join(tmp, `home-${i}`));
  const run = (tree: number, input: string): { cpuMs: number; out: string } => {
    const home = homes[tree];
    rmSync(cpuFile, { force: true });
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      CLAUDE_CODE_ENTRYPOINT: 'cli',
      CLAUDE_CODE_SESSION_ATTENDED: '1',
      BLAST_RADIUS_HOOK_SERVER: 'off',
      BR_BENCH_CPU_FILE: cpuFile,
    };
    const r = spawnSync(process.execPath, ['-r', report, path.join(trees[tree], 'hook.js'), 'claude-code'], { cwd: ws, input, env, encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`${trees[tree]}: exit ${r.status}: ${(r.stdout + r.stderr).slice(0, 300)}`);
    return { cpuMs: Number(readFileSync(cpuFile, 'utf8')) / 1000, out: r.stdout };
  };
  const load0 = os.loadavg()[0];
  const cpu: number[][][] = calls.map(() => trees.map(() => []));
  try {
    for (const [t, home] of homes.entries()) {
      mkdirSync(home, { recursive: true });
      for (let i = 0; i < 2; i++) for (const c of fill) run(t, c.input);
    }
    for (let round = 0; round < warmup + runs; round++) {
      for (const [ci, c] of calls.entries()) {
        // The tree that goes first takes turns, so neither always runs right after the other.
        for (let k = 0; k < trees.length; k++) {
          const t = (k + round) % trees.length;
          const { cpuMs, out } = run(t, c.input);
          if (!c.expect(out)) throw new Error(`${trees[t]}: ${c.label} answered ${out.slice(0, 200)}`);
          if (round >= warmup) cpu[ci][t].push(cpuMs);
        }
      }
    }
  } catch (e) {
    console.log(`cold hook bench failed: ${(e as Error).message}`);
    return undefined;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const load1 = os.loadavg()[0];
  const result = calls.map((c, ci) => ({
    label: c.label,
    cpuMs: trees.map((_, t) => median(cpu[ci][t])),
    ratios: trees.map((_, t) => (t === 0 ? 1 : median(cpu[ci][0].map((x, i) => x / cpu[ci][t][i])))),
  }));
  const names = opts.names ?? trees.map((t, i) => (i === 0 ? 'this tree' : path.relative(ROOT, t) || t));
  console.log(`\nHook calls without the warm server, CPU of the whole process (median of ${runs} interleaved runs after ${warmup}, load ${load0.toFixed(1)} → ${load1.toFixed(1)} on ${os.cpus().length} cores)`);
  for (const r of result) {
    const others = r.ratios.slice(1).map((x, i) => `${x.toFixed(2)}× ${names[i + 1]} (${r.cpuMs[i + 1].toFixed(1)} ms)`).join(', ');
    console.log(`  ${r.label.padEnd(44)} ${r.cpuMs[0].toFixed(1).padStart(6)} ms${others ? `   ${others}, median of pair-by-pair ratios` : ''}`);
  }
  return { calls: result, load: [load0, load1] };
}

if (require.main === module) {
  const runs = Number(process.argv[2]) || undefined;
  const others = process.argv.slice(runs ? 3 : 2);
  const before = process.env.BLAST_RADIUS_BENCH_BEFORE;
  runColdHookBench({ trees: [path.join(ROOT, 'dist'), ...others, ...(before ? [before] : [])], runs });
}
