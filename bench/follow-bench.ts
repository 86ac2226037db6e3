/**
 * `npx tsx bench/follow-bench.ts` (and part of `npm run bench`): what following a line's files
 * costs, in process, with the reader the CLI and the hooks use (files on disk, read afresh for
 * every line as they are in real use).
 * 1. `npm run build` against a 200-line package.json (its pre hook and the scripts it calls);
 * 2. `make` against a 500-line Makefile (the default goal and its prerequisites' recipes);
 * 3. lines without a runner (every command of test/corpus/*.jsonl): with the reader in the
 *    context and without it, which must be the same.
 * Target: p50 at most 1 ms for 1 and 2. Prints figures; never fails on timings.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { judgeCommand, useFollowing } from '../src/core/engine';
import type { CommandContext } from '../src/core/types';
import { FOLLOWING, followReaderFor } from '../src/node/follow-files';
import { loadShellGrammar } from '../src/node/grammar-files';

const TARGET_P50_MS = 1;
const ROOT = path.resolve(__dirname, '..');

/** A package.json of `lines` lines: scripts that call each other, and the usual dependencies. */
export function packageJson(lines: number): string {
  const scripts: Record<string, string> = {
    prebuild: 'rimraf dist coverage',
    build: 'npm run typecheck && vite build && npm run build:types',
    'build:types': 'tsc -p tsconfig.types.json --emitDeclarationOnly',
    typecheck: 'tsc --noEmit',
    postbuild: 'node -e "console.log(\'built\')"',
    test: 'vitest run',
    lint: 'eslint . --ext .ts,.tsx',
    dev: 'vite',
  };
  for (let i = 0; scripts && Object.keys(scripts).length < 60; i++) scripts[`task:${i}`] = `node scripts/task-${i}.js --flag ${i}`;
  const deps: Record<string, string> = {};
  const dev: Record<string, string> = {};
  const text = (): string => `${JSON.stringify({ name: 'bench-app', version: '1.0.0', private: true, type: 'module', scripts, dependencies: deps, devDependencies: dev, engines: { node: '>=20' } }, null, 2)}\n`;
  // Dependencies fill the file up to its length.
  for (let i = 0; text().split('\n').length - 1 < lines; i++) (i % 2 ? dev : deps)[`dep-${i}`] = `^${i}.0.0`;
  return text();
}

/** A Makefile of `lines` lines: variables, phony targets, a default goal with prerequisites. */
export function makefile(lines: number): string {
  const out: string[] = ['SHELL := /bin/bash', 'GO ?= go', 'BIN := bin/server', 'BUILD_DIR := build', 'PKGS := ./...', 'LDFLAGS := -s -w', ''];
  for (let i = 0; i < 30; i++) out.push(`VAR_${i} ?= value-${i}`);
  out.push('', '.PHONY: all build test lint clean generate', '', 'all: generate build test', '');
  out.push('build:', '\t@mkdir -p $(BUILD_DIR)', '\t$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/server', '');
  out.push('test:', '\t$(GO) test -race $(PKGS)', '');
  out.push('generate:', '\t$(GO) generate $(PKGS)', '\t@echo generated', '');
  out.push('clean:', '\trm -rf $(BUILD_DIR) bin', '');
  for (let i = 0; out.length + 5 <= lines; i++) out.push(`target-${i}: ## target ${i}`, `\t@echo "step ${i}"`, `\t$(GO) run ./tools/t${i} --out $(BUILD_DIR)/t${i}.json`, `\tcp $(BUILD_DIR)/t${i}.json docs/`, '');
  while (out.length < lines) out.push('# end');
  return `${out.join('\n')}\n`;
}

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

function time(label: string, runs: number, f: () => void, target = true): number {
  for (let i = 0; i < 50; i++) f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const p50 = quantile(ms, 0.5);
  console.log(`  ${label.padEnd(58)} p50 ${p50.toFixed(3)} ms  p99 ${quantile(ms, 0.99).toFixed(3)} ms  (${runs} runs)${!target || p50 <= TARGET_P50_MS ? '' : `  ABOVE the ${TARGET_P50_MS} ms target`}`);
  return p50;
}

function corpusLines(): string[] {
  const dir = path.join(ROOT, 'test', 'corpus');
  const out: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
    for (const l of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
      if (!l.trim()) continue;
      try {
        const v = JSON.parse(l) as { cmd?: unknown; shell?: unknown };
        if (typeof v.cmd === 'string' && (v.shell === undefined || v.shell === 'bash')) out.push(v.cmd);
      } catch {
        // The corpus test's business.
      }
    }
  }
  return out;
}

export async function runFollowBench(): Promise<void> {
  await loadShellGrammar();
  useFollowing(FOLLOWING);
  const tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'br-follow-bench-')));
  try {
    const ws = path.join(tmp, 'project');
    mkdirSync(ws, { recursive: true });
    const pj = packageJson(200);
    const mk = makefile(500);
    writeFileSync(path.join(ws, 'package.json'), pj);
    writeFileSync(path.join(ws, 'Makefile'), mk);
    const base: CommandContext = { cwd: ws, workspaceRoot: ws, home: os.homedir(), tempDirs: [os.tmpdir()], shell: 'bash', gitBranch: 'feature/bench', defaultBranch: 'main' };
    const ctx: CommandContext = { ...base };
    ctx.files = followReaderFor(ctx);
    console.log('follow bench (in process, files read from disk for every line):');
    console.log(`  package.json: ${pj.split('\n').length - 1} lines; Makefile: ${mk.split('\n').length - 1} lines`);
    const build = judgeCommand('npm run build', { ctx }).result;
    const made = judgeCommand('make', { ctx }).result;
    console.log(`  npm run build → ${build.decision}; make → ${made.decision} (both must be allow)`);
    time('npm run build (200-line package.json, pre/post, 2 nested)', 2000, () => judgeCommand('npm run build', { ctx }));
    time('make (500-line Makefile, default goal, 3 prerequisites)', 2000, () => judgeCommand('make', { ctx }));
    const lines = corpusLines();
    const runner = /(^|[\s;&|(])(npm|pnpm|yarn|bun|make|gmake|just|task|sh|bash|zsh|dash|source|\.|python[\d.]*|node|tsx|ts-node|ruby|perl|go|deno)(\s|$)|(^|\s)\.?\.?\/[\w./-]+/;
    const plain = lines.filter((l) => !runner.test(l));
    console.log(`  lines without a runner: ${plain.length} of test/corpus (${lines.length})`);
    // Each line's runs with and without the reader are paired and alternate, and each line's own
    // median counts: a whole-batch clock measures the collector's timing as much as the engine's.
    for (let i = 0; i < 5; i++) for (const l of plain) judgeCommand(l, { ctx: i % 2 ? ctx : base });
    const a: number[] = [];
    const b: number[] = [];
    for (const l of plain) {
      const x: number[] = [];
      const y: number[] = [];
      for (let k = 0; k < 21; k++) {
        const first = k % 2 ? ctx : base;
        const second = k % 2 ? base : ctx;
        let t0 = performance.now();
        judgeCommand(l, { ctx: first });
        (first === base ? x : y).push(performance.now() - t0);
        t0 = performance.now();
        judgeCommand(l, { ctx: second });
        (second === base ? x : y).push(performance.now() - t0);
      }
      a.push(quantile(x.sort((p, q) => p - q), 0.5));
      b.push(quantile(y.sort((p, q) => p - q), 0.5));
    }
    const mean = (v: number[]): string => `${((v.reduce((s, n) => s + n, 0) / v.length) * 1000).toFixed(1)} µs`;
    console.log(`    per line (each line's median of 21 paired runs, averaged): ${mean(a)} without a reader, ${mean(b)} with it`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) void runFollowBench();
