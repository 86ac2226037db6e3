/**
 * Whether the agent run that called a hook can ask a person: ASK_MODES lists, per agent, the runs
 * and where each fact comes from, and askingIn tells which one called. A hook's own standard input
 * is always a pipe, so nothing is read from it: the answer comes from the agent's payload, the
 * environment it gave the hook, and the agent's own process (its arguments, and whether its stdin
 * and stdout are terminals), which src/node/process-tree.ts finds among the hook's parent
 * processes. `gemini -p` started from a terminal is still headless; `gemini` with no terminal is too.
 *
 * Pure: facts in, the run's ASK_MODES entry out. Where the facts do not say, the run cannot ask:
 * a gate-level call is then denied, which never hangs and is never approved by nobody.
 */
import { type OptionSpec, scanArgs, valueOf } from './shell/cli-args';
import type { Word } from './shell/model';
import { type Asking, HOOK_AGENT_NAMES, type HookAgent } from './hook-answer';

/**
 * One kind of run of an agent, and whether a hook's "ask" reaches a person there. Facts, with
 * where each comes from; askingIn below tells the runs apart, and the tests hold examples of each
 * (test/unit/hook-asking.test.ts). A run whose "ask" can wait forever or be
 * approved without a person is `asks: false`: gate-level calls are denied there.
 */
export interface AskMode {
  /** Stable id (tests and logs). */
  id: string;
  /** The run, as users start it. */
  run: string;
  asks: boolean;
  /** What the agent does with a hook's "ask" in this run. */
  effect: string;
  /** What the hook reads to tell this run from the others. */
  seen: string;
  /** Where the fact comes from: the agent's docs, its source, or a run we watched. */
  source: string;
  /** For runs that cannot ask: how to be asked instead. */
  instead?: string;
}

const CLAUDE_BIN = 'Claude Code 2.1.332 binary (sets CLAUDE_CODE_ENTRYPOINT cli or sdk-cli, CLAUDE_CODE_SESSION_ATTENDED 1 or 0, for hooks)';

export const ASK_MODES: Readonly<Record<HookAgent, readonly AskMode[]>> = {
  'claude-code': [
    {
      id: 'attended',
      run: 'an interactive session (terminal or editor panel) in default, acceptEdits or plan mode',
      asks: true,
      effect: 'it shows its permission prompt with our reason',
      seen: 'CLAUDE_CODE_SESSION_ATTENDED=1, or CLAUDE_CODE_ENTRYPOINT cli or claude-vscode; permission_mode in the payload',
      source: `https://code.claude.com/docs/en/hooks; ${CLAUDE_BIN}; watched: 2.1.332 asked "Hook PreToolUse:Bash requires confirmation"`,
    },
    {
      id: 'print',
      run: 'claude -p/--print, or with its output not on a terminal',
      asks: false,
      effect: 'nobody is there to answer its prompt',
      seen: 'CLAUDE_CODE_SESSION_ATTENDED=0 or CLAUDE_CODE_ENTRYPOINT=sdk-cli',
      source: `${CLAUDE_BIN}: print mode is -p, --print, --init-only, --sdk-url or stdout not a TTY`,
      instead: 'run claude without -p in a terminal',
    },
    {
      id: 'host',
      run: 'the Agent SDK or another host program (CLAUDE_CODE_ENTRYPOINT sdk-ts, sdk-py, remote, desktop, …, or none)',
      asks: false,
      effect: "the host program's canUseTool callback answers, and it may approve without a person",
      seen: 'CLAUDE_CODE_ENTRYPOINT other than cli, claude-vscode and sdk-cli, with no CLAUDE_CODE_SESSION_ATTENDED',
      source: 'https://code.claude.com/docs/en/agent-sdk/permissions',
    },
    {
      id: 'bypass',
      run: 'bypassPermissions mode (--dangerously-skip-permissions)',
      asks: false,
      effect: 'it skips its prompts, and 2.1.199 approved a hook\'s "ask" without asking (anthropics/claude-code#77212)',
      seen: 'permission_mode "bypassPermissions" in the payload',
      source: 'https://github.com/anthropics/claude-code/issues/77212',
      instead: 'leave bypass mode (Shift+Tab)',
    },
    {
      id: 'auto',
      run: 'auto mode',
      asks: false,
      effect: 'its classifier answers prompts, and it has approved a hook\'s "ask" without asking (anthropics/claude-code#51255, #89561; in the VS Code extension #82518)',
      seen: 'permission_mode "auto" in the payload',
      source: 'https://github.com/anthropics/claude-code/issues/89561; watched: 2.1.332 on Linux did ask',
      instead: 'switch to default mode (Shift+Tab)',
    },
    {
      id: 'no-prompts',
      run: "dontAsk mode, or a permission mode Blast Radius does not know",
      asks: false,
      effect: 'it refuses what it would ask about, or may not ask',
      seen: 'any other permission_mode in the payload',
      source: 'https://code.claude.com/docs/en/permission-modes',
      instead: 'switch to default mode (Shift+Tab)',
    },
  ],
  codex: [
    {
      id: 'any',
      run: 'every run',
      asks: false,
      effect: 'it takes allow and deny only: an "ask" is reported as unsupported and the call runs',
      seen: 'nothing needed',
      source: 'https://developers.openai.com/codex/hooks; Codex 0.171.0 binary (codex-rs hooks: "PreToolUse hook returned unsupported permissionDecision:ask")',
    },
  ],
  'gemini-cli': [
    {
      id: 'interactive',
      run: 'the terminal UI: gemini (or gemini -i …) with stdin and stdout on a terminal, no -p, not in CI',
      asks: true,
      effect: 'it shows its confirmation with our reason, even with --yolo (a hook\'s "ask" forces it)',
      seen: "the gemini process's arguments and whether its stdin and stdout are terminals (found among the hook's parent processes); CI and GITHUB_ACTIONS",
      source: 'google-gemini/gemini-cli packages/cli/src/config/config.ts (interactive), packages/core/src/scheduler/scheduler.ts (hook "ask" → ASK_USER); watched: 0.61.0',
    },
    {
      id: 'acp',
      run: 'gemini --acp (an editor drives it)',
      asks: true,
      effect: 'the editor asks the person',
      seen: '--acp or --experimental-acp among its arguments',
      source: 'google-gemini/gemini-cli packages/cli/src/config/config.ts',
    },
    {
      id: 'headless',
      run: 'headless: -p/--prompt, no terminal on stdin or stdout, or CI=true',
      asks: false,
      effect: 'nobody can answer its confirmation, and it waits forever',
      seen: "the gemini process's arguments and terminals; CI and GITHUB_ACTIONS",
      source: 'google-gemini/gemini-cli packages/core/src/utils/headless.ts, packages/core/src/scheduler/confirmation.ts; watched: 0.61.0 `gemini -p … --yolo` hung until killed',
      instead: 'run gemini without -p in a terminal',
    },
    {
      id: 'unknown',
      run: "its process is not among the hook's parents, or they cannot be read (Windows)",
      asks: false,
      effect: 'Blast Radius cannot tell whether a prompt would wait forever',
      seen: "no gemini process among the hook's parent processes",
      source: '—',
    },
  ],
  'copilot-cli': [
    {
      id: 'interactive',
      run: 'the terminal UI (copilot, copilot -i …) without allow-all',
      asks: true,
      effect: 'it shows "Do you want to allow this tool call?" with our reason',
      seen: "the copilot process's arguments and terminals; COPILOT_ALLOW_ALL",
      source: 'https://docs.github.com/en/copilot/reference/hooks-reference ("ask": the user is prompted, interactive mode); watched: 1.0.102',
    },
    {
      id: 'acp',
      run: 'copilot --acp (an editor drives it) without allow-all',
      asks: true,
      effect: 'the editor asks the person (session/request_permission)',
      seen: '--acp among its arguments',
      source: 'Copilot CLI 1.0.102 runtime (ACP permission requests)',
    },
    {
      id: 'prompt',
      run: 'copilot -p/--prompt, or a prompt piped on stdin',
      asks: false,
      effect: 'nobody can answer; 1.0.102 refuses it ("unable to ask user for confirmation")',
      seen: '-p/--prompt among its arguments, or its stdin not a terminal',
      source: 'watched: 1.0.102 `copilot -p`',
      instead: 'run copilot without -p in a terminal',
    },
    {
      id: 'allow-all',
      run: 'allow-all: --allow-all-tools, --allow-all, --yolo, or COPILOT_ALLOW_ALL=true',
      asks: false,
      effect: 'it may approve the "ask" itself: 1.0.73 ran the call unasked (voodootikigod/adlc#240)',
      seen: 'those options among its arguments, or COPILOT_ALLOW_ALL',
      source: 'https://github.com/voodootikigod/adlc/issues/240',
      instead: 'start copilot without allow-all',
    },
    {
      id: 'autopilot',
      run: 'autopilot: --autopilot or --mode autopilot',
      asks: false,
      effect: 'it answers prompts itself (denies a hook\'s "ask" since 1.0.97)',
      seen: 'those options among its arguments',
      source: 'Copilot CLI changelog 1.0.64, 1.0.97',
    },
    {
      id: 'sdk',
      run: 'copilot --headless (driven by a Copilot SDK program)',
      asks: false,
      effect: "the program's permission handler answers, and it may approve all",
      seen: '--headless among its arguments',
      source: 'https://docs.github.com/en/copilot/how-tos/copilot-sdk/use-hooks/pre-tool-use',
    },
    {
      id: 'unknown',
      run: "its process is not among the hook's parents, or they cannot be read (Windows)",
      asks: false,
      effect: 'Blast Radius cannot tell whether anyone would answer a prompt',
      seen: "no copilot process among the hook's parent processes",
      source: '—',
    },
  ],
  cursor: [
    {
      id: 'editor',
      run: 'the agent in the Cursor editor',
      asks: true,
      effect: 'it asks the person in the editor',
      seen: "no cursor-agent process among the hook's parent processes",
      source: 'https://cursor.com/docs/agent/hooks (not run here)',
    },
    {
      id: 'cli',
      run: 'cursor-agent in a terminal, without -p or --force',
      asks: true,
      effect: 'it asks the person in the terminal',
      seen: "the cursor-agent process's arguments and terminals",
      source: 'https://cursor.com/docs/cli (not run here)',
    },
    {
      id: 'cli-print',
      run: 'cursor-agent -p/--print, or without a terminal',
      asks: false,
      effect: 'nobody can answer',
      seen: '-p/--print among its arguments, or its stdin or stdout not a terminal',
      source: 'https://cursor.com/docs/cli/headless (not run here)',
      instead: 'run cursor-agent without -p in a terminal',
    },
    {
      id: 'cli-force',
      run: 'cursor-agent -f/--force/--yolo',
      asks: false,
      effect: 'it runs commands without asking',
      seen: 'those options among its arguments',
      source: 'https://cursor.com/docs/cli/reference/parameters (not run here)',
      instead: 'start cursor-agent without --force',
    },
    {
      id: 'unknown',
      run: "the hook's parent processes cannot be read (Windows)",
      asks: false,
      effect: 'Blast Radius cannot tell the editor from a headless cursor-agent',
      seen: "the hook's parent processes cannot be read",
      source: '—',
    },
  ],
  cline: [
    {
      id: 'any',
      run: 'every run (cline in a terminal, cline -y/--yolo, the VS Code extension)',
      asks: false,
      effect: 'its hook answer can only cancel the call or let it go on: there is no "ask" (a `review` field is read but never acted on)',
      seen: 'nothing needed',
      source: 'https://docs.cline.bot/features/hooks/hook-reference; cline 3.0.65 (@cline/core 0.0.86: HookOutputSchema, the tool_call hook maps cancel to stop)',
    },
  ],
  opencode: [
    {
      id: 'any',
      run: 'every run (the terminal UI, opencode run, opencode serve)',
      asks: false,
      effect: "a plugin's tool.execute.before can only let the call go on or throw; opencode's own permission prompt is not reachable from it",
      seen: 'nothing needed',
      source: 'https://opencode.ai/docs/plugins; opencode-ai 1.18.33 (tool.execute.before is triggered before the tool runs, and a throw fails the call with its message)',
    },
  ],
  windsurf: [
    {
      id: 'any',
      run: 'every Cascade run (Windsurf editor, any auto-execution level)',
      asks: false,
      effect: 'a pre-hook answers by exit code alone: 2 blocks the action and shows the agent its standard error, anything else lets it run; there is no "ask"',
      seen: 'nothing needed',
      source: 'https://docs.windsurf.com/windsurf/cascade/hooks (pre-hooks: exit code 2 blocks; output is not read as a decision)',
    },
  ],
};

/** What the hook saw of the agent's process: found among its parents, not among them, or unreadable. */
export type AgentProcess =
  | {
      kind: 'found';
      argv: readonly string[];
      /** Whether its stdin / stdout is a terminal; undefined when that could not be read. */
      stdinTty?: boolean;
      stdoutTty?: boolean;
    }
  | { kind: 'absent' }
  | { kind: 'unreadable' };

/** What the hook knows about the run that called it. */
export interface AgentRun {
  /** The environment the agent gave the hook. */
  env: Readonly<Record<string, string | undefined>>;
  /** Claude Code's `permission_mode`, from the payload. */
  permissionMode?: string;
  /** Only for the agents in READS_PROCESS. */
  process?: AgentProcess;
}

/** The agents whose runs are told apart by their process (the others by payload and environment). */
export const READS_PROCESS: ReadonlySet<HookAgent> = new Set<HookAgent>(['gemini-cli', 'copilot-cli', 'cursor']);

/** Programs that run a script named by their first non-option argument. */
const INTERPRETERS = /^(node|nodejs|bun|deno|electron)(\.exe)?$/i;

function base(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}

/** The program and, for an interpreter, its script: the words that name what a process runs. */
function programWords(argv: readonly string[]): string[] {
  if (argv.length === 0) return [];
  if (!INTERPRETERS.test(base(argv[0]))) return [argv[0]];
  const script = argv.slice(1).find((a) => !a.startsWith('-'));
  return script === undefined ? [argv[0]] : [argv[0], script];
}

/** The arguments after the program (and its script). */
function argsOf(argv: readonly string[]): string[] {
  const words = programWords(argv);
  const at = words.length === 2 ? argv.indexOf(words[1], 1) : 0;
  return argv.slice(at + 1);
}

/**
 * Whether a process is the agent itself. Gemini CLI: `gemini`, or node running …/gemini.js or a
 * script inside gemini-cli (it relaunches itself as a child node process with the same
 * arguments). Copilot CLI: its native `copilot` binary, or node running a script of
 * @github/copilot (its npm-loader.js, further up, and earlier builds). Cursor: its CLI,
 * installed as …/cursor-agent/versions/<version>/ and run by its own node.
 */
export function isAgentProcess(agent: HookAgent, argv: readonly string[]): boolean {
  const words = programWords(argv);
  switch (agent) {
    case 'gemini-cli':
      return words.some((w) => /^gemini(\.js|\.exe|\.cmd)?$/i.test(base(w)) || /[\\/]gemini-cli[\\/].*\.[cm]?js$/i.test(w));
    case 'copilot-cli':
      // The native binary (1.x), or node running the npm package's script (earlier builds).
      return (words.length === 1 && /^copilot(\.exe)?$/i.test(base(words[0]))) || words.some((w) => /[\\/]@github[\\/]copilot[\\/][^\\/]+\.[cm]?js$/i.test(w));
    case 'cursor':
      return words.some((w) => /(^|[\\/])cursor-agent([\\/]|(\.exe)?$)/i.test(w));
    default:
      return false;
  }
}

const word = (value: string): Word => ({ value, raw: value, span: { start: 0, end: 0 }, dynamic: false, glob: false, quoted: false });

/** The options an agent process was started with, read as its own parser reads them. */
function optionsOf(argv: readonly string[], spec: OptionSpec): { has: (...names: string[]) => boolean; value: (...names: string[]) => string | undefined } {
  const parsed = scanArgs(argsOf(argv).map(word), { style: 'gnu', ...spec });
  return { has: (...names) => parsed.opts.some((o) => names.includes(o.name)), value: (...names) => valueOf(parsed, ...names) };
}

/** Gemini CLI's options that take a value (packages/cli/src/config/config.ts, 0.61.0). */
const GEMINI_SPEC: OptionSpec = {
  // Only the `nargs: 1` ones take the next word whatever it is; --resume, --worktree and the
  // like leave an option that follows alone.
  shortWithValue: 'mpieo',
  withValue: [
    'model',
    'prompt',
    'prompt-interactive',
    'approval-mode',
    'policy',
    'admin-policy',
    'allowed-mcp-server-names',
    'allowed-tools',
    'extensions',
    'session-file',
    'session-id',
    'include-directories',
    'output-format',
  ],
};

/** Copilot CLI's options that take a value (`copilot --help`, 1.0.102). */
const COPILOT_SPEC: OptionSpec = {
  shortWithValue: 'ipnC',
  withValue: [
    'interactive',
    'prompt',
    'model',
    'reasoning-effort',
    'context',
    'auto-tier',
    'agent',
    'name',
    'session-id',
    'log-dir',
    'extension-sdk-path',
    'log-level',
    'stream',
    'output-format',
    'add-dir',
    'attachment',
    'disable-mcp-server',
    'add-github-mcp-toolset',
    'add-github-mcp-tool',
    'plugin-dir',
    'additional-mcp-config',
    'mcp-github-auth',
    'max-autopilot-continues',
    'mode',
    'environment-host',
    'environment-compute-id',
    'dynamic-retrieval',
    'enable-mcp-server',
    'max-ai-credits',
    'usage-output-file',
  ],
};

/** Cursor CLI's options that take a value (https://cursor.com/docs/cli/reference/parameters). */
const CURSOR_SPEC: OptionSpec = {
  shortWithValue: 'H',
  withValue: ['output-format', 'model', 'mode', 'workspace', 'api-key', 'header', 'sandbox', 'name', 'worktree-base'],
};

const TRUE = /^(1|true|yes|on)$/i;

function modeOf(agent: HookAgent, id: string): Asking {
  const mode = ASK_MODES[agent].find((m) => m.id === id);
  if (!mode) throw new Error(`no ASK_MODES entry ${agent}/${id}`);
  if (mode.asks) return { asks: true, mode: id };
  const instead = mode.instead ? ` To be asked, ${mode.instead}.` : '';
  return { asks: false, mode: id, why: `${HOOK_AGENT_NAMES[agent]} cannot ask you in this run (${mode.run}): ${mode.effect}. So Blast Radius denied the call instead of asking.${instead}` };
}

function claudeMode(run: AgentRun): string {
  const pm = run.permissionMode;
  if (pm === 'bypassPermissions') return 'bypass';
  if (pm === 'auto') return 'auto';
  if (pm !== undefined && pm !== 'default' && pm !== 'acceptEdits' && pm !== 'plan') return 'no-prompts';
  const attended = run.env.CLAUDE_CODE_SESSION_ATTENDED;
  if (attended === '1') return 'attended';
  if (attended === '0') return 'print';
  const entry = run.env.CLAUDE_CODE_ENTRYPOINT;
  if (entry === 'cli' || entry === 'claude-vscode') return 'attended';
  if (entry === 'sdk-cli') return 'print';
  return 'host';
}

/** Gemini's own rule (config.ts, headless.ts): -i and --acp are interactive; else -p, no terminal or CI is headless. */
function geminiMode(run: AgentRun, p: Extract<AgentProcess, { kind: 'found' }>): string {
  const opts = optionsOf(p.argv, GEMINI_SPEC);
  if (opts.has('acp', 'experimental-acp')) return 'acp';
  const ci = run.env.GEMINI_CLI_INTEGRATION_TEST !== 'true' && (run.env.CI === 'true' || run.env.GITHUB_ACTIONS === 'true');
  const terminal = p.stdinTty === true && p.stdoutTty === true;
  // With -i the terminal UI starts even in CI, but it still needs a person at a terminal.
  if (opts.value('i', 'prompt-interactive') !== undefined) return p.stdinTty === true ? 'interactive' : 'headless';
  const prompt = opts.has('p', 'prompt') || p.argv.some((a) => a === '-p' || a === '--prompt');
  return ci || prompt || !terminal ? 'headless' : 'interactive';
}

function copilotMode(run: AgentRun, p: Extract<AgentProcess, { kind: 'found' }>): string {
  const opts = optionsOf(p.argv, COPILOT_SPEC);
  const allowAll = run.env.COPILOT_ALLOW_ALL;
  if (opts.has('allow-all-tools', 'allow-all', 'yolo') || (allowAll !== undefined && TRUE.test(allowAll.trim()))) return 'allow-all';
  if (opts.has('autopilot') || opts.value('mode') === 'autopilot') return 'autopilot';
  if (opts.has('headless')) return 'sdk';
  if (opts.has('acp')) return 'acp';
  if (opts.has('p', 'prompt') || p.stdinTty !== true || p.stdoutTty !== true) return 'prompt';
  return 'interactive';
}

function cursorMode(p: Extract<AgentProcess, { kind: 'found' }>): string {
  const opts = optionsOf(p.argv, CURSOR_SPEC);
  if (opts.has('f', 'force', 'yolo')) return 'cli-force';
  if (opts.has('p', 'print') || p.stdinTty !== true || p.stdoutTty !== true) return 'cli-print';
  return 'cli';
}

/** Whether the run that called the hook can ask, with the ASK_MODES entry that says so. */
export function askingIn(agent: HookAgent, run: AgentRun): Asking {
  const p = run.process ?? { kind: 'unreadable' as const };
  switch (agent) {
    case 'claude-code':
      return modeOf(agent, claudeMode(run));
    case 'codex':
    case 'cline':
    case 'opencode':
    case 'windsurf':
      return modeOf(agent, 'any');
    case 'gemini-cli':
      return modeOf(agent, p.kind === 'found' ? geminiMode(run, p) : 'unknown');
    case 'copilot-cli':
      return modeOf(agent, p.kind === 'found' ? copilotMode(run, p) : 'unknown');
    case 'cursor':
      return modeOf(agent, p.kind === 'found' ? cursorMode(p) : p.kind === 'absent' ? 'editor' : 'unknown');
  }
}
