import { kindName } from '../../plain-text';
import type { SimpleCommand } from '../../shell/model';
import type { Severity } from '../../types';
import { optionValue, optionWords, productionContext, raised, shown } from '../cli-options';
import { azCall, matchPath } from '../cloud-cli';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { prodOf, where } from './helpers';

// ---------------------------------------------------------------------------------------------
// IAM005: Azure role assignments

const AZ_ROLES: Readonly<Record<string, { name: string; severity: Severity }>> = {
  owner: { name: 'Owner', severity: 'critical' },
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': { name: 'Owner', severity: 'critical' },
  'user access administrator': { name: 'User Access Administrator', severity: 'critical' },
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': { name: 'User Access Administrator', severity: 'critical' },
  'role based access control administrator': { name: 'Role Based Access Control Administrator', severity: 'critical' },
  'f58310d9-a9f6-439a-9e8d-f62e7b41a168': { name: 'Role Based Access Control Administrator', severity: 'critical' },
  contributor: { name: 'Contributor', severity: 'high' },
  'b24988ac-6180-42a0-ab88-20f7382dd24c': { name: 'Contributor', severity: 'high' },
};

function azRole(cmd: SimpleCommand): RuleMatch | undefined {
  if (cmd.program !== 'az') return undefined;
  const c = azCall(cmd);
  if (c.inert) return undefined;
  if (matchPath(c, ['role', 'assignment', 'create']) !== -1) {
    const role = optionValue(c.args, 'role') ?? '';
    const known = AZ_ROLES[role.trim().toLowerCase().replace(/^.*\/roledefinitions\//, '')];
    if (!known) return undefined;
    const scope = optionValue(c.args, 'scope') ?? '';
    const rg = optionValue(c.args, 'resource-group', 'g');
    const wide = /^\/(subscriptions\/[^/]+\/?$|providers\/Microsoft\.Management)/i.test(scope) || (!scope && !rg);
    const who = optionValue(c.args, 'assignee', 'assignee-object-id');
    const prod = prodOf(c, scope, rg);
    let severity = known.severity;
    if (prod) severity = raised(severity);
    return {
      severity,
      message: `assigns ${known.name} to ${shown(who)} on ${scope ? shown(scope) : rg ? `resource ${kindName('group', shown(rg))}` : 'the current subscription'}${wide ? ' (subscription-wide or wider)' : ''}${where(c)}.`,
      span: spanFromProgram(cmd, [...c.positionals.slice(0, 3), ...optionWords(c.args, 'role', 'scope')]),
      context: productionContext(prod),
    };
  }
  if (matchPath(c, ['role', 'definition', 'create']) !== -1 || matchPath(c, ['role', 'definition', 'update']) !== -1) {
    const def = optionValue(c.args, 'role-definition') ?? '';
    if (def.startsWith('@')) return undefined;
    const text = def.slice(0, 64 * 1024);
    const star = /"Actions"\s*:\s*\[[^\]]{0,4000}?"\*"/i.test(text);
    const authz = /"Actions"\s*:\s*\[[^\]]{0,4000}?"Microsoft\.Authorization\/\*(\/write)?"/i.test(text);
    if (!star && !authz) return undefined;
    return {
      severity: 'critical',
      message: `defines a custom role that allows ${star ? 'every action ("Actions": ["*"]), i.e. Owner under another name' : 'Microsoft.Authorization/*, i.e. granting itself any role'}.`,
      span: spanFromProgram(cmd, [...c.positionals.slice(0, 3), ...optionWords(c.args, 'role-definition')]),
    };
  }
  return undefined;
}

export const azurePrivilegedRoleAssignment: CommandRule = {
  id: 'IAM005',
  name: 'azure-privileged-role-assignment',
  category: 'iam',
  severity: 'critical',
  triggers: [{ programs: ['az'], subcommands: ['create', 'update'] }],
  summary: 'Assigns Owner, User Access Administrator or Contributor in Azure, or defines a custom role with "Actions": ["*"].',
  rationale: 'Owner and User Access Administrator can grant any role to anyone, Contributor can delete every resource in its scope; on a subscription they reach every resource group in it.',
  alternative: 'Assign a built-in role for the one service needed, scoped to a single resource group or resource, or use Privileged Identity Management for time-boxed elevation.',
  examples: {
    fire: [
      'az role assignment create --assignee ci-sp --role Owner --scope /subscriptions/0000',
      'az role assignment create --assignee bot@corp.com --role "User Access Administrator"',
      'az role assignment create --role Contributor --assignee app-id -g prod-rg',
    ],
    pass: ['az role assignment create --assignee ci-sp --role Reader --scope /subscriptions/0000', 'az role assignment list --assignee ci-sp', 'az role assignment delete --assignee ci-sp --role Owner'],
  },
  check: azRole,
};
