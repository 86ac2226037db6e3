import { isOn, optWords, type ParsedArgs, shown, valueOf, valuesOf } from '../../shell/cli-args';
import { describeState, localState } from '../../impact/terraform';
import { normalizePath } from '../../path-text';
import type { CommandContext, Severity } from '../../types';
import type { SimpleCommand } from '../../shell/model';
import { type CommandRule, spanFromProgram } from '../rule';
import { isHelp, TF, tfCommand } from './helpers';

function targetsOf(p: ParsedArgs): string {
  const t = valuesOf(p, 'target');
  if (!t.length) return '';
  const list = t.slice(0, 3).map((x) => shown(x, 50)).join(', ');
  return ` (targeted: ${list}${t.length > 3 ? ` and ${t.length - 3} more` : ''})`;
}

/** What local state says the destroy would delete (nothing when the state is remote or unreadable). */
function stateText(cmd: SimpleCommand, ctx: CommandContext, chdir: string | undefined): string {
  if (!ctx.environment || cmd.remote) return '';
  const base = cmd.cwd ?? ctx.cwd;
  const rel = chdir ?? '.';
  if (!base || base.includes('\u0000') || rel.includes('\u0000') || rel.startsWith('~') || (!base.startsWith('/') && !rel.startsWith('/'))) return '';
  const dir = normalizePath(rel.startsWith('/') ? rel : base.startsWith('/') ? `${base}/${rel}` : `${ctx.cwd ?? ''}/${base}/${rel}`);
  if (!dir.startsWith('/')) return '';
  const ws = cmd.assignments.find((a) => a.name === 'TF_WORKSPACE')?.value.value ?? ctx.environment.variable('TF_WORKSPACE');
  const state = localState(ctx.environment, dir, ws);
  return state ? describeState(state) : '';
}

// terraform destroy / apply -destroy ----------------------------------------------------------

export const terraformDestroy: CommandRule = {
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
  check(cmd, { ctx }) {
    const t = tfCommand(cmd);
    if (!t || isHelp(t.p)) return undefined;
    const destroy = t.sub.value === 'destroy' || (t.sub.value === 'apply' && (isOn(t.p, 'destroy') || /(^|\s)--?destroy(=true)?(\s|$)/.test(t.envArgs)));
    if (!destroy) return undefined;
    const prod = t.scope.includes('production');
    const severity: Severity = t.autoApprove || prod ? 'critical' : 'high';
    const how = t.autoApprove ? `without review (${t.approvedBy})` : 'after a single yes at the prompt';
    return {
      severity,
      message: `${t.tool} destroy deletes every resource managed by ${t.where}${targetsOf(t.p)} ${how}, data stores included${prod ? '; the names point at production' : ''}${t.all ? '' : stateText(cmd, ctx, valueOf(t.p, 'chdir'))}.`,
      span: spanFromProgram(cmd, [t.sub, ...optWords(t.p, 'destroy', 'auto-approve')]),
      context: { scope: t.scope },
    };
  },
};
