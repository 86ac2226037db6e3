/**
 * The in-editor test index: code-server's extension host requires the bundle built from this
 * file (out/integration/index.js) and awaits `run()`. scripts/build-integration.mjs bundles this
 * module first and every `test/integration/*.test.ts` after it, so the mocha globals exist
 * before the suites are declared. Output goes through console.log (the `spec` reporter), which
 * the harness forwards. `BLAST_RADIUS_TEST_GREP` runs only the tests whose title matches it.
 */
import Mocha from 'mocha';
import { TEST_GUARD_MS } from './helpers';

const mocha = new Mocha({ ui: 'bdd', timeout: TEST_GUARD_MS, color: false, reporter: 'spec', ...(process.env.BLAST_RADIUS_TEST_GREP ? { grep: process.env.BLAST_RADIUS_TEST_GREP } : {}) });
mocha.suite.emit('pre-require', globalThis, 'test/integration', mocha);

export function run(): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      console.log(`in-editor suite finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      if (failures > 0) reject(new Error(`${failures} in-editor test(s) failed`));
      else resolve();
    });
  });
}
