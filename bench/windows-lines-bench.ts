/**
 * What the engine costs on PowerShell and cmd.exe lines (every `shell: pwsh|cmd` line of
 * test/corpus and bench/cmd-exe-corpus.jsonl), in-process from the sources, against another
 * checkout's engine on the same lines when one is named. The two engines run in one process, in
 * turn (A, B, B, A, …), so the machine's load falls on both alike; prints each one's median per
 * line and the median of the per-round ratios, with the load average. Figures only.
 *
 *   npx tsx bench/windows-lines-bench.ts [/path/to/other/checkout] [rounds]
 */
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TEST_CONTEXT } from '../test/helpers/context';

interface Line {
  cmd: string;
  shell?: string;
}

interface Engine {
  label: string;
  evaluate(cmd: string, shell: 'pwsh' | 'cmd'): void;
}

const ROOT = path.resolve(__dirname, '..');

function windowsLines(): { cmd: string; shell: 'pwsh' | 'cmd' }[] {
  const files = readdirSync(path.join(ROOT, 'test', 'corpus')).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(ROOT, 'test', 'corpus', f));
  files.push(path.join(ROOT, 'bench', 'cmd-exe-corpus.jsonl'));
  const out: { cmd: string; shell: 'pwsh' | 'cmd' }[] = [];
  for (const f of files) {
    for (const l of readFileSync(f, 'utf8').split('\n')) {
      if (!l.trim() || l.startsWith('//')) continue;
      const line = JSON.parse(l) as Line;
      if (line.shell === 'pwsh' || line.shell === 'cmd') out.push({ cmd: line.cmd, shell: line.shell });
    }
  }
  return out;
}

async function engineAt(root: string, label: string): Promise<Engine> {
  /* eslint-disable @typescript-eslint/no-require-imports -- each checkout's own modules */
  const engine = require(path.join(root, 'src', 'core', 'engine')) as typeof import('../src/core/engine');
  const follow = require(path.join(root, 'src', 'core', 'follow', 'index')) as typeof import('../src/core/follow/index');
  const grammars = require(path.join(root, 'src', 'node', 'grammar-files')) as typeof import('../src/node/grammar-files');
  /* eslint-enable @typescript-eslint/no-require-imports */
  engine.useFollowing(follow.FOLLOWING);
  await grammars.loadShellGrammar();
  await grammars.loadPowerShellGrammar();
  return { label, evaluate: (cmd, shell) => void engine.evaluateCommand(cmd, { ctx: { ...TEST_CONTEXT, shell } }) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** One pass over the lines: each line's time in µs. */
function pass(e: Engine, lines: { cmd: string; shell: 'pwsh' | 'cmd' }[]): number[] {
  return lines.map((l) => {
    const t = performance.now();
    e.evaluate(l.cmd, l.shell);
    return (performance.now() - t) * 1000;
  });
}

async function main(): Promise<void> {
  const other = process.argv[2];
  const rounds = Number(process.argv[3] ?? 12);
  const lines = windowsLines();
  const engines = [await engineAt(ROOT, 'this tree'), ...(other ? [await engineAt(path.resolve(other), 'other')] : [])];
  // Warm up: the grammars' code and the engines' caches.
  for (const e of engines) for (let i = 0; i < 3; i++) pass(e, lines);
  const times = engines.map(() => [] as number[]);
  // Each line's times, per engine: the lines whose cost changed most are listed.
  const perLine = engines.map(() => lines.map(() => [] as number[]));
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? engines.map((_, i) => i) : engines.map((_, i) => engines.length - 1 - i);
    const medians: number[] = [];
    for (const i of order) {
      const t = pass(engines[i], lines);
      times[i].push(...t);
      t.forEach((x, k) => perLine[i][k].push(x));
      medians[i] = median(t);
    }
    if (engines.length === 2) ratios.push(medians[0] / medians[1]);
  }
  console.log(`PowerShell and cmd.exe lines, in-process from the sources (${lines.length} lines × ${rounds} rounds; load average ${os.loadavg()[0].toFixed(2)})`);
  engines.forEach((e, i) => {
    const s = [...times[i]].sort((a, b) => a - b);
    console.log(`  ${e.label.padEnd(10)} p50 ${median(s).toFixed(1)} µs, p99 ${s[Math.floor(s.length * 0.99)].toFixed(1)} µs, mean ${(s.reduce((a, b) => a + b, 0) / s.length).toFixed(1)} µs`);
  });
  if (ratios.length) {
    console.log(`  this tree / other, median of the per-round ratios of medians: ${median(ratios).toFixed(3)} (rounds: ${ratios.map((x) => x.toFixed(2)).join(' ')})`);
    const each = lines.map((l, k) => ({ l, a: median(perLine[0][k]), b: median(perLine[1][k]) }));
    console.log(`  median of the per-line ratios (each line's median here / there): ${median(each.map((e) => e.a / e.b)).toFixed(3)}`);
    const changed = [...each].sort((x, y) => Math.abs(y.a - y.b) - Math.abs(x.a - x.b)).slice(0, 8);
    console.log('  lines whose median changed most (this tree, other):');
    for (const c of changed) console.log(`    ${c.a.toFixed(0).padStart(6)} µs ${c.b.toFixed(0).padStart(6)} µs  ${c.l.shell}: ${c.l.cmd.slice(0, 90)}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
