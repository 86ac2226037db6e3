import { isOn, shown } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { isHelp, TF, tfCommand } from './helpers';

// terraform state rm / push / mv -------------------------------------------------------------

export const terraformStateSurgery: CommandRule = {
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
