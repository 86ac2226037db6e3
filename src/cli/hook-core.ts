/**
 * How `hook <agent>` answers a call, taken from dist/engine.js by the small entry (hook-main.ts)
 * and the warm hook server. An everyday call is answered here from the agent's payload and the
 * pre-filter alone; everything else goes to runHook (hook.ts), which this file loads only then:
 * the command engine and its rules, the policy and git readers are in another bundle
 * (dist/engine-core.js; file edits in dist/engine-more.js), so an allowed call never loads them.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import path from 'node:path';
import { prefilterAllows } from '../core/prefilter';
import { hostEnv } from '../node/hooks/paths';
import { stopFilePath, stoppedRecord } from '../node/stop-file';
import { answerFor, parsePayload } from './hook-agents';
import { simpleHookArgs } from './hook-args';
import type { CliIo } from './io';
import { lazy, load } from './lazy';

/** The full hook, for every call the pre-filter does not clear (see lazy.ts). */
const fullHook = (): typeof import('./hook') => load('hook', () => require('./hook') as typeof import('./hook'));

/** Whether agents are stopped for the caller (its home and data folder, from its environment). */
export function agentsStopped(io: Pick<CliIo, 'env' | 'home'>): boolean {
  const env = io.env ?? process.env;
  return stoppedRecord(stopFilePath(hostEnv({ env, ...(io.home ? { home: io.home } : {}) }))) !== undefined;
}

/** Same cap as the full hook (see hook.ts). */
const MAX_INPUT = 16 * 1024 * 1024;

/**
 * Answers one hook call; resolves to the exit code. `input` is standard input already read
 * (undefined: read `io.stdin`).
 * Everyday commands that the pre-filter clears are answered at once; everything else (a command
 * worth a full look, a file edit, unreadable input, an unusual command line) goes to runHook.
 */
export async function answerHook(argv: readonly string[], input: Buffer | undefined, io: CliIo): Promise<number> {
  // While agents are stopped nothing is answered from the fast path: runHook refuses every call.
  if (input !== undefined && input.length <= MAX_INPUT && simpleHookArgs(argv) && !agentsStopped(io)) {
    const agent = argv[0] as Parameters<typeof parsePayload>[0];
    const parsed = parsePayload(agent, input.toString('utf8'));
    if (parsed.ok && (parsed.call.kind === 'other' || (parsed.call.kind === 'shell' && prefilterAllows(parsed.call.command, parsed.call.shell, { follow: true })))) {
      if (parsed.call.kind === 'other' && parsed.call.note) io.stderr(`blast-radius hook ${agent}: ${parsed.call.note}\n`);
      io.stdout(answerFor(parsed.dialect === 'vscode' ? 'claude-code' : agent, { kind: 'allow' }).stdout);
      return 0;
    }
  }
  if (input !== undefined) {
    // A plain property: the full hook reads it instead of standard input, which is used up.
    let done = false;
    io.stdin = { [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve(done ? { done, value: undefined } : ((done = true), { done: false, value: input })) }) };
  }
  return fullHook().runHook(argv, io);
}

/**
 * Loads everything a call may need (the engine, the shell grammar, the file-edit path) and runs
 * a shell call and a file write through it once, for the hook server, so that even its first
 * real call is answered at once. `dir` is the server's own folder (nothing is written there).
 */
export async function warmUp(dir: string): Promise<void> {
  await lazy.grammarFiles().loadShellGrammar();
  // Every rule pack, so that no call the server answers waits for one (a call in process loads
  // only the packs its line needs).
  lazy.engine().loadEveryPack();
  const io: CliIo = { stdout: () => undefined, stderr: () => undefined, cwd: dir, env: { ...process.env }, color: false };
  const calls = [
    { tool_name: 'Bash', tool_input: { command: 'git push --force origin `git branch --show-current` && rm -rf ./build' } },
    { tool_name: 'Write', tool_input: { file_path: path.join(dir, 'warm-up', 'migration.sql'), content: 'DROP TABLE users;\n' } },
    // A patch sent through the shell: the edit path for command lines (nothing is read: the file is not there).
    { tool_name: 'Bash', tool_input: { command: "apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: warm-up/main.tf\n@@\n-  prevent_destroy = true\n*** End Patch\nEOF\n" } },
  ];
  for (const c of calls) {
    const payload = { session_id: 'warm-up', cwd: dir, hook_event_name: 'PreToolUse', ...c };
    await answerHook(['claude-code'], Buffer.from(JSON.stringify(payload)), io);
  }
}
