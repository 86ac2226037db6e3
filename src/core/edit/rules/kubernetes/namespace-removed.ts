import { boolOf, type DocNode, get, items, scalar } from '../../../parsers/tree';
import type { EditMatch } from '../../rule';
import type { FileView, Side } from '../../view';
import { defineRule, prodContext } from '../helpers';
import { K8S_FILES, k8sObjects, span } from './helpers';

/** Argo CD / Flux evidence that removed objects get deleted from the cluster. */
function pruneEvident(view: FileView): boolean {
  if (view.ctx.batch?.pruneEnabled) return true;
  for (const side of ['before', 'after'] as const) {
    for (const o of k8sObjects(view, side).values()) {
      if (boolOf(get(o.node, 'spec', 'syncPolicy', 'automated', 'prune')) === true) return true;
      if (boolOf(get(o.node, 'spec', 'prune')) === true) return true;
    }
  }
  return /\bprune:\s*true\b/.test(view.after) || /\bprune:\s*true\b/.test(view.before);
}

export const namespaceRemoved = defineRule({
  id: 'KUB003',
  name: 'namespace-removed',
  category: 'kubernetes',
  severity: 'critical',
  files: K8S_FILES,
  summary: 'A Namespace is removed from manifests that a GitOps controller prunes (critical with prune: true).',
  rationale: 'With Argo CD or Flux pruning, an object removed from Git is deleted from the cluster. Deleting a Namespace deletes everything inside it: workloads, secrets, claims and, with Delete reclaim, their disks.',
  alternative: 'Remove the workloads in the namespace first, in reviewed steps; or disable pruning for the namespace (`argocd.argoproj.io/sync-options: Prune=false`).',
  examples: {
    fire: [{ path: 'apps/payments/namespace.yaml', before: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: payments\nspec:\n  syncPolicy:\n    automated:\n      prune: true\n', after: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: payments\nspec:\n  syncPolicy:\n    automated:\n      prune: true\n' }],
    pass: [{ path: 'apps/payments/namespace.yaml', before: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n', after: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const a = k8sObjects(view, 'after');
    const prune = pruneEvident(view);
    const elsewhere = view.ctx.batch?.afterTexts ?? [];
    for (const o of k8sObjects(view, 'before').values()) {
      if (o.kind !== 'Namespace' || a.has(o.id)) continue;
      const re = new RegExp(`kind:\\s*Namespace[\\s\\S]{0,200}name:\\s*["']?${o.name.replace(/[^\w-]/g, '')}["']?\\s`);
      if (elsewhere.some((t) => t !== view.after && re.test(t))) continue;
      out.push({
        severity: prune ? 'critical' : 'high',
        message: `Namespace ${o.name} removed${prune ? ' under prune: true' : ''}; syncing deletes the namespace and everything in it`,
        beforeSpan: span(o.node),
        context: prodContext(view),
      });
    }
    // Kustomize: a namespace manifest dropped from resources.
    if (/(^|\/)kustomization\.ya?ml$/.test(view.lowerPath)) {
      const list = (side: Side): DocNode[] => view.docs(side).docs.flatMap((d) => items(get(d, 'resources')));
      const now = new Set(list('after').map((n) => scalar(n)));
      for (const n of list('before')) {
        const v = scalar(n);
        if (v && /namespace/i.test(v) && !now.has(v)) out.push({ severity: prune ? 'critical' : 'high', message: `kustomization no longer includes ${v}; with pruning the namespace and its contents are deleted`, beforeSpan: span(n), context: prodContext(view) });
      }
    }
    return out;
  },
});
