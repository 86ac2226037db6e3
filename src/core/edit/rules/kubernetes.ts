/**
 * Kubernetes manifests, Kustomize, Helm values and Argo CD applications. Objects are matched
 * across the edit by kind, namespace and name; Helm values (which have no kind) by key path.
 */
import type { Severity } from '../../types';
import { boolOf, type DocMap, type DocNode, entry, get, items, scalar, scalarList, walkMaps } from '../../parsers/tree';
import type { EditMatch, EditRule } from '../rule';
import type { FileView, Side } from '../view';
import { defineRule, prodContext } from './helpers';

const K8S_FILES = ['**/*.yaml', '**/*.yml', '**/*.json'];

export interface K8sObject {
  kind: string;
  name: string;
  namespace: string;
  id: string;
  node: DocMap;
}

export function k8sObjects(view: FileView, side: Side): Map<string, K8sObject> {
  return view.memo(`k8s:${side}`, () => {
    const out = new Map<string, K8sObject>();
    if (!view.text(side).includes('kind')) return out;
    const visit = (doc: DocNode | undefined, depth: number): void => {
      if (!doc || doc.kind !== 'map' || depth > 3) return;
      const kind = scalar(get(doc, 'kind'));
      const api = scalar(get(doc, 'apiVersion'));
      if (!kind || !api) return;
      if (kind.endsWith('List')) {
        for (const it of items(get(doc, 'items'))) visit(it, depth + 1);
        return;
      }
      const name = scalar(get(doc, 'metadata', 'name')) ?? scalar(get(doc, 'metadata', 'generateName')) ?? '';
      const namespace = scalar(get(doc, 'metadata', 'namespace')) ?? '';
      const id = `${kind}/${namespace}/${name}`;
      out.set(id, { kind, name, namespace, id, node: doc });
    };
    for (const d of view.docs(side).docs) visit(d, 0);
    return out;
  });
}

/** A plain-YAML file with no `kind` at the top: Helm values and similar configuration. */
function isValuesFile(view: FileView): boolean {
  return /(^|\/)values[^/]*\.ya?ml$/.test(view.lowerPath) || view.lowerPath.includes('/helm/') || view.lowerPath.includes('/charts/');
}

/** Scalars by dotted key path for documents without kind (Helm values). */
function valuesScalars(view: FileView, side: Side): Map<string, DocNode> {
  return view.memo(`values:${side}`, () => {
    const out = new Map<string, DocNode>();
    view.docs(side).docs.forEach((doc, i) => {
      if (get(doc, 'kind')) return;
      walkMaps(doc, (m, path) => {
        for (const e of m.entries) if (e.value?.kind === 'scalar') out.set(`${i}:${[...path, e.key].join('.')}`, e.value);
      });
    });
    return out;
  });
}

function span(n: { start: number; end: number }): { start: number; end: number } {
  return { start: n.start, end: n.end };
}

/** Pairs of values under a given key, matched by object identity (manifests) or by key path (values). */
function changedScalars(view: FileView, keys: readonly string[]): { what: string; was: string; now: string; node: DocNode; kind?: string }[] {
  const out: { what: string; was: string; now: string; node: DocNode; kind?: string }[] = [];
  const b = k8sObjects(view, 'before');
  const a = k8sObjects(view, 'after');
  for (const [id, ob] of b) {
    const oa = a.get(id);
    if (!oa) continue;
    const before = new Map<string, DocNode>();
    walkMaps(ob.node, (m, path) => {
      for (const e of m.entries) if (keys.includes(e.key) && e.value?.kind === 'scalar') before.set([...path, e.key].join('.'), e.value);
    });
    walkMaps(oa.node, (m, path) => {
      for (const e of m.entries) {
        if (!keys.includes(e.key) || e.value?.kind !== 'scalar') continue;
        const p = [...path, e.key].join('.');
        const was = before.get(p);
        if (was && scalar(was) !== scalar(e.value)) out.push({ what: `${oa.kind} ${oa.name} ${p}`, was: scalar(was) ?? '', now: scalar(e.value) ?? '', node: e.value, kind: oa.kind });
      }
    });
  }
  if (isValuesFile(view)) {
    const vb = valuesScalars(view, 'before');
    for (const [p, node] of valuesScalars(view, 'after')) {
      const key = p.slice(p.lastIndexOf('.') + 1).replace(/^\d+:/, '');
      if (!keys.includes(key)) continue;
      const was = vb.get(p);
      if (was && scalar(was) !== scalar(node)) out.push({ what: `values ${p.replace(/^\d+:/, '')}`, was: scalar(was) ?? '', now: scalar(node) ?? '', node });
    }
  }
  return out;
}

export const kubReclaimDelete = defineRule({
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

export const kubStorageClassChanged = defineRule({
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

/** Argo CD / Flux evidence that removed objects get deleted from the cluster. */
function pruneEvident(view: FileView): boolean {
  if (view.ctx.batch?.pruneEnabled) return true;
  for (const side of ['before', 'after'] as const) {
    for (const o of k8sObjects(view, side).values()) {
      if (boolOf(get(o.node, 'spec', 'syncPolicy', 'automated', 'prune')) === true) return true;
      if (boolOf(get(o.node, 'spec', 'prune')) === true) return true;
    }
  }
  return /\bprune:\s*true\b/.test(view.after) || /\bprune:\s*true\b/.test(view.before);
}

export const kubNamespaceRemoved = defineRule({
  id: 'KUB003',
  name: 'namespace-removed',
  category: 'kubernetes',
  severity: 'critical',
  files: K8S_FILES,
  summary: 'A Namespace is removed from manifests that a GitOps controller prunes (critical with prune: true).',
  rationale: 'With Argo CD or Flux pruning, an object removed from Git is deleted from the cluster. Deleting a Namespace deletes everything inside it: workloads, secrets, claims and, with Delete reclaim, their disks.',
  alternative: 'Remove the workloads in the namespace first, in reviewed steps; or disable pruning for the namespace (`argocd.argoproj.io/sync-options: Prune=false`).',
  examples: {
    fire: [{ path: 'apps/payments/namespace.yaml', before: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: payments\nspec:\n  syncPolicy:\n    automated:\n      prune: true\n', after: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: payments\nspec:\n  syncPolicy:\n    automated:\n      prune: true\n' }],
    pass: [{ path: 'apps/payments/namespace.yaml', before: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n', after: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const a = k8sObjects(view, 'after');
    const prune = pruneEvident(view);
    const elsewhere = view.ctx.batch?.afterTexts ?? [];
    for (const o of k8sObjects(view, 'before').values()) {
      if (o.kind !== 'Namespace' || a.has(o.id)) continue;
      const re = new RegExp(`kind:\\s*Namespace[\\s\\S]{0,200}name:\\s*["']?${o.name.replace(/[^\w-]/g, '')}["']?\\s`);
      if (elsewhere.some((t) => t !== view.after && re.test(t))) continue;
      out.push({
        severity: prune ? 'critical' : 'high',
        message: `Namespace ${o.name} removed${prune ? ' under prune: true' : ''}; syncing deletes the namespace and everything in it`,
        beforeSpan: span(o.node),
        context: prodContext(view),
      });
    }
    // Kustomize: a namespace manifest dropped from resources.
    if (/(^|\/)kustomization\.ya?ml$/.test(view.lowerPath)) {
      const list = (side: Side): DocNode[] => view.docs(side).docs.flatMap((d) => items(get(d, 'resources')));
      const now = new Set(list('after').map((n) => scalar(n)));
      for (const n of list('before')) {
        const v = scalar(n);
        if (v && /namespace/i.test(v) && !now.has(v)) out.push({ severity: prune ? 'critical' : 'high', message: `kustomization no longer includes ${v}; with pruning the namespace and its contents are deleted`, beforeSpan: span(n), context: prodContext(view) });
      }
    }
    return out;
  },
});

export const kubArgoCascade = defineRule({
  id: 'KUB004',
  name: 'argo-application-cascade-delete',
  category: 'kubernetes',
  severity: 'critical',
  files: K8S_FILES,
  summary: 'An Argo CD Application with the resources finalizer is removed, or auto-prune is switched on.',
  rationale: 'Deleting an Application that carries `resources-finalizer.argocd.argoproj.io` makes Argo CD delete every resource it deployed. Turning on automated prune means anything missing from Git is deleted from the cluster on the next sync.',
  alternative: 'Remove the finalizer first (so the Application is deleted without its resources), or keep prune off until the manifests are confirmed complete.',
  examples: {
    fire: [{ path: 'argocd/apps.yaml', before: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: billing\n  finalizers:\n    - resources-finalizer.argocd.argoproj.io\nspec:\n  project: default\n', after: '' }],
    pass: [{ path: 'argocd/apps.yaml', before: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: billing\nspec:\n  project: default\n', after: '' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const a = k8sObjects(view, 'after');
    const b = k8sObjects(view, 'before');
    for (const o of b.values()) {
      if (o.kind !== 'Application' && o.kind !== 'ApplicationSet') continue;
      const fin = scalarList(get(o.node, 'metadata', 'finalizers')).some((f) => f.startsWith('resources-finalizer.argocd.argoproj.io'));
      if (!a.has(o.id) && fin) out.push({ message: `Argo CD ${o.kind} ${o.name} removed with its resources finalizer; Argo CD will delete everything it deployed`, beforeSpan: span(o.node), context: prodContext(view) });
    }
    for (const o of a.values()) {
      if (o.kind !== 'Application' && o.kind !== 'ApplicationSet') continue;
      const pruneNode = get(o.node, 'spec', 'syncPolicy', 'automated', 'prune') ?? get(o.node, 'spec', 'template', 'spec', 'syncPolicy', 'automated', 'prune');
      if (boolOf(pruneNode) !== true) continue;
      const ob = b.get(o.id);
      const was = ob ? boolOf(get(ob.node, 'spec', 'syncPolicy', 'automated', 'prune') ?? get(ob.node, 'spec', 'template', 'spec', 'syncPolicy', 'automated', 'prune')) : undefined;
      if (ob && was !== true) out.push({ severity: 'medium', message: `Argo CD ${o.kind} ${o.name}: automated prune switched on; resources missing from Git will be deleted on sync`, afterSpan: span(pruneNode!), context: prodContext(view) });
    }
    return out;
  },
});

export const kubReplicasZero = defineRule({
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

export const kubPrivilegedHostRoot = defineRule({
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
      out.push({ severity: sev, message: `${o.kind} ${o.name}: ${both ? 'privileged with the node\'s / mounted' : r.hostRoot ? 'mounts the node\'s / filesystem' : 'runs privileged'}`, afterSpan: span(o.node), context: prodContext(view) });
    }
    return out;
  },
});

export const kubClaimRemoved = defineRule({
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

export const KUBERNETES_RULES: readonly EditRule[] = [kubReclaimDelete, kubStorageClassChanged, kubNamespaceRemoved, kubArgoCascade, kubReplicasZero, kubPrivilegedHostRoot, kubClaimRemoved];
