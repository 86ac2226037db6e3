/**
 * How the suite drives each real agent: its settings in the throwaway HOME (the scripted model as its
 * provider, and in default mode the agent's own allow rules, so that only our hook stands between a
 * tool call and the disk), its headless command line per mode, its environment, and its dialect (the
 * agent's own tool names and argument shapes for each generic step).
 *
 * Modes: `default` is the agent's normal headless mode with its own permission system told to let
 * the scripted tools run; `permissive` is its most permissive mode (the "YOLO" flag).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { agentBin, type RealAgentId } from './agent-paths';
import type { AgentDialect, PlannedCall, Step, ToolDefinition } from './model-server';

export type AgentMode = 'default' | 'permissive';
export const AGENT_MODES: readonly AgentMode[] = ['default', 'permissive'];

export interface AgentRunSetup {
  home: string;
  workspace: string;
  /** The scripted model's base URL (`http://127.0.0.1:PORT`). */
  modelUrl: string;
  mode: AgentMode;
}

export interface AgentProfile {
  id: RealAgentId;
  name: string;
  /** What each mode is on this agent's command line, for titles and the README. */
  modes: Readonly<Record<AgentMode, string>>;
  /** The agent's tools for the generic steps; paths in steps are relative to `workspace`. */
  dialect(workspace: string): AgentDialect;
  /** Writes the agent's own settings into the throwaway HOME (before our hook is installed, as a user's would be). */
  configure(setup: AgentRunSetup): void;
  env(setup: AgentRunSetup): Record<string, string>;
  args(setup: AgentRunSetup, prompt: string): string[];
  /**
   * The recursive delete of `dir` the agent's own guards let through in this mode, so the test
   * measures our hook and not theirs (the suite's control runs prove that it does get through).
   */
  deleteCommand(mode: AgentMode, dir: string): string;
  /** The modes the suite runs (all by default): an agent with one headless mode runs it once. */
  modesRun?: readonly AgentMode[];
  /**
   * True for an agent whose hook answer ends the whole run rather than one call (Cline 3.0.65 turns
   * `cancel` into its runtime's `stop`): the suite then plays each stopped call in a session of its own.
   */
  stopEndsRun?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Tool arguments, read from the tool definitions the agent sends.

function properties(tool: ToolDefinition): Record<string, { type?: unknown }> {
  const p = tool.parameters?.properties;
  return p && typeof p === 'object' ? (p as Record<string, { type?: unknown }>) : {};
}

function findTool(tools: readonly ToolDefinition[], name: string): ToolDefinition {
  const tool = tools.find((t) => t.name === name);
  if (!tool) throw new Error(`the agent offered no ${name} tool (it offered: ${tools.map((t) => t.name).join(', ')})`);
  return tool;
}

/** The first of `candidates` that the tool's schema names. */
function argName(tool: ToolDefinition, candidates: readonly string[]): string {
  const props = properties(tool);
  const name = candidates.find((c) => c in props);
  if (!name) throw new Error(`${tool.name} takes none of ${candidates.join(', ')} (its arguments: ${Object.keys(props).join(', ')})`);
  return name;
}

/** Fills the required arguments a step does not set (descriptions, instructions) with plain values. */
function withRequired(tool: ToolDefinition, args: Record<string, unknown>): Record<string, unknown> {
  const required = Array.isArray(tool.parameters?.required) ? (tool.parameters.required as string[]) : [];
  const props = properties(tool);
  const out = { ...args };
  for (const name of required) {
    if (name in out) continue;
    const declared = props[name]?.type;
    const type = typeof declared === 'string' ? declared.toLowerCase() : 'string';
    if (type === 'string') out[name] = 'Scripted step of the Blast Radius real-agent suite';
    else if (type === 'boolean') out[name] = false;
    else throw new Error(`${tool.name} requires ${name} (${type}), which the script does not know how to fill`);
  }
  return out;
}

interface ToolNames {
  shell: string;
  read: string;
  edit: string;
  write: string;
}

/** Agents whose tools take JSON arguments with absolute paths (Claude Code, Gemini CLI, Copilot CLI). */
function jsonDialect(protocol: AgentDialect['protocol'], names: ToolNames, workspace: string): AgentDialect {
  const abs = (p: string): string => path.join(workspace, p);
  return {
    protocol,
    isMainLoop: (tools) => tools.some((t) => t.name === names.shell),
    callFor(step: Step, tools): PlannedCall {
      switch (step.kind) {
        case 'shell': {
          const tool = findTool(tools, names.shell);
          return { name: tool.name, input: withRequired(tool, { [argName(tool, ['command', 'cmd'])]: step.command }) };
        }
        case 'read': {
          const tool = findTool(tools, names.read);
          return { name: tool.name, input: withRequired(tool, { [argName(tool, ['file_path', 'path', 'absolute_path', 'filePath'])]: abs(step.path) }) };
        }
        case 'edit': {
          const tool = findTool(tools, names.edit);
          return {
            name: tool.name,
            input: withRequired(tool, {
              [argName(tool, ['file_path', 'path', 'filePath'])]: abs(step.path),
              [argName(tool, ['old_string', 'old_str', 'oldString'])]: step.oldText,
              [argName(tool, ['new_string', 'new_str', 'newString'])]: step.newText,
            }),
          };
        }
        case 'write': {
          const tool = findTool(tools, names.write);
          return {
            name: tool.name,
            input: withRequired(tool, { [argName(tool, ['file_path', 'path', 'filePath'])]: abs(step.path), [argName(tool, ['content', 'file_text'])]: step.content }),
          };
        }
      }
    },
  };
}

function patchLines(text: string, prefix: string): string {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return lines.map((l) => `${prefix}${l}\n`).join('');
}

/**
 * The patch Codex's `apply_patch` takes for an edit or a new file (its grammar is in the tool
 * definition Codex sends). Paths stay relative: Codex resolves them against the session's folder.
 */
export function applyPatchText(step: Extract<Step, { kind: 'edit' | 'write' }>): string {
  if (step.kind === 'write') return `*** Begin Patch\n*** Add File: ${step.path}\n${patchLines(step.content, '+')}*** End Patch\n`;
  return `*** Begin Patch\n*** Update File: ${step.path}\n@@\n${patchLines(step.oldText, '-')}${patchLines(step.newText, '+')}*** End Patch\n`;
}

/** Codex: one shell tool (`exec_command`, a command string) and the freeform `apply_patch` tool for edits. */
function codexDialect(): AgentDialect {
  return {
    protocol: 'openai-responses',
    isMainLoop: (tools) => tools.some((t) => t.name === 'exec_command'),
    callFor(step: Step, tools): PlannedCall {
      if (step.kind === 'shell' || step.kind === 'read') {
        const tool = findTool(tools, 'exec_command');
        const command = step.kind === 'shell' ? step.command : `cat '${step.path.replace(/'/g, "'\\''")}'`;
        return { name: tool.name, input: { [argName(tool, ['cmd', 'command'])]: command } };
      }
      const tool = findTool(tools, 'apply_patch');
      if (tool.type !== 'custom') throw new Error(`Codex's apply_patch is a ${tool.type} tool; the script sends the freeform (custom) form`);
      return { name: tool.name, input: applyPatchText(step) };
    },
  };
}

// ---------------------------------------------------------------------------------------------

const basePath = (): string => `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`;

function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

const claudeCode: AgentProfile = {
  id: 'claude-code',
  name: 'Claude Code',
  modes: { default: 'claude -p (Bash, Read, Edit, Write allowed in settings)', permissive: 'claude -p --dangerously-skip-permissions' },
  dialect: (workspace) => jsonDialect('anthropic', { shell: 'Bash', read: 'Read', edit: 'Edit', write: 'Write' }, workspace),
  configure(setup) {
    // In default mode Claude Code asks before Bash, Edit and Write; headless, nobody answers and the
    // call is refused by Claude itself. These allow rules leave only our hook in the way.
    const settings = setup.mode === 'default' ? { permissions: { allow: ['Bash', 'Read', 'Edit', 'Write'] } } : {};
    writeJson(path.join(setup.home, '.claude', 'settings.json'), settings);
  },
  env: (setup) => ({
    ANTHROPIC_BASE_URL: setup.modelUrl,
    ANTHROPIC_API_KEY: 'sk-ant-scripted',
    // As root, --dangerously-skip-permissions refuses to start unless it is told it runs in a sandbox.
    IS_SANDBOX: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
  }),
  args: (setup, prompt) => ['-p', prompt, ...(setup.mode === 'permissive' ? ['--dangerously-skip-permissions'] : [])],
  deleteCommand: (_mode, dir) => `rm -rf ${dir}`,
};

const codex: AgentProfile = {
  id: 'codex',
  name: 'Codex',
  modes: { default: 'codex exec -s workspace-write', permissive: 'codex exec --dangerously-bypass-approvals-and-sandbox' },
  dialect: () => codexDialect(),
  configure(setup) {
    // A model Codex knows (its bundled catalog gives gpt-5.5 the freeform apply_patch tool), served
    // by the scripted model through a provider entry of our own.
    const config = [
      'model = "gpt-5.5"',
      'model_provider = "scripted"',
      '',
      '[model_providers.scripted]',
      'name = "Scripted model"',
      `base_url = "${setup.modelUrl}/v1"`,
      'wire_api = "responses"',
      'env_key = "SCRIPTED_API_KEY"',
      '',
    ].join('\n');
    mkdirSync(path.join(setup.home, '.codex'), { recursive: true });
    writeFileSync(path.join(setup.home, '.codex', 'config.toml'), config);
  },
  env: () => ({ SCRIPTED_API_KEY: 'sk-scripted' }),
  // `codex exec` never asks (approval "never"); the default sandbox is read-only, which would refuse
  // every write by itself, so default mode is the workspace-write sandbox.
  args: (setup, prompt) => ['exec', ...(setup.mode === 'permissive' ? ['--dangerously-bypass-approvals-and-sandbox'] : ['-s', 'workspace-write']), prompt],
  // Codex rejects `rm -f` and `rm -rf` itself in every mode ("rm -f style commands are not permitted").
  deleteCommand: (_mode, dir) => `rm -r ${dir}`,
};

const geminiCli: AgentProfile = {
  id: 'gemini-cli',
  name: 'Gemini CLI',
  modes: { default: 'gemini -p (tools.allowed in settings)', permissive: 'gemini -p --yolo' },
  dialect: (workspace) => jsonDialect('gemini', { shell: 'run_shell_command', read: 'read_file', edit: 'replace', write: 'write_file' }, workspace),
  configure(setup) {
    writeJson(path.join(setup.home, '.gemini', 'settings.json'), {
      security: { auth: { selectedType: 'gemini-api-key' }, folderTrust: { enabled: false } },
      // Headless Gemini CLI leaves out every tool that would need a confirmation; tools.allowed
      // turns its policy for these into "allow".
      ...(setup.mode === 'default' ? { tools: { allowed: ['run_shell_command', 'read_file', 'replace', 'write_file'] } } : {}),
    });
  },
  env: (setup) => ({ GOOGLE_GEMINI_BASE_URL: setup.modelUrl, GEMINI_API_KEY: 'scripted-key' }),
  args: (setup, prompt) => ['-p', prompt, ...(setup.mode === 'permissive' ? ['--yolo'] : [])],
  // Outside YOLO mode Gemini CLI's own heuristics ask before `rm -f`/`rm -rf` (isDangerousCommand).
  deleteCommand: (mode, dir) => (mode === 'permissive' ? `rm -rf ${dir}` : `rm -r ${dir}`),
};

const copilotCli: AgentProfile = {
  id: 'copilot-cli',
  name: 'Copilot CLI',
  modes: { default: 'copilot -p --allow-tool shell --allow-tool write', permissive: 'copilot -p --yolo' },
  dialect: (workspace) => jsonDialect('anthropic', { shell: 'bash', read: 'view', edit: 'edit', write: 'create' }, workspace),
  configure(setup) {
    mkdirSync(path.join(setup.home, '.copilot'), { recursive: true });
  },
  env: (setup) => ({
    COPILOT_OFFLINE: 'true',
    COPILOT_PROVIDER_TYPE: 'anthropic',
    COPILOT_PROVIDER_BASE_URL: setup.modelUrl,
    COPILOT_PROVIDER_API_KEY: 'sk-ant-scripted',
    COPILOT_MODEL: 'claude-sonnet-4.5',
  }),
  args: (setup, prompt) => ['-p', prompt, ...(setup.mode === 'permissive' ? ['--yolo'] : ['--allow-tool', 'shell', '--allow-tool', 'write'])],
  deleteCommand: (_mode, dir) => `rm -rf ${dir}`,
};

const opencode: AgentProfile = {
  id: 'opencode',
  name: 'opencode',
  modes: { default: 'opencode run (permission bash, edit: allow in opencode.json)', permissive: 'opencode run --auto' },
  dialect: (workspace) => jsonDialect('anthropic', { shell: 'bash', read: 'read', edit: 'edit', write: 'write' }, workspace),
  configure(setup) {
    // The scripted model as the Anthropic provider; models.dev is not fetched (offline), and in
    // default mode opencode's own permissions let bash and edits run, so only our plugin is in the way.
    writeJson(path.join(setup.home, '.config', 'opencode', 'opencode.json'), {
      model: 'anthropic/claude-sonnet-4-5',
      provider: { anthropic: { options: { baseURL: `${setup.modelUrl}/v1`, apiKey: 'sk-ant-scripted' } } },
      autoupdate: false,
      share: 'disabled',
      ...(setup.mode === 'default' ? { permission: { bash: 'allow', edit: 'allow' } } : {}),
    });
  },
  env: () => ({ OPENCODE_DISABLE_MODELS_FETCH: 'true', OPENCODE_DISABLE_AUTOUPDATE: 'true', OPENCODE_DISABLE_LSP_DOWNLOAD: 'true' }),
  args: (setup, prompt) => ['run', ...(setup.mode === 'permissive' ? ['--auto'] : []), prompt],
  deleteCommand: (_mode, dir) => `rm -rf ${dir}`,
};

/**
 * Cline 3.x: its own tools (run_commands with a list of commands, read_files, and for edits editor
 * with old_text and new_text, or apply_patch, which is what it offers GPT models), OpenAI Responses
 * through its openai-native provider (the only kind that takes a base URL, besides OpenAI-compatible
 * chat completions).
 */
function clineDialect(workspace: string): AgentDialect {
  const abs = (p: string): string => path.join(workspace, p);
  return {
    protocol: 'openai-responses',
    isMainLoop: (tools) => tools.some((t) => t.name === 'run_commands'),
    callFor(step: Step, tools): PlannedCall {
      switch (step.kind) {
        case 'shell':
          return { name: findTool(tools, 'run_commands').name, input: { commands: [step.command] } };
        case 'read':
          return { name: findTool(tools, 'read_files').name, input: { files: [{ path: abs(step.path) }] } };
        case 'edit':
        case 'write':
          // For GPT models Cline offers apply_patch (Codex's grammar, paths relative to the session's folder) instead of editor.
          if (!tools.some((t) => t.name === 'editor')) return { name: findTool(tools, 'apply_patch').name, input: { input: applyPatchText(step) } };
          return step.kind === 'edit'
            ? { name: 'editor', input: { path: abs(step.path), old_text: step.oldText, new_text: step.newText } }
            : { name: 'editor', input: { path: abs(step.path), new_text: step.content } };
      }
    },
  };
}

const cline: AgentProfile = {
  id: 'cline',
  name: 'Cline',
  // Headless `cline <prompt>` approves every tool itself (--auto-approve defaults to true): its
  // default and its most permissive mode are the same run.
  modes: { default: 'cline --json (auto-approve, its default)', permissive: 'cline --json (auto-approve, its default)' },
  modesRun: ['default'],
  stopEndsRun: true,
  dialect: (workspace) => clineDialect(workspace),
  configure(setup) {
    // `cline auth` writes the provider the way a user sets it up; the base URL is the scripted model.
    const r = spawnSync(agentBin('cline'), ['auth', '-p', 'openai-native', '-k', 'sk-scripted', '-m', 'gpt-5.5', '-b', `${setup.modelUrl}/v1`], {
      cwd: setup.workspace,
      env: { PATH: basePath(), HOME: setup.home, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (r.status !== 0) throw new Error(`cline auth failed (exit ${r.status ?? r.signal}): ${r.stdout}${r.stderr}`);
  },
  env: () => ({}),
  args: (_setup, prompt) => ['--json', prompt],
  deleteCommand: (_mode, dir) => `rm -rf ${dir}`,
};

export const AGENT_PROFILES: readonly AgentProfile[] = [claudeCode, codex, geminiCli, copilotCli, opencode, cline];

/** The environment every agent run starts from: nothing of the caller's, so CI variables change nothing. */
export function baseEnv(home: string, binDir: string): Record<string, string> {
  return { PATH: `${binDir}:${basePath()}`, HOME: home, USER: 'tester', LOGNAME: 'tester', SHELL: '/bin/bash', LANG: 'C.UTF-8', NO_COLOR: '1' };
}
