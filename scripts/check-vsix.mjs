// Checks the packaged extension: prints what is inside and fails when the VSIX is too big,
// misses a file it needs, or carries anything outside the allow-list (sources, tests, maps,
// node_modules). Reads the zip's central directory with plain Node; no dependencies.
// Usage: node scripts/check-vsix.mjs [path/to/file.vsix]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { packBundleName } from './rule-bundles.mjs';

const MAX_BYTES = 2 * 1024 * 1024;

/** Paths inside the VSIX that may ship. vsce adds the manifest files and renames a few. */
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/i,
  /^extension\/changelog\.md$/i,
  /^extension\/license(\.txt|\.md)?$/i,
  // Bundles only: the extension, the engine, the CLI's and the hook's entries (no source maps).
  /^extension\/dist\/[a-z-]+\.js$/,
  /^extension\/dist\/[^/]+\.wasm$/,
  /^extension\/media\/[^/]+\.(png|svg)$/,
  // The walkthrough's pages (contributes.walkthroughs).
  /^extension\/media\/walkthrough\/[^/]+\.md$/,
  /^extension\/docs\/rules\/[^/]+\.md$/,
];

/** Files the extension cannot work without. */
const REQUIRED = [
  'extension/package.json',
  'extension/dist/extension.js',
  // The engine and the CLI, which every other bundle loads (scripts/build.mjs).
  'extension/dist/engine.js',
  'extension/dist/engine-core.js',
  'extension/dist/engine-more.js',
  'extension/dist/engine-parsers.js',
  'extension/dist/engine-grammar.js',
  'extension/dist/cli.js',
  // What agent hooks run (without the engine every call is "ask"), and the warm server it starts.
  'extension/dist/hook.js',
  'extension/dist/hook-server.js',
  // What VS Code runs when the extension is uninstalled.
  'extension/dist/uninstall.js',
  'extension/dist/tree-sitter.wasm',
  'extension/dist/tree-sitter-bash.wasm',
  'extension/dist/tree-sitter-powershell.wasm',
  'extension/media/icon.png',
];

/** Clearer messages for the usual ways a package goes wrong. */
const SUSPECT = [
  [/(^|\/)node_modules\//, 'node_modules'],
  [/^extension\/src\//, 'sources'],
  [/^extension\/(test|bench|scripts)\//, 'tests or tooling'],
  [/\.map$/, 'a source map'],
  [/\.tsx?$/, 'TypeScript source'],
  [/(^|\/)\.[^/]+$/, 'a dotfile'],
];

/** Lists a zip's entries from its central directory. */
function zipEntries(buf) {
  // The end-of-central-directory record sits in the last 22 bytes plus an optional comment.
  const minEocd = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= minEocd; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) throw new Error('not a zip file (no end of central directory record)');
  const count = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new Error('zip64 archives are not expected for a VSIX');
  const entries = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry ${i} at offset ${p}`);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    entries.push({ name, size, compressed });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function main() {
  const file = process.argv[2] ?? 'dist/blast-radius.vsix';
  let buf;
  try {
    buf = readFileSync(file);
  } catch (e) {
    console.error(`check-vsix: cannot read ${file}: ${e.message}`);
    process.exit(1);
  }
  const entries = zipEntries(buf);
  const total = entries.reduce((n, e) => n + e.size, 0);
  const fileSize = statSync(file).size;
  console.log(`${file}: ${entries.length} files, ${kb(total)} unpacked, ${kb(fileSize)} packed (limit ${kb(MAX_BYTES)})`);
  // Every bundle (and grammar) in dist/, then the largest of the rest: what a new rule or parser costs shows here.
  const row = (e) => `  ${kb(e.size).padStart(10)}  ${kb(e.compressed).padStart(10)} packed  ${e.name}`;
  const byName = (a, b) => a.name.localeCompare(b.name);
  const bundles = entries.filter((e) => /^extension\/dist\/[^/]+\.(js|wasm)$/.test(e.name)).sort(byName);
  console.log('bundles (unpacked, packed):');
  for (const e of bundles) console.log(row(e));
  const sum = (list, k) => list.reduce((n, e) => n + e[k], 0);
  console.log(`  ${kb(sum(bundles, 'size')).padStart(10)}  ${kb(sum(bundles, 'compressed')).padStart(10)} packed  all of dist/`);
  console.log('largest other entries:');
  for (const e of entries.filter((x) => !bundles.includes(x)).sort((a, b) => b.size - a.size || byName(a, b)).slice(0, 5)) console.log(row(e));

  const problems = [];
  if (fileSize > MAX_BYTES) problems.push(`the VSIX is ${kb(fileSize)}, over the ${kb(MAX_BYTES)} limit`);
  const names = new Set(entries.map((e) => e.name));
  for (const r of REQUIRED) if (!names.has(r)) problems.push(`missing ${r}`);
  // Each command rule pack (src/core/rules/<folder>/) is a bundle the engine loads when a line needs it.
  for (const d of readdirSync(new URL('../src/core/rules/', import.meta.url), { withFileTypes: true })) {
    const bundle = d.isDirectory() ? packBundleName(d.name) : undefined;
    if (bundle && !names.has(`extension/dist/${bundle}`)) problems.push(`missing extension/dist/${bundle}`);
  }
  for (const e of entries) {
    // Folder entries carry no content; the files inside them are checked one by one.
    if (e.name.endsWith('/') && e.size === 0) continue;
    if (ALLOWED.some((re) => re.test(e.name))) continue;
    const why = SUSPECT.find(([re]) => re.test(e.name));
    problems.push(`not on the allow-list${why ? ` (${why[1]})` : ''}: ${e.name}`);
  }
  if (problems.length) {
    for (const p of problems) console.error(`check-vsix: ${p}`);
    console.error('check-vsix: FAILED (see .vscodeignore)');
    process.exit(1);
  }
  console.log('check-vsix: ok');
}

main();
