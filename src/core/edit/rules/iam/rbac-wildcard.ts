import { get, items, scalarList } from '../../../parsers/tree';
import type { Span } from '../../../types';
import type { FileView, Side } from '../../view';
import { defineRule, prodContext } from '../helpers';
import { k8sObjects } from '../kubernetes/helpers';

interface RbacRule {
  id: string;
  sig: string;
  all: boolean;
  span: Span;
}

function rbacWildcards(view: FileView, side: Side): RbacRule[] {
  const out: RbacRule[] = [];
  for (const o of k8sObjects(view, side).values()) {
    if (o.kind !== 'Role' && o.kind !== 'ClusterRole') continue;
    for (const r of items(get(o.node, 'rules'))) {
      const verbs = scalarList(get(r, 'verbs'));
      const resources = scalarList(get(r, 'resources'));
      const groups = scalarList(get(r, 'apiGroups'));
      if (!verbs.includes('*') || !resources.includes('*')) continue;
      out.push({ id: o.id, sig: `${o.id}|${groups.join(',')}`, all: groups.includes('*'), span: { start: r.start, end: r.end } });
    }
  }
  return out;
}

export const rbacWildcard = defineRule({
  id: 'POL006',
  name: 'rbac-wildcard',
  category: 'iam',
  severity: 'critical',
  files: ['**/*.yaml', '**/*.yml', '**/*.json'],
  summary: 'A Kubernetes Role or ClusterRole allows every verb on every resource (critical when also every API group).',
  rationale: 'verbs ["*"] on resources ["*"] is cluster-admin under another name: whoever holds it can delete namespaces, volumes and secrets.',
  alternative: 'List the verbs and resources needed (get, list, watch on the specific kinds).',
  examples: {
    fire: [{ path: 'rbac/ops.yaml', before: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ops\nrules:\n  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get", "list"]\n', after: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ops\nrules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n' }],
    pass: [{ path: 'rbac/ops.yaml', before: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ops\nrules:\n  - apiGroups: ["*"]\n    resources: ["*"]\n    verbs: ["*"]\n', after: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ops\nrules:\n  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get", "list"]\n' }],
  },
  check(view) {
    if (view.status === 'deleted') return [];
    const before = new Set(rbacWildcards(view, 'before').map((r) => r.sig));
    return rbacWildcards(view, 'after')
      .filter((r) => !before.has(r.sig))
      .map((r) => ({ severity: r.all ? 'critical' : 'high', message: `${r.id.split('/')[0]} ${r.id.split('/')[2]}: every verb on every resource${r.all ? ' in every API group (cluster-admin equivalent)' : ''}`, afterSpan: r.span, context: prodContext(view) }));
  },
});
