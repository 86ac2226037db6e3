/**
 * `dist/hook-core.js`: all that `hook <agent>` needs to answer a shell call (the protocols, the
 * pre-filter, the command engine, the policy and git readers; file edits load hook-edit.js
 * beside it). The small entry (hook-main.ts) loads it through the V8 code cache, since compiling
 * it is most of what an everyday hook call costs.
 */
import { grammarReady } from '../core/shell/grammar';
import { prefilterAllows } from '../core/shell/prefilter';
import { runHook } from './hook';
import { answerFor, parsePayload } from './hook-agents';
import { simpleHookArgs } from './hook-args';
import type { CliIo } from './io';

/** Same cap as the full hook (see hook.ts). */
const MAX_INPUT = 16 * 1024 * 1024;

export interface CoreAnswer {
  exitCode: number;
  /** `prefilter`: answered without the engine; `full`: the whole hook ran. */
  path: 'prefilter' | 'full';
  /** The shell grammar was loaded (its JavaScript ran). */
  grammar: boolean;
}

/**
 * Answers one hook call. `input` is standard input already read (undefined: read `io.stdin`).
 * Everyday commands that the pre-filter clears are answered at once; everything else (a command
 * worth a full look, a file edit, unreadable input, an unusual command line) goes to runHook.
 */
export async function answerHook(argv: readonly string[], input: Buffer | undefined, io: CliIo): Promise<CoreAnswer> {
  if (input !== undefined && input.length <= MAX_INPUT && simpleHookArgs(argv)) {
    const agent = argv[0] as Parameters<typeof parsePayload>[0];
    const parsed = parsePayload(agent, input.toString('utf8'));
    if (parsed.ok && (parsed.call.kind === 'other' || (parsed.call.kind === 'shell' && prefilterAllows(parsed.call.command, parsed.call.shell)))) {
      io.stdout(answerFor(agent, { kind: 'allow' }).stdout);
      return { exitCode: 0, path: 'prefilter', grammar: false };
    }
  }
  if (input !== undefined) {
    // A plain property: the full hook reads it instead of standard input, which is used up.
    let done = false;
    io.stdin = { [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve(done ? { done, value: undefined } : ((done = true), { done: false, value: input })) }) };
  }
  return { exitCode: await runHook(argv, io), path: 'full', grammar: grammarReady() };
}
