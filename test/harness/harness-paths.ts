import path from 'node:path';

/** The code-server release the harness installs and runs; bump it together with the ripgrep pins below. */
export const CODE_SERVER_VERSION = '4.100.3';

/** The repository root, found from this file's place in `test/harness/`. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Where code-server is installed: under the git-ignored `.cache/` so a clean clone rebuilds it. */
export const CODE_SERVER_CACHE_DIR = path.join(REPO_ROOT, '.cache', 'code-server');

/** The code-server entry point that `node` runs; its presence (with the marker below) means "installed". */
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_CACHE_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/**
 * Written only after an install was verified by running code-server, so a half-finished install
 * (entry.js present, post-install failed) is not mistaken for a good one.
 */
export const INSTALLED_MARKER = path.join(CODE_SERVER_CACHE_DIR, `installed-${CODE_SERVER_VERSION}`);

/** The Chromium that Debian's `chromium` package installs; Playwright cannot download its own here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Where screenshots and logs meant for people go (git-ignored). */
export const TEST_RESULTS_DIR = path.join(REPO_ROOT, 'test-results');
