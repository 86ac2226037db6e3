import { kindName } from '../../plain-text';
/**
 * What several iac rules share.
 */
import { answersYes, isOn, type OptionSpec, parseArgs, type ParsedArgs, productionScope, shown, valueOf, valuesOf, withStdinArgs } from '../../shell/cli-args';
import type { SimpleCommand, Word } from '../../shell/model';
import type { ScopeClass } from '../../types';

export const TF = ['terraform', 'tofu', 'terragrunt'];

/** Terraform and Terragrunt options that take the next word as their value (Go flag syntax). */
const TF_WITH_VALUE = [
  'var', 'var-file', 'target', 'replace', 'exclude', 'out', 'state', 'state-out', 'backup', 'lock-timeout', 'parallelism', 'plugin-dir', 'backend-config', 'from-module', 'generate-config-out', 'test-directory', 'filter',
  'working-dir', 'terragrunt-working-dir', 'config', 'terragrunt-config', 'source', 'terragrunt-source', 'iam-assume-role', 'terragrunt-iam-role', 'terragrunt-parallelism', 'queue-include-dir', 'queue-exclude-dir', 'terragrunt-include-dir', 'terragrunt-exclude-dir', 'log-level', 'terragrunt-log-level', 'download-dir', 'terragrunt-download-dir', 'tf-path', 'terragrunt-tfpath', 'out-dir', 'json-out-dir', 'feature', 'provider-cache-dir', 'strict-control', 'experiment', 'units-that-include', 'terragrunt-modules-that-include',
];

const TF_SPEC: OptionSpec = { style: 'go', withValue: TF_WITH_VALUE };

interface TfCommand {
  tool: string;
  sub: Word;
  /** Positionals after the subcommand (`state rm ADDR` → [rm, ADDR]). */
  rest: Word[];
  p: ParsedArgs;
  /** Terragrunt `run-all` / `run --all`: every module under the working directory. */
  all: boolean;
  autoApprove: boolean;
  /** How the approval prompt is skipped, for messages. */
  approvedBy: string;
  /** What TF_CLI_ARGS and TF_CLI_ARGS_<sub> add to the line. */
  envArgs: string;
  where: string;
  scope: ScopeClass[];
}

function envValue(cmd: SimpleCommand, name: string): string | undefined {
  const a = cmd.assignments.find((x) => x.name === name);
  return a?.value.value;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && !['', '0', 'false', 'no', 'off'].includes(v.toLowerCase());
}

export function tfCommand(cmd: SimpleCommand): TfCommand | undefined {
  const p = parseArgs(withStdinArgs(cmd, cmd.args), TF_SPEC);
  const pos = p.positionals;
  if (pos.length === 0) return undefined;
  let i = 0;
  let all = false;
  if (cmd.program === 'terragrunt') {
    const first = pos[0].value;
    if (first === 'run-all') {
      all = true;
      i = 1;
    } else if (first === 'run') {
      all = isOn(p, 'all', 'a');
      i = 1;
    } else if (first === 'stack' && pos[1]?.value === 'run') {
      all = true;
      i = 2;
    } else if (first === 'destroy-all' || first === 'apply-all') {
      all = true;
    }
  }
  const sub = pos[i];
  if (!sub) return undefined;
  const subName = sub.value === 'destroy-all' ? 'destroy' : sub.value === 'apply-all' ? 'apply' : sub.value;
  const subWord = subName === sub.value ? sub : { ...sub, value: subName };
  const cliArgs = [envValue(cmd, 'TF_CLI_ARGS'), envValue(cmd, `TF_CLI_ARGS_${subName}`)].join(' ');
  const envApprove = /(^|\s)--?auto-approve(=true)?(\s|$)/.test(cliArgs);
  const nonInteractive = cmd.program === 'terragrunt' && (isOn(p, 'non-interactive', 'terragrunt-non-interactive') || truthy(envValue(cmd, 'TG_NON_INTERACTIVE')) || truthy(envValue(cmd, 'TERRAGRUNT_NON_INTERACTIVE')));
  const noAutoApprove = isOn(p, 'no-auto-approve', 'terragrunt-no-auto-approve');
  const approvals: [boolean, string][] = [
    [isOn(p, 'auto-approve') || (subName === 'destroy' && isOn(p, 'force')), '-auto-approve'],
    [envApprove, '-auto-approve from TF_CLI_ARGS'],
    [answersYes(cmd), 'a "yes" piped into the prompt'],
    [all && nonInteractive && !noAutoApprove, 'non-interactive Terragrunt'],
  ];
  const approvedBy = approvals.find(([on]) => on)?.[1] ?? '';
  const autoApprove = approvedBy !== '';
  const dir = valueOf(p, 'chdir') ?? valueOf(p, 'working-dir', 'terragrunt-working-dir') ?? (cmd.cwd && !cmd.cwd.includes('\u0000') ? cmd.cwd : undefined);
  const workspace = envValue(cmd, 'TF_WORKSPACE');
  const where = `${all ? 'every module under ' : ''}${dir ? shown(dir) : all ? 'this directory' : 'this configuration'}${workspace ? ` (${kindName('workspace', shown(workspace))})` : ''}`;
  const scope = productionScope(dir, workspace, ...valuesOf(p, 'var-file', 'var', 'state', 'backend-config'));
  return { tool: cmd.program, sub: subWord, rest: pos.slice(i + 1), p, all, autoApprove, approvedBy, envArgs: cliArgs, where, scope };
}

export function isHelp(p: ParsedArgs): boolean {
  return isOn(p, 'help', 'h');
}

// Pulumi ------------------------------------------------------------------------------------

const PULUMI_SPEC: OptionSpec = {
  shortWithValue: 'Csctmpv',
  withValue: ['cwd', 'stack', 'config', 'config-file', 'target', 'message', 'parallel', 'color', 'tracing', 'profiling', 'memprofilerate', 'exclude', 'replace', 'target-replace', 'policy-pack', 'policy-pack-config', 'secrets-provider', 'plan', 'import-file', 'attach-debugger', 'suppress-permalink', 'verbose'],
};

interface PulumiCommand {
  verb: Word;
  rest: Word[];
  p: ParsedArgs;
  yes: boolean;
  stack: string;
  scope: ScopeClass[];
}

export function pulumiCommand(cmd: SimpleCommand): PulumiCommand | undefined {
  const p = parseArgs(cmd.args, PULUMI_SPEC);
  const [verb, ...rest] = p.positionals;
  if (!verb) return undefined;
  const stackName = valueOf(p, 's', 'stack') ?? envValue(cmd, 'PULUMI_STACK');
  const yes = isOn(p, 'y', 'yes') || truthy(envValue(cmd, 'PULUMI_SKIP_CONFIRMATIONS')) || answersYes(cmd);
  const dir = valueOf(p, 'C', 'cwd') ?? cmd.cwd;
  return { verb, rest, p, yes, stack: stackName ? `${kindName('stack', shown(stackName))}` : 'the selected stack', scope: productionScope(stackName, dir) };
}

// AWS CDK and CDK for Terraform --------------------------------------------------------------

export const CDK = ['cdk', 'aws-cdk', 'cdktf'];

export const CDK_SPEC: OptionSpec = {
  shortWithValue: 'acropmOEi',
  withValue: ['app', 'context', 'profile', 'role-arn', 'output', 'require-approval', 'parameters', 'toolkit-stack-name', 'plugin', 'ca-bundle-path', 'proxy', 'method', 'outputs-file', 'concurrency', 'asset-parallelism', 'build-exclude', 'change-set-name', 'notification-arns', 'tags', 'var', 'var-file', 'parallelism', 'ignore-missing-stack-dependencies'],
};

export function cdkStacks(p: ParsedArgs, rest: Word[]): { label: string; scope: ScopeClass[] } {
  const all = isOn(p, 'all');
  const names = rest.map((w) => w.value);
  const label = all ? 'every stack in the app' : names.length ? names.slice(0, 3).map((n) => shown(n, 40)).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '') : 'the app\'s stack';
  return { label, scope: productionScope(...names, valueOf(p, 'profile'), ...valuesOf(p, 'c', 'context')) };
}
