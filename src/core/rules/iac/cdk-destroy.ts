import { answersYes, isOn, optWords, parseArgs } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { CDK, CDK_SPEC, cdkStacks } from './helpers';

export const cdkDestroy: CommandRule = {
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
