/**
 * `npm run test:stress` (scripts/stress.ts), with a stand-in suite: it prints each run's result and
 * time and a summary, exits 0 only when every run passed, and leaves no busy loop behind, whether
 * the runs pass, fail or the script is interrupted or killed outright.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'stress.ts');
/** Far above what any of these runs takes; reaching it means the awaited output or exit never came. */
const GUARD_MS = 60_000;

interface Stress {
  pid: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  /** Resolves with the output once it matches `pattern`. */
  printed: (pattern: RegExp) => Promise<RegExpExecArray>;
}

function stress(args: string[]): Stress {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', SCRIPT, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiters: (() => void)[] = [];
  const take = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    for (const w of waiters.splice(0)) w();
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the stress script never exited within ${GUARD_MS / 1000} s; output:\n${output}`));
    }, GUARD_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
  const printed = async (pattern: RegExp): Promise<RegExpExecArray> => {
    const end = Date.now() + GUARD_MS;
    for (;;) {
      const m = pattern.exec(output);
      if (m) return m;
      if (Date.now() > end) throw new Error(`the stress script never printed ${pattern}; output:\n${output}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 1_000);
      });
    }
  };
  return { pid: child.pid!, output: () => output, exited, printed };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The busy loops' PIDs from the script's first line. */
async function loopPids(s: Stress): Promise<number[]> {
  const m = await s.printed(/busy loop\(s\) running \(pid ([\d, ]+)\)/);
  return m[1].split(', ').map(Number);
}

/** Waits until `pid` is gone (a loop that outlived its script ends at its next check). */
async function gone(pid: number): Promise<void> {
  const end = Date.now() + GUARD_MS;
  while (alive(pid)) {
    if (Date.now() > end) throw new Error(`process ${pid} is still running ${GUARD_MS / 1000} s later`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const node = (code: string): string[] => ['--', process.execPath, '-e', code];

describe('npm run test:stress (scripts/stress.ts)', function () {
  this.timeout(3 * GUARD_MS);

  it('runs the suite the given number of times under busy loops, prints each run and a summary, exits 0 when all pass', async () => {
    const s = stress(['--runs', '2', '--loops', '1', ...node("console.log('  7 passing')")]);
    const pids = await loopPids(s);
    assert.equal(pids.length, 1);
    const { code, output } = await s.exited;
    assert.equal(code, 0, output);
    assert.match(output, /run 1\/2: passed in [\d.]+ s, 7 passing/);
    assert.match(output, /run 2\/2: passed in [\d.]+ s, 7 passing/);
    assert.match(output, /2\/2 runs passed \([\d.]+-[\d.]+ s a run\)/);
    for (const pid of pids) await gone(pid);
  });

  it('a failed run fails the whole: every run is still reported, exit 1, and the loops end', async () => {
    const s = stress(['--runs', '2', '--loops', '1', ...node("console.log('  6 passing\\n  1 failing'); process.exit(1)")]);
    const pids = await loopPids(s);
    const { code, output } = await s.exited;
    assert.equal(code, 1, output);
    assert.match(output, /run 1\/2: FAILED \(exit 1\) in [\d.]+ s, 6 passing, 1 failing; log: test-results\/stress\/run-1\.log/);
    assert.match(output, /0\/2 runs passed/);
    for (const pid of pids) await gone(pid);
  });

  it('Ctrl-C stops the busy loops and the running suite, and exits 130', async () => {
    const s = stress(['--runs', '3', '--loops', '2', ...node("console.log('suite pid', process.pid); setInterval(() => undefined, 1000)")]);
    const pids = await loopPids(s);
    const suite = Number((await s.printed(/suite pid (\d+)/))[1]);
    assert.ok(alive(suite) && pids.every(alive));
    process.kill(s.pid, 'SIGINT');
    const { code, output } = await s.exited;
    assert.equal(code, 130, output);
    assert.match(output, /SIGINT: stopping the busy loops and the suite/);
    assert.match(output, /0\/3 runs passed \([\d.]+-[\d.]+ s a run\); interrupted/);
    for (const pid of [...pids, suite]) await gone(pid);
  });

  it('a busy loop ends by itself when the script is killed outright', async () => {
    const s = stress(['--runs', '1', '--loops', '1', ...node("console.log('suite pid', process.pid); setInterval(() => undefined, 1000)")]);
    const [pid] = await loopPids(s);
    const suite = Number((await s.printed(/suite pid (\d+)/))[1]);
    process.kill(s.pid, 'SIGKILL');
    await s.exited;
    // The suite runs in a process group of its own and outlives a killed script (the real one ends
    // at its own --timeout); this stand-in is ended here.
    process.kill(suite, 'SIGKILL');
    await gone(pid);
  });
});
