/**
 * Whole-process cost of one agent hook call (`blast-radius hook <agent>` with the agent's JSON on
 * stdin): an agent pays this before every call it makes. Compared with a bare `node -e 0`, the
 * floor nobody can go under. Target: at most 2× `node -e 0`.
 *
 * Each call is timed two ways: answered by the warm hook server (the usual case on Linux and
 * macOS: an earlier call started it), and in process (`BLAST_RADIUS_HOOK_SERVER=off`: Windows,
 * and the call that finds no server, e.g. after 10 idle minutes, which also starts one). The
 * warm-up rounds fill hook.js's code cache and start the server, as an agent's first calls do;
 * three cases show what is left without them. Prints figures; never fails on timings.
 * Usage: tsx bench/hook-bench.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { askServer, runningServers } from '../src/cli/hook-server-client';
import { EDITOR_KEY_ENV } from '../src/core/gate/hook-editor';
import { WIRE_VERSION } from '../src/cli/hook-server-wire';

const ROOT = path.resolve(__dirname, '..');

export interface HookBenchResult {
  label: string;
  /** `server`: answered by the warm server; `local`: in process; `cold`: without a code cache; `cli`: the whole CLI. */
  mode: 'base' | 'server' | 'local' | 'first' | 'cold' | 'cli';
  medianMs: number;
  p90Ms: number;
  ratio: number;
}

/** Claude Code's way to commit: the message in a heredoc, inside `$(…)`, inside double quotes. */
const COMMIT_IDIOM = ["git commit -m \"$(cat <<'EOF'", 'Fix the build', '', 'Co-Authored-By: Claude <noreply@anthropic.com>', 'EOF', ')" && git push --force origin main'].join('\n');

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** The warm server's socket in `cacheDir`, once it answers (undefined after `timeoutMs`). */
async function serverUp(cacheDir: string, timeoutMs: number): Promise<{ sock: string; pid: number } | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const [up] = await runningServers(cacheDir, 1000);
    if (up) return { sock: up.sock, pid: up.status.pid };
    if (Date.now() >= end) return undefined;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopServer(cacheDir: string): Promise<void> {
  const up = await serverUp(cacheDir, 0);
  if (!up) return;
  await askServer(up.sock, { v: WIRE_VERSION, op: 'stop' }, 2000);
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(up.pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resident memory of a process, in MB (Linux), or undefined. */
function rssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export async function runHookBench(opts: { cli?: string; runs?: number; warmup?: number } = {}): Promise<HookBenchResult[]> {
  const cli = opts.cli ?? process.env.BLAST_RADIUS_CLI ?? path.join(ROOT, 'dist', 'cli.js');
  // What the launcher runs for `hook`: the small entry beside the CLI.
  const hookJs = path.join(path.dirname(cli), 'hook.js');
  const runs = opts.runs ?? 20;
  const warmup = opts.warmup ?? 3;
  if (!existsSync(cli)) {
    console.log(`hook bench: ${path.relative(ROOT, cli)} not found; run node scripts/build.mjs first`);
    return [];
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'br-hook-bench-'));
  const ws = path.join(tmp, 'ws');
  mkdirSync(path.join(ws, 'migrations'), { recursive: true });
  writeFileSync(path.join(ws, 'migrations', '000_init.sql'), 'ALTER TABLE users ADD COLUMN name text;\n');
  const home = path.join(tmp, 'home');
  const cacheDir = path.join(home, '.cache', 'blast-radius');
  // What an interactive Claude Code session gives its hooks: gate-level calls ask there.
  const env = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), CLAUDE_CODE_ENTRYPOINT: 'cli', CLAUDE_CODE_SESSION_ATTENDED: '1' };
  const claude = (tool: string, input: Record<string, unknown>): string =>
    JSON.stringify({ session_id: 's', cwd: ws, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input });

  // VS Code's own agent, with the window's key in the environment as VS Code's hooks get it: an
  // allowed call must cost nothing more for it (the editor is asked for gate-level calls only).
  const vscodeCall = (command: string): string =>
    JSON.stringify({ timestamp: '2026-03-02T10:15:00.000Z', cwd: ws, sessionId: 's', hookEventName: 'PreToolUse', tool_name: 'run_in_terminal', tool_input: { command, explanation: 'x', goal: 'x', isBackground: false }, tool_use_id: 'c' });
  const editorKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const calls: { label: string; agent: string; input: string; expect: RegExp | ''; env?: NodeJS.ProcessEnv }[] = [
    { label: 'claude-code Bash: git status', agent: 'claude-code', input: claude('Bash', { command: 'git status' }), expect: '' },
    { label: "VS Code's agent run_in_terminal: git status (editor key)", agent: 'claude-code', input: vscodeCall('git status'), expect: '', env: { [EDITOR_KEY_ENV]: editorKey } },
    { label: 'cursor shell: npm test', agent: 'cursor', input: JSON.stringify({ hook_event_name: 'beforeShellExecution', command: 'npm test', cwd: ws, workspace_roots: [ws] }), expect: /^\{\}/ },
    { label: 'claude-code Bash: terraform destroy', agent: 'claude-code', input: claude('Bash', { command: 'terraform destroy -auto-approve' }), expect: /"ask"/ },
    // Quotes, &&, $(…) with plain contents and heredocs with a quoted delimiter are read without
    // the shell grammar (WebAssembly); backquotes, loops and the like still need it.
    { label: 'claude-code Bash: git commit -m "…" && push --force', agent: 'claude-code', input: claude('Bash', { command: 'git commit -m "fix: the build" && git push --force origin main' }), expect: /"ask"/ },
    { label: 'claude-code Bash: git push --force … $(…)', agent: 'claude-code', input: claude('Bash', { command: 'git push --force origin $(git branch --show-current)' }), expect: /"ask"/ },
    { label: 'claude-code Bash: commit -m "$(cat <<EOF…)" && push', agent: 'claude-code', input: claude('Bash', { command: COMMIT_IDIOM }), expect: /"ask"/ },
    { label: "claude-code Bash: cat <<'EOF' > notes.md", agent: 'claude-code', input: claude('Bash', { command: "cat <<'EOF' > notes.md\n# Notes\n\nThe build is green.\nEOF" }), expect: '' },
    { label: 'claude-code Bash: git push --force … `…` (grammar)', agent: 'claude-code', input: claude('Bash', { command: 'git push --force origin `git branch --show-current`' }), expect: /"ask"/ },
    { label: 'claude-code Bash: for … do rm -rf …; done (grammar)', agent: 'claude-code', input: claude('Bash', { command: 'for d in src docs; do rm -rf "$d"; done' }), expect: /"ask"/ },
    { label: 'claude-code Edit: DROP TABLE', agent: 'claude-code', input: claude('Edit', { file_path: path.join(ws, 'migrations', '000_init.sql'), old_string: 'text;', new_string: 'text;\nDROP TABLE users;' }), expect: /"ask"/ },
    // Whether Gemini CLI can ask is read from its process; none is among the bench's parents, so every one is read.
    {
      label: 'gemini-cli shell: terraform destroy (reads parents)',
      agent: 'gemini-cli',
      input: JSON.stringify({ hook_event_name: 'BeforeTool', cwd: ws, tool_name: 'run_shell_command', tool_input: { command: 'terraform destroy -auto-approve' } }),
      expect: /"deny"/,
    },
  ];
  const OFF = { BLAST_RADIUS_HOOK_SERVER: 'off' };
  const gate = calls[2];
  const cases: { label: string; mode: HookBenchResult['mode']; args: string[]; input: string; expect: RegExp | ''; env?: NodeJS.ProcessEnv; noServer?: boolean }[] = [
    { label: 'node -e 0', mode: 'base', args: ['-e', '0'], input: '', expect: '' },
    ...calls.map((c) => ({ label: c.label, mode: 'server' as const, args: [hookJs, c.agent], input: c.input, expect: c.expect, env: c.env })),
    ...calls.map((c) => ({ label: c.label, mode: 'local' as const, args: [hookJs, c.agent], input: c.input, expect: c.expect, env: { ...c.env, ...OFF } })),
    // The call that finds no server: answers in process and starts one in the background.
    { label: `${gate.label}, starting the server`, mode: 'first', args: [hookJs, gate.agent], input: gate.input, expect: gate.expect, noServer: true },
    // A cold start: the first call after an install or update (no code cache, no server).
    { label: 'claude-code Bash: git status', mode: 'cold', args: [hookJs, 'claude-code'], input: calls[0].input, expect: '', env: { ...OFF, BLAST_RADIUS_CODE_CACHE: 'off' } },
    { label: gate.label, mode: 'cold', args: [hookJs, gate.agent], input: gate.input, expect: gate.expect, env: { ...OFF, BLAST_RADIUS_CODE_CACHE: 'off' } },
    { label: 'cli.js hook claude-code Bash: terraform destroy', mode: 'cli', args: [cli, 'hook', gate.agent], input: gate.input, expect: gate.expect },
  ];

  // Rounds interleave the cases, so a busy machine slows all of them alike.
  const times: number[][] = cases.map(() => []);
  const failed = new Map<number, string>();
  let serverRss: number | undefined;
  try {
    // An agent's first call starts the server.
    spawnSync(process.execPath, [hookJs, gate.agent], { cwd: ws, input: gate.input, env, encoding: 'utf8' });
    for (let round = 0; round < warmup + runs; round++) {
      for (const [i, c] of cases.entries()) {
        if (failed.has(i)) continue;
        if (c.mode === 'server' && !(await serverUp(cacheDir, 20_000))) failed.set(i, 'no hook server came up');
        if (c.noServer) await stopServer(cacheDir);
        if (failed.has(i)) continue;
        const t0 = process.hrtime.bigint();
        const r = spawnSync(process.execPath, c.args, { cwd: ws, input: c.input, env: { ...env, ...c.env }, encoding: 'utf8' });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const ok = !r.error && r.status === 0 && (c.expect === '' ? r.stdout === '' : c.expect.test(r.stdout));
        if (!ok) failed.set(i, r.error?.message ?? `exit ${r.status}: ${(r.stdout + r.stderr).slice(0, 200)}`);
        else if (round >= warmup) times[i].push(ms);
        // The server the call started loads in the background: let it finish before timing more.
        if (c.noServer) await serverUp(cacheDir, 20_000);
      }
    }
    const up = await serverUp(cacheDir, 0);
    if (up) serverRss = rssMb(up.pid);
  } finally {
    await stopServer(cacheDir);
    rmSync(tmp, { recursive: true, force: true });
  }
  for (const [i, why] of failed) console.log(`hook bench: ${cases[i].mode} ${cases[i].label} failed: ${why}`);
  const sorted = times.map((t) => [...t].sort((a, b) => a - b));
  const base = quantile(sorted[0], 0.5);
  const results: HookBenchResult[] = cases
    .map((c, i) => ({ label: c.label, mode: c.mode, medianMs: quantile(sorted[i], 0.5), p90Ms: quantile(sorted[i], 0.9), ratio: quantile(sorted[i], 0.5) / base }))
    .filter((_, i) => !failed.has(i));

  const fmt = (r: HookBenchResult | undefined): string => (r ? `${r.medianMs.toFixed(1).padStart(6)} ms ${r.ratio.toFixed(2)}×${r.ratio <= 2 ? '  ' : ' !'}` : '        —       ');
  const find = (label: string, mode: HookBenchResult['mode']): HookBenchResult | undefined => results.find((r) => r.label === label && r.mode === mode);
  console.log(`\nAgent hook process time, hook.js <agent> (median of ${runs} interleaved runs after ${warmup} warm-up; node -e 0 = ${base.toFixed(1)} ms; target ≤ 2.0×, ! = over)`);
  console.log(`  ${'call'.padEnd(56)} ${'warm server'.padEnd(18)} in process`);
  for (const c of calls) console.log(`  ${c.label.padEnd(56)} ${fmt(find(c.label, 'server'))} ${fmt(find(c.label, 'local'))}`);
  const over = (mode: HookBenchResult['mode']): string[] => results.filter((r) => r.mode === mode && r.ratio > 2).map((r) => r.label);
  const served = results.filter((r) => r.mode === 'server');
  console.log(`  warm server: ${served.length - over('server').length}/${served.length} calls within target${serverRss ? `; the server's resident memory ${serverRss.toFixed(0)} MB` : ''}`);
  console.log(`  in process: ${over('local').length ? `over target: ${over('local').join('; ')}` : 'all within target'}`);
  // The cold figures: what an allowed and a gate-level call cost when no warm server answers.
  const cold = (label: string): string => fmt(find(label, 'local')).trim();
  console.log(`  without a warm server (Windows, the first call after idle, BLAST_RADIUS_HOOK_SERVER=off): allowed git status ${cold(calls[0].label)}; gate-level terraform destroy ${cold(calls[3].label)}`);
  // The figure for an allowed call answered by the warm server (what most tool calls are).
  const allowed = served.filter((r) => calls.some((c) => c.label === r.label && c.expect === ''));
  const worst = allowed.reduce<HookBenchResult | undefined>((w, r) => (!w || r.ratio > w.ratio ? r : w), undefined);
  if (worst) console.log(`  allowed calls, warm server: at most ${worst.ratio.toFixed(2)}× node -e 0 (${worst.label}; target ≤ 1.5×${worst.ratio <= 1.5 ? ', ok' : ', OVER'})`);
  console.log('  Without a warm server:');
  for (const r of results.filter((x) => x.mode === 'first' || x.mode === 'cold' || x.mode === 'cli')) {
    const what = r.mode === 'first' ? 'no server yet (answers, starts one)' : r.mode === 'cold' ? 'no code cache, no server' : 'the whole CLI, for comparison';
    console.log(`    ${`${what}: ${r.label}`.padEnd(86)} ${fmt(r)}`);
  }
  return results;
}

if (require.main === module) void runHookBench({ runs: Number(process.argv[2]) || undefined });
