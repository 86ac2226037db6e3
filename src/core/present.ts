/**
 * The words and shapes shown to a person (and to an agent reading the same text): diagnostic
 * messages, hover text and the actions offered for a finding. Plain data; the extension turns it
 * into VS Code objects.
 */
import { whereText } from './environment/where';
import { plural } from './plain-text';
import { SEVERITY_MEANING, type Decision, type FindingEnvironment, type JudgedFinding, type RuleMeta, type Strictness } from './types';

export type DiagnosticLevel = 'error' | 'warning' | 'information' | 'hint';

/** Gate-level findings are errors, warn-level warnings; allowed ones are hints so they stay quiet. */
export function diagnosticLevel(d: Decision): DiagnosticLevel {
  return d === 'gate' ? 'error' : d === 'warn' ? 'warning' : 'hint';
}

/**
 * One line for the Problems panel: what would be destroyed, where a command written into the file
 * would act (the "Where:" of the confirm dialog and of check), the score, the safer way.
 */
export function diagnosticMessage(f: Pick<JudgedFinding, 'severity' | 'score' | 'message' | 'alternative'> & { environment?: FindingEnvironment }, attribution?: string): string {
  const who = attribution && attribution !== 'typed' ? ` (${attribution})` : '';
  const where = whereText(f.environment);
  return `${f.message}${who}${where ? ` Where: ${where}.` : ''} [score ${f.score}, ${f.severity}] Safer: ${f.alternative}`;
}

/**
 * Why a finding matters, as the hover and an event's details say it: its rule's own rationale,
 * or, for a finding without a rule (the stop's), what its severity means.
 */
export function whyItMatters(f: Pick<JudgedFinding, 'severity'>, rule?: Pick<RuleMeta, 'rationale'>): string {
  return rule?.rationale ?? SEVERITY_MEANING[f.severity];
}

export interface HoverOptions {
  /** How the change happened, when it was not typed. */
  attribution?: string;
  /** The rule's metadata: its rationale says why the finding matters. */
  rule?: Pick<RuleMeta, 'rationale'>;
  /**
   * Whether to repeat the finding's message. Over the flagged range VS Code shows the diagnostic
   * itself beside the hover, so the hover says only what the diagnostic does not.
   */
  withMessage?: boolean;
}

/**
 * Markdown for a hover over a flagged line: the finding's decision, made at `strictness`; why it
 * matters (the rule's own rationale, or the severity's meaning for a finding without a rule); the
 * safer way; how it happened; the rule's documentation.
 */
export function hoverMarkdown(f: Pick<JudgedFinding, 'ruleId' | 'severity' | 'score' | 'decision' | 'message' | 'alternative'> & { environment?: FindingEnvironment }, strictness: Strictness, docsUrl: string, opts: HoverOptions = {}): string {
  const lines = [`**Blast Radius** · \`${f.ruleId}\` · score **${f.score}**/100 · ${f.severity} · ${f.decision === 'gate' ? 'needs confirmation' : f.decision === 'warn' ? 'warning' : 'allowed'} at *${strictness}*`];
  if (opts.withMessage) {
    lines.push('', f.message);
    const where = whereText(f.environment);
    if (where) lines.push('', `*Where:* ${where}`);
  }
  lines.push('', `*Why it matters:* ${whyItMatters(f, opts.rule)}`, '', `*Safer:* ${f.alternative}`);
  if (opts.attribution && opts.attribution !== 'typed') lines.push('', `*How it happened:* ${opts.attribution}`);
  lines.push('', `[Rule documentation](${docsUrl})`);
  return lines.join('\n');
}

export type FindingActionKind = 'revert' | 'accept' | 'allow-rule-here' | 'show-diff' | 'show-docs';

export interface FindingAction {
  kind: FindingActionKind;
  title: string;
  /** The revert is the preferred fix: it is what the light bulb offers first. */
  preferred?: boolean;
}

/** A file the flagged change created: reverting the change deletes it. */
export interface CreatedFile {
  /** Workspace-relative path. */
  path: string;
  /** Its lines now. */
  lines: number;
}

/** Lines of a text as an editor counts what is in it: a final newline does not start another line. */
export function textLines(text: string): number {
  if (!text) return 0;
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

/**
 * What reverting a change that created a file says, everywhere it is offered: the action's title,
 * the confirmation (message, detail, button) and the log line. It deletes the file, and says so;
 * the copy kept for Restore is what makes it safe.
 */
export function newFileRevertWords(file: CreatedFile): { title: string; message: string; detail: string; button: string; log: string } {
  const what = `new file ${file.path} (${plural(file.lines, 'line')})`;
  return {
    title: `Revert: delete ${what}`,
    message: `Revert: delete ${what}?`,
    detail: 'The flagged change created this file, so reverting it deletes the file. A copy is kept: Restore in Recent Events brings it back while the copy lasts.',
    button: 'Delete File',
    log: `Revert: deleted ${what}; a copy is kept for Restore in Recent Events`,
  };
}

/** The standard actions for a finding on an edit; commands have no diff or revert. */
export function findingActions(f: Pick<JudgedFinding, 'ruleId'>, opts: { canRevert: boolean; canDiff: boolean; created?: CreatedFile }): FindingAction[] {
  const out: FindingAction[] = [];
  if (opts.canRevert) out.push({ kind: 'revert', title: opts.created ? newFileRevertWords(opts.created).title : 'Revert this change (Blast Radius)', preferred: true });
  out.push({ kind: 'accept', title: `Accept this change (mark ${f.ruleId} reviewed)` });
  out.push({ kind: 'allow-rule-here', title: `Allow ${f.ruleId} in this file` });
  if (opts.canDiff) out.push({ kind: 'show-diff', title: 'Show diff against the last known version' });
  out.push({ kind: 'show-docs', title: `Show documentation for ${f.ruleId}` });
  return out;
}
