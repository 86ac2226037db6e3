import { kindName } from '../../../plain-text';
import { boolOf, type DocNode, get, items, scalar } from '../../../parsers/tree';
import type { EditMatch } from '../../rule';
import type { FileView } from '../../view';
import { changedLineIn, defineRule } from '../helpers';
import { apiOf, argoPrunes, isFluxKustomization, K8S_FILES, type K8sObject, k8sObjects, normGitPath, productionObject, span, underPath } from './helpers';

interface Source {
  key: string;
  label: string;
  node: DocNode;
}

/**
 * A controller that prunes deletes whatever its source stops rendering. Pointing an Argo CD
 * Application (automated prune) or a Flux Kustomization (prune: true) at another path, dropping
 * one of an Application's sources, switching directory recursion off or moving it to another
 * namespace all make objects it deployed disappear from the desired state.
 */
export const syncedSourceChanged = defineRule({
  id: 'KUB010',
  name: 'synced-source-changed',
  category: 'kubernetes',
  severity: 'high',
  files: K8S_FILES,
  summary: 'An Argo CD Application with automated prune, or a Flux Kustomization with prune: true, loses a source, a path, directory recursion or its namespace, so the next sync deletes what only the old source declared (high in production).',
  rationale: 'With pruning on, the controller deletes every object it deployed that the new desired state does not contain. A new path that lacks some manifests, a removed entry in `spec.sources`, `directory.recurse: false` or another target namespace is, on the next sync, a delete of those objects.',
  alternative: 'Move the manifests in the same change (so the new path renders the same objects), or switch automated prune off for the sync that changes the source and check the diff Argo CD or `flux diff kustomization` shows.',
  examples: {
    fire: [
      { path: 'argocd/apps/payments.yaml', before: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: payments\nspec:\n  source:\n    repoURL: https://git.example.com/deploy.git\n    path: apps/payments/prod\n  syncPolicy:\n    automated:\n      prune: true\n', after: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: payments\nspec:\n  source:\n    repoURL: https://git.example.com/deploy.git\n    path: apps/payments-v2/prod\n  syncPolicy:\n    automated:\n      prune: true\n' },
      { path: 'clusters/prod/infra.yaml', before: 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: infra\nspec:\n  path: ./infrastructure/prod\n  prune: true\n  targetNamespace: infra\n', after: 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: infra\nspec:\n  path: ./infrastructure/prod\n  prune: true\n  targetNamespace: platform\n' },
    ],
    pass: [
      // Without prune, objects the new path lacks are left running (OutOfSync), not deleted.
      { path: 'argocd/apps/payments.yaml', before: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: payments\nspec:\n  source:\n    path: apps/payments/prod\n  syncPolicy:\n    automated:\n      selfHeal: true\n', after: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: payments\nspec:\n  source:\n    path: apps/payments-v2/prod\n  syncPolicy:\n    automated:\n      selfHeal: true\n' },
      // The manifests move with the path in the same step.
      { path: 'argocd/apps/payments.yaml', before: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: payments\nspec:\n  source:\n    path: apps/payments/prod\n  syncPolicy:\n    automated:\n      prune: true\n', after: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: payments\nspec:\n  source:\n    path: apps/payments-v2/prod\n  syncPolicy:\n    automated:\n      prune: true\n', step: [{ path: 'apps/payments-v2/prod/deployment.yaml', before: 'kind: Deployment\n', after: 'kind: Deployment\n' }] },
    ],
  },
  check(view) {
    const out: EditMatch[] = [];
    const b = k8sObjects(view, 'before');
    for (const oa of k8sObjects(view, 'after').values()) {
      const ob = b.get(oa.id);
      if (!ob) continue;
      const argo = oa.kind === 'Application' && argoPrunes(oa) && argoPrunes(ob);
      const flux = isFluxKustomization(oa, apiOf(oa)) && boolOf(get(oa.node, 'spec', 'prune')) === true && boolOf(get(ob.node, 'spec', 'prune')) === true;
      if (!argo && !flux) continue;
      const who = argo ? `Argo CD Application ${oa.name}` : `Flux Kustomization ${oa.name}`;
      const prod = productionObject(view, oa, oa.name) || sourcesOf(ob, argo).some((s) => productionObject(view, undefined, s.key));
      const severity = prod ? 'high' : 'medium';
      const report = (what: string, node: DocNode): void => {
        out.push({ severity, message: `${who} (prune on): ${what}; the next sync deletes what only the old source declared`, afterSpan: changedLineIn(view, span(node)), context: prod ? { scope: ['production'] } : undefined });
      };
      // Sources: by repository, path and chart. A path that the step moves files into renders the same objects.
      const now = sourcesOf(oa, argo);
      const nowKeys = new Set(now.map((s) => s.key));
      const lost = sourcesOf(ob, argo).filter((s) => !nowKeys.has(s.key));
      for (const s of lost) {
        const replacement = now.find((n) => !sourcesOf(ob, argo).some((o) => o.key === n.key));
        if (replacement && movedInStep(view, replacement)) continue;
        report(replacement ? `source ${s.label} → ${replacement.label}` : `source ${s.label} removed`, replacement?.node ?? get(oa.node, 'spec') ?? oa.node);
      }
      if (argo) {
        const rb = boolOf(get(ob.node, 'spec', 'source', 'directory', 'recurse'));
        const ra = get(oa.node, 'spec', 'source', 'directory', 'recurse');
        if (rb === true && boolOf(ra) !== true) report('directory recursion switched off; manifests in sub-folders stop rendering', ra ?? oa.node);
      }
      const nsPath = argo ? ['spec', 'destination', 'namespace'] : ['spec', 'targetNamespace'];
      const nb = scalar(get(ob.node, ...nsPath));
      const naNode = get(oa.node, ...nsPath);
      const na = scalar(naNode);
      if (nb && na && nb !== na) report(`${kindName('namespace', nb)} → ${na}; what it deployed in ${nb} is pruned`, naNode!);
    }
    return out;
  },
});

function sourcesOf(o: K8sObject, argo: boolean): Source[] {
  const out: Source[] = [];
  if (!argo) {
    const p = scalar(get(o.node, 'spec', 'path'));
    const node = get(o.node, 'spec', 'path');
    if (p !== undefined && node) out.push({ key: `path:${normGitPath(p)}`, label: normGitPath(p) || '.', node });
    return out;
  }
  const spec = get(o.node, 'spec');
  for (const src of [get(spec, 'source'), ...items(get(spec, 'sources'))]) {
    if (!src) continue;
    const repo = scalar(get(src, 'repoURL')) ?? '';
    const path = scalar(get(src, 'path'));
    const chart = scalar(get(src, 'chart'));
    // A source with only `ref` supplies values files to the others; it renders no objects itself.
    if (path === undefined && chart === undefined) continue;
    const label = chart ? `${kindName('chart', chart)}` : normGitPath(path ?? '') || '.';
    out.push({ key: `${repo}|${chart ? `chart:${chart}` : `path:${normGitPath(path ?? '')}`}`, label, node: src });
  }
  return out;
}

/** The step writes files under the new path (moving the manifests along). */
function movedInStep(view: FileView, s: Source): boolean {
  const m = /path:(.*)$/.exec(s.key);
  if (!m) return false;
  const root = m[1];
  return (view.ctx.batch?.changes ?? []).some((c) => typeof c.after === 'string' && underPath(normGitPath(String(c.path)), root) && root !== '');
}
