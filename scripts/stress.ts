/**
 * `npm run test:stress`: the in-editor suite five times in a row while another process keeps every
 * core busy (one busy loop per core), to show that the suite waits on events, not on time: a machine
 * doing other work must not fail it. Prints each run's time and result and a summary at the end;
 * exits 0 only when every run passed. Not part of `npm test` (it takes five suite runs).
 *
 * Usage: tsx scripts/stress.ts [--runs N] [--loops N] [-- <suite command and its arguments>]
 *   --runs   runs of the suite (default 5)
 *   --loops  busy loops (default one per core: os.availableParallelism())
 *   after --, the suite to run instead of `bash scripts/run-integration.sh`, e.g.
 *            -- bash scripts/run-integration.sh --env BLAST_RADIUS_TEST_GREP=terminal
 *
 * The busy loops are processes of their own, started here and ended by their PIDs when the script
 * finishes, when a run fails, and when it is interrupted (Ctrl-C, SIGTERM, SIGHUP); each one also
 * ends by itself once this script is gone, so not even a SIGKILL of the script leaves one spinning.
 * Each run's output goes to the terminal and to test-results/stress/run-<n>.log.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO = path.resolve(__dirname, '..');
const LOG_DIR = path.join(REPO, 'test-results', 'stress');
const DEFAULT_SUITE = ['bash', 'scripts/run-integration.sh'];
/** Where the in-editor harness leaves the extension host's logs after a failed run. */
const HOST_LOG = path.join(REPO, 'test-results', 'in-editor-extension-host.log');
/** After the suite was told to stop, how long it may take to clean up before it is killed. */
const STOP_GRACE_MS = 30_000;

/**
 * One core's worth of work: counts forever, and every few hundred million steps checks that the
 * script that started it (its parent) is still there; once it is not (ended in any way, the loop
 * was re-parented), it exits.
 */
const BUSY_LOOP = 'const parent = Number(process.argv[1]); let n = 0; for (;;) { if (++n === 200000000) { n = 0; if (process.ppid !== parent) process.exit(0); } }';

interface Options {
  runs: number;
  loops: number;
  suite: string[];
}

interface RunResult {
  run: number;
  passed: boolean;
  seconds: number;
  exitCode: number | null;
  /** "44 passing, 1 failing" from mocha's summary, when the run printed one. */
  counts: string;
  log: string;
}

function say(message: string): void {
  process.stdout.write(`[stress] ${message}\n`);
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { runs: 5, loops: os.availableParallelism(), suite: DEFAULT_SUITE };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const count = (): number => {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a whole number, not ${argv[i] ?? 'nothing'}`);
      return value;
    };
    if (flag === '--runs') options.runs = count();
    else if (flag === '--loops') options.loops = count();
    else if (flag === '--') {
      options.suite = argv.slice(i + 1);
      if (!options.suite.length) throw new Error('-- needs the suite command after it');
      break;
    } else throw new Error(`unknown argument ${flag} (usage: --runs N --loops N -- <suite command>)`);
  }
  if (options.runs < 1) throw new Error('--runs must be at least 1');
  return options;
}

const loops: ChildProcess[] = [];
let suite: ChildProcess | undefined;

/** Ends every busy loop by its PID; safe to call again and from an exit handler. */
function stopLoops(): void {
  for (const loop of loops.splice(0)) {
    try {
      if (loop.pid !== undefined && loop.exitCode === null) process.kill(loop.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

function startLoops(count: number): number[] {
  for (let i = 0; i < count; i++) {
    const loop = spawn(process.execPath, ['-e', BUSY_LOOP, String(process.pid)], { stdio: 'ignore' });
    loops.push(loop);
  }
  return loops.map((l) => l.pid ?? 0);
}

/** Sends `signal` to the running suite's process group (it runs in a group of its own). */
function signalSuite(signal: NodeJS.Signals): void {
  if (suite?.pid === undefined || suite.exitCode !== null || suite.signalCode !== null) return;
  try {
    process.kill(-suite.pid, signal);
  } catch {
    // Already gone.
  }
}

function runSuite(options: Options, run: number): Promise<RunResult> {
  const log = path.join(LOG_DIR, `run-${run}.log`);
  const file = createWriteStream(log);
  const started = Date.now();
  return new Promise((resolve) => {
    let tail = '';
    const child = spawn(options.suite[0], options.suite.slice(1), { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    suite = child;
    const take = (chunk: Buffer, to: NodeJS.WriteStream): void => {
      to.write(chunk);
      file.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout?.on('data', (chunk: Buffer) => take(chunk, process.stdout));
    child.stderr?.on('data', (chunk: Buffer) => take(chunk, process.stderr));
    const finish = (exitCode: number | null): void => {
      suite = undefined;
      file.end();
      // The harness overwrites its log on the next failure: keep this run's beside its output.
      if (exitCode !== 0 && existsSync(HOST_LOG) && statSync(HOST_LOG).mtimeMs >= started) copyFileSync(HOST_LOG, path.join(LOG_DIR, `run-${run}-extension-host.log`));
      const passing = /(\d+) passing/.exec(tail)?.[1];
      const failing = /(\d+) failing/.exec(tail)?.[1];
      const counts = [passing && `${passing} passing`, failing && `${failing} failing`].filter(Boolean).join(', ') || 'no mocha summary';
      resolve({ run, passed: exitCode === 0, seconds: (Date.now() - started) / 1000, exitCode, counts, log: path.relative(REPO, log) });
    };
    child.on('error', (error) => {
      take(Buffer.from(`[stress] could not start ${options.suite.join(' ')}: ${error.message}\n`), process.stderr);
      finish(null);
    });
    child.on('close', (code) => finish(code));
  });
}

function line(r: RunResult, runs: number): string {
  return `run ${r.run}/${runs}: ${r.passed ? 'passed' : `FAILED (exit ${r.exitCode ?? 'none'})`} in ${r.seconds.toFixed(1)} s, ${r.counts}${r.passed ? '' : `; log: ${r.log}`}`;
}

function summary(results: readonly RunResult[], options: Options, interrupted: boolean): void {
  process.stdout.write('\n');
  say(`${options.suite.join(' ')} with ${options.loops} busy loop(s) on ${os.availableParallelism()} core(s):`);
  for (const r of results) say(`  ${line(r, options.runs)}`);
  const passed = results.filter((r) => r.passed).length;
  const times = results.map((r) => r.seconds);
  const spread = times.length ? ` (${Math.min(...times).toFixed(1)}-${Math.max(...times).toFixed(1)} s a run)` : '';
  say(`${passed}/${options.runs} runs passed${spread}${interrupted ? '; interrupted' : ''}`);
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  mkdirSync(LOG_DIR, { recursive: true });
  const results: RunResult[] = [];
  let interrupted = false;

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      say(`${signal}: stopping the busy loops and the suite`);
      stopLoops();
      signalSuite('SIGTERM');
      // The suite cleans up (code-server, Chromium) and exits; one that does not is killed.
      setTimeout(() => signalSuite('SIGKILL'), STOP_GRACE_MS).unref();
    });
  }
  process.on('exit', stopLoops);

  const pids = startLoops(options.loops);
  say(`${options.loops} busy loop(s) running (pid ${pids.join(', ')}); ${options.runs} run(s) of ${options.suite.join(' ')}`);
  try {
    for (let run = 1; run <= options.runs && !interrupted; run++) {
      say(`run ${run}/${options.runs} starting (load average ${os.loadavg()[0].toFixed(1)})`);
      const result = await runSuite(options, run);
      results.push(result);
      say(line(result, options.runs));
    }
  } finally {
    stopLoops();
  }
  summary(results, options, interrupted);
  if (interrupted) return 130;
  return results.length === options.runs && results.every((r) => r.passed) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    stopLoops();
    signalSuite('SIGKILL');
    process.stderr.write(`[stress] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
