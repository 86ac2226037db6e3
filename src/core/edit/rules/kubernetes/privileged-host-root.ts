import { boolOf, type DocNode, entry, get, scalar, walkMaps } from '../../../parsers/tree';
import type { Severity } from '../../../types';
import type { EditMatch } from '../../rule';
import { changedLineIn, defineRule, prodContext } from '../helpers';
import { K8S_FILES, type K8sObject, k8sObjects, span } from './helpers';

interface PodRisk {
  privileged: boolean;
  hostRoot: boolean;
  node: DocNode;
}

function podRisks(o: K8sObject): PodRisk | undefined {
  let privileged = false;
  let hostRoot = false;
  walkMaps(o.node, (m) => {
    const sc = entry(m, 'securityContext')?.value;
    if (boolOf(get(sc, 'privileged')) === true) privileged = true;
    const hp = get(m, 'hostPath', 'path');
    if (hp && /^\/+$/.test(scalar(hp) ?? '')) hostRoot = true;
  });
  return privileged || hostRoot ? { privileged, hostRoot, node: o.node } : undefined;
}

export const privilegedHostRoot = defineRule({
  id: 'KUB006',
  name: 'privileged-host-root',
  category: 'kubernetes',
  severity: 'critical',
  files: K8S_FILES,
  summary: 'A pod becomes privileged and/or mounts the node\'s root filesystem (critical when both).',
  rationale: 'A privileged container with the host\'s `/` mounted is root on the node: it can delete anything on it and reach every other pod\'s data.',
  alternative: 'Mount only the specific host path needed, read-only, and drop privileged in favour of the exact capabilities required.',
  examples: {
    fire: [{ path: 'k8s/debug.yaml', before: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n    - name: sh\n      image: busybox\n', after: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n    - name: sh\n      image: busybox\n      securityContext:\n        privileged: true\n      volumeMounts:\n        - name: host\n          mountPath: /host\n  volumes:\n    - name: host\n      hostPath:\n        path: /\n' }],
    pass: [{ path: 'k8s/debug.yaml', before: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n    - name: sh\n      image: busybox\n', after: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\nspec:\n  containers:\n    - name: sh\n      image: busybox\n  volumes:\n    - name: logs\n      hostPath:\n        path: /var/log/app\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const b = k8sObjects(view, 'before');
    for (const o of k8sObjects(view, 'after').values()) {
      const r = podRisks(o);
      if (!r) continue;
      const ob = b.get(o.id);
      const was = ob ? podRisks(ob) : undefined;
      const privileged = r.privileged && !was?.privileged;
      const hostRoot = r.hostRoot && !was?.hostRoot;
      if (!privileged && !hostRoot) continue;
      const both = r.privileged && r.hostRoot;
      const sev: Severity = both ? 'critical' : r.hostRoot ? 'high' : 'medium';
      out.push({ severity: sev, message: `${o.kind} ${o.name}: ${both ? 'privileged with the node\'s / mounted' : r.hostRoot ? 'mounts the node\'s / filesystem' : 'runs privileged'}`, afterSpan: changedLineIn(view, span(o.node), privileged ? 'privileged' : 'hostPath'), context: prodContext(view) });
    }
    return out;
  },
});
