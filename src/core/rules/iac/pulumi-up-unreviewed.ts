import { isOn, optWords } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { pulumiCommand } from './helpers';

export const pulumiUpUnreviewed: CommandRule = {
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
