import { kindName } from '../../../plain-text';
import { type DocNode, get, items, parseYamlDocs, scalar } from '../../../parsers/tree';
import type { Severity } from '../../../types';
import { basename, dirname } from '../../text';
import type { BatchView } from '../../types';
import type { EditMatch } from '../../rule';
import type { FileView, Side } from '../../view';
import { defineRule, isProductionPath } from '../helpers';
import { normGitPath, prunerOf, span } from './helpers';

/** The lists of a kustomization that bring objects in. `bases` is the deprecated spelling of `resources`. */
const LISTS = ['resources', 'bases', 'components'] as const;

interface Entry {
  /** As written, normalised (`./x/` → `x`). */
  raw: string;
  /** The workspace path it points at, or the raw text for a remote target. */
  target: string;
  list: string;
  node: DocNode;
}

export const kustomizeEntryRemoved = defineRule({
  id: 'KUB008',
  name: 'kustomize-entry-removed',
  category: 'kubernetes',
  severity: 'high',
  files: ['**/kustomization.yaml', '**/kustomization.yml', '**/kustomization'],
  summary: 'A base, component, resource or Helm chart is dropped from a kustomization, so a GitOps sync with pruning deletes what it declared (high in production or where the step shows pruning).',
  rationale: 'Argo CD (automated prune) and Flux (spec.prune) delete every object that disappears from the rendered overlay. Taking `../../base/redis` out of an overlay\'s resources is, on the next sync, a delete of the Redis StatefulSet, its Service and whatever else the base declared. Moving an entry between resources, bases and components, or into another kustomization of the same step, renders the same objects and is not a removal.',
  alternative: 'Delete the workload deliberately (and check `kustomize build` before and after), or annotate objects that must survive with `argocd.argoproj.io/sync-options: Prune=false` / `kustomize.toolkit.fluxcd.io/prune: disabled` first.',
  examples: {
    fire: [
      { path: 'deploy/overlays/prod/kustomization.yaml', before: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base/api\n  - ../../base/redis\n  - ingress.yaml\n', after: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base/api\n  - ingress.yaml\n' },
      { path: 'apps/staging/kustomization.yaml', before: 'components:\n  - ../../components/monitoring\nresources:\n  - ../base\n', after: 'resources:\n  - ../base\n', step: [{ path: 'clusters/staging/apps.yaml', after: 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  path: ./apps/staging\n  prune: true\n' }] },
    ],
    pass: [
      // The deprecated `bases` spelled as `resources`: the same objects.
      { path: 'deploy/overlays/prod/kustomization.yaml', before: 'bases:\n  - ../../base/api\nresources:\n  - ingress.yaml\n', after: 'resources:\n  - ../../base/api\n  - ./ingress.yaml\n' },
      // Moved to the base that the overlay still includes.
      { path: 'deploy/overlays/prod/kustomization.yaml', before: 'resources:\n  - ../../base\n  - pdb.yaml\n', after: 'resources:\n  - ../../base\n', step: [{ path: 'deploy/base/kustomization.yaml', before: 'resources:\n  - deployment.yaml\n', after: 'resources:\n  - deployment.yaml\n  - ../overlays/prod/pdb.yaml\n' }] },
    ],
  },
  check(view) {
    if (view.status !== 'modified') return [];
    const before = entries(view, 'before');
    if (!before.length) return [];
    const after = entries(view, 'after');
    const now = new Set(after.map((e) => e.target));
    const added = after.filter((e) => !before.some((b) => b.target === e.target));
    const batch = view.ctx.batch;
    const elsewhere = batch ? listedElsewhere(batch, view.path) : new Set<string>();
    const renamed = new Set((batch?.changes ?? []).filter((c) => c.oldPath).map((c) => normGitPath(String(c.oldPath))));
    const pruner = prunerOf(view);
    const prod = isProductionPath(view.path);
    const out: EditMatch[] = [];
    for (const e of before) {
      if (now.has(e.target) || elsewhere.has(e.target) || renamed.has(e.target)) continue;
      // A namespace manifest dropped from resources is KUB003's (namespace-removed).
      if (e.list === 'resources' && /namespace/i.test(e.raw)) continue;
      const replaced = added.length > 0;
      const severity: Severity = replaced ? 'low' : pruner || prod || batch?.pruneEnabled ? 'high' : 'medium';
      const why = pruner ? `${pruner.owner} prunes ${pruner.path || 'the repository'}` : prod ? 'a production overlay' : 'a sync with pruning';
      out.push({
        severity,
        message: replaced
          ? `${e.list} no longer includes ${e.raw} (now ${added.map((a) => a.raw).slice(0, 3).join(', ')}); whatever ${e.raw} declared and the new entry does not is deleted on sync`
          : `${e.list} no longer includes ${e.raw}; ${why}: the next sync deletes everything it declared from the cluster`,
        beforeSpan: span(e.node),
        context: prod ? { scope: ['production'] } : undefined,
      });
    }
    return out;
  },
});

function entries(view: FileView, side: Side): Entry[] {
  return view.memo(`kustomize:entries:${side}`, () => entriesOf(view.docs(side).docs, view.dir));
}

function entriesOf(docs: DocNode[], folder: string): Entry[] {
  const out: Entry[] = [];
  for (const d of docs) {
    for (const list of LISTS) {
      for (const n of items(get(d, list))) {
        const v = scalar(n);
        if (v) out.push({ raw: normGitPath(v), target: resolve(folder, v), list, node: n });
      }
    }
    for (const n of items(get(d, 'helmCharts'))) {
      const name = scalar(get(n, 'name'));
      if (name) out.push({ raw: `Helm ${kindName('chart', name)}`, target: `helm:${name}:${scalar(get(n, 'releaseName')) ?? ''}`, list: 'helmCharts', node: n });
    }
  }
  return out;
}

/** A local entry as a workspace path (`deploy/base/redis`); a remote one as written. */
function resolve(folder: string, entry: string): string {
  const e = entry.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(e) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(e) || e.includes('?ref=') || e.startsWith('/')) return e;
  const parts = folder ? folder.split('/') : [];
  for (const seg of e.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

const listedCache = new WeakMap<BatchView, Map<string, Set<string>>>();
const MAX_KUSTOMIZATIONS = 500;

/** Targets the step's other kustomizations list after the change (moved there, not removed). */
function listedElsewhere(batch: BatchView, self: string): Set<string> {
  let all = listedCache.get(batch);
  if (!all) {
    all = new Map();
    let n = 0;
    for (const c of batch.changes) {
      const path = normGitPath(String(c.path));
      if (typeof c.after !== 'string' || !/^kustomization(\.ya?ml)?$/i.test(basename(path)) || c.after.length > 1024 * 1024) continue;
      if (++n > MAX_KUSTOMIZATIONS) break;
      all.set(path, new Set(entriesOf(parseYamlDocs(c.after).docs, dirname(path)).map((e) => e.target)));
    }
    listedCache.set(batch, all);
  }
  const out = new Set<string>();
  for (const [path, targets] of all) if (path !== self) for (const t of targets) out.add(t);
  return out;
}
