/**
 * Each agent's pre-tool hook protocol, as the agents document it: what arrives on stdin (here),
 * and how to answer allow, warn, ask or deny (src/core/hook-answer.ts, which the launchers use
 * too). Pure functions: text in, a tool call or an answer out.
 */
import { parseSearchReplace, type SearchReplaceBlock } from '../core/edit/search-replace';
import { type HookAgent, HOOK_AGENT_NAMES } from '../core/hook-answer';
import type { ShellKind } from '../core/types';

export { answerFor, CAN_ASK, gateAction, HOOK_AGENTS, type HookAgent, type HookAnswer, isHookAgent, type Verdict } from '../core/hook-answer';

export interface TextEdit {
  oldText: string;
  newText: string;
  replaceAll: boolean;
  /** Insert `newText` before this 1-based line instead of replacing `oldText` (Cline's editor). */
  insertLine?: number;
}

export type ToolCall =
  | { kind: 'shell'; tool: string; command: string; shell: ShellKind; cwd?: string }
  | { kind: 'write'; tool: string; path: string; content: string; cwd?: string }
  | { kind: 'edit'; tool: string; path: string; edits: TextEdit[]; cwd?: string }
  | { kind: 'patch'; tool: string; patch: string; cwd?: string }
  /** SEARCH/REPLACE blocks for one file (Cline's replace_in_file), applied as Cline applies them. */
  | { kind: 'replace'; tool: string; path: string; blocks: SearchReplaceBlock[]; cwd?: string }
  /**
   * Text a tool inserts into a file where its own model places it (VS Code's insert_edit_into_file,
   * a notebook cell's new code): judged as added to the file, since where it lands is not known yet.
   */
  | { kind: 'insert'; tool: string; path: string; text: string; cwd?: string }
  /** Several files' edits in one call (VS Code's multi_replace_string_in_file). */
  | { kind: 'multi'; tool: string; calls: FileToolCall[]; cwd?: string }
  /**
   * A notebook cell run (VS Code's run_notebook_cell): the call names the cell only by the
   * editor's id for it, so the hook reads the notebook and judges what its code cells run.
   */
  | { kind: 'cells'; tool: string; path: string; cellId: string; cwd?: string }
  | { kind: 'other'; tool: string; note?: string };

/** A call that changes one file. */
export type FileToolCall = Extract<ToolCall, { kind: 'write' | 'edit' | 'insert' }>;

/**
 * `workspace`: the agent's workspace root, when it names one; `folders`: every root it names.
 * `permissionMode`: Claude Code's `permission_mode`, which tells whether the run can ask (src/core/hook-asking.ts).
 */
export type ParsedPayload = ({ ok: true; call: ToolCall; workspace?: string; folders?: string[] } | { ok: false; error: string }) & {
  permissionMode?: string;
  /** 'vscode': the call came from VS Code's own agent hooks (answered in Claude Code's format, which VS Code reads). */
  dialect?: 'vscode';
  /** The agent's session (Claude Code, Codex and Gemini CLI send session_id, Copilot CLI sessionId, Cursor conversation_id). */
  sessionId?: string;
};

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

function str(o: Json | undefined, ...keys: string[]): string | undefined {
  if (!o) return undefined;
  for (const k of keys) if (typeof o[k] === 'string') return o[k];
  return undefined;
}

const fail = (error: string): ParsedPayload => ({ ok: false, error });

/** The arguments of a tool call; Copilot CLI sends them as a JSON string. */
function argsOf(v: unknown): Json | undefined {
  if (typeof v === 'string') {
    try {
      return obj(JSON.parse(v));
    } catch {
      return undefined;
    }
  }
  return obj(v);
}

const defaultShell = (): ShellKind => (process.platform === 'win32' ? 'pwsh' : 'bash');

/**
 * An argument list as one shell line, quoted as Codex's `shlex_join` quotes it when it shows a
 * call that ran a program with arguments (`["apply_patch", "*** Begin Patch…"]`).
 */
export function shellJoin(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ');
}

function shellCall(tool: string, args: Json | undefined, shell: ShellKind, cwd: string | undefined): ParsedPayload {
  const list = args?.command ?? args?.cmd;
  const argv = Array.isArray(list) && list.length > 0 && list.every((a) => typeof a === 'string') ? list : undefined;
  const command = argv ? shellJoin(argv) : str(args, 'command', 'cmd');
  if (command === undefined) return fail(`${tool} call without a "command" string`);
  const dir = str(args, 'dir_path', 'directory', 'cwd', 'workdir');
  return { ok: true, call: { kind: 'shell', tool, command, shell, cwd: dir && cwd ? joinPath(cwd, dir) : (dir ?? cwd) } };
}

function joinPath(base: string, p: string): string {
  if (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p)) return p;
  return `${base.replace(/[\\/]+$/, '')}/${p}`;
}

function writeCall(tool: string, args: Json | undefined, cwd: string | undefined): ParsedPayload {
  const path = str(args, 'file_path', 'path', 'filePath');
  const content = str(args, 'content', 'file_text', 'contents', 'text');
  if (path === undefined || content === undefined) return fail(`${tool} call without a file path and content`);
  return { ok: true, call: { kind: 'write', tool, path, content, cwd } };
}

function editCall(tool: string, args: Json | undefined, cwd: string | undefined): ParsedPayload {
  const path = str(args, 'file_path', 'path', 'filePath');
  if (path === undefined) return fail(`${tool} call without a file path`);
  const one = (e: Json | undefined): TextEdit | undefined => {
    const oldText = str(e, 'old_string', 'old_str', 'oldString');
    const newText = str(e, 'new_string', 'new_str', 'newString');
    if (oldText === undefined || newText === undefined) return undefined;
    const expected = e?.expected_replacements;
    const replaceAll = e?.replace_all === true || e?.replaceAll === true || e?.allow_multiple === true || (typeof expected === 'number' && expected > 1);
    return { oldText, newText, replaceAll };
  };
  const list = Array.isArray(args?.edits) ? args.edits.map((e) => one(obj(e))) : [one(args)];
  if (!list.length || list.some((e) => e === undefined)) return fail(`${tool} call with an edit that lacks old and new text`);
  return { ok: true, call: { kind: 'edit', tool, path, edits: list as TextEdit[], cwd } };
}

const CODEX_SHELL_TOOLS: ReadonlySet<string> = new Set(['Bash', 'exec_command', 'shell', 'shell_command', 'local_shell']);

/** Claude Code, and the same tool names in Codex and Copilot's VS Code-compatible payloads. */
function claudeTool(tool: string, args: Json | undefined, cwd: string | undefined): ParsedPayload {
  switch (tool) {
    case 'Bash':
      return shellCall(tool, args, 'bash', cwd);
    case 'Write':
      return writeCall(tool, args, cwd);
    case 'Edit':
    case 'MultiEdit':
      return editCall(tool, args, cwd);
    default:
      return { ok: true, call: { kind: 'other', tool } };
  }
}

/**
 * VS Code's agent tools, as the Copilot Chat extension names them (ToolName in
 * src/extension/tools/common/toolNames.ts of microsoft/vscode-copilot-chat at 1c52dab) and as
 * VS Code passes them to a PreToolUse hook (tool_name is the name the model called, tool_input its
 * arguments: chatHookService's executePreToolUseHook). Fixtures with their sources:
 * test/fixtures/hooks/vscode/.
 */
export const VSCODE_READ_ONLY_TOOLS: ReadonlySet<string> = new Set([
  'semantic_search', 'get_vscode_api', 'test_failure', 'file_search', 'grep_search', 'read_file', 'list_dir', 'get_errors', 'get_changed_files',
  'read_project_structure', 'search_workspace_symbols', 'list_code_usages', 'copilot_getNotebookSummary', 'read_notebook_cell_output', 'fetch_webpage',
  'test_search', 'get_project_setup_info', 'get_search_view_results', 'get_doc_info', 'github_repo', 'create_directory', 'manage_todo_list',
  'get_terminal_output', 'terminal_selection', 'terminal_last_command', 'get_task_output', 'vscode_get_confirmation', 'vscode_get_terminal_confirmation',
  'ask_questions', 'search_subagent', 'runSubagent', 'switch_agent', 'view_image',
  // New in VS Code 1.139 (ToolName in the built-in Copilot Chat 0.67.0): they read, search, ask or plan.
  'github_text_search', 'testFailure', 'vscode_get_confirmation_with_options', 'vscode_askQuestions', 'vscode_reviewPlan', 'explore_subagent',
  'tool_search', 'resolve_memory_file_uri', 'skill', 'read_page', 'screenshot_page',
]);

/**
 * VS Code 1.139's tools that change something but that Blast Radius does not read (ToolName in the
 * built-in Copilot Chat 0.67.0): they are allowed with a log line that names them, like any tool
 * the hook does not know. Listed so that a snake-case payload naming one is known as VS Code's.
 */
export const VSCODE_UNREAD_TOOLS: ReadonlySet<string> = new Set([
  'run_task', 'runTests', 'kill_terminal', 'install_extension', 'memory', 'create_new_workspace', 'create_new_jupyter_notebook', 'edit_files',
  'execution_subagent', 'session_store_sql',
  // The integrated browser's tools.
  'open_browser_page', 'navigate_page', 'click_element', 'hover_element', 'drag_element', 'type_in_page', 'handle_dialog', 'run_playwright_code',
]);

/** What an existing-code marker line looks like in insert_edit_into_file's code (`// ...existing code...`). */
const EXISTING_CODE = /^\s*(?:\/\/|#|<!--|\/\*|--|;|%)?\s*\.\.\.\s*existing code\s*\.\.\.\s*(?:-->|\*\/)?\s*$/i;

function vscodeTool(tool: string, args: Json, cwd: string | undefined): ParsedPayload {
  switch (tool) {
    case 'run_in_terminal':
      return shellCall(tool, args, defaultShell(), cwd);
    case 'create_file':
      return writeCall(tool, args, cwd);
    case 'replace_string_in_file':
      return editCall(tool, args, cwd);
    case 'multi_replace_string_in_file': {
      const list = Array.isArray(args.replacements) ? args.replacements.map((r) => obj(r)) : undefined;
      if (!list?.length) return fail(`${tool} call without a "replacements" list`);
      const calls: FileToolCall[] = [];
      for (const r of list) {
        const one = editCall(tool, r, cwd);
        if (!one.ok || one.call.kind !== 'edit') return one.ok ? fail(`${tool} call with a replacement that lacks a file path`) : one;
        calls.push(one.call);
      }
      return { ok: true, call: { kind: 'multi', tool, calls, cwd } };
    }
    case 'insert_edit_into_file': {
      const file = str(args, 'filePath');
      const code = str(args, 'code');
      if (file === undefined || code === undefined) return fail(`${tool} call without a file path and code`);
      const text = code.split('\n').filter((l) => !EXISTING_CODE.test(l)).join('\n');
      return { ok: true, call: { kind: 'insert', tool, path: file, text, cwd } };
    }
    case 'edit_notebook_file': {
      const file = str(args, 'filePath');
      if (file === undefined) return fail(`${tool} call without a file path`);
      const code = Array.isArray(args.newCode) ? args.newCode.filter((c): c is string => typeof c === 'string').join('\n') : str(args, 'newCode');
      if (args.editType === 'delete' || code === undefined) {
        return { ok: true, call: { kind: 'other', tool, note: `${tool} deletes or changes cell ${JSON.stringify(str(args, 'cellId') ?? '?')} of ${file}; a cell's old text is not read before the edit (the editor's edit watching still sees it)` } };
      }
      return { ok: true, call: { kind: 'insert', tool, path: file, text: code, cwd } };
    }
    case 'apply_patch': {
      const patch = str(args, 'input');
      return patch === undefined ? fail('apply_patch call without the patch text ("input")') : { ok: true, call: { kind: 'patch', tool, patch, cwd } };
    }
    case 'send_to_terminal': {
      // The text is typed into the terminal and Enter pressed: a command line, or the answer to a prompt.
      const text = str(args, 'command');
      return text === undefined ? fail(`${tool} call without a "command" string`) : { ok: true, call: { kind: 'shell', tool, command: text, shell: defaultShell(), cwd } };
    }
    case 'create_and_run_task':
      return taskCall(tool, args, cwd);
    case 'run_notebook_cell': {
      const file = str(args, 'filePath');
      const cellId = str(args, 'cellId');
      if (file === undefined || cellId === undefined) return fail(`${tool} call without a notebook file and cell id`);
      return { ok: true, call: { kind: 'cells', tool, path: file, cellId, cwd } };
    }
    case 'run_vscode_command':
      return editorCommandCall(tool, args, cwd);
    default: {
      // The Claude harness in VS Code, and hooks shared with Claude Code, use Claude's names.
      const claude = claudeTool(tool, args, cwd);
      if (!claude.ok || claude.call.kind !== 'other' || VSCODE_READ_ONLY_TOOLS.has(tool)) return claude;
      return { ok: true, call: { kind: 'other', tool, note: `VS Code tool ${JSON.stringify(tool)} is not one Blast Radius reads; allowed without a look` } };
    }
  }
}

/**
 * create_and_run_task's task (the tool's input schema in VS Code 1.139's createAndRunTaskTool:
 * `{ workspaceFolder, task: { label, type, command, args?, isBackground?, problemMatcher?, group? } }`),
 * written into .vscode/tasks.json as given and run by VS Code's task system: a `shell` task runs
 * `command` as a shell line with `args` after it, quoted; a `process` task runs `command` as a
 * program with `args` as its arguments. Any other type is judged by the same line (its command is
 * what the model meant to run).
 */
function taskCall(tool: string, args: Json, cwd: string | undefined): ParsedPayload {
  const task = obj(args.task);
  const command = str(task, 'command');
  if (!task || command === undefined) return fail(`${tool} call without a task command`);
  const list = Array.isArray(task.args) ? task.args : [];
  if (!list.every((a) => typeof a === 'string')) return fail(`${tool} call with task arguments that are not strings`);
  const line = task.type === 'process' ? shellJoin([command, ...list]) : list.length ? `${command} ${shellJoin(list)}` : command;
  const folder = str(args, 'workspaceFolder');
  return { ok: true, call: { kind: 'shell', tool, command: line, shell: defaultShell(), cwd: folder ?? cwd } };
}

/**
 * run_vscode_command runs an editor command by id with the model's arguments
 * (`executeCommand(commandId, ...args)`, Copilot Chat's vscodeCmdTool in VS Code 1.139). Commands
 * that run something or take protection away are judged as what they do, from the commands'
 * registrations in that version's workbench; the rest are allowed with a log line.
 */
function editorCommandCall(tool: string, args: Json, cwd: string | undefined): ParsedPayload {
  const id = str(args, 'commandId');
  if (id === undefined) return fail(`${tool} call without a "commandId"`);
  const list: unknown[] = Array.isArray(args.args) ? args.args : [];
  const shell = (command: string): ParsedPayload => ({ ok: true, call: { kind: 'shell', tool, command, shell: defaultShell(), cwd } });
  switch (id) {
    case 'workbench.action.terminal.sendSequence': {
      // Types `args.text` into the active terminal (a string argument sends nothing: the command
      // then asks the person for the text in an input box).
      const text = list.map((a) => str(obj(a), 'text')).find((t) => t !== undefined);
      if (text === undefined) return { ok: true, call: { kind: 'other', tool, note: `${tool} ${id} without a text argument: the editor asks the person for the text` } };
      // Typed text runs at a carriage return or a newline; the line is judged as it would run.
      return shell(text.replace(/\r\n?/g, '\n'));
    }
    case 'workbench.extensions.uninstallExtension': {
      const ext = list.find((a): a is string => typeof a === 'string');
      return ext === undefined ? fail(`${tool} ${id} without the extension's id`) : shell(shellJoin(['code', '--uninstall-extension', ext]));
    }
    case 'workbench.action.terminal.runSelectedText':
    case 'workbench.action.terminal.runActiveFile':
      return fail(`${tool} ${id} runs the active editor's ${id.endsWith('File') ? 'file' : 'selection'} in a terminal, which the hook cannot see`);
    case 'deleteFile':
    case 'moveFileToTrash':
      return fail(`${tool} ${id} deletes what is selected in the Explorer, which the hook cannot see`);
    default:
      return { ok: true, call: { kind: 'other', tool, note: `VS Code command ${JSON.stringify(id)} (${tool}) is not one Blast Radius reads; allowed without a look` } };
  }
}

/**
 * The tools of VS Code's agent that change files or run commands, in the names only VS Code's
 * agent uses (Claude Code's are `Bash`, `Write`, `Edit`); `apply_patch` is Codex's name too.
 */
const VSCODE_ACTING_TOOLS: ReadonlySet<string> = new Set([
  'run_in_terminal', 'create_file', 'replace_string_in_file', 'multi_replace_string_in_file', 'insert_edit_into_file', 'edit_notebook_file',
  // New in VS Code 1.139 (ToolName in the built-in Copilot Chat 0.67.0; send_to_terminal and create_and_run_task are VS Code's own tools).
  'send_to_terminal', 'create_and_run_task', 'run_notebook_cell', 'run_vscode_command',
]);

/**
 * A payload from VS Code's agent hooks. VS Code 1.110 ran the hooks itself and wrote `hookEventName`,
 * `sessionId` and `timestamp` in camel case (IHookCommandInput in microsoft/vscode's
 * hooksCommandTypes.ts). Since the Copilot Chat extension ships inside VS Code (1.139: its
 * ChatHookService.executeHook), the Local agent writes Claude Code's snake case (`hook_event_name`,
 * `session_id`, `transcript_path`, `cwd`) with its own tool names, so a snake-case payload is VS Code's
 * when it names one of VS Code's tools (`apply_patch` only for a hook that is not Codex's).
 * VS Code also runs the hooks of .claude/settings*.json and .github/hooks/*.json, so any installed
 * hook may receive one.
 */
export function isVsCodePayload(o: Record<string, unknown>, agent?: HookAgent): boolean {
  if (typeof o.tool_name !== 'string') return false;
  if (typeof o.hookEventName === 'string' && o.hook_event_name === undefined && o.session_id === undefined) return true;
  if (typeof o.hook_event_name !== 'string') return false;
  if (VSCODE_ACTING_TOOLS.has(o.tool_name) || (o.tool_name === 'apply_patch' && agent !== 'codex')) return true;
  // VS Code's other tools, in the event only VS Code and Claude Code send (Gemini CLI's read_file
  // comes in BeforeTool); Codex's view_image is its own.
  return o.hook_event_name === 'PreToolUse' && agent !== 'codex' && (VSCODE_UNREAD_TOOLS.has(o.tool_name) || VSCODE_READ_ONLY_TOOLS.has(o.tool_name));
}

/**
 * Tools of each agent that only read, search, ask or plan: allowed without a word. Any other tool
 * the hook does not judge is allowed with a log line naming it (never guessed at). From each
 * agent's tool list: Claude Code's settings docs (tools available to Claude), Codex's and Gemini
 * CLI's built-in tools, Copilot CLI's, Cline's, opencode's (packages/opencode/src/tool), and the
 * events of Windsurf's and Cursor's hooks that only read or carry the prompt.
 */
const QUIET_TOOLS: Readonly<Record<HookAgent, ReadonlySet<string>>> = {
  'claude-code': new Set(['Read', 'Glob', 'Grep', 'LS', 'WebFetch', 'WebSearch', 'TodoWrite', 'TodoRead', 'Task', 'Agent', 'NotebookRead', 'ExitPlanMode', 'BashOutput', 'ListMcpResourcesTool', 'ReadMcpResourceTool', 'AskUserQuestion']),
  codex: new Set(['update_plan', 'view_image']),
  'gemini-cli': new Set(['read_file', 'read_many_files', 'list_directory', 'glob', 'search_file_content', 'google_web_search', 'web_fetch', 'write_todos']),
  'copilot-cli': new Set(['view', 'glob', 'grep', 'web_fetch', 'report_intent', 'read_bash']),
  cline: new Set(['read_file', 'read_files', 'list_files', 'search_files', 'search_codebase', 'list_code_definition_names', 'ask_followup_question', 'ask_question', 'attempt_completion', 'plan_mode_respond', 'web_fetch', 'fetch_web_content', 'web_search', 'focus_chain']),
  opencode: new Set(['read', 'glob', 'grep', 'list', 'webfetch', 'websearch', 'codesearch', 'todowrite', 'todoread', 'task']),
  windsurf: new Set(['pre_read_code', 'pre_user_prompt']),
  cursor: new Set(['beforeReadFile', 'beforeSubmitPrompt']),
};

/** A call the hook does not judge: allowed, with a log line unless the tool only reads. */
function unjudged(agent: HookAgent, parsed: ParsedPayload): ParsedPayload {
  if (!parsed.ok || parsed.call.kind !== 'other' || parsed.call.note !== undefined || QUIET_TOOLS[agent].has(parsed.call.tool)) return parsed;
  const tool = parsed.call.tool;
  return { ...parsed, call: { kind: 'other', tool, note: `${HOOK_AGENT_NAMES[agent]} tool ${JSON.stringify(tool)} is not one Blast Radius reads; allowed without a look` } };
}

export function parsePayload(agent: HookAgent, text: string): ParsedPayload {
  if (!text.trim()) return fail('no input on stdin (expected the agent\'s hook JSON)');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail(`input is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const o = obj(raw);
  if (!o) return fail('input is not a JSON object');
  if (isVsCodePayload(o, agent)) {
    const event = str(o, 'hookEventName', 'hook_event_name');
    if (event !== 'PreToolUse') return { ...fail(`hookEventName is ${JSON.stringify(event)}; register this hook for PreToolUse`), dialect: 'vscode' };
    const args = obj(o.tool_input);
    const tool = o.tool_name as string;
    const parsed = args ? vscodeTool(tool, args, str(o, 'cwd') || undefined) : fail(`no "tool_input" object in VS Code's PreToolUse input for ${tool}`);
    return { ...parsed, dialect: 'vscode' };
  }
  const parsed = unjudged(agent, parseFields(agent, o));
  const permissionMode = str(o, 'permission_mode');
  const sessionId = str(o, 'session_id', 'sessionId', 'conversation_id');
  return { ...parsed, ...(permissionMode === undefined ? {} : { permissionMode }), ...(sessionId ? { sessionId } : {}) };
}

function parseFields(agent: HookAgent, o: Json): ParsedPayload {
  const cwd = str(o, 'cwd') || undefined;
  const event = str(o, 'hook_event_name', 'hookEventName');
  switch (agent) {
    case 'claude-code':
    case 'codex': {
      if (event !== undefined && event !== 'PreToolUse') return fail(`hook_event_name is ${JSON.stringify(event)}; register this hook for PreToolUse`);
      const tool = str(o, 'tool_name');
      if (tool === undefined) return fail('no "tool_name" in the PreToolUse input');
      const args = obj(o.tool_input);
      if (!args) return fail('no "tool_input" object in the PreToolUse input');
      if (agent === 'codex') {
        // Codex names every shell call `Bash`; the tools' own names are accepted as well.
        if (CODEX_SHELL_TOOLS.has(tool)) return shellCall(tool, args, 'bash', cwd);
        if (tool === 'apply_patch') {
          const patch = str(args, 'command', 'input', 'patch');
          return patch === undefined ? fail('apply_patch call without the patch text') : { ok: true, call: { kind: 'patch', tool, patch, cwd } };
        }
        return { ok: true, call: { kind: 'other', tool } };
      }
      return claudeTool(tool, args, cwd);
    }
    case 'gemini-cli': {
      if (event !== undefined && event !== 'BeforeTool') return fail(`hook_event_name is ${JSON.stringify(event)}; register this hook for BeforeTool`);
      const tool = str(o, 'tool_name');
      if (tool === undefined) return fail('no "tool_name" in the BeforeTool input');
      const args = obj(o.tool_input);
      if (!args) return fail('no "tool_input" object in the BeforeTool input');
      switch (tool) {
        case 'run_shell_command':
          return shellCall(tool, args, defaultShell(), cwd);
        case 'write_file':
          return writeCall(tool, args, cwd);
        case 'replace':
        case 'edit':
          return editCall(tool, args, cwd);
        default:
          return { ok: true, call: { kind: 'other', tool } };
      }
    }
    case 'copilot-cli': {
      // The VS Code-compatible form (event configured as `PreToolUse`) uses Claude's names.
      if (event === 'PreToolUse' || (o.tool_name !== undefined && o.toolName === undefined)) {
        const tool = str(o, 'tool_name');
        if (tool === undefined) return fail('no "tool_name" in the PreToolUse input');
        const args = argsOf(o.tool_input);
        if (!args) return fail('no "tool_input" object in the PreToolUse input');
        return claudeTool(tool, args, cwd);
      }
      const tool = str(o, 'toolName');
      if (tool === undefined) return fail('no "toolName" in the preToolUse input');
      const args = argsOf(o.toolArgs);
      if (!args) return fail(`"toolArgs" of ${tool} is not a JSON object`);
      switch (tool) {
        case 'bash':
          return shellCall(tool, args, 'bash', cwd);
        case 'powershell':
          return shellCall(tool, args, 'pwsh', cwd);
        case 'create':
          return writeCall(tool, args, cwd);
        case 'edit':
        case 'str_replace_editor':
          return editCall(tool, args, cwd);
        case 'apply_patch': {
          const patch = str(args, 'input', 'patch', 'command');
          return patch === undefined ? fail('apply_patch call without the patch text') : { ok: true, call: { kind: 'patch', tool, patch, cwd } };
        }
        default:
          return { ok: true, call: { kind: 'other', tool } };
      }
    }
    case 'cline':
      return clineCall(o);
    case 'opencode':
      return opencodeCall(o);
    case 'windsurf':
      return windsurfCall(o);
    case 'cursor': {
      if (event !== undefined && event !== 'beforeShellExecution') return { ok: true, call: { kind: 'other', tool: event } };
      const command = str(o, 'command');
      if (command === undefined) return fail('no "command" string in the beforeShellExecution input');
      const roots = Array.isArray(o.workspace_roots) ? o.workspace_roots.filter((r): r is string => typeof r === 'string') : [];
      return { ok: true, call: { kind: 'shell', tool: 'shell', command, shell: defaultShell(), cwd: cwd ?? roots[0] }, ...(roots[0] ? { workspace: roots[0], folders: roots } : {}) };
    }
  }
}

/**
 * Cline's PreToolUse file hook. Cline 3.x (the `cline` CLI on @cline/core) sends `hookName`
 * "tool_call" with the call in `tool_call` ({name, input}) and, for older scripts, in `preToolUse`
 * ({toolName, parameters}, every non-string value JSON-encoded); the VS Code extension's documented
 * payload has `hookName` "PreToolUse" and only `preToolUse`. Tools: run_commands, editor and
 * apply_patch (3.x); execute_command, write_to_file and replace_in_file (the extension; its
 * `diff` holds SEARCH/REPLACE blocks, src/core/edit/search-replace.ts).
 */
function clineCall(o: Json): ParsedPayload {
  const event = str(o, 'hookName');
  if (event !== undefined && event !== 'tool_call' && event !== 'PreToolUse') return fail(`hookName is ${JSON.stringify(event)}; install this hook as PreToolUse`);
  const call = obj(o.tool_call);
  const legacy = obj(o.preToolUse);
  const tool = str(call, 'name') ?? str(legacy, 'toolName');
  if (tool === undefined) return fail('no tool name in the PreToolUse input (tool_call.name or preToolUse.toolName)');
  const args = call && o.tool_call !== undefined && call.input !== undefined ? call.input : legacy?.parameters;
  const roots = Array.isArray(o.workspaceRoots) ? o.workspaceRoots.filter((r): r is string => typeof r === 'string' && r !== '') : [];
  const cwd = roots[0];
  const where = roots[0] ? { workspace: roots[0], folders: roots } : {};
  const withWhere = (p: ParsedPayload): ParsedPayload => (p.ok ? { ...p, ...where } : p);
  switch (tool) {
    case 'run_commands':
    case 'execute_command': {
      const command = clineCommands(args);
      return command === undefined ? fail(`${tool} call without its commands`) : withWhere({ ok: true, call: { kind: 'shell', tool, command, shell: defaultShell(), cwd } });
    }
    case 'editor': {
      const a = argsOf(args);
      const path = str(a, 'path');
      const newText = str(a, 'new_text');
      if (path === undefined || newText === undefined) return fail('editor call without a path and new_text');
      const line = a?.insert_line;
      const insertLine = typeof line === 'number' ? line : typeof line === 'string' && /^\d+$/.test(line) ? Number(line) : undefined;
      if (insertLine !== undefined) return withWhere({ ok: true, call: { kind: 'edit', tool, path, edits: [{ oldText: '', newText, replaceAll: false, insertLine }], cwd } });
      const oldText = str(a, 'old_text');
      // Without old_text the editor creates the file (it refuses when the file exists).
      if (oldText === undefined) return withWhere({ ok: true, call: { kind: 'write', tool, path, content: newText, cwd } });
      return withWhere({ ok: true, call: { kind: 'edit', tool, path, edits: [{ oldText, newText, replaceAll: false }], cwd } });
    }
    case 'write_to_file':
      return withWhere(writeCall(tool, argsOf(args), cwd));
    case 'replace_in_file': {
      const a = argsOf(args);
      const path = str(a, 'path');
      const diff = str(a, 'diff');
      if (path === undefined || diff === undefined) return fail('replace_in_file call without a path and diff');
      const parsed = parseSearchReplace(diff);
      if (!parsed.ok) return fail(`replace_in_file's diff cannot be read (${parsed.error})`);
      return withWhere({ ok: true, call: { kind: 'replace', tool, path, blocks: parsed.blocks, cwd } });
    }
    case 'apply_patch': {
      const patch = typeof args === 'string' ? args : str(argsOf(args), 'input', 'patch');
      return patch === undefined ? fail('apply_patch call without the patch text') : withWhere({ ok: true, call: { kind: 'patch', tool, patch, cwd } });
    }
    default:
      return { ok: true, call: { kind: 'other', tool } };
  }
}

/**
 * run_commands' input, in every shape its schema accepts (a string, a list of strings or of
 * {command, args}, {commands: …}, {command}, {cmd}), as one shell text: one command per line.
 */
function clineCommands(input: unknown): string | undefined {
  const one = (c: unknown): string | undefined => {
    if (typeof c === 'string') return c;
    const e = obj(c);
    const command = str(e, 'command', 'cmd');
    if (command === undefined) return undefined;
    const args = Array.isArray(e?.args) && e.args.every((a) => typeof a === 'string') ? (e.args) : [];
    return args.length ? shellJoin([command, ...args]) : command;
  };
  const list = (v: unknown): string | undefined => {
    const items = Array.isArray(v) ? v : [v];
    const lines = items.map(one);
    return lines.length && lines.every((l) => l !== undefined) ? lines.join('\n') : undefined;
  };
  // The legacy payload JSON-encodes a list: `{"commands": "[\"git status\"]"}`.
  const decoded = (v: unknown): unknown => {
    if (typeof v !== 'string' || !/^\s*[[{]/.test(v)) return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  };
  const v = decoded(input);
  const o = obj(v);
  if (o && 'commands' in o) return list(decoded(o.commands));
  return list(v);
}

/**
 * Windsurf's Cascade hooks (docs.windsurf.com/windsurf/cascade/hooks): every payload names its
 * event in `agent_action_name` and carries the action in `tool_info`: pre_run_command
 * `{command_line, cwd}`, pre_write_code `{file_path, edits: [{old_string, new_string}]}` (a new
 * file is one edit with an empty old_string). Other events (reads, MCP tools, prompts) are not
 * ours to judge and are let through.
 */
function windsurfCall(o: Json): ParsedPayload {
  const event = str(o, 'agent_action_name');
  if (event === undefined) return fail('no "agent_action_name" in the Cascade hook input');
  const info = obj(o.tool_info);
  if (!info) return fail(`no "tool_info" object in the ${event} input`);
  const sessionId = str(o, 'trajectory_id');
  const session = sessionId ? { sessionId } : {};
  switch (event) {
    case 'pre_run_command': {
      const command = str(info, 'command_line');
      if (command === undefined) return fail('pre_run_command input without a "command_line" string');
      const cwd = str(info, 'cwd') || undefined;
      return { ok: true, call: { kind: 'shell', tool: event, command, shell: defaultShell(), cwd }, ...session };
    }
    case 'pre_write_code': {
      const parsed = editCall(event, info, undefined);
      if (!parsed.ok) return parsed;
      // Cascade writes a new file as one edit from nothing (its write_to_file never overwrites).
      const c = parsed.call;
      if (c.kind === 'edit' && c.edits.length === 1 && c.edits[0].oldText === '') return { ok: true, call: { kind: 'write', tool: event, path: c.path, content: c.edits[0].newText }, ...session };
      return { ...parsed, ...session };
    }
    default:
      return { ok: true, call: { kind: 'other', tool: event }, ...session };
  }
}

/**
 * What our opencode plugin sends (src/node/hooks/opencode-plugin.ts): the `tool.execute.before`
 * input ({tool, sessionID, callID}) and output ({args}), and the plugin's `directory`. Tools and
 * arguments of opencode-ai 1.18: bash {command, workdir}, write {filePath, content}, edit
 * {filePath, oldString, newString, replaceAll}, apply_patch {patchText}.
 */
function opencodeCall(o: Json): ParsedPayload {
  const event = str(o, 'hook_event_name');
  if (event !== undefined && event !== 'tool.execute.before') return fail(`hook_event_name is ${JSON.stringify(event)}; the plugin answers tool.execute.before`);
  const tool = str(o, 'tool');
  if (tool === undefined) return fail('no "tool" in the tool.execute.before input');
  const args = obj(o.args);
  if (!args) return fail(`"args" of ${tool} is not a JSON object`);
  const cwd = str(o, 'cwd') || undefined;
  const worktree = str(o, 'worktree');
  const where = worktree && worktree !== '/' ? { workspace: worktree } : cwd ? { workspace: cwd } : {};
  const withWhere = (p: ParsedPayload): ParsedPayload => (p.ok ? { ...p, ...where } : p);
  switch (tool) {
    case 'bash':
      return withWhere(shellCall(tool, args, defaultShell(), cwd));
    case 'write':
      return withWhere(writeCall(tool, args, cwd));
    case 'edit':
    case 'multiedit':
      return withWhere(editCall(tool, args, cwd));
    case 'apply_patch':
    case 'patch': {
      const patch = str(args, 'patchText', 'patch', 'input');
      return patch === undefined ? fail(`${tool} call without the patch text`) : withWhere({ ok: true, call: { kind: 'patch', tool, patch, cwd } });
    }
    default:
      return { ok: true, call: { kind: 'other', tool } };
  }
}
