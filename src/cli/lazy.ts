/**
 * Modules the CLI loads only when a call needs them, so a benign `check` never evaluates the
 * engine, the grammar loader, the policy reader or `scan`. esbuild turns each `require` into a
 * lazily initialised module inside the one bundle. (`import()` would not do: the bundle is
 * CommonJS, and the tests run the sources through tsx's CommonJS loader.)
 */
/* eslint-disable @typescript-eslint/no-require-imports */

/**
 * Every module loaded on demand, in a fixed order: its place is its bit in lazyCoverage. The
 * subcommands' own modules (check, rules, scan, hook, hooks) are loaded by main.ts, so that they
 * may use the loaders below without this file importing them.
 */
const LAZY_MODULES = ['check', 'rulesList', 'scan', 'hook', 'hookEdit', 'hooksInstall', 'engine', 'grammarFiles', 'commandContext', 'policyFiles', 'guardRoots', 'tamperLog', 'hookAsking', 'followFiles', 'editorAsk'] as const;

export type LazyModule = (typeof LAZY_MODULES)[number];

/** Which of the modules above a run has loaded. */
const lazyLoaded = new Set<LazyModule>();

/** Loads a module on demand and records that this run needed it. */
export function load<T>(name: LazyModule, get: () => T): T {
  lazyLoaded.add(name);
  return get();
}

export const lazy = {
  hookEdit: (): typeof import('./hook-edit') => load('hookEdit', () => require('./hook-edit') as typeof import('./hook-edit')),
  engine: (): typeof import('../core/engine') => load('engine', () => require('../core/engine') as typeof import('../core/engine')),
  grammarFiles: (): typeof import('../node/grammar-files') => load('grammarFiles', () => require('../node/grammar-files') as typeof import('../node/grammar-files')),
  commandContext: (): typeof import('../node/command-context') => load('commandContext', () => require('../node/command-context') as typeof import('../node/command-context')),
  policyFiles: (): typeof import('../node/policy-files') => load('policyFiles', () => require('../node/policy-files') as typeof import('../node/policy-files')),
  guardRoots: (): typeof import('../node/guard-roots') => load('guardRoots', () => require('../node/guard-roots') as typeof import('../node/guard-roots')),
  tamperLog: (): typeof import('../node/tamper-log') => load('tamperLog', () => require('../node/tamper-log') as typeof import('../node/tamper-log')),
  hookAsking: (): typeof import('./hook-asking') => load('hookAsking', () => require('./hook-asking') as typeof import('./hook-asking')),
  followFiles: (): typeof import('../node/follow-files') => load('followFiles', () => require('../node/follow-files') as typeof import('../node/follow-files')),
  editorAsk: (): typeof import('./editor-ask') => load('editorAsk', () => require('./editor-ask') as typeof import('./editor-ask')),
};

/**
 * What this run covered, as bits for the code cache (1, and one bit per module above that was
 * loaded), so that a cache saved after an everyday call is saved again once the engine, the
 * grammar or the edit path has run: each path's compiled code ends up in it.
 */
export function lazyCoverage(): number {
  let bits = 1;
  LAZY_MODULES.forEach((name, i) => {
    if (lazyLoaded.has(name)) bits |= 1 << (1 + i);
  });
  return bits;
}
