/**
 * The engine as the extension, the CLI and the hooks run it: bench/engine-bundle-bench.ts bundles
 * and minifies this file with the build's options and runs it; it prints measureEngine's figures.
 */
import { evaluateCommand, grammarsNeeded } from '../src/core/engine';
import { prefilterAllows } from '../src/core/prefilter';
import { powerShellGrammarReady } from '../src/core/shell/grammar';
import { loadPowerShellGrammar, loadShellGrammar } from '../src/node/grammar-files';
import { measureEngine } from './engine-measure';

measureEngine({ evaluateCommand, grammarsNeeded, prefilterAllows, loadShellGrammar, loadPowerShellGrammar, powerShellGrammarReady }, process.argv[2] ?? process.cwd())
  .then((figures) => process.stdout.write(`${JSON.stringify(figures ?? null)}\n`))
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
