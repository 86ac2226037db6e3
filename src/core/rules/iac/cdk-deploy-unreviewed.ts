import { isOn, optOf, optWords, parseArgs } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { CDK, CDK_SPEC, cdkStacks } from './helpers';

export const cdkDeployUnreviewed: CommandRule = {
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
