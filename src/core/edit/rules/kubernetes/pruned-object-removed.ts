import { boolOf, get, scalar } from '../../../parsers/tree';
import type { Severity } from '../../../types';
import type { EditMatch } from '../../rule';
import { dirname } from '../../text';
import { defineRule } from '../helpers';
import { apiOf, declaredElsewhere, isFluxKustomization, K8S_FILES, type K8sObject, k8sObjects, productionObject, pruneDisabled, prunerOf, span } from './helpers';

/** Kinds other rules already speak for when they leave Git. */
const OWN_RULE = new Set(['Namespace', 'PersistentVolumeClaim', 'PersistentVolume', 'Application', 'ApplicationSet']);

/**
 * Objects that leave Git where a controller prunes them: a manifest deleted (or an object taken
 * out of one) under the path of an Argo CD Application with automated prune or of a Flux
 * Kustomization with prune, shown in the same step. Also, wherever it lives, a Flux
 * Kustomization with prune (Flux deletes everything it applied when it goes) and a Flux
 * HelmRelease (the helm-controller uninstalls the release).
 */
export const prunedObjectRemoved = defineRule({
  id: 'KUB011',
  name: 'pruned-object-removed',
  category: 'kubernetes',
  severity: 'critical',
  files: K8S_FILES,
  summary: 'An object leaves Git where a GitOps controller prunes it (a manifest deleted under an Argo CD or Flux path with pruning), or a Flux Kustomization or HelmRelease is removed, so the cluster loses it on the next sync.',
  rationale: 'With Argo CD automated prune or Flux `prune: true`, Git is the list of what may exist: a manifest deleted from the synced path is deleted from the cluster. Removing a Flux Kustomization that prunes deletes every object it applied, and removing a HelmRelease makes the helm-controller uninstall the release. A CustomResourceDefinition takes every resource of its kind with it.',
  alternative: 'Annotate the object with `argocd.argoproj.io/sync-options: Prune=false` or `kustomize.toolkit.fluxcd.io/prune: disabled` first, set `spec.suspend: true` (Flux) before removing it, or delete it deliberately after checking what depends on it.',
  examples: {
    fire: [
      { path: 'apps/prod/redis.yaml', before: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: redis\nspec:\n  serviceName: redis\n', after: undefined, step: [{ path: 'argocd/prod.yaml', before: '', after: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: prod\nspec:\n  source:\n    path: apps/prod\n  syncPolicy:\n    automated:\n      prune: true\n' }] },
      { path: 'clusters/prod/apps.yaml', before: 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\nspec:\n  path: ./apps/prod\n  prune: true\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: infra\n  namespace: flux-system\nspec:\n  path: ./infra/prod\n  prune: true\n', after: 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: infra\n  namespace: flux-system\nspec:\n  path: ./infra/prod\n  prune: true\n' },
    ],
    pass: [
      // The same file deleted where nothing in the step prunes it.
      { path: 'apps/prod/redis.yaml', before: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: redis\n', after: undefined },
      // Pruning switched off for the object first.
      { path: 'apps/prod/redis.yaml', before: 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: redis\n  annotations:\n    argocd.argoproj.io/sync-options: Prune=false\n', after: undefined, step: [{ path: 'argocd/prod.yaml', after: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: prod\nspec:\n  source:\n    path: apps/prod\n  syncPolicy:\n    automated:\n      prune: true\n' }] },
      // A Flux Kustomization that orphans its objects when it goes.
      { path: 'clusters/prod/apps.yaml', before: 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\nspec:\n  path: ./apps/prod\n  prune: true\n  deletionPolicy: Orphan\n', after: '' },
    ],
  },
  check(view) {
    const out: EditMatch[] = [];
    const a = k8sObjects(view, 'after');
    const pruner = prunerOf(view);
    // In a kustomize folder, objects come from the kustomization's lists: dropping the entry is
    // KUB008's, and a file deleted while still listed breaks the build rather than pruning.
    const kustomizedHere = (view.ctx.kustomizeFolders ?? []).includes(view.dir) || (view.ctx.batch?.changes ?? []).some((c) => /(^|[\\/])kustomization(\.ya?ml)?$/i.test(String(c.path)) && dirname(String(c.path).replace(/\\/g, '/').replace(/^\.\//, '')) === view.dir);
    for (const o of k8sObjects(view, 'before').values()) {
      if (a.has(o.id) || OWN_RULE.has(o.kind) || pruneDisabled(o) || declaredElsewhere(view, o.kind, o.name)) continue;
      const api = apiOf(o) ?? '';
      const prod = productionObject(view, o, o.name);
      if (isFluxKustomization(o, api)) {
        const spec = get(o.node, 'spec');
        if (boolOf(get(spec, 'prune')) !== true || boolOf(get(spec, 'suspend')) === true || scalar(get(spec, 'deletionPolicy')) === 'Orphan') continue;
        out.push({ severity: 'critical', message: `Flux Kustomization ${o.name} (prune: true) removed; Flux deletes every object it applied from ${scalar(get(spec, 'path')) ?? 'its path'}`, beforeSpan: span(o.node), context: prod ? { scope: ['production'] } : undefined });
        continue;
      }
      if (o.kind === 'HelmRelease' && api.startsWith('helm.toolkit.fluxcd.io')) {
        if (boolOf(get(o.node, 'spec', 'suspend')) === true) continue;
        const sev: Severity = pruner || view.ctx.batch?.pruneEnabled || prod ? 'high' : 'medium';
        out.push({ severity: sev, message: `Flux HelmRelease ${o.name} removed; when Flux prunes it, the helm-controller uninstalls the release and everything in it`, beforeSpan: span(o.node), context: prod ? { scope: ['production'] } : undefined });
        continue;
      }
      if (!pruner || kustomizedHere) continue;
      const severity = severityOf(o, prod);
      out.push({
        severity,
        message: `${o.kind} ${o.name} ${view.status === 'deleted' ? 'deleted from' : 'removed from'} ${pruner.path || 'the repository'}, which ${pruner.owner} syncs with prune; the next sync deletes it from the cluster${o.kind === 'CustomResourceDefinition' ? ' together with every resource of that kind' : ''}`,
        beforeSpan: span(o.node),
        context: prod ? { scope: ['production'] } : undefined,
      });
    }
    return out;
  },
});

function severityOf(o: K8sObject, prod: boolean): Severity {
  if (o.kind === 'CustomResourceDefinition') return 'critical';
  if (o.kind === 'StatefulSet') return 'high';
  return prod ? 'high' : 'medium';
}
