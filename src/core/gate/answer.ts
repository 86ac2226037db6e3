/**
 * From the engine's decision to what the terminal hears, and the words of the confirmation dialog.
 * The decision itself comes from the one policy table (via the engine); nothing here re-decides.
 */
import { chainText } from '../follow/chain';
import type { CommandResult, Finding } from '../types';
import type { GateAnswer } from './protocol';
import { oneLine } from './protocol';
import { whereText } from '../environment/where';
import { plainCode, plural } from '../plain-text';
import { capitalizeFirst } from '../sentence-case';
import { notesLine } from '../ui-text';

/** The person's answer in the dialog. */
export type ConfirmChoice = 'dont-run' | 'run-once' | 'always-allow';

/** How a gate-level request ended. Everything but run-once and always-allow means the command does not run. */
export type ConfirmOutcome =
  | ConfirmChoice
  /** Escape or the dialog's close button. */
  | 'dismissed'
  /** Nobody answered within the timeout. */
  | 'timeout'
  /** Too many commands already wait for a person. */
  | 'queue-full'
  /** The same command in the same folder was just refused. */
  | 'cooldown'
  /** The caller went away (Ctrl-C) before it was asked. */
  | 'abandoned';

export const BUTTON_TITLES: Readonly<Record<ConfirmChoice, string>> = {
  'dont-run': "Don't run",
  'run-once': 'Run once',
  'always-allow': 'Always allow here',
};

export interface DialogButton {
  choice: ConfirmChoice;
  title: string;
  /** The safe answer: VS Code then shows no extra Cancel button and Escape picks it. */
  isCloseAffordance: boolean;
}

export interface ConfirmDialog {
  message: string;
  detail: string;
  buttons: DialogButton[];
}

export interface DialogContext {
  cwd?: string;
  /** Where the command comes from, in words: `typed in terminal "bash"`, `run by a script (rm)`. */
  origin?: string;
  timeoutSeconds: number;
  /** The clock time the wait ends, as the person's clock shows it ("14:05:09"). */
  until?: string;
  /** The workspace an "always allow" entry would be limited to; without one the button is not offered. */
  workspace?: string;
  /** The dialog's question, for what is not a command line (an agent's file change): "make this change?" */
  question?: string;
  /** Why this cannot be allowed for good, when it never can (an agent's file change). */
  notAllowable?: string;
}

/** The answer when no person is needed; undefined for a gate decision. */
export function immediateAnswer(result: CommandResult): GateAnswer | undefined {
  if (result.decision === 'allow') return { verdict: 'allow' };
  if (result.decision === 'warn') {
    const top = result.findings[0];
    const chain = top ? chainText(result.command, top, 200) : undefined;
    return { verdict: 'warn', reason: top ? `${top.ruleId}: ${top.message}${chain ? ` Runs: ${chain}` : ''}` : 'warning' };
  }
  return undefined;
}

/**
 * An exact-command allow entry is matched literally unless it contains `*`, which the allow-list
 * reads as a wildcard: `rm -rf build/*` would then also allow `rm -rf build/ ~`. Such lines can
 * be run once but never allowed for good.
 */
export function canAlwaysAllow(line: string): boolean {
  return line.trim().length > 0 && !line.includes('*');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function topSummary(f: Finding | undefined): string {
  return f ? `${f.ruleId} (${f.severity}, score ${f.score}): ${sentence(f.message)}` : 'no finding';
}

/** `s` ending in one full stop (or its own ! ? …). */
export function sentence(s: string): string {
  const t = s.trim();
  return /[.!?\u2026]$/.test(t) ? t : `${t}.`;
}

function shortLine(line: string, max: number): string {
  const one = line.replace(/\s*\n\s*/g, ' ⏎ ').replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

/** An outcome that means the command does not run. */
export type Refusal = Exclude<ConfirmOutcome, 'run-once' | 'always-allow'>;

/** How the person (or nobody) refused it, as the terminal, the event and the log say it. */
const REFUSED_BY: Readonly<Record<'dont-run' | 'dismissed' | 'timeout', (timeoutSeconds: number) => string>> = {
  'dont-run': () => "You answered Don't run in the editor.",
  // Cancel, Escape and closing the dialog are the same answer as Don't run, and said as what they were.
  dismissed: () => "The dialog was dismissed in the editor (Cancel, Escape or closing it), which is the same as Don't run.",
  timeout: (s) => `Nobody confirmed it in the editor within ${s} s, which counts as Don't run.`,
};

const WHY: Readonly<Record<Refusal, (timeoutSeconds: number, previous?: 'dont-run' | 'dismissed' | 'timeout') => string>> = {
  ...REFUSED_BY,
  'queue-full': () => 'Too many commands are already waiting for a confirmation in the editor.',
  cooldown: (s, previous) =>
    previous === 'dismissed'
      ? "The dialog for this same command was dismissed a moment ago (the same as Don't run); wait a few seconds to be asked again."
      : previous === 'timeout'
        ? `Nobody confirmed this same command within ${s} s a moment ago; wait a few seconds to be asked again.`
        : "You answered Don't run to this same command a moment ago; wait a few seconds to be asked again.",
  abandoned: () => 'The command stopped waiting before anyone was asked.',
};

/**
 * How a refusal is said in the log, the audit trail and the event ("dismissed: "rm -rf src" was not
 * run (the same as Don't run)"): never "answered Don't run" for a dialog nobody answered.
 */
export function refusalSummary(command: string, outcome: Refusal, previous?: 'dont-run' | 'dismissed' | 'timeout'): string {
  const what = `"${shortLine(command, 120)}" was not run`;
  switch (outcome) {
    case 'dont-run':
      return `answered Don't run: ${what}`;
    case 'dismissed':
      return `dismissed: ${what} (the same as Don't run)`;
    case 'timeout':
      return `no answer in time: ${what} (counts as Don't run)`;
    case 'queue-full':
      return `refused: ${what}; too many commands were waiting for a confirmation`;
    case 'cooldown':
      return `refused: ${what}; the same command was ${previous === 'dismissed' ? 'dismissed' : previous === 'timeout' ? 'left unanswered' : "answered Don't run"} a moment ago`;
    case 'abandoned':
      return `the command stopped waiting (interrupted): ${what}`;
  }
}

/**
 * The one line the terminal prints when a command is refused: the command, the rule, what it
 * would destroy, the safer alternative and why it did not run. An agent reads this.
 */
export function refusalReason(result: CommandResult, outcome: Refusal, timeoutSeconds: number, previous?: 'dont-run' | 'dismissed' | 'timeout'): string {
  const top = result.findings[0];
  const safer = top ? ` Safer: ${sentence(top.alternative)}` : '';
  const chain = top ? chainText(result.command, top, 300) : undefined;
  return oneLine(`not run: "${shortLine(result.command, 120)}" — ${topSummary(top)}${chain ? ` Runs: ${chain}.` : ''}${safer} ${WHY[outcome](timeoutSeconds, previous)}`);
}

export function answerForOutcome(result: CommandResult, outcome: ConfirmOutcome, timeoutSeconds: number, previous?: 'dont-run' | 'dismissed' | 'timeout'): GateAnswer {
  if (outcome === 'run-once' || outcome === 'always-allow') return { verdict: 'confirmed' };
  return { verdict: 'deny', reason: refusalReason(result, outcome, timeoutSeconds, previous) };
}

/**
 * Why the line can be run once but not allowed for good, or undefined when Always allow may be
 * offered. A critical finding, production, a `*` in the line and no workspace are each a reason.
 */
export function alwaysAllowRefusal(result: CommandResult, workspace: string | undefined): string | undefined {
  if (result.findings.some((f) => f.environment?.production)) return 'It acts on production, so it can be run once but not allowed for good.';
  if (result.findings.some((f) => f.severity === 'critical')) return 'It is critical, so it can be run once but not allowed for good.';
  if (!canAlwaysAllow(result.command)) return 'This command contains *, so it can be run once but not allowed for good.';
  if (!workspace) return 'It runs outside any workspace folder, so it can be run once but not allowed for good.';
  return undefined;
}

/**
 * What an Always allow entry covers, in words for the dialog and the note that confirms it:
 * `"npm run clean" run without asking in /w, but only while the files it runs stay as they are now`.
 */
export function alwaysAllowScope(result: CommandResult, workspace: string): string {
  const bound: string[] = [];
  // Modals show text as it is: the label's `code` quotes become plain quotes.
  const where = plainCode(whereText(result.findings.find((f) => f.environment?.key && f.environment.label)?.environment) ?? '');
  if (where) bound.push(`it acts on ${where}`);
  if (result.chain) bound.push('the files it runs stay as they are now');
  return `"${shortLine(result.command, 80)}" run without asking in ${workspace}${bound.length ? `, but only while ${bound.join(' and ')}` : ''}`;
}

/** A refusal that needs no engine result (an oversized or unreadable request). */
export function plainRefusal(why: string): GateAnswer {
  return { verdict: 'deny', reason: oneLine(`not run: ${why}`) };
}

/** The modal: the command, the score, what it would destroy, the safer alternative, three buttons. */
export function confirmDialog(result: CommandResult, ctx: DialogContext): ConfirmDialog {
  const top = result.findings[0];
  const lines: string[] = [shortLine(result.command, 400)];
  const where = [ctx.cwd ? `in ${ctx.cwd}` : '', ctx.origin ?? ''].filter(Boolean).join(', ');
  if (where) lines.push(`(${where})`);
  lines.push('');
  const env = environmentLine(result);
  if (top) {
    lines.push(`Score ${result.score} · ${top.severity} · ${top.ruleId}`);
    if (env) lines.push(env);
    // A line the engine could not read through destroys nothing it can name: say what could not be checked.
    lines.push(`${top.category === 'unanalyzable' ? 'What could not be checked' : 'What it would destroy'}: ${plainCode(sentence(top.message))}`);
    // A line that runs a file (npm run clean) shows the way there: the file, its line, the text.
    const chain = chainText(result.command, top);
    if (chain) lines.push(`How it runs: ${chain}`);
    lines.push(`Safer: ${plainCode(sentence(top.alternative))}`);
  }
  const others = result.findings.slice(1, 4);
  for (const f of others) {
    const chain = chainText(result.command, f, 200);
    lines.push(`Also ${f.ruleId} (${f.severity}): ${plainCode(sentence(f.message))}${chain ? ` (${chain})` : ''}`);
  }
  if (result.findings.length > 4) lines.push(`…and ${plural(result.findings.length - 4, 'more finding')}.`);
  const note = notesLine(result.notes);
  if (note) lines.push(note);
  lines.push('');
  const refusal = ctx.notAllowable ?? alwaysAllowRefusal(result, ctx.workspace);
  const allowable = refusal === undefined;
  if (refusal) lines.push(refusal);
  else lines.push(`Always allow here lets ${alwaysAllowScope(result, ctx.workspace!)}.`);
  // VS Code cannot close a modal for us: the dialog says when the wait ends rather than that it waits.
  const deadline = ctx.until ? `by ${ctx.until} (${ctx.timeoutSeconds} s)` : `within ${ctx.timeoutSeconds} s`;
  lines.push(`Escape, closing this dialog or no answer ${deadline} all count as Don't run. An answer after that runs nothing.`);
  // Don't run comes first and is the dialog's primary button, so a reflexive Enter does not run the
  // command. It is not the close affordance: VS Code's own Cancel (Escape, closing) sits beside
  // it and is the same answer. Marked as the close affordance, VS Code 1.100 would make Run once
  // the primary button (the one Enter picks) instead. Always allow, the widest answer, comes last
  // and is not offered for critical findings at all.
  const buttons: DialogButton[] = [
    { choice: 'dont-run', title: BUTTON_TITLES['dont-run'], isCloseAffordance: false },
    { choice: 'run-once', title: BUTTON_TITLES['run-once'], isCloseAffordance: false },
  ];
  if (allowable) buttons.push({ choice: 'always-allow', title: BUTTON_TITLES['always-allow'], isCloseAffordance: false });
  return {
    message: `Blast Radius: ${ctx.question ?? 'run this command?'} ${top ? `${capitalize(top.severity)} risk, score ${result.score}. ` : ''}${ctx.until ? `It waits for your answer until ${ctx.until}.` : `It waits at most ${ctx.timeoutSeconds} s for your answer.`}`,
    detail: lines.join('\n'),
    buttons,
  };
}

/**
 * Where the line acts, for the dialog: "Where: production — kube context `prod-eu-1`, namespace
 * `payments`", or what could not be told. Undefined when no finding's command acts anywhere in
 * particular.
 */
export function environmentLine(result: CommandResult): string | undefined {
  const withEnv = result.findings.filter((f) => f.environment);
  // Production first, then what could not be told, then any target.
  const f = withEnv.find((x) => x.environment!.production) ?? withEnv.find((x) => x.environment!.unknown?.length) ?? withEnv.find((x) => x.environment!.label);
  const where = whereText(f?.environment);
  // Shown in the modal, which renders no markdown: the label's code spans become quotes.
  return where ? `Where: ${plainCode(where)}` : undefined;
}

/**
 * The words of the non-modal note for a warn decision (the command runs). The note stays on screen
 * after the command ended, so it says what was done ("let … run"), never that it "is running".
 */
export function warnNotificationText(result: CommandResult, origin?: string): string {
  const top = result.findings[0];
  const chain = top ? chainText(result.command, top, 160) : undefined;
  const note = notesLine(result.notes);
  return oneLine(`Blast Radius: let "${shortLine(result.command, 60)}"${origin ? ` (${origin})` : ''} run with a warning. ${top ? `${plainCode(capitalizeFirst(sentence(top.message)))}${chain ? ` Runs: ${chain}.` : ''} [${top.ruleId}, score ${top.score}]` : ''}${note ? ` ${note}` : ''}`);
}
