/**
 * The `blast-radius` command (in dist/engine.js, which the small dist/cli.js loads through the V8
 * code cache). `runCli` is the whole program minus the process (tests run it
 * in-process); `runProcess` wires it to the real process. Each subcommand's code is imported
 * only when that subcommand runs, so `check` never pays for `scan`.
 */
import path from 'node:path';
import v8 from 'node:v8';
import { version } from '../../package.json';
import { parseArgs, stringFlag } from './args';
import { helpText, usageLine } from './help';
import { v8FlagsFor } from './hook-loader';
import { type CliIo, EXIT, UsageError } from './io';
import { load } from './lazy';

export type { CliIo } from './io';
export { EXIT } from './io';

/* eslint-disable @typescript-eslint/no-require-imports */
/** Each subcommand's module, loaded when that subcommand runs (see lazy.ts). */
const commands = {
  check: (): typeof import('./check') => load('check', () => require('./check') as typeof import('./check')),
  rulesList: (): typeof import('./rules-list') => load('rulesList', () => require('./rules-list') as typeof import('./rules-list')),
  scan: (): typeof import('./scan') => load('scan', () => require('./scan') as typeof import('./scan')),
  hook: (): typeof import('./hook') => load('hook', () => require('./hook') as typeof import('./hook')),
  hooksInstall: (): typeof import('./hooks-install') => load('hooksInstall', () => require('./hooks-install') as typeof import('./hooks-install')),
};
/* eslint-enable @typescript-eslint/no-require-imports */

export const VERSION: string = version;

const FORMATS = ['text', 'json'] as const;
const SHELL_CHOICES = ['bash', 'sh', 'zsh', 'pwsh', 'cmd'] as const;
const STRICTNESS_CHOICES = ['off', 'relaxed', 'balanced', 'strict', 'paranoid'] as const;
/** The usage lines of `hook` and `hooks`, added to the top-level help. */
const HOOK_HELP_LINES = [
  'blast-radius hook <claude-code|codex|gemini-cli|copilot-cli|cursor|cline|opencode|windsurf> [--strictness LEVEL] < agent-hook.json',
  'blast-radius hooks install|uninstall <agent|git> [--user|--project] [--launcher PATH] [--cwd DIR]',
  'blast-radius hooks status [--cwd DIR] [--format text|json]',
].map((l) => `  ${l}\n`).join('');

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(usageLine(e.message, e.command));
      return EXIT.usage;
    }
    io.stderr(`blast-radius: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT.internal;
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  switch (first) {
    case undefined:
      io.stderr(helpText()!);
      return EXIT.usage;
    case '--version':
    case '-v':
      if (rest.length) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
      io.stdout(`${VERSION}\n`);
      return EXIT.allow;
    case '--help':
    case '-h':
      io.stdout(helpText()!.replace('  blast-radius help <command>', `${HOOK_HELP_LINES}  blast-radius help <command>`));
      return EXIT.allow;
    case 'help': {
      if (rest.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(rest[1])}`);
      if (rest[0] === 'scan') return runScanCommand(['--help'], io);
      if (rest[0] === 'hook') return commands.hook().runHook(['--help'], io);
      if (rest[0] === 'hooks') return commands.hooksInstall().runHooks(['--help'], io);
      const text = helpText(rest[0]);
      if (text === undefined) throw new UsageError(`no such command ${JSON.stringify(rest[0])}`);
      io.stdout(text);
      return EXIT.allow;
    }
    case 'check':
      return check(rest, io);
    case 'scan':
      return runScanCommand(rest, io);
    case 'rules':
      return rules(rest, io);
    case 'hook':
      return commands.hook().runHook(rest, io);
    case 'hooks':
      return commands.hooksInstall().runHooks(rest, io);
    default:
      throw new UsageError(first.startsWith('-') ? `unknown option ${first}` : `unknown command ${JSON.stringify(first)}`);
  }
}

async function check(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(
    argv,
    [
      { name: 'cwd', value: true },
      { name: 'workspace', value: true },
      { name: 'strictness', value: true, choices: STRICTNESS_CHOICES },
      { name: 'shell', value: true, choices: SHELL_CHOICES },
      { name: 'format', value: true, choices: FORMATS },
      { name: 'jsonl' },
      { name: 'help', short: 'h' },
    ],
    'check',
  );
  if (parsed.flags.has('help')) {
    io.stdout(helpText('check')!);
    return EXIT.allow;
  }
  if (parsed.positionals.length) {
    throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positionals[0])}; put the command line after --`, 'check');
  }
  const cwd = path.resolve(io.cwd, stringFlag(parsed, 'cwd') ?? '.');
  const workspaceFlag = stringFlag(parsed, 'workspace');
  const workspace = workspaceFlag === undefined ? undefined : path.resolve(io.cwd, workspaceFlag);
  const strictness = stringFlag(parsed, 'strictness');
  const shell = (stringFlag(parsed, 'shell') ?? 'bash') as (typeof SHELL_CHOICES)[number];
  const mod = commands.check();

  if (parsed.flags.has('jsonl')) {
    if (parsed.rest !== undefined) throw new UsageError('--jsonl reads commands from stdin; give no command line after --', 'check --jsonl');
    if (parsed.flags.has('format')) throw new UsageError('--jsonl always writes JSON; drop --format', 'check --jsonl');
    return mod.runCheckJsonl({ cwd, workspace, strictness, shell }, io);
  }
  if (parsed.rest === undefined || parsed.rest.length === 0) throw new UsageError('missing the command line after --', 'check');
  const format = (stringFlag(parsed, 'format') ?? 'text') as (typeof FORMATS)[number];
  return mod.runCheckOnce(parsed.rest.join(' '), { cwd, workspace, strictness, shell, format }, io);
}

function rules(argv: readonly string[], io: CliIo): number {
  const parsed = parseArgs(argv, [{ name: 'format', value: true, choices: FORMATS }, { name: 'help', short: 'h' }], 'rules');
  if (parsed.flags.has('help')) {
    io.stdout(helpText('rules')!);
    return EXIT.allow;
  }
  if (parsed.positionals.length || parsed.rest !== undefined) throw new UsageError('rules takes no arguments', 'rules');
  const { runRules } = commands.rulesList();
  return runRules((stringFlag(parsed, 'format') ?? 'text') as (typeof FORMATS)[number], io);
}

function runScanCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { runScan } = commands.scan();
  return runScan([...argv], { stdout: (s: string) => io.stdout(s), stderr: (s: string) => io.stderr(s), cwd: io.cwd, env: io.env, home: io.home });
}

/** Exits once everything written has reached the OS, so a pipe reader sees the whole output. */
function exitAfterFlush(code: number, beforeExit?: () => void): void {
  process.exitCode = code;
  try {
    beforeExit?.();
  } catch {
    // Housekeeping (the code cache) must not change the exit code.
  }
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
  // A stream that can no longer be written may never call back; the exit code is already set.
  setTimeout(() => process.exit(code), 2000).unref();
}

/**
 * Runs the CLI as this process: standard streams, exit code. `beforeExit` runs once the result
 * is known, before the process exits (cli.js saves the code cache there).
 */
export function runProcess(argv: readonly string[], beforeExit?: () => void): void {
  const flags = v8FlagsFor(argv);
  if (flags) v8.setFlagsFromString(flags);
  // A reader that goes away (`| head`, a co-process that quit) is not our failure; the exit
  // code still carries the decision.
  process.stdout.on('error', () => undefined);
  const io: CliIo = {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    cwd: process.cwd(),
    env: process.env,
    // A getter: creating process.stdin costs milliseconds, and only --jsonl reads it.
    get stdin() {
      return process.stdin;
    },
    color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
  runCli(argv, io).then(
    (code) => exitAfterFlush(code, beforeExit),
    (e: unknown) => {
      process.stderr.write(`blast-radius: internal error: ${String(e)}\n`);
      exitAfterFlush(EXIT.internal);
    },
  );
}

if (require.main === module) runProcess(process.argv.slice(2));
