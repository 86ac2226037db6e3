import { type DocNode, get, scalar, scalarList, toPlain, walkMaps } from '../../../parsers/tree';
import type { Severity, Span } from '../../../types';
import type { EditMatch } from '../../rule';
import type { FileView, Side } from '../../view';
import { defineRule, prodContext } from '../helpers';
import { k8sObjects } from '../kubernetes/helpers';
import { tfModel, value } from '../tf-model';
import { hclPlain, list, POLICY_FILES, walkBlocks } from './helpers';

// ---------------------------------------------------------------------------------------------
// Role grants

const ADMIN_ROLES: { re: RegExp; severity: Severity; label: string }[] = [
  { re: /arn:aws:iam::aws:policy\/AdministratorAccess$/, severity: 'critical', label: 'AdministratorAccess' },
  { re: /^roles\/owner$/, severity: 'critical', label: 'roles/owner' },
  { re: /^(Owner|User Access Administrator)$/, severity: 'critical', label: 'Azure Owner' },
  { re: /^cluster-admin$/, severity: 'critical', label: 'cluster-admin' },
  { re: /arn:aws:iam::aws:policy\/(IAMFullAccess|PowerUserAccess)$/, severity: 'high', label: 'IAMFullAccess/PowerUserAccess' },
  { re: /^roles\/(editor|iam\.securityAdmin|resourcemanager\.projectIamAdmin|resourcemanager\.organizationAdmin)$/, severity: 'high', label: 'a GCP admin role' },
  { re: /^Contributor$/, severity: 'high', label: 'Azure Contributor' },
];

function adminRole(v: string): { severity: Severity; label: string } | undefined {
  for (const r of ADMIN_ROLES) if (r.re.test(v.trim())) return r;
  return undefined;
}

interface Grant {
  key: string;
  value: string;
  span: Span;
}

const ROLE_ATTRS = new Set(['policy_arn', 'managed_policy_arns', 'role', 'roles', 'role_definition_name', 'role_id', 'ManagedPolicyArns', 'role_name']);

function grants(view: FileView, side: Side): Grant[] {
  return view.memo(`grants:${side}`, () => {
    const out: Grant[] = [];
    const text = view.text(side);
    if (view.kind === 'terraform') {
      for (const r of tfModel(view, side).byAddress.values()) {
        walkBlocks([r.block], (b) => {
          for (const a of b.attrs) {
            if (!ROLE_ATTRS.has(a.name)) continue;
            for (const v of list(hclPlain(value(text, a)))) if (adminRole(v)) out.push({ key: `${r.address}.${a.name}`, value: v, span: { start: a.start, end: a.valueEnd } });
          }
        });
      }
      return out;
    }
    for (const o of k8sObjects(view, side).values()) {
      if (o.kind !== 'ClusterRoleBinding' && o.kind !== 'RoleBinding') continue;
      const ref = get(o.node, 'roleRef', 'name');
      const v = scalar(ref);
      if (v && ref && adminRole(v)) out.push({ key: `${o.id}:${scalarList(get(o.node, 'subjects')).join(',')}${JSON.stringify(toPlain(get(o.node, 'subjects')))}`, value: v, span: { start: ref.start, end: ref.end } });
    }
    view.docs(side).docs.forEach((doc, i) => {
      walkMaps(doc, (m, path) => {
        for (const e of m.entries) {
          if (!e.value || (e.key !== 'role' && e.key !== 'ManagedPolicyArns' && e.key !== 'roles' && e.key !== 'roleDefinitionName')) continue;
          const vals: DocNode[] = e.value.kind === 'seq' ? e.value.items : [e.value];
          for (const n of vals) {
            const v = scalar(n);
            if (!v || !adminRole(v)) continue;
            const members = JSON.stringify(toPlain(get(m, 'members')) ?? null);
            out.push({ key: `${i}:${path.join('.')}.${e.key}:${members}`, value: v, span: { start: n.start, end: n.end } });
          }
        }
      });
    });
    return out;
  });
}

export const adminRoleGranted = defineRule({
  id: 'POL005',
  name: 'admin-role-granted',
  category: 'iam',
  severity: 'critical',
  files: POLICY_FILES,
  summary: 'An administrator role is granted: AdministratorAccess, roles/owner, Azure Owner, cluster-admin (high for editor/Contributor/PowerUser).',
  rationale: 'Built-in admin roles can delete anything in the account, project, subscription or cluster. Granting one to a workload or a broad group is the over-broad role behind most blast-radius incidents.',
  alternative: 'Grant a narrow predefined role or a custom role with only the permissions needed; bind it to a specific service account.',
  examples: {
    fire: [{ path: 'iam.tf', before: 'resource "aws_iam_role_policy_attachment" "ci" {\n  role       = aws_iam_role.ci.name\n  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"\n}\n', after: 'resource "aws_iam_role_policy_attachment" "ci" {\n  role       = aws_iam_role.ci.name\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n' }],
    pass: [{ path: 'iam.tf', before: 'resource "aws_iam_role_policy_attachment" "ci" {\n  role       = aws_iam_role.ci.name\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n', after: 'resource "aws_iam_role_policy_attachment" "ci" {\n  role       = aws_iam_role.ci.name\n  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"\n}\n' }],
  },
  check(view) {
    if (view.status === 'deleted') return [];
    const before = new Set(grants(view, 'before').map((g) => `${g.key}=${g.value}`));
    const out: EditMatch[] = [];
    for (const g of grants(view, 'after')) {
      if (before.has(`${g.key}=${g.value}`)) continue;
      const r = adminRole(g.value)!;
      out.push({ severity: r.severity, message: `grants ${r.label} (${g.value})`, afterSpan: g.span, context: prodContext(view) });
    }
    return out;
  },
});
