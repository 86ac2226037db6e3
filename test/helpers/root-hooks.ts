/**
 * Every unit test may parse shell: load the grammars once before any test runs. And the engine
 * follows what a line runs wherever a test hands it a reader, as the CLI, the hooks and the editor do.
 *
 * The engine is required when the hook runs, not when this file is read: `mocha --parallel` reads
 * this file in its main process too, only to find the hooks, and loading the engine with every
 * rule there held the workers back.
 *
 * In parallel mode the root hooks run again before each file a worker takes. Following is handed
 * in again each time (a file that switched it off cannot leave it off for the next one); the
 * grammars are read and loaded by the first file only, the others wait on that (reading their
 * 3 MB of WebAssembly again for each file cost a worker about 90 ms of CPU over a run).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- required lazily, as in src/cli/lazy.ts */
let grammars: Promise<void> | undefined;

async function loadGrammars(): Promise<void> {
  const { loadPowerShellGrammar, loadShellGrammar } = require('../../src/node/grammar-files') as typeof import('../../src/node/grammar-files');
  await loadShellGrammar();
  await loadPowerShellGrammar();
}

export const mochaHooks = {
  beforeAll(this: unknown): Promise<void> {
    const { useFollowing } = require('../../src/core/engine') as typeof import('../../src/core/engine');
    const { FOLLOWING } = require('../../src/core/follow/index') as typeof import('../../src/core/follow/index');
    useFollowing(FOLLOWING);
    grammars ??= loadGrammars();
    return grammars;
  },
};
