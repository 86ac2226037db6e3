/**
 * The words of the extension's own surfaces: the status bar, the strictness quick pick, the
 * terminal notifications and the read-only event details. Plain data in, plain text out; the
 * adapter turns it into VS Code objects.
 */
import { DECISION_TABLE, strictnessRank } from './policy';
import { whereText } from './environment/where';
import { plainCode } from './plain-text';
import { whyItMatters } from './present';
import { capitalizeFirst } from './sentence-case';
import { type FindingEnvironment, type JudgedFinding, type RuleMeta, STRICTNESS_LEVELS, type Decision, type Severity, type SeverityOrNone, type Strictness } from './types';

/** The URI scheme of the read-only event details documents. */
export const EVENT_DETAILS_SCHEME = 'blast-radius-event';

export const STRICTNESS_LABEL: Readonly<Record<Strictness, string>> = {
  off: 'Off',
  relaxed: 'Relaxed',
  balanced: 'Balanced',
  strict: 'Strict',
  paranoid: 'Paranoid',
};

const SEVERITY_WORDS: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** One line saying what a level does, read from the decision table so it can never drift. */
export function strictnessMeaning(level: Strictness): string {
  const row = DECISION_TABLE[level];
  const gate = SEVERITY_WORDS.filter((s) => row[s] === 'gate');
  const warn = SEVERITY_WORDS.filter((s) => row[s] === 'warn');
  if (!gate.length && !warn.length) return 'No warnings, no confirmations: Blast Radius only records.';
  if (gate.length === SEVERITY_WORDS.length) return 'Asks before everything that has a finding, even low.';
  const parts: string[] = [];
  if (gate.length) parts.push(`asks before ${joinWords(gate)}`);
  if (warn.length) parts.push(`warns on ${joinWords(warn)}`);
  const text = parts.join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** `14:32` (minutes:seconds) or `1:02:03` past an hour; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

export interface StatusInput {
  /** The effective strictness without the pause (user value tightened by the workspace). */
  strictness: Strictness;
  /** Flagged events still waiting for a decision. */
  openCount: number;
  /** When a pause ends (ms since epoch); 0 or past when not paused. */
  pausedUntilMs: number;
  now: number;
  /** The user's own level when a workspace raised it; shown so the user knows why. */
  userStrictness?: Strictness;
}

export interface StatusView {
  text: string;
  /** Markdown. */
  tooltip: string;
  /** Protection is off or paused: the item gets the warning background. */
  warning: boolean;
  accessibilityLabel: string;
}

export function statusBarView(input: StatusInput): StatusView {
  const paused = input.pausedUntilMs > input.now;
  const label = STRICTNESS_LABEL[input.strictness];
  const left = formatCountdown(input.pausedUntilMs - input.now);
  const text = paused ? `$(debug-pause) Paused ${left}` : `$(shield) ${label} · ${input.openCount}`;
  const lines: string[] = [];
  if (paused) lines.push(`**Blast Radius is paused** for another ${left}; nothing is scored until then. Click to resume.`);
  else if (input.strictness === 'off') lines.push('**Blast Radius is off**: nothing is warned about or held.');
  else lines.push(`**Blast Radius** · strictness **${label}**`);
  if (input.userStrictness && input.userStrictness !== input.strictness) {
    lines.push('', `Your setting is ${STRICTNESS_LABEL[input.userStrictness]}; this workspace asks for ${label}. A workspace may tighten protection, never loosen it.`);
  }
  lines.push('', `${input.openCount} flagged ${input.openCount === 1 ? 'event waits' : 'events wait'} for a decision.`, '');
  lines.push('| Level | What it does |', '|---|---|');
  for (const level of STRICTNESS_LEVELS) {
    const name = level === input.strictness ? `**${STRICTNESS_LABEL[level]}** (current)` : STRICTNESS_LABEL[level];
    lines.push(`| ${name} | ${strictnessMeaning(level)} |`);
  }
  // TODO(#4): list the agents whose hooks and shims are installed, once the installer reports them.
  lines.push('', 'Click to change the level or pause protection.');
  const accessibilityLabel = paused ? `Blast Radius paused, ${left} left` : `Blast Radius strictness ${label}, ${input.openCount} open`;
  return { text, tooltip: lines.join('\n'), warning: paused || input.strictness === 'off', accessibilityLabel };
}

export type StrictnessPickItem =
  | { kind: 'level'; level: Strictness; label: string; description?: string; detail: string; current: boolean }
  | { kind: 'pause' | 'resume'; label: string; detail: string };

export interface StrictnessPickInput {
  /** The user's own value (`inspect().globalValue`), or undefined for the default. */
  user?: Strictness;
  /** The strictest workspace or folder value, if any. */
  workspace?: Strictness;
  paused: boolean;
  pausedUntilMs: number;
  now: number;
  pauseMinutes: number;
}

/** The five levels (the user's current one marked) and the pause or resume entry. */
export function strictnessPickItems(input: StrictnessPickInput): StrictnessPickItem[] {
  const user = input.user ?? 'balanced';
  const items: StrictnessPickItem[] = STRICTNESS_LEVELS.map((level) => {
    const current = level === user;
    let detail = strictnessMeaning(level);
    if (input.workspace && strictnessRank(input.workspace) > strictnessRank(level)) {
      detail += ` This workspace asks for ${STRICTNESS_LABEL[input.workspace]}, so ${STRICTNESS_LABEL[input.workspace]} stays in force here (a workspace may tighten).`;
    }
    const label = `${current ? '$(check) ' : '$(blank) '}${STRICTNESS_LABEL[level]}`;
    const description = current ? (input.user ? 'current' : 'current (default)') : level === 'off' ? 'no protection' : undefined;
    return description ? { kind: 'level', level, label, description, detail, current } : { kind: 'level', level, label, detail, current };
  });
  if (input.paused) {
    items.push({ kind: 'resume', label: '$(debug-start) Resume protection', detail: `Paused for another ${formatCountdown(input.pausedUntilMs - input.now)}.` });
  } else {
    items.push({ kind: 'pause', label: `$(debug-pause) Pause protection for ${input.pauseMinutes} minutes…`, detail: 'Nothing is scored until it resumes by itself; asks for confirmation first.' });
  }
  return items;
}

/** A command line on one line, cut to `max` characters. */
export function shortCommand(command: string, max = 80): string {
  const one = command.replace(/\s*\n\s*/g, ' ⏎ ').replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, Math.max(1, max - 1))}…`;
}

/** The warning shown when a gate-level command starts in a terminal. */
export function commandNotificationText(command: string, top: Pick<JudgedFinding, 'ruleId' | 'score' | 'message' | 'alternative'> & { chain?: string }, more: number): string {
  const others = more > 0 ? ` (+${more} more finding${more === 1 ? '' : 's'})` : '';
  const chain = top.chain ? ` Runs: ${top.chain.length > 160 ? `${top.chain.slice(0, 159)}…` : top.chain}.` : '';
  return `Blast Radius: "${shortCommand(command, 60)}" started in a terminal. ${plainCode(sentence(top.message))}${chain} [${top.ruleId}, score ${top.score}]${others} Safer: ${plainCode(top.alternative)}`;
}

/** The summary for commands that arrived while a warning was already on screen. */
export function coalescedNotificationText(count: number, latest: string): string {
  return `Blast Radius: ${count} more risky command${count === 1 ? '' : 's'} started in terminals (latest: "${shortCommand(latest, 50)}"). See Recent Events.`;
}

/** The quieter status-bar flash for warn-level events. */
export function flashText(label: string, ruleId: string, score: number): string {
  return `$(warning) ${shortCommand(label, 40)} · ${ruleId} ${score}`;
}

/** A finding message as a sentence: capitalised, one final full stop. */
function sentence(s: string): string {
  return `${capitalizeFirst(s.trim().replace(/\.$/, ''))}.`;
}

export interface EventDetails {
  kind: string;
  /** Already formatted for the reader's locale. */
  when: string;
  command?: string;
  file?: string;
  files?: string[];
  cwd?: string;
  score: number;
  severity: SeverityOrNone;
  decision: Decision;
  status: string;
  exitCode?: number;
  attribution: string;
  /** Each finding; a command's says where its command acts, when it acts somewhere in particular; `chain`: what the command runs that does it (`npm run clean → package.json scripts.clean → rm -rf src`). */
  findings: (Pick<JudgedFinding, 'ruleId' | 'severity' | 'score' | 'decision' | 'message' | 'alternative'> & { environment?: FindingEnvironment; chain?: string })[];
  /** Links to each rule's documentation, by rule id. */
  docs?: Record<string, string>;
  /** What the judgement could not cover (see `notesLine`). */
  notes?: readonly string[];
  /** Each rule's metadata, by rule id: its rationale says why a finding matters (as the hover does). */
  rules?: Record<string, Pick<RuleMeta, 'rationale'> | undefined>;
}

const DECISION_WORDS: Readonly<Record<Decision, string>> = { gate: 'needs confirmation', warn: 'warning', allow: 'allowed' };

/** A fence longer than any run of backticks in the text, so a command cannot break out of it. */
function fence(text: string, lang: string): string {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const f = '`'.repeat(Math.max(3, longest + 1));
  return `${f}${lang}\n${text}\n${f}`;
}

/** Escapes a value for a markdown table cell. */
function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ').replace(/([*_`[\]<>])/g, '\\$1');
}

/** How an event ended, in a title's words (the status of a check is its own sentence). */
const STATUS_TITLE: Readonly<Record<string, string>> = {
  open: 'waiting for you',
  held: 'held for your answer',
  accepted: 'accepted',
  reverted: 'reverted',
  allowed: 'allowed',
  ran: 'ran',
  blocked: 'not run',
  restored: 'restored',
  kept: 'kept',
  finished: 'finished',
};

/**
 * The human title of an event's details: what it was and how it ended ("rm -rf src · not run",
 * "infra/db.tf · reverted", "30 files · restored"). It names the details tab, so it has no `/`.
 */
export function eventTitle(e: Pick<EventDetails, 'kind' | 'command' | 'file' | 'files' | 'status' | 'exitCode'>): string {
  const what = e.command !== undefined ? shortCommand(e.command, 50) : e.files && e.files.length > 1 ? `${e.files.length} files` : (e.file ?? 'a change');
  const how = e.status === 'finished' && e.exitCode !== undefined ? `exit ${e.exitCode}` : (STATUS_TITLE[e.status] ?? e.status);
  // A path's slashes would make folders of the tab's name: the fraction slash looks the same.
  return `${what} · ${how}`.replace(/\//g, '\u2044');
}

/** The read-only markdown document for one event: what ran, what was found, what is safer. */
export function eventDetailsMarkdown(e: EventDetails): string {
  const kind = e.kind === 'command' ? 'Terminal command' : e.kind === 'batch' ? 'Batch of changes' : e.kind === 'delete' ? 'Deletion' : e.kind === 'disk-write' ? 'Change on disk' : 'Edit';
  const out: string[] = [`# ${cell(eventTitle(e).replace(/\u2044/g, '/'))}`, '', `Blast Radius · ${kind}`, ''];
  if (e.command !== undefined) out.push(fence(e.command, 'bash'), '');
  out.push('| | |', '|---|---|');
  out.push(`| When | ${cell(e.when)} |`);
  if (e.file) out.push(`| File | ${cell(e.file)} |`);
  if (e.cwd) out.push(`| Directory | ${cell(e.cwd)} |`);
  out.push(`| Score | ${e.score}/100 (${e.severity}) |`);
  out.push(`| Decision | ${DECISION_WORDS[e.decision]} |`);
  out.push(`| Status | ${cell(e.status)}${e.exitCode !== undefined ? `, exit code ${e.exitCode}` : ''} |`);
  if (e.attribution) out.push(`| How | ${cell(e.attribution)} |`);
  if (e.files && e.files.length > 1) {
    out.push('', '## Files', '');
    for (const f of e.files.slice(0, 200)) out.push(`- ${cell(f)}`);
    if (e.files.length > 200) out.push(`- … and ${e.files.length - 200} more`);
  }
  out.push('', '## Findings', '');
  if (!e.findings.length) out.push('No findings.');
  const note = notesLine(e.notes);
  if (note) out.push(`*${cell(note)}*`, '');
  for (const f of e.findings) {
    const docs = e.docs?.[f.ruleId];
    out.push(`### ${docs ? `[${f.ruleId}](${docs})` : f.ruleId} · ${f.severity} · score ${f.score} · ${DECISION_WORDS[f.decision]}`, '');
    out.push(f.message, '');
    if (f.chain) out.push(`*How it runs:* ${cell(f.chain)}`, '');
    const where = whereText(f.environment);
    if (where) out.push(`*Where:* ${where}`, '');
    out.push(`*Why it matters:* ${whyItMatters(f, e.rules?.[f.ruleId])}`, '');
    out.push(`*Safer:* ${f.alternative}`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/**
 * What a judgement could not cover that is no finding (following what the line runs stopped when
 * its budget ran out: see CommandResult.notes), as one short line for every place a result is
 * shown in words (the confirm dialog, an agent hook's reason, an event's hover and details, the
 * check's verdict); undefined when there is nothing to say.
 */
export function notesLine(notes: readonly string[] | undefined, max = 240): string | undefined {
  if (!notes?.length) return undefined;
  const one = notes.map((n) => n.replace(/\s+/g, ' ').trim()).filter(Boolean).join(' ');
  if (!one) return undefined;
  return `Note: ${one.length > max ? `${one.slice(0, max - 1)}…` : one}`;
}

/** The one-line verdict of "Check a Command Line…". */
export function verdictText(command: string, decision: Decision, score: number, strictness: Strictness, top?: Pick<JudgedFinding, 'ruleId' | 'message' | 'alternative'> & { chain?: string }, notes?: readonly string[]): string {
  const head = `"${shortCommand(command, 60)}" at ${STRICTNESS_LABEL[strictness]}: `;
  const note = notesLine(notes);
  if (!top) return `${head}allowed, nothing found.${note ? ` ${note}` : ''}`;
  const what = decision === 'gate' ? 'needs confirmation' : decision === 'warn' ? 'warning' : 'allowed';
  return `${head}${what}, score ${score}. ${top.ruleId}: ${sentence(top.message)}${top.chain ? ` Runs: ${top.chain}.` : ''} Safer: ${top.alternative}${note ? ` ${note}` : ''}`;
}
