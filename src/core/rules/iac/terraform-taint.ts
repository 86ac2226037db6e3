import { shown } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { isHelp, TF, tfCommand } from './helpers';

// terraform taint ---------------------------------------------------------------------------

export const terraformTaint: CommandRule = {
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
