/**
 * `dist/hook.js`: the fast entry the launcher runs for `hook <agent>`. An agent calls the hook
 * before every command, and most commands are everyday ones the pre-filter clears without the
 * engine; this bundle carries only the agent protocols and the pre-filter, so those calls skip
 * compiling the whole CLI. Anything else (a command worth a full look, a file edit, unreadable
 * input, an unusual command line) goes to the full CLI next to it, with the input already read.
 */
import { readSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { prefilterAllows } from '../core/shell/prefilter';
import { answerFor, isHookAgent, parsePayload } from './hook-agents';
import type { CliIo } from './io';

/** Same cap as the full hook (see hook.ts); past it the full CLI answers "ask". */
const MAX_INPUT = 16 * 1024 * 1024;

function readStdin(): Buffer[] | undefined {
  const chunks: Buffer[] = [];
  const buf = Buffer.allocUnsafe(1024 * 1024);
  let total = 0;
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EOF') break;
      // EAGAIN and friends: let the full CLI read the stream its own way.
      return undefined;
    }
    if (n === 0) break;
    // Past the cap the rest is read and dropped; what is kept still tells the full CLI it was too much.
    if (total <= MAX_INPUT) chunks.push(Buffer.from(buf.subarray(0, n)));
    total += n;
  }
  return chunks;
}

/** True for `<agent>` alone or with `--strictness LEVEL` (which cannot change an allow). */
function simpleArgs(argv: readonly string[]): boolean {
  if (!isHookAgent(argv[0])) return false;
  const rest = argv.slice(1);
  return rest.length === 0 || (rest.length === 2 && rest[0] === '--strictness') || (rest.length === 1 && rest[0].startsWith('--strictness='));
}

function full(argv: readonly string[], chunks: Buffer[] | undefined): void {
  // What cli.js does for `hook` when it is the entry point.
  v8.setFlagsFromString('--liftoff-only --wasm-lazy-compilation');
  process.stdout.on('error', () => undefined);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runCli } = require(path.join(__dirname, 'cli.js')) as typeof import('./main');
  const io: CliIo = {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    cwd: process.cwd(),
    env: process.env,
    color: false,
  };
  if (chunks) {
    // A plain property: the full hook reads it instead of standard input, which is used up.
    const it = chunks[Symbol.iterator]();
    io.stdin = { [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve(it.next()) }) };
  } else {
    io.stdin = process.stdin;
  }
  runCli(['hook', ...argv], io).then(
    (code) => exit(code),
    (e: unknown) => {
      process.stderr.write(`blast-radius: internal error: ${String(e)}\n`);
      exit(70);
    },
  );
}

function exit(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
  setTimeout(() => process.exit(code), 2000).unref();
}

function main(argv: readonly string[]): void {
  if (!simpleArgs(argv)) return full(argv, undefined);
  const chunks = readStdin();
  if (chunks) {
    const total = chunks.reduce((n, c) => n + c.length, 0);
    if (total <= MAX_INPUT) {
      const agent = argv[0] as Parameters<typeof parsePayload>[0];
      const parsed = parsePayload(agent, Buffer.concat(chunks).toString('utf8'));
      if (parsed.ok && (parsed.call.kind === 'other' || (parsed.call.kind === 'shell' && prefilterAllows(parsed.call.command, parsed.call.shell)))) {
        process.stdout.write(answerFor(agent, { kind: 'allow' }).stdout);
        return;
      }
    }
  }
  full(argv, chunks);
}

// The Windows launchers pass `hook` along (cmd cannot drop an argument from %*); no agent is named so.
if (require.main === module) main(process.argv[2] === 'hook' ? process.argv.slice(3) : process.argv.slice(2));
