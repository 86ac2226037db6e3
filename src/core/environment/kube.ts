/**
 * Where a Kubernetes tool acts: the kubeconfig it reads (`--kubeconfig`, `KUBECONFIG`, the
 * default `~/.kube/config`; files merged the way kubectl merges them, the first to set a value
 * winning), the context (`--context`, the current one, or one set earlier on the line), its
 * cluster and API server, and the namespace (`-n`, the context's). The same for helm, helmfile,
 * velero, k9s, flux, skaffold, stern and argocd's core mode, each with its own flag names.
 */
import { dynamic, optionValue, type OptionNames, plain } from './args';
import { CHANGED_UNKNOWN } from './line';
import type { EnvFact, EnvTarget, Probe } from './model';
import { hostOfUrl, isLoopbackHost } from './production';

interface KubeFlags {
  context: OptionNames;
  kubeconfig: OptionNames;
  namespace: OptionNames;
  cluster?: OptionNames;
  server?: OptionNames;
  /** Variables the tool reads for its context and namespace. */
  contextVar?: string;
  namespaceVar?: string;
}

const KUBECTL: KubeFlags = { context: { long: ['context'] }, kubeconfig: { long: ['kubeconfig'] }, namespace: { long: ['namespace'], short: ['n'] }, cluster: { long: ['cluster'] }, server: { long: ['server'], short: ['s'] } };

export const KUBE_TOOLS: Readonly<Record<string, KubeFlags>> = {
  kubectl: KUBECTL,
  kubecolor: KUBECTL,
  oc: KUBECTL,
  k9s: { context: { long: ['context'] }, kubeconfig: { long: ['kubeconfig'] }, namespace: { long: ['namespace'], short: ['n'] }, cluster: { long: ['cluster'] } },
  helm: { context: { long: ['kube-context'] }, kubeconfig: { long: ['kubeconfig'] }, namespace: { long: ['namespace'], short: ['n'] }, server: { long: ['kube-apiserver'] }, contextVar: 'HELM_KUBECONTEXT', namespaceVar: 'HELM_NAMESPACE' },
  helmfile: { context: { long: ['kube-context'] }, kubeconfig: { long: ['kubeconfig'] }, namespace: { long: ['namespace'], short: ['n'] } },
  velero: { context: { long: ['kubecontext'] }, kubeconfig: { long: ['kubeconfig'] }, namespace: { long: ['namespace'], short: ['n'] } },
  flux: { context: { long: ['context'] }, kubeconfig: { long: ['kubeconfig'] }, namespace: { long: ['namespace'], short: ['n'] }, cluster: { long: ['cluster'] }, server: { long: ['server'] } },
  skaffold: { context: { long: ['kube-context'] }, kubeconfig: { long: ['kubeconfig'] }, namespace: { long: ['namespace'], short: ['n'] } },
  stern: { context: { long: ['context'] }, kubeconfig: { long: ['kubeconfig'] }, namespace: { long: ['namespace'], short: ['n'] } },
  argocd: { context: { long: ['kube-context'] }, kubeconfig: { long: ['kubeconfig'] }, namespace: { long: ['namespace'], short: ['N'] } },
  kustomize: { context: { long: ['context'] }, kubeconfig: { long: ['kubeconfig'] }, namespace: { long: ['namespace'] } },
};

interface KubeConfig {
  currentContext?: string;
  contexts: Map<string, { cluster?: string; namespace?: string; user?: string }>;
  clusters: Map<string, { server?: string }>;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function named(list: unknown): [string, Record<string, unknown>][] {
  if (!Array.isArray(list)) return [];
  const out: [string, Record<string, unknown>][] = [];
  for (const e of list.slice(0, 2000)) {
    if (!e || typeof e !== 'object') continue;
    const o = e as Record<string, unknown>;
    const name = str(o.name);
    const body = (o.context ?? o.cluster);
    if (name) out.push([name, body && typeof body === 'object' ? (body as Record<string, unknown>) : {}]);
  }
  return out;
}

/**
 * Credentials and certificates are most of a kubeconfig's bytes and none of what is read here:
 * their long one-line values are cut before parsing, which keeps the structure and the parse cheap.
 */
const BULKY = /^(\s*-?\s*(?:certificate-authority-data|client-certificate-data|client-key-data|token|id-token|refresh-token|access-token|password)\s*:\s*)[^\s#'"][^\s#]{255,}[ \t]*$/gm;

/** A kubeconfig as kubectl reads it; anything that is not a mapping is an error. */
export function parseKubeconfig(text: string, parseYaml: (text: string) => unknown): KubeConfig {
  const slim = text.length > 4096 ? text.replace(BULKY, '$1x') : text;
  const doc: unknown = slim.trim() === '' ? {} : parseYaml(slim);
  if (doc === null || doc === undefined) return { contexts: new Map(), clusters: new Map() };
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new Error('not a kubeconfig (the top level is not a mapping)');
  const o = doc as Record<string, unknown>;
  const contexts = new Map<string, { cluster?: string; namespace?: string; user?: string }>();
  for (const [name, c] of named(o.contexts)) if (!contexts.has(name)) contexts.set(name, { cluster: str(c.cluster), namespace: str(c.namespace), user: str(c.user) });
  const clusters = new Map<string, { server?: string }>();
  for (const [name, c] of named(o.clusters)) if (!clusters.has(name)) clusters.set(name, { server: str(c.server) });
  return { currentContext: str(o['current-context']), contexts, clusters };
}

export function kubeTarget(pr: Probe): EnvTarget | undefined {
  const flags = KUBE_TOOLS[pr.cmd.program];
  if (!flags) return undefined;
  const { cmd, state } = pr;
  const target: EnvTarget = { family: 'kubernetes', facts: [], unknown: [] };
  const fact = (f: EnvFact): void => {
    target.facts.push(f);
  };
  // Which files: the flag, else KUBECONFIG (a list), else the default.
  const flagFile = optionValue(cmd.args, flags.kubeconfig);
  const envFiles = pr.variable('KUBECONFIG');
  let files: string[];
  let filesFrom: string;
  let filesChanged = state.kube.changed;
  if (flagFile !== undefined) {
    files = [flagFile];
    filesFrom = 'the line';
    filesChanged = true;
  } else if (envFiles.value) {
    files = envFiles.value.split(':').filter(Boolean);
    filesFrom = 'KUBECONFIG';
    filesChanged ||= envFiles.fromLine;
  } else {
    files = ['~/.kube/config'];
    filesFrom = '~/.kube/config';
  }
  if (files.some(dynamic)) target.unknown.push(`the kubeconfig path is only known at run time (${plain(files.join(':'))})`);
  const merged: KubeConfig = { contexts: new Map(), clusters: new Map() };
  for (const f of files.filter((x) => !dynamic(x)).slice(0, 16)) {
    const r = pr.parsed(f, 'kubeconfig', (t) => parseKubeconfig(t, pr.yaml));
    if (r.missing) continue;
    if (r.changed) filesChanged = true;
    if (r.error || !r.value) {
      target.unknown.push(`${pr.pretty(r.path)} ${r.error ?? 'could not be read'}`);
      continue;
    }
    const k = r.value;
    merged.currentContext ??= k.currentContext;
    for (const [n, c] of k.contexts) if (!merged.contexts.has(n)) merged.contexts.set(n, c);
    for (const [n, c] of k.clusters) if (!merged.clusters.has(n)) merged.clusters.set(n, c);
  }
  const fileLabel = filesFrom === 'the line' ? 'the --kubeconfig file' : filesFrom === 'KUBECONFIG' ? `KUBECONFIG (${pr.pretty(files.join(':'))})` : filesFrom;
  const siblings = [...merged.contexts.keys()];

  // The context: a flag, the tool's variable, one set earlier on the line, the file's current one.
  const flagContext = optionValue(cmd.args, flags.context);
  const varContext = flags.contextVar ? pr.variable(flags.contextVar) : undefined;
  let context: string | undefined;
  let contextFrom: string;
  let contextChanged = false;
  if (flagContext !== undefined) {
    context = flagContext;
    contextFrom = 'the line';
  } else if (varContext?.value) {
    context = varContext.value;
    contextFrom = flags.contextVar!;
    contextChanged = varContext.fromLine;
  } else if (state.kube.context !== undefined) {
    context = state.kube.context;
    contextFrom = `${state.kube.by ?? 'a command'} earlier on the line`;
    contextChanged = true;
  } else {
    context = merged.currentContext;
    contextFrom = fileLabel;
    contextChanged = filesChanged;
  }
  if (context === CHANGED_UNKNOWN) {
    target.unknown.push(`the kube context is changed earlier on the line (${state.kube.by ?? 'a command'}) to one only known at run time`);
    context = undefined;
  } else if (context !== undefined && dynamic(context)) {
    target.unknown.push(`the kube context is only known at run time (${plain(context)})`);
  }
  const ctxEntry = context ? merged.contexts.get(context) : undefined;
  if (context) fact({ label: 'kube context', value: plain(context), kind: 'name', from: contextFrom, changed: contextChanged, siblings, shown: true });

  const clusterName = optionValue(cmd.args, flags.cluster ?? {}) ?? ctxEntry?.cluster;
  if (clusterName && clusterName !== context) fact({ label: 'cluster', value: plain(clusterName), kind: 'name', from: flags.cluster && optionValue(cmd.args, flags.cluster) ? 'the line' : fileLabel, changed: contextChanged || filesChanged });
  const flagServer = flags.server ? optionValue(cmd.args, flags.server) : undefined;
  const server = flagServer ?? (clusterName ? merged.clusters.get(clusterName)?.server : undefined);
  if (server) {
    fact({ label: 'API server', value: plain(server), kind: 'cluster', from: flagServer ? 'the line' : fileLabel, changed: contextChanged || filesChanged });
    target.local = isLoopbackHost(hostOfUrl(server));
  } else if (context && !dynamic(context) && merged.contexts.size && !ctxEntry && flagServer === undefined && contextFrom !== 'the line') {
    target.unknown.push(`kube context \`${plain(context)}\` is not in ${fileLabel}`);
  } else if (context && ctxEntry === undefined && contextFrom.endsWith('earlier on the line')) {
    // A context made earlier on the line (update-kubeconfig, get-credentials): its server is not known yet.
    target.unresolved = ['cluster'];
  }

  const flagNs = optionValue(cmd.args, flags.namespace);
  const varNs = flags.namespaceVar ? pr.variable(flags.namespaceVar) : undefined;
  const lineNs = state.kube.namespace;
  const ns = flagNs ?? (varNs?.value || undefined) ?? (lineNs !== CHANGED_UNKNOWN ? lineNs : undefined) ?? ctxEntry?.namespace;
  if (lineNs === CHANGED_UNKNOWN && flagNs === undefined) target.unknown.push('the namespace is changed earlier on the line to one only known at run time');
  if (ns) fact({ label: 'namespace', value: plain(ns), kind: 'name', from: flagNs !== undefined ? 'the line' : lineNs ? 'earlier on the line' : fileLabel, changed: flagNs === undefined && (lineNs !== undefined || contextChanged), shown: true });

  if (cmd.program === 'helmfile') {
    const env = optionValue(cmd.args, { long: ['environment'], short: ['e'] }) ?? pr.variable('HELMFILE_ENVIRONMENT').value;
    if (env) fact({ label: 'helmfile environment', value: plain(env), kind: 'name', from: 'the line', shown: true });
  }
  return target.facts.length || target.unknown.length ? target : undefined;
}

/** argocd talks to an Argo CD server: `--server`, ARGOCD_SERVER, or the current context of its config. */
export function argocdTarget(pr: Probe): EnvTarget | undefined {
  if (pr.cmd.program !== 'argocd') return undefined;
  const target: EnvTarget = { family: 'argocd', facts: [], unknown: [] };
  const flag = optionValue(pr.cmd.args, { long: ['server'] });
  const fromVar = pr.variable('ARGOCD_SERVER');
  let server = flag ?? fromVar.value;
  let from = flag !== undefined ? 'the line' : 'ARGOCD_SERVER';
  if (!server && !pr.cmd.args.some((a) => a.value === '--core')) {
    const cfgDir = pr.variable('ARGOCD_CONFIG_DIR').value;
    const file = optionValue(pr.cmd.args, { long: ['config'] }) ?? (cfgDir ? `${cfgDir}/config` : '~/.config/argocd/config');
    const r = pr.parsed(file, 'argocd-config', (t) => pr.yaml(t));
    if (r.error) target.unknown.push(`${pr.pretty(r.path)} ${r.error}`);
    else if (r.value && typeof r.value === 'object') {
      const o = r.value as Record<string, unknown>;
      const current = str(o['current-context']);
      const ctx = Array.isArray(o.contexts) ? (o.contexts as unknown[]).find((c) => c && typeof c === 'object' && (c as Record<string, unknown>).name === current) : undefined;
      server = str((ctx as Record<string, unknown> | undefined)?.server) ?? current;
      from = pr.pretty(r.path);
    }
  }
  if (server) {
    target.facts.push({ label: 'Argo CD server', value: plain(server), kind: 'cluster', from, shown: true });
    const host = hostOfUrl(server.includes('://') ? server : `https://${server}`);
    target.local = isLoopbackHost(host);
  }
  const kube = kubeTarget(pr);
  if (kube && pr.cmd.args.some((a) => a.value === '--core')) return kube;
  return target.facts.length || target.unknown.length ? target : undefined;
}
