/**
 * ARCHITECTURE.md's code map against the tree: every folder under src/ is on it, and every source
 * file outside the rule folders (one file per rule, listed by their registries) is named under its
 * folder. The map is an indented tree in the "Code map" block: a line whose first words end in `/`
 * names folders, a line whose first words end in `.ts` names files, each inside the nearest
 * less-indented folder line above it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Folders holding one file per rule: named as folders, their files listed by the registries. */
const RULE_FOLDERS = [/^src\/core\/rules\/[^/]+$/, /^src\/core\/edit\/rules\/[^/]+$/];

interface CodeMap {
  folders: Set<string>;
  files: Set<string>;
}

/** Folders and files the code map block names, as paths from the repository root. */
function readCodeMap(markdown: string): CodeMap {
  const start = markdown.indexOf('## Code map');
  assert.ok(start >= 0, 'ARCHITECTURE.md has a "## Code map" section');
  const open = markdown.indexOf('```', start);
  const close = markdown.indexOf('```', open + 3);
  const block = markdown.slice(markdown.indexOf('\n', open) + 1, close).split('\n');
  const folders = new Set<string>();
  const files = new Set<string>();
  const stack: { indent: number; path: string }[] = [];
  for (const line of block) {
    if (!line.trim()) continue;
    const indent = line.length - line.trimStart().length;
    const words = line.trim().split(/\s+/);
    const names: string[] = [];
    for (const w of words) {
      const name = w.replace(/,$/, '');
      if (/^[\w.-]+\/$/.test(name) || /^[\w.-]+\.(ts|mjs|js)$/.test(name)) names.push(name);
      else break;
    }
    if (!names.length) continue;
    while (stack.length && stack[stack.length - 1].indent >= indent) stack.pop();
    const parent = stack.length ? stack[stack.length - 1].path : '';
    for (const name of names) {
      if (name.endsWith('/')) folders.add(parent + name.slice(0, -1));
      else files.add(parent + name);
    }
    // A line naming one folder opens it for the lines indented below it.
    if (names.length === 1 && names[0].endsWith('/')) stack.push({ indent, path: `${parent}${names[0]}` });
  }
  return { folders, files };
}

function walk(dir: string, out: { folders: string[]; files: string[] }): void {
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      out.folders.push(rel);
      walk(rel, out);
    } else if (/\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) {
      out.files.push(rel);
    }
  }
}

describe('ARCHITECTURE.md code map', () => {
  const map = readCodeMap(readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8'));
  const tree = { folders: [] as string[], files: [] as string[] };
  walk('src', tree);

  it('reads a nested tree of folders and files', () => {
    const m = readCodeMap('## Code map\n\n```\nsrc/\n  a/        what a is\n    x.ts, y.ts  two files\n    b/      inside a\n      z.ts  deep\n  c/ d/     two at once\n  w.ts      at src\n```\n');
    assert.deepEqual([...m.folders].sort(), ['src', 'src/a', 'src/a/b', 'src/c', 'src/d']);
    assert.deepEqual([...m.files].sort(), ['src/a/b/z.ts', 'src/a/x.ts', 'src/a/y.ts', 'src/w.ts']);
  });

  it('names every folder under src/', () => {
    const missing = tree.folders.filter((f) => !map.folders.has(f));
    assert.deepEqual(missing, [], `folders missing from ARCHITECTURE.md's code map: ${missing.join(', ')}`);
  });

  it('names every source file outside the rule folders', () => {
    const missing = tree.files.filter((f) => {
      const dir = f.slice(0, f.lastIndexOf('/'));
      return !RULE_FOLDERS.some((r) => r.test(dir)) && !map.files.has(f);
    });
    assert.deepEqual(missing, [], `files missing from ARCHITECTURE.md's code map: ${missing.join(', ')}`);
  });

  it('names nothing that is not there', () => {
    const all = new Set([...tree.folders, ...tree.files]);
    const stale = [...map.folders, ...map.files].filter((p) => p.startsWith('src') && p !== 'src' && !all.has(p));
    assert.deepEqual(stale, [], `ARCHITECTURE.md names what does not exist: ${stale.map((p) => relative('.', p)).join(', ')}`);
  });
});
