/**
 * Stop Agents in a terminal whose shell has no job control (sh or dash without -m, pwsh on Linux):
 * the command runs in the shell's own process group, which is the terminal's foreground group, so
 * there is no job of its own to interrupt. The shell's processes in that group get SIGINT instead:
 * `sleep 600` ends, the shell lives on. The shell runs on a terminal of its own (a pty from Python's
 * standard library), as in an editor's terminal.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { interruptForeground, procChildren, procStat } from '../../src/node/foreground-job';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return procStat(pid) !== undefined && !/^\d+ \(.*\) Z/.test(spawnSync('cat', [`/proc/${pid}/stat`], { encoding: 'utf8' }).stdout);
  } catch {
    return false;
  }
};

async function until(what: string, f: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) assert.fail(`${what} did not happen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const PTY = [
  'import os, pty, signal, sys',
  'pid, fd = pty.fork()',
  'if pid == 0:',
  // As in an editor's terminal: whoever started the test may have left SIGINT ignored (a job started with &).
  '    signal.signal(signal.SIGINT, signal.SIG_DFL)',
  "    os.execvp('sh', ['sh', '-c', 'sleep 600; echo shell-lives-on; exec sleep 601'])",
  'print(pid, flush=True)',
  'while True:',
  '    try:',
  '        data = os.read(fd, 1024)',
  '    except OSError:',
  '        break',
  '    if not data:',
  '        break',
  '    sys.stdout.write(data.decode(errors="replace")); sys.stdout.flush()',
].join('\n');

describe('Stop Agents: a shell without job control', function () {
  this.timeout(60_000);
  let host: ChildProcess | undefined;
  let shell = 0;

  before(function () {
    // /proc is what the stop reads there; elsewhere `ps` (not covered here).
    if (process.platform !== 'linux') this.skip();
  });
  afterEach(() => {
    host?.kill('SIGKILL');
    const left = shell ? [shell, ...(shell ? procChildren(shell) : [])] : [];
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone.
      }
    }
    host?.kill('SIGKILL');
    host = undefined;
    shell = 0;
  });

  it('interrupts the sleep the shell runs in its own group, and not the shell', async () => {
    let out = '';
    host = spawn('python3', ['-c', PTY], { stdio: ['ignore', 'pipe', 'inherit'] });
    host.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await until('the shell to start', () => /^\d+\n/.test(out));
    shell = Number(out.split('\n')[0]);
    await until('sh to run sleep 600', () => procChildren(shell).some((c) => /sleep/.test(spawnSync('cat', [`/proc/${c}/cmdline`], { encoding: 'utf8' }).stdout)));
    const [sleep] = procChildren(shell);
    const sh = procStat(shell)!;
    assert.equal(sh.tpgid, sh.pgrp, "the terminal's foreground group is the shell's own: no job control");
    assert.equal(procStat(sleep)?.pgrp, sh.pgrp, 'the command shares it');
    const r = await interruptForeground(shell, { graceMs: 2000, read: procStat, children: procChildren });
    assert.equal(r.outcome, 'interrupted');
    await until('the sleep to end', () => !alive(sleep));
    await until('the shell to go on after it', () => out.includes('shell-lives-on'));
    assert.ok(alive(shell), 'the shell is still there');
  });
});
