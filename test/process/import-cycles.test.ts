/**
 * Imports point one way. Inside every folder of the code (src, test, bench, scripts), each file
 * and each subfolder is one node, and the imports between them may form no circle: so no two
 * files import each other, even through others, and no two folders of src/core import each
 * other (shell/ is below rules/, rules/ below engine.ts, the parsers below both engines).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { circles, describeCircle, importGraph, type SourceTree } from '../helpers/import-graph';

const ROOT = path.resolve(__dirname, '..', '..');
const CODE = ['src', 'test', 'bench', 'scripts'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (rel !== 'test/fixtures') out.push(...sourceFiles(rel));
    } else if (/\.(ts|mts|cts)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** What the disk holds does not change while the tests run: each file is read and looked for once. */
const texts = new Map<string, string>();
const found = new Map<string, boolean>();
const readOnce = (f: string): string => texts.get(f) ?? texts.set(f, readFileSync(path.join(ROOT, f), 'utf8')).get(f)!;
const existsOnce = (f: string): boolean => found.get(f) ?? found.set(f, existsSync(path.join(ROOT, f))).get(f)!;

/** The repository's code as it is on disk, with some files' text replaced. */
function repositoryTree(overlay: Record<string, string> = {}): SourceTree {
  const files = [...new Set([...CODE.flatMap(sourceFiles), ...Object.keys(overlay)])].sort();
  return {
    files,
    read: (f) => overlay[f] ?? readOnce(f),
    exists: (f) => f in overlay || existsOnce(f),
  };
}

function memoryTree(files: Record<string, string>): SourceTree {
  return { files: Object.keys(files), read: (f) => files[f], exists: (f) => f in files };
}

describe('imports point one way', () => {
  it('no folder of src, test, bench or scripts has a circle between its files or subfolders', () => {
    const found = circles(importGraph(repositoryTree()));
    assert.deepEqual(found.map(describeCircle), [], `import circles:\n  ${found.map(describeCircle).join('\n  ')}`);
  });

  it('reads every kind of import, and leaves packages and missing files out', () => {
    const graph = importGraph(memoryTree({
      'src/a.ts': "import { b } from './b';\nimport type { C } from './c';\nexport * from './d';\nimport x from 'yaml';\nimport { gone } from './gone';",
      'src/b.ts': "const e = require('./e') as typeof import('./f');",
      'src/c.ts': '',
      'src/d/index.ts': '',
      'src/e.ts': '',
      'src/f.ts': '',
    }));
    assert.deepEqual([...graph.get('src/a.ts')!].sort(), ['src/b.ts', 'src/c.ts', 'src/d/index.ts']);
    assert.deepEqual([...graph.get('src/b.ts')!].sort(), ['src/e.ts', 'src/f.ts']);
  });

  it('finds a circle between two files, through a third and through type-only imports', () => {
    const found = circles(importGraph(memoryTree({
      'src/cli/check.ts': "import { lazy } from './lazy';",
      'src/cli/lazy.ts': "export const lazy = { check: (): typeof import('./check') => require('./check') };",
      'src/edit/text.ts': "import type { Range } from './types';",
      'src/edit/types.ts': "import type { FileView } from './view';",
      'src/edit/view.ts': "import { LineIndex } from './text';",
      'src/edit/engine.ts': "import { FileView } from './view';",
    })));
    assert.deepEqual(found.map((c) => [c.folder, c.nodes]), [
      ['src/cli', ['check.ts', 'lazy.ts']],
      ['src/edit', ['text.ts', 'types.ts', 'view.ts']],
    ]);
    assert.deepEqual(found[1].imports, ['src/edit/text.ts → src/edit/types.ts', 'src/edit/types.ts → src/edit/view.ts', 'src/edit/view.ts → src/edit/text.ts']);
  });

  it('finds a circle between two folders where no file imports itself back', () => {
    const found = circles(importGraph(memoryTree({
      'src/core/shell/prefilter.ts': "import { triggerIndex } from '../rules/index';",
      'src/core/shell/extract.ts': '',
      'src/core/rules/index.ts': "import { RISKY_WORDS } from '../shell/extract';",
      'src/core/engine.ts': "import { triggerIndex } from './rules/index';",
    })));
    assert.deepEqual(found.map((c) => [c.folder, c.nodes]), [['src/core', ['rules/', 'shell/']]]);
  });

  it('fails on the real code once a circle is put back in', () => {
    const model = readFileSync(path.join(ROOT, 'src/core/shell/model.ts'), 'utf8');
    const found = circles(importGraph(repositoryTree({ 'src/core/shell/model.ts': `import type { CommandRule } from '../rules/rule';\n${model}` })));
    // environment/ sits between them (rules/ read where a command acts; environment/ reads the shell's words), so it is on the circle too.
    assert.deepEqual(found.map((c) => [c.folder, c.nodes]), [['src/core', ['environment/', 'rules/', 'shell/']]]);
    assert.ok(found[0].imports.includes('src/core/shell/model.ts → src/core/rules/rule.ts'), found[0].imports.join('\n'));
  });
});
