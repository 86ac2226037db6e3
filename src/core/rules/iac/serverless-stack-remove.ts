import { kindName } from '../../plain-text';
import { answersYes, isOn, optWords, parseArgs, productionScope, shown, valueOf } from '../../shell/cli-args';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';

// Serverless Framework and AWS SAM -----------------------------------------------------------

export const serverlessStackRemove: CommandRule = {
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
        message: `sam delete removes ${kindName('stack', name ? shown(name) : 'from samconfig')} with all its resources${noPrompts ? ' without asking' : ''}, and its deployment artifacts.`,
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
