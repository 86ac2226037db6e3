/**
 * The emergency stop as data: the stopped-state file's text, what a stopped agent hook call is
 * told, how a judged command or edit is decided while agents are stopped, and the words of the
 * status bar, the view and the Resume dialog. The adapters do the I/O: src/node/stop-file.ts
 * reads and writes the file, src/extension/stop-agents.ts interrupts terminals and asks.
 *
 * The file only ever stops. Its presence means stopped, whatever it holds (an empty, edited or
 * unreadable file stops as well); nothing in it can resume. Only the person, in the editor's modal,
 * resumes: an agent that deletes or edits the file is reported and the editor writes it back.
 */
import type { EditFinding } from './edit/types';
import type { Decision, JudgedFinding } from './types';

/** The stopped-state file, in the user's data folder (src/node/hooks/paths.ts dataDir). */
export const STOP_FILE = 'stopped.json';

/** The reason every agent hook call is denied with while agents are stopped. */
export const STOP_REASON = 'stopped by the user';

/** The pseudo rule id of the finding an edit made while agents are stopped carries. */
export const STOP_FINDING_ID = 'STOP';

/** What the file says: when agents were stopped, and where. Informative only: presence is what stops. */
export interface StopRecord {
  /** ISO time; undefined when the file does not say (edited, emptied, unreadable). */
  since?: string;
  /** Who stopped: `editor` (the window's Stop Agents). */
  by?: string;
}

/** The file's text for a stop made now. */
export function stopFileText(record: Required<StopRecord>): string {
  return `${JSON.stringify(
    {
      stopped: true,
      since: record.since,
      by: record.by,
      note: 'Blast Radius: agents are stopped by the user. This file only ever stops: deleting or editing it does not resume. Resume in the editor (Blast Radius: Resume Agents).',
    },
    null,
    2,
  )}\n`;
}

/** Reads what the file says; never throws. Any text at all still means stopped. */
export function readStopRecord(text: string | undefined): StopRecord {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== 'object') return {};
    const o = v as Record<string, unknown>;
    return {
      ...(typeof o.since === 'string' && !Number.isNaN(Date.parse(o.since)) ? { since: o.since } : {}),
      ...(typeof o.by === 'string' ? { by: o.by.slice(0, 40) } : {}),
    };
  } catch {
    return {};
  }
}

/** Whether a text is exactly what this window wrote: anything else was changed by someone. */
export function isOwnStopText(text: string | undefined, written: string): boolean {
  return text === written;
}

function clock(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return undefined;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** What an agent is told for every tool call while stopped (its hook answers deny with this). */
export function stoppedHookMessage(record: StopRecord): string {
  const at = clock(record.since);
  return `Blast Radius: ${STOP_REASON}${at ? ` at ${at}` : ''}. Every tool call is refused until the user resumes in the editor. Stop here and wait for the user; do not retry the call or work around it.`;
}

/**
 * The decision for a judged command while stopped: anything with a finding, or that the policy would
 * warn about or gate, waits for a person; a command with no finding at all still runs.
 */
export function stoppedCommandDecision(result: { decision: Decision; findings: readonly unknown[] }): Decision {
  return result.decision !== 'allow' || result.findings.length > 0 ? 'gate' : 'allow';
}

/** The finding every agent edit, write or deletion made while stopped carries: it is held. */
export function stoppedEditFinding(since: string | undefined): EditFinding {
  const at = clock(since);
  return {
    ruleId: STOP_FINDING_ID,
    category: 'source',
    severity: 'critical',
    score: 100,
    decision: 'gate',
    message: `changed while agents are stopped${at ? ` (since ${at})` : ''}: held until you decide`,
    alternative: 'Discard it, or resume agents first (Blast Radius: Resume Agents) if the change is wanted.',
    range: { start: { line: 0, col: 0 }, end: { line: 0, col: 0 } },
  };
}

/** Whether a finding is the stop's own, not a rule's. */
export function isStopFinding(f: Pick<JudgedFinding, 'ruleId'>): boolean {
  return f.ruleId === STOP_FINDING_ID;
}

/** What happened while agents were stopped, for the Resume dialog. */
export interface StoppedMeanwhile {
  /** Commands interrupted when Stop was pressed (the lines as the terminals reported them, or the terminal names). */
  interrupted: readonly string[];
  /** Command lines the gate held while stopped, and how each ended. */
  commands: readonly { line: string; ran: boolean }[];
  /** Files whose agent changes were held. */
  files: readonly string[];
  /** Agent hook calls denied while stopped (read from the shared record). */
  hookCalls: readonly string[];
  /** Attempts to delete or edit the stopped-state file. */
  tampering: number;
}

function listed(items: readonly string[], max = 8): string[] {
  const out = items.slice(0, max).map((s) => `  • ${s.replace(/\s+/g, ' ').slice(0, 120)}`);
  if (items.length > max) out.push(`  • … and ${items.length - max} more`);
  return out;
}

/** The Resume dialog: one modal, saying what was held meanwhile. */
export function resumeDialog(record: StopRecord, m: StoppedMeanwhile): { message: string; detail: string; button: string } {
  const at = clock(record.since);
  const lines: string[] = [];
  if (m.interrupted.length) lines.push(`Interrupted when you stopped (${m.interrupted.length}):`, ...listed(m.interrupted), '');
  const refused = m.commands.filter((c) => !c.ran);
  const ran = m.commands.filter((c) => c.ran);
  if (refused.length) lines.push(`Terminal commands not run (${refused.length}):`, ...listed(refused.map((c) => c.line)), '');
  if (ran.length) lines.push(`Terminal commands you let run (${ran.length}):`, ...listed(ran.map((c) => c.line)), '');
  if (m.files.length) lines.push(`Agent changes held (${m.files.length} ${m.files.length === 1 ? 'file' : 'files'}; see Recent Events):`, ...listed(m.files), '');
  if (m.hookCalls.length) lines.push(`Agent tool calls refused (${m.hookCalls.length}):`, ...listed(m.hookCalls), '');
  if (m.tampering) lines.push(`Something tried to delete or edit the stopped state ${m.tampering} ${m.tampering === 1 ? 'time' : 'times'}; it was put back.`, '');
  if (!lines.length) lines.push('Nothing was held while agents were stopped.', '');
  lines.push('After Resume, agents run again under your usual strictness. Held changes stay held until you answer them.');
  return {
    message: `Resume agents? They were stopped${at ? ` at ${at}` : ''}.`,
    detail: lines.join('\n'),
    button: 'Resume agents',
  };
}

/** The status bar's stop item: a Stop button while agents run, an unmistakable notice while stopped. */
export function stopStatusView(stopped: boolean, record: StopRecord, heldCount: number): { text: string; tooltip: string; accessibilityLabel: string } {
  if (!stopped) {
    return { text: '$(debug-stop) Stop Agents', tooltip: 'Stop Agents: interrupt the command running in every guarded terminal, hold every further agent edit and refuse every agent tool call until you resume.', accessibilityLabel: 'Stop Agents' };
  }
  const at = clock(record.since);
  return {
    text: `$(debug-stop) AGENTS STOPPED${heldCount ? ` · ${heldCount} held` : ''}`,
    tooltip: `**Agents are stopped by you**${at ? ` since ${at}` : ''}. Risky terminal commands wait for you, agent edits are held and agent tool calls are refused. Click to resume (you will be asked).`,
    accessibilityLabel: `Agents stopped${at ? ` since ${at}` : ''}, ${heldCount} held; activate to resume`,
  };
}

/**
 * How one terminal's foreground command was interrupted. `ctrl-c`: no process table to look into
 * (Windows, or a terminal without a shell process), so Ctrl+C was typed into the terminal, as a
 * person would press it; whether the command stopped cannot be checked here.
 */
export type InterruptOutcome = 'idle' | 'interrupted' | 'terminated' | 'survived' | 'ctrl-c' | 'unknown';

/** The notification after Stop: what was interrupted, in one line. */
export function stopNotice(results: readonly { terminal: string; outcome: InterruptOutcome; ms: number }[]): string {
  const hit = results.filter((r) => r.outcome === 'interrupted' || r.outcome === 'terminated');
  const survived = results.filter((r) => r.outcome === 'survived');
  const unknown = results.filter((r) => r.outcome === 'unknown');
  const parts = [`Blast Radius: agents stopped.`];
  parts.push(hit.length ? `Interrupted the command in ${hit.map((r) => `"${r.terminal}"`).join(', ')}.` : 'No terminal was running a command.');
  if (survived.length) parts.push(`Still running after SIGINT and SIGTERM in ${survived.map((r) => `"${r.terminal}"`).join(', ')}: stop it by hand.`);
  const typed = results.filter((r) => r.outcome === 'ctrl-c');
  if (typed.length) parts.push(`Sent Ctrl+C to ${typed.map((r) => `"${r.terminal}"`).join(', ')}; this system gives no process list to check that the command stopped, so look at the terminal.`);
  if (unknown.length) parts.push(`Could not look into ${unknown.map((r) => `"${r.terminal}"`).join(', ')}.`);
  parts.push('Resume when you are ready.');
  return parts.join(' ');
}

/** The line at the top of the Blast Radius view while agents are stopped. */
export function stopViewMessage(record: StopRecord): string {
  const at = clock(record.since);
  return `⛔ AGENTS STOPPED by you${at ? ` at ${at}` : ''}. Commands with findings wait for you, agent edits are held and agent tool calls are refused until you resume (▶ in this view's title).`;
}
