// Which command rule packs (src/core/rules/<folder>/) ship as bundles of their own
// (dist/engine-rules-<folder>.js) and which stay in engine-core.js: read by scripts/build.mjs,
// scripts/check-vsix.mjs and the bundles test.

/**
 * Packs kept in engine-core.js. Loading a bundle through the code cache costs a hook process
 * about half a millisecond however small it is: the production rule (environment/) is loaded with
 * nearly every other pack (it judges any command that lands on an environment), and
 * unanalyzable/ is a rule of a few lines.
 */
export const PACKS_IN_CORE = ['environment', 'unanalyzable'];

/** The bundle of a pack folder, or undefined for one engine-core.js holds. */
export const packBundleName = (folder) => (PACKS_IN_CORE.includes(folder) ? undefined : `engine-rules-${folder}.js`);
