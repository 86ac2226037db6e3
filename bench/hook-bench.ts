/**
 * Whole-process cost of one agent hook call (`blast-radius hook <agent>` with the agent's JSON on
 * stdin): an agent pays this before every command it runs. Compared with a bare `node -e 0`,
 * the floor nobody can go under. Target: at most 2× `node -e 0` for a shell command. The
 * warm-up rounds fill hook.js's code cache, as an agent's first calls do; two cases show the cold
 * start without it. Prints figures; never fails on timings. Usage: tsx bench/hook-bench.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

export interface HookBenchResult {
  label: string;
  medianMs: number;
  p90Ms: number;
  ratio: number;
}

/** Claude Code's way to commit: the message in a heredoc, inside `$(…)`, inside double quotes. */
const COMMIT_IDIOM = ["git commit -m \"$(cat <<'EOF'", 'Fix the build', '', 'Co-Authored-By: Claude <noreply@anthropic.com>', 'EOF', ')" && git push --force origin main'].join('\n');

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export function runHookBench(opts: { cli?: string; runs?: number; warmup?: number } = {}): HookBenchResult[] {
  const cli = opts.cli ?? process.env.BLAST_RADIUS_CLI ?? path.join(ROOT, 'dist', 'cli.js');
  // What the launcher runs for `hook`: the small entry beside the CLI.
  const hookJs = path.join(path.dirname(cli), 'hook.js');
  const runs = opts.runs ?? 20;
  const warmup = opts.warmup ?? 3;
  if (!existsSync(cli)) {
    console.log(`hook bench: ${path.relative(ROOT, cli)} not found; run node scripts/build.mjs --cli first`);
    return [];
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'br-hook-bench-'));
  const ws = path.join(tmp, 'ws');
  mkdirSync(path.join(ws, 'migrations'), { recursive: true });
  writeFileSync(path.join(ws, 'migrations', '000_init.sql'), 'ALTER TABLE users ADD COLUMN name text;\n');
  const env = { PATH: process.env.PATH, HOME: path.join(tmp, 'home'), XDG_CONFIG_HOME: path.join(tmp, 'home', '.config') };
  const claude = (tool: string, input: Record<string, unknown>): string => JSON.stringify({ session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input });

  const cases: { label: string; args: string[]; input: string; expect: RegExp | ''; env?: NodeJS.ProcessEnv }[] = [
    { label: 'node -e 0', args: ['-e', '0'], input: '', expect: '' },
    { label: 'hook.js claude-code Bash: git status', args: [hookJs, 'claude-code'], input: claude('Bash', { command: 'git status' }), expect: '' },
    { label: 'hook.js cursor shell: npm test', args: [hookJs, 'cursor'], input: JSON.stringify({ hook_event_name: 'beforeShellExecution', command: 'npm test', cwd: ws, workspace_roots: [ws] }), expect: /^\{\}/ },
    { label: 'hook.js claude-code Bash: terraform destroy', args: [hookJs, 'claude-code'], input: claude('Bash', { command: 'terraform destroy -auto-approve' }), expect: /"ask"/ },
    // Quotes, &&, $(…) with plain contents and heredocs with a quoted delimiter are read without
    // the shell grammar (WebAssembly); backquotes still need it.
    { label: 'hook.js claude-code Bash: git commit -m "…" && push --force', args: [hookJs, 'claude-code'], input: claude('Bash', { command: 'git commit -m "fix: the build" && git push --force origin main' }), expect: /"ask"/ },
    { label: 'hook.js claude-code Bash: git push --force … $(…)', args: [hookJs, 'claude-code'], input: claude('Bash', { command: 'git push --force origin $(git branch --show-current)' }), expect: /"ask"/ },
    { label: 'hook.js claude-code Bash: git push -f origin "$(…)"', args: [hookJs, 'claude-code'], input: claude('Bash', { command: 'git push -f origin "$(git branch --show-current)"' }), expect: /"ask"/ },
    { label: 'hook.js claude-code Bash: commit -m "$(cat <<EOF…)" && push', args: [hookJs, 'claude-code'], input: claude('Bash', { command: COMMIT_IDIOM }), expect: /"ask"/ },
    { label: "hook.js claude-code Bash: cat <<'EOF' > notes.md", args: [hookJs, 'claude-code'], input: claude('Bash', { command: "cat <<'EOF' > notes.md\n# Notes\n\nThe build is green.\nEOF" }), expect: '' },
    { label: 'hook.js claude-code Bash: git push --force … `…` (grammar)', args: [hookJs, 'claude-code'], input: claude('Bash', { command: 'git push --force origin `git branch --show-current`' }), expect: /"ask"/ },
    { label: 'hook.js claude-code Edit: DROP TABLE', args: [hookJs, 'claude-code'], input: claude('Edit', { file_path: path.join(ws, 'migrations', '000_init.sql'), old_string: 'text;', new_string: 'text;\nDROP TABLE users;' }), expect: /"ask"/ },
    // A cold start: the first call after an install or update, or with the code cache turned off.
    { label: 'hook.js, no code cache: git status', args: [hookJs, 'claude-code'], input: claude('Bash', { command: 'git status' }), expect: '', env: { BLAST_RADIUS_CODE_CACHE: 'off' } },
    { label: 'hook.js, no code cache: terraform destroy', args: [hookJs, 'claude-code'], input: claude('Bash', { command: 'terraform destroy -auto-approve' }), expect: /"ask"/, env: { BLAST_RADIUS_CODE_CACHE: 'off' } },
    { label: 'cli.js hook claude-code Bash: git status', args: [cli, 'hook', 'claude-code'], input: claude('Bash', { command: 'git status' }), expect: '' },
    { label: 'cli.js hook claude-code Bash: terraform', args: [cli, 'hook', 'claude-code'], input: claude('Bash', { command: 'terraform destroy -auto-approve' }), expect: /"ask"/ },
  ];

  // Rounds interleave the cases, so a busy machine slows all of them alike.
  const times: number[][] = cases.map(() => []);
  const failed = new Map<number, string>();
  try {
    for (let round = 0; round < warmup + runs; round++) {
      cases.forEach((c, i) => {
        if (failed.has(i)) return;
        const t0 = process.hrtime.bigint();
        const r = spawnSync(process.execPath, c.args, { cwd: ws, input: c.input, env: { ...env, ...c.env }, encoding: 'utf8' });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const ok = !r.error && r.status === 0 && (c.expect === '' ? r.stdout === '' : c.expect.test(r.stdout));
        if (!ok) failed.set(i, r.error?.message ?? `exit ${r.status}: ${(r.stdout + r.stderr).slice(0, 200)}`);
        else if (round >= warmup) times[i].push(ms);
      });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  for (const [i, why] of failed) console.log(`hook bench: ${cases[i].label} failed: ${why}`);
  const sorted = times.map((t) => [...t].sort((a, b) => a - b));
  const base = quantile(sorted[0], 0.5);
  const results = cases
    .map((c, i) => ({ label: c.label, medianMs: quantile(sorted[i], 0.5), p90Ms: quantile(sorted[i], 0.9), ratio: quantile(sorted[i], 0.5) / base }))
    .filter((_, i) => !failed.has(i));
  console.log(`\nAgent hook process time (median of ${runs} interleaved runs after ${warmup} warm-up; target ≤ 2.0× node -e 0 for shell commands)`);
  for (const r of results) {
    // The target is for what the launchers run (hook.js) once its code cache is warm.
    const targeted = r.label.startsWith('hook.js') && !/Edit|no code cache/.test(r.label);
    const note = /^cli\.js/.test(r.label) ? 'the whole CLI, for comparison' : /Edit/.test(r.label) ? 'edit engine' : 'cold start';
    const verdict = r.label === 'node -e 0' ? '' : targeted ? (r.ratio <= 2 ? '  ok' : '  OVER TARGET') : `  (${note}; no target)`;
    console.log(`  ${r.label.padEnd(60)} median ${r.medianMs.toFixed(1).padStart(6)} ms   p90 ${r.p90Ms.toFixed(1).padStart(6)} ms   ${r.ratio.toFixed(2)}×${verdict}`);
  }
  return results;
}

if (require.main === module) runHookBench({ runs: Number(process.argv[2]) || undefined });
