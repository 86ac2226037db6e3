/**
 * Other processes, read: an agent's own process, found among the parents of the process that
 * called the hook, with its arguments and whether its stdin and stdout are terminals
 * (src/core/hook-asking.ts decides from them whether the agent can ask; the hook's own stdin is
 * always a pipe, so it says nothing), and a process's ancestors for the confirm gate.
 *
 * Read for the caller, never for whoever answers: the warm hook server passes the pid and parent
 * pid its caller sent, and a caller that is not the process with that pid and parent (another PID
 * namespace) gets "unreadable". Linux reads /proc; macOS and the BSDs take one `ps` listing and
 * ask `lsof` about the agent's stdin and stdout; Windows is not read (yet). Only the arguments
 * of the processes walked are read, and nothing read is written anywhere.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readlinkSync, readSync } from 'node:fs';
import type { AgentProcess } from '../core/hook-asking';

export interface ProcessEntry {
  ppid: number;
  argv: string[];
}

export interface ProcessReader {
  entry(pid: number): ProcessEntry | undefined;
  /** Whether standard input and output of `pid` are terminals; a side that cannot be read is left out. */
  terminals(pid: number): { stdin?: boolean; stdout?: boolean };
}

/** The process that called the hook: hook.js itself, or the caller of the warm server. */
export interface Caller {
  pid: number;
  ppid: number;
}

/** Agents run a shell, maybe a launcher, then the hook: the agent is a few parents up, never this many. */
const MAX_DEPTH = 16;
/** A command line longer than this is cut; the options that matter come first. */
const MAX_CMDLINE = 64 * 1024;

/** A terminal device, as /proc and lsof name it (Linux /dev/pts/3, macOS /dev/ttys003). */
export function isTerminalPath(p: string): boolean {
  return /^\/dev\/(pts\/\d+|tty\w*|console)$/.test(p);
}

function readCapped(file: string, cap: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.allocUnsafe(cap);
    let n = 0;
    while (n < cap) {
      const got = readSync(fd, buf, n, cap - n, null);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Linux: /proc/<pid>/stat for the parent, cmdline for the arguments, fd/0 and fd/1 for terminals. */
export function procReader(root = '/proc'): ProcessReader {
  return {
    entry(pid) {
      const stat = readCapped(`${root}/${pid}/stat`, 4096)?.toString('utf8');
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
      const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields?.[1]);
      const cmdline = readCapped(`${root}/${pid}/cmdline`, MAX_CMDLINE);
      if (!Number.isInteger(ppid) || cmdline === undefined) return undefined;
      const argv = cmdline.toString('utf8').split('\0');
      if (argv[argv.length - 1] === '') argv.pop();
      return { ppid, argv };
    },
    terminals(pid) {
      const side = (fd: number): boolean | undefined => {
        try {
          return isTerminalPath(readlinkSync(`${root}/${pid}/fd/${fd}`));
        } catch {
          return undefined;
        }
      };
      const stdin = side(0);
      const stdout = side(1);
      return { ...(stdin === undefined ? {} : { stdin }), ...(stdout === undefined ? {} : { stdout }) };
    },
  };
}

type Run = (cmd: string, args: string[]) => string | undefined;

const runCommand: Run = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 3000, maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  return r.error || typeof r.stdout !== 'string' ? undefined : r.stdout;
};

/** Parses `ps -A -ww -o pid= -o ppid= -o args=`: arguments are split at blanks (ps joins them). */
export function parsePsListing(text: string): Map<number, ProcessEntry> {
  const out = new Map<number, ProcessEntry>();
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s(.*)$/.exec(line);
    if (m) out.set(Number(m[1]), { ppid: Number(m[2]), argv: m[3].trim().split(/\s+/).filter(Boolean) });
  }
  return out;
}

/** Parses `lsof -a -p PID -d 0,1 -F fn`: `f<fd>` then `n<name>` per file. */
export function parseLsofNames(text: string): { stdin?: boolean; stdout?: boolean } {
  const out: { stdin?: boolean; stdout?: boolean } = {};
  let fd = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('f')) fd = line.slice(1);
    else if (line.startsWith('n') && (fd === '0' || fd === '1')) out[fd === '0' ? 'stdin' : 'stdout'] = isTerminalPath(line.slice(1));
  }
  return out;
}

/** macOS and the BSDs (no /proc): one `ps` listing, and `lsof` for the agent's stdin and stdout. */
export function psReader(run: Run = runCommand): ProcessReader {
  let listing: Map<number, ProcessEntry> | undefined;
  return {
    entry(pid) {
      listing ??= parsePsListing(run('ps', ['-A', '-ww', '-o', 'pid=', '-o', 'ppid=', '-o', 'args=']) ?? '');
      return listing.get(pid);
    },
    terminals(pid) {
      const text = run('lsof', ['-a', '-p', String(pid), '-d', '0,1', '-F', 'fn']);
      return text === undefined ? {} : parseLsofNames(text);
    },
  };
}

/** The reader for this platform, or undefined where processes are not read. */
export function systemReader(platform: NodeJS.Platform = process.platform): ProcessReader | undefined {
  if (platform === 'linux' || platform === 'android') return procReader();
  if (platform === 'win32') return undefined;
  return psReader();
}

/**
 * The process and its ancestors, nearest first (Linux /proc; elsewhere just the process). The
 * extension matches them against terminals' shell process ids to tell which terminal asked.
 */
export function processAncestors(pid: number, maxDepth = 32, reader: ProcessReader | undefined = process.platform === 'linux' ? procReader() : undefined): number[] {
  const out: number[] = [];
  let current = pid;
  for (let i = 0; i < maxDepth && Number.isInteger(current) && current > 1; i++) {
    out.push(current);
    const parent = reader?.entry(current)?.ppid;
    if (parent === undefined || parent <= 1 || parent === current) break;
    current = parent;
  }
  return out;
}

/** Walks up from the caller's parent to the first process `isAgent` recognises. */
export function findAgentProcess(caller: Caller, reader: ProcessReader | undefined, isAgent: (argv: readonly string[]) => boolean): AgentProcess {
  if (!reader) return { kind: 'unreadable' };
  const self = reader.entry(caller.pid);
  if (!self || self.ppid !== caller.ppid) return { kind: 'unreadable' };
  let pid = caller.ppid;
  for (let depth = 0; depth < MAX_DEPTH && pid > 1; depth++) {
    const e = reader.entry(pid);
    if (!e) return { kind: 'unreadable' };
    if (isAgent(e.argv)) {
      const t = reader.terminals(pid);
      return { kind: 'found', argv: e.argv, ...(t.stdin === undefined ? {} : { stdinTty: t.stdin }), ...(t.stdout === undefined ? {} : { stdoutTty: t.stdout }) };
    }
    pid = e.ppid;
  }
  return { kind: 'absent' };
}
