/**
 * Whether an agent will really run the hook we installed, read from the agent's own files: an
 * entry in its settings is not enough. Codex skips a new or changed hook until the user trusts it
 * in `/hooks`; Claude Code and Copilot CLI drop every hook under `disableAllHooks`; Gemini CLI runs
 * no hooks from settings in a folder it does not trust; a launcher whose CLI or Node is gone
 * answers nothing useful. `hooks status`, the status bar tooltip and "Protect an Agent" say which.
 * Where an agent keeps nothing we can read, the answer is "cannot verify", never "active".
 */
import { accessSync, constants, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { AGENTS, type AgentId, type Scope } from './agents';
import { parseToml } from './codex-toml';
import { codexHookEntries, codexHookStates, codexTrustOf } from './codex-trust';
import { firstWord, launcherHealth, runsLauncher } from './launcher';
import { type HostEnv, tildify } from './paths';
import { HOOK_LOCATIONS_KEY, listsHookLocation, vscodeHookDir, vscodeHookLocation, vscodeSettingsFiles } from './vscode-hooks';

/** Worst first: the order in which problems are reported. */
export const HOOK_HEALTH = ['launcher-broken', 'disabled', 'changed', 'needs-trust', 'cannot-verify', 'active'] as const;
export type HookHealth = (typeof HOOK_HEALTH)[number];

export interface HookProblem {
  health: Exclude<HookHealth, 'active'>;
  /** What is wrong and exactly what to do, in one sentence. */
  detail: string;
}

export interface CodexTrustInfo {
  /** Where Codex keeps this hook's state: `[hooks.state."<key>"]` in the user's config.toml. */
  key: string;
  /** The hash of our entry as it stands, computed as Codex computes it. */
  hash: string;
  /** The hash Codex stored when the user trusted the hook, if they did. */
  trustedHash?: string;
}

export interface HookVerdict {
  health: HookHealth;
  /** Every problem found, worst first; empty when active. */
  problems: HookProblem[];
  codexTrust?: CodexTrustInfo[];
}

export interface VerdictInput {
  agent: AgentId;
  scope: Scope;
  /** The settings file that holds our entry. */
  file: string;
  /** The commands of our entries in it. */
  commands: readonly string[];
  host: HostEnv;
  /** The project folder the agent runs in (its folder trust and project settings apply). */
  projectDir: string;
  launchers: readonly string[];
  /** Prefix for machine-wide paths such as /etc (tests point it at a temporary folder). */
  systemRoot?: string;
}

/** The file's text; undefined when it does not exist. Other read errors are thrown. */
function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw e;
  }
}

interface Parsed {
  data?: Record<string, unknown>;
  /** Set when the file exists but does not parse. */
  error?: string;
}

function readJson(file: string): Parsed {
  let text: string | undefined;
  try {
    text = readText(file);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (text === undefined) return {};
  const errors: ParseError[] = [];
  const v: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length || !v || typeof v !== 'object' || Array.isArray(v)) return { error: 'not valid JSON' };
  return { data: v as Record<string, unknown> };
}

function readTomlFile(file: string): Parsed {
  let text: string | undefined;
  try {
    text = readText(file);
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (text === undefined) return {};
  try {
    return { data: parseToml(text) };
  } catch {
    return { error: 'not valid TOML' };
  }
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function envDir(host: HostEnv, variable: string, fallback: string): string {
  const v = host.env[variable];
  return v && path.isAbsolute(v) ? v : path.join(host.home, fallback);
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** The folder itself and, when it is inside a git work tree, that tree's root: the keys agents record trust under. */
function trustKeys(dir: string): string[] {
  const keys = new Set([path.resolve(dir), real(dir)]);
  let d = path.resolve(dir);
  for (let i = 0; i < 64; i++) {
    if (readText(path.join(d, '.git')) !== undefined || safeIsDir(path.join(d, '.git'))) {
      keys.add(d);
      keys.add(real(d));
      break;
    }
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  return [...keys];
}

function safeIsDir(p: string): boolean {
  try {
    readdirSync(p);
    return true;
  } catch {
    return false;
  }
}

function sys(input: VerdictInput, p: string): string {
  return input.systemRoot ? path.join(input.systemRoot, p) : p;
}

function launcherProblems(input: VerdictInput): HookProblem[] {
  const out: HookProblem[] = [];
  const seen = new Set<string>();
  for (const c of input.commands) {
    const l = firstWord(c);
    if (!l || seen.has(l)) continue;
    seen.add(l);
    const h = launcherHealth(l, input.host.platform);
    if (!h.ok) out.push({ health: 'launcher-broken', detail: `the launcher it runs is broken (${tildify(l, input.host)}: ${h.problem}), so the hook answers nothing; run \`blast-radius hooks install ${input.agent}\` again, or reinstall Blast Radius` });
  }
  return out;
}

function codexProblems(input: VerdictInput): { problems: HookProblem[]; trust: CodexTrustInfo[] } {
  const { host } = input;
  const problems: HookProblem[] = [];
  const userFile = path.join(envDir(host, 'CODEX_HOME', '.codex'), 'config.toml');
  const user = readTomlFile(userFile);
  if (user.error) problems.push({ health: 'cannot-verify', detail: `${tildify(userFile, host)} does not parse (${user.error}), so Codex will not start until it is fixed` });
  const cfg = user.data ?? {};
  const projectFile = path.join(input.projectDir, '.codex', 'config.toml');
  const projects = obj(cfg.projects) ?? {};
  const levels = trustKeys(input.projectDir).map((k) => obj(projects[k])?.trust_level);
  const projectTrusted = levels.includes('trusted');
  const hooksOff = (t: Record<string, unknown> | undefined): boolean => {
    const f = obj(t?.features);
    return f?.hooks === false || (f?.hooks === undefined && f?.codex_hooks === false);
  };
  const profileName = typeof cfg.profile === 'string' ? cfg.profile : undefined;
  const profile = profileName ? obj(obj(cfg.profiles)?.[profileName]) : undefined;
  if (hooksOff(cfg) || hooksOff(profile)) {
    problems.push({ health: 'disabled', detail: `${tildify(userFile, host)} turns Codex hooks off ([${hooksOff(profile) ? `profiles.${profileName}.` : ''}features] hooks = false); remove that line` });
  } else if (projectTrusted && projectFile !== input.file && hooksOff(readTomlFile(projectFile).data)) {
    problems.push({ health: 'disabled', detail: `${tildify(projectFile, host)} turns Codex hooks off in this project ([features] hooks = false); remove that line` });
  }
  const requirements = sys(input, '/etc/codex/requirements.toml');
  if (host.platform !== 'win32' && readTomlFile(requirements).data?.allow_managed_hooks_only === true) {
    problems.push({ health: 'disabled', detail: `${requirements} sets allow_managed_hooks_only, so Codex runs only hooks your administrator manages` });
  }
  if (input.scope === 'project' && !projectTrusted) {
    problems.push(
      levels.includes('untrusted')
        ? { health: 'disabled', detail: `you marked ${input.projectDir} untrusted in Codex, so it ignores the project's .codex settings and this hook; trust the project (its trust_level in ${tildify(userFile, host)})` }
        : { health: 'needs-trust', detail: `Codex ignores .codex settings in projects you have not trusted: open Codex in ${input.projectDir} and trust the folder, then ${AGENTS.codex.trustStep}` },
    );
  }
  const ours = input.file.endsWith('.json') ? readJson(input.file) : readTomlFile(input.file);
  const isOurs = (c: string): boolean => runsLauncher(c, input.launchers, ['hook', 'codex']);
  const states = codexHookStates(cfg);
  const trust: CodexTrustInfo[] = [];
  // Codex names the source file as it found it; when the state is under the real path, that one counts.
  const hooks = obj(ours.data)?.hooks;
  const literal = codexHookEntries(hooks, input.file, host.platform).filter((e) => isOurs(e.command));
  const realFile = real(input.file);
  const viaReal = realFile === input.file ? [] : codexHookEntries(hooks, realFile, host.platform).filter((e) => isOurs(e.command));
  literal.forEach((e, i) => {
    const entry = !states.has(e.key) && viaReal[i] && states.has(viaReal[i].key) ? viaReal[i] : e;
    const t = codexTrustOf(entry, states);
    trust.push({ key: entry.key, hash: entry.hash, ...(t.stored ? { trustedHash: t.stored } : {}) });
    if (!t.enabled) problems.push({ health: 'disabled', detail: `the Blast Radius hook is switched off in Codex's /hooks (enabled = false in ${tildify(userFile, host)}); switch it on in /hooks` });
    else if (t.trust === 'untrusted') problems.push({ health: 'needs-trust', detail: `Codex skips it until you trust it: ${AGENTS.codex.trustStep}` });
    else if (t.trust === 'modified') problems.push({ health: 'changed', detail: `changed since you trusted it (Codex stored ${t.stored}, the entry now hashes to ${entry.hash}), so Codex skips it until you trust it again: ${AGENTS.codex.trustStep}` });
  });
  return { problems, trust };
}

function claudeManagedFiles(input: VerdictInput): string[] {
  const base =
    input.host.platform === 'darwin' ? '/Library/Application Support/ClaudeCode' : input.host.platform === 'win32' ? 'C:\\Program Files\\ClaudeCode' : '/etc/claude-code';
  const dir = sys(input, base);
  const dropIns = path.join(dir, 'managed-settings.d');
  let extra: string[];
  try {
    extra = readdirSync(dropIns)
      .filter((n) => n.endsWith('.json'))
      .sort()
      .map((n) => path.join(dropIns, n));
  } catch {
    extra = [];
  }
  return [path.join(dir, 'managed-settings.json'), ...extra];
}

function claudeProblems(input: VerdictInput): HookProblem[] {
  const { host } = input;
  const problems: HookProblem[] = [];
  for (const f of claudeManagedFiles(input)) {
    const s = readJson(f).data;
    if (s?.disableAllHooks === true) problems.push({ health: 'disabled', detail: `your organisation's managed settings (${f}) set disableAllHooks, so Claude Code runs no hooks` });
    if (s?.allowManagedHooksOnly === true) problems.push({ health: 'disabled', detail: `your organisation's managed settings (${f}) set allowManagedHooksOnly, so Claude Code runs only hooks they define` });
    const strict = s?.strictPluginOnlyCustomization;
    if (strict === true || (Array.isArray(strict) && strict.includes('hooks'))) problems.push({ health: 'disabled', detail: `your organisation's managed settings (${f}) set strictPluginOnlyCustomization, so Claude Code runs only plugin hooks` });
  }
  const configDir = envDir(host, 'CLAUDE_CONFIG_DIR', '.claude');
  const files = [path.join(configDir, 'settings.json'), path.join(input.projectDir, '.claude', 'settings.json'), path.join(input.projectDir, '.claude', 'settings.local.json')];
  for (const f of files) {
    if (readJson(f).data?.disableAllHooks === true) problems.push({ health: 'disabled', detail: `${tildify(f, host)} sets "disableAllHooks": true, so Claude Code runs no hooks${f.startsWith(input.projectDir) ? ' in this project' : ''}; remove that line` });
  }
  if (input.scope === 'project') {
    const globalFile = host.env.CLAUDE_CONFIG_DIR && path.isAbsolute(host.env.CLAUDE_CONFIG_DIR) ? path.join(host.env.CLAUDE_CONFIG_DIR, '.claude.json') : path.join(host.home, '.claude.json');
    const projects = obj(readJson(globalFile).data?.projects) ?? {};
    if (!trustKeys(input.projectDir).some((k) => obj(projects[k])?.hasTrustDialogAccepted === true)) {
      problems.push({ health: 'needs-trust', detail: `Claude Code runs a project's hooks only after you accept its trust dialog, and ${tildify(globalFile, host)} has no such record for ${input.projectDir}: run claude there once and accept it` });
    }
  }
  return problems;
}

/** The longest rule of trustedFolders.json that covers the folder, as Gemini CLI reads it. */
function geminiFolderTrust(rules: Record<string, unknown>, dir: string): boolean | undefined {
  const target = real(dir);
  let best = -1;
  let level: unknown;
  for (const [rule, v] of Object.entries(rules)) {
    const base = real(v === 'TRUST_PARENT' ? path.dirname(rule) : rule);
    const rel = path.relative(base, target);
    if ((rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel))) && rule.length > best) {
      best = rule.length;
      level = v;
    }
  }
  if (level === 'DO_NOT_TRUST') return false;
  if (level === 'TRUST_FOLDER' || level === 'TRUST_PARENT') return true;
  return undefined;
}

function geminiProblems(input: VerdictInput): HookProblem[] {
  const { host } = input;
  const problems: HookProblem[] = [];
  const defaultSystem =
    host.platform === 'darwin' ? '/Library/Application Support/GeminiCli/settings.json' : host.platform === 'win32' ? 'C:\\ProgramData\\gemini-cli\\settings.json' : '/etc/gemini-cli/settings.json';
  const systemFile = host.env.GEMINI_CLI_SYSTEM_SETTINGS_PATH || sys(input, defaultSystem);
  const defaultsFile = host.env.GEMINI_CLI_SYSTEM_DEFAULTS_PATH || path.join(path.dirname(systemFile), 'system-defaults.json');
  const userFile = path.join(host.home, '.gemini', 'settings.json');
  const workspaceFile = path.join(input.projectDir, '.gemini', 'settings.json');
  const read = (f: string): Record<string, unknown> | undefined => readJson(f).data;
  const [defaults, user, system] = [read(defaultsFile), read(userFile), read(systemFile)];
  const trustSetting = [system, user, defaults].map((s) => obj(obj(obj(s?.security)?.folderTrust))?.enabled).find((v) => typeof v === 'boolean');
  const env = host.env.GEMINI_CLI_TRUST_WORKSPACE;
  let trusted: boolean | undefined;
  if (host.env.GEMINI_RESTRICTED_MODE === 'true' || env === 'false') trusted = false;
  else if (env === 'true' || trustSetting === false) trusted = true;
  else {
    const foldersFile = host.env.GEMINI_CLI_TRUSTED_FOLDERS_PATH || path.join(host.home, '.gemini', 'trustedFolders.json');
    trusted = geminiFolderTrust(read(foldersFile) ?? {}, input.projectDir);
  }
  if (trusted === false) problems.push({ health: 'disabled', detail: `Gemini CLI does not trust ${input.projectDir} (trustedFolders.json or GEMINI_CLI_TRUST_WORKSPACE), and runs no hooks from settings there; trust the folder in Gemini CLI` });
  else if (trusted === undefined) problems.push({ health: 'needs-trust', detail: `Gemini CLI runs no hooks from settings in a folder it does not trust, and ${input.projectDir} is not trusted yet: ${AGENTS['gemini-cli'].trustStep}` });
  // Lowest precedence first; the workspace's settings count only in a trusted folder.
  const layers: [string, Record<string, unknown> | undefined][] = [
    [defaultsFile, defaults],
    [userFile, user],
    [workspaceFile, trusted ? read(workspaceFile) : undefined],
    [systemFile, system],
  ];
  let enabledBy: string | undefined;
  let enabled: unknown;
  const disabledBy: string[] = [];
  for (const [f, s] of layers) {
    const hc = obj(s?.hooksConfig);
    if (typeof hc?.enabled === 'boolean') {
      enabled = hc.enabled;
      enabledBy = f;
    }
    const names = Array.isArray(hc?.disabled) ? hc.disabled : [];
    if (names.some((n) => n === 'blast-radius' || input.commands.includes(n as string))) disabledBy.push(f);
  }
  if (enabled === false) problems.push({ health: 'disabled', detail: `${tildify(enabledBy ?? '', host)} turns Gemini CLI hooks off (hooksConfig.enabled: false); remove that setting` });
  for (const f of disabledBy) problems.push({ health: 'disabled', detail: `${tildify(f, host)} lists the Blast Radius hook in hooksConfig.disabled; take it off that list (or enable it in /hooks)` });
  return problems;
}

function copilotProblems(input: VerdictInput): HookProblem[] {
  const { host } = input;
  const problems: HookProblem[] = [];
  const home = envDir(host, 'COPILOT_HOME', '.copilot');
  const files = [input.file, path.join(home, 'settings.json'), path.join(home, 'config.json'), path.join(input.projectDir, '.github', 'copilot', 'settings.json'), path.join(input.projectDir, '.github', 'copilot', 'settings.local.json')];
  for (const f of files) {
    if (readJson(f).data?.disableAllHooks === true) problems.push({ health: 'disabled', detail: `${tildify(f, host)} sets "disableAllHooks": true, so Copilot CLI runs no hooks; remove that line` });
  }
  if (input.scope === 'project') {
    problems.push({ health: 'cannot-verify', detail: 'Copilot CLI loads repository hooks in interactive sessions; in `copilot -p` only when the folder is trusted (or GITHUB_COPILOT_PROMPT_MODE_REPO_HOOKS=true), which we cannot see' });
  }
  return problems;
}

/**
 * Cline runs our script itself (the VS Code extension executes it; the CLI through its
 * shebang): it must be executable. Whether the extension's Hooks setting is on cannot be read.
 */
function clineProblems(input: VerdictInput): HookProblem[] {
  const problems: HookProblem[] = [];
  if (input.host.platform !== 'win32') {
    try {
      accessSync(input.file, constants.X_OK);
    } catch {
      problems.push({ health: 'launcher-broken', detail: `${tildify(input.file, input.host)} is not executable, so Cline cannot run it; run \`chmod +x\` on it or \`blast-radius hooks install cline\` again` });
    }
  }
  problems.push({ health: 'cannot-verify', detail: 'Cline keeps no record we can read of whether hooks are on: in the VS Code extension, check Settings → Features → Hooks (the CLI runs them always)' });
  return problems;
}

/**
 * VS Code runs a user hook file only from a folder its user settings list in
 * `chat.hookFilesLocations`: one settings file that lists ours is enough (each editor build keeps
 * its own). Whether the editor has agent hooks at all (1.110+) or a policy turns them off cannot be read.
 */
function vscodeProblems(input: VerdictInput): HookProblem[] {
  const problems: HookProblem[] = [];
  if (input.scope === 'user') {
    const dir = vscodeHookLocation(input.host);
    const absolute = vscodeHookDir(input.host);
    const files = vscodeSettingsFiles(input.host);
    const lists = (f: string, location: string): boolean => {
      try {
        return listsHookLocation(readText(f), location) === true;
      } catch {
        return false;
      }
    };
    const listed = files.filter((f) => lists(f, dir));
    const listedAbsolutely = dir === absolute ? [] : files.filter((f) => lists(f, absolute));
    if (!listed.length && listedAbsolutely.length) {
      problems.push({ health: 'disabled', detail: `${listedAbsolutely.map((f) => tildify(f, input.host)).join(' and ')} lists our hook folder as ${absolute} in "${HOOK_LOCATIONS_KEY}", and VS Code (1.139 and later) skips absolute folders there; run \`blast-radius hooks install vscode\` again to list it as ${dir}` });
    } else if (!listed.length) {
      problems.push({ health: 'disabled', detail: `VS Code runs hook files only from the folders "${HOOK_LOCATIONS_KEY}" lists, and ${files.map((f) => tildify(f, input.host)).join(' nor ')} lists ${tildify(dir, input.host)}; run \`blast-radius hooks install vscode\` again` });
    }
  }
  problems.push({ health: 'cannot-verify', detail: 'VS Code keeps no record we can read of whether agent hooks are on: they need VS Code 1.110 or later (Preview), and your organization can switch them off' });
  return problems;
}

/** Whether the agent will run the hook we installed, and if not, why and what to do. */
export function hookVerdict(input: VerdictInput): HookVerdict {
  const problems = launcherProblems(input);
  let codexTrust: CodexTrustInfo[] | undefined;
  switch (input.agent) {
    case 'codex': {
      const c = codexProblems(input);
      problems.push(...c.problems);
      codexTrust = c.trust;
      break;
    }
    case 'claude-code':
      problems.push(...claudeProblems(input));
      break;
    case 'gemini-cli':
      problems.push(...geminiProblems(input));
      break;
    case 'copilot-cli':
      problems.push(...copilotProblems(input));
      break;
    case 'cursor':
      problems.push({ health: 'cannot-verify', detail: 'Cursor keeps no record we can read of which hooks it loaded: restart Cursor and check Settings → Hooks' });
      break;
    case 'cline':
      problems.push(...clineProblems(input));
      break;
    case 'opencode':
      problems.push({ health: 'cannot-verify', detail: 'opencode keeps no record we can read of which plugins it loaded: it loads them at start, so restart running sessions' });
      break;
    case 'windsurf':
      problems.push({ health: 'cannot-verify', detail: 'Windsurf keeps no record we can read of which hooks Cascade loaded' });
      break;
    case 'vscode':
      problems.push(...vscodeProblems(input));
      break;
  }
  problems.sort((a, b) => HOOK_HEALTH.indexOf(a.health) - HOOK_HEALTH.indexOf(b.health));
  return { health: problems[0]?.health ?? 'active', problems, ...(codexTrust ? { codexTrust } : {}) };
}

/** A short label for each health, for tables and tooltips. */
export const HEALTH_LABEL: Readonly<Record<HookHealth, string>> = {
  active: 'active',
  'needs-trust': 'needs trust',
  changed: 'changed since trusted',
  disabled: 'disabled',
  'launcher-broken': 'launcher broken',
  'cannot-verify': 'cannot verify',
};
