/**
 * Paths as plain text, for every reader of paths (the command rules, the source reader, the
 * watcher): lexical normalisation and the names of build output. Imports nothing.
 */

/** Directories whose whole content a build or package manager recreates. */
export const ARTIFACT_DIRS: ReadonlySet<string> = new Set([
  'node_modules', 'dist', 'build', 'out', 'target', '.next', '.nuxt', '.svelte-kit', '.turbo', '.parcel-cache',
  '.vite', '.angular', 'coverage', '.nyc_output', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache',
  '.tox', '.nox', '.venv', 'venv', '.eggs', '.gradle', '.cache', '.terraform', '.serverless', '.aws-sam',
  '.dart_tool', '.expo', 'bower_components', 'jspm_packages', '.docusaurus', 'storybook-static', '.vercel',
  '.output', 'tmp', 'temp', '.tmp', 'logs', '.sass-cache', 'DerivedData', 'obj', '.build', '.stack-work',
  'cmake-build-debug', 'cmake-build-release', '_build', 'deps', '.elixir_ls', 'htmlcov', '.hypothesis',
  // Playwright Test's default outputDir and HTML report folder; it empties the first itself at every run.
  'test-results', 'playwright-report',
]);

/** File patterns that are build output or noise. */
export const ARTIFACT_FILE = /\.(pyc|pyo|o|obj|a|so|dylib|class|log|tmp|swp|swo|orig|rej|tsbuildinfo|DS_Store|map|lcov)$|^\.DS_Store$|^npm-debug\.log|^yarn-error\.log|\.egg-info$/i;

/** `a/./b/../c` is `a/c`; `..` above a relative start is kept, above `/` dropped. */
export function normalizePath(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!abs) out.push('..');
      continue;
    }
    out.push(seg);
  }
  return (abs ? '/' : '') + out.join('/') || (abs ? '/' : '.');
}
