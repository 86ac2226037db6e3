import { kindName } from '../../plain-text';
import type { SimpleCommand } from '../../shell/model';
import type { Severity } from '../../types';
import { optionValue, optionWords, productionContext, raised, shown } from '../cli-options';
import { awsCall, matchPath } from '../cloud-cli';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { prodOf, where } from './helpers';

// ---------------------------------------------------------------------------------------------
// IAM001: managed administrator policies

const ATTACH_OPS: readonly { path: string[]; principal: string; principalOpt: string; arnOpt: string }[] = [
  { path: ['iam', 'attach-role-policy'], principal: 'role', principalOpt: 'role-name', arnOpt: 'policy-arn' },
  { path: ['iam', 'attach-user-policy'], principal: 'user', principalOpt: 'user-name', arnOpt: 'policy-arn' },
  { path: ['iam', 'attach-group-policy'], principal: 'group', principalOpt: 'group-name', arnOpt: 'policy-arn' },
  { path: ['sso-admin', 'attach-managed-policy-to-permission-set'], principal: 'permission set', principalOpt: 'permission-set-arn', arnOpt: 'managed-policy-arn' },
];

function managedPolicySeverity(arn: string): { severity: Severity; why: string } | undefined {
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  if (/^AdministratorAccess$/i.test(name)) return { severity: 'critical', why: 'full administrator access to the whole account' };
  if (/^IAMFullAccess$/i.test(name)) return { severity: 'critical', why: 'full IAM access, which lets the holder grant itself administrator' };
  if (/^PowerUserAccess$/i.test(name)) return { severity: 'high', why: 'every action except IAM management' };
  if (/FullAccess$/i.test(name)) return { severity: 'medium', why: `every action of one service (${name})` };
  return undefined;
}

function attachAdmin(cmd: SimpleCommand): RuleMatch | undefined {
  if (cmd.program !== 'aws') return undefined;
  const c = awsCall(cmd);
  if (c.inert) return undefined;
  if (matchPath(c, ['iam', 'add-user-to-group']) !== -1) {
    const group = optionValue(c.args, 'group-name');
    if (!group || !/admin|root|power|owner/i.test(group)) return undefined;
    const user = optionValue(c.args, 'user-name');
    return {
      severity: 'high',
      message: `adds ${kindName('user', shown(user))} to ${kindName('group', shown(group))}, which by its name grants administrative rights${where(c)}.`,
      span: spanFromProgram(cmd, [...c.positionals.slice(0, 2), ...optionWords(c.args, 'group-name')]),
      context: productionContext(prodOf(c)),
    };
  }
  for (const op of ATTACH_OPS) {
    if (matchPath(c, op.path) === -1) continue;
    const arn = optionValue(c.args, op.arnOpt);
    if (!arn) return undefined;
    const grade = managedPolicySeverity(arn);
    if (!grade) return undefined;
    const who = optionValue(c.args, op.principalOpt);
    const prod = prodOf(c, who);
    return {
      severity: prod && grade.severity !== 'critical' ? raised(grade.severity) : grade.severity,
      message: `attaches ${shown(arn.slice(arn.lastIndexOf('/') + 1))} to ${kindName(op.principal, shown(who))}: ${grade.why}${where(c)}.`,
      span: spanFromProgram(cmd, [...c.positionals.slice(0, 2), ...optionWords(c.args, op.arnOpt)]),
      context: productionContext(prod),
    };
  }
  return undefined;
}

export const awsAttachAdminPolicy: CommandRule = {
  id: 'IAM001',
  name: 'aws-attach-admin-policy',
  category: 'iam',
  severity: 'critical',
  triggers: [{ programs: ['aws'], subcommands: ['attach-role-policy', 'attach-user-policy', 'attach-group-policy', 'attach-managed-policy-to-permission-set', 'add-user-to-group'] }],
  summary: 'Attaches AdministratorAccess, IAMFullAccess or another broad managed policy to an AWS role, user, group or permission set.',
  rationale:
    'An agent or CI role with administrator rights turns every later mistake into an account-wide one: the command that was meant to touch one bucket can then delete any resource, key or log in the account.',
  alternative: 'Write a least-privilege policy naming the actions and resources the task needs, and attach that instead; grant admin only through a reviewed, time-boxed path.',
  examples: {
    fire: [
      'aws iam attach-role-policy --role-name ci-deployer --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
      'aws iam attach-user-policy --policy-arn=arn:aws:iam::aws:policy/IAMFullAccess --user-name bot',
      'aws --profile prod iam attach-group-policy --group-name devs --policy-arn arn:aws:iam::aws:policy/PowerUserAccess',
    ],
    pass: [
      'aws iam attach-role-policy --role-name ci --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess',
      'aws iam list-attached-role-policies --role-name ci-deployer',
      'aws iam detach-role-policy --role-name ci --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
    ],
  },
  check: attachAdmin,
};
