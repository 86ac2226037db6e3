import { addressType, holdsData } from '../../impact/terraform';
import { isOn, optWords, shown, valuesOf } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { isHelp, TF, tfCommand } from './helpers';

// terraform apply -auto-approve / -replace ---------------------------------------------------

export const terraformApplyUnreviewed: CommandRule = {
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
      // A replaced database, bucket or volume comes back empty: its data is what is lost.
      const data = replace.filter((r) => holdsData(addressType(r) ?? ''));
      const why = data.length ? `; ${data.map((r) => shown(r, 50)).join(', ')} ${data.length === 1 ? 'is a resource that holds' : 'are resources that hold'} data, which the new one will not have` : '; anything stored on it is lost';
      return {
        severity: t.scope.includes('production') || data.length ? 'high' : 'medium',
        message: `${t.tool} apply -replace destroys and recreates ${replace.map((r) => shown(r, 50)).join(', ')} in ${t.where}${why}.`,
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
