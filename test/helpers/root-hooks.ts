import { useFollowing } from '../../src/core/engine';
import { FOLLOWING } from '../../src/core/follow/index';
import { loadPowerShellGrammar, loadShellGrammar } from '../../src/node/grammar-files';

/**
 * Every unit test may parse shell: load the grammars once before any test runs. And the engine
 * follows what a line runs wherever a test hands it a reader, as the CLI, the hooks and the editor do.
 */
export const mochaHooks = {
  async beforeAll(this: unknown): Promise<void> {
    useFollowing(FOLLOWING);
    await loadShellGrammar();
    await loadPowerShellGrammar();
  },
};
