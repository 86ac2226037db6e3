/**
 * The agents Blast Radius hooks into: where each keeps its settings, what entry we add, and the
 * agent versions whose documented hook format we implement. One table, read by the installer,
 * `hooks status`, the extension's commands and the uninstall script.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CAN_ASK, HOOK_AGENT_NAMES } from '../../core/hook-answer';
import { codexTomlFormat } from './codex-toml';
import { type ConfigFormat, jsonFormat } from './config-formats';
import { launcherCommand, runsLauncher } from './launcher';
import { clineFormat, opencodeFormat } from './own-hook-files';
import type { HostEnv } from './paths';
import { vscodeHookDir } from './vscode-hooks';

export const AGENT_IDS = ['claude-code', 'codex', 'gemini-cli', 'copilot-cli', 'cursor', 'cline', 'opencode', 'windsurf', 'vscode'] as const;
export type AgentId = (typeof AGENT_IDS)[number];
export type Scope = 'user' | 'project';

export function isAgentId(v: unknown): v is AgentId {
  return typeof v === 'string' && (AGENT_IDS as readonly string[]).includes(v);
}

export interface AgentInfo {
  id: AgentId;
  name: string;
  /** The agent versions whose hook format this implements. */
  pinned: string;
  /** The hook event we register for. */
  event: string;
  /**
   * Whether the agent's hook can answer "ask" (a human confirms in the agent's own prompt) in
   * some runs: src/core/hook-answer.ts's ASK_MODES says in which.
   */
  canAsk: boolean;
  /** Which tool calls we see. */
  covers: string;
  /** Where the format is documented. */
  source: string;
  /**
   * What `hooks status` can know about whether the agent will run the hook, and from which of the
   * agent's own files (the README's list is written from these).
   */
  statusFacts: string;
  /** The agent's own step before it runs a new or changed hook, when it has one: what to tell the user. */
  trustStep?: string;
}

/**
 * What our entry runs: `hook <agent>`, except for VS Code's agents, whose payloads every hook
 * recognises (src/cli/hook-agents.ts, dialect 'vscode') and which read Claude Code's answer.
 */
export function hookArgsFor(agent: AgentId): string[] {
  return ['hook', agent === 'vscode' ? 'claude-code' : agent];
}

export const AGENTS: Readonly<Record<AgentId, AgentInfo>> = {
  'claude-code': {
    id: 'claude-code',
    name: HOOK_AGENT_NAMES['claude-code'],
    pinned: '2.1.x',
    event: 'PreToolUse',
    canAsk: CAN_ASK['claude-code'],
    covers: 'Bash, Write, Edit, MultiEdit',
    source: 'https://code.claude.com/docs/en/hooks',
    statusFacts:
      '`disableAllHooks` in user, project, local or managed settings (`/etc/claude-code/managed-settings.json` and `managed-settings.d/`), managed `allowManagedHooksOnly`, and for project hooks the folder trust Claude Code records in `~/.claude.json`. Runtime flags (`--bare`, safe mode) cannot be seen.',
  },
  codex: {
    id: 'codex',
    name: HOOK_AGENT_NAMES.codex,
    pinned: '0.124.0 and later (hooks on by default)',
    event: 'PreToolUse',
    canAsk: CAN_ASK.codex,
    covers: 'Bash, apply_patch',
    source: 'https://developers.openai.com/codex/hooks',
    statusFacts:
      "the `trusted_hash` Codex stored in `[hooks.state]` of `~/.codex/config.toml`, compared with the hash of our entry computed as Codex computes it (new: waiting for trust; different: changed since you trusted it), `enabled = false` there, `[features] hooks = false` (also in the active profile), `allow_managed_hooks_only` in `/etc/codex/requirements.toml`, and for project hooks the project's `trust_level`. A run with `--dangerously-bypass-hook-trust` or `--disable hooks` cannot be seen.",
    trustStep: 'open Codex, run /hooks and trust the Blast Radius hook (or choose “Trust all and continue” when Codex lists hooks that need review at start)',
  },
  'gemini-cli': {
    id: 'gemini-cli',
    name: HOOK_AGENT_NAMES['gemini-cli'],
    pinned: '0.36.0 and later (decision "ask")',
    event: 'BeforeTool',
    canAsk: CAN_ASK['gemini-cli'],
    covers: 'run_shell_command, write_file, replace',
    source: 'https://geminicli.com/docs/hooks/reference',
    statusFacts:
      '`hooksConfig.enabled: false` and `hooksConfig.disabled` in system, user and workspace settings (`/etc/gemini-cli/settings.json`, `~/.gemini/settings.json`, `.gemini/settings.json`), and folder trust (`security.folderTrust.enabled`, `~/.gemini/trustedFolders.json`, `GEMINI_CLI_TRUST_WORKSPACE`): in a folder Gemini CLI does not trust, it runs no hooks from settings at all.',
    trustStep: 'open Gemini CLI in the project folder and choose to trust the folder when it asks',
  },
  'copilot-cli': {
    id: 'copilot-cli',
    name: HOOK_AGENT_NAMES['copilot-cli'],
    pinned: '1.0.24 and later',
    event: 'preToolUse',
    canAsk: CAN_ASK['copilot-cli'],
    covers: 'bash, powershell, create, edit, apply_patch',
    source: 'https://docs.github.com/en/copilot/reference/hooks-reference',
    statusFacts:
      '`disableAllHooks` in our hook file, in `~/.copilot/settings.json` / `config.json` and in the repository\'s `.github/copilot/settings.json` / `settings.local.json`. Whether a repository\'s hooks load in `copilot -p` depends on folder trust, which Copilot CLI keeps where we cannot read it reliably: cannot verify.',
  },
  cursor: {
    id: 'cursor',
    name: HOOK_AGENT_NAMES.cursor,
    pinned: '2.0 and later (snake_case answers; 1.7 camelCase also sent)',
    event: 'beforeShellExecution',
    canAsk: CAN_ASK.cursor,
    covers: 'shell commands (edits are not hookable before they land)',
    source: 'https://cursor.com/docs/agent/hooks',
    statusFacts: 'only that the file holds our entry and the launcher works: Cursor keeps no record we can read of which hooks it loaded (cannot verify; check Cursor Settings → Hooks after a restart).',
  },
  cline: {
    id: 'cline',
    name: HOOK_AGENT_NAMES.cline,
    pinned: 'cline CLI 3.0.65 (@cline/core 0.0.86); the VS Code extension 3.36 and later',
    event: 'PreToolUse',
    canAsk: CAN_ASK.cline,
    covers: 'run_commands, editor, apply_patch (CLI); execute_command, write_to_file, replace_in_file (extension)',
    source: 'https://docs.cline.bot/features/hooks/hook-reference',
    statusFacts:
      'that our `PreToolUse` script is there and executable. Cline keeps no record we can read of whether hooks are switched on (the VS Code extension has a Hooks setting; the CLI runs them always): cannot verify.',
  },
  opencode: {
    id: 'opencode',
    name: HOOK_AGENT_NAMES.opencode,
    pinned: 'opencode-ai 1.18.33 (plugins with tool.execute.before)',
    event: 'tool.execute.before',
    canAsk: CAN_ASK.opencode,
    covers: 'bash, write, edit, apply_patch',
    source: 'https://opencode.ai/docs/plugins',
    statusFacts:
      'that our plugin file is in the plugin folder opencode loads at start (`~/.config/opencode/plugins/`, `.opencode/plugins/`). opencode keeps no record we can read of which plugins loaded: cannot verify.',
  },
  windsurf: {
    id: 'windsurf',
    name: HOOK_AGENT_NAMES.windsurf,
    pinned: 'Windsurf editor with Cascade hooks (docs.windsurf.com, December 2026)',
    event: 'pre_run_command, pre_write_code',
    canAsk: CAN_ASK.windsurf,
    covers: 'terminal commands and code writes of Cascade',
    source: 'https://docs.windsurf.com/windsurf/cascade/hooks',
    statusFacts:
      'only that the file holds our entries (`~/.codeium/windsurf/hooks.json`, `.windsurf/hooks.json`) and the launcher works: Windsurf keeps no record we can read of which hooks it loaded (cannot verify).',
  },
  vscode: {
    id: 'vscode',
    name: 'VS Code agents',
    pinned: 'VS Code 1.110 and later (agent hooks, Preview)',
    event: 'PreToolUse',
    canAsk: true,
    covers: 'every tool of VS Code\'s agents (terminal commands and file edits)',
    source: 'https://code.visualstudio.com/docs/agent-customization/hooks',
    statusFacts:
      'for the user hook, whether the editor\'s user settings list our hook folder in `chat.hookFilesLocations` (VS Code runs no hook file outside the listed folders). Whether your VS Code has agent hooks (1.110+) and whether an organization policy switches them off cannot be seen.',
  },
};

function envDir(host: HostEnv, variable: string, fallback: string): string {
  const v = host.env[variable];
  return v && path.isAbsolute(v) ? v : path.join(host.home, fallback);
}

/**
 * The settings files an agent reads at a scope, in the order we prefer to write them. Codex reads
 * both `hooks.json` and inline `[hooks]` tables in `config.toml`; we write into `hooks.json` only
 * when it already exists (Codex warns when one layer uses both).
 */
export function settingsFiles(agent: AgentId, scope: Scope, host: HostEnv, projectDir: string): string[] {
  const user = scope === 'user';
  switch (agent) {
    case 'claude-code':
      return [user ? path.join(envDir(host, 'CLAUDE_CONFIG_DIR', '.claude'), 'settings.json') : path.join(projectDir, '.claude', 'settings.json')];
    case 'codex': {
      const dir = user ? envDir(host, 'CODEX_HOME', '.codex') : path.join(projectDir, '.codex');
      return [path.join(dir, 'config.toml'), path.join(dir, 'hooks.json')];
    }
    case 'gemini-cli':
      return [user ? path.join(host.home, '.gemini', 'settings.json') : path.join(projectDir, '.gemini', 'settings.json')];
    case 'copilot-cli':
      return [user ? path.join(envDir(host, 'COPILOT_HOME', '.copilot'), 'hooks', 'blast-radius.json') : path.join(projectDir, '.github', 'hooks', 'blast-radius.json')];
    case 'cursor':
      return [user ? path.join(host.home, '.cursor', 'hooks.json') : path.join(projectDir, '.cursor', 'hooks.json')];
    case 'cline':
      // Cline reads ~/Documents/Cline/Hooks, ~/.cline/hooks, .clinerules/hooks and .cline/hooks
      // (@cline/shared resolveHooksConfigSearchPaths); the documented ones are written.
      return [user ? path.join(host.home, 'Documents', 'Cline', 'Hooks', 'PreToolUse') : path.join(projectDir, '.clinerules', 'hooks', 'PreToolUse')];
    case 'opencode':
      // opencode loads {plugin,plugins}/*.{ts,js} from its config folders ($XDG_CONFIG_HOME/opencode, .opencode).
      return [user ? path.join(envDir(host, 'XDG_CONFIG_HOME', '.config'), 'opencode', 'plugins', 'blast-radius.js') : path.join(projectDir, '.opencode', 'plugins', 'blast-radius.js')];
    case 'windsurf':
      // Cascade merges the system, user and workspace hooks.json files and runs them all.
      return [user ? path.join(host.home, '.codeium', 'windsurf', 'hooks.json') : path.join(projectDir, '.windsurf', 'hooks.json')];
    case 'vscode':
      // User: a folder of ours that the editor's chat.hookFilesLocations lists (not ~/.copilot/hooks,
      // which Copilot CLI reads too). Project: .github/hooks, which VS Code reads by default (and
      // Copilot CLI too); a file apart from Copilot CLI's blast-radius.json, so neither install
      // edits the other's file.
      return [user ? path.join(vscodeHookDir(host), 'blast-radius.json') : path.join(projectDir, '.github', 'hooks', 'blast-radius-vscode.json')];
  }
}

/** The file `hooks install` writes. */
export function installTarget(agent: AgentId, scope: Scope, host: HostEnv, projectDir: string): string {
  const files = settingsFiles(agent, scope, host, projectDir);
  if (agent === 'codex' && existsSync(files[1])) return files[1];
  return files[0];
}

/** Seconds an agent waits for our answer: generous, since a cold first call loads the grammar. */
const TIMEOUT_S = 30;

function hookCommandsOf(element: unknown): string[] {
  const hooks = (element as { hooks?: unknown } | null)?.hooks;
  if (!Array.isArray(hooks)) return [];
  return hooks.map((h) => (h as { command?: unknown } | null)?.command).filter((c): c is string => typeof c === 'string');
}

function stringsOf(element: unknown, keys: string[]): string[] {
  if (!element || typeof element !== 'object') return [];
  const o = element as Record<string, unknown>;
  return keys.map((k) => o[k]).filter((c): c is string => typeof c === 'string');
}

export interface FormatOptions {
  /** The launcher our entry runs. */
  launcher: string;
  /** Every launcher whose entries count as ours (for finding and removing them). */
  launchers: readonly string[];
  platform: NodeJS.Platform;
}

/** The Cascade events we register for: one entry in each of their arrays. */
export const WINDSURF_EVENTS = ['pre_run_command', 'pre_write_code'] as const;

/**
 * Windsurf's hooks.json: `{"hooks": {"<event>": [{command, show_output}]}}`, one array per event,
 * so our entry goes into each of the events we judge (show_output puts a warning in the Cascade
 * panel). The events' formats are applied in turn.
 */
function windsurfFormat(command: string, isOurs: (c: string) => boolean): ConfigFormat {
  const parts = WINDSURF_EVENTS.map((event) =>
    jsonFormat({ arrayPath: ['hooks', event], element: { command, show_output: true }, commandsOf: (e) => stringsOf(e, ['command', 'powershell']), isOurs }),
  );
  return {
    add: (text) => parts.reduce<string>((t, f, i) => f.add(i === 0 ? text : t), ''),
    remove: (text) => parts.reduce((t, f) => f.remove(t), text),
    find: (text) => [...new Set(parts.flatMap((f) => f.find(text)))],
  };
}

/** How to add our entry to (and remove it from) one settings file of an agent. */
export function formatFor(agent: AgentId, file: string, opts: FormatOptions): ConfigFormat {
  const command = launcherCommand(opts.launcher, hookArgsFor(agent), opts.platform);
  const isOurs = (c: string): boolean => runsLauncher(c, opts.launchers, hookArgsFor(agent));
  switch (agent) {
    case 'claude-code':
      return jsonFormat({
        arrayPath: ['hooks', 'PreToolUse'],
        element: { matcher: 'Bash|Write|Edit|MultiEdit', hooks: [{ type: 'command', command, timeout: TIMEOUT_S }] },
        commandsOf: hookCommandsOf,
        isOurs,
      });
    case 'codex':
      if (file.endsWith('.json')) {
        return jsonFormat({
          arrayPath: ['hooks', 'PreToolUse'],
          element: { matcher: 'Bash|apply_patch', hooks: [{ type: 'command', command, timeout: TIMEOUT_S }] },
          commandsOf: hookCommandsOf,
          isOurs,
        });
      }
      return codexTomlFormat({
        begin: '# >>> blast-radius: agent hook (managed; `blast-radius hooks uninstall codex` removes this block)',
        matcher: 'Bash|apply_patch',
        command,
        timeout: TIMEOUT_S,
        isOurs,
      });
    case 'gemini-cli':
      return jsonFormat({
        arrayPath: ['hooks', 'BeforeTool'],
        element: {
          matcher: 'run_shell_command|write_file|replace',
          hooks: [{ name: 'blast-radius', type: 'command', command, timeout: TIMEOUT_S * 1000, description: 'Blast Radius: scores shell commands and file edits for destructiveness' }],
        },
        commandsOf: hookCommandsOf,
        isOurs,
      });
    case 'copilot-cli':
      return jsonFormat({
        arrayPath: ['hooks', 'preToolUse'],
        rootDefaults: { version: 1 },
        element: {
          type: 'command',
          matcher: 'bash|powershell|create|edit|apply_patch',
          ...(opts.platform === 'win32' ? { powershell: `& ${command}` } : { bash: command }),
          timeoutSec: TIMEOUT_S,
        },
        commandsOf: (e) => stringsOf(e, ['bash', 'powershell', 'command']),
        isOurs,
      });
    case 'cursor':
      return jsonFormat({
        arrayPath: ['hooks', 'beforeShellExecution'],
        rootDefaults: { version: 1 },
        element: { command },
        // Some Cursor versions run only the first hook of an event; ours goes first.
        insertFirst: true,
        commandsOf: (e) => stringsOf(e, ['command']),
        isOurs,
      });
    case 'cline':
      return clineFormat(command, isOurs);
    case 'opencode':
      return opencodeFormat(opts.launcher, command, isOurs);
    case 'windsurf':
      return windsurfFormat(command, isOurs);
    case 'vscode':
      // VS Code's own entry format: one flat hook per element (no matcher groups; every tool).
      return jsonFormat({
        arrayPath: ['hooks', 'PreToolUse'],
        element: { type: 'command', command, timeout: TIMEOUT_S },
        commandsOf: (e) => stringsOf(e, ['command', 'linux', 'osx', 'windows']),
        isOurs,
      });
  }
}
