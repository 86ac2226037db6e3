/**
 * `dist/engine.js`: the engine and the CLI as every `check` and `hook` call runs them (the rest,
 * such as the edit engine, is in dist/engine-more.js, loaded on demand; no module is in both; see
 * scripts/build.mjs). The small entries (cli.js, hook.js, hook-server.js) load it through the V8
 * code cache and take the part they run from here; extension.js and uninstall.js take the modules
 * they use from the two bundles' tables (`shared`, added by the build). Nothing here runs when the
 * bundle loads: each part is evaluated on first use, so `check` pays for `check` only.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { lazyCoverage } from './lazy';

/** The parts a run took (bits of `coverage` past the ones lazy.ts uses). */
const PARTS = { cli: 1 << 29, hook: 1 << 30 } as const;
let taken = 0;

/** The `blast-radius` command (cli.js). */
export function cli(): typeof import('./main') {
  taken |= PARTS.cli;
  return require('./main') as typeof import('./main');
}

/** The agent hook's answer (hook.js and the warm hook server). */
export function hook(): typeof import('./hook-core') {
  taken |= PARTS.hook;
  return require('./hook-core') as typeof import('./hook-core');
}

/** Asking the editor (hook.js, for a call the warm server handed back; loaded only then). */
export function editorAsk(): typeof import('./editor-ask') {
  return require('./editor-ask') as typeof import('./editor-ask');
}

/**
 * What this run covered, for the code cache: the parts taken and the modules loaded on demand.
 * A cache saved after one kind of run is saved again once another has run, so each path's
 * compiled code ends up in it.
 */
export function coverage(): number {
  return (lazyCoverage() | taken) >>> 0;
}
