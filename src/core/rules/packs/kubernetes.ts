/**
 * Kubernetes and Helm: deletes that take data or whole namespaces with them, prunes, drains,
 * scale-to-zero and forced replacements. Read-only verbs (get, describe, logs, top, diff,
 * explain) and dry runs stay silent; a namespace, context or cluster that reads like
 * production raises the stakes.
 */
import type { SimpleCommand, Word } from '../../shell/model';
import type { ScopeClass, Severity } from '../../types';
import { isOn, type OptionSpec, optOf, optWords, parseArgs, type ParsedArgs, productionScope, shown, valueOf, valuesOf, withStdinArgs } from '../../shell/cli-args';
import { type CommandRule, type RuleMatch, type RulePack, spanFromProgram } from '../rule';

const KUBECTL = ['kubectl', 'oc', 'kubecolor', 'microk8s.kubectl', 'k3s', 'microk8s', 'minikube'];
/** Programs that carry kubectl as their first argument (`k3s kubectl …`, `minikube kubectl -- …`). */
const KUBECTL_HOSTS = new Set(['k3s', 'microk8s', 'minikube']);

const KUBECTL_SPEC: OptionSpec = {
  shortWithValue: 'nsflokcvLe',
  withValue: [
    'namespace', 'context', 'cluster', 'kubeconfig', 'server', 'user', 'token', 'as', 'as-group', 'as-uid', 'request-timeout', 'certificate-authority', 'client-certificate', 'client-key', 'tls-server-name', 'cache-dir', 'v', 'vmodule', 'log-dir', 'log-file', 'password', 'username', 'profile', 'profile-output',
    'filename', 'kustomize', 'selector', 'output', 'field-selector', 'grace-period', 'timeout', 'container', 'replicas', 'current-replicas', 'resource-version', 'prune-allowlist', 'prune-whitelist', 'template', 'raw', 'for', 'chunk-size', 'field-manager', 'subresource', 'pod-selector', 'label-columns', 'sort-by', 'skip-wait-for-delete-timeout', 'patch', 'type', 'overrides', 'image',
  ],
};

interface KubeCommand {
  verb: Word;
  rest: Word[];
  p: ParsedArgs;
  /** `namespace prod` or `the current namespace`. */
  where: string;
  scope: ScopeClass[];
  dryRun: boolean;
}

function envValue(cmd: SimpleCommand, name: string): string | undefined {
  return cmd.assignments.find((x) => x.name === name)?.value.value;
}

function dryRun(p: ParsedArgs): boolean {
  const o = optOf(p, 'dry-run');
  if (!o) return false;
  return o.value === undefined || !['none', 'false'].includes(o.value.toLowerCase());
}

function kubeCommand(cmd: SimpleCommand): KubeCommand | undefined {
  let args = cmd.args;
  if (KUBECTL_HOSTS.has(cmd.program)) {
    if (args[0]?.value !== 'kubectl') return undefined;
    args = args.slice(1);
    if (args[0]?.value === '--') args = args.slice(1);
  }
  const p = parseArgs(withStdinArgs(cmd, args), KUBECTL_SPEC);
  const [verb, ...rest] = p.positionals;
  if (!verb) return undefined;
  const ns = valueOf(p, 'n', 'namespace');
  const allNs = isOn(p, 'A', 'all-namespaces');
  const where = allNs ? 'every namespace' : ns ? `namespace ${shown(ns)}` : 'the current namespace';
  const scope = productionScope(ns, valueOf(p, 'context'), valueOf(p, 'cluster'), valueOf(p, 'kubeconfig'), envValue(cmd, 'KUBECONFIG'), valueOf(p, 's', 'server'));
  return { verb, rest, p, where, scope, dryRun: dryRun(p) };
}

function bump(s: Severity): Severity {
  return s === 'low' ? 'medium' : s === 'medium' ? 'high' : 'critical';
}

// What a delete hits ------------------------------------------------------------------------

type Kind = 'namespace' | 'crd' | 'volume' | 'light' | 'all' | 'other';

const KIND_ALIASES: Readonly<Record<string, Kind>> = {
  ns: 'namespace', namespace: 'namespace', namespaces: 'namespace', project: 'namespace', projects: 'namespace',
  crd: 'crd', crds: 'crd', customresourcedefinition: 'crd', customresourcedefinitions: 'crd',
  pv: 'volume', persistentvolume: 'volume', persistentvolumes: 'volume', pvc: 'volume', persistentvolumeclaim: 'volume', persistentvolumeclaims: 'volume',
  vs: 'volume', volumesnapshot: 'volume', volumesnapshots: 'volume', vsc: 'volume', volumesnapshotcontent: 'volume', volumesnapshotcontents: 'volume',
  po: 'light', pod: 'light', pods: 'light', ev: 'light', event: 'light', events: 'light', job: 'light', jobs: 'light',
  rs: 'light', replicaset: 'light', replicasets: 'light', ep: 'light', endpoints: 'light', endpointslice: 'light', endpointslices: 'light', lease: 'light', leases: 'light',
  all: 'all',
};

interface DeleteTarget {
  kind: Kind;
  /** As written, e.g. `pvc` or `deployments.apps`. */
  type: string;
  name?: string;
  words: Word[];
}

function kindOf(type: string): Kind {
  const t = type.toLowerCase();
  const dot = t.indexOf('.');
  return KIND_ALIASES[dot === -1 ? t : t.slice(0, dot)] ?? 'other';
}

/**
 * The resource type a computed argument list most likely holds: the type of a `kubectl get`
 * that feeds it (`kubectl get ns -o name | xargs kubectl delete`, `$(kubectl get pvc -o name)`).
 */
function feedingType(cmd: SimpleCommand): string | undefined {
  const feeders = [...(cmd.pipeline?.previous ?? []), ...(cmd.innerCommands ?? [])].slice(0, 16);
  for (const c of feeders) {
    if (!KUBECTL.includes(c.program)) continue;
    const p = parseArgs(c.args, KUBECTL_SPEC);
    if (p.positionals[0]?.value === 'get' && p.positionals[1] && !p.positionals[1].dynamic) return p.positionals[1].value.split('/')[0];
  }
  return undefined;
}

/** `TYPE NAME…`, `TYPE1,TYPE2 NAME…` or `TYPE/NAME…`, as kubectl reads them. */
function deleteTargets(rest: Word[], cmd?: SimpleCommand): DeleteTarget[] {
  const words = rest.slice(0, 128);
  if (words.length === 0) return [];
  if (words[0].dynamic && !words[0].value.split('\u0000').join('')) {
    // Types and names computed at run time: guess the type from what feeds them, else unknown.
    const type = (cmd && feedingType(cmd)) ?? 'resources';
    return words.map((w) => ({ kind: kindOf(type), type, name: w.value, words: [w] }));
  }
  if (words[0].value.includes('/')) {
    return words.map((w) => {
      const slash = w.value.indexOf('/');
      const type = slash === -1 ? w.value : w.value.slice(0, slash);
      return { kind: kindOf(type), type, name: slash === -1 ? undefined : w.value.slice(slash + 1), words: [w] };
    });
  }
  const types = words[0].value.split(',').filter(Boolean);
  const names = words.slice(1);
  const out: DeleteTarget[] = [];
  for (const type of types.slice(0, 16)) {
    if (names.length === 0) out.push({ kind: kindOf(type), type, words: [words[0]] });
    for (const n of names) out.push({ kind: kindOf(type), type, name: n.value, words: [words[0], n] });
  }
  return out;
}

function listNames(ts: DeleteTarget[], fallback: string): string {
  const named = ts.filter((t) => t.name !== undefined).map((t) => (t.name === '\u0000' ? `${t.type} (names known only at run time)` : `${t.type}/${shown(t.name!, 40)}`));
  if (named.length === 0) return fallback;
  return named.length > 3 ? `${named.slice(0, 3).join(', ')} and ${named.length - 3} more` : named.join(', ');
}

interface DeletePlan {
  k: KubeCommand;
  targets: DeleteTarget[];
  all: boolean;
  allNamespaces: boolean;
  selector?: string;
  files: string[];
  fileWords: Word[];
}

function deletePlan(cmd: SimpleCommand): DeletePlan | undefined {
  const k = kubeCommand(cmd);
  if (!k || k.verb.value !== 'delete' || k.dryRun) return undefined;
  const selector = valueOf(k.p, 'l', 'selector') ?? valueOf(k.p, 'field-selector');
  return {
    k,
    targets: deleteTargets(k.rest, cmd),
    all: isOn(k.p, 'all'),
    allNamespaces: isOn(k.p, 'A', 'all-namespaces'),
    selector,
    files: [...valuesOf(k.p, 'f', 'filename'), ...valuesOf(k.p, 'k', 'kustomize')],
    fileWords: k.p.opts.filter((o) => ['f', 'filename', 'k', 'kustomize'].includes(o.name)).flatMap((o) => (o.valueWord ? [o.word, o.valueWord] : [o.word])),
  };
}

function targetScope(plan: DeletePlan, ts: DeleteTarget[]): ScopeClass[] {
  const s = [...plan.k.scope, ...productionScope(...ts.map((t) => t.name), ...plan.files)];
  return [...new Set(s)];
}

function kindRule(kind: Kind, cmd: SimpleCommand, describe: (plan: DeletePlan, ts: DeleteTarget[]) => RuleMatch): RuleMatch | undefined {
  const plan = deletePlan(cmd);
  if (!plan) return undefined;
  const ts = plan.targets.filter((t) => t.kind === kind);
  // A type with no names, no --all and no selector is an error kubectl refuses.
  if (ts.length === 0 || (ts.every((t) => t.name === undefined) && !plan.all && !plan.selector)) return undefined;
  return describe(plan, ts);
}

const deleteNamespace: CommandRule = {
  id: 'KUBE001',
  name: 'kubectl-delete-namespace',
  category: 'kubernetes',
  severity: 'critical',
  triggers: [{ programs: KUBECTL, subcommands: ['delete'] }],
  summary: 'Catches `kubectl delete namespace` (and `oc delete project`), which deletes the namespace and every resource in it.',
  rationale: 'A namespace delete cascades to every deployment, service, secret, config map and volume claim in it; with a Delete reclaim policy the volumes and their data go too, and nothing can stop it once started.',
  alternative: 'kubectl get all,pvc,secret -n <ns> to see what lives there, back up what matters, and delete the namespace yourself',
  examples: {
    fire: ['kubectl delete namespace staging', 'kubectl delete ns/payments', 'kubectl -n default delete ns prod', 'oc delete project demo', 'sudo k3s kubectl delete namespaces feature-x'],
    pass: ['kubectl get ns', 'kubectl delete ns staging --dry-run=client', 'kubectl create namespace staging', 'kubectl delete pod web-0 -n staging'],
  },
  check(cmd) {
    return kindRule('namespace', cmd, (plan, ts) => {
      const named = ts.filter((t) => t.name !== undefined).map((t) => shown(t.name!, 40));
      const which = plan.all ? 'every namespace in the cluster' : named.length ? `namespace${named.length > 1 ? 's' : ''} ${named.slice(0, 4).join(', ')}${named.length > 4 ? ` and ${named.length - 4} more` : ''}` : `the namespaces matching ${shown(plan.selector ?? '', 40)}`;
      return {
        message: `kubectl delete deletes ${which} and every resource inside: workloads, secrets, config and volume claims (and with them, usually, the volumes' data).`,
        span: spanFromProgram(cmd, [plan.k.verb, ...ts.flatMap((t) => t.words)]),
        context: { scope: targetScope(plan, ts) },
      };
    });
  },
};

const deleteCrd: CommandRule = {
  id: 'KUBE002',
  name: 'kubectl-delete-crd',
  category: 'kubernetes',
  severity: 'critical',
  triggers: [{ programs: KUBECTL, subcommands: ['delete'] }],
  summary: 'Catches `kubectl delete crd`, which deletes a custom resource definition and every object of that kind in every namespace.',
  rationale: 'Deleting a CRD garbage-collects all of its custom resources cluster-wide (certificates, databases managed by an operator, backups), and operators may then delete what those objects stood for.',
  alternative: 'kubectl get <kind> -A -o yaml > backup.yaml first; upgrade or uninstall the operator through its own supported path',
  examples: {
    fire: ['kubectl delete crd certificates.cert-manager.io', 'kubectl delete customresourcedefinitions.apiextensions.k8s.io postgresclusters.postgres-operator.crunchydata.com', 'kubectl delete crd --all'],
    pass: ['kubectl get crd', 'kubectl delete certificate web-tls -n staging', 'kubectl describe crd certificates.cert-manager.io'],
  },
  check(cmd) {
    return kindRule('crd', cmd, (plan, ts) => ({
      message: `kubectl delete removes ${plan.all ? 'every custom resource definition' : `CRD ${listNames(ts, '(selected)')}`} and with it every custom resource of that kind in every namespace.`,
      span: spanFromProgram(cmd, [plan.k.verb, ...ts.flatMap((t) => t.words)]),
      context: { scope: targetScope(plan, ts) },
    }));
  },
};

const deleteVolume: CommandRule = {
  id: 'KUBE003',
  name: 'kubectl-delete-volume',
  category: 'kubernetes',
  severity: 'critical',
  triggers: [{ programs: KUBECTL, subcommands: ['delete'] }],
  summary: 'Catches `kubectl delete pv|pvc|volumesnapshot`, which releases storage that, with the usual Delete reclaim policy, is then wiped.',
  rationale: 'A persistent volume claim is where a database or queue keeps its data. Deleting it lets the provisioner delete the disk; there is no undo.',
  alternative: 'Check the reclaim policy (kubectl get pv) and snapshot the volume first; patch the PV to Retain before deleting the claim',
  examples: {
    fire: ['kubectl delete pvc data-postgres-0', 'kubectl delete pv pvc-3f2a1b', 'kubectl delete persistentvolumeclaims -l app=redis -n cache', 'kubectl delete pvc/data-mysql-0 -n prod'],
    pass: ['kubectl get pvc', 'kubectl describe pv pvc-3f2a1b', 'kubectl delete pvc data-0 --dry-run=server'],
  },
  check(cmd) {
    return kindRule('volume', cmd, (plan, ts) => {
      const scope = targetScope(plan, ts);
      const which = plan.all ? `every ${ts[0].type} in ${plan.k.where}` : listNames(ts, `${ts[0].type} matching ${shown(plan.selector ?? '', 40)} in ${plan.k.where}`);
      return {
        severity: scope.includes('production') || plan.all || plan.allNamespaces ? 'critical' : 'high',
        message: `kubectl delete removes ${which}${ts.every((t) => t.type.startsWith('pvc') || t.type.startsWith('persistentvolumeclaim')) && !plan.all ? ` in ${plan.k.where}` : ''}; with a Delete reclaim policy the disk and its data are destroyed.`,
        span: spanFromProgram(cmd, [plan.k.verb, ...ts.flatMap((t) => t.words)]),
        context: { scope },
      };
    });
  },
};

const deleteAll: CommandRule = {
  id: 'KUBE004',
  name: 'kubectl-delete-all',
  category: 'kubernetes',
  severity: 'critical',
  triggers: [{ programs: KUBECTL, subcommands: ['delete'] }],
  summary: 'Catches `kubectl delete … --all`, `-A`/`--all-namespaces` and `kubectl delete all`, which delete every matching resource at once.',
  rationale: 'Bulk deletes do not name their victims: one command removes every deployment, service or secret in a namespace, or across the cluster with `-A`.',
  alternative: 'kubectl get <type> -n <ns> first, then delete the resources you mean by name',
  examples: {
    fire: ['kubectl delete deployments --all -n staging', 'kubectl delete all --all', 'kubectl delete secrets --all -A', 'kubectl delete all -l app=web', 'kubectl delete pods --all'],
    pass: ['kubectl get all --all-namespaces', 'kubectl delete deployment web -n staging', 'kubectl delete pods --all --dry-run=client'],
  },
  check(cmd) {
    const plan = deletePlan(cmd);
    if (!plan) return undefined;
    const allKind = plan.targets.some((t) => t.kind === 'all');
    if (!plan.all && !plan.allNamespaces && !allKind) return undefined;
    if (plan.targets.length === 0 && plan.files.length === 0) return undefined;
    if (allKind && !plan.all && !plan.selector && plan.targets.every((t) => t.name === undefined)) return undefined;
    // Namespaces, CRDs and volumes have their own rules with their own words.
    const bulk = plan.targets.filter((t) => t.kind !== 'namespace' && t.kind !== 'crd' && t.kind !== 'volume');
    if (plan.targets.length > 0 && bulk.length === 0) return undefined;
    const types = [...new Set(bulk.map((t) => t.type))].join(', ') || 'resources';
    const light = bulk.length > 0 && bulk.every((t) => t.kind === 'light');
    const trivial = bulk.length > 0 && bulk.every((t) => /^(ev|events?)$/i.test(t.type.split('.')[0]));
    const pods = light && bulk.some((t) => /^(po|pods?)$/i.test(t.type.split('.')[0]));
    const scope = targetScope(plan, bulk);
    let severity: Severity = trivial ? 'low' : light ? (plan.allNamespaces ? 'high' : 'medium') : 'critical';
    if (light && !trivial && scope.includes('production')) severity = bump(severity);
    const scopeText = plan.allNamespaces ? 'in every namespace of the cluster' : `in ${plan.k.where}`;
    const what = allKind ? `every workload, service and replica set${plan.selector ? ` matching ${shown(plan.selector, 40)}` : ''}` : plan.all ? `all ${types}` : `${types} ${plan.selector ? `matching ${shown(plan.selector, 40)}` : 'as named'}`;
    return {
      severity,
      message: `kubectl delete removes ${what} ${scopeText}${pods ? '; controllers recreate pods, but everything restarts at once' : ''}.`,
      span: spanFromProgram(cmd, [plan.k.verb, ...(plan.targets[0]?.words.slice(0, 1) ?? []), ...optWords(plan.k.p, 'all', 'A', 'all-namespaces')]),
      context: { scope },
    };
  },
};

function looksLikeDir(f: string): boolean {
  return !/\.(ya?ml|json)$/i.test(f) && f !== '-';
}

const deleteResource: CommandRule = {
  id: 'KUBE005',
  name: 'kubectl-delete',
  category: 'kubernetes',
  severity: 'high',
  triggers: [{ programs: KUBECTL, subcommands: ['delete'] }],
  summary: 'Catches `kubectl delete` of named resources, selectors and manifests (`-f`, `-k`); pods and jobs are low, production namespaces higher.',
  rationale: 'Deleting a deployment, service, secret or config map takes the application (or its credentials) down until someone re-applies it; a manifest delete removes whatever the file lists, which may be more than expected.',
  alternative: 'kubectl delete … --dry-run=server -o name to list what would go, then delete by name; prefer scaling down to deleting',
  examples: {
    fire: ['kubectl delete deployment web', 'kubectl delete -f k8s/', 'kubectl --context prod-eu delete svc api', 'kubectl delete secret db-creds -n prod', 'kubectl delete pod web-5d8f -n staging'],
    pass: ['kubectl get deployment web', 'kubectl delete -f k8s/web.yaml --dry-run=client', 'kubectl diff -f k8s/', 'kubectl logs web-5d8f', 'kubectl delete'],
  },
  check(cmd) {
    const plan = deletePlan(cmd);
    if (!plan || plan.all || plan.targets.some((t) => t.kind === 'all')) return undefined;
    const matches: RuleMatch[] = [];
    if (plan.files.length) {
      const recursive = isOn(plan.k.p, 'R', 'recursive') || valuesOf(plan.k.p, 'k', 'kustomize').length > 0 || plan.files.some(looksLikeDir) || plan.files.some((f) => /^https?:/.test(f));
      const scope = targetScope(plan, []);
      let severity: Severity = recursive ? 'high' : 'medium';
      if (severity === 'medium' && scope.includes('production')) severity = 'high';
      matches.push({
        severity,
        message: `kubectl delete -f removes every resource described in ${plan.files.map((f) => shown(f, 50)).join(', ')}${recursive ? ' (a whole directory or kustomization, possibly namespaces and volume claims)' : ''}, in ${plan.k.where} unless the manifests say otherwise.`,
        span: spanFromProgram(cmd, [plan.k.verb, ...plan.fileWords]),
        context: { scope },
      });
    }
    const rest = plan.targets.filter((t) => t.kind === 'light' || t.kind === 'other');
    const named = rest.filter((t) => t.name !== undefined);
    const selected = plan.selector !== undefined ? rest.filter((t) => t.name === undefined) : [];
    const hits = [...named, ...selected];
    if (hits.length) {
      const scope = targetScope(plan, hits);
      const light = hits.every((t) => t.kind === 'light');
      // A list computed at run time is a bulk delete: even pods all restart at once.
      let severity: Severity = light && !hits.some((t) => t.name?.includes('\u0000')) ? 'low' : 'medium';
      if (scope.includes('production') || plan.allNamespaces) severity = bump(severity);
      const which = selected.length && !named.length ? `every ${[...new Set(selected.map((t) => t.type))].join(', ')} matching ${shown(plan.selector ?? '', 40)}` : listNames(hits, 'the named resources');
      matches.push({
        severity,
        message: `kubectl delete removes ${which} in ${plan.k.where}${light ? '; controllers usually recreate them' : '; it stays down until someone re-applies it'}.`,
        span: spanFromProgram(cmd, [plan.k.verb, ...hits.flatMap((t) => t.words)]),
        context: { scope },
      });
    }
    if (!matches.length && plan.k.p.opts.some((o) => o.name === 'raw')) {
      matches.push({ severity: 'medium', message: `kubectl delete --raw ${shown(valueOf(plan.k.p, 'raw') ?? '', 60)} deletes through the raw API path; the engine cannot tell what it removes.`, span: spanFromProgram(cmd, [plan.k.verb]), context: { scope: plan.k.scope } });
    }
    return matches;
  },
};

// apply --prune, drain, scale 0, replace --force, cordon ----------------------------------------

const applyPrune: CommandRule = {
  id: 'KUBE006',
  name: 'kubectl-apply-prune',
  category: 'kubernetes',
  severity: 'high',
  triggers: [{ programs: KUBECTL, subcommands: ['apply', '--prune'] }],
  summary: 'Catches `kubectl apply --prune`, which deletes every live resource matching the selector that the applied manifests do not list.',
  rationale: 'Prune decides what to delete by absence: a manifest that was skipped, renamed or filtered out is deleted from the cluster, data-bearing objects included.',
  alternative: 'kubectl diff -f <dir> and kubectl apply --prune --dry-run=server to list what would be pruned, then apply without --prune and delete by name',
  examples: {
    fire: ['kubectl apply -f k8s/ --prune -l app=web', 'kubectl apply --prune --all -f manifests/', 'kubectl -n prod apply -k overlays/prod --prune -l team=payments'],
    pass: ['kubectl apply -f k8s/', 'kubectl apply -f k8s/ --prune -l app=web --dry-run=server', 'kubectl diff -f k8s/'],
  },
  check(cmd) {
    const k = kubeCommand(cmd);
    if (!k || k.verb.value !== 'apply' || k.dryRun || !isOn(k.p, 'prune')) return undefined;
    const sel = valueOf(k.p, 'l', 'selector');
    const files = [...valuesOf(k.p, 'f', 'filename'), ...valuesOf(k.p, 'k', 'kustomize')];
    const scope = [...new Set([...k.scope, ...productionScope(...files)])];
    return {
      severity: scope.includes('production') || isOn(k.p, 'all') ? 'critical' : 'high',
      message: `kubectl apply --prune deletes every resource ${sel ? `labelled ${shown(sel, 40)}` : 'it manages'} in ${k.where} that ${files.length ? files.map((f) => shown(f, 40)).join(', ') : 'the manifests'} no longer list${files.length === 1 ? 's' : ''}.`,
      span: spanFromProgram(cmd, [k.verb, ...optWords(k.p, 'prune')]),
      context: { scope },
    };
  },
};

const drain: CommandRule = {
  id: 'KUBE007',
  name: 'kubectl-drain',
  category: 'kubernetes',
  severity: 'high',
  triggers: [{ programs: KUBECTL, subcommands: ['drain'] }],
  summary: 'Catches `kubectl drain`, which evicts every pod from a node; with `--delete-emptydir-data`, `--force` or `--disable-eviction` it destroys data and unmanaged pods.',
  rationale: 'Draining moves the node\'s whole workload at once. `--delete-emptydir-data` wipes scratch volumes, `--force` deletes pods no controller will recreate, and `--disable-eviction` ignores disruption budgets.',
  alternative: 'kubectl cordon <node> first, move workloads gradually, and drain without --force or --disable-eviction so budgets are respected',
  examples: {
    fire: ['kubectl drain node-1', 'kubectl drain node-1 --ignore-daemonsets --delete-emptydir-data --force', 'kubectl drain worker-3 --disable-eviction'],
    pass: ['kubectl drain node-1 --dry-run=client', 'kubectl uncordon node-1', 'kubectl get nodes'],
  },
  check(cmd) {
    const k = kubeCommand(cmd);
    if (!k || k.verb.value !== 'drain' || k.dryRun) return undefined;
    const nodes = k.rest.map((w) => shown(w.value, 40)).join(', ') || (valueOf(k.p, 'l', 'selector') ? `nodes matching ${shown(valueOf(k.p, 'l', 'selector')!, 40)}` : 'the node');
    const harsh: string[] = [];
    if (isOn(k.p, 'delete-emptydir-data', 'delete-local-data')) harsh.push('wipes emptyDir volumes');
    if (isOn(k.p, 'force')) harsh.push('deletes pods no controller recreates');
    if (isOn(k.p, 'disable-eviction')) harsh.push('bypasses pod disruption budgets');
    const scope = [...new Set([...k.scope, ...productionScope(...k.rest.map((w) => w.value))])];
    const severity: Severity = harsh.length || scope.includes('production') ? 'high' : 'medium';
    return {
      severity,
      message: `kubectl drain evicts every pod from ${nodes}${harsh.length ? ` and ${harsh.join(', ')}` : ''}.`,
      span: spanFromProgram(cmd, [k.verb, ...k.rest, ...optWords(k.p, 'delete-emptydir-data', 'delete-local-data', 'force', 'disable-eviction')]),
      context: { scope },
    };
  },
};

const scaleZero: CommandRule = {
  id: 'KUBE008',
  name: 'kubectl-scale-to-zero',
  category: 'kubernetes',
  severity: 'high',
  triggers: [{ programs: KUBECTL, subcommands: ['scale'] }],
  summary: 'Catches `kubectl scale --replicas=0`, which stops every pod of a workload.',
  rationale: 'Scaling to zero is an outage for whatever the workload serves; on a StatefulSet it also stops replication and can strand leader election.',
  alternative: 'Scale down one step at a time, or use a maintenance flag in the application; record the current replica count first',
  examples: {
    fire: ['kubectl scale deployment web --replicas=0', 'kubectl scale --replicas 0 statefulset/db -n prod', 'kubectl scale deploy --all --replicas=0 -n staging'],
    pass: ['kubectl scale deployment web --replicas=3', 'kubectl scale deploy web --replicas=0 --dry-run=client', 'kubectl get deploy web'],
  },
  check(cmd) {
    const k = kubeCommand(cmd);
    if (!k || k.verb.value !== 'scale' || k.dryRun) return undefined;
    const r = optOf(k.p, 'replicas');
    if (!r || r.value === undefined || !/^0+$/.test(r.value.trim())) return undefined;
    const targets = deleteTargets(k.rest);
    const all = isOn(k.p, 'all');
    const scope = [...new Set([...k.scope, ...productionScope(...targets.map((t) => t.name), ...valuesOf(k.p, 'f', 'filename'))])];
    return {
      severity: all || scope.includes('production') ? 'high' : 'medium',
      message: `kubectl scale --replicas=0 stops every pod of ${all ? `every ${targets[0]?.type ?? 'workload'}` : listNames(targets, 'the workload')} in ${k.where}; whatever it serves goes down.`,
      span: spanFromProgram(cmd, [k.verb, r.word, ...(r.valueWord ? [r.valueWord] : [])]),
      context: { scope },
    };
  },
};

const forceReplace: CommandRule = {
  id: 'KUBE009',
  name: 'kubectl-force-replace',
  category: 'kubernetes',
  severity: 'high',
  triggers: [{ programs: KUBECTL, subcommands: ['replace', 'apply'] }],
  summary: 'Catches `kubectl replace --force` and `kubectl apply --force`, which delete and recreate resources instead of updating them.',
  rationale: 'A forced replace deletes the live object first: pods restart at once, a Service may get a new cluster IP, and objects with finalizers or owned children can take dependants with them.',
  alternative: 'kubectl apply (or replace) without --force; fix the immutable-field conflict explicitly',
  examples: {
    fire: ['kubectl replace --force -f deploy.yaml', 'kubectl apply --force -f k8s/job.yaml', 'kubectl -n prod replace --force -f svc.yaml'],
    pass: ['kubectl replace -f deploy.yaml', 'kubectl apply -f k8s/', 'kubectl apply --force -f x.yaml --dry-run=server', 'kubectl apply --force-conflicts --server-side -f x.yaml'],
  },
  check(cmd) {
    const k = kubeCommand(cmd);
    if (!k || (k.verb.value !== 'replace' && k.verb.value !== 'apply') || k.dryRun || !isOn(k.p, 'force')) return undefined;
    const files = valuesOf(k.p, 'f', 'filename');
    const scope = [...new Set([...k.scope, ...productionScope(...files)])];
    return {
      severity: scope.includes('production') ? 'high' : 'medium',
      message: `kubectl ${k.verb.value} --force deletes and recreates the resources in ${files.map((f) => shown(f, 40)).join(', ') || 'the manifests'} (${k.where}) instead of updating them.`,
      span: spanFromProgram(cmd, [k.verb, ...optWords(k.p, 'force')]),
      context: { scope },
    };
  },
};

const cordon: CommandRule = {
  id: 'KUBE010',
  name: 'kubectl-cordon',
  category: 'kubernetes',
  severity: 'low',
  triggers: [{ programs: KUBECTL, subcommands: ['cordon'] }],
  summary: 'Catches `kubectl cordon`, which stops scheduling onto a node.',
  rationale: 'Cordoning is reversible with `uncordon`, but a cordoned node that is forgotten shrinks the cluster\'s capacity.',
  alternative: 'Cordon deliberately and note to uncordon the node afterwards',
  examples: {
    fire: ['kubectl cordon node-1', 'kubectl cordon -l pool=spot'],
    pass: ['kubectl uncordon node-1', 'kubectl cordon node-1 --dry-run=client'],
  },
  check(cmd) {
    const k = kubeCommand(cmd);
    if (!k || k.verb.value !== 'cordon' || k.dryRun) return undefined;
    const nodes = k.rest.map((w) => shown(w.value, 40)).join(', ') || 'the selected nodes';
    return { message: `kubectl cordon marks ${nodes} unschedulable until someone runs uncordon.`, span: spanFromProgram(cmd, [k.verb, ...k.rest]), context: { scope: k.scope } };
  },
};

// Helm ---------------------------------------------------------------------------------------

const HELM_SPEC: OptionSpec = {
  shortWithValue: 'nfo',
  withValue: [
    'namespace', 'kube-context', 'kubeconfig', 'registry-config', 'repository-config', 'repository-cache', 'burst-limit', 'qps', 'kube-apiserver', 'kube-as-user', 'kube-as-group', 'kube-token', 'kube-ca-file', 'kube-tls-server-name',
    'values', 'set', 'set-string', 'set-file', 'set-json', 'set-literal', 'version', 'timeout', 'description', 'post-renderer', 'post-renderer-args', 'repo', 'username', 'password', 'ca-file', 'cert-file', 'key-file', 'keyring', 'history-max', 'max', 'cascade', 'output', 'labels',
  ],
};

interface HelmCommand {
  verb: Word;
  rest: Word[];
  p: ParsedArgs;
  where: string;
  scope: ScopeClass[];
  dryRun: boolean;
}

function helmCommand(cmd: SimpleCommand): HelmCommand | undefined {
  const p = parseArgs(withStdinArgs(cmd, cmd.args), HELM_SPEC);
  const [verb, ...rest] = p.positionals;
  if (!verb) return undefined;
  const ns = valueOf(p, 'n', 'namespace') ?? envValue(cmd, 'HELM_NAMESPACE');
  const scope = productionScope(ns, valueOf(p, 'kube-context'), valueOf(p, 'kubeconfig'), envValue(cmd, 'KUBECONFIG'), envValue(cmd, 'HELM_KUBECONTEXT'));
  return { verb, rest, p, where: ns ? `namespace ${shown(ns)}` : 'the current namespace', scope, dryRun: isOn(p, 'dry-run') && valueOf(p, 'dry-run') !== 'none' };
}

const helmUninstall: CommandRule = {
  id: 'KUBE011',
  name: 'helm-uninstall',
  category: 'kubernetes',
  severity: 'critical',
  triggers: [{ programs: ['helm'], subcommands: ['uninstall', 'delete', 'del', 'un'] }],
  summary: 'Catches `helm uninstall` (`helm delete`), which deletes every resource a release installed.',
  rationale: 'Uninstalling removes the release\'s deployments, services, secrets and config together, and volume claims created by the chart itself; in production that is an outage and possibly data loss.',
  alternative: 'helm get manifest <release> to see what would go, helm uninstall --dry-run, and keep history with --keep-history',
  examples: {
    fire: ['helm uninstall web', 'helm delete redis -n cache', 'helm --namespace prod uninstall api', 'helm un web worker --kube-context prod-eu'],
    pass: ['helm list', 'helm uninstall web --dry-run', 'helm status web', 'helm plugin uninstall diff', 'helm repo remove bitnami'],
  },
  check(cmd) {
    const h = helmCommand(cmd);
    if (!h || !['uninstall', 'delete', 'del', 'un'].includes(h.verb.value) || h.dryRun || h.rest.length === 0) return undefined;
    const scope = [...new Set([...h.scope, ...productionScope(...h.rest.map((w) => w.value))])];
    const releases = h.rest.map((w) => shown(w.value, 40)).join(', ');
    return {
      severity: scope.includes('production') ? 'critical' : 'high',
      message: `helm uninstall deletes release${h.rest.length > 1 ? 's' : ''} ${releases} in ${h.where}: every deployment, service, secret and chart-created volume claim it installed${isOn(h.p, 'keep-history') ? '' : ', and its release history'}.`,
      span: spanFromProgram(cmd, [h.verb, ...h.rest]),
      context: { scope },
    };
  },
};

const helmRollback: CommandRule = {
  id: 'KUBE012',
  name: 'helm-rollback',
  category: 'kubernetes',
  severity: 'medium',
  triggers: [{ programs: ['helm'], subcommands: ['rollback'] }],
  summary: 'Catches `helm rollback`, which redeploys an earlier revision of a release over the running one.',
  rationale: 'A rollback restores old manifests and values, undoing config and schema changes the application may already depend on; with `--force` resources are deleted and recreated.',
  alternative: 'helm history <release> and helm diff rollback (plugin) first; roll back one revision you have checked',
  examples: {
    fire: ['helm rollback web', 'helm rollback api 3 -n prod', 'helm rollback web 2 --force'],
    pass: ['helm history web', 'helm rollback web 2 --dry-run', 'helm list -n prod'],
  },
  check(cmd) {
    const h = helmCommand(cmd);
    if (!h || h.verb.value !== 'rollback' || h.dryRun || h.rest.length === 0) return undefined;
    const [release, revision] = h.rest;
    return {
      message: `helm rollback replaces release ${shown(release.value, 40)} in ${h.where} with ${revision ? `revision ${shown(revision.value, 10)}` : 'its previous revision'}${isOn(h.p, 'force') ? ', deleting and recreating resources' : ''}.`,
      span: spanFromProgram(cmd, [h.verb, ...h.rest.slice(0, 2)]),
      context: { scope: [...new Set([...h.scope, ...productionScope(release.value)])] },
    };
  },
};

const helmUpgradeForce: CommandRule = {
  id: 'KUBE013',
  name: 'helm-upgrade-force',
  category: 'kubernetes',
  severity: 'medium',
  triggers: [{ programs: ['helm'], subcommands: ['upgrade'] }],
  summary: 'Catches `helm upgrade --force` (`--force-replace`), which deletes and recreates resources instead of patching them.',
  rationale: 'Forced replacement restarts everything at once and recreates Services and Jobs, so the release is briefly down.',
  alternative: 'helm upgrade without --force; fix the immutable-field conflict in the chart',
  examples: {
    fire: ['helm upgrade web ./chart --force', 'helm upgrade --install api bitnami/nginx --force-replace -n prod'],
    pass: ['helm upgrade web ./chart', 'helm upgrade web ./chart --force --dry-run', 'helm install web ./chart'],
  },
  check(cmd) {
    const h = helmCommand(cmd);
    if (!h || h.verb.value !== 'upgrade' || h.dryRun || !isOn(h.p, 'force', 'force-replace')) return undefined;
    const release = h.rest[0];
    return {
      message: `helm upgrade --force deletes and recreates the resources of release ${release ? shown(release.value, 40) : ''} in ${h.where} instead of patching them.`,
      span: spanFromProgram(cmd, [h.verb, ...optWords(h.p, 'force', 'force-replace')]),
      context: { scope: [...new Set([...h.scope, ...productionScope(release?.value)])] },
    };
  },
};

export const kubernetesPack: RulePack = {
  name: 'kubernetes',
  description: 'kubectl and Helm: deleted namespaces, CRDs and volumes, bulk deletes, prunes, drains, scale-to-zero and forced replacements.',
  rules: [deleteNamespace, deleteCrd, deleteVolume, deleteAll, deleteResource, applyPrune, drain, scaleZero, forceReplace, cordon, helmUninstall, helmRollback, helmUpgradeForce],
};
