/**
 * `dist/hook.js`: the entry the launchers run for `hook <agent>`, before every tool call an agent
 * makes. It is kept small: it reads standard input, loads hook-core.js (the protocols, the
 * pre-filter and the engine) through the V8 code cache (hook-code-cache.ts), and answers. If the
 * core cannot be loaded or fails, the agent still gets its "ask" answer (Codex: deny) in its own
 * format: agents let a call through when a hook merely fails.
 */
import { readSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { answerFor, isHookAgent } from '../core/hook-answer';
import { simpleHookArgs } from './hook-args';
import { CodeCacheLoader, codeCacheDir, usableCacheDir } from './hook-code-cache';
import type { CoreAnswer } from './hook-core';
import type { CliIo } from './io';

/**
 * What cli.js does for `hook`: the grammar's WebAssembly compiled lazily by the baseline compiler
 * (see main.ts). Set before anything is compiled: V8 accepts cached code only under the flags it
 * was made with.
 */
const V8_FLAGS = '--liftoff-only --wasm-lazy-compilation';

/** Same cap as the full hook (see hook.ts); input past it is read, dropped, and answered "ask". */
const MAX_INPUT = 16 * 1024 * 1024;

/** All of standard input (up to just past the cap), or undefined when it cannot be read directly. */
function readStdin(): Buffer | undefined {
  const chunks: Buffer[] = [];
  const buf = Buffer.allocUnsafe(1024 * 1024);
  let kept = 0;
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EOF') break;
      // EAGAIN and friends: the core reads the stream its own way.
      return undefined;
    }
    if (n === 0) break;
    // Past the cap the rest is read and dropped, so the agent writing it never sees a broken pipe;
    // what is kept still tells the hook it was too much.
    if (kept <= MAX_INPUT) {
      chunks.push(Buffer.from(buf.subarray(0, n)));
      kept += n;
    }
  }
  return Buffer.concat(chunks);
}

/**
 * Writes all of `text` to a file descriptor, synchronously. Creating `process.stdout` for a pipe
 * costs milliseconds, and the answer is one short line. A reader that went away is not our
 * failure; a pipe that is full for two seconds is given up on.
 */
function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text, 'utf8');
  let off = 0;
  let waited = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN' || waited >= 2000) return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      waited += 5;
    }
  }
}

function cacheLoader(): CodeCacheLoader {
  try {
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const dir = codeCacheDir({ env: process.env, home: process.env.HOME ?? os.homedir(), platform: process.platform, uid });
    const usable = dir !== undefined && usableCacheDir(dir, { platform: process.platform, uid });
    return new CodeCacheLoader(usable ? dir : undefined, uid, `${V8_FLAGS} ${process.execPath} ${process.version} ${process.arch} ${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`);
  } catch {
    return new CodeCacheLoader(undefined);
  }
}

/**
 * Bits of what a run covered, for the code cache: 1 loaded, 2 pre-filter, 4 engine, 8 file edits,
 * 16 shell grammar. A cache is saved again when a run covers more, so each path's code ends up in it.
 */
function coverage(loader: CodeCacheLoader, answer: CoreAnswer): (file: string) => number {
  const edit = loader.files().some((f) => path.basename(f) === 'hook-edit.js');
  return () => 1 | (answer.path === 'prefilter' ? 2 : 4) | (edit ? 8 : 0) | (answer.grammar ? 16 : 0);
}

function main(argv: readonly string[]): void {
  v8.setFlagsFromString(V8_FLAGS);
  const agent = isHookAgent(argv[0]) ? argv[0] : undefined;
  const io: CliIo = {
    stdout: (s) => writeAll(1, s),
    stderr: (s) => writeAll(2, s),
    cwd: process.cwd(),
    env: process.env,
    color: false,
  };
  // Our own failure must not let the call through: the agent's "ask", and the reason on stderr.
  const failed = (e: unknown): void => {
    const why = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.stderr(`blast-radius hook${agent ? ` ${agent}` : ''}: internal error: ${why}\n`);
    if (!agent) process.exit(70);
    io.stdout(answerFor(agent, { kind: 'invalid', message: `Blast Radius failed while checking this call (${(e instanceof Error ? e.message : String(e)).slice(0, 200)}). Check the call before approving it.` }).stdout);
    process.exit(0);
  };
  try {
    // Only the fast path's command lines read standard input here (`--help` must not wait for it).
    const input = simpleHookArgs(argv) ? readStdin() : undefined;
    if (input === undefined) io.stdin = process.stdin;
    const loader = cacheLoader();
    const core = loader.require(path.join(__dirname, 'hook-core.js')) as typeof import('./hook-core');
    core.answerHook(argv, input, io).then((answer) => {
      // The answer is written (synchronously); the cache, when it needs saving, is saved before exit.
      loader.save(coverage(loader, answer));
      process.exit(answer.exitCode);
    }, failed);
  } catch (e) {
    failed(e);
  }
}

// The Windows launchers pass `hook` along (cmd cannot drop an argument from %*); no agent is named so.
if (require.main === module) main(process.argv[2] === 'hook' ? process.argv.slice(3) : process.argv.slice(2));
