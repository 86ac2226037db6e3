/**
 * Interrupting what a terminal runs, never the terminal's shell: the shell's foreground process
 * group (the job it waits for) gets SIGINT, as Ctrl-C would send it, and SIGTERM after a short
 * grace if any process of the group is still there. The group comes from the shell's own terminal
 * (Linux: `tpgid`, field 8 of /proc/<pid>/stat; elsewhere `ps -o tpgid=`); when it is the shell's
 * own group the shell is at its prompt and nothing is sent. A group that holds the shell is never
 * signalled.
 *
 * A shell without job control (sh or dash run without -m, pwsh on Linux) runs its command in its own
 * process group, so the terminal's foreground group is the shell's: then the shell's descendants in
 * that group (the command, never the shell) get SIGINT each, and SIGTERM after the grace.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { InterruptOutcome } from '../core/stop';

/** The fields of /proc/<pid>/stat the interrupt needs. */
export interface ProcStat {
  pid: number;
  /** The parent; absent where the reader does not say. */
  ppid?: number;
  pgrp: number;
  session: number;
  /** The foreground process group of the process's controlling terminal; -1 without one. */
  tpgid: number;
}

/** Parses /proc/<pid>/stat: `pid (comm) state ppid pgrp session tty_nr tpgid …`; comm may hold spaces and parentheses. */
export function parseProcStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const pid = Number.parseInt(text, 10);
  const f = text.slice(close + 2).split(' ');
  const n = (i: number): number => Number(f[i]);
  const stat = { pid, ppid: n(1), pgrp: n(2), session: n(3), tpgid: n(5) };
  return Object.values(stat).every((v) => Number.isInteger(v)) ? stat : undefined;
}

/** Reads a process's group, session and terminal foreground group; undefined when it cannot. */
export type StatReader = (pid: number) => ProcStat | undefined;

export const procStat: StatReader = (pid) => {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
};

/** macOS and the BSDs: `ps -o pid= -o pgid= -o sess= -o tpgid= -p PID`. */
export const psStat: StatReader = (pid) => {
  const r = spawnSync('ps', ['-o', 'pid=', '-o', 'pgid=', '-o', 'sess=', '-o', 'tpgid=', '-p', String(pid)], { encoding: 'utf8', timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'] });
  const m = typeof r.stdout === 'string' ? /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(-?\d+)/.exec(r.stdout) : null;
  return m ? { pid: Number(m[1]), pgrp: Number(m[2]), session: Number(m[3]), tpgid: Number(m[4]) } : undefined;
};

export function systemStatReader(platform: NodeJS.Platform = process.platform): StatReader | undefined {
  if (platform === 'linux' || platform === 'android') return procStat;
  if (platform === 'win32') return undefined;
  return psStat;
}

/**
 * The process group to interrupt in the terminal whose shell is `shellPid`, or why there is none:
 * `idle` when the shell's terminal has the shell's own group in the foreground (at its prompt).
 */
export function foregroundJob(shellPid: number, read: StatReader): { pgid: number } | { none: 'idle' | 'unknown' } {
  if (!Number.isInteger(shellPid) || shellPid <= 1) return { none: 'unknown' };
  const shell = read(shellPid);
  if (!shell) return { none: 'unknown' };
  if (shell.tpgid <= 1) return { none: 'unknown' };
  // The shell's own group (or the shell itself) in the foreground: nothing runs; never signal it.
  if (shell.tpgid === shell.pgrp || shell.tpgid === shellPid) return { none: 'idle' };
  return { pgid: shell.tpgid };
}

/** The direct children of a process; empty when none, or when they cannot be read. */
export type ChildLister = (pid: number) => number[];

/** Linux: /proc/<pid>/task/<tid>/children of each of its threads, else every process whose parent it is. */
export const procChildren: ChildLister = (pid) => {
  const out = new Set<number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      for (const c of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ')) if (/^\d+$/.test(c)) out.add(Number(c));
    }
    return [...out];
  } catch {
    // A kernel without the children file: look at every process's parent.
  }
  try {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      if (procStat(Number(name))?.ppid === pid) out.add(Number(name));
    }
  } catch {
    // Nothing readable.
  }
  return [...out];
};

/** macOS and the BSDs: `ps -A -o pid= -o ppid=`. */
export const psChildren: ChildLister = (pid) => {
  const r = spawnSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid='], { encoding: 'utf8', timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'] });
  if (typeof r.stdout !== 'string') return [];
  const out: number[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)/.exec(line);
    if (m && Number(m[2]) === pid) out.push(Number(m[1]));
  }
  return out;
};

export function systemChildLister(platform: NodeJS.Platform = process.platform): ChildLister | undefined {
  if (platform === 'linux' || platform === 'android') return procChildren;
  if (platform === 'win32') return undefined;
  return psChildren;
}

/** Processes looked at below a shell, at most. */
const MAX_DESCENDANTS = 256;

/**
 * What a shell without job control runs: its descendants in its own process group (a job-control
 * shell puts every job in a group of its own), never the shell itself. Empty when there are none.
 */
export function shellGroupCommand(shellPid: number, read: StatReader, children: ChildLister): number[] {
  const shell = read(shellPid);
  if (!shell) return [];
  const out: number[] = [];
  const queue = [shellPid];
  const seen = new Set<number>(queue);
  while (queue.length && seen.size < MAX_DESCENDANTS) {
    for (const c of children(queue.shift()!)) {
      if (seen.has(c) || c <= 1) continue;
      seen.add(c);
      const st = read(c);
      if (st?.pgrp !== shell.pgrp) continue;
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

/** Sends a signal to a process group; false when no process of the group is left. */
export type GroupSignal = (pgid: number, signal: NodeJS.Signals | 0) => boolean;

export const signalGroup: GroupSignal = (pgid, signal) => {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: a process of the group is there but not ours to signal.
    return true;
  }
};

/** Sends a signal to one process; false when it is gone. */
export type ProcessSignal = (pid: number, signal: NodeJS.Signals | 0) => boolean;

export const signalProcess: ProcessSignal = (pid, signal) => {
  try {
    process.kill(pid, signal);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
};

export interface InterruptOptions {
  /** How long the group has to end after SIGINT before SIGTERM, and after SIGTERM before giving up. */
  graceMs: number;
  read: StatReader;
  signal?: GroupSignal;
  /** Lists a process's children, to find what a shell without job control runs in its own group. */
  children?: ChildLister;
  signalOne?: ProcessSignal;
  /** How often to look whether the group is gone. */
  pollMs?: number;
}

export interface InterruptResult {
  outcome: InterruptOutcome;
  pgid?: number;
  /** From the first signal until the group was gone (or until giving up). */
  ms: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function goneWithin(pgid: number, ms: number, signal: GroupSignal, pollMs: number): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (!signal(pgid, 0)) return true;
    if (Date.now() >= end) return false;
    await sleep(pollMs);
  }
}

/** Interrupts the foreground job of the terminal whose shell is `shellPid` (see the top of this file). */
export async function interruptForeground(shellPid: number, opts: InterruptOptions): Promise<InterruptResult> {
  const signal = opts.signal ?? signalGroup;
  const pollMs = opts.pollMs ?? 10;
  const job = foregroundJob(shellPid, opts.read);
  if ('none' in job && job.none === 'idle' && opts.children) return interruptShellGroup(shellPid, opts, opts.children, pollMs);
  if ('none' in job) return { outcome: job.none, ms: 0 };
  const { pgid } = job;
  const started = performance.now();
  const took = (): number => performance.now() - started;
  if (!signal(pgid, 'SIGINT')) return { outcome: 'idle', ms: 0 };
  if (await goneWithin(pgid, opts.graceMs, signal, pollMs)) return { outcome: 'interrupted', pgid, ms: took() };
  // Still there: a program that catches SIGINT (a REPL, a tool asking "are you sure?").
  // The group may have changed meanwhile; only the same foreground job is sent SIGTERM.
  const now = foregroundJob(shellPid, opts.read);
  if ('none' in now || now.pgid !== pgid) return { outcome: 'interrupted', pgid, ms: took() };
  if (!signal(pgid, 'SIGTERM')) return { outcome: 'interrupted', pgid, ms: took() };
  if (await goneWithin(pgid, opts.graceMs, signal, pollMs)) return { outcome: 'terminated', pgid, ms: took() };
  return { outcome: 'survived', pgid, ms: took() };
}

/**
 * A shell without job control at work: its foreground group is its own, and the processes it runs
 * share it. Each of them (never the shell) gets SIGINT, and SIGTERM after the grace if still there.
 */
async function interruptShellGroup(shellPid: number, opts: InterruptOptions, children: ChildLister, pollMs: number): Promise<InterruptResult> {
  const one = opts.signalOne ?? signalProcess;
  const pids = shellGroupCommand(shellPid, opts.read, children).filter((p) => p !== shellPid);
  if (!pids.length) return { outcome: 'idle', ms: 0 };
  const started = performance.now();
  const took = (): number => performance.now() - started;
  const alive = (): number[] => pids.filter((p) => one(p, 0) && opts.read(p)?.pgrp === opts.read(shellPid)?.pgrp);
  const goneWithinMs = async (ms: number): Promise<boolean> => {
    const end = Date.now() + ms;
    for (;;) {
      if (!alive().length) return true;
      if (Date.now() >= end) return false;
      await sleep(pollMs);
    }
  };
  for (const p of pids) one(p, 'SIGINT');
  if (await goneWithinMs(opts.graceMs)) return { outcome: 'interrupted', ms: took() };
  for (const p of alive()) one(p, 'SIGTERM');
  if (await goneWithinMs(opts.graceMs)) return { outcome: 'terminated', ms: took() };
  return { outcome: 'survived', ms: took() };
}
