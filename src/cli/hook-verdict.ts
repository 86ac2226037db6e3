/**
 * The words of an answer to an agent: which rules fired, what they would destroy and the safer
 * way, shared by the shell path (hook.ts) and the file path (hook-edit.ts, loaded on demand).
 */
import { tamperFindings } from '../core/tamper';
import type { JudgedFinding, Strictness } from '../core/types';
import { notesLine } from '../core/ui-text';
import type { Verdict } from './hook-agents';
import type { CliIo } from './io';

export interface HookEnv {
  io: CliIo;
  env: NodeJS.ProcessEnv;
  home: string;
  strictnessFlag?: string;
  /** The process the call answers for (see CliIo.caller). */
  caller: { pid: number; ppid: number };
  /** Set by the evaluators when the call would switch protection off; recorded once answered. */
  tamper?: TamperNote;
}

/** What a call that tampers with protection did, before the answer is known. */
export interface TamperNote {
  command?: string;
  path?: string;
  ruleIds: string[];
  message: string;
}

/** Notes the call when any finding is tampering (see core/tamper.ts). */
export function noteTampering(h: HookEnv, what: { command?: string; path?: string }, findings: readonly JudgedFinding[]): void {
  const t = tamperFindings(findings);
  if (!t.length) return;
  h.tamper = { ...what, ruleIds: [...new Set(t.map((f) => f.ruleId))], message: t[0].message };
}

/** A finding as the reason names it; for edits, `where` is `path:line`. */
export type HookFinding = Pick<JudgedFinding, 'ruleId' | 'severity' | 'message' | 'alternative'> & {
  score?: number;
  where?: string;
  /** For a command that runs files: what runs it (`npm run clean → package.json scripts.clean → rm -rf src`). */
  chain?: string;
};

const MAX_LISTED = 3;
const MAX_PART = 600;

export function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

/** The reason an agent shows: the rule, what it would destroy, and the safer way, per finding. */
export function reasonText(kind: 'warn' | 'gate', subject: string, findings: readonly HookFinding[], strictness: Strictness, notes?: readonly string[]): string {
  const head = kind === 'gate' ? `Blast Radius stopped this ${subject} (strictness ${strictness}):` : `Blast Radius warning for this ${subject}:`;
  const lines = findings.slice(0, MAX_LISTED).map((f) => {
    const where = f.where ? ` ${f.where}` : '';
    const safer = f.alternative ? ` Safer: ${clip(f.alternative, MAX_PART)}` : '';
    const message = clip(f.message, MAX_PART);
    const chain = f.chain ? ` Runs: ${clip(f.chain, MAX_PART)}.` : '';
    return `- ${f.ruleId} (${f.severity})${where}: ${message}${/[.!?\u2026]$/.test(message) ? '' : '.'}${chain}${safer}`;
  });
  if (findings.length > MAX_LISTED) lines.push(`- and ${findings.length - MAX_LISTED} more finding${findings.length - MAX_LISTED === 1 ? '' : 's'}.`);
  // What was not read is not judged: the agent (and the person reading its log) hears so.
  const note = notesLine(notes);
  if (note) lines.push(note);
  return [head, ...lines].join('\n');
}

export function verdictOf(decision: 'allow' | 'warn' | 'gate', subject: string, findings: readonly HookFinding[], strictness: Strictness, notes?: readonly string[], context: readonly string[] = []): Verdict {
  if (decision === 'allow') {
    // An everyday allow says nothing; one whose judgement could not read everything says so.
    // `context` only explains what was judged (every cell of a notebook): a reason's words, not an allow's.
    const note = notesLine(notes);
    return note ? { kind: 'allow', note: `Blast Radius allowed this ${subject}. ${note}` } : { kind: 'allow' };
  }
  const message = reasonText(decision, subject, findings, strictness, [...context, ...(notes ?? [])]);
  if (decision === 'warn') return { kind: 'warn', message };
  const shown = findings.slice(0, 8).map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, alternative: f.alternative, ...(f.where ? { where: f.where } : {}), ...(f.score !== undefined ? { score: f.score } : {}) }));
  return { kind: 'gate', message, strictness, findings: shown };
}

