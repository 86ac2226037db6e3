/**
 * `dist/hook.js`: the entry the launchers run for `hook <agent>`, before every tool call an agent
 * makes. It is kept small: it reads standard input and asks the warm hook server (see
 * hook-server-wire.ts); when there is none, it starts one for the next calls and answers itself,
 * loading engine.js (the protocols, the pre-filter and the engine) through the V8 code cache
 * (hook-code-cache.ts). If the core cannot be loaded or fails, the agent still gets its "ask"
 * answer (Codex: deny) in its own format: agents let a call through when a hook merely fails.
 */
import { readSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { answerFor, isHookAgent } from '../core/hook-answer';
import { simpleHookArgs } from './hook-args';
import { hookCodeLoader, hookNodeSalt, usableUserFolder } from './hook-loader';
import { askServer, startServer } from './hook-server-client';
import { serverOff, serverSocket, WIRE_VERSION } from './hook-server-wire';
import type { CliIo } from './io';
import type { EditorQuestion } from './editor-ask';

/**
 * How long a call waits for the server's answer before answering itself. A server answers in a
 * few milliseconds; one that does not is stuck, and the call must not be.
 */
const REPLY_TIMEOUT_MS = 5000;

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

/** The socket of the warm server for these bundles, where one may be used. */
function warmServerSocket(): string | undefined {
  if (process.platform === 'win32' || serverOff(process.env)) return undefined;
  const dir = usableUserFolder({ codeCache: false });
  return dir === undefined ? undefined : serverSocket(dir, __dirname, hookNodeSalt());
}

/** Answers in this process: engine.js through the code cache. `after` runs once the answer is out. */
function answerHere(argv: readonly string[], input: Buffer | undefined, io: CliIo, failed: (e: unknown) => void, after?: () => void): void {
  try {
    const loader = hookCodeLoader();
    const engine = loader.require(path.join(__dirname, 'engine.js')) as typeof import('./engine-bundle');
    engine.hook().answerHook(argv, input, io).then((exitCode) => {
      // The answer is written (synchronously); the cache, when it needs saving, is saved before exit.
      loader.save(() => engine.coverage());
      after?.();
      process.exit(exitCode);
    }, failed);
  } catch (e) {
    failed(e);
  }
}

/** When this process started: the agent's hook timeout runs from there. */
const STARTED_AT = Date.now() - Math.round(process.uptime() * 1000);

/**
 * A call the server handed back for the editor: asked here, then answered. The asking lives in
 * engine.js (loaded through the code cache only now), so hook.js stays as small as an allowed
 * call needs it.
 */
function askTheEditor(question: EditorQuestion, io: CliIo, failed: (e: unknown) => void): void {
  try {
    const engine = hookCodeLoader().require(path.join(__dirname, 'engine.js')) as typeof import('./engine-bundle');
    const { askEditor, editorAnswer } = engine.editorAsk();
    askEditor(question, { env: process.env, home: process.env.HOME ?? os.homedir(), startedAt: STARTED_AT }).then((outcome) => {
      const answer = editorAnswer(question, outcome);
      io.stdout(answer.stdout);
      if (answer.stderr) io.stderr(answer.stderr);
      process.exit(answer.exitCode);
    }, failed);
  } catch (e) {
    failed(e);
  }
}

function main(argv: readonly string[]): void {
  const agent = isHookAgent(argv[0]) ? argv[0] : undefined;
  const io: CliIo = {
    stdout: (s) => writeAll(1, s),
    stderr: (s) => writeAll(2, s),
    cwd: process.cwd(),
    env: process.env,
    color: false,
    startedAt: STARTED_AT,
  };
  // Our own failure must not let the call through: the agent's "ask", and the reason on stderr.
  const failed = (e: unknown): void => {
    const why = e instanceof Error ? (e.stack ?? e.message) : String(e);
    io.stderr(`blast-radius hook${agent ? ` ${agent}` : ''}: internal error: ${why}\n`);
    if (!agent) process.exit(70);
    const answer = answerFor(agent, { kind: 'invalid', message: `Blast Radius failed while checking this call (${(e instanceof Error ? e.message : String(e)).slice(0, 200)}). Check the call before approving it.` });
    io.stdout(answer.stdout);
    if (answer.stderr) io.stderr(answer.stderr);
    process.exit(answer.exitCode);
  };
  try {
    // Only the fast path's command lines read standard input here (`--help` must not wait for it).
    const input = simpleHookArgs(argv) ? readStdin() : undefined;
    if (input === undefined) io.stdin = process.stdin;
    const sock = input !== undefined && input.length <= MAX_INPUT ? warmServerSocket() : undefined;
    if (input === undefined || sock === undefined) return answerHere(argv, input, io, failed);
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    const caller = { pid: process.pid, ppid: process.ppid };
    askServer(sock, { v: WIRE_VERSION, op: 'hook', argv: [...argv], cwd: io.cwd, env, caller, input: input.toString('base64') }, REPLY_TIMEOUT_MS).then(
      (asked) => {
        if (asked.kind === 'reply' && asked.reply.ok && asked.reply.op === 'hook') {
          if (asked.reply.stderr) io.stderr(asked.reply.stderr);
          const question = asked.reply.editor;
          if (question) return askTheEditor(question, io, failed);
          io.stdout(asked.reply.stdout);
          process.exit(asked.reply.exitCode);
        }
        // No server: this call is answered here, then starts one for the next calls (after the
        // answer, so the server's loading does not compete with it).
        const start = asked.kind === 'absent' ? () => startServer(sock, path.join(__dirname, 'hook-server.js')) : undefined;
        answerHere(argv, input, io, failed, start);
      },
      () => answerHere(argv, input, io, failed),
    );
  } catch (e) {
    failed(e);
  }
}

// The Windows launchers pass `hook` along (cmd cannot drop an argument from %*); no agent is named so.
if (require.main === module) main(process.argv[2] === 'hook' ? process.argv.slice(3) : process.argv.slice(2));
