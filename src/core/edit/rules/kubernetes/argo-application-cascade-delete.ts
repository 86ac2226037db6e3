import { boolOf, get, scalarList } from '../../../parsers/tree';
import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { K8S_FILES, k8sObjects, span } from './helpers';

export const argoApplicationCascadeDelete = defineRule({
  id: 'KUB004',
  name: 'argo-application-cascade-delete',
  category: 'kubernetes',
  severity: 'critical',
  files: K8S_FILES,
  summary: 'An Argo CD Application with the resources finalizer is removed, or auto-prune is switched on.',
  rationale: 'Deleting an Application that carries `resources-finalizer.argocd.argoproj.io` makes Argo CD delete every resource it deployed. Turning on automated prune means anything missing from Git is deleted from the cluster on the next sync.',
  alternative: 'Remove the finalizer first (so the Application is deleted without its resources), or keep prune off until the manifests are confirmed complete.',
  examples: {
    fire: [{ path: 'argocd/apps.yaml', before: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: billing\n  finalizers:\n    - resources-finalizer.argocd.argoproj.io\nspec:\n  project: default\n', after: '' }],
    pass: [{ path: 'argocd/apps.yaml', before: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: billing\nspec:\n  project: default\n', after: '' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const a = k8sObjects(view, 'after');
    const b = k8sObjects(view, 'before');
    for (const o of b.values()) {
      if (o.kind !== 'Application' && o.kind !== 'ApplicationSet') continue;
      const fin = scalarList(get(o.node, 'metadata', 'finalizers')).some((f) => f.startsWith('resources-finalizer.argocd.argoproj.io'));
      if (!a.has(o.id) && fin) out.push({ message: `Argo CD ${o.kind} ${o.name} removed with its resources finalizer; Argo CD will delete everything it deployed`, beforeSpan: span(o.node), context: prodContext(view) });
    }
    for (const o of a.values()) {
      if (o.kind !== 'Application' && o.kind !== 'ApplicationSet') continue;
      const pruneNode = get(o.node, 'spec', 'syncPolicy', 'automated', 'prune') ?? get(o.node, 'spec', 'template', 'spec', 'syncPolicy', 'automated', 'prune');
      if (boolOf(pruneNode) !== true) continue;
      const ob = b.get(o.id);
      const was = ob ? boolOf(get(ob.node, 'spec', 'syncPolicy', 'automated', 'prune') ?? get(ob.node, 'spec', 'template', 'spec', 'syncPolicy', 'automated', 'prune')) : undefined;
      if (ob && was !== true) out.push({ severity: 'medium', message: `Argo CD ${o.kind} ${o.name}: automated prune switched on; resources missing from Git will be deleted on sync`, afterSpan: span(pruneNode!), context: prodContext(view) });
    }
    return out;
  },
});
