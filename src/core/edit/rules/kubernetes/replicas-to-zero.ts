import { defineRule, prodContext } from '../helpers';
import { changedScalars, K8S_FILES, span } from './helpers';

export const replicasToZero = defineRule({
  id: 'KUB005',
  name: 'replicas-to-zero',
  category: 'kubernetes',
  severity: 'low',
  files: K8S_FILES,
  summary: 'A workload is scaled to zero replicas.',
  rationale: 'Scaling to zero destroys nothing, but it takes the service down until someone scales it back.',
  alternative: 'Scale down gradually, or delete the workload deliberately if it is no longer needed.',
  examples: {
    fire: [{ path: 'k8s/api.yaml', before: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n', after: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 0\n' }],
    pass: [{ path: 'k8s/api.yaml', before: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n', after: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n' }],
  },
  check(view) {
    return changedScalars(view, ['replicas', 'replicaCount', 'minReplicas'])
      .filter((c) => Number(c.now) === 0 && Number(c.was) > 0)
      .map((c) => ({ message: `${c.what}: ${c.was} → 0; the workload stops serving`, afterSpan: span(c.node), context: prodContext(view) }));
  },
});
