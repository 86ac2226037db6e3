/**
 * `npx tsx bench/gate-bench.ts [--n 300] [--rounds 5]`: what the confirm gate adds to a command.
 *
 * 1. A benign invocation of a shimmed program (`git --version`: no trigger word, so pure sh, no
 *    Node, no bash): target at most 5 ms over the plain program.
 * 2. A risky-looking invocation the extension then allows (`rm -f` of a missing file: rm always
 *    asks): the shim, bash's /dev/tcp and a fake extension end running the real engine in this
 *    process; target at most 30 ms over the plain program (no Node is started on that path).
 * 3. The opt-in bash hook, per command line typed: a benign line and one the extension allows
 *    (informational: the targets are the shims'; the hook forks once per line for its PS0 check).
 * 4. For information: the same risky-looking invocation with no editor to ask (the CLI starts).
 *
 * Each figure is a shell loop of N invocations (so process start-up is the same on both sides),
 * repeated `rounds` times; the median round is reported. Benches print, they never fail.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { rcLine } from '../src/core/gate/rc-file';
import { GateEnv } from '../test/shell/gate-env';
import { loadShellGrammar } from '../src/node/grammar-files';

const TARGET_BENIGN_MS = 5;
const TARGET_ASKED_MS = 30;

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Wall time of a bash script, in ms (async: the fake extension end answers from this process). */
function timeBash(script: string, env: NodeJS.ProcessEnv, cwd: string, args: string[] = ['-c', script], input?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/bin/bash', args, { env, cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    if (input !== undefined) child.stdin!.end(input);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0 && !args.includes('-i')) reject(new Error(`bash exited ${code}: ${err.slice(0, 500)}`));
      else resolve(ms);
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function perCall(rounds: number, n: number, run: () => Promise<number>): Promise<number> {
  const results: number[] = [];
  for (let r = 0; r < rounds; r++) results.push((await run()) / n);
  return median(results);
}

function line(label: string, plain: number, gated: number, target?: number): string {
  const added = gated - plain;
  const verdict = target === undefined ? '(informational)' : `(target ≤ ${target} ms: ${added <= target ? 'met' : 'MISSED'})`;
  return `${label.padEnd(58)} plain ${plain.toFixed(2).padStart(6)} ms  gated ${gated.toFixed(2).padStart(6)} ms  added ${added.toFixed(2).padStart(6)} ms  ${verdict}`;
}

async function main(): Promise<void> {
  const n = flag('n', 300);
  const rounds = flag('rounds', 5);
  await loadShellGrammar();
  const gate = new GateEnv();
  try {
    await gate.install();
    await gate.listen();
    const dir = gate.workspace('bench');
    const guarded = gate.env();
    const plain = { ...guarded, PATH: process.env.PATH ?? '/usr/bin:/bin' };
    const loop = (cmd: string): string => `for ((i = 0; i < ${n}; i++)); do ${cmd}; done`;
    console.log(`confirm gate bench: ${n} invocations per round, median of ${rounds} rounds; ${gate.programs.length} shims`);

    const benign = 'git --version >/dev/null';
    const benignPlain = await perCall(rounds, n, () => timeBash(loop(benign), plain, dir));
    const benignGated = await perCall(rounds, n, () => timeBash(loop(benign), guarded, dir));
    console.log(line('benign shimmed invocation (git --version)', benignPlain, benignGated, TARGET_BENIGN_MS));

    gate.requests.length = 0;
    const asked = 'rm -f ./no-such-file';
    const askedPlain = await perCall(rounds, n, () => timeBash(loop(asked), plain, dir));
    const askedGated = await perCall(rounds, n, () => timeBash(loop(asked), guarded, dir));
    console.log(line('risky-looking, allowed by the extension (rm -f missing)', askedPlain, askedGated, TARGET_ASKED_MS));
    console.log(`  (${gate.requests.length} requests reached the fake extension end, ${gate.dialogs} dialogs)`);

    // The hook: an interactive bash reading N lines from a pipe, with and without the rc line.
    writeFileSync(path.join(gate.home, '.bashrc'), `${rcLine('bash')}\n`);
    const noHookHome = path.join(gate.root, 'home-plain');
    const lines = (cmd: string): string => `${Array.from({ length: n }, () => cmd).join('\n')}\nexit\n`;
    for (const [label, cmd] of [
      ['hook: benign line (ls); plain = no hook', 'ls >/dev/null'],
      ['hook: allowed line (cp a b; rm -f b); plain = no hook', 'cp /dev/null b; rm -f b'],
    ] as const) {
      const env = { ...guarded, HISTFILE: '/dev/null' };
      const without = await perCall(rounds, n, () => timeBash('', { ...env, HOME: noHookHome }, dir, ['-i'], lines(cmd)));
      const withHook = await perCall(rounds, n, () => timeBash('', env, dir, ['-i'], lines(cmd)));
      console.log(line(label, without, withHook));
    }

    // No editor to ask: the shim starts the CLI (Node), so this path is slow but bounded.
    const m = Math.max(5, Math.floor(n / 20));
    const offline = gate.env({ channel: false });
    const cli = await perCall(1, m, () => timeBash(`for ((i = 0; i < ${m}; i++)); do ${asked}; done`, offline, dir));
    console.log(`${'no editor to ask: the CLI decides (rm -f missing)'.padEnd(58)} gated ${cli.toFixed(1)} ms per invocation (informational)`);
  } finally {
    await gate.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
