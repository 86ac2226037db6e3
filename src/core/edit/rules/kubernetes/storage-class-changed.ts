import { defineRule, prodContext } from '../helpers';
import { changedScalars, K8S_FILES, span } from './helpers';

export const storageClassChanged = defineRule({
  id: 'KUB002',
  name: 'storage-class-changed',
  category: 'kubernetes',
  severity: 'high',
  files: K8S_FILES,
  summary: 'The storage class of an existing claim or volume template changes.',
  rationale: 'storageClassName is immutable on a PersistentVolumeClaim. Changing it forces the claim (and, with Delete reclaim, its disk) to be deleted and recreated empty; StatefulSet volume templates cannot be updated in place at all.',
  alternative: 'Create a new claim in the new class, copy the data across (e.g. with a migration job or a snapshot), then switch the workload over.',
  examples: {
    fire: [{ path: 'k8s/pvc.yaml', before: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  storageClassName: gp2\n', after: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  storageClassName: gp3\n' }],
    pass: [{ path: 'k8s/pvc.yaml', before: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  storageClassName: gp2\n', after: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  labels:\n    app: db\nspec:\n  storageClassName: gp2\n' }],
  },
  check(view) {
    return changedScalars(view, ['storageClassName', 'storageClass']).map((c) => ({
      severity: (c.kind === 'PersistentVolumeClaim' || c.kind === 'StatefulSet' ? 'high' : 'medium'),
      message: `${c.what}: storage class ${c.was} → ${c.now}; the claim must be recreated and its data does not follow`,
      afterSpan: span(c.node),
      context: prodContext(view),
    }));
  },
});
