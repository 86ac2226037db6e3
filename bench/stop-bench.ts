/**
 * `npx tsx bench/stop-bench.ts [--n 20]`: how long Stop Agents takes to interrupt what a terminal
 * runs. An interactive bash on a pseudo-terminal (util-linux `script`) runs a job in the
 * foreground; the bench waits until sleep runs in the job, then times interruptForeground
 * (src/node/foreground-job.ts) from the SIGINT until no process of the job is left:
 *
 * 1. `sleep 600`: SIGINT ends it (target: under 50 ms);
 * 2. a job that ignores SIGINT (`bash -c "trap '' INT; sleep 600"`): SIGTERM after the grace
 *    (the grace itself, 1500 ms in the editor, is most of it; here 200 ms).
 *
 * Linux only (it reads /proc). Benches print, they never fail.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { foregroundJob, interruptForeground, procStat } from '../src/node/foreground-job';

const TARGET_MS = 50;
const TERM_GRACE_MS = 200;

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A process whose command is `name` and whose field `field` (1 ppid, 2 pgrp) is `value`, from /proc. */
function processNamed(name: string, field: number, value: number): number | undefined {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      if (comm === name && Number(stat.slice(close + 2).split(' ')[field]) === value) return Number(d);
    } catch {
      // Gone meanwhile.
    }
  }
  return undefined;
}

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`stop bench: ${what} never happened`);
    await sleep(2);
  }
}

async function round(line: string, graceMs: number): Promise<{ ms: number; outcome: string }> {
  // An interactive bash with job control, on its own pseudo-terminal.
  const script = spawn('script', ['-qfc', 'bash --norc --noprofile -i', '/dev/null'], { stdio: ['pipe', 'ignore', 'ignore'], env: { ...process.env, PS1: '$ ' } });
  try {
    const bash = await waitFor('bash to start', () => processNamed('bash', 1, script.pid!));
    await waitFor('bash to hold its terminal', () => {
      const j = foregroundJob(bash, procStat);
      return 'none' in j && j.none === 'idle' ? true : undefined;
    });
    script.stdin.write(`${line}\n`);
    const job = await waitFor('the job to hold the terminal', () => {
      const j = foregroundJob(bash, procStat);
      return 'pgid' in j ? j : undefined;
    });
    // Until bash's child has become sleep, it is bash (which takes SIGINT its own way): an agent's
    // command is stopped long after this moment, so the bench waits for sleep to run in the job.
    await waitFor('sleep to run in the job', () => processNamed('sleep', 2, job.pgid));
    const r = await interruptForeground(bash, { graceMs, read: procStat, pollMs: 1 });
    return { ms: r.ms, outcome: r.outcome };
  } finally {
    script.kill('SIGKILL');
  }
}

async function main(): Promise<void> {
  if (process.platform !== 'linux') {
    console.log('stop bench: Linux only (reads /proc)');
    return;
  }
  const n = flag('n', 20);
  for (const [label, job, grace] of [
    ['sleep 600 (SIGINT)', 'sleep 600', 1500],
    ["a job that ignores SIGINT (SIGTERM after the grace)", "bash -c \"trap '' INT; sleep 600\"", TERM_GRACE_MS],
  ] as const) {
    const times: number[] = [];
    const outcomes = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const r = await round(job, grace);
      times.push(r.ms);
      outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
    }
    times.sort((a, b) => a - b);
    const q = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    const target = label.startsWith('sleep') ? ` (target < ${TARGET_MS} ms)` : ` (grace ${grace} ms)`;
    console.log(`stop bench: ${label}: median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms over ${n}${target}; ${[...outcomes].map(([o, c]) => `${o} ${c}`).join(', ')}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
