/**
 * One tree shape for YAML and JSON documents, with source offsets on every key and value, so
 * that CloudFormation, Kubernetes, IAM, CI and settings rules are written once for both. YAML is
 * read with `yaml` (multi-document, unknown tags such as `!Ref` kept), JSON with `jsonc-parser`
 * (comments and trailing commas allowed). Neither throws; errors come back beside the tree.
 */
import { parseTree, type Node as JsonNode, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode } from 'yaml';

export type DocNode = DocMap | DocSeq | DocScalar;

export interface DocMap {
  kind: 'map';
  start: number;
  end: number;
  entries: DocEntry[];
}

export interface DocSeq {
  kind: 'seq';
  start: number;
  end: number;
  items: DocNode[];
}

export interface DocScalar {
  kind: 'scalar';
  start: number;
  end: number;
  value: string | number | boolean | null;
  /** A YAML tag such as `!Ref`, when present. */
  tag?: string;
}

export interface DocEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: DocNode | undefined;
}

export interface DocFile {
  docs: DocNode[];
  errors: { message: string; offset: number }[];
}

const MAX_DEPTH = 200;
const MAX_DOCS = 10_000;

export function parseYamlDocs(text: string): DocFile {
  const errors: { message: string; offset: number }[] = [];
  const docs: DocNode[] = [];
  try {
    const parsed = parseAllDocuments(text, { strict: false, uniqueKeys: false, prettyErrors: false, lineCounter: new LineCounter() });
    const list = Array.isArray(parsed) ? parsed : [];
    for (const d of list.slice(0, MAX_DOCS)) {
      for (const e of d.errors) errors.push({ message: e.message.split('\n')[0], offset: e.pos[0] });
      if (d.contents) {
        const node = fromYaml(d.contents, 0);
        if (node) docs.push(node);
      }
    }
  } catch (e) {
    // The yaml library is not supposed to throw on bad input; if it does, the file is unparseable.
    errors.push({ message: `YAML parser failed: ${String(e)}`, offset: 0 });
  }
  return { docs, errors };
}

function fromYaml(node: YamlNode | null | undefined, depth: number): DocNode | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  const range = node.range ?? [0, 0, 0];
  if (isMap(node)) {
    const entries: DocEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const k = pair.key as YamlNode | null;
      let key = '';
      let ks = range[0];
      let ke = range[0];
      if (k && isScalar(k)) {
        key = String(k.value);
        ks = k.range?.[0] ?? ks;
        ke = k.range?.[1] ?? ke;
      } else if (k) {
        key = '';
        ks = k.range?.[0] ?? ks;
        ke = k.range?.[1] ?? ke;
      }
      entries.push({ key, keyStart: ks, keyEnd: ke, value: fromYaml(pair.value as YamlNode | null, depth + 1) });
    }
    return { kind: 'map', start: range[0], end: range[1], entries };
  }
  if (isSeq(node)) {
    const items: DocNode[] = [];
    for (const it of node.items) {
      const child = fromYaml(it as YamlNode, depth + 1);
      if (child) items.push(child);
    }
    return { kind: 'seq', start: range[0], end: range[1], items };
  }
  if (isScalar(node)) {
    const v = node.value;
    const value = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.toISOString() : null;
    return { kind: 'scalar', start: range[0], end: range[1], value, tag: node.tag && node.tag.startsWith('!') && !node.tag.startsWith('!!') ? node.tag : undefined };
  }
  if (isAlias(node)) return { kind: 'scalar', start: range[0], end: range[1], value: `*${node.source}` };
  return undefined;
}

export function parseJsonDoc(text: string): DocFile {
  const errs: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(text, errs, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  } catch (e) {
    return { docs: [], errors: [{ message: `JSON parser failed: ${String(e)}`, offset: 0 }] };
  }
  const node = root ? fromJson(root, 0) : undefined;
  return {
    docs: node ? [node] : [],
    errors: errs.map((e) => ({ message: printParseErrorCode(e.error), offset: e.offset })),
  };
}

function fromJson(node: JsonNode, depth: number): DocNode | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const start = node.offset;
  const end = node.offset + node.length;
  if (node.type === 'object') {
    const entries: DocEntry[] = [];
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (!k) continue;
      entries.push({ key: String(k.value), keyStart: k.offset, keyEnd: k.offset + k.length, value: v ? fromJson(v, depth + 1) : undefined });
    }
    return { kind: 'map', start, end, entries };
  }
  if (node.type === 'array') {
    const items: DocNode[] = [];
    for (const c of node.children ?? []) {
      const child = fromJson(c, depth + 1);
      if (child) items.push(child);
    }
    return { kind: 'seq', start, end, items };
  }
  const v: unknown = node.value;
  return { kind: 'scalar', start, end, value: v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null };
}

// ---------------------------------------------------------------------------------------------
// Helpers for rules

export function entry(node: DocNode | undefined, key: string): DocEntry | undefined {
  if (!node || node.kind !== 'map') return undefined;
  for (const e of node.entries) if (e.key === key) return e;
  return undefined;
}

/** Case-insensitive key lookup (YAML authors are not always consistent). */
export function entryCi(node: DocNode | undefined, key: string): DocEntry | undefined {
  if (!node || node.kind !== 'map') return undefined;
  const k = key.toLowerCase();
  for (const e of node.entries) if (e.key.toLowerCase() === k) return e;
  return undefined;
}

export function get(node: DocNode | undefined, ...keys: string[]): DocNode | undefined {
  let cur = node;
  for (const k of keys) {
    cur = entry(cur, k)?.value;
    if (!cur) return undefined;
  }
  return cur;
}

export function scalar(node: DocNode | undefined): string | undefined {
  if (!node || node.kind !== 'scalar' || node.value === null) return undefined;
  return String(node.value);
}

export function boolOf(node: DocNode | undefined): boolean | undefined {
  const s = scalar(node)?.toLowerCase();
  if (s === 'true' || s === 'yes' || s === 'on') return true;
  if (s === 'false' || s === 'no' || s === 'off') return false;
  return undefined;
}

export function items(node: DocNode | undefined): DocNode[] {
  return node && node.kind === 'seq' ? node.items : [];
}

/** Scalars of a node that may be a single value or a list of values. */
export function scalarList(node: DocNode | undefined): string[] {
  if (!node) return [];
  if (node.kind === 'scalar') return node.value === null ? [] : [String(node.value)];
  if (node.kind === 'seq') return node.items.map(scalar).filter((s): s is string => s !== undefined);
  return [];
}

/** A plain-data copy (for signatures and comparisons), bounded in depth and size. */
export function toPlain(node: DocNode | undefined, depth = 0): unknown {
  if (!node || depth > 40) return null;
  if (node.kind === 'scalar') return node.tag ? `${node.tag} ${String(node.value)}` : node.value;
  if (node.kind === 'seq') return node.items.slice(0, 1000).map((n) => toPlain(n, depth + 1));
  const o: Record<string, unknown> = {};
  for (const e of node.entries.slice(0, 1000)) o[e.key] = toPlain(e.value, depth + 1);
  return o;
}

/** Visits every map in a document, depth first, bounded. */
export function walkMaps(node: DocNode | undefined, fn: (m: DocMap, path: string[]) => void, path: string[] = [], budget = { n: 200_000 }): void {
  if (!node || budget.n-- <= 0 || path.length > MAX_DEPTH) return;
  if (node.kind === 'map') {
    fn(node, path);
    for (const e of node.entries) walkMaps(e.value, fn, [...path, e.key], budget);
  } else if (node.kind === 'seq') {
    node.items.forEach((it, i) => walkMaps(it, fn, [...path, String(i)], budget));
  }
}
