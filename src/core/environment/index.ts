/**
 * Where a command would act, and whether that is production. For each simple command of a line
 * the resolvers read the facts (from the line, the variables it inherits and sets, and the
 * tools' configuration files through the context's reader) and the judge compares them with
 * the user's declaration and the defaults. Computed lazily, once per command, only for commands
 * a rule found something in or that the production rule looks at: never on the pre-filter's
 * benign path.
 */
import type { SimpleCommand } from '../shell/model';
import type { CommandContext } from '../types';
import { awsTarget, AWS_TOOLS, azureTarget, GCP_TOOLS, gcpTarget } from './cloud';
import { databaseTarget, DB_CLIENTS, gitPushTarget, URL_TOOLS } from './data';
import { pulumiTarget, TERRAFORM_TOOLS, terraformTarget } from './iac';
import { argocdTarget, KUBE_TOOLS, kubeTarget } from './kube';
import { applyToState, emptyLineState, type LineState } from './line';
import { type EnvFact, type EnvTarget, type Family, makeProbe, type Probe } from './model';
import { defaultProductionName, matchesAny, normalizeUrl, type ProductionSpec } from './production';

export type { EnvironmentReader, FileRead } from './reader';
export { fixedReader } from './reader';
export type { ProductionSpec } from './production';

/** What the engine says about where a command acts. */
export interface EnvVerdict {
  /** The target is production (by the user's declaration or the defaults). */
  production: boolean;
  /** The target for a message: "kube context `prod-eu-1`, namespace `payments`". */
  label: string;
  /** Parts that could not be told; said in the finding, never taken as safe. */
  unknown: string[];
  /** The target is provably this machine and the user's policy lowers such findings. */
  lowerLocal: boolean;
  /** A stable description of the target, recorded with an "always allow" entry. */
  key: string;
  families: Family[];
}

/** Programs with a notion of where they act. */
export function actsSomewhere(program: string): boolean {
  return (
    program in KUBE_TOOLS ||
    program in AWS_TOOLS ||
    GCP_TOOLS.has(program) ||
    program === 'az' ||
    TERRAFORM_TOOLS.has(program) ||
    program === 'pulumi' ||
    program in DB_CLIENTS ||
    URL_TOOLS.has(program) ||
    program === 'git'
  );
}

function targetsOf(pr: Probe): EnvTarget[] {
  const p = pr.cmd.program;
  const out: (EnvTarget | undefined)[] = [];
  if (p === 'argocd') out.push(argocdTarget(pr));
  else if (p in KUBE_TOOLS) out.push(kubeTarget(pr));
  if (p in AWS_TOOLS) out.push(awsTarget(pr));
  if (GCP_TOOLS.has(p)) out.push(gcpTarget(pr));
  if (p === 'az') out.push(azureTarget(pr));
  if (TERRAFORM_TOOLS.has(p) || p === 'pulumi') {
    out.push(p === 'pulumi' ? pulumiTarget(pr) : terraformTarget(pr));
    out.push(awsTarget(pr, { envOnly: true }), gcpTarget(pr, { envOnly: true }), azureTarget(pr, { envOnly: true }));
  }
  if (p in DB_CLIENTS || URL_TOOLS.has(p)) out.push(databaseTarget(pr));
  if (p === 'git') out.push(gitPushTarget(pr));
  return out.filter((t): t is EnvTarget => t !== undefined);
}

const IDENTITY_LIST: Partial<Record<EnvFact['kind'], keyof ProductionSpec>> = {
  cluster: 'clusters',
  account: 'accounts',
  project: 'projects',
  subscription: 'subscriptions',
  host: 'hosts',
};

const UNRESOLVED_WORDS: Partial<Record<EnvFact['kind'], string>> = {
  account: 'the AWS account of these credentials can only be learnt from AWS (sts get-caller-identity)',
  cluster: 'the API server of a context made earlier on the line is not known before it runs',
};

const DEPLOY_BRANCH = /^(?:prod|production|prd)$/i;

/** The facts that make a target production, and what could not be told. */
export function judgeTarget(t: EnvTarget, spec: ProductionSpec | undefined): { production: EnvFact[]; unknown: string[] } {
  const production: EnvFact[] = [];
  const listOf = (kind: EnvFact['kind']): readonly string[] | undefined => {
    const key = IDENTITY_LIST[kind];
    return key ? (spec?.[key] as string[] | undefined) : undefined;
  };
  // Identity beats names: a known identity of a declared kind decides for the whole target.
  const identityDecides = t.facts.some((f) => (listOf(f.kind)?.length ?? 0) > 0);
  for (const f of t.facts) {
    if (f.kind === 'neutral' || f.value.includes('…')) continue;
    let hit = false;
    const list = listOf(f.kind);
    if (list?.length) hit = f.kind === 'cluster' ? !!matchesAny(list.map(normalizeUrl), normalizeUrl(f.value)) : f.kind === 'account' ? list.includes(f.value) : !!matchesAny(list, f.value);
    if (!hit && f.kind !== 'account' && f.kind !== 'branch') hit = !!matchesAny(spec?.names, f.value);
    if (!hit && f.kind === 'branch') hit = !!matchesAny(spec?.branches, f.value) || DEPLOY_BRANCH.test(f.value);
    if (!hit && !identityDecides && f.kind !== 'account' && f.kind !== 'branch' && f.kind !== 'remote') hit = defaultProductionName(f.value, f.siblings);
    if (hit) production.push(f);
  }
  const unknown = [...t.unknown];
  for (const k of t.unresolved ?? []) if ((listOf(k)?.length ?? 0) > 0 && UNRESOLVED_WORDS[k]) unknown.push(UNRESOLVED_WORDS[k]);
  return { production, unknown };
}

function describe(f: EnvFact): string {
  return `${f.label} \`${f.value.length > 80 ? `${f.value.slice(0, 79)}…` : f.value}\``;
}

/** The verdict for one command's targets. */
export function verdictOf(targets: readonly EnvTarget[], spec: ProductionSpec | undefined, state?: LineState): EnvVerdict | undefined {
  if (!targets.length) return undefined;
  const prodFacts: EnvFact[] = [];
  const unknown: string[] = [];
  for (const t of targets) {
    const j = judgeTarget(t, spec);
    prodFacts.push(...j.production);
    unknown.push(...j.unknown);
  }
  const production = prodFacts.length > 0;
  const shown = targets.flatMap((t) => t.facts.filter((f) => f.shown));
  const parts: string[] = [];
  // A folder part that made it production is already said by the folder path shown (`envs/prod`).
  const inShownFolder = (f: EnvFact): boolean => f.kind === 'folder' && shown.some((s) => s.label === 'folder' && s !== f && s.value.split('/').includes(f.value));
  for (const f of production ? [...shown, ...prodFacts.filter((x) => !inShownFolder(x))] : shown) {
    const d = describe(f);
    if (!parts.includes(d)) parts.push(d);
  }
  const key = targets
    // Folder parts count: `terraform apply` in envs/dev and in envs/staging act on different stacks.
    .map((t) => `${t.family}:${t.facts.filter((f) => f.kind !== 'neutral').map((f) => `${f.label}=${f.value}`).join(';')}`)
    .join('|');
  const changed = targets.some((t) => t.facts.some((f) => f.changed) || (state && familyChanged(state, t.family)));
  const lowerLocal = !!spec?.lowerLocal && !production && !unknown.length && !changed && targets.every((t) => t.local === true);
  return { production, label: parts.join(', '), unknown: [...new Set(unknown)], lowerLocal, key, families: targets.map((t) => t.family) };
}

function familyChanged(state: LineState, family: Family): boolean {
  switch (family) {
    case 'kubernetes':
    case 'argocd':
      return state.kube.changed;
    case 'aws':
      return state.aws.changed;
    case 'gcp':
      return state.gcp.changed;
    case 'azure':
      return state.azure.changed;
    case 'terraform':
      return state.terraform.changed;
    case 'pulumi':
      return state.pulumi.changed;
    case 'git':
      return state.git.changed;
    default:
      return false;
  }
}

/**
 * One line's environment: follows the line's own changes command by command and answers for
 * each command once. The commands are the extractor's, in the order they were written.
 */
export class EnvironmentSession {
  private readonly state = emptyLineState();
  private cursor = 0;
  private readonly memo = new Map<SimpleCommand, EnvVerdict | undefined>();

  constructor(
    private readonly commands: readonly SimpleCommand[],
    private readonly ctx: CommandContext,
    private readonly spec: ProductionSpec | undefined,
  ) {}

  verdict(cmd: SimpleCommand): EnvVerdict | undefined {
    if (this.memo.has(cmd)) return this.memo.get(cmd);
    let v: EnvVerdict | undefined;
    const host = this.podHost(cmd);
    if (host) v = this.verdict(host);
    else if (actsSomewhere(cmd.program)) {
      const at = this.commands.indexOf(cmd);
      if (at >= 0) this.advanceTo(at);
      // On another machine (ssh, a container) this machine's configuration says nothing.
      const ctx = cmd.remote ? { ...this.ctx, environment: undefined } : this.ctx;
      const probe = makeProbe(cmd, ctx, this.state);
      v = verdictOf(targetsOf(probe), this.spec, this.state);
    }
    this.memo.set(cmd, v);
    return v;
  }

  /**
   * A command run inside a pod (`kubectl exec deploy/web -- rm -rf /data`) acts where that
   * kubectl acts: the kubectl word recorded just before it, whose span holds it.
   */
  private podHost(cmd: SimpleCommand): SimpleCommand | undefined {
    const hop = cmd.via[cmd.via.length - 1];
    if (!cmd.remote || !hop || hop.kind !== 'container' || !(hop.program in KUBE_TOOLS)) return undefined;
    const at = this.commands.indexOf(cmd);
    for (let i = at - 1; i >= 0 && i >= at - 8; i--) {
      const c = this.commands[i];
      if (c.program === hop.program && c.span.start <= cmd.span.start && c.span.end >= cmd.span.end) return c;
    }
    return undefined;
  }

  private advanceTo(index: number): void {
    for (; this.cursor < index && this.cursor < this.commands.length; this.cursor++) applyToState(this.state, this.commands[this.cursor]);
  }
}
