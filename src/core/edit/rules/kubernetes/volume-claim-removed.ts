import { get, scalar } from '../../../parsers/tree';
import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { K8S_FILES, k8sObjects, span } from './helpers';

export const volumeClaimRemoved = defineRule({
  id: 'KUB007',
  name: 'volume-claim-removed',
  category: 'kubernetes',
  severity: 'high',
  files: K8S_FILES,
  summary: 'A PersistentVolumeClaim or PersistentVolume is removed from the manifests.',
  rationale: 'When the manifests are applied with pruning (or the claim is deleted), a claim bound to a Delete-policy volume takes the disk and its data with it.',
  alternative: 'Set the volume\'s reclaim policy to Retain first, then remove the claim; or keep the claim until its data is migrated.',
  examples: {
    fire: [{ path: 'k8s/db.yaml', before: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: pg\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: pg\n', after: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: pg\n' }],
    pass: [{ path: 'k8s/db.yaml', before: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pg\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: pg\n', after: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: pg\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const a = k8sObjects(view, 'after');
    const elsewhere = view.ctx.batch?.afterTexts ?? [];
    for (const o of k8sObjects(view, 'before').values()) {
      if ((o.kind !== 'PersistentVolumeClaim' && o.kind !== 'PersistentVolume') || a.has(o.id)) continue;
      if (o.kind === 'PersistentVolume' && scalar(get(o.node, 'spec', 'persistentVolumeReclaimPolicy')) === 'Retain') continue;
      if (elsewhere.some((t) => t !== view.after && t.includes(`kind: ${o.kind}`) && t.includes(`name: ${o.name}`))) continue;
      out.push({ message: `${o.kind} ${o.name} removed; applying with prune deletes it and, with Delete reclaim, its disk`, beforeSpan: span(o.node), context: prodContext(view) });
    }
    return out;
  },
});
