/**
 * Lets mocha require the TypeScript of src/ and test/ as it is: each .ts file is compiled by
 * esbuild (the compiler the bundles use) when it is first required and kept, compiled, in
 * node_modules/.cache/blast-radius-ts/ until its text changes. No dist/, no build step.
 *
 * tsx/cjs did this before (and still does for the scripts and the processes the tests start);
 * for the test suites it cost a third of the CPU of loading a module, and more at run time: it
 * compiles with esbuild's keepNames, which wraps every function the code creates, each closure
 * of the engine's hot loops too, in a call that names it. Here nothing is renamed, so nothing
 * needs naming. Stack traces still point into the TypeScript: the compiled code carries a
 * source map and node reads it.
 *
 * The cache has one file per source file (named by a hash of its path), headed by a hash of the
 * source text, the compiler's version and its options: a changed file is compiled again and
 * overwrites its entry, so the cache never grows past one entry per file. Entries are written to
 * a temporary name and renamed, as the two workers of test:unit may write the same one at once.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'blast-radius-ts');

/** Bump when what this file produces changes in a way the options below do not show. */
const FORMAT = 1;

let esbuild;
let options;
let stamp;

function esbuildOptions() {
  if (options) return options;
  let compilerOptions = {};
  try {
    compilerOptions = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')).compilerOptions ?? {};
  } catch {
    // No tsconfig.json to read: esbuild's defaults.
  }
  options = {
    loader: 'ts',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    sourcemap: 'inline',
    // Stack traces need the mappings, not a second copy of the source.
    sourcesContent: false,
    tsconfigRaw: { compilerOptions },
  };
  return options;
}

function cacheStamp() {
  if (stamp !== undefined) return stamp;
  let version = 'unknown';
  try {
    version = JSON.parse(fs.readFileSync(require.resolve('esbuild/package.json'), 'utf8')).version;
  } catch {
    // Not resolvable as a file: compile() loads esbuild anyway, and the stamp stays conservative.
  }
  stamp = `${FORMAT} ${version} ${JSON.stringify(esbuildOptions())}`;
  return stamp;
}

const sha1 = (text) => crypto.createHash('sha1').update(text).digest('hex');

function compile(source, filename) {
  const entry = path.join(CACHE, `${sha1(filename)}.js`);
  const header = `//${sha1(`${cacheStamp()}\0${source}`)}\n`;
  try {
    const cached = fs.readFileSync(entry, 'utf8');
    if (cached.startsWith(header)) return cached.slice(header.length);
  } catch {
    // Not compiled yet.
  }
  esbuild ??= require('esbuild');
  const { code } = esbuild.transformSync(source, { ...esbuildOptions(), sourcefile: filename });
  try {
    fs.mkdirSync(CACHE, { recursive: true });
    const tmp = `${entry}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, header + code);
    fs.renameSync(tmp, entry);
  } catch {
    // A cache that cannot be written only costs the next run a compile.
  }
  return code;
}

Module._extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(compile(fs.readFileSync(filename, 'utf8'), filename), filename);
};

process.setSourceMapsEnabled(true);
