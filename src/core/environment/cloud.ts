/**
 * Where a cloud CLI acts.
 * - AWS: the profile (`--profile`, AWS_PROFILE, AWS_DEFAULT_PROFILE, `default`), its account
 *   and role from the config file (AWS_CONFIG_FILE or ~/.aws/config: `sso_account_id`,
 *   `role_arn`, `aws_account_id`, through `source_profile`), the region and a local endpoint
 *   (`--endpoint-url`, AWS_ENDPOINT_URL: LocalStack and the like). Keys in the environment
 *   (AWS_ACCESS_KEY_ID) take precedence over a profile the line does not name; their account
 *   can only be learnt from AWS, so it is unresolved.
 * - GCP: `--project`, CLOUDSDK_CORE_PROJECT, else the active gcloud configuration's project
 *   (CLOUDSDK_CONFIG or ~/.config/gcloud; `--configuration`, CLOUDSDK_ACTIVE_CONFIG_NAME,
 *   active_config).
 * - Azure: `--subscription`, else the default subscription of the az profile
 *   (AZURE_CONFIG_DIR or ~/.azure, azureProfile.json).
 */
import { dynamic, optionValue, plain } from './args';
import { parseIni, type IniFile } from './ini';
import { CHANGED_UNKNOWN } from './line';
import type { EnvFact, EnvTarget, Probe } from './model';
import { hostOfUrl, isLoopbackHost } from './production';

/** Programs that take the AWS CLI's `--profile` (serverless calls it `--aws-profile`). */
export const AWS_TOOLS: Readonly<Record<string, string[]>> = {
  aws: ['profile'],
  sam: ['profile'],
  cdk: ['profile'],
  eb: ['profile'],
  eksctl: ['profile'],
  copilot: [],
  serverless: ['aws-profile'],
  sls: ['aws-profile'],
  chalice: ['profile'],
  awslocal: ['profile'],
};

const ARN_ACCOUNT = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(.+)$/;

function awsSection(ini: IniFile, profile: string): Map<string, string> | undefined {
  if (profile === 'default') return ini.sections.get('default') ?? ini.sections.get('profile default');
  return ini.sections.get(`profile ${profile}`);
}

/** The AWS side of a command; `envOnly` for tools that read only the variables (Terraform's provider). */
export function awsTarget(pr: Probe, opts: { envOnly?: boolean } = {}): EnvTarget | undefined {
  const { cmd } = pr;
  const flagNames = AWS_TOOLS[cmd.program] ?? [];
  const target: EnvTarget = { family: 'aws', facts: [], unknown: [] };
  const flag = flagNames.length ? optionValue(cmd.args, { long: flagNames }) : undefined;
  const p1 = pr.variable('AWS_PROFILE');
  const p2 = pr.variable('AWS_DEFAULT_PROFILE');
  if (opts.envOnly && flag === undefined && !p1.value && !p2.value) return undefined;
  const keys = pr.variable('AWS_ACCESS_KEY_ID');
  let profile: string;
  let from: string;
  let changed = false;
  if (flag !== undefined) [profile, from] = [flag, 'the line'];
  else if (keys.value) {
    // Keys in the environment win over any profile the line does not name.
    target.facts.push({ label: 'AWS credentials', value: 'AWS_ACCESS_KEY_ID', kind: 'neutral', from: 'AWS_ACCESS_KEY_ID', changed: keys.fromLine, shown: true });
    target.unresolved = ['account'];
    region(pr, target, undefined);
    return target;
  } else if (p1.value) [profile, from, changed] = [p1.value, 'AWS_PROFILE', p1.fromLine];
  else if (p2.value) [profile, from, changed] = [p2.value, 'AWS_DEFAULT_PROFILE', p2.fromLine];
  else [profile, from] = ['default', 'the default profile'];
  if (dynamic(profile)) {
    target.unknown.push(`the AWS profile is only known at run time (${plain(profile)})`);
    return target;
  }
  const cfgVar = pr.variable('AWS_CONFIG_FILE');
  const file = cfgVar.value || '~/.aws/config';
  const r = pr.parsed(file, 'ini', parseIni);
  changed ||= !!r.changed || pr.state.aws.changed || cfgVar.fromLine;
  const ini = r.value;
  if (r.error) target.unknown.push(`${pr.pretty(r.path)} ${r.error}`);
  const siblings = ini ? [...ini.sections.keys()].filter((s) => s === 'default' || s.startsWith('profile ')).map((s) => s.replace(/^profile /, '')) : [];
  const section = ini ? awsSection(ini, profile) : undefined;
  if (profile !== 'default' || section) target.facts.push({ label: 'AWS profile', value: profile, kind: 'name', from, changed, siblings, shown: true });
  // The account: the profile's own, else through source_profile (bounded).
  let sec = section;
  let account: string | undefined;
  let role: string | undefined;
  for (let hop = 0; sec && hop < 6 && !account; hop++) {
    const arn = sec.get('role_arn');
    const m = arn ? ARN_ACCOUNT.exec(arn) : null;
    account = sec.get('sso_account_id') ?? m?.[1] ?? sec.get('aws_account_id');
    role ??= sec.get('sso_role_name') ?? m?.[2];
    const src = sec.get('source_profile');
    sec = src && ini && src !== profile ? awsSection(ini, src) : undefined;
  }
  if (account) target.facts.push({ label: 'AWS account', value: account, kind: 'account', from: pr.pretty(r.path), changed, shown: true });
  else if (section?.has('credential_process') || section?.has('aws_access_key_id') || !section) target.unresolved = ['account'];
  if (role) target.facts.push({ label: 'role', value: role, kind: 'name', from: pr.pretty(r.path), changed });
  region(pr, target, section);
  const endpoint = optionValue(cmd.args, { long: ['endpoint-url'] }) ?? pr.variable('AWS_ENDPOINT_URL').value ?? (cmd.program === 'awslocal' ? 'http://localhost:4566' : undefined);
  if (endpoint) {
    target.facts.push({ label: 'endpoint', value: plain(endpoint), kind: 'host', from: 'the line', changed, shown: true });
    target.local = isLoopbackHost(hostOfUrl(endpoint));
  }
  return target;
}

function region(pr: Probe, target: EnvTarget, section: Map<string, string> | undefined): void {
  const r = optionValue(pr.cmd.args, { long: ['region'] }) ?? pr.variable('AWS_REGION').value ?? pr.variable('AWS_DEFAULT_REGION').value ?? section?.get('region');
  if (r) target.facts.push({ label: 'region', value: plain(r), kind: 'neutral', from: 'the line' });
}

export const GCP_TOOLS: ReadonlySet<string> = new Set(['gcloud', 'gsutil', 'bq']);

export function gcpTarget(pr: Probe, opts: { envOnly?: boolean } = {}): EnvTarget | undefined {
  const { cmd, state } = pr;
  const target: EnvTarget = { family: 'gcp', facts: [], unknown: [] };
  const flag =
    cmd.program === 'bq' ? optionValue(cmd.args, { long: ['project_id'] }) : cmd.program === 'gsutil' ? optionValue(cmd.args, { short: ['p'] }) : optionValue(cmd.args, { long: ['project'] });
  const envProject = pr.variable('CLOUDSDK_CORE_PROJECT');
  const other = opts.envOnly ? (pr.variable('GOOGLE_CLOUD_PROJECT').value ? pr.variable('GOOGLE_CLOUD_PROJECT') : pr.variable('GOOGLE_PROJECT')) : { value: undefined, fromLine: false };
  let project: string | undefined;
  let from = 'the line';
  let changed = false;
  if (flag !== undefined) project = flag;
  else if (envProject.value) [project, from, changed] = [envProject.value, 'CLOUDSDK_CORE_PROJECT', envProject.fromLine];
  else if (other.value) [project, from, changed] = [other.value, 'GOOGLE_CLOUD_PROJECT', other.fromLine];
  else if (opts.envOnly) return undefined;
  else if (state.gcp.project !== undefined) [project, from, changed] = [state.gcp.project, 'gcloud config set earlier on the line', true];
  if (project === undefined) {
    const dirVar = pr.variable('CLOUDSDK_CONFIG');
    const dir = dirVar.value || '~/.config/gcloud';
    let config = optionValue(cmd.args, { long: ['configuration'] }) ?? pr.variable('CLOUDSDK_ACTIVE_CONFIG_NAME').value ?? (state.gcp.configuration !== undefined ? state.gcp.configuration : undefined);
    changed = state.gcp.changed || dirVar.fromLine;
    if (config === undefined) {
      const active = pr.file(`${dir}/active_config`);
      if ('text' in active) config = active.text.trim() || 'default';
      else if ('error' in active) target.unknown.push(`${pr.pretty(active.path)} ${active.error}`);
      else config = 'default';
    }
    if (config === CHANGED_UNKNOWN || (config !== undefined && dynamic(config))) target.unknown.push('the gcloud configuration is only known at run time');
    else if (config !== undefined) {
      const r = pr.parsed(`${dir}/configurations/config_${config}`, 'ini', parseIni);
      changed ||= !!r.changed;
      if (r.error) target.unknown.push(`${pr.pretty(r.path)} ${r.error}`);
      const p = r.value?.sections.get('core')?.get('project');
      const siblings = (pr.list(`${dir}/configurations`) ?? []).filter((n) => n.startsWith('config_')).map((n) => n.slice(7));
      if (config !== 'default' || p) target.facts.push({ label: 'gcloud configuration', value: config, kind: 'name', from: pr.pretty(dir), changed, siblings });
      if (p) [project, from] = [p, pr.pretty(r.path)];
    }
  }
  if (project === CHANGED_UNKNOWN || (project !== undefined && dynamic(project))) target.unknown.push('the GCP project is only known at run time');
  else if (project) {
    target.facts.push({ label: 'GCP project', value: project, kind: 'project', from, changed, shown: true });
  }
  return target.facts.length || target.unknown.length ? target : undefined;
}

interface AzureProfile {
  subscriptions: { id?: string; name?: string; isDefault?: boolean }[];
}

function parseAzureProfile(text: string): AzureProfile {
  const o = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  if (!o || typeof o !== 'object' || !Array.isArray((o as Record<string, unknown>).subscriptions)) throw new Error('no subscriptions list');
  return { subscriptions: ((o as Record<string, unknown>).subscriptions as unknown[]).filter((s): s is AzureProfile['subscriptions'][number] => !!s && typeof s === 'object') };
}

export function azureTarget(pr: Probe, opts: { envOnly?: boolean } = {}): EnvTarget | undefined {
  const { cmd, state } = pr;
  const target: EnvTarget = { family: 'azure', facts: [], unknown: [] };
  const add = (value: string, from: string, changed: boolean, name?: string): void => {
    if (name && name !== value) target.facts.push({ label: 'Azure subscription', value: name, kind: 'subscription', from, changed, shown: true });
    target.facts.push({ label: name && name !== value ? 'Azure subscription id' : 'Azure subscription', value, kind: 'subscription', from, changed, shown: !name || name === value });
  };
  if (opts.envOnly) {
    const v = pr.variable('ARM_SUBSCRIPTION_ID');
    if (!v.value) return undefined;
    add(v.value, 'ARM_SUBSCRIPTION_ID', v.fromLine);
    return target;
  }
  const flag = optionValue(cmd.args, { long: ['subscription'] });
  if (flag !== undefined) {
    add(plain(flag), 'the line', false);
    return target;
  }
  if (state.azure.subscription !== undefined) {
    if (state.azure.subscription === CHANGED_UNKNOWN) target.unknown.push('the Azure subscription is changed earlier on the line to one only known at run time');
    else add(state.azure.subscription, 'az account set earlier on the line', true);
    return target;
  }
  const dirVar = pr.variable('AZURE_CONFIG_DIR');
  const r = pr.parsed(`${dirVar.value || '~/.azure'}/azureProfile.json`, 'azure-profile', parseAzureProfile);
  if (r.error) target.unknown.push(`${pr.pretty(r.path)} ${r.error}`);
  const def = r.value?.subscriptions.find((s) => s.isDefault === true);
  if (def && (def.id || def.name)) {
    const siblings = (r.value?.subscriptions ?? []).map((s) => s.name ?? '').filter(Boolean);
    add(def.id ?? def.name!, pr.pretty(r.path), !!r.changed || dirVar.fromLine, def.name);
    target.facts[0].siblings = siblings;
  }
  return target.facts.length || target.unknown.length ? target : undefined;
}

export type { EnvFact };
