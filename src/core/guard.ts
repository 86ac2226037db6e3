/**
 * What keeps Blast Radius switched on, as paths: our policy files, the launcher agents' hooks run,
 * the extension's launcher and shims, our state, and every agent's settings files that register
 * (or switch off) hooks, at user and project scope. Command and edit rules ask this module whether
 * a path is one of them, so that deleting, emptying or rewriting such a file is judged as switching
 * protection off. Pure string work: the adapters pass in the folders the environment moves
 * (CLAUDE_CONFIG_DIR, CODEX_HOME, COPILOT_HOME, XDG folders, the extension's storage).
 */

/** Who reads the file: an agent, Blast Radius itself, or git. */
export type GuardOwner = 'claude-code' | 'codex' | 'gemini-cli' | 'copilot-cli' | 'cursor' | 'cline' | 'opencode' | 'windsurf' | 'blast-radius' | 'editor' | 'git';

export type GuardKind =
  /** An agent's settings or hook file: where our hook is registered, or where hooks are switched off. */
  | 'agent-hooks'
  /** Our policy: strictness, rule overrides, allow entries. */
  | 'policy'
  /** A launcher or shim: the program every hook and gate runs. */
  | 'launcher'
  /** What we installed where, and the record of tampering. */
  | 'state'
  /** The stop the user put on agents (src/core/stop.ts): it only ever stops. */
  | 'stop'
  /** The editor's user settings (blastRadius.*). */
  | 'editor-settings'
  /** A git hook we installed. */
  | 'git-hook'
  /** The installed editor extension itself. */
  | 'extension';

export interface GuardedPath {
  owner: GuardOwner;
  kind: GuardKind;
  /** For messages: "Claude Code's settings", "the Blast Radius hook launcher". */
  what: string;
}

/** A file or folder the adapter knows about by its exact path (recorded installs, the extension's storage). */
export interface GuardedExtra extends GuardedPath {
  path: string;
  /** Everything under the path counts (a launcher folder). */
  folder?: boolean;
}

/**
 * Folders the environment decides. All absolute; any may be missing, and then only the usual
 * names (`~/.claude`, `~/.codex`…) are recognised, which the patterns below match anywhere.
 */
export interface GuardRoots {
  home?: string;
  /** CLAUDE_CONFIG_DIR. */
  claudeConfigDir?: string;
  /** CODEX_HOME. */
  codexHome?: string;
  /** COPILOT_HOME. */
  copilotHome?: string;
  /** GEMINI_CLI_HOME (Gemini CLI keeps `.gemini/` under it). */
  geminiHome?: string;
  /** Our data folder ($XDG_DATA_HOME/blast-radius): the launcher, installed.json, the tampering record. */
  dataDir?: string;
  /** The folder holding our user policy.json ($XDG_CONFIG_HOME/blast-radius). */
  configDir?: string;
  extra?: readonly GuardedExtra[];
}

const CLAUDE: GuardedPath = { owner: 'claude-code', kind: 'agent-hooks', what: 'Claude Code settings, where its hooks are registered and can be switched off' };
const CLAUDE_MANAGED: GuardedPath = { owner: 'claude-code', kind: 'agent-hooks', what: 'Claude Code managed settings, which can switch every hook off' };
const CODEX: GuardedPath = { owner: 'codex', kind: 'agent-hooks', what: 'Codex configuration, where its hooks are registered, trusted and switched on' };
const GEMINI: GuardedPath = { owner: 'gemini-cli', kind: 'agent-hooks', what: 'Gemini CLI settings, where its hooks are registered and can be switched off' };
const COPILOT_HOOKS: GuardedPath = { owner: 'copilot-cli', kind: 'agent-hooks', what: 'a Copilot CLI hook file' };
const COPILOT_SETTINGS: GuardedPath = { owner: 'copilot-cli', kind: 'agent-hooks', what: 'Copilot CLI settings, which can switch every hook off' };
const CURSOR: GuardedPath = { owner: 'cursor', kind: 'agent-hooks', what: "Cursor's hooks file" };
const CLINE: GuardedPath = { owner: 'cline', kind: 'agent-hooks', what: "a Cline PreToolUse hook, which Cline runs before every tool call" };
const OPENCODE: GuardedPath = { owner: 'opencode', kind: 'agent-hooks', what: 'an opencode plugin, which opencode runs before every tool call' };
const WINDSURF: GuardedPath = { owner: 'windsurf', kind: 'agent-hooks', what: "Windsurf's Cascade hooks file" };
const USER_POLICY: GuardedPath = { owner: 'blast-radius', kind: 'policy', what: "Blast Radius's user policy" };
const REPO_POLICY: GuardedPath = { owner: 'blast-radius', kind: 'policy', what: "the repository's Blast Radius policy" };
const LAUNCHER: GuardedPath = { owner: 'blast-radius', kind: 'launcher', what: 'the Blast Radius hook launcher every agent hook runs' };
const EXT_LAUNCHER: GuardedPath = { owner: 'blast-radius', kind: 'launcher', what: "the editor extension's launcher and terminal shims" };
const STATE: GuardedPath = { owner: 'blast-radius', kind: 'state', what: "Blast Radius's record of its hooks" };
const STOPPED: GuardedPath = { owner: 'blast-radius', kind: 'stop', what: 'the stop the user put on agents' };
const EXTENSION: GuardedPath = { owner: 'blast-radius', kind: 'extension', what: 'the installed Blast Radius editor extension' };
const EDITOR: GuardedPath = { owner: 'editor', kind: 'editor-settings', what: 'the editor user settings that hold blastRadius.*' };

/**
 * Files by where they sit, matched anywhere in a path (so `~/.claude/settings.json` and a
 * project's `.claude/settings.json` both match). Case-sensitive, as the agents read them on Linux.
 */
const FILE_PATTERNS: readonly [RegExp, GuardedPath][] = [
  [/(^|\/)\.claude\/settings(\.local)?\.json$/, CLAUDE],
  [/(^|\/)(claude-code|ClaudeCode)\/managed-settings(\.json|\.d\/[^/]+\.json)$/, CLAUDE_MANAGED],
  [/(^|\/)\.codex\/(config\.toml|hooks\.json)$/, CODEX],
  [/^\/etc\/codex\/(config|requirements|managed_config)\.toml$/, CODEX],
  [/(^|\/)\.gemini\/settings\.json$/, GEMINI],
  [/(^|\/)gemini-cli\/(settings|system-defaults)\.json$/, GEMINI],
  [/(^|\/)\.copilot\/hooks\/[^/]+\.json$/, COPILOT_HOOKS],
  [/(^|\/)\.github\/hooks\/[^/]+\.json$/, COPILOT_HOOKS],
  [/(^|\/)\.copilot\/(settings|config)\.json$/, COPILOT_SETTINGS],
  [/(^|\/)\.github\/copilot\/settings(\.local)?\.json$/, COPILOT_SETTINGS],
  [/(^|\/)\.cursor\/hooks\.json$/, CURSOR],
  [/^\/etc\/cursor\/hooks\.json$/, CURSOR],
  [/(^|\/)(Documents\/Cline\/(Rules\/)?Hooks|\.cline\/hooks|\.clinerules\/hooks)\/PreToolUse(\.[a-z]+)?$/i, CLINE],
  [/(^|\/)(\.config\/opencode|\.opencode)\/plugins?\/[^/]+\.(js|ts)$/, OPENCODE],
  [/(^|\/)(\.codeium\/windsurf|\.windsurf)\/hooks\.json$/, WINDSURF],
  [/^\/etc\/windsurf\/hooks\.json$/, WINDSURF],
  [/(^|\/)Windsurf\/hooks\.json$/, WINDSURF],
  [/(^|\/)blast-radius\/policy\.json$/, USER_POLICY],
  [/(^|\/)\.blast-radius\.json$/, REPO_POLICY],
  [/(^|\/)blast-radius\/bin\/blast-radius(\.cmd)?$/, LAUNCHER],
  [/(^|\/)blast-radius\/(installed\.json|tampering\.jsonl|tool-calls(\.old)?\.jsonl)$/, STATE],
  [/(^|\/)blast-radius\/(stopped\.json|stopped-calls\.jsonl)$/, STOPPED],
  [/(^|\/)blast-radius\.blast-radius\/(bin|shims)\/[^/]+$/, EXT_LAUNCHER],
  [/(^|\/)(Code|Code - Insiders|Code - OSS|VSCodium|code-server|Cursor|Windsurf)\/User\/settings\.json$/, EDITOR],
];

/** Folders that hold only (or mostly) what keeps protection on: deleting one deletes it all. */
const FOLDER_PATTERNS: readonly [RegExp, GuardedPath][] = [
  [/(^|\/)\.claude$/, CLAUDE],
  [/(^|\/)(claude-code|ClaudeCode)(\/managed-settings\.d)?$/, CLAUDE_MANAGED],
  [/(^|\/)\.codex$/, CODEX],
  [/^\/etc\/codex$/, CODEX],
  [/(^|\/)\.gemini$/, GEMINI],
  [/^\/etc\/gemini-cli$/, GEMINI],
  [/(^|\/)\.copilot(\/hooks)?$/, COPILOT_HOOKS],
  [/(^|\/)\.github\/(hooks|copilot)$/, COPILOT_HOOKS],
  [/(^|\/)\.cursor$/, CURSOR],
  [/(^|\/)(Documents\/Cline(\/Rules)?\/Hooks|\.cline\/hooks|\.clinerules\/hooks)$/i, CLINE],
  [/(^|\/)(\.config\/opencode|\.opencode)\/plugins?$/, OPENCODE],
  [/(^|\/)\.config\/opencode$/, OPENCODE],
  [/(^|\/)(\.codeium\/windsurf|\.windsurf)$/, WINDSURF],
  [/^\/etc\/windsurf$/, WINDSURF],
  [/(^|\/)(\.local\/share|\.config|AppData\/(Local|Roaming))\/blast-radius(\/bin)?$/, LAUNCHER],
  [/(^|\/)blast-radius\.blast-radius(\/(bin|shims))?$/, EXT_LAUNCHER],
  [/(^|\/)(\.vscode|\.vscode-server|\.cursor|\.windsurf|\.vscode-oss)\/extensions\/blast-radius\.blast-radius-[^/]+$/, EXTENSION],
  [/(^|\/)code-server\/extensions\/blast-radius\.blast-radius-[^/]+$/, EXTENSION],
];

function trimSlash(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

function under(path: string, root: string): boolean {
  const r = trimSlash(root);
  return path === r || path.startsWith(`${r}/`);
}

/** Files the environment moved away from their usual names (CLAUDE_CONFIG_DIR and friends). */
function rootFile(path: string, roots: GuardRoots): GuardedPath | undefined {
  const rel = (root: string | undefined): string | undefined => (root && under(path, root) && path !== trimSlash(root) ? path.slice(trimSlash(root).length + 1) : undefined);
  const claude = rel(roots.claudeConfigDir);
  if (claude !== undefined && /^settings(\.local)?\.json$/.test(claude)) return CLAUDE;
  const codex = rel(roots.codexHome);
  if (codex !== undefined && /^(config\.toml|hooks\.json)$/.test(codex)) return CODEX;
  const copilot = rel(roots.copilotHome);
  if (copilot !== undefined && /^hooks\/[^/]+\.json$/.test(copilot)) return COPILOT_HOOKS;
  if (copilot !== undefined && /^(settings|config)\.json$/.test(copilot)) return COPILOT_SETTINGS;
  const data = rel(roots.dataDir);
  if (data !== undefined && /^bin\/blast-radius(\.cmd)?$/.test(data)) return LAUNCHER;
  if (data !== undefined && /^(installed\.json|tampering\.jsonl|tool-calls(\.old)?\.jsonl|sessions\/[^/]+)$/.test(data)) return STATE;
  if (data !== undefined && /^(stopped\.json|stopped-calls\.jsonl)$/.test(data)) return STOPPED;
  const config = rel(roots.configDir);
  if (config === 'policy.json') return USER_POLICY;
  for (const x of roots.extra ?? []) {
    if (x.folder ? under(path, x.path) : path === trimSlash(x.path)) return x;
  }
  return undefined;
}

/**
 * The guarded file at `path` (absolute or relative, `/`-separated, already normalised), if any.
 * Backup copies we make (`*.blast-radius.bak`) and temporary files are not guarded.
 */
export function guardedFile(path: string, roots: GuardRoots = {}): GuardedPath | undefined {
  const p = trimSlash(path);
  const fromRoots = rootFile(p, roots);
  if (fromRoots) return fromRoots;
  for (const [re, g] of FILE_PATTERNS) if (re.test(p)) return g;
  return undefined;
}

/**
 * The guarded file or folder at `path`, or the guarded folder that contains it, or a folder that
 * contains one of the environment's guarded folders (deleting `~/.config` deletes our policy).
 */
export function guardedPath(path: string, roots: GuardRoots = {}): GuardedPath | undefined {
  const p = trimSlash(path);
  const file = guardedFile(p, roots);
  if (file) return file;
  for (const [re, g] of FOLDER_PATTERNS) if (re.test(p)) return g;
  const home = roots.home ? trimSlash(roots.home) : undefined;
  const dirs: [string | undefined, GuardedPath][] = [
    [roots.claudeConfigDir, CLAUDE],
    [roots.codexHome, CODEX],
    [roots.copilotHome, COPILOT_HOOKS],
    [roots.dataDir, LAUNCHER],
    [roots.configDir, USER_POLICY],
    ...(roots.extra ?? []).filter((x) => x.folder).map((x): [string, GuardedPath] => [x.path, x]),
  ];
  for (const [dir, g] of dirs) {
    if (!dir) continue;
    const d = trimSlash(dir);
    // The folder itself, or one of its parents below the home folder (`~/.local`, `~/.config`).
    if (p === d) return g;
    if (d.startsWith(`${p}/`) && p !== '/' && p !== home && (!home || p.startsWith(`${home}/`))) return g;
  }
  return undefined;
}

/**
 * Whether a word of a command line can name a guarded file: a cheap test for the pre-filter,
 * which knows no environment, so the usual file names count wherever they are.
 */
export function mayNameGuardedPath(word: string): boolean {
  return GUARD_HINT.test(word);
}

const GUARD_HINT = /\.claude|claude-code|ClaudeCode|\.codex|\/etc\/codex|\.gemini|gemini-cli|\.copilot|\.github\/(hooks|copilot)|\.cursor|[Cc]line|opencode|\.windsurf|\.codeium|\/etc\/windsurf|blast-radius|\/User\/settings\.json|CLAUDE_CONFIG_DIR|CODEX_HOME|COPILOT_HOME|GEMINI_CLI_HOME|XDG_(CONFIG|DATA)_HOME|(^|\/)(settings(\.local)?\.json|config\.toml|hooks\.json|requirements\.toml|policy\.json)$/;

/** A line in an agent's settings that runs our hook: the launcher with `hook <agent>` (or `scan --staged`, for git). */
const OUR_HOOK = /blast-radius(\.cmd)?["']?\s+(hook\s+(claude-code|codex|gemini-cli|copilot-cli|cursor|cline|opencode|windsurf)\b|scan\s+--staged\b)/;

/** True when a hook command line is ours. */
export function isOurHookCommand(command: unknown): boolean {
  return typeof command === 'string' && OUR_HOOK.test(command);
}

/** `--strictness LEVEL` in one of our hook commands, if any. */
export function hookStrictnessFlag(command: string): string | undefined {
  return /\s--strictness(?:=|\s+)["']?([a-z]+)/.exec(command)?.[1];
}
