import { defineRule, prodContext } from '../helpers';
import { changedScalars, K8S_FILES, span } from './helpers';

export const reclaimPolicyDelete = defineRule({
  id: 'KUB001',
  name: 'reclaim-policy-delete',
  category: 'kubernetes',
  severity: 'high',
  files: K8S_FILES,
  summary: 'A volume\'s reclaim policy changes from Retain to Delete.',
  rationale: 'With Retain, deleting a claim leaves the disk behind; with Delete, the cloud disk and its data are destroyed as soon as the claim goes, including when a namespace is pruned.',
  alternative: 'Keep persistentVolumeReclaimPolicy / reclaimPolicy: Retain for volumes that hold data.',
  examples: {
    fire: [{ path: 'k8s/pv.yaml', before: 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pg-data\nspec:\n  persistentVolumeReclaimPolicy: Retain\n', after: 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pg-data\nspec:\n  persistentVolumeReclaimPolicy: Delete\n' }],
    pass: [{ path: 'k8s/pv.yaml', before: 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pg-data\nspec:\n  persistentVolumeReclaimPolicy: Delete\n', after: 'apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pg-data\nspec:\n  persistentVolumeReclaimPolicy: Retain\n' }],
  },
  check(view) {
    return changedScalars(view, ['persistentVolumeReclaimPolicy', 'reclaimPolicy'])
      .filter((c) => c.now === 'Delete' && c.was !== 'Delete')
      .map((c) => ({ message: `${c.what}: ${c.was} → Delete; deleting the claim now destroys the disk and its data`, afterSpan: span(c.node), context: prodContext(view) }));
  },
});
