import { isOn, optWords } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { pulumiCommand } from './helpers';

export const pulumiDestroy: CommandRule = {
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
