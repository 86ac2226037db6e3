/**
 * IAM in files: AWS policy documents (JSON, YAML, CloudFormation, Terraform `jsonencode`,
 * heredocs and `aws_iam_policy_document`), managed admin policies, GCP and Azure role bindings,
 * and Kubernetes RBAC. A grant counts only when the after text has it and the before text did
 * not, so narrowing a policy (or leaving an old broad one alone) is never flagged.
 */
import { parseJsonDoc, type DocNode, get, items, scalar, scalarList, toPlain, walkMaps } from '../../parsers/tree';
import type { HclBlock, HclValue } from '../../parsers/hcl';
import type { Severity, Span } from '../../types';
import type { EditMatch, EditRule } from '../rule';
import type { FileView, Side } from '../view';
import { defineRule, prodContext } from './helpers';
import { attr, tfModel, value } from './tf-model';
import { k8sObjects } from './kubernetes/helpers';

const POLICY_FILES = ['**/*.json', '**/*.yaml', '**/*.yml', '**/*.tf', '**/*.tf.json', '**/*.template', '**/*.tofu'];

export interface Statement {
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  principals: string[];
  condition: boolean;
  span: Span;
}

function list(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap(list);
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).flatMap(list);
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? [String(v)] : [];
}

function pick(o: Record<string, unknown>, key: string): unknown {
  for (const k of Object.keys(o)) if (k.toLowerCase() === key.toLowerCase()) return o[k];
  return undefined;
}

function fromPlain(o: unknown, span: Span): Statement | undefined {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return undefined;
  const r = o as Record<string, unknown>;
  const principal = pick(r, 'Principal');
  return {
    effect: String((pick(r, 'Effect') as string | undefined) ?? 'Allow'),
    actions: list(pick(r, 'Action')),
    notActions: list(pick(r, 'NotAction')),
    resources: list(pick(r, 'Resource')),
    principals: principal === '*' ? ['*'] : list(principal),
    condition: pick(r, 'Condition') !== undefined,
    span,
  };
}

/** Statements found anywhere in a plain value (objects with a `Statement` key). */
function statementsInPlain(v: unknown, span: Span, out: Statement[], depth = 0): void {
  if (!v || typeof v !== 'object' || depth > 20 || out.length > 5000) return;
  if (Array.isArray(v)) {
    for (const x of v) statementsInPlain(x, span, out, depth + 1);
    return;
  }
  const o = v as Record<string, unknown>;
  const st = pick(o, 'Statement');
  if (st !== undefined) {
    for (const s of Array.isArray(st) ? st : [st]) {
      const parsed = fromPlain(s, span);
      if (parsed) out.push(parsed);
    }
    return;
  }
  for (const x of Object.values(o)) statementsInPlain(x, span, out, depth + 1);
}

function hclPlain(v: HclValue | undefined): unknown {
  if (v === undefined || v === null) return v;
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('{') && t.includes('Statement')) return toPlain(parseJsonDoc(t).docs[0]);
    return v;
  }
  if (typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(hclPlain);
  if ('$expr' in v) return (v as { $expr: string }).$expr;
  if ('$call' in v) {
    const c = v as { $call: string; args: HclValue[] };
    return c.args.map(hclPlain);
  }
  const o: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) o[k] = hclPlain(x);
  return o;
}

function walkBlocks(blocks: HclBlock[], fn: (b: HclBlock, owner: HclBlock) => void, owner?: HclBlock, depth = 0): void {
  if (depth > 20) return;
  for (const b of blocks) {
    fn(b, owner ?? b);
    walkBlocks(b.blocks, fn, owner ?? b, depth + 1);
  }
}

export function statements(view: FileView, side: Side): Statement[] {
  return view.memo(`iam:${side}`, () => {
    const out: Statement[] = [];
    const text = view.text(side);
    if (view.kind === 'terraform') {
      if (!text.includes('Statement') && !text.includes('statement')) return out;
      const file = view.hcl(side);
      walkBlocks(file.blocks, (b) => {
        for (const a of b.attrs) {
          const raw = text.slice(a.valueStart, Math.min(a.valueEnd, a.valueStart + 200_000));
          if (!raw.includes('Statement')) continue;
          statementsInPlain(hclPlain(value(text, a)), { start: a.start, end: a.valueEnd }, out);
        }
        if (b.type === 'statement') {
          const principals: string[] = [];
          for (const p of b.blocks.filter((x) => x.type === 'principals')) principals.push(...list(hclPlain(value(text, attr(p, 'identifiers')))));
          out.push({
            effect: list(hclPlain(value(text, attr(b, 'effect'))))[0] ?? 'Allow',
            actions: list(hclPlain(value(text, attr(b, 'actions')))),
            notActions: list(hclPlain(value(text, attr(b, 'not_actions')))),
            resources: list(hclPlain(value(text, attr(b, 'resources')))),
            principals,
            condition: b.blocks.some((x) => x.type === 'condition'),
            span: { start: b.start, end: b.bodyStart },
          });
        }
      });
      return out;
    }
    if (!text.includes('Statement')) return out;
    for (const doc of view.docs(side).docs) {
      walkMaps(doc, (m) => {
        for (const e of m.entries) {
          if (e.key !== 'Statement' || !e.value) continue;
          const nodes = e.value.kind === 'seq' ? e.value.items : [e.value];
          for (const n of nodes) {
            const s = fromPlain(toPlain(n), { start: n.start, end: n.end });
            if (s) out.push(s);
          }
        }
      });
    }
    return out;
  });
}

interface Risk {
  code: string;
  severity: Severity;
  message: string;
}

const READ_ONLY = /^[\w-]+:(Get|List|Describe|Head|Lookup|Search|Query|Scan|Select|View|Read|BatchGet|Filter|Check)\w*\*?$/i;

function risks(s: Statement): Risk[] {
  if (s.effect.toLowerCase() !== 'allow') return [];
  const out: Risk[] = [];
  const allRes = s.resources.includes('*') || s.resources.length === 0;
  if (s.actions.some((a) => a === '*' || a === '*:*')) {
    out.push({ code: 'admin', severity: allRes ? 'critical' : 'high', message: `Allow of every action ("*")${allRes ? ' on every resource' : ''}: full administrator rights` });
  } else {
    const svc = s.actions.filter((a) => /^[\w-]+:\*$/.test(a));
    if (svc.length && allRes) {
      const iam = svc.some((a) => /^(iam|sts|organizations|kms):\*$/i.test(a));
      out.push({ code: 'service', severity: iam ? 'critical' : 'high', message: `Allow of ${svc.join(', ')} on every resource` });
    } else if (s.resources.includes('*') && s.actions.some((a) => !READ_ONLY.test(a)) && s.actions.some((a) => /:(Delete|Terminate|Destroy|Remove|Purge|Drop|Put|Update|Create|Attach|Detach|Pass|Modify|Write|\*)/i.test(a))) {
      out.push({ code: 'resource', severity: 'medium', message: `Allow of write actions (${s.actions.filter((a) => !READ_ONLY.test(a)).slice(0, 3).join(', ')}) on every resource ("Resource": "*")` });
    }
  }
  if (s.notActions.length) out.push({ code: 'notaction', severity: 'high', message: `Allow with NotAction (${s.notActions.slice(0, 3).join(', ')}): grants everything except the listed actions` });
  if (s.principals.includes('*') && !s.condition) out.push({ code: 'public', severity: 'high', message: 'Allow to principal "*" without a condition: anyone, including anonymous callers' });
  return out;
}

function signature(s: Statement, r: Risk): string {
  return [r.code, [...s.actions].sort().join(','), [...s.notActions].sort().join(','), [...s.resources].sort().join(','), [...s.principals].sort().join(',')].join('|');
}

function newRisks(view: FileView, codes: readonly string[]): EditMatch[] {
  if (view.status === 'deleted') return [];
  const before = new Set<string>();
  for (const s of statements(view, 'before')) for (const r of risks(s)) before.add(signature(s, r));
  const out: EditMatch[] = [];
  for (const s of statements(view, 'after')) {
    for (const r of risks(s)) {
      if (!codes.includes(r.code) || before.has(signature(s, r))) continue;
      out.push({ severity: r.severity, message: r.message, afterSpan: s.span, context: prodContext(view) });
    }
  }
  return out;
}

const STATEMENT_EXAMPLE = (action: string, resource: string): string => `{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": ${JSON.stringify(action)},\n      "Resource": ${JSON.stringify(resource)}\n    }\n  ]\n}\n`;

export const polWildcardAction = defineRule({
  id: 'POL001',
  name: 'wildcard-action',
  category: 'iam',
  severity: 'critical',
  files: POLICY_FILES,
  summary: 'A policy starts allowing every action ("*"), or every action of a service on every resource.',
  rationale: '"Action": "*" is administrator access; "s3:*" on "*" lets the holder delete every bucket. Over-broad roles are how a single leaked credential or confused agent becomes an account-wide outage.',
  alternative: 'List the actions the workload needs and scope Resource to the ARNs it uses; use IAM Access Analyzer policy generation to find them.',
  examples: {
    fire: [{ path: 'policies/deploy.json', before: STATEMENT_EXAMPLE('s3:GetObject', 'arn:aws:s3:::acme/*'), after: STATEMENT_EXAMPLE('*', '*') }],
    pass: [{ path: 'policies/deploy.json', before: STATEMENT_EXAMPLE('*', '*'), after: STATEMENT_EXAMPLE('s3:GetObject', 'arn:aws:s3:::acme/*') }],
  },
  check: (view) => newRisks(view, ['admin', 'service']),
});

export const polNotAction = defineRule({
  id: 'POL002',
  name: 'not-action-allow',
  category: 'iam',
  severity: 'high',
  files: POLICY_FILES,
  summary: 'A policy uses NotAction with Effect Allow.',
  rationale: 'Allow + NotAction grants every action except the listed ones, including every action AWS adds later. It reads like a restriction and behaves like administrator access.',
  alternative: 'Allow the needed actions explicitly; use NotAction only with Effect Deny.',
  examples: {
    fire: [{ path: 'iam/policy.json', before: '{"Statement": []}\n', after: '{"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}\n' }],
    pass: [{ path: 'iam/policy.json', before: '{"Statement": []}\n', after: '{"Statement": [{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}]}\n' }],
  },
  check: (view) => newRisks(view, ['notaction']),
});

export const polPublicPrincipal = defineRule({
  id: 'POL003',
  name: 'public-principal',
  category: 'iam',
  severity: 'high',
  files: POLICY_FILES,
  summary: 'A resource policy allows principal "*" without a condition.',
  rationale: 'A bucket, queue or key policy with Principal "*" and no condition lets anyone on the internet use the granted actions, including deleting or overwriting data.',
  alternative: 'Name the accounts or roles, or add a condition such as aws:PrincipalOrgID or aws:SourceVpce.',
  examples: {
    fire: [{ path: 'bucket-policy.json', before: '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}\n', after: '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}\n' }],
    pass: [{ path: 'bucket-policy.json', before: '{"Statement": []}\n', after: '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}]}\n' }],
  },
  check: (view) => newRisks(view, ['public']),
});

export const polResourceWildcard = defineRule({
  id: 'POL004',
  name: 'write-on-every-resource',
  category: 'iam',
  severity: 'medium',
  files: POLICY_FILES,
  summary: 'A policy allows write or delete actions on every resource ("Resource": "*").',
  rationale: 'Even a short list of actions becomes dangerous when it applies to every resource in the account: DeleteBucket on "*" is every bucket.',
  alternative: 'Scope Resource to the ARNs the workload owns.',
  examples: {
    fire: [{ path: 'policy.json', before: STATEMENT_EXAMPLE('s3:DeleteObject', 'arn:aws:s3:::acme/tmp/*'), after: STATEMENT_EXAMPLE('s3:DeleteObject', '*') }],
    pass: [{ path: 'policy.json', before: STATEMENT_EXAMPLE('ec2:DescribeInstances', 'arn:aws:ec2:*:*:instance/i-1'), after: STATEMENT_EXAMPLE('ec2:DescribeInstances', '*') }],
  },
  check: (view) => newRisks(view, ['resource']),
});

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

export const polAdminRoleGranted = defineRule({
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

export const polRbacWildcard = defineRule({
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

export const IAM_RULES: readonly EditRule[] = [polWildcardAction, polNotAction, polPublicPrincipal, polResourceWildcard, polAdminRoleGranted, polRbacWildcard];
