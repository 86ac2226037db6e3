/**
 * Where an infrastructure tool acts.
 * - Terraform and OpenTofu: the folder (`-chdir`, the line's `cd`, the cwd), its selected
 *   workspace (TF_WORKSPACE, else `<TF_DATA_DIR or .terraform>/environment`, else `default`;
 *   `workspace select` earlier on the line), the folders under the repository that lead to it
 *   (`envs/prod`, `live/production`; never the repository's own name or the folders above it),
 *   `-var-file` and `-backend-config` names, and the backend cached by `init` in
 *   `.terraform/terraform.tfstate` (bucket, key, prefix, Terraform Cloud workspace).
 * - Terragrunt: the working folder (`--working-dir`, `--terragrunt-working-dir`) and its path.
 * - Atmos: the stack (`-s`, `--stack`).
 * - Pulumi: the stack (`-s`, `--stack`, `stack select` earlier on the line, else the selected one
 *   recorded in ~/.pulumi/workspaces) and what its `Pulumi.<stack>.yaml` sets for the providers
 *   (`aws:profile`, `gcp:project`, `azure-native:subscriptionId`, `kubernetes:context`).
 * Terraform, Pulumi and CDK also use the cloud credentials in the environment: those are read by
 * the cloud resolvers with `envOnly`.
 */
import { dynamic, optionValue, optionValues, plain } from './args';
import { CHANGED_UNKNOWN, terraformKey } from './line';
import { baseName, dirName, type EnvFact, type EnvTarget, joinPath, normalizePath, type Probe } from './model';

export const TERRAFORM_TOOLS: ReadonlySet<string> = new Set(['terraform', 'tofu', 'terragrunt', 'atmos', 'tflocal', 'terramate']);

/** The folder a Terraform-like command works in, absolute when known. */
function workingDir(pr: Probe): string | undefined {
  const { cmd } = pr;
  const chdir =
    cmd.program === 'terragrunt'
      ? optionValue(cmd.args, { long: ['working-dir', 'terragrunt-working-dir'] })
      : optionValue(cmd.args, { single: ['chdir'] });
  if (chdir === undefined) return pr.dir();
  return pr.resolve(chdir);
}

/** The folders from the repository (workspace) root down to `dir`, each with its siblings. */
function folderFacts(pr: Probe, dir: string): EnvFact[] {
  // The repository that holds the folder (the innermost, for submodules), else the workspace folder.
  const inside = (roots: (string | undefined)[]): string | undefined =>
    roots
      .filter((r): r is string => !!r)
      .map(normalizePath)
      .filter((r) => dir === r || dir.startsWith(`${r}/`))
      .sort((a, b) => b.length - a.length)[0];
  const root = inside(pr.ctx.repositoryRoots ?? []) ?? inside([pr.ctx.workspaceRoot, ...(pr.ctx.workspaceFolders ?? [])]);
  if (!root || root === dir) return [];
  const rel = dir.slice(root.length + 1);
  const parts = rel.split('/').slice(0, 12);
  const out: EnvFact[] = [];
  let here = root;
  for (const part of parts) {
    const siblings = pr.list(here) ?? [];
    out.push({ label: 'folder', value: part, kind: 'folder', from: rel, siblings });
    here = `${here}/${part}`;
  }
  if (out.length) out[out.length - 1] = { ...out[out.length - 1], shown: false };
  return out;
}

interface CachedBackend {
  type?: string;
  values: string[];
}

function parseBackendState(text: string): CachedBackend {
  const o = JSON.parse(text) as Record<string, unknown>;
  const b = (o.backend ?? null) as Record<string, unknown> | null;
  if (!b || typeof b !== 'object') return { values: [] };
  const cfg = (b.config ?? {}) as Record<string, unknown>;
  const values: string[] = [];
  for (const k of ['bucket', 'key', 'prefix', 'workspace_key_prefix', 'path', 'organization', 'storage_account_name', 'container_name', 'resource_group_name', 'dynamodb_table', 'address']) {
    const v = cfg[k];
    if (typeof v === 'string' && v) values.push(v);
  }
  const ws = cfg.workspaces;
  const wsList = Array.isArray(ws) ? ws : ws ? [ws] : [];
  for (const w of wsList) if (w && typeof w === 'object' && typeof (w as Record<string, unknown>).name === 'string') values.push((w as Record<string, unknown>).name as string);
  return { type: typeof b.type === 'string' ? b.type : undefined, values };
}

export function terraformTarget(pr: Probe): EnvTarget | undefined {
  const { cmd, state } = pr;
  if (!TERRAFORM_TOOLS.has(cmd.program)) return undefined;
  const target: EnvTarget = { family: 'terraform', facts: [], unknown: [] };
  if (cmd.program === 'atmos') {
    const stack = optionValue(cmd.args, { long: ['stack'], short: ['s'] });
    if (stack) target.facts.push({ label: 'Atmos stack', value: plain(stack), kind: 'name', from: 'the line', shown: true });
    return target.facts.length ? target : undefined;
  }
  const dir = workingDir(pr);
  if (!dir) target.unknown.push('the Terraform folder is only known at run time');
  const tf = cmd.program === 'terraform' || cmd.program === 'tofu' || cmd.program === 'tflocal';
  if (tf) {
    // The workspace: set earlier on the line, else TF_WORKSPACE, else the folder's selection.
    const fromLine = state.terraform.workspaces.get(terraformKey(cmd));
    const envWs = pr.variable('TF_WORKSPACE');
    let ws: string | undefined;
    let from = '';
    let changed = false;
    if (fromLine !== undefined) [ws, from, changed] = [fromLine, 'terraform workspace select earlier on the line', true];
    else if (envWs.value) [ws, from, changed] = [envWs.value, 'TF_WORKSPACE', envWs.fromLine];
    else if (dir) {
      const dataDir = pr.variable('TF_DATA_DIR').value || '.terraform';
      const f = pr.file(joinPath(dir, `${dataDir}/environment`));
      if ('text' in f) [ws, from] = [f.text.trim() || 'default', pr.pretty(f.path)];
      else if ('error' in f) target.unknown.push(`${pr.pretty(f.path)} ${f.error}`);
      else ws = 'default';
    }
    if (ws === CHANGED_UNKNOWN || (ws !== undefined && dynamic(ws))) target.unknown.push('the Terraform workspace is only known at run time');
    else if (ws !== undefined && ws !== 'default') {
      const siblings = dir ? ['default', ...(pr.list(joinPath(dir, 'terraform.tfstate.d')) ?? [])] : [];
      target.facts.push({ label: 'Terraform workspace', value: ws, kind: 'name', from, changed, siblings, shown: true });
    }
    for (const v of optionValues(cmd.args, { single: ['var-file'] })) target.facts.push({ label: 'var file', value: plain(v), kind: 'name', from: 'the line', shown: true });
    for (const v of optionValues(cmd.args, { single: ['backend-config', 'state'] })) target.facts.push({ label: 'backend', value: plain(v), kind: 'name', from: 'the line' });
    if (dir) {
      const dataDir = pr.variable('TF_DATA_DIR').value || '.terraform';
      const r = pr.parsed(joinPath(dir, `${dataDir}/terraform.tfstate`), 'tf-backend', parseBackendState);
      if (r.error) target.unknown.push(`${pr.pretty(r.path)} ${r.error}`);
      for (const v of r.value?.values ?? []) target.facts.push({ label: `${r.value?.type ?? 'backend'} backend`, value: v, kind: 'name', from: pr.pretty(r.path), changed: r.changed });
    }
  }
  if (dir) {
    const folders = folderFacts(pr, dir);
    target.facts.push(...folders);
    if (folders.length) target.facts.push({ label: 'folder', value: folders.map((f) => f.value).join('/'), kind: 'neutral', from: 'the line', shown: true });
  }
  return target.facts.length || target.unknown.length ? target : undefined;
}

interface PulumiStackConfig {
  values: { key: string; value: string }[];
}

function parsePulumiStack(text: string, parseYaml: (text: string) => unknown): PulumiStackConfig {
  const o = parseYaml(text);
  const cfg = o && typeof o === 'object' ? ((o as Record<string, unknown>).config as Record<string, unknown> | undefined) : undefined;
  const values: { key: string; value: string }[] = [];
  if (cfg && typeof cfg === 'object') {
    for (const [k, v] of Object.entries(cfg)) if (typeof v === 'string') values.push({ key: k, value: v });
  }
  return { values };
}

function parsePulumiProject(text: string, parseYaml: (text: string) => unknown): string | undefined {
  const o = parseYaml(text);
  const name = o && typeof o === 'object' ? (o as Record<string, unknown>).name : undefined;
  return typeof name === 'string' ? name : undefined;
}

/** Provider settings in a stack's config that say where it acts. */
const PULUMI_KEYS: Readonly<Record<string, { label: string; kind: EnvFact['kind'] }>> = {
  'aws:profile': { label: 'AWS profile', kind: 'name' },
  'aws:region': { label: 'region', kind: 'neutral' },
  'gcp:project': { label: 'GCP project', kind: 'project' },
  'google-native:project': { label: 'GCP project', kind: 'project' },
  'azure-native:subscriptionId': { label: 'Azure subscription', kind: 'subscription' },
  'azure:subscriptionId': { label: 'Azure subscription', kind: 'subscription' },
  'kubernetes:context': { label: 'kube context', kind: 'name' },
};

export function pulumiTarget(pr: Probe): EnvTarget | undefined {
  const { cmd, state } = pr;
  if (cmd.program !== 'pulumi') return undefined;
  const target: EnvTarget = { family: 'pulumi', facts: [], unknown: [] };
  const cwd = optionValue(cmd.args, { long: ['cwd'], short: ['C'] });
  const dir = cwd !== undefined ? pr.resolve(cwd) : pr.dir();
  let stack = optionValue(cmd.args, { long: ['stack'], short: ['s'] });
  let from = 'the line';
  let changed = false;
  if (stack === undefined && state.pulumi.stack !== undefined) [stack, from, changed] = [state.pulumi.stack, 'pulumi stack select earlier on the line', true];
  let project: string | undefined;
  if (dir) {
    const pf = pr.parsed(joinPath(dir, 'Pulumi.yaml'), 'pulumi-project', (t) => parsePulumiProject(t, pr.yaml));
    const pf2 = pf.missing ? pr.parsed(joinPath(dir, 'Pulumi.yml'), 'pulumi-project', (t) => parsePulumiProject(t, pr.yaml)) : pf;
    if (pf2.error) target.unknown.push(`${pr.pretty(pf2.path)} ${pf2.error}`);
    project = pf2.value;
  }
  if (stack === undefined && project && dir) {
    // Pulumi records the selected stack per project checkout in <PULUMI_HOME>/workspaces/<project>-<hash>-workspace.json.
    const home = pr.variable('PULUMI_HOME').value || '~/.pulumi';
    const names = (pr.list(`${home}/workspaces`) ?? []).filter((n) => n.startsWith(`${project}-`) && n.endsWith('-workspace.json')).slice(0, 16);
    const stacks = new Set<string>();
    for (const n of names) {
      const r = pr.parsed(`${home}/workspaces/${n}`, 'json', (t) => JSON.parse(t) as unknown);
      const s = r.value && typeof r.value === 'object' ? (r.value as Record<string, unknown>).stack : undefined;
      if (typeof s === 'string' && s) stacks.add(s);
    }
    if (stacks.size === 1) [stack, from] = [[...stacks][0], pr.pretty(`${home}/workspaces`)];
    else if (stacks.size > 1) target.unknown.push(`several checkouts of Pulumi project \`${project}\` select different stacks (${[...stacks].join(', ')}); which one this folder uses is not recorded where it can be read cheaply`);
  }
  if (stack === CHANGED_UNKNOWN || (stack !== undefined && dynamic(stack))) {
    target.unknown.push('the Pulumi stack is only known at run time');
    return target;
  }
  const siblings = dir ? (pr.list(dir) ?? []).map((n) => /^Pulumi\.(.+)\.ya?ml$/.exec(n)?.[1]).filter((n): n is string => !!n) : [];
  if (stack) {
    target.facts.push({ label: 'Pulumi stack', value: stack, kind: 'name', from, changed, siblings, shown: true });
    const short = baseName(stack);
    if (dir) {
      const r = pr.parsed(joinPath(dir, `Pulumi.${short}.yaml`), 'pulumi-stack', (t) => parsePulumiStack(t, pr.yaml));
      if (r.error) target.unknown.push(`${pr.pretty(r.path)} ${r.error}`);
      for (const { key, value } of r.value?.values ?? []) {
        const k = PULUMI_KEYS[key];
        if (k) target.facts.push({ label: k.label, value, kind: k.kind, from: pr.pretty(r.path), changed: r.changed || changed });
      }
    }
  }
  return target.facts.length || target.unknown.length ? target : undefined;
}

export { dirName };
