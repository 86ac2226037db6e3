import { loadShellGrammar } from '../../src/node/grammar-files';

/** Every unit test may parse shell: load the grammar once before any test runs. */
export const mochaHooks = {
  async beforeAll(this: unknown): Promise<void> {
    await loadShellGrammar();
  },
};
