/**
 * Every unit test may parse shell: load the grammars once before any test runs. And the engine
 * follows what a line runs wherever a test hands it a reader, as the CLI, the hooks and the editor do.
 *
 * The engine is required when the hook runs, not when this file is read: `mocha --parallel` reads
 * this file in its main process too, only to find the hooks, and loading the engine with every
 * rule there held the workers back.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- required lazily, as in src/cli/lazy.ts */
export const mochaHooks = {
  async beforeAll(this: unknown): Promise<void> {
    const { useFollowing } = require('../../src/core/engine') as typeof import('../../src/core/engine');
    const { FOLLOWING } = require('../../src/core/follow/index') as typeof import('../../src/core/follow/index');
    const { loadPowerShellGrammar, loadShellGrammar } = require('../../src/node/grammar-files') as typeof import('../../src/node/grammar-files');
    useFollowing(FOLLOWING);
    await loadShellGrammar();
    await loadPowerShellGrammar();
  },
};
