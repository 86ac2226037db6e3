/**
 * Facts a line changes before a later command runs: `kubectl config use-context prod && kubectl
 * delete …`, `terraform workspace select prod && terraform destroy`, `gcloud config set project
 * x; gcloud …`. Variables (`export AWS_PROFILE=prod`, `KUBECONFIG=…`) come with each command
 * (SimpleCommand.lineVars). A change the engine cannot read (a computed name, `oc login`) makes
 * that part of the environment unknown; any change marks it as set by this line, which never
 * lowers a score.
 */
import type { SimpleCommand, Word } from '../shell/model';
import { DYN } from '../shell/words';
import { optionValue, positionalsOf } from './args';

/** A value changed on the line but not known (`kubectx -`, `oc login`). */
export const CHANGED_UNKNOWN = DYN;

export interface LineState {
  kube: { context?: string; namespace?: string; changed: boolean; by?: string };
  gcp: { project?: string; configuration?: string; changed: boolean };
  azure: { subscription?: string; changed: boolean };
  aws: { changed: boolean };
  /** Workspace selected per Terraform folder key (see terraformKey). */
  terraform: { workspaces: Map<string, string>; changed: boolean };
  pulumi: { stack?: string; changed: boolean };
  git: { changed: boolean };
}

export function emptyLineState(): LineState {
  return {
    kube: { changed: false },
    gcp: { changed: false },
    azure: { changed: false },
    aws: { changed: false },
    terraform: { workspaces: new Map(), changed: false },
    pulumi: { changed: false },
    git: { changed: false },
  };
}

/** Which Terraform folder a command works in, as written: the line's `cd` and `-chdir`. */
export function terraformKey(cmd: SimpleCommand): string {
  const chdir = optionValue(cmd.args, { single: ['chdir'] });
  return `${cmd.cwd ?? ''}\u0001${chdir ?? ''}`;
}

/** Paths whose change rewrites a tool's notion of where it acts. */
const CONFIG_PATHS: readonly [RegExp, keyof LineState][] = [
  [/(?:^|\/)\.kube(?:\/|$)|kubeconfig/i, 'kube'],
  [/(?:^|\/)\.aws(?:\/|$)/, 'aws'],
  [/gcloud/, 'gcp'],
  [/(?:^|\/)\.azure(?:\/|$)/, 'azure'],
  [/(?:^|\/)\.terraform(?:\/|$)|terraform\.tfstate/, 'terraform'],
  [/(?:^|\/)\.pulumi(?:\/|$)|Pulumi\.[^/]*\.ya?ml$/, 'pulumi'],
  [/(?:^|\/)\.git\/config$/, 'git'],
];

function words(cmd: SimpleCommand): string[] {
  return cmd.args.map((a) => a.value);
}

function firstPositional(args: readonly Word[], withValue: Parameters<typeof positionalsOf>[1] = {}): string | undefined {
  return positionalsOf(args, withValue)[0]?.value;
}

/** Applies one command's effect on where later commands act. */
export function applyToState(state: LineState, cmd: SimpleCommand): void {
  // Any write to (or mention of) a tool's configuration files: the facts read from them may be the agent's.
  for (const w of [...cmd.args.map((a) => a.value), ...cmd.redirects.map((r) => r.target?.value ?? '')]) {
    for (const [re, family] of CONFIG_PATHS) if (re.test(w)) state[family].changed = true;
  }
  const p = cmd.program;
  const a = words(cmd);
  const sub = (i: number): string | undefined => a.filter((x) => !x.startsWith('-'))[i];
  if (p === 'kubectl' || p === 'oc' || p === 'kubecolor') {
    if (p === 'oc' && (sub(0) === 'login' || sub(0) === 'project')) {
      state.kube.changed = true;
      state.kube.by = `oc ${sub(0)}`;
      if (sub(0) === 'login') state.kube.context = CHANGED_UNKNOWN;
      else state.kube.namespace = sub(1) ?? state.kube.namespace;
      return;
    }
    if (sub(0) !== 'config') return;
    const verb = sub(1);
    if (!verb || ['view', 'get-contexts', 'get-clusters', 'get-users', 'current-context'].includes(verb)) return;
    state.kube.changed = true;
    state.kube.by = `kubectl config ${verb}`;
    if (verb === 'use-context' || verb === 'use') state.kube.context = sub(2) ?? CHANGED_UNKNOWN;
    else if (verb === 'set-context') {
      const ns = optionValue(cmd.args, { long: ['namespace'] });
      const current = a.includes('--current');
      if (ns !== undefined && (current || sub(2) === state.kube.context)) state.kube.namespace = ns;
    }
    return;
  }
  if (p === 'kubectx') {
    const name = firstPositional(cmd.args);
    if (name === undefined && !a.includes('-')) return;
    state.kube.changed = true;
    state.kube.by = 'kubectx';
    state.kube.context = name && name !== '-' && !a.includes('-d') ? name : CHANGED_UNKNOWN;
    return;
  }
  if (p === 'kubens') {
    const name = firstPositional(cmd.args);
    if (name === undefined && !a.includes('-')) return;
    state.kube.changed = true;
    state.kube.by = 'kubens';
    state.kube.namespace = name && name !== '-' ? name : CHANGED_UNKNOWN;
    return;
  }
  if (p === 'aws') {
    if (sub(0) === 'configure') state.aws.changed = true;
    if (sub(0) === 'eks' && sub(1) === 'update-kubeconfig' && !a.includes('--dry-run')) {
      const name = optionValue(cmd.args, { long: ['name'] });
      const alias = optionValue(cmd.args, { long: ['alias'] });
      const region = optionValue(cmd.args, { long: ['region'] });
      state.kube.changed = true;
      state.kube.by = 'aws eks update-kubeconfig';
      state.kube.context = alias ?? (name ? `arn:aws:eks:${region ?? '…'}:…:cluster/${name}` : CHANGED_UNKNOWN);
    }
    return;
  }
  if (p === 'gcloud') {
    if (sub(0) === 'config') {
      state.gcp.changed = true;
      if (sub(1) === 'set' && (sub(2) === 'project' || sub(2) === 'core/project')) state.gcp.project = sub(3) ?? CHANGED_UNKNOWN;
      else if (sub(1) === 'configurations' && sub(2) === 'activate') {
        state.gcp.configuration = sub(3) ?? CHANGED_UNKNOWN;
        state.gcp.project = undefined;
      } else if (sub(1) === 'unset' && (sub(2) === 'project' || sub(2) === 'core/project')) state.gcp.project = CHANGED_UNKNOWN;
    }
    if (sub(0) === 'container' && sub(1) === 'clusters' && sub(2) === 'get-credentials') {
      const name = positionalsOf(cmd.args, { long: ['zone', 'region', 'location', 'project'] })[3]?.value;
      const project = optionValue(cmd.args, { long: ['project'] }) ?? state.gcp.project ?? '…';
      const zone = optionValue(cmd.args, { long: ['zone', 'region', 'location'] }) ?? '…';
      state.kube.changed = true;
      state.kube.by = 'gcloud container clusters get-credentials';
      state.kube.context = name ? `gke_${project}_${zone}_${name}` : CHANGED_UNKNOWN;
    }
    return;
  }
  if (p === 'az') {
    if (sub(0) === 'account' && sub(1) === 'set') {
      state.azure.changed = true;
      state.azure.subscription = optionValue(cmd.args, { long: ['subscription', 'name'], short: ['s', 'n'] }) ?? CHANGED_UNKNOWN;
    }
    if (sub(0) === 'login' || sub(0) === 'logout') {
      state.azure.changed = true;
      state.azure.subscription = CHANGED_UNKNOWN;
    }
    if (sub(0) === 'aks' && sub(1) === 'get-credentials') {
      state.kube.changed = true;
      state.kube.by = 'az aks get-credentials';
      state.kube.context = optionValue(cmd.args, { long: ['context'] }) ?? optionValue(cmd.args, { long: ['name'], short: ['n'] }) ?? CHANGED_UNKNOWN;
    }
    return;
  }
  if (p === 'kind' && (a[0] === 'export' || a[0] === 'create')) {
    state.kube.changed = true;
    state.kube.by = `kind ${a[0]}`;
    state.kube.context = `kind-${optionValue(cmd.args, { long: ['name'], short: ['n'] }) ?? 'kind'}`;
    return;
  }
  if (p === 'terraform' || p === 'tofu') {
    const pos = positionalsOf(cmd.args, {}).map((w) => w.value);
    if (pos[0] === 'workspace' && (pos[1] === 'select' || pos[1] === 'new')) {
      state.terraform.changed = true;
      state.terraform.workspaces.set(terraformKey(cmd), pos[2] ?? CHANGED_UNKNOWN);
    }
    return;
  }
  if (p === 'pulumi') {
    const pos = positionalsOf(cmd.args, { long: ['stack', 'cwd', 'C'], short: ['s', 'C'] }).map((w) => w.value);
    if (pos[0] === 'stack' && (pos[1] === 'select' || pos[1] === 'init')) {
      state.pulumi.changed = true;
      state.pulumi.stack = pos[2] ?? optionValue(cmd.args, { long: ['stack'], short: ['s'] }) ?? CHANGED_UNKNOWN;
    }
    return;
  }
  if (p === 'git' && a[0] === 'remote' && a[1] && a[1] !== 'show' && a[1] !== '-v') state.git.changed = true;
}
