/**
 * Modules the CLI loads only when a call needs them, so a benign `check` never evaluates the
 * engine, the grammar loader, the policy reader or `scan`. esbuild turns each `require` into a
 * lazily initialised module inside the one bundle. (`import()` would not do: the bundle is
 * CommonJS, and the tests run the sources through tsx's CommonJS loader.)
 */
/* eslint-disable @typescript-eslint/no-require-imports */

/** Which of the modules below a run has loaded. */
const lazyLoaded = new Set<string>();

function load<T>(name: string, get: () => T): T {
  lazyLoaded.add(name);
  return get();
}

export const lazy = {
  check: (): typeof import('./check') => load('check', () => require('./check') as typeof import('./check')),
  rulesList: (): typeof import('./rules-list') => load('rulesList', () => require('./rules-list') as typeof import('./rules-list')),
  scan: (): typeof import('./scan') => load('scan', () => require('./scan') as typeof import('./scan')),
  hook: (): typeof import('./hook') => load('hook', () => require('./hook') as typeof import('./hook')),
  hookEdit: (): typeof import('./hook-edit') => load('hookEdit', () => require('./hook-edit') as typeof import('./hook-edit')),
  hooksInstall: (): typeof import('./hooks-install') => load('hooksInstall', () => require('./hooks-install') as typeof import('./hooks-install')),
  engine: (): typeof import('../core/engine') => load('engine', () => require('../core/engine') as typeof import('../core/engine')),
  grammarFiles: (): typeof import('../node/grammar-files') => load('grammarFiles', () => require('../node/grammar-files') as typeof import('../node/grammar-files')),
  commandContext: (): typeof import('../node/command-context') => load('commandContext', () => require('../node/command-context') as typeof import('../node/command-context')),
  policyFiles: (): typeof import('../node/policy-files') => load('policyFiles', () => require('../node/policy-files') as typeof import('../node/policy-files')),
  guardRoots: (): typeof import('../node/guard-roots') => load('guardRoots', () => require('../node/guard-roots') as typeof import('../node/guard-roots')),
  tamperLog: (): typeof import('../node/tamper-log') => load('tamperLog', () => require('../node/tamper-log') as typeof import('../node/tamper-log')),
  hookAsking: (): typeof import('./hook-asking') => load('hookAsking', () => require('./hook-asking') as typeof import('./hook-asking')),
};

/**
 * What this run covered, as bits for the code cache (1, and one bit per module above that was
 * loaded), so that a cache saved after an everyday call is saved again once the engine, the
 * grammar or the edit path has run: each path's compiled code ends up in it.
 */
export function lazyCoverage(): number {
  let bits = 1;
  Object.keys(lazy).forEach((name, i) => {
    if (lazyLoaded.has(name)) bits |= 1 << (1 + i);
  });
  return bits;
}
