import type { HclAttr, HclBlock, HclValue } from '../../../parsers/hcl';
import type { Span } from '../../../types';
import type { EditMatch } from '../../rule';
import type { FileView, Side } from '../../view';
import { changedLineIn, defineRule, isProductionPath } from '../helpers';
import { value } from '../tf-model';
import { TF_FILES } from './helpers';

/**
 * The attributes that set how much of a service or node pool runs, across the providers and the
 * common modules (terraform-aws-modules/eks node groups, GKE and AKS pools, ECS services,
 * autoscaling groups, Kubernetes deployments). Floors (`min_size`, `min_node_count`) are left
 * out: a floor of zero is how scale-to-zero autoscaling is configured, not an outage.
 */
const CAPACITY = new Set([
  'node_count', 'desired_size', 'max_size', 'desired_capacity', 'max_capacity', 'desired_count', 'replicas', 'replica_count',
  'max_node_count', 'total_max_node_count', 'max_count', 'max_nodes', 'target_size', 'instances', 'instance_count', 'node_pool_size',
  'max_instance_count', 'max_replicas', 'desired_instances', 'desired_task_count',
]);

const MAX_DEPTH = 6;
const MAX_ENTRIES = 5_000;
const PROD_LABEL = /(^|[._-])(prod|production|prd)([._-]|$)/i;
const ENV_KEY = /^(env|environment|stage|tier|workspace)$/i;

interface Capacity {
  value: number;
  span: Span;
  /** What it sizes: the resource or module address, or the path of the object holding the value (a module's node group). */
  owner: string;
}

export const capacityToZero = defineRule({
  id: 'TF015',
  name: 'capacity-to-zero',
  category: 'iac',
  severity: 'medium',
  files: [...TF_FILES, '**/*.tfvars'],
  summary: 'A node pool, node group, autoscaling group or service is scaled to zero (medium in production, where it takes the service down).',
  rationale: 'Setting node_count, desired_size, max_size, desired_count or replicas to 0 destroys nothing in the state, but the next apply removes every node or task: the pods or containers on them stop and have nowhere to run until someone scales it back. In production that is an outage.',
  alternative: 'Scale down in steps and keep at least one node or replica in production; to retire the pool or service, remove it deliberately in a reviewed change.',
  examples: {
    fire: [
      { path: 'envs/prod/eks.tf', before: 'resource "aws_eks_node_group" "workers" {\n  cluster_name = "main"\n  scaling_config {\n    desired_size = 3\n    max_size     = 6\n    min_size     = 1\n  }\n}\n', after: 'resource "aws_eks_node_group" "workers" {\n  cluster_name = "main"\n  scaling_config {\n    desired_size = 0\n    max_size     = 0\n    min_size     = 0\n  }\n}\n' },
      { path: 'prod.tfvars', before: 'environment = "production"\nnode_groups = {\n  default = {\n    desired_size = 4\n  }\n}\n', after: 'environment = "production"\nnode_groups = {\n  default = {\n    desired_size = 0\n  }\n}\n' },
      { path: 'gke.tf', before: 'resource "google_container_node_pool" "prod_pool" {\n  node_count = 3\n}\n', after: 'resource "google_container_node_pool" "prod_pool" {\n  node_count = 0\n}\n' },
    ],
    pass: [
      // A floor of zero is scale-to-zero autoscaling, not an outage.
      { path: 'envs/prod/eks.tf', before: 'resource "aws_eks_node_group" "workers" {\n  scaling_config {\n    desired_size = 3\n    max_size     = 6\n    min_size     = 1\n  }\n}\n', after: 'resource "aws_eks_node_group" "workers" {\n  scaling_config {\n    desired_size = 3\n    max_size     = 6\n    min_size     = 0\n  }\n}\n' },
      { path: 'envs/prod/ecs.tf', before: 'resource "aws_ecs_service" "api" {\n  desired_count = 4\n}\n', after: 'resource "aws_ecs_service" "api" {\n  desired_count = 2\n}\n' },
    ],
  },
  check(view) {
    if (view.status !== 'modified' || view.kind === 'terraform-json') return [];
    const before = capacities(view, 'before');
    if (!before.size) return [];
    const after = capacities(view, 'after');
    const prodFile = isProductionPath(view.path) || productionVars(view);
    // One finding per thing scaled (a resource, a module's node group), naming each value that went to zero.
    const groups = new Map<string, { changes: string[]; span: Span; prod: boolean }>();
    for (const [path, now] of after) {
      const was = before.get(path);
      if (!was || now.value !== 0 || !(was.value > 0)) continue;
      const owner = now.owner;
      // A value inside an object (`node_groups = { default = { desired_size = 0 } }`) has no span of its own: the changed line that names it.
      const key = path.slice(path.lastIndexOf('.') + 1);
      const g = groups.get(owner) ?? { changes: [], span: changedLineIn(view, now.span, key), prod: prodFile || PROD_LABEL.test(owner) };
      g.changes.push(`${path.slice(owner.length + 1)} ${was.value} → 0`);
      groups.set(owner, g);
    }
    const out: EditMatch[] = [];
    for (const [owner, g] of groups) {
      out.push({
        severity: g.prod ? 'medium' : 'low',
        message: `${owner}: ${g.changes.join(', ')}${g.prod ? ' in production' : ''}; every node or replica it runs is removed and what ran there stops`,
        afterSpan: g.span,
        context: g.prod ? { scope: ['production'] } : undefined,
      });
    }
    return out;
  },
});

/** Capacity attributes by a path that is stable across the edit: owner, nested blocks and object keys. */
function capacities(view: FileView, side: Side): Map<string, Capacity> {
  return view.memo(`tf:capacity:${side}`, () => {
    const out = new Map<string, Capacity>();
    const text = view.text(side);
    if (!hasCapacityWord(text)) return out;
    const file = view.hcl(side);
    const budget = { n: MAX_ENTRIES };
    for (const a of file.attrs) visitAttr(text, a, a.name, a.name, out, budget, 0);
    for (const b of file.blocks) {
      if ((b.type !== 'resource' && b.type !== 'module') || !b.labels.length) continue;
      const owner = b.type === 'module' ? `module.${b.labels[0]}` : `${b.labels[0]}.${b.labels[1] ?? ''}`;
      visitBlock(text, b, owner, owner, out, budget, 0);
    }
    return out;
  });
}

/**
 * Whether any capacity name occurs in the text. One pass of one expression: twenty `includes`
 * over a large file cost tens of milliseconds on every edit of it, the names nowhere near the change.
 */
const ANY_CAPACITY_WORD = new RegExp([...CAPACITY].join('|'));
function hasCapacityWord(text: string): boolean {
  return ANY_CAPACITY_WORD.test(text);
}

function visitBlock(text: string, b: HclBlock, path: string, owner: string, out: Map<string, Capacity>, budget: { n: number }, depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const a of b.attrs) visitAttr(text, a, `${path}.${a.name}`, owner, out, budget, depth);
  const seen = new Map<string, number>();
  for (const nb of b.blocks) {
    const i = seen.get(nb.type) ?? 0;
    seen.set(nb.type, i + 1);
    visitBlock(text, nb, `${path}.${nb.type}${nb.labels.length ? `["${nb.labels.join('.')}"]` : i ? `[${i}]` : ''}`, owner, out, budget, depth + 1);
  }
}

function visitAttr(text: string, a: HclAttr, path: string, owner: string, out: Map<string, Capacity>, budget: { n: number }, depth: number): void {
  if (budget.n-- <= 0) return;
  const span = { start: a.start, end: a.valueEnd };
  if (CAPACITY.has(a.name)) {
    const n = asNumber(value(text, a));
    if (n !== undefined) out.set(path, { value: n, span, owner });
    return;
  }
  // Objects given to modules: `node_groups = { default = { desired_size = 0 } }`.
  const raw = text.slice(a.valueStart, a.valueEnd);
  if (!raw.includes('{') || !hasCapacityWord(raw)) return;
  visitValue(value(text, a), path, owner, span, out, budget, depth + 1);
}

function visitValue(v: HclValue | undefined, path: string, owner: string, span: Span, out: Map<string, Capacity>, budget: { n: number }, depth: number): void {
  if (v === undefined || v === null || depth > MAX_DEPTH || budget.n-- <= 0) return;
  if (Array.isArray(v)) {
    v.forEach((x, i) => visitValue(x, `${path}[${i}]`, owner, span, out, budget, depth + 1));
    return;
  }
  if (typeof v !== 'object' || '$expr' in v || '$call' in v) return;
  for (const [k, x] of Object.entries(v)) {
    const p = `${path}.${k}`;
    if (CAPACITY.has(k)) {
      const n = asNumber(x);
      if (n !== undefined) out.set(p, { value: n, span, owner: path });
    } else visitValue(x, p, owner, span, out, budget, depth + 1);
  }
}

function asNumber(v: HclValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

/** A tfvars file that says which environment it configures: `environment = "production"`. */
function productionVars(view: FileView): boolean {
  if (view.kind !== 'tfvars') return false;
  for (const a of view.hcl('after').attrs) {
    if (!ENV_KEY.test(a.name)) continue;
    const v = value(view.after, a);
    if (typeof v === 'string' && PROD_LABEL.test(v)) return true;
  }
  return false;
}
