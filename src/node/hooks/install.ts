/**
 * Installs and removes our entry in agents' settings files, shared by the CLI (`hooks install`)
 * and the extension (in-process). The rules:
 * - nothing outside our entry changes (the format transforms edit one region of the text);
 * - installing twice writes nothing the second time;
 * - the first install keeps a copy of the file as `<file>.blast-radius.bak`;
 * - uninstalling right after installing restores the original bytes (and deletes a file we
 *   created); after other edits it removes only our entry.
 * Functions return what they did; they never print.
 */
import { copyFileSync, lstatSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { capitalizeFirst } from '../../core/sentence-case';
import { writeFileAtomicSync } from '../atomic-write';
import { type CodexTrustInfo, HEALTH_LABEL, type HookHealth, type HookProblem, hookVerdict } from './agent-state';
import { AGENTS, type AgentId, formatFor, installTarget, type Scope, settingsFiles } from './agents';
import { type ConfigFormat, ConfigError } from './config-formats';
import { defaultLauncherPath, type HostEnv } from './paths';
import { forgetInstall, readRegistry, recordInstall } from './registry';
import { addHookLocation, defaultVscodeSettingsFile, isEmptySettings, recordedEmptySettings, removeHookLocation, vscodeHookDir, vscodeHookLocation, vscodeSettingsFiles } from './vscode-hooks';

export const BACKUP_SUFFIX = '.blast-radius.bak';

export function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ConfigError(`cannot read ${file} (${code ?? String(e)})`);
  }
}

/**
 * Replaces a settings file's (or a git hook's) content in one step, on the real path (so a
 * symlinked dotfile stays a symlink) and with its permissions: `mode` when given, else the old
 * file's.
 */
export function writeTextAtomic(file: string, text: string, mode?: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, text, mode !== undefined ? { mode, followSymlinks: true } : { keepMode: true, followSymlinks: true });
}

export interface LauncherChoice {
  /** The launcher our new entry runs. */
  launcher: string;
  /** Launchers whose entries count as ours: this one, the default one and any recorded. */
  launchers: string[];
}

/** The launchers whose hook entries are ours: the given one, the XDG one, and the recorded ones. */
export function knownLaunchers(host: HostEnv, extra: readonly (string | undefined)[] = []): string[] {
  const reg = readRegistry(host);
  const all = [...extra, defaultLauncherPath(host), ...reg.installs.map((r) => r.launcher), ...reg.extensions.map((e) => path.join(e.globalStorage, 'bin', host.platform === 'win32' ? 'blast-radius.cmd' : 'blast-radius'))];
  return [...new Set(all.filter((l): l is string => !!l))];
}

export interface AgentInstallOptions {
  agent: AgentId;
  scope: Scope;
  host: HostEnv;
  /** The project folder for `project` scope. */
  projectDir: string;
  launcher: LauncherChoice;
  /**
   * VS Code's user settings file that must list our hook folder (`vscode` at user scope): the
   * running editor's; the CLI uses the stable build's.
   */
  editorSettings?: string;
}

export interface InstallResult {
  agent: AgentId;
  scope: Scope;
  file: string;
  /** False when the entry was already there exactly as we would write it. */
  changed: boolean;
  created: boolean;
  backup?: string;
  /** `vscode` at user scope: the settings file that lists our hook folder, and whether we added it now. */
  settings?: { file: string; changed: boolean };
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

export function installAgentHook(opts: AgentInstallOptions): InstallResult {
  const file = installTarget(opts.agent, opts.scope, opts.host, opts.projectDir);
  const format = formatFor(opts.agent, file, { launcher: opts.launcher.launcher, launchers: opts.launcher.launchers, platform: opts.host.platform });
  const before = readText(file);
  const after = format.add(before);
  // VS Code runs our user hook file only from a folder its settings list. The settings edit is
  // worked out before anything is written, so a settings file we cannot edit leaves no half install.
  const settingsFile = opts.agent === 'vscode' && opts.scope === 'user' ? (opts.editorSettings ?? defaultVscodeSettingsFile(opts.host)) : undefined;
  const settingsBefore = settingsFile ? readText(settingsFile) : undefined;
  // An install made before VS Code skipped absolute folders listed ours absolutely: that entry goes.
  const settingsAfter = settingsFile
    ? addHookLocation(settingsBefore === undefined ? undefined : removeHookLocation(settingsBefore, vscodeHookDir(opts.host)), vscodeHookLocation(opts.host), settingsFile)
    : undefined;
  const result: InstallResult = { agent: opts.agent, scope: opts.scope, file, changed: after !== before, created: before === undefined };
  if (settingsFile) result.settings = { file: settingsFile, changed: settingsAfter !== settingsBefore };
  if (after !== before) {
    if (before !== undefined) {
      const backup = file + BACKUP_SUFFIX;
      if (!exists(backup)) copyFileSync(file, backup);
      result.backup = backup;
    }
    writeTextAtomic(file, after, format.mode);
  }
  if (settingsFile && settingsAfter !== undefined && settingsAfter !== settingsBefore) writeTextAtomic(settingsFile, settingsAfter);
  const emptyBefore = settingsFile && isEmptySettings(settingsBefore) ? settingsBefore : settingsFile ? recordedEmptySettings(opts.host, settingsFile) : undefined;
  recordInstall(opts.host, { agent: opts.agent, scope: opts.scope, file, launcher: opts.launcher.launcher, ...(settingsFile ? { settingsFile } : {}), ...(emptyBefore !== undefined ? { settingsBefore: emptyBefore } : {}) });
  return result;
}

export interface RemoveResult {
  file: string;
  /** What happened to the file. */
  action: 'restored' | 'deleted' | 'edited' | 'absent' | 'untouched';
}

/**
 * Takes our entries out of one file. When the file is exactly what installing into the backup
 * (or into nothing) would have produced, the backup's bytes come back (or the file goes);
 * otherwise only our entries are removed.
 */
export function removeFromFile(file: string, formats: (launcher: string) => ConfigFormat, launchers: readonly string[]): RemoveResult {
  const text = readText(file);
  if (text === undefined) return { file, action: 'absent' };
  const anyFormat = formats(launchers[0] ?? '');
  if (!anyFormat.find(text).length) return { file, action: 'untouched' };
  const backup = file + BACKUP_SUFFIX;
  const original = readText(backup);
  for (const l of launchers) {
    const f = formats(l);
    if (original !== undefined && f.add(original) === text) {
      writeTextAtomic(file, original);
      rmSync(backup, { force: true });
      return { file, action: 'restored' };
    }
    if (original === undefined && f.add(undefined) === text) {
      rmSync(file, { force: true });
      return { file, action: 'deleted' };
    }
  }
  const rest = anyFormat.remove(text);
  if (anyFormat.ownsFile && rest === '') {
    rmSync(file, { force: true });
    rmSync(backup, { force: true });
    return { file, action: 'deleted' };
  }
  writeTextAtomic(file, rest);
  // The backup predates edits made since; the file itself is now the user's own again.
  rmSync(backup, { force: true });
  return { file, action: 'edited' };
}

export interface AgentUninstallOptions {
  agent: AgentId;
  scope: Scope;
  host: HostEnv;
  projectDir: string;
  launchers: readonly string[];
  /** `vscode`: the running editor's user settings file, besides the recorded ones. */
  editorSettings?: string;
}

/** Takes our hook folder out of one VS Code settings file's `chat.hookFilesLocations`; undefined when it was not there. */
export function removeVscodeHookLocation(file: string, host: HostEnv): RemoveResult | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  const dir = vscodeHookLocation(host);
  // Also the absolute form an older install wrote.
  const out = removeHookLocation(removeHookLocation(text, dir), vscodeHookDir(host));
  if (out === text) return undefined;
  // A settings file we created, unchanged since, goes as it came; one that held no setting comes back as it was.
  if (text === addHookLocation(undefined, dir, file)) {
    rmSync(file, { force: true });
    return { file, action: 'deleted' };
  }
  const empty = recordedEmptySettings(host, file);
  if (empty !== undefined && text === addHookLocation(empty, dir, file)) {
    writeTextAtomic(file, empty);
    return { file, action: 'restored' };
  }
  writeTextAtomic(file, out);
  return { file, action: 'edited' };
}

export function uninstallAgentHook(opts: AgentUninstallOptions): RemoveResult[] {
  const out: RemoveResult[] = [];
  if (opts.agent === 'vscode' && opts.scope === 'user') {
    for (const f of vscodeSettingsFiles(opts.host, opts.editorSettings)) {
      const r = removeVscodeHookLocation(f, opts.host);
      if (r) out.push(r);
    }
  }
  for (const file of settingsFiles(opts.agent, opts.scope, opts.host, opts.projectDir)) {
    out.push(removeAgentEntries(opts.agent, file, opts.launchers, opts.host.platform));
    forgetInstall(opts.host, opts.agent, file);
  }
  return out;
}

/** Removes our entries for one agent from one file (used by uninstall and by the extension's cleanup). */
export function removeAgentEntries(agent: AgentId, file: string, launchers: readonly string[], platform: NodeJS.Platform): RemoveResult {
  return removeFromFile(file, (launcher) => formatFor(agent, file, { launcher, launchers, platform }), launchers);
}

export interface StatusRow {
  agent: AgentId;
  scope: Scope;
  file: string;
  installed: boolean;
  /** The commands of our entries, when installed. */
  commands: string[];
  /** Set when the file cannot be read or parsed. */
  problem?: string;
  /** When installed: whether the agent will really run the hook, and if not why and what to do. */
  health?: HookHealth;
  problems?: HookProblem[];
  /** Codex: where it keeps the hook's trust, the hash of our entry and the one it stored. */
  codexTrust?: CodexTrustInfo[];
}

/**
 * Where our entries are, per agent and scope, and whether each agent will run them in
 * `projectDir` (read from the agent's own settings and state files; see agent-state.ts).
 */
export function agentStatus(host: HostEnv, projectDir: string, launchers: readonly string[], opts: { systemRoot?: string } = {}): StatusRow[] {
  const rows: StatusRow[] = [];
  for (const agent of Object.keys(AGENTS) as AgentId[]) {
    for (const scope of ['user', 'project'] as const) {
      const files = settingsFiles(agent, scope, host, projectDir);
      let row: StatusRow = { agent, scope, file: installTarget(agent, scope, host, projectDir), installed: false, commands: [] };
      for (const file of files) {
        try {
          const text = readText(file);
          if (text === undefined) continue;
          const commands = formatFor(agent, file, { launcher: launchers[0] ?? '', launchers, platform: host.platform }).find(text);
          if (commands.length) {
            row = { agent, scope, file, installed: true, commands };
            break;
          }
        } catch (e) {
          row = { ...row, file, problem: e instanceof Error ? e.message : String(e) };
        }
      }
      if (row.installed) {
        const v = hookVerdict({ agent, scope, file: row.file, commands: row.commands, host, projectDir, launchers, ...opts });
        row = { ...row, health: v.health, problems: v.problems, ...(v.codexTrust ? { codexTrust: v.codexTrust } : {}) };
      }
      rows.push(row);
    }
  }
  return rows;
}

/** What a status row says to a person: `Codex CLI (user): needs trust. <what to do>`. */
export function describeRow(r: StatusRow): string {
  const label = HEALTH_LABEL[r.health ?? 'cannot-verify'];
  const first = r.problems?.[0];
  // An agent's program name (`opencode keeps no record …`) keeps its case, like any command word.
  const detail = first ? (/^\S+/.exec(first.detail)?.[0] ?? '') in AGENTS ? first.detail : capitalizeFirst(first.detail) : '';
  return `${AGENTS[r.agent].name} (${r.scope}): ${label}${first ? `. ${detail}` : ''}`;
}

/** The tooltip's account of agent hooks: one line per installed hook, saying whether the agent will run it. */
export function agentHooksSummary(rows: readonly StatusRow[], gitInstalled: boolean): string | undefined {
  const lines = rows.filter((r) => r.installed).map(describeRow);
  if (gitInstalled) lines.push('Git pre-commit check: installed');
  if (!lines.length) return undefined;
  const notActive = rows.filter((r) => r.installed && r.health !== 'active').length;
  return [`Agent hooks${notActive ? ` (${notActive} not active)` : ''}:`, ...lines].join('\n');
}
