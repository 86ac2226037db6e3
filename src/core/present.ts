/**
 * The words and shapes shown to a person (and to an agent reading the same text): diagnostic
 * messages, hover text and the actions offered for a finding. Plain data; the extension turns it
 * into VS Code objects.
 */
import { whereText } from './environment/where';
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
  lines.push('', `*Why it matters:* ${opts.rule?.rationale ?? SEVERITY_MEANING[f.severity]}`, '', `*Safer:* ${f.alternative}`);
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

/** The standard actions for a finding on an edit; commands have no diff or revert. */
export function findingActions(f: Pick<JudgedFinding, 'ruleId'>, opts: { canRevert: boolean; canDiff: boolean }): FindingAction[] {
  const out: FindingAction[] = [];
  if (opts.canRevert) out.push({ kind: 'revert', title: 'Revert this change (Blast Radius)', preferred: true });
  out.push({ kind: 'accept', title: `Accept this change (mark ${f.ruleId} reviewed)` });
  out.push({ kind: 'allow-rule-here', title: `Allow ${f.ruleId} in this file` });
  if (opts.canDiff) out.push({ kind: 'show-diff', title: 'Show diff against the last known version' });
  out.push({ kind: 'show-docs', title: `Show documentation for ${f.ruleId}` });
  return out;
}
