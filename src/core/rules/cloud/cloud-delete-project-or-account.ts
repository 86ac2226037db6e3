import { kindName } from '../../plain-text';
import type { SimpleCommand } from '../../shell/model';
import type { Severity } from '../../types';
import { looksProduction, optionValue, parseArgs, productionContext, raised, shown } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { type CloudOp, matchOps, opTriggers } from './helpers';

// ---------------------------------------------------------------------------------------------
// Projects, resource groups, accounts

export const ACCOUNT_OPS: readonly CloudOp[] = [
  { tool: 'gcloud', path: 'projects delete', severity: 'critical', what: 'shuts down the Google Cloud project and every resource in it:' },
  { tool: 'gcloud', path: 'resource-manager folders delete', severity: 'medium', what: 'deletes the folder' },
  { tool: 'az', path: 'group delete', severity: 'critical', what: 'deletes the resource group and every resource in it:', name: ['name', 'n', 'resource-group', 'g'] },
  { tool: 'aws', path: 'organizations close-account', severity: 'critical', what: 'closes the AWS account', name: ['account-id'] },
  { tool: 'aws', path: 'organizations delete-organization', severity: 'high', what: 'deletes the AWS organization' },
  { tool: 'aws', path: 'organizations remove-account-from-organization', severity: 'high', what: 'removes the account from the organization (its guardrails and billing go with it):', name: ['account-id'] },
];

function herokuDestroy(cmd: SimpleCommand): RuleMatch | undefined {
  const sub = cmd.args.find((a) => !a.value.startsWith('-'));
  if (!sub || !['apps:destroy', 'destroy', 'addons:destroy', 'addons:remove'].includes(sub.value)) return undefined;
  const p = parseArgs(cmd.args, { unknownLong: 'value', shortValued: 'ar' });
  const app = optionValue(p, 'app', 'a', 'confirm');
  const addon = sub.value.startsWith('addons') ? p.positionals[1]?.value : undefined;
  const prod = looksProduction(app, addon);
  const data = addon !== undefined && /postgres|redis|mysql|mongo|kafka|database/i.test(addon);
  const severity: Severity = sub.value.startsWith('addons') ? (data ? 'critical' : 'medium') : 'critical';
  return {
    severity: prod ? raised(severity) : severity,
    message: addon ? `destroys the ${kindName('Heroku add-on', shown(addon))}${data ? ' and the data in it' : ''}${app ? ` of ${kindName('app', shown(app))}` : ''}.` : `destroys the ${kindName('Heroku app', shown(app) || '(current)')} with its add-ons and config.`,
    span: spanFromProgram(cmd, [sub]),
    context: productionContext(prod),
  };
}

export const cloudDeleteProjectOrAccount: CommandRule = {
  id: 'CLD008',
  name: 'cloud-delete-project-or-account',
  category: 'cloud',
  severity: 'critical',
  triggers: opTriggers(ACCOUNT_OPS, [{ programs: ['heroku'], subcommands: ['apps:destroy', 'destroy', 'addons:destroy', 'addons:remove'] }]),
  summary: 'Deletes a whole project, resource group, app or account (gcloud projects delete, az group delete, organizations close-account, heroku apps:destroy).',
  rationale: 'These delete every resource inside at once — databases, storage, keys and all — and the provider’s recovery window, where there is one, does not help anything that depended on them in the meantime.',
  alternative: 'Delete resources one by one after review, or ask a human to remove the project from the console after exporting what must be kept.',
  examples: {
    fire: ['gcloud projects delete my-project', 'az group delete --name prod-rg --yes --no-wait', 'aws organizations close-account --account-id 123456789012', 'heroku apps:destroy --app shop --confirm shop'],
    pass: ['gcloud projects describe my-project', 'az group show --name prod-rg', 'az group create --name test-rg --location westeurope', 'heroku apps:info --app shop'],
  },
  check(cmd) {
    if (cmd.program === 'heroku') return herokuDestroy(cmd);
    return matchOps(cmd, ACCOUNT_OPS);
  },
};
