/**
 * `dist/cli.js`, the `blast-radius` command: a small entry that loads the CLI itself
 * (dist/cli-core.js, from main.ts) through the V8 code cache, as hook.js does for agent hooks.
 * Compiling half a megabyte of rules on every start cost as much as Node's own start; `check`
 * runs once per command line in shims, git hooks and CI. If the cache cannot be used the bundle
 * is compiled from source: the cache can make a run faster, never change it.
 */
import path from 'node:path';
import { codeLoader, v8FlagsFor } from './hook-loader';

function main(argv: readonly string[]): void {
  let core: typeof import('./main');
  // The flags the core sets for this command, set before it is compiled.
  const loader = codeLoader(v8FlagsFor(argv));
  try {
    core = loader.require(path.join(__dirname, 'cli-core.js')) as typeof import('./main');
  } catch (e) {
    process.stderr.write(`blast-radius: internal error: cannot load ${path.join(__dirname, 'cli-core.js')}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(70);
  }
  // Every command loads what it needs on demand (lazy.ts), which is what the cache records.
  core.runProcess(argv, () => loader.save(() => core.lazyCoverage()));
}

if (require.main === module) main(process.argv.slice(2));
