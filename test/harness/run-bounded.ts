import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface BoundedRunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The whole process group is killed when this runs out, so a hung install cannot outlive the script. */
  timeoutMs: number;
  /** Every line of output is appended here as well as echoed, so a failed install leaves its evidence. */
  logFile?: string;
  /** Echo the child's output to our stdout/stderr while it runs. */
  echo?: boolean;
}

export interface BoundedRunResult {
  exitCode: number | null;
  timedOut: boolean;
  output: string;
  seconds: number;
}

/**
 * Runs a command in its own process group with a hard time limit and returns its exit code and output.
 * Post-install scripts start grandchildren (node-gyp, make, tar); killing the group ends them too.
 */
export function runBounded(command: string, args: readonly string[], options: BoundedRunOptions): Promise<BoundedRunResult> {
  const started = Date.now();
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  log?.write(`\n$ ${command} ${args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let timedOut = false;
    const collect = (chunk: Buffer, echoTo: NodeJS.WriteStream): void => {
      const text = chunk.toString('utf8');
      // Keep the tail only: npm with --foreground-scripts prints megabytes of compiler output.
      output = (output + text).slice(-200_000);
      log?.write(text);
      if (options.echo) echoTo.write(text);
    };
    child.stdout.on('data', (chunk: Buffer) => collect(chunk, process.stdout));
    child.stderr.on('data', (chunk: Buffer) => collect(chunk, process.stderr));
    const timer = setTimeout(() => {
      timedOut = true;
      killProcessGroup(child.pid);
    }, options.timeoutMs);
    const finish = (exitCode: number | null): void => {
      clearTimeout(timer);
      const seconds = (Date.now() - started) / 1000;
      log?.end(`\n[exit ${exitCode ?? 'signal'}${timedOut ? ', timed out' : ''} after ${seconds.toFixed(1)} s]\n`);
      resolve({ exitCode, timedOut, output, seconds });
    };
    child.on('error', (error) => {
      output += `\n${error.message}`;
      finish(null);
    });
    child.on('close', (code) => finish(code));
  });
}

/**
 * Sends a signal to a whole process group started with `detached: true`, ignoring a group that is already gone.
 * Returns whether the group still existed.
 */
export function killProcessGroup(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL'): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}
