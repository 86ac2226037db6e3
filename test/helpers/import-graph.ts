/**
 * The import graph of the sources, read the way the compiler reads it (TypeScript's own
 * pre-processor and module resolution), and the circles in it. A circle is reported at every
 * level of the tree: inside a folder, each file and each subfolder is one node, and an import
 * from anything under one node to anything under another is an edge between them. A folder whose
 * nodes form no circle has its imports pointing one way; when every folder does, there is no
 * circle between files either.
 */
import path from 'node:path';
import ts from 'typescript';

/** Imports between files: repository-relative paths with `/`, each file → the files it imports. */
export type ImportGraph = ReadonlyMap<string, ReadonlySet<string>>;

export interface SourceTree {
  /** Repository-relative paths of the files to read, with `/`. */
  files: readonly string[];
  read(file: string): string;
  exists(file: string): boolean;
}

const OPTIONS: ts.CompilerOptions = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, allowJs: false, resolveJsonModule: true };

/**
 * Every import, `export … from`, `import type`, `require()` and `import()` (also in a type, such as
 * `typeof import('./x')`) that resolves to another file of the tree. Packages are left out.
 */
export function importGraph(tree: SourceTree): ImportGraph {
  const host: ts.ModuleResolutionHost = {
    fileExists: (f) => tree.exists(rel(f)),
    readFile: (f) => (tree.exists(rel(f)) ? tree.read(rel(f)) : undefined),
  };
  const inTree = new Set(tree.files);
  // Files of one folder import the same names; within one tree each resolves once.
  const cache = ts.createModuleResolutionCache(ROOT, (f) => f, OPTIONS);
  const graph = new Map<string, Set<string>>();
  for (const file of tree.files) {
    const out = new Set<string>();
    for (const name of importedNames(file, tree.read(file))) {
      if (!name.startsWith('.')) continue;
      const resolved = ts.resolveModuleName(name, abs(file), OPTIONS, host, cache).resolvedModule;
      const target = resolved ? rel(resolved.resolvedFileName) : undefined;
      if (target && inTree.has(target) && target !== file) out.add(target);
    }
    graph.set(file, out);
  }
  return graph;
}

/**
 * What a file's text imports, as written. Reading the whole repository takes the pre-processor
 * about a second, so a file read again with the same text (a second graph of the same tree with
 * one file changed) reuses the answer.
 */
const preprocessed = new Map<string, { text: string; names: string[] }>();
function importedNames(file: string, text: string): string[] {
  const known = preprocessed.get(file);
  if (known && known.text === text) return known.names;
  const names = ts.preProcessFile(text, true, true).importedFiles.map((r) => r.fileName);
  preprocessed.set(file, { text, names });
  return names;
}

// Paths are resolved under a fixed virtual root so that the tree needs no real location.
const ROOT = '/tree';
const abs = (file: string): string => `${ROOT}/${file}`;
const rel = (file: string): string => path.posix.relative(ROOT, file.replace(/\\/g, '/'));

export interface Circle {
  /** The folder whose children import each other ('' for the root of the tree). */
  folder: string;
  /** The children in the circle: file names, or folder names ending in `/`. */
  nodes: string[];
  /** One import per edge of the circle, `from → to`, as evidence. */
  imports: string[];
}

/**
 * The circles of every folder under `root` (a repository-relative folder, '' for all): for each
 * folder, its children as nodes and the imports between different children as edges, and every
 * strongly connected part of more than one node.
 */
export function circles(graph: ImportGraph, root = ''): Circle[] {
  const prefix = root ? `${root.replace(/\/$/, '')}/` : '';
  const files = [...graph.keys()].filter((f) => f.startsWith(prefix));
  const folders = new Set<string>([prefix.replace(/\/$/, '')]);
  for (const f of files) for (let d = path.posix.dirname(f); d !== '.' && d.startsWith(prefix.replace(/\/$/, '')); d = path.posix.dirname(d)) folders.add(d);
  const out: Circle[] = [];
  for (const folder of [...folders].sort()) {
    const inside = folder ? `${folder}/` : '';
    /** The child of `folder` that holds `file`, or undefined when the file is elsewhere. */
    const childOf = (file: string): string | undefined => {
      if (!file.startsWith(inside)) return undefined;
      const rest = file.slice(inside.length);
      const slash = rest.indexOf('/');
      return slash === -1 ? rest : rest.slice(0, slash + 1);
    };
    const edges = new Map<string, Map<string, string>>();
    for (const from of files) {
      const a = childOf(from);
      if (a === undefined) continue;
      if (!edges.has(a)) edges.set(a, new Map());
      for (const to of graph.get(from) ?? []) {
        const b = childOf(to);
        if (b === undefined || b === a || edges.get(a)!.has(b)) continue;
        edges.get(a)!.set(b, `${from} → ${to}`);
      }
    }
    for (const part of stronglyConnected(edges)) {
      if (part.length < 2) continue;
      const members = new Set(part);
      const imports: string[] = [];
      for (const a of part) for (const [b, why] of edges.get(a) ?? []) if (members.has(b)) imports.push(why);
      out.push({ folder, nodes: [...part].sort(), imports: imports.sort() });
    }
  }
  return out;
}

/** Tarjan's algorithm, iterative so that a deep tree cannot overflow the stack. */
function stronglyConnected(edges: ReadonlyMap<string, ReadonlyMap<string, string>>): string[][] {
  const nodes = new Set<string>(edges.keys());
  for (const m of edges.values()) for (const n of m.keys()) nodes.add(n);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const parts: string[][] = [];
  let next = 0;
  for (const start of [...nodes].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; targets: string[]; i: number }[] = [];
    const enter = (node: string): void => {
      index.set(node, next);
      low.set(node, next);
      next++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, targets: [...(edges.get(node)?.keys() ?? [])].sort(), i: 0 });
    };
    enter(start);
    while (work.length) {
      const top = work[work.length - 1];
      if (top.i < top.targets.length) {
        const t = top.targets[top.i++];
        if (!index.has(t)) enter(t);
        else if (onStack.has(t)) low.set(top.node, Math.min(low.get(top.node)!, index.get(t)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const part: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          part.push(n);
        } while (n !== top.node);
        parts.push(part);
      }
    }
  }
  return parts;
}

export function describeCircle(c: Circle): string {
  return `in ${c.folder || '(root)'}/: ${c.nodes.join(', ')}\n    ${c.imports.join('\n    ')}`;
}
