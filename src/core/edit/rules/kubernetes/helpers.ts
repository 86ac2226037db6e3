/**
 * What several kubernetes rules share.
 */
import { type DocMap, type DocNode, get, items, scalar, walkMaps } from '../../../parsers/tree';
import type { FileView, Side } from '../../view';

export const K8S_FILES = ['**/*.yaml', '**/*.yml', '**/*.json'];

export interface K8sObject {
  kind: string;
  name: string;
  namespace: string;
  id: string;
  node: DocMap;
}

export function k8sObjects(view: FileView, side: Side): Map<string, K8sObject> {
  return view.memo(`k8s:${side}`, () => {
    const out = new Map<string, K8sObject>();
    if (!view.text(side).includes('kind')) return out;
    const visit = (doc: DocNode | undefined, depth: number): void => {
      if (!doc || doc.kind !== 'map' || depth > 3) return;
      const kind = scalar(get(doc, 'kind'));
      const api = scalar(get(doc, 'apiVersion'));
      if (!kind || !api) return;
      if (kind.endsWith('List')) {
        for (const it of items(get(doc, 'items'))) visit(it, depth + 1);
        return;
      }
      const name = scalar(get(doc, 'metadata', 'name')) ?? scalar(get(doc, 'metadata', 'generateName')) ?? '';
      const namespace = scalar(get(doc, 'metadata', 'namespace')) ?? '';
      const id = `${kind}/${namespace}/${name}`;
      out.set(id, { kind, name, namespace, id, node: doc });
    };
    for (const d of view.docs(side).docs) visit(d, 0);
    return out;
  });
}

/** A plain-YAML file with no `kind` at the top: Helm values and similar configuration. */
function isValuesFile(view: FileView): boolean {
  return /(^|\/)values[^/]*\.ya?ml$/.test(view.lowerPath) || view.lowerPath.includes('/helm/') || view.lowerPath.includes('/charts/');
}

/** Scalars by dotted key path for documents without kind (Helm values). */
function valuesScalars(view: FileView, side: Side): Map<string, DocNode> {
  return view.memo(`values:${side}`, () => {
    const out = new Map<string, DocNode>();
    view.docs(side).docs.forEach((doc, i) => {
      if (get(doc, 'kind')) return;
      walkMaps(doc, (m, path) => {
        for (const e of m.entries) if (e.value?.kind === 'scalar') out.set(`${i}:${[...path, e.key].join('.')}`, e.value);
      });
    });
    return out;
  });
}

export function span(n: { start: number; end: number }): { start: number; end: number } {
  return { start: n.start, end: n.end };
}

/** Pairs of values under a given key, matched by object identity (manifests) or by key path (values). */
export function changedScalars(view: FileView, keys: readonly string[]): { what: string; was: string; now: string; node: DocNode; kind?: string }[] {
  const out: { what: string; was: string; now: string; node: DocNode; kind?: string }[] = [];
  const b = k8sObjects(view, 'before');
  const a = k8sObjects(view, 'after');
  for (const [id, ob] of b) {
    const oa = a.get(id);
    if (!oa) continue;
    const before = new Map<string, DocNode>();
    walkMaps(ob.node, (m, path) => {
      for (const e of m.entries) if (keys.includes(e.key) && e.value?.kind === 'scalar') before.set([...path, e.key].join('.'), e.value);
    });
    walkMaps(oa.node, (m, path) => {
      for (const e of m.entries) {
        if (!keys.includes(e.key) || e.value?.kind !== 'scalar') continue;
        const p = [...path, e.key].join('.');
        const was = before.get(p);
        if (was && scalar(was) !== scalar(e.value)) out.push({ what: `${oa.kind} ${oa.name} ${p}`, was: scalar(was) ?? '', now: scalar(e.value) ?? '', node: e.value, kind: oa.kind });
      }
    });
  }
  if (isValuesFile(view)) {
    const vb = valuesScalars(view, 'before');
    for (const [p, node] of valuesScalars(view, 'after')) {
      const key = p.slice(p.lastIndexOf('.') + 1).replace(/^\d+:/, '');
      if (!keys.includes(key)) continue;
      const was = vb.get(p);
      if (was && scalar(was) !== scalar(node)) out.push({ what: `values ${p.replace(/^\d+:/, '')}`, was: scalar(was) ?? '', now: scalar(node) ?? '', node });
    }
  }
  return out;
}
