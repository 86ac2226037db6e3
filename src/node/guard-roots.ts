/**
 * Where the files that keep protection on live on this machine, for the rules in
 * src/core/guard.ts: the folders CLAUDE_CONFIG_DIR, CODEX_HOME, COPILOT_HOME, GEMINI_CLI_HOME and
 * the XDG variables move, plus what the record of installs names (recorded launchers, git hooks
 * we installed, the editor extension's storage). Reading the record is one small file; a missing
 * or broken record only leaves the usual names to the patterns.
 */
import path from 'node:path';
import type { GuardedExtra, GuardRoots } from '../core/guard';
import { dataDir, type HostEnv } from './hooks/paths';
import { readRegistry } from './hooks/registry';
import { userPolicyPath } from './policy-files';

function envDir(host: HostEnv, name: string): string | undefined {
  const v = host.env[name];
  return v && path.isAbsolute(v) ? path.resolve(v) : undefined;
}

export function guardRoots(host: HostEnv): GuardRoots {
  const extra: GuardedExtra[] = [];
  try {
    const reg = readRegistry(host);
    for (const r of reg.installs) {
      if (r.agent === 'git') extra.push({ path: r.file, owner: 'git', kind: 'git-hook', what: 'the git pre-commit hook that runs the Blast Radius check' });
      if (r.launcher) extra.push({ path: r.launcher, owner: 'blast-radius', kind: 'launcher', what: 'the Blast Radius hook launcher every agent hook runs' });
    }
    for (const e of reg.extensions) {
      extra.push({ path: path.join(e.globalStorage, 'bin'), owner: 'blast-radius', kind: 'launcher', what: "the editor extension's launcher and terminal shims", folder: true });
      if (e.settingsFile) extra.push({ path: e.settingsFile, owner: 'editor', kind: 'editor-settings', what: 'the editor user settings that hold blastRadius.*' });
    }
  } catch {
    // Without the record the usual names still match.
  }
  const roots: GuardRoots = {
    home: host.home,
    dataDir: dataDir(host),
    configDir: path.dirname(userPolicyPath(host.env, host.platform, host.home)),
    extra,
  };
  const set = (key: 'claudeConfigDir' | 'codexHome' | 'copilotHome' | 'geminiHome', name: string): void => {
    const dir = envDir(host, name);
    if (dir) roots[key] = dir;
  };
  set('claudeConfigDir', 'CLAUDE_CONFIG_DIR');
  set('codexHome', 'CODEX_HOME');
  set('copilotHome', 'COPILOT_HOME');
  set('geminiHome', 'GEMINI_CLI_HOME');
  return roots;
}

/** A folder to watch on disk for changes to guarded files, with the names that matter in it. */
export interface GuardWatch {
  dir: string;
  /** A glob relative to `dir`, without path separators (`settings.json`, `*.json`, `{config.toml,hooks.json}`). */
  pattern: string;
  /** Our own folder: created when missing, so a file written into it later is seen. */
  create?: true;
}

/**
 * The user-scope files outside any workspace that keep protection on, as folders to watch: each
 * agent's user settings (moved by their variables), managed settings, our policy and launcher,
 * and the editor's user settings file when the caller knows it. Project files live in workspace
 * folders and are watched with them.
 */
export function guardWatches(host: HostEnv, editorSettings?: string): GuardWatch[] {
  const home = host.home;
  const roots = guardRoots(host);
  const out: GuardWatch[] = [
    { dir: roots.claudeConfigDir ?? path.join(home, '.claude'), pattern: '{settings.json,settings.local.json}' },
    { dir: roots.codexHome ?? path.join(home, '.codex'), pattern: '{config.toml,hooks.json}' },
    { dir: path.join(roots.geminiHome ?? home, '.gemini'), pattern: 'settings.json' },
    { dir: roots.copilotHome ?? path.join(home, '.copilot'), pattern: '{settings.json,config.json}' },
    { dir: path.join(roots.copilotHome ?? path.join(home, '.copilot'), 'hooks'), pattern: '*.json' },
    { dir: path.join(home, '.cursor'), pattern: 'hooks.json' },
    { dir: roots.configDir!, pattern: 'policy.json', create: true },
    { dir: path.join(roots.dataDir!, 'bin'), pattern: '{blast-radius,blast-radius.cmd}' },
  ];
  if (host.platform === 'linux') out.push({ dir: '/etc/claude-code', pattern: 'managed-settings.json' }, { dir: '/etc/claude-code/managed-settings.d', pattern: '*.json' }, { dir: '/etc/codex', pattern: '{config.toml,requirements.toml}' }, { dir: '/etc/gemini-cli', pattern: 'settings.json' });
  if (host.platform === 'darwin') out.push({ dir: '/Library/Application Support/ClaudeCode', pattern: 'managed-settings.json' });
  if (editorSettings) out.push({ dir: path.dirname(editorSettings), pattern: path.basename(editorSettings) });
  return out;
}

/** Whether a file name matches a watch pattern (`name`, `*.json`, `{a,b}`). */
export function matchesWatch(pattern: string, name: string): boolean {
  const alts = /^\{(.*)\}$/.exec(pattern)?.[1].split(',') ?? [pattern];
  return alts.some((a) => (a.startsWith('*') ? name.endsWith(a.slice(1)) : name === a));
}
