/**
 * Findings as the watchers keep and show them: which ones deserve a diagnostic, where it goes
 * (engine ranges clamped to the text the editor has now), what it says, and which findings a
 * position in the editor falls on. Plain data; the extension turns it into VS Code objects.
 */
import { diagnosticLevel, diagnosticMessage, type DiagnosticLevel } from '../present';
import { diffLines, formerLine } from '../edit/diff';
import { LineIndex } from '../edit/text';
import type { BatchResult, EditFinding, EditResult, Range } from '../edit/types';
import type { Decision, JudgedFinding, Severity } from '../types';

/** Findings worth showing: allowed ones stay silent (they would only be noise). */
export function shownFindings(findings: readonly EditFinding[]): EditFinding[] {
  return findings.filter((f) => f.decision !== 'allow');
}

/**
 * The shown findings of a batch: `findings` has the batch-wide ones (`wide`) first, then each
 * file's with its path; `byPath` has each file's own.
 */
export function batchFindings(result: BatchResult): { findings: EditFinding[]; wide: EditFinding[]; byPath: Map<string, EditFinding[]> } {
  const wide = shownFindings(result.findings);
  const findings = [...wide];
  const byPath = new Map<string, EditFinding[]>();
  for (const file of result.files) {
    const shown = shownFindings(file.findings);
    if (!shown.length) continue;
    byPath.set(file.path, shown);
    for (const f of shown) findings.push({ ...f, paths: [file.path] });
  }
  return { findings, wide, byPath };
}

/** The highest score and strongest decision of a set of findings. */
export function summarize(findings: readonly Pick<JudgedFinding, 'score' | 'severity' | 'decision'>[]): { score: number; severity: Severity | 'none'; decision: Decision } {
  let score = 0;
  let severity: Severity | 'none' = 'none';
  let decision: Decision = 'allow';
  const rank = { none: 0, low: 1, medium: 2, high: 3, critical: 4 } as const;
  for (const f of findings) {
    if (f.score > score) score = f.score;
    if (rank[f.severity] > rank[severity]) severity = f.severity;
    if (f.decision === 'gate' || (f.decision === 'warn' && decision === 'allow')) decision = f.decision;
  }
  return { score, severity, decision };
}

export interface DiagnosticData {
  ruleId: string;
  level: DiagnosticLevel;
  message: string;
  range: Range;
  /** Where the removed text was in the baseline, when the finding is about removed text. */
  removedRange?: Range;
}

/** Diagnostic data for a finding of a file change. `lineLengths(line)` answers for the current text. */
export function diagnosticData(f: EditFinding, attribution: string | undefined, lineCount: number, lineLength: (line: number) => number): DiagnosticData {
  const out: DiagnosticData = {
    ruleId: f.ruleId,
    level: diagnosticLevel(f.decision),
    message: diagnosticMessage(f, attribution),
    range: clampRange(f.range, lineCount, lineLength),
  };
  if (f.removedRange) out.removedRange = f.removedRange;
  return out;
}

/**
 * Where findings on the current text point in the last known version: the line that stood where
 * a finding's first line is now (the whole line), so related information opens the baseline at
 * the change rather than at line 1. The diff is made once for all findings of a file.
 */
export function baselinePointer(before: string, after: string): (afterLine: number) => Range {
  const idx = new LineIndex(before);
  const diff = diffLines(before, after);
  return (afterLine) => {
    const line = formerLine(diff, afterLine, idx.lineCount);
    return { start: { line, col: 0 }, end: { line, col: idx.lineText(line).length } };
  };
}

const ZERO: Range = { start: { line: 0, col: 0 }, end: { line: 0, col: 0 } };

/** Keeps a range inside a text of `lineCount` lines (an empty text still has line 0). */
export function clampRange(r: Range, lineCount: number, lineLength: (line: number) => number): Range {
  const last = Math.max(0, lineCount - 1);
  const pos = (p: { line: number; col: number }): { line: number; col: number } => {
    if (p.line > last) return { line: last, col: lineLength(last) };
    const line = Math.max(0, p.line);
    return { line, col: Math.max(0, Math.min(p.col, lineLength(line))) };
  };
  const start = pos(r.start);
  let end = pos(r.end);
  if (end.line < start.line || (end.line === start.line && end.col < start.col)) end = start;
  // An empty range at the start of a line shows nothing; widen it to the line.
  if (end.line === start.line && end.col === start.col) end = { line: start.line, col: Math.max(start.col, lineLength(start.line)) };
  return { start, end };
}

/** Findings whose range covers the line (hovers answer for the whole line), highest score first. */
export function findingsOnLine<F extends { range?: Range; score: number }>(findings: readonly F[], line: number): F[] {
  return findings
    .filter((f) => {
      const r = f.range ?? ZERO;
      return line >= r.start.line && line <= Math.max(r.end.line, r.start.line);
    })
    .sort((a, b) => b.score - a.score);
}

/** Shown findings of a single-file result. */
export function fileFindings(result: EditResult): EditFinding[] {
  return shownFindings(result.findings);
}
