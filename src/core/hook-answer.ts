/**
 * How each agent's pre-tool hook is answered: allow, warn, ask or deny, in that agent's own JSON.
 * Pure: a verdict in, the text to print out. The CLI's hook (src/cli/hook-agents.ts reads the
 * agents' input) and the launchers (which must answer even when the CLI is gone) share it.
 *
 * "Allow" is answered as "no objection": we never tell an agent to skip its own permission
 * prompt, because Blast Radius judges destructiveness only and a command it finds harmless may
 * still be one the user wants to approve (network access, reading secrets). "Warn" adds the
 * finding as a visible message. "Gate" asks (a human confirms in the agent's own prompt) at
 * relaxed and balanced strictness, denies at strict and paranoid, and denies wherever the agent
 * cannot ask: Codex, Cline, opencode and Windsurf never can, and the others cannot in the runs ASK_MODES lists (headless, print
 * mode, modes that approve an "ask" by themselves; src/core/hook-asking.ts). Input we cannot read
 * gets the same "ask" (or deny) answer, never an allow.
 */
import type { Strictness } from './types';

export const HOOK_AGENTS = ['claude-code', 'codex', 'gemini-cli', 'copilot-cli', 'cursor', 'cline', 'opencode', 'windsurf'] as const;
export type HookAgent = (typeof HOOK_AGENTS)[number];

/** The agents' names, as their makers write them. */
export const HOOK_AGENT_NAMES: Readonly<Record<HookAgent, string>> = {
  'claude-code': 'Claude Code',
  codex: 'Codex CLI',
  'gemini-cli': 'Gemini CLI',
  'copilot-cli': 'GitHub Copilot CLI',
  cursor: 'Cursor',
  cline: 'Cline',
  opencode: 'opencode',
  windsurf: 'Windsurf',
};

export function isHookAgent(v: unknown): v is HookAgent {
  return typeof v === 'string' && (HOOK_AGENTS as readonly string[]).includes(v);
}

/**
 * Whether an agent can ask in some run: Codex never can. Which runs can is ASK_MODES
 * (src/core/hook-asking.ts), with the source of each fact; a test holds the two together.
 */
export const CAN_ASK: Readonly<Record<HookAgent, boolean>> = {
  'claude-code': true,
  codex: false,
  'gemini-cli': true,
  'copilot-cli': true,
  cursor: true,
  cline: false,
  opencode: false,
  windsurf: false,
};

/** Whether the agent can ask in the run that called the hook (src/core/hook-asking.ts). */
export interface Asking {
  asks: boolean;
  /** The ASK_MODES id of the run. */
  mode: string;
  /** For a run that cannot ask: one sentence for the reason the agent shows. */
  why?: string;
}

/** A finding as the editor's dialog shows it (core/gate/hook-editor.ts). */
export interface VerdictFinding {
  ruleId: string;
  severity: string;
  message: string;
  alternative: string;
  where?: string;
  score?: number;
}

/** The answer to one call: `allow` and `warn` let it run, `ask` and `deny` stop it. */
export type Verdict =
  /**
   * `note`: what the judgement could not cover (following's budget ran out). An allow with a note
   * is said through the agent's channel for a message that decides nothing (Claude Code's
   * `systemMessage`), never as a decision that would skip the agent's own prompt; without one it
   * stays silent.
   */
  | { kind: 'allow'; note?: string }
  | { kind: 'warn'; message: string }
  | { kind: 'gate'; message: string; strictness: Strictness; findings?: readonly VerdictFinding[] }
  | { kind: 'invalid'; message: string }
  /** Refused whatever the agent or run: agents are stopped by the user (src/core/stop.ts). */
  | { kind: 'deny'; message: string };

export interface HookAnswer {
  stdout: string;
  /** What goes to standard error as the answer itself (Windsurf reads a block's reason there). */
  stderr?: string;
  exitCode: number;
  /** What the agent will do: for tests and logs. */
  action: 'allow' | 'warn' | 'ask' | 'deny';
}

/** What a gate-level call gets; `asks` is whether the agent can ask in this run (by default: in some run). */
export function gateAction(agent: HookAgent, strictness: Strictness, asks = CAN_ASK[agent]): 'ask' | 'deny' {
  if (!asks) return 'deny';
  return strictness === 'strict' || strictness === 'paranoid' ? 'deny' : 'ask';
}

function json(v: unknown): string {
  return `${JSON.stringify(v)}\n`;
}

function claudeDecision(decision: 'ask' | 'deny', reason: string): string {
  return json({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision, permissionDecisionReason: reason } });
}

/**
 * The agent's answer to a verdict. `asking` is what the hook found out about this run
 * (src/core/hook-asking.ts); without it, an agent that can ask in some run is asked. Where the
 * run cannot ask, "ask" becomes deny and the reason says why.
 */
export function answerFor(agent: HookAgent, verdict: Verdict, asking?: Asking): HookAnswer {
  // Whether this verdict asks where the agent can ask; then whether this run can.
  const wouldAsk = verdict.kind === 'invalid' ? CAN_ASK[agent] : verdict.kind === 'gate' && gateAction(agent, verdict.strictness) === 'ask';
  const cannotAsk = wouldAsk && asking?.asks === false;
  const action: HookAnswer['action'] = verdict.kind === 'allow' ? 'allow' : verdict.kind === 'warn' ? 'warn' : wouldAsk && !cannotAsk ? 'ask' : 'deny';
  const message = verdict.kind === 'allow' ? (verdict.note ?? '') : cannotAsk && asking?.why ? `${verdict.message}\n${asking.why}` : verdict.message;
  const done = (stdout: string): HookAnswer => ({ stdout, exitCode: 0, action });
  // An allow with a note is answered in the words of a warning, and stays an allow.
  if (action === 'allow' && message) return { ...answerFor(agent, { kind: 'warn', message }), action };
  switch (agent) {
    case 'claude-code':
      if (action === 'allow') return done('');
      if (action === 'warn') return done(json({ systemMessage: message, hookSpecificOutput: { hookEventName: 'PreToolUse', additionalContext: message } }));
      return done(claudeDecision(action, message));
    case 'codex':
      if (action === 'allow') return done('');
      if (action === 'warn') return done(json({ systemMessage: message }));
      // Codex cannot ask: everything that is not allowed is denied.
      return done(claudeDecision('deny', message));
    case 'gemini-cli':
      if (action === 'allow') return done('{}\n');
      if (action === 'warn') return done(json({ systemMessage: message }));
      if (action === 'ask') return done(json({ decision: 'ask', reason: message, systemMessage: message }));
      return done(json({ decision: 'deny', reason: message }));
    case 'copilot-cli':
      if (action === 'allow') return done('');
      // A progress line is shown in the CLI's timeline and never reaches the decision parser.
      if (action === 'warn') return done(json({ type: 'progress', message }));
      return done(json({ permissionDecision: action, permissionDecisionReason: message }));
    case 'cursor':
      if (action === 'allow') return done('{}\n');
      if (action === 'warn') return done(json({ user_message: message, agent_message: message, userMessage: message, agentMessage: message }));
      return done(json({ permission: action, user_message: message, agent_message: message, userMessage: message, agentMessage: message }));
    case 'cline':
      // Cline's hook output (HookOutputSchema in @cline/core): `cancel` stops the call with
      // `errorMessage`; `contextModification` is added to the conversation. It has no "ask".
      if (action === 'allow') return done(json({ cancel: false }));
      if (action === 'warn') return done(json({ cancel: false, contextModification: message }));
      return done(json({ cancel: true, errorMessage: message }));
    case 'opencode':
      // Our own plugin reads this (src/node/hooks/opencode-plugin.ts): deny makes it throw with the reason.
      if (action === 'allow') return done('{}\n');
      if (action === 'warn') return done(json({ decision: 'warn', message }));
      return done(json({ decision: 'deny', reason: message }));
    case 'windsurf':
      // Cascade's pre-hooks answer by exit code alone: 2 blocks the action and hands standard
      // error to the agent; anything else lets it run, with the output shown (show_output).
      if (action === 'allow') return done('');
      if (action === 'warn') return done(`${message}\n`);
      return { stdout: '', stderr: `${message}\n`, exitCode: 2, action };
  }
}
