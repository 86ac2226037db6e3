/**
 * mocha's options for `npm run test:unit`: those of .mocharc.json, two workers, and every file of
 * test/unit in the order the workers take them, the longest first. Each worker takes the next
 * file when it is done with one; with the longest in alphabetical order (source-scan) near the
 * end, one worker went on with it alone for up to a second while the other had finished. Longest
 * first, the short files fill the gaps at the end.
 *
 * LONGEST only orders: a file missing from it still runs (after them), and a name here that no
 * longer is a test file stops the run, so the list cannot quietly go stale. `npm run bench:unit`
 * prints the slowest files.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const UNIT = __dirname;
const ROOT = path.resolve(UNIT, '..', '..');

/** The slowest files, slowest first (CPU time in a worker, bench:unit's list). */
const LONGEST = ['corpus', 'plain-line', 'findings', 'source-scan', 'follow', 'edit/properties', 'engine-props', 'hooks-formats', 'follow-source', 'rules'];

function specs() {
  const all = fs
    .readdirSync(UNIT, { recursive: true })
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.test.ts'))
    .sort();
  const first = LONGEST.map((name) => `${name}.test.ts`);
  const missing = first.filter((f) => !all.includes(f));
  if (missing.length) throw new Error(`test/unit/.mocharc.cjs lists files that are not in test/unit: ${missing.join(', ')}`);
  return [...first, ...all.filter((f) => !first.includes(f))].map((f) => path.relative(ROOT, path.join(UNIT, f)));
}

module.exports = {
  ...JSON.parse(fs.readFileSync(path.join(ROOT, '.mocharc.json'), 'utf8')),
  parallel: true,
  jobs: 2,
  spec: specs(),
};
