import { type DocNode, get, items, parseYamlDocs, scalar } from '../../../parsers/tree';
import { looksProduction } from '../../../shell/cli-args';
import type { EditMatch } from '../../rule';
import type { FileView, Side } from '../../view';
import { defineRule, isProductionPath } from '../helpers';
import { changedScalars, K8S_FILES, k8sObjects, span } from './helpers';

/** Keys that size a workload wherever they appear (manifests, Helm values, HPA, KEDA). */
const WORKLOAD_KEYS = ['replicas', 'replicaCount', 'minReplicas', 'maxReplicas', 'maxReplicaCount'];
/** Keys that size nodes, only in the kinds that define them: eksctl node groups, Config Connector node pools. */
const NODE_KEYS: Readonly<Record<string, readonly string[]>> = { ClusterConfig: ['desiredCapacity', 'maxSize'], ContainerNodePool: ['nodeCount', 'maxNodeCount'] };
const ALL_KEYS = [...WORKLOAD_KEYS, ...Object.values(NODE_KEYS).flat()];
/** Kinds whose `spec.replicas` a new production manifest or overlay patch may set to zero. */
const SCALED_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'Rollout', 'MachineDeployment', 'MachinePool', 'DeploymentConfig']);

interface Scaled {
  what: string;
  /** The value before; undefined for a new entry or manifest. */
  was: string | undefined;
  node: DocNode;
  prod: boolean;
}

export const replicasToZero = defineRule({
  id: 'KUB005',
  name: 'replicas-to-zero',
  category: 'kubernetes',
  severity: 'medium',
  files: K8S_FILES,
  summary: 'A workload, autoscaler or node group is scaled to zero (medium in production: a production overlay, values file or namespace).',
  rationale: 'Scaling to zero destroys nothing, but it takes the service down until someone scales it back. In a production overlay, values file or namespace that is an outage; a HorizontalPodAutoscaler or KEDA ScaledObject capped at zero, an eksctl node group or a GKE node pool at zero, does the same to everything scheduled on it.',
  alternative: 'Scale down gradually, keep at least one replica in production, or delete the workload deliberately if it is no longer needed.',
  examples: {
    fire: [
      { path: 'k8s/api.yaml', before: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n', after: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 0\n' },
      { path: 'deploy/overlays/production/kustomization.yaml', before: 'resources:\n  - ../../base\nreplicas:\n  - name: api\n    count: 4\n', after: 'resources:\n  - ../../base\nreplicas:\n  - name: api\n    count: 0\n' },
      { path: 'deploy/overlays/prod/scale-down.yaml', after: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\nspec:\n  replicas: 0\n' },
      { path: 'deploy/overlays/production/kustomization.yaml', before: 'resources:\n  - ../../base\n', after: 'resources:\n  - ../../base\npatches:\n  - target:\n      kind: Deployment\n      name: api\n    patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: 0\n' },
      { path: 'deploy/overlays/prod/hpa.yaml', after: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\nspec:\n  minReplicas: 1\n  maxReplicas: 0\n' },
      { path: 'k8s/hpa.yaml', before: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\n  namespace: production\nspec:\n  minReplicas: 2\n  maxReplicas: 10\n', after: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\n  namespace: production\nspec:\n  minReplicas: 0\n  maxReplicas: 0\n' },
      { path: 'eksctl/cluster.yaml', before: 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: prod-eu\nmanagedNodeGroups:\n  - name: general\n    desiredCapacity: 3\n    maxSize: 6\n', after: 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: prod-eu\nmanagedNodeGroups:\n  - name: general\n    desiredCapacity: 0\n    maxSize: 6\n' },
    ],
    pass: [
      { path: 'k8s/api.yaml', before: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n', after: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n' },
      // A new workload created scaled down outside production, and KEDA's usual floor of zero.
      { path: 'deploy/overlays/dev/worker.yaml', after: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\nspec:\n  replicas: 0\n' },
      // The same inline patch in a development overlay, and a production patch that scales to two.
      { path: 'deploy/overlays/dev/kustomization.yaml', before: 'resources:\n  - ../../base\n', after: 'resources:\n  - ../../base\npatches:\n  - target:\n      kind: Deployment\n      name: api\n    patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: 0\n' },
      { path: 'deploy/overlays/prod/kustomization.yaml', before: 'resources:\n  - ../../base\n', after: 'resources:\n  - ../../base\npatches:\n  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: api\n      spec:\n        replicas: 2\n' },
      { path: 'k8s/prod/scaledobject.yaml', before: 'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: worker\nspec:\n  minReplicaCount: 1\n  maxReplicaCount: 20\n', after: 'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: worker\nspec:\n  minReplicaCount: 0\n  maxReplicaCount: 20\n' },
    ],
  },
  check(view) {
    const scaled: Scaled[] = [];
    const pathProd = isProductionPath(view.path);
    for (const c of changedScalars(view, ALL_KEYS)) {
      if (!WORKLOAD_KEYS.includes(c.key) && !(c.kind && NODE_KEYS[c.kind]?.includes(c.key))) continue;
      if (Number(c.now) !== 0 || !(Number(c.was) > 0)) continue;
      scaled.push({ what: c.what, was: c.was, node: c.node, prod: pathProd || looksProduction(c.namespace) || (c.kind === 'ClusterConfig' && looksProduction(c.what.split(' ')[1])) });
    }
    if (/(^|\/)kustomization(\.ya?ml)?$/.test(view.lowerPath)) scaled.push(...kustomizeReplicas(view, pathProd), ...inlinePatchesToZero(view, pathProd));
    else if (view.status === 'added' || view.status === 'modified') scaled.push(...newScaledToZero(view, pathProd));
    return scaled.map((s): EditMatch => ({
      severity: s.prod ? 'medium' : 'low',
      message: `${s.what}: ${s.was === undefined ? 'set to 0' : `${s.was} → 0`}${s.prod ? ' in production' : ''}; ${s.what.includes('desiredCapacity') || s.what.includes('maxSize') || s.what.includes('nodeCount') ? 'the nodes go and what runs on them stops' : 'the workload stops serving'}`,
      afterSpan: span(s.node),
      context: s.prod ? { scope: ['production'] } : undefined,
    }));
  },
});

/** A kustomization's `replicas: [{ name, count }]`: an entry set to zero, or a new one at zero in a production overlay. */
function kustomizeReplicas(view: FileView, prod: boolean): Scaled[] {
  const counts = (side: Side): Map<string, DocNode> => {
    const m = new Map<string, DocNode>();
    for (const d of view.docs(side).docs) for (const r of items(get(d, 'replicas'))) {
      const name = scalar(get(r, 'name'));
      const count = get(r, 'count');
      if (name && count) m.set(name, count);
    }
    return m;
  };
  const before = counts('before');
  const ns = view.docs('after').docs.map((d) => scalar(get(d, 'namespace'))).find(Boolean);
  const isProd = prod || looksProduction(ns);
  const out: Scaled[] = [];
  for (const [name, node] of counts('after')) {
    if (Number(scalar(node)) !== 0) continue;
    const was = before.get(name);
    if (was ? Number(scalar(was)) > 0 : isProd) out.push({ what: `kustomization replicas ${name}`, was: was ? scalar(was) : undefined, node, prod: isProd });
  }
  return out;
}

/** Where a kind keeps the number that caps how many pods run. */
function capKey(kind: string): string | undefined {
  if (SCALED_KINDS.has(kind)) return 'replicas';
  if (kind === 'HorizontalPodAutoscaler') return 'maxReplicas';
  if (kind === 'ScaledObject') return 'maxReplicaCount';
  return undefined;
}

function isZero(node: DocNode | undefined): boolean {
  const v = scalar(node);
  return v !== undefined && v.trim() !== '' && Number(v) === 0;
}

/** In production only: a manifest or overlay patch the edit adds (or an object it adds) capped at zero. */
function newScaledToZero(view: FileView, pathProd: boolean): Scaled[] {
  const before = k8sObjects(view, 'before');
  const out: Scaled[] = [];
  for (const o of k8sObjects(view, 'after').values()) {
    const key = capKey(o.kind);
    if (before.has(o.id) || !key) continue;
    const prod = pathProd || looksProduction(o.namespace);
    const node = get(o.node, 'spec', key);
    if (prod && node && isZero(node)) out.push({ what: `${o.kind} ${o.name} spec.${key}`, was: undefined, node, prod });
  }
  return out;
}

const PATCH_LISTS = ['patches', 'patchesStrategicMerge', 'patchesJson6902'] as const;
const MAX_PATCHES = 200;
const MAX_PATCH_CHARS = 64 * 1024;

/**
 * In a production kustomization: an inline patch the edit adds that caps a workload at zero, as a
 * strategic-merge patch (`spec.replicas: 0`) or a JSON 6902 operation (`/spec/replicas` to 0).
 */
function inlinePatchesToZero(view: FileView, prod: boolean): Scaled[] {
  if (!prod) return [];
  const texts = (side: Side): { text: string; node: DocNode; target: string }[] => {
    const out: { text: string; node: DocNode; target: string }[] = [];
    for (const d of view.docs(side).docs) {
      for (const list of PATCH_LISTS) {
        for (const entry of items(get(d, list)).slice(0, MAX_PATCHES)) {
          const node = entry.kind === 'scalar' ? entry : get(entry, 'patch');
          const text = scalar(node);
          if (node && text && text.length <= MAX_PATCH_CHARS && text.includes('\n')) out.push({ text, node, target: scalar(get(entry, 'target', 'name')) ?? '' });
        }
      }
    }
    return out;
  };
  const was = new Set(texts('before').map((t) => t.text));
  const out: Scaled[] = [];
  for (const p of texts('after')) {
    if (was.has(p.text)) continue;
    for (const doc of parseYamlDocs(p.text).docs) {
      // JSON 6902: a list of operations.
      for (const op of items(doc)) {
        const path = scalar(get(op, 'path')) ?? '';
        const verb = scalar(get(op, 'op'));
        if ((verb === 'replace' || verb === 'add') && /^\/spec\/(replicas|maxReplicas|maxReplicaCount)$/.test(path) && isZero(get(op, 'value'))) {
          out.push({ what: `kustomization patch ${p.target ? `of ${p.target} ` : ''}${path}`, was: undefined, node: p.node, prod });
        }
      }
      // Strategic merge: the object itself.
      const kind = scalar(get(doc, 'kind'));
      const key = kind ? capKey(kind) : undefined;
      if (kind && key && isZero(get(doc, 'spec', key))) out.push({ what: `kustomization patch of ${kind} ${scalar(get(doc, 'metadata', 'name')) ?? p.target} spec.${key}`, was: undefined, node: p.node, prod });
    }
  }
  return out;
}
