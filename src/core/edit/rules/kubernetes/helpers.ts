/**
 * What several kubernetes rules share.
 */
import { type DocMap, type DocNode, get, items, scalar, walkMaps } from '../../../parsers/tree';
import { argoPrunesNode, mayDeclarePruner, type PrunedPath, prunedPathsOfNode, prunersInYaml, underPath } from '../../gitops';
import { looksProduction } from '../../../shell/cli-args';
import type { BatchView } from '../../types';
import type { FileView, Side } from '../../view';
import { isProductionPath } from '../helpers';

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
export function changedScalars(view: FileView, keys: readonly string[]): { what: string; was: string; now: string; node: DocNode; kind?: string; key: string; namespace?: string }[] {
  const out: { what: string; was: string; now: string; node: DocNode; kind?: string; key: string; namespace?: string }[] = [];
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
        if (was && scalar(was) !== scalar(e.value)) out.push({ what: `${oa.kind} ${oa.name} ${p}`, was: scalar(was) ?? '', now: scalar(e.value) ?? '', node: e.value, kind: oa.kind, key: e.key, namespace: oa.namespace });
      }
    });
  }
  if (isValuesFile(view)) {
    const vb = valuesScalars(view, 'before');
    for (const [p, node] of valuesScalars(view, 'after')) {
      const key = p.slice(p.lastIndexOf('.') + 1).replace(/^\d+:/, '');
      if (!keys.includes(key)) continue;
      const was = vb.get(p);
      if (was && scalar(was) !== scalar(node)) out.push({ what: `values ${p.replace(/^\d+:/, '')}`, was: scalar(was) ?? '', now: scalar(node) ?? '', node, key });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// GitOps: what a controller deletes when Git loses it

export { normGitPath, type PrunedPath, underPath } from '../../gitops';

/** Argo CD: `spec.syncPolicy.automated.prune` (in an Application, or an ApplicationSet's template). */
export function argoPrunes(o: K8sObject): boolean {
  return argoPrunesNode(o.node);
}

export function isFluxKustomization(o: K8sObject, api: string | undefined): boolean {
  return o.kind === 'Kustomization' && (api ?? '').startsWith('kustomize.toolkit.fluxcd.io');
}

export function apiOf(o: K8sObject): string | undefined {
  return scalar(get(o.node, 'apiVersion'));
}

/** The paths an Argo CD Application (each of its sources) or a Flux Kustomization syncs, when it prunes. */
export function prunedPathsOf(o: K8sObject): PrunedPath[] {
  return prunedPathsOfNode(o.node);
}

const prunedCache = new WeakMap<BatchView, PrunedPath[]>();
const MAX_PRUNE_FILES = 500;

/** Every pruned path the step's YAML files declare (after the change). */
export function prunedPaths(batch: BatchView | undefined): PrunedPath[] {
  if (!batch) return [];
  let hit = prunedCache.get(batch);
  if (hit) return hit;
  hit = [];
  let files = 0;
  for (const c of batch.changes) {
    if (typeof c.after !== 'string' || !/\.ya?ml$/i.test(String(c.path)) || c.after.length > 2 * 1024 * 1024 || !mayDeclarePruner(c.after)) continue;
    if (++files > MAX_PRUNE_FILES) break;
    hit.push(...prunersInYaml(c.after));
  }
  prunedCache.set(batch, hit);
  return hit;
}

/**
 * Who would prune this file's objects: a controller in the step (or in the file itself) whose
 * path holds it, or one the workspace declares (handed in by the adapter). A workspace controller
 * that syncs the repository root is not taken: its repository may well be another one.
 */
export function prunerOf(view: FileView): PrunedPath | undefined {
  return view.memo('k8s:pruner', () => {
    const own: PrunedPath[] = [];
    for (const side of ['before', 'after'] as const) for (const o of k8sObjects(view, side).values()) own.push(...prunedPathsOf(o));
    const holds = (p: PrunedPath): boolean => underPath(view.path, p.path) || underPath(view.dir, p.path);
    return [...own, ...prunedPaths(view.ctx.batch)].find(holds) ?? (view.ctx.gitopsPruners ?? []).slice(0, MAX_WORKSPACE_PRUNERS).find((p) => p.path !== '' && holds(p));
  });
}

const MAX_WORKSPACE_PRUNERS = 2_000;

/** Per-object opt-outs: Argo CD `Prune=false` and Flux `kustomize.toolkit.fluxcd.io/prune: disabled`. */
export function pruneDisabled(o: K8sObject): boolean {
  const ann = get(o.node, 'metadata', 'annotations');
  const argo = scalar(get(ann, 'argocd.argoproj.io/sync-options')) ?? '';
  const flux = scalar(get(ann, 'kustomize.toolkit.fluxcd.io/prune')) ?? '';
  return /\bPrune=false\b/.test(argo) || flux.toLowerCase() === 'disabled';
}

/** The same object (kind and name) declared in another file of the step: moved, not removed. */
export function declaredElsewhere(view: FileView, kind: string, name: string): boolean {
  const texts = view.ctx.batch?.afterTexts ?? [];
  if (!texts.length || !name) return false;
  const k = new RegExp(`\\bkind:\\s*["']?${escape(kind)}["']?\\s`);
  const n = new RegExp(`\\bname:\\s*["']?${escape(name)}["']?\\s`);
  return texts.some((t) => t !== view.after && k.test(t) && n.test(t));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Production by path (`overlays/prod/`, `values-prod.yaml`) or by the object's namespace or name. */
export function productionObject(view: FileView, o?: K8sObject, ...names: (string | undefined)[]): boolean {
  if (isProductionPath(view.path)) return true;
  return looksProduction(o?.namespace) || names.some((n) => looksProduction(n));
}

