/**
 * Infrastructure as code: Terraform, OpenTofu, Terragrunt, Pulumi, the AWS CDK (and CDK for
 * Terraform), the Serverless Framework and AWS SAM. Destroying a stack deletes real resources
 * and the data inside them; applying without review runs whatever the plan happens to contain.
 * Read-only work (plan, init, validate, fmt, show, output, state list) stays silent.
 * CloudFormation through the `aws` CLI belongs to the cloud pack.
 */
import type { SimpleCommand, Word } from '../../shell/model';
import type { ScopeClass, Severity } from '../../types';
import { answersYes, isOn, type OptionSpec, optOf, optWords, parseArgs, type ParsedArgs, productionScope, shown, valueOf, valuesOf, withStdinArgs } from '../../shell/cli-args';
import { type CommandRule, type RuleMatch, type RulePack, spanFromProgram } from '../rule';

const TF = ['terraform', 'tofu', 'terragrunt'];

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

function tfCommand(cmd: SimpleCommand): TfCommand | undefined {
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
  const where = `${all ? 'every module under ' : ''}${dir ? shown(dir) : all ? 'this directory' : 'this configuration'}${workspace ? ` (workspace ${shown(workspace)})` : ''}`;
  const scope = productionScope(dir, workspace, ...valuesOf(p, 'var-file', 'var', 'state', 'backend-config'));
  return { tool: cmd.program, sub: subWord, rest: pos.slice(i + 1), p, all, autoApprove, approvedBy, envArgs: cliArgs, where, scope };
}

function isHelp(p: ParsedArgs): boolean {
  return isOn(p, 'help', 'h');
}

function bump(s: Severity): Severity {
  return s === 'low' ? 'medium' : s === 'medium' ? 'high' : 'critical';
}

function targetsOf(p: ParsedArgs): string {
  const t = valuesOf(p, 'target');
  if (!t.length) return '';
  const list = t.slice(0, 3).map((x) => shown(x, 50)).join(', ');
  return ` (targeted: ${list}${t.length > 3 ? ` and ${t.length - 3} more` : ''})`;
}

// terraform destroy / apply -destroy ----------------------------------------------------------

const tfDestroy: CommandRule = {
  id: 'IAC001',
  name: 'terraform-destroy',
  category: 'iac',
  severity: 'critical',
  triggers: [{ programs: TF, subcommands: ['destroy', '-destroy', '--destroy', 'destroy-all', 'apply', 'apply-all'] }],
  summary: 'Catches `terraform destroy` and `terraform apply -destroy` (also OpenTofu and Terragrunt `run-all`), which delete every managed resource; critical with `-auto-approve`.',
  rationale: 'Destroy deletes the real infrastructure and the data in it: databases, buckets, disks. With `-auto-approve` (or `yes |`, or Terragrunt non-interactive) nobody reads the list of what goes before it is gone.',
  alternative: 'terraform plan -destroy -out=destroy.tfplan, read the plan, then terraform apply destroy.tfplan yourself',
  examples: {
    fire: ['terraform destroy', 'terraform destroy -auto-approve', 'terraform -chdir=infra destroy -target=aws_instance.web', 'tofu apply -destroy -auto-approve', 'terragrunt run-all destroy --terragrunt-non-interactive', 'yes | terraform destroy', 'terraform apply --destroy', 'TF_CLI_ARGS_apply="-destroy" terraform apply'],
    pass: ['terraform plan -destroy', 'terraform plan -destroy -out=destroy.tfplan', 'terraform destroy -help', 'terraform apply', 'terraform state list'],
  },
  check(cmd) {
    const t = tfCommand(cmd);
    if (!t || isHelp(t.p)) return undefined;
    const destroy = t.sub.value === 'destroy' || (t.sub.value === 'apply' && (isOn(t.p, 'destroy') || /(^|\s)--?destroy(=true)?(\s|$)/.test(t.envArgs)));
    if (!destroy) return undefined;
    const prod = t.scope.includes('production');
    const severity: Severity = t.autoApprove || prod ? 'critical' : 'high';
    const how = t.autoApprove ? `without review (${t.approvedBy})` : 'after a single yes at the prompt';
    return {
      severity,
      message: `${t.tool} destroy deletes every resource managed by ${t.where}${targetsOf(t.p)} ${how}, data stores included${prod ? '; the names point at production' : ''}.`,
      span: spanFromProgram(cmd, [t.sub, ...optWords(t.p, 'destroy', 'auto-approve')]),
      context: { scope: t.scope },
    };
  },
};

// terraform apply -auto-approve / -replace ---------------------------------------------------

const tfApply: CommandRule = {
  id: 'IAC002',
  name: 'terraform-apply-unreviewed',
  category: 'iac',
  severity: 'high',
  triggers: [{ programs: TF, subcommands: ['apply', 'apply-all'] }],
  summary: 'Catches `terraform apply -auto-approve` (and `-replace=`, Terragrunt `run-all apply`), which change real infrastructure without anyone reading the plan.',
  rationale: 'A plan can contain replacements and deletions nobody expected (a renamed resource is a destroy and a create). Auto-approve applies them unseen; `-replace` deliberately destroys and recreates a resource.',
  alternative: 'terraform plan -out=tfplan, read it, then terraform apply tfplan',
  examples: {
    fire: ['terraform apply -auto-approve', 'terraform apply --auto-approve -var-file=prod.tfvars', 'TF_CLI_ARGS_apply=-auto-approve terraform apply', 'tofu apply -replace=aws_instance.web', 'terragrunt run-all apply --non-interactive', 'echo yes | terraform apply'],
    pass: ['terraform apply', 'terraform apply tfplan', 'terraform apply -auto-approve tfplan', 'terraform plan -out=tfplan', 'terraform apply -auto-approve=false'],
  },
  check(cmd) {
    const t = tfCommand(cmd);
    if (!t || t.sub.value !== 'apply' || isHelp(t.p) || isOn(t.p, 'destroy') || /(^|\s)--?destroy(=true)?(\s|$)/.test(t.envArgs)) return undefined;
    // A saved plan file was produced (and could be read) before; applying it changes nothing else.
    if (t.rest.length > 0) return undefined;
    const replace = valuesOf(t.p, 'replace');
    const span = spanFromProgram(cmd, [t.sub, ...optWords(t.p, 'auto-approve', 'replace')]);
    if (t.autoApprove) {
      if (isOn(t.p, 'refresh-only')) {
        return { severity: 'low', message: `${t.tool} apply -refresh-only with ${t.approvedBy} rewrites the state of ${t.where} to match reality without review; no resource changes.`, span, context: { scope: t.scope } };
      }
      const rep = replace.length ? ` and destroys and recreates ${replace.map((r) => shown(r, 50)).join(', ')}` : '';
      return {
        severity: 'high',
        message: `${t.tool} apply with ${t.approvedBy} applies whatever the plan for ${t.where} contains, deletions and replacements included, without anyone reading it${rep}.`,
        span,
        context: { scope: t.scope },
      };
    }
    if (replace.length) {
      return {
        severity: t.scope.includes('production') ? 'high' : 'medium',
        message: `${t.tool} apply -replace destroys and recreates ${replace.map((r) => shown(r, 50)).join(', ')} in ${t.where}; anything stored on it is lost.`,
        span,
        context: { scope: t.scope },
      };
    }
    if (t.all) {
      return {
        severity: 'medium',
        message: `terragrunt run-all apply applies ${t.where} after one confirmation, without showing each module's plan.`,
        span,
        context: { scope: t.scope },
      };
    }
    return undefined;
  },
};

// terraform state rm / push / mv -------------------------------------------------------------

const tfState: CommandRule = {
  id: 'IAC003',
  name: 'terraform-state-surgery',
  category: 'iac',
  severity: 'high',
  triggers: [{ programs: TF, subcommands: ['state'] }],
  summary: 'Catches `terraform state rm`, `state mv` and `state push`, which edit or overwrite the state that maps code to real resources.',
  rationale: 'The state is the only record of which real resources the code owns. `state push` replaces the remote copy wholesale; `state rm` makes Terraform forget resources, so the next apply creates duplicates or they are orphaned.',
  alternative: 'terraform state pull > backup.tfstate first; prefer `removed`, `moved` and `import` blocks that go through plan and review',
  examples: {
    fire: ['terraform state rm aws_s3_bucket.logs', 'terraform state push -force terraform.tfstate', 'tofu state push backup.tfstate', 'terraform state mv aws_instance.a aws_instance.b'],
    pass: ['terraform state list', 'terraform state show aws_s3_bucket.logs', 'terraform state pull', 'terraform state rm -dry-run aws_s3_bucket.logs'],
  },
  check(cmd) {
    const t = tfCommand(cmd);
    if (!t || t.sub.value !== 'state' || isHelp(t.p) || isOn(t.p, 'dry-run')) return undefined;
    const action = t.rest[0];
    if (!action) return undefined;
    const addrs = t.rest.slice(1).map((w) => shown(w.value, 50));
    const list = addrs.length ? addrs.slice(0, 3).join(', ') + (addrs.length > 3 ? ` and ${addrs.length - 3} more` : '') : 'the given addresses';
    const prod = t.scope.includes('production');
    const span = spanFromProgram(cmd, [t.sub, action]);
    switch (action.value) {
      case 'push':
        return { severity: 'high', message: `${t.tool} state push overwrites the remote state of ${t.where} with ${addrs[0] ?? 'a local file'}${isOn(t.p, 'force') ? ', skipping the lineage and serial checks' : ''}; resources the old state tracked can be orphaned.`, span, context: { scope: t.scope } };
      case 'rm':
        return { severity: prod ? 'high' : 'medium', message: `${t.tool} state rm makes ${t.where} forget ${list}: the real resources keep running unmanaged, and the next apply may create duplicates.`, span, context: { scope: t.scope } };
      case 'mv':
        return { severity: prod ? 'medium' : 'low', message: `${t.tool} state mv rebinds ${list} in the state; a wrong address makes the next plan destroy and recreate them.`, span, context: { scope: t.scope } };
      case 'replace-provider':
        return { severity: 'low', message: `${t.tool} state replace-provider rewrites provider addresses in the state of ${t.where}.`, span, context: { scope: t.scope } };
      default:
        return undefined;
    }
  },
};

// terraform workspace delete -----------------------------------------------------------------

const tfWorkspaceDelete: CommandRule = {
  id: 'IAC004',
  name: 'terraform-workspace-delete',
  category: 'iac',
  severity: 'critical',
  triggers: [{ programs: TF, subcommands: ['workspace'] }],
  summary: 'Catches `terraform workspace delete`, which deletes a workspace and its state (with `-force` even while it still tracks resources).',
  rationale: 'With `-force` the state of live resources is deleted: they keep running and costing money, but nothing manages or can destroy them any more.',
  alternative: 'terraform workspace select <name> && terraform state list   (confirm it is empty), then delete without -force',
  examples: {
    fire: ['terraform workspace delete staging', 'terraform workspace delete -force prod', 'tofu workspace delete -force=true feature-x'],
    pass: ['terraform workspace list', 'terraform workspace select staging', 'terraform workspace new feature-x', 'terraform workspace show'],
  },
  check(cmd) {
    const t = tfCommand(cmd);
    if (!t || t.sub.value !== 'workspace' || isHelp(t.p)) return undefined;
    const action = t.rest[0];
    if (!action || action.value !== 'delete') return undefined;
    const name = t.rest[1];
    const force = isOn(t.p, 'force');
    const scope = [...t.scope, ...productionScope(name?.value)];
    let severity: Severity = force ? 'high' : 'medium';
    if (scope.includes('production')) severity = bump(severity);
    return {
      severity,
      message: force
        ? `${t.tool} workspace delete -force deletes workspace ${name ? shown(name.value) : '(unnamed)'} and its state even if it still tracks resources, leaving them running unmanaged.`
        : `${t.tool} workspace delete removes workspace ${name ? shown(name.value) : '(unnamed)'} and its state history.`,
      span: spanFromProgram(cmd, [t.sub, action, ...(name ? [name] : []), ...optWords(t.p, 'force')]),
      context: { scope },
    };
  },
};

// terraform force-unlock ---------------------------------------------------------------------

const tfForceUnlock: CommandRule = {
  id: 'IAC005',
  name: 'terraform-force-unlock',
  category: 'iac',
  severity: 'medium',
  triggers: [{ programs: TF, subcommands: ['force-unlock'] }],
  summary: 'Catches `terraform force-unlock`, which removes a state lock that another run may still hold.',
  rationale: 'The lock stops two runs from writing the state at once. Breaking the lock of a run that is still going can corrupt the state or lose its changes.',
  alternative: 'Find who holds the lock (the lock info names the run and the machine) and let it finish; unlock only a run you know is dead',
  examples: {
    fire: ['terraform force-unlock 6638b4e4-0c58-4c5e-a4ef-d1f5b7c3a1b2', 'tofu force-unlock -force 1234'],
    pass: ['terraform plan -lock-timeout=5m', 'terraform init'],
  },
  check(cmd) {
    const t = tfCommand(cmd);
    if (!t || t.sub.value !== 'force-unlock' || isHelp(t.p)) return undefined;
    const id = t.rest[0];
    return {
      message: `${t.tool} force-unlock removes lock ${id ? shown(id.value, 40) : ''} on the state of ${t.where}; if that run is still alive, both write the state and one of them loses.`,
      span: spanFromProgram(cmd, [t.sub]),
      context: { scope: t.scope },
    };
  },
};

// terraform taint ---------------------------------------------------------------------------

const tfTaint: CommandRule = {
  id: 'IAC006',
  name: 'terraform-taint',
  category: 'iac',
  severity: 'medium',
  triggers: [{ programs: TF, subcommands: ['taint'] }],
  summary: 'Catches `terraform taint`, which marks a resource so that the next apply destroys and recreates it.',
  rationale: 'Taint changes the state immediately and schedules a destructive replacement that the next `apply -auto-approve` carries out; data on the resource is lost.',
  alternative: 'terraform plan -replace=<address>   (shows the replacement without committing to it)',
  examples: {
    fire: ['terraform taint aws_instance.web', 'tofu taint module.db.aws_db_instance.main'],
    pass: ['terraform untaint aws_instance.web', 'terraform plan -replace=aws_instance.web'],
  },
  check(cmd) {
    const t = tfCommand(cmd);
    if (!t || t.sub.value !== 'taint' || isHelp(t.p)) return undefined;
    const addr = t.rest[0];
    return {
      message: `${t.tool} taint marks ${addr ? shown(addr.value, 60) : 'a resource'} for destruction and recreation on the next apply of ${t.where}.`,
      span: spanFromProgram(cmd, [t.sub, ...(addr ? [addr] : [])]),
      context: { scope: t.scope },
    };
  },
};

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

function pulumiCommand(cmd: SimpleCommand): PulumiCommand | undefined {
  const p = parseArgs(cmd.args, PULUMI_SPEC);
  const [verb, ...rest] = p.positionals;
  if (!verb) return undefined;
  const stackName = valueOf(p, 's', 'stack') ?? envValue(cmd, 'PULUMI_STACK');
  const yes = isOn(p, 'y', 'yes') || truthy(envValue(cmd, 'PULUMI_SKIP_CONFIRMATIONS')) || answersYes(cmd);
  const dir = valueOf(p, 'C', 'cwd') ?? cmd.cwd;
  return { verb, rest, p, yes, stack: stackName ? `stack ${shown(stackName)}` : 'the selected stack', scope: productionScope(stackName, dir) };
}

const pulumiDestroy: CommandRule = {
  id: 'IAC007',
  name: 'pulumi-destroy',
  category: 'iac',
  severity: 'critical',
  triggers: [{ programs: ['pulumi'], subcommands: ['destroy', 'down', 'dn'] }],
  summary: 'Catches `pulumi destroy`, which deletes every resource in a stack; critical with `--yes`.',
  rationale: 'Destroy deletes the real resources and their data. With `--yes` (or PULUMI_SKIP_CONFIRMATIONS) the preview is never read, and `--remove` deletes the stack and its history as well.',
  alternative: 'pulumi destroy --preview-only, read it, then run pulumi destroy yourself and confirm at the prompt',
  examples: {
    fire: ['pulumi destroy', 'pulumi destroy --yes', 'pulumi down -y -s acme/api/prod', 'PULUMI_SKIP_CONFIRMATIONS=true pulumi destroy --remove'],
    pass: ['pulumi destroy --preview-only', 'pulumi preview', 'pulumi stack ls', 'pulumi up'],
  },
  check(cmd) {
    const c = pulumiCommand(cmd);
    if (!c || !['destroy', 'down', 'dn'].includes(c.verb.value) || isOn(c.p, 'preview-only', 'help', 'h')) return undefined;
    const prod = c.scope.includes('production');
    const remove = isOn(c.p, 'remove') ? ' and then removes the stack with its history and configuration' : '';
    return {
      severity: c.yes || prod ? 'critical' : 'high',
      message: `pulumi destroy deletes every resource in ${c.stack}${c.yes ? ' without asking' : ''}${remove}, data stores included${prod ? '; the stack looks like production' : ''}.`,
      span: spanFromProgram(cmd, [c.verb, ...optWords(c.p, 'y', 'yes', 'remove')]),
      context: { scope: c.scope },
    };
  },
};

const pulumiUp: CommandRule = {
  id: 'IAC008',
  name: 'pulumi-up-unreviewed',
  category: 'iac',
  severity: 'high',
  triggers: [{ programs: ['pulumi'], subcommands: ['up', 'update'] }],
  summary: 'Catches `pulumi up --yes`, which deploys whatever the preview contains, deletions and replacements included, without review.',
  rationale: 'A preview can contain replacements nobody expected; `--yes` carries them out before anyone reads them.',
  alternative: 'pulumi preview --diff, read it, then pulumi up and confirm at the prompt',
  examples: {
    fire: ['pulumi up --yes', 'pulumi up -y -s prod', 'PULUMI_SKIP_CONFIRMATIONS=1 pulumi update', 'pulumi -C infra up --yes --skip-preview'],
    pass: ['pulumi up', 'pulumi preview', 'pulumi up --help', 'pulumi config set region us-east-1'],
  },
  check(cmd) {
    const c = pulumiCommand(cmd);
    if (!c || !['up', 'update'].includes(c.verb.value) || !c.yes || isOn(c.p, 'help', 'h')) return undefined;
    return {
      message: `pulumi up --yes applies every change to ${c.stack}, deletions and replacements included, without anyone reading the preview.`,
      span: spanFromProgram(cmd, [c.verb, ...optWords(c.p, 'y', 'yes')]),
      context: { scope: c.scope },
    };
  },
};

const pulumiStackRemove: CommandRule = {
  id: 'IAC009',
  name: 'pulumi-stack-remove',
  category: 'iac',
  severity: 'critical',
  triggers: [{ programs: ['pulumi'], subcommands: ['stack', 'state'] }],
  summary: 'Catches `pulumi stack rm` and `pulumi state delete`, which delete a stack\'s state and history (with `--force` while it still owns resources).',
  rationale: 'The stack holds the only record of which resources Pulumi manages. Removing it with `--force` leaves live resources running with nothing to update or destroy them.',
  alternative: 'pulumi destroy first (so the stack is empty), then pulumi stack rm without --force; pulumi stack export > backup.json before any state surgery',
  examples: {
    fire: ['pulumi stack rm dev --yes', 'pulumi stack rm --force prod', 'pulumi state delete "urn:pulumi:dev::app::aws:s3/bucket:Bucket::logs"'],
    pass: ['pulumi stack ls', 'pulumi stack select dev', 'pulumi stack export --file backup.json', 'pulumi state unprotect urn:x'],
  },
  check(cmd) {
    const c = pulumiCommand(cmd);
    if (!c || isOn(c.p, 'help', 'h')) return undefined;
    const action = c.rest[0];
    if (!action) return undefined;
    if (c.verb.value === 'stack' && (action.value === 'rm' || action.value === 'remove')) {
      const name = c.rest[1]?.value;
      const stack = name ? `stack ${shown(name)}` : c.stack;
      const scope = [...c.scope, ...productionScope(name)];
      const force = isOn(c.p, 'f', 'force');
      // The backend's update history exists nowhere else, even when the stack is empty.
      return {
        severity: scope.includes('production') ? 'critical' : 'high',
        message: force
          ? `pulumi stack rm --force deletes ${stack} with its state and update history even though it may still own resources, which are then left running unmanaged.`
          : `pulumi stack rm deletes ${stack} with its update history, its configuration file and its secrets configuration.`,
        span: spanFromProgram(cmd, [c.verb, action, ...optWords(c.p, 'f', 'force')]),
        context: { scope },
      };
    }
    if (c.verb.value === 'state' && action.value === 'delete') {
      const urn = c.rest[1];
      return {
        severity: c.scope.includes('production') ? 'high' : 'medium',
        message: `pulumi state delete removes ${urn ? shown(urn.value, 80) : 'a resource'} from ${c.stack}; the real resource keeps running unmanaged.`,
        span: spanFromProgram(cmd, [c.verb, action]),
        context: { scope: c.scope },
      };
    }
    return undefined;
  },
};

// AWS CDK and CDK for Terraform --------------------------------------------------------------

const CDK = ['cdk', 'aws-cdk', 'cdktf'];

const CDK_SPEC: OptionSpec = {
  shortWithValue: 'acropmOEi',
  withValue: ['app', 'context', 'profile', 'role-arn', 'output', 'require-approval', 'parameters', 'toolkit-stack-name', 'plugin', 'ca-bundle-path', 'proxy', 'method', 'outputs-file', 'concurrency', 'asset-parallelism', 'build-exclude', 'change-set-name', 'notification-arns', 'tags', 'var', 'var-file', 'parallelism', 'ignore-missing-stack-dependencies'],
};

function cdkStacks(p: ParsedArgs, rest: Word[]): { label: string; scope: ScopeClass[] } {
  const all = isOn(p, 'all');
  const names = rest.map((w) => w.value);
  const label = all ? 'every stack in the app' : names.length ? names.slice(0, 3).map((n) => shown(n, 40)).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '') : 'the app\'s stack';
  return { label, scope: productionScope(...names, valueOf(p, 'profile'), ...valuesOf(p, 'c', 'context')) };
}

const cdkDestroy: CommandRule = {
  id: 'IAC010',
  name: 'cdk-destroy',
  category: 'iac',
  severity: 'critical',
  triggers: [{ programs: CDK, subcommands: ['destroy'] }],
  summary: 'Catches `cdk destroy` and `cdktf destroy`, which delete deployed stacks; critical with `--force` / `--auto-approve`.',
  rationale: 'Destroying a stack deletes its resources and, unless they were retained, the data in them. `--force` skips the one confirmation.',
  alternative: 'cdk diff <stack> to see what exists, then run cdk destroy <stack> yourself and confirm at the prompt',
  examples: {
    fire: ['cdk destroy', 'cdk destroy --force MyStack', 'npx cdk destroy --all -f', 'cdktf destroy --auto-approve'],
    pass: ['cdk diff', 'cdk synth', 'cdk deploy', 'cdk list', 'cdk destroy --help'],
  },
  check(cmd) {
    const p = parseArgs(cmd.args, CDK_SPEC);
    const [verb, ...rest] = p.positionals;
    if (!verb || verb.value !== 'destroy' || isOn(p, 'help', 'h')) return undefined;
    const force = isOn(p, 'f', 'force', 'auto-approve') || answersYes(cmd);
    const s = cdkStacks(p, rest);
    const prod = s.scope.includes('production');
    return {
      severity: force || prod ? 'critical' : 'high',
      message: `${cmd.program} destroy deletes ${s.label} with every resource in ${rest.length === 1 ? 'it' : 'them'}${force ? ' without asking' : ''}${prod ? '; the names point at production' : ''}.`,
      span: spanFromProgram(cmd, [verb, ...optWords(p, 'f', 'force', 'auto-approve', 'all')]),
      context: { scope: s.scope },
    };
  },
};

const cdkDeploy: CommandRule = {
  id: 'IAC011',
  name: 'cdk-deploy-unreviewed',
  category: 'iac',
  severity: 'high',
  triggers: [{ programs: CDK, subcommands: ['deploy'] }],
  summary: 'Catches `cdk deploy --require-approval never` and `cdktf deploy --auto-approve`, which deploy changes nobody reviewed.',
  rationale: 'CDK asks before security-sensitive changes (IAM, security groups); `never` skips that. cdktf `--auto-approve` applies the Terraform plan, replacements and deletions included, unseen.',
  alternative: 'cdk diff, read it, then cdk deploy and approve the broadened permissions at the prompt',
  examples: {
    fire: ['cdk deploy --require-approval never', 'npx cdk deploy --all --require-approval=never', 'cdktf deploy --auto-approve'],
    pass: ['cdk deploy', 'cdk deploy --require-approval broadening', 'cdk diff --require-approval never', 'cdktf deploy'],
  },
  check(cmd) {
    const p = parseArgs(cmd.args, CDK_SPEC);
    const [verb, ...rest] = p.positionals;
    if (!verb || verb.value !== 'deploy' || isOn(p, 'help', 'h')) return undefined;
    const s = cdkStacks(p, rest);
    const prod = s.scope.includes('production');
    if (cmd.program === 'cdktf') {
      if (!isOn(p, 'auto-approve')) return undefined;
      return {
        severity: 'high',
        message: `cdktf deploy --auto-approve applies the Terraform plan for ${s.label}, deletions and replacements included, without review.`,
        span: spanFromProgram(cmd, [verb, ...optWords(p, 'auto-approve')]),
        context: { scope: s.scope },
      };
    }
    const approval = optOf(p, 'require-approval');
    if (approval?.value?.toLowerCase() !== 'never') return undefined;
    return {
      severity: prod ? 'high' : 'medium',
      message: `cdk deploy --require-approval never deploys ${s.label} without asking about IAM and security-group changes.`,
      span: spanFromProgram(cmd, [verb, approval.word, ...(approval.valueWord ? [approval.valueWord] : [])]),
      context: { scope: s.scope },
    };
  },
};

// Serverless Framework and AWS SAM -----------------------------------------------------------

const stackRemove: CommandRule = {
  id: 'IAC012',
  name: 'serverless-stack-remove',
  category: 'iac',
  severity: 'critical',
  triggers: [
    { programs: ['serverless', 'sls', 'osls'], subcommands: ['remove'] },
    { programs: ['sam'], subcommands: ['delete'] },
  ],
  summary: 'Catches `serverless remove` and `sam delete`, which delete a deployed service\'s whole CloudFormation stack.',
  rationale: 'Removing the stack deletes its functions, APIs, queues and, unless retained, its tables and buckets with their data. `serverless remove` never asks; `sam delete --no-prompts` does not either.',
  alternative: 'List what the stack owns first (aws cloudformation list-stack-resources), back up its data, and remove it yourself',
  examples: {
    fire: ['serverless remove', 'sls remove --stage prod', 'npx serverless remove -s dev -r eu-west-1', 'sam delete --stack-name api-prod --no-prompts', 'sam delete'],
    pass: ['serverless deploy', 'sls info --stage prod', 'sam deploy --guided', 'sam delete --help'],
  },
  check(cmd) {
    const p = parseArgs(cmd.args, { shortWithValue: 'srcp', withValue: ['stage', 'region', 'config', 'aws-profile', 'profile', 'app', 'org', 'stack-name', 'config-file', 'config-env', 's3-bucket', 's3-prefix', 'param'] });
    const [verb] = p.positionals;
    if (!verb || isOn(p, 'help', 'h')) return undefined;
    if (cmd.program === 'sam') {
      if (verb.value !== 'delete') return undefined;
      const name = valueOf(p, 'stack-name');
      const scope = productionScope(name, valueOf(p, 'config-env'), valueOf(p, 'profile'));
      const noPrompts = isOn(p, 'no-prompts') || answersYes(cmd);
      return {
        severity: noPrompts || scope.length ? 'critical' : 'high',
        message: `sam delete removes stack ${name ? shown(name) : 'from samconfig'} with all its resources${noPrompts ? ' without asking' : ''}, and its deployment artifacts.`,
        span: spanFromProgram(cmd, [verb, ...optWords(p, 'no-prompts')]),
        context: { scope },
      };
    }
    if (verb.value !== 'remove') return undefined;
    const stage = valueOf(p, 's', 'stage');
    const scope = productionScope(stage, valueOf(p, 'aws-profile'), valueOf(p, 'c', 'config'));
    const sev: RuleMatch['severity'] = scope.length ? 'critical' : 'high';
    return {
      severity: sev,
      message: `${cmd.program} remove deletes the ${stage ? `${shown(stage)} stage` : 'default (dev) stage'} of this service without asking: functions, APIs and every table or bucket the stack created.`,
      span: spanFromProgram(cmd, [verb]),
      context: { scope },
    };
  },
};

export const iacPack: RulePack = {
  name: 'iac',
  description: 'Terraform, OpenTofu, Terragrunt, Pulumi, CDK, Serverless and SAM: destroyed stacks, unreviewed applies and state surgery.',
  rules: [tfDestroy, tfApply, tfState, tfWorkspaceDelete, tfForceUnlock, tfTaint, pulumiDestroy, pulumiUp, pulumiStackRemove, cdkDestroy, cdkDeploy, stackRemove],
};
