/**
 * The command engine in-process, as it ships: bench/engine-bundle-entry.ts bundled and minified
 * with the options scripts/build.mjs gives every bundle, run in a process of its own over the same
 * corpus and loop as the sources (bench/engine-measure.ts). The sources run through tsx carry
 * costs no bundle has (every nested function renamed at run time by esbuild's keepNames, every
 * call into another module through a getter), so the two figures differ; the shipped one is what
 * the extension host, the CLI and the hooks pay.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import type { EngineFigures } from './engine-measure';

const ROOT = path.resolve(__dirname, '..');

/** The esbuild options scripts/build.mjs gives every bundle it ships: a bench bundles with these to measure code as shipped. */
export const SHIPPED_BUILD = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  mainFields: ['module', 'main'],
} satisfies esbuild.BuildOptions;

/**
 * `entry` bundled and minified with the build's options into a fresh temporary folder, with the
 * grammars next to it where src/node/grammar-files.ts looks first (as in dist/). The caller
 * removes `dir`.
 */
export function bundleEngineEntry(entry: string): { dir: string; outfile: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'blast-radius-engine-bench-'));
  const outfile = path.join(dir, 'engine-bench.js');
  esbuild.buildSync({
    ...SHIPPED_BUILD,
    entryPoints: [entry],
    outfile,
    alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
  });
  copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), path.join(dir, 'tree-sitter.wasm'));
  copyFileSync(path.join(path.dirname(require.resolve('tree-sitter-bash/package.json')), 'tree-sitter-bash.wasm'), path.join(dir, 'tree-sitter-bash.wasm'));
  copyFileSync(path.join(path.dirname(require.resolve('tree-sitter-powershell/package.json')), 'tree-sitter-powershell.wasm'), path.join(dir, 'tree-sitter-powershell.wasm'));
  return { dir, outfile };
}

export function runEngineBundleBench(): EngineFigures | undefined {
  const { dir, outfile } = bundleEngineEntry(path.join(ROOT, 'bench', 'engine-bundle-entry.ts'));
  try {
    const r = spawnSync(process.execPath, [outfile, ROOT], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) {
      console.log(`engine bundle bench exited ${r.status ?? r.signal}`);
      return undefined;
    }
    return (JSON.parse(r.stdout.trim().split('\n').pop() ?? 'null') as EngineFigures | null) ?? undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) console.log(JSON.stringify(runEngineBundleBench()));
