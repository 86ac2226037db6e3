import { kindName } from '../../plain-text';
/**
 * What several kubernetes rules share.
 */
import { isOn, type OptionSpec, optOf, parseArgs, type ParsedArgs, productionScope, shown, valueOf, valuesOf, withStdinArgs } from '../../shell/cli-args';
import type { SimpleCommand, Word } from '../../shell/model';
import type { ScopeClass, Severity } from '../../types';
import type { RuleMatch } from '../rule';

export const KUBECTL = ['kubectl', 'oc', 'kubecolor', 'microk8s.kubectl', 'k3s', 'microk8s', 'minikube'];

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

export function kubeCommand(cmd: SimpleCommand): KubeCommand | undefined {
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
  const where = allNs ? 'every namespace' : ns ? `${kindName('namespace', shown(ns))}` : 'the current namespace';
  const scope = productionScope(ns, valueOf(p, 'context'), valueOf(p, 'cluster'), valueOf(p, 'kubeconfig'), envValue(cmd, 'KUBECONFIG'), valueOf(p, 's', 'server'));
  return { verb, rest, p, where, scope, dryRun: dryRun(p) };
}

export function bump(s: Severity): Severity {
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
export function deleteTargets(rest: Word[], cmd?: SimpleCommand): DeleteTarget[] {
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

export function listNames(ts: DeleteTarget[], fallback: string): string {
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

export function deletePlan(cmd: SimpleCommand): DeletePlan | undefined {
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

export function targetScope(plan: DeletePlan, ts: DeleteTarget[]): ScopeClass[] {
  const s = [...plan.k.scope, ...productionScope(...ts.map((t) => t.name), ...plan.files)];
  return [...new Set(s)];
}

export function kindRule(kind: Kind, cmd: SimpleCommand, describe: (plan: DeletePlan, ts: DeleteTarget[]) => RuleMatch): RuleMatch | undefined {
  const plan = deletePlan(cmd);
  if (!plan) return undefined;
  const ts = plan.targets.filter((t) => t.kind === kind);
  // A type with no names, no --all and no selector is an error kubectl refuses.
  if (ts.length === 0 || (ts.every((t) => t.name === undefined) && !plan.all && !plan.selector)) return undefined;
  return describe(plan, ts);
}

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

export function helmCommand(cmd: SimpleCommand): HelmCommand | undefined {
  const p = parseArgs(withStdinArgs(cmd, cmd.args), HELM_SPEC);
  const [verb, ...rest] = p.positionals;
  if (!verb) return undefined;
  const ns = valueOf(p, 'n', 'namespace') ?? envValue(cmd, 'HELM_NAMESPACE');
  const scope = productionScope(ns, valueOf(p, 'kube-context'), valueOf(p, 'kubeconfig'), envValue(cmd, 'KUBECONFIG'), envValue(cmd, 'HELM_KUBECONTEXT'));
  return { verb, rest, p, where: ns ? `${kindName('namespace', shown(ns))}` : 'the current namespace', scope, dryRun: isOn(p, 'dry-run') && valueOf(p, 'dry-run') !== 'none' };
}
