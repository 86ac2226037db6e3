/**
 * `dist/engine.js`: what the small entries (cli.js, hook.js, hook-server.js) load through the V8
 * code cache. It holds what an everyday hook call runs (hook-core.ts and what it imports: the
 * agents' payloads, the pre-filter); whatever is `require`d on demand from here, from lazy.ts and
 * from hook-core.ts (the CLI, the full hook, the command engine) is in dist/engine-core.js, and
 * the rest (the edit engine, `scan`) in dist/engine-more.js; no module is in two (see
 * scripts/build.mjs). extension.js and uninstall.js take the modules they use from the bundles'
 * tables (`shared`, added by the build). Each part is evaluated on first use, so `check` pays
 * for `check` only, and an allowed hook call for the pre-filter only.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as hookCore from './hook-core';
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
export function hook(): typeof hookCore {
  taken |= PARTS.hook;
  return hookCore;
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
