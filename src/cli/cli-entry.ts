/**
 * `dist/cli.js`, the `blast-radius` command: a small entry that loads the CLI itself (main.ts,
 * in dist/engine.js) through the V8 code cache, as hook.js does for agent hooks.
 * Compiling half a megabyte of rules on every start cost as much as Node's own start; `check`
 * runs once per command line in shims, git hooks and CI. If the cache cannot be used the bundle
 * is compiled from source: the cache can make a run faster, never change it.
 */
import path from 'node:path';
import { codeLoader, v8FlagsFor } from './hook-loader';

function main(argv: readonly string[]): void {
  let engine: typeof import('./engine-bundle');
  let cli: typeof import('./main');
  // The flags the core sets for this command, set before it is compiled.
  const loader = codeLoader(v8FlagsFor(argv));
  const file = path.join(__dirname, 'engine.js');
  try {
    engine = loader.require(file) as typeof import('./engine-bundle');
    cli = engine.cli();
  } catch (e) {
    process.stderr.write(`blast-radius: internal error: cannot load ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(70);
  }
  // Every command loads what it needs on demand (lazy.ts), which is what the cache records.
  cli.runProcess(argv, () => loader.save(() => engine.coverage()));
}

if (require.main === module) main(process.argv.slice(2));
