import { kindName } from '../../plain-text';
import { isOn, type OptionSpec, optWords, parseArgs, productionScope, shown, valueOf, withStdinArgs } from '../../shell/cli-args';
import type { SimpleCommand, Word } from '../../shell/model';
import type { ScopeClass, Severity } from '../../types';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { bump } from './helpers';

// ---------------------------------------------------------------------------------------------
// KUBE014: deletions through the tools that deploy for you: Argo CD, Flux and helmfile

interface Hit {
  severity: Severity;
  what: string;
  words: Word[];
  names: (string | undefined)[];
}

const ARGOCD_SPEC: OptionSpec = {
  shortWithValue: 'lpor',
  withValue: ['server', 'auth-token', 'config', 'context', 'grpc-web-root-path', 'header', 'kube-context', 'core', 'port-forward-namespace', 'propagation-policy', 'selector', 'project', 'app-namespace', 'N', 'resource', 'kind', 'group', 'namespace', 'sync-policy', 'sync-option', 'revision', 'label', 'timeout', 'retry-limit', 'strategy', 'output', 'name', 'local', 'dest-server', 'dest-namespace', 'repo'],
};

function argocd(cmd: SimpleCommand): Hit | undefined {
  const p = parseArgs(withStdinArgs(cmd, cmd.args), ARGOCD_SPEC);
  if (isOn(p, 'help', 'h') || isOn(p, 'dry-run')) return undefined;
  const [group, verb, ...targets] = p.positionals;
  if (!group || !verb) return undefined;
  const names = targets.map((t) => t.value);
  const list = names.map((n) => shown(n, 40)).join(', ');
  const g = group.value;
  const v = verb.value;
  const sel = valueOf(p, 'l', 'selector');
  if ((g === 'app' || g === 'application' || g === 'apps') && (v === 'delete' || v === 'rm')) {
    // --cascade is on unless written --cascade=false: without it, what the application deployed stays.
    if (p.opts.some((o) => o.name === 'cascade') && !isOn(p, 'cascade')) return { severity: 'low', what: `argocd app delete --cascade=false removes the ${kindName('application', list)} but keeps what it deployed`, words: [group, verb, ...targets], names };
    return { severity: 'high', what: `argocd app delete removes ${sel ? `every application matching ${shown(sel)}` : `${kindName(`the application${names.length > 1 ? 's' : ''}`, list)}`} and, cascading, every resource ${names.length > 1 || sel ? 'they' : 'it'} deployed (workloads, services, volume claims)`, words: [group, verb, ...targets], names: [...names, sel] };
  }
  if ((g === 'app' || g === 'application' || g === 'apps') && v === 'delete-resource') return { severity: 'medium', what: `argocd app delete-resource deletes ${shown(valueOf(p, 'kind') ?? 'a resource')} ${shown(valueOf(p, 'resource-name') ?? '')} of ${list} from the cluster`, words: [group, verb, ...targets], names };
  if ((g === 'app' || g === 'application' || g === 'apps') && v === 'sync' && isOn(p, 'prune')) return { severity: 'medium', what: `argocd app sync --prune deletes every live resource of ${list || 'the application'} that is no longer in Git`, words: [group, verb, ...targets, ...optWords(p, 'prune')], names };
  if ((g === 'app' || g === 'application' || g === 'apps') && v === 'set' && (isOn(p, 'auto-prune') || /(^|,)Prune=true/i.test(valueOf(p, 'sync-option') ?? ''))) return { severity: 'medium', what: `argocd app set turns on pruning for ${list}: resources removed from Git are deleted from the cluster on the next sync`, words: [group, verb, ...targets], names };
  if ((g === 'appset' || g === 'applicationset' || g === 'appsets') && (v === 'delete' || v === 'rm')) return { severity: 'high', what: `argocd appset delete removes the ${kindName('ApplicationSet', list)} with every application it generated and, unless it preserves resources on deletion, everything they deployed`, words: [group, verb, ...targets], names };
  if ((g === 'proj' || g === 'project') && (v === 'delete' || v === 'rm')) return { severity: 'medium', what: `argocd proj delete removes the ${kindName('project', list)} with its roles, tokens and sync windows`, words: [group, verb, ...targets], names };
  if (g === 'cluster' && (v === 'rm' || v === 'delete')) return { severity: 'medium', what: `argocd cluster rm disconnects ${list}: applications that deploy to it stop syncing`, words: [group, verb, ...targets], names };
  return undefined;
}

const FLUX_SPEC: OptionSpec = { shortWithValue: 'n', withValue: ['namespace', 'context', 'kubeconfig', 'timeout', 'cluster', 'token', 'server', 'user', 'as', 'as-group', 'cache-dir', 'label-selector'] };

/** Flux objects whose deletion garbage-collects what they applied. */
const FLUX_APPLIERS = new Set(['kustomization', 'ks', 'helmrelease', 'hr']);

function flux(cmd: SimpleCommand): Hit | undefined {
  const p = parseArgs(withStdinArgs(cmd, cmd.args), FLUX_SPEC);
  if (isOn(p, 'help', 'h') || isOn(p, 'dry-run')) return undefined;
  const [verb, kind, ...targets] = p.positionals;
  if (!verb) return undefined;
  if (verb.value === 'uninstall') return { severity: 'medium', what: 'flux uninstall removes the Flux controllers and their custom resources: nothing is reconciled from Git any more', words: [verb], names: [valueOf(p, 'n', 'namespace')] };
  if (verb.value !== 'delete' || !kind) return undefined;
  const names = targets.map((t) => t.value);
  const k = kind.value;
  if (FLUX_APPLIERS.has(k)) {
    return { severity: 'high', what: `flux delete ${k} removes ${names.map((n) => shown(n, 40)).join(', ') || '(named)'} and ${k.startsWith('h') ? 'uninstalls its Helm release' : 'with pruning on deletes every resource it applied'}`, words: [verb, kind, ...targets], names: [...names, valueOf(p, 'n', 'namespace')] };
  }
  return { severity: 'low', what: `flux delete ${k} removes ${names.map((n) => shown(n, 40)).join(', ')}; what reconciles from it stops updating`, words: [verb, kind, ...targets], names };
}

const HELMFILE_SPEC: OptionSpec = { shortWithValue: 'felnb', withValue: ['file', 'environment', 'selector', 'namespace', 'kube-context', 'state-values-set', 'state-values-file', 'helm-binary', 'chart', 'args', 'concurrency', 'log-level', 'skip-deps'] };

function helmfile(cmd: SimpleCommand): Hit | undefined {
  const p = parseArgs(withStdinArgs(cmd, cmd.args), HELMFILE_SPEC);
  if (isOn(p, 'help', 'h')) return undefined;
  const verb = p.positionals.find((w) => w.value === 'destroy' || w.value === 'delete');
  if (!verb) return undefined;
  const sel = valueOf(p, 'l', 'selector');
  const env = valueOf(p, 'e', 'environment');
  return { severity: 'high', what: `helmfile ${verb.value} uninstalls ${sel ? `every release matching ${shown(sel)}` : 'every release in the helmfile'}${env ? ` (${kindName('environment', shown(env))})` : ''}: their workloads, services, secrets and chart-created volume claims`, words: [verb], names: [env, valueOf(p, 'kube-context'), valueOf(p, 'n', 'namespace'), valueOf(p, 'f', 'file')] };
}

export const gitopsDelete: CommandRule = {
  id: 'KUBE014',
  name: 'gitops-delete',
  category: 'kubernetes',
  severity: 'critical',
  triggers: [
    { programs: ['argocd'], subcommands: ['delete', 'rm', 'delete-resource', 'sync', 'set'] },
    { programs: ['flux'], subcommands: ['delete', 'uninstall'] },
    { programs: ['helmfile'], subcommands: ['destroy', 'delete'] },
  ],
  summary: 'Catches deletions through the tools that deploy for you: `argocd app delete` (cascading), `argocd appset delete`, `argocd app sync --prune`, `flux delete kustomization|helmrelease`, `flux uninstall` and `helmfile destroy`.',
  rationale: 'Deleting an Argo CD application or a Flux Kustomization deletes every workload, service and volume claim it deployed, and helmfile destroy uninstalls every release in the file at once; the Git repository still says they should exist, but the cluster no longer has them or their data.',
  alternative: 'Remove the application from Git and review the prune in a diff (`argocd app diff`, `flux diff kustomization`, `helmfile diff`), or delete with --cascade=false to keep what it deployed.',
  examples: {
    fire: ['argocd app delete web', 'argocd app sync web --prune', 'argocd appset delete tenants', 'flux delete kustomization apps --silent', 'flux delete helmrelease redis -n cache', 'helmfile destroy', 'helmfile -e production delete'],
    pass: ['argocd app get web', 'argocd app sync web', 'argocd app delete web --help', 'flux get kustomizations', 'flux suspend kustomization apps', 'helmfile diff', 'helmfile apply'],
  },
  check(cmd): RuleMatch | undefined {
    const hit = cmd.program === 'argocd' ? argocd(cmd) : cmd.program === 'flux' ? flux(cmd) : helmfile(cmd);
    if (!hit) return undefined;
    const scope: ScopeClass[] = productionScope(...hit.names);
    const prod = scope.includes('production') && hit.severity !== 'low';
    return {
      severity: prod ? bump(hit.severity) : hit.severity,
      message: `${hit.what}${prod ? '; it looks like production' : ''}.`,
      span: spanFromProgram(cmd, hit.words),
      context: { scope },
    };
  },
};
