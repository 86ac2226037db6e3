/**
 * Turns a batch result into what `blast-radius scan` prints: JSON (1-based lines and columns),
 * SARIF 2.1.0 for code scanning, and plain text. Pure: strings and objects out.
 */
import { whereText } from '../environment/where';
import { fnv1a } from '../fnv';
import type { Decision, RuleMeta, SeverityOrNone, Strictness } from '../types';
import { EDIT_RULES } from './rules/index';
import type { BatchResult, EditFinding, Range } from './types';

export interface ReportRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** An edit finding as the report prints it: its ranges 1-based. */
export type ReportFinding = Omit<EditFinding, 'range' | 'removedRange' | 'paths'> & { range: ReportRange; removedRange?: ReportRange };

export interface ScanReport {
  tool: 'blast-radius';
  version: 1;
  decision: Decision;
  severity: SeverityOrNone;
  score: number;
  strictness: Strictness;
  /** The comparison made: `git HEAD`, `staged`, `diff FILE`. */
  source: string;
  files: {
    path: string;
    oldPath?: string;
    status: string;
    decision: Decision;
    severity: SeverityOrNone;
    score: number;
    findings: ReportFinding[];
  }[];
  /** Findings about the step as a whole (mass deletion), with the files they cover. */
  batchFindings: (ReportFinding & { folder: string; paths: string[] })[];
  summary: { files: number; findings: number; allow: number; warn: number; gate: number };
}

function oneBased(r: Range): ReportRange {
  return { startLine: r.start.line + 1, startColumn: r.start.col + 1, endLine: r.end.line + 1, endColumn: r.end.col + 1 };
}

function finding(f: EditFinding): ReportFinding {
  return {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    score: f.score,
    decision: f.decision,
    message: f.message,
    alternative: f.alternative,
    range: oneBased(f.range),
    ...(f.removedRange ? { removedRange: oneBased(f.removedRange) } : {}),
    ...(f.environment ? { environment: f.environment } : {}),
  };
}

export function toReport(batch: BatchResult, strictness: Strictness, source: string): ScanReport {
  const files = batch.files.map((r) => ({
    path: r.path,
    ...(r.oldPath ? { oldPath: r.oldPath } : {}),
    status: r.status,
    decision: r.decision,
    severity: r.severity,
    score: r.score,
    findings: r.findings.map(finding),
  }));
  const all = [...batch.files.flatMap((f) => f.findings), ...batch.findings];
  return {
    tool: 'blast-radius',
    version: 1,
    decision: batch.decision,
    severity: batch.severity,
    score: batch.score,
    strictness,
    source,
    files,
    batchFindings: batch.findings.map((f) => ({ ...finding(f), folder: f.folder, paths: f.paths })),
    summary: {
      files: files.length,
      findings: all.length,
      allow: all.filter((f) => f.decision === 'allow').length,
      warn: all.filter((f) => f.decision === 'warn').length,
      gate: all.filter((f) => f.decision === 'gate').length,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// SARIF

/** Metadata of rules that are not edit rules (command rules reported through scripts). */
export type ForeignRuleInfo = Pick<RuleMeta, 'id' | 'name' | 'summary'> & Partial<Pick<RuleMeta, 'rationale' | 'alternative' | 'severity'>>;

const LEVEL: Record<Decision, 'error' | 'warning' | 'note'> = { gate: 'error', warn: 'warning', allow: 'note' };

export interface SarifOptions {
  version?: string;
  /** Base URL of the rule docs; `<base>/<id>.md` becomes each rule's helpUri. */
  docsBase?: string;
  /** Metadata for command rules that fired inside files. */
  foreignRules?: readonly ForeignRuleInfo[];
}

function uri(path: string): string {
  return path.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
}

function region(r: ReportRange): Record<string, number> {
  return { startLine: r.startLine, startColumn: r.startColumn, endLine: r.endLine, endColumn: Math.max(r.endColumn, r.endLine === r.startLine ? r.startColumn : 1) };
}

export function toSarif(report: ScanReport, opts: SarifOptions = {}): Record<string, unknown> {
  const used = new Set<string>([...report.files.flatMap((f) => f.findings.map((x) => x.ruleId)), ...report.batchFindings.map((f) => f.ruleId)]);
  const rules: Record<string, unknown>[] = [];
  const index = new Map<string, number>();
  const addRule = (id: string, name: string, summary: string, rationale: string | undefined, alternative: string | undefined, severity: string | undefined, category: string | undefined): void => {
    if (index.has(id)) return;
    index.set(id, rules.length);
    rules.push({
      id,
      name,
      shortDescription: { text: summary },
      ...(rationale ? { fullDescription: { text: rationale } } : {}),
      help: { text: [rationale, alternative ? `Safer: ${alternative}` : undefined].filter(Boolean).join('\n\n') || summary },
      ...(opts.docsBase ? { helpUri: `${opts.docsBase.replace(/\/$/, '')}/${id}.md` } : {}),
      properties: { ...(severity ? { severity } : {}), ...(category ? { category } : {}), tags: ['security', 'blast-radius', ...(category ? [category] : [])] },
    });
  };
  for (const r of EDIT_RULES) if (used.has(r.id)) addRule(r.id, r.name, r.summary, r.rationale, r.alternative, r.severity, r.category);
  for (const r of opts.foreignRules ?? []) if (used.has(r.id)) addRule(r.id, r.name, r.summary, r.rationale, r.alternative, r.severity, undefined);
  for (const id of used) addRule(id, id.toLowerCase(), id, undefined, undefined, undefined, undefined);

  const results: Record<string, unknown>[] = [];
  for (const file of report.files) {
    for (const f of file.findings) {
      const related = f.removedRange
        ? [{ id: 1, message: { text: `removed text (lines ${f.removedRange.startLine}–${f.removedRange.endLine} of the previous version)` }, physicalLocation: { artifactLocation: { uri: uri(file.oldPath ?? file.path) }, region: region(f.removedRange) } }]
        : undefined;
      results.push({
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId),
        level: LEVEL[f.decision],
        message: { text: `${f.message}. Safer: ${f.alternative}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: uri(file.path) }, region: region(f.range) } }],
        ...(related ? { relatedLocations: related } : {}),
        // A short stable hash, so code scanning can follow a finding across commits.
        partialFingerprints: { blastRadius: fnv1a(`${f.ruleId}|${file.path}|${f.message}`) },
        properties: { severity: f.severity, score: f.score, decision: f.decision, category: f.category, status: file.status },
      });
    }
  }
  for (const f of report.batchFindings) {
    results.push({
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId),
      level: LEVEL[f.decision],
      message: { text: `${f.message}. Safer: ${f.alternative}` },
      locations: f.paths.slice(0, 10).map((p) => ({ physicalLocation: { artifactLocation: { uri: uri(p) }, region: { startLine: 1, startColumn: 1 } } })),
      partialFingerprints: { blastRadius: fnv1a(`${f.ruleId}|${f.folder}|${f.paths.length}`) },
      properties: { severity: f.severity, score: f.score, decision: f.decision, category: f.category, folder: f.folder, files: f.paths.length },
    });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Blast Radius', informationUri: 'https://example.invalid/blast-radius', ...(opts.version ? { version: opts.version, semanticVersion: opts.version } : {}), rules } },
        results,
        properties: { decision: report.decision, severity: report.severity, score: report.score, strictness: report.strictness, source: report.source },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Text

export function toText(report: ScanReport, opts: { color?: boolean; verbose?: boolean } = {}): string {
  const c = (code: string, s: string): string => (opts.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const decisionColor = (d: Decision): string => (d === 'gate' ? '31' : d === 'warn' ? '33' : '32');
  const lines: string[] = [];
  for (const file of report.files) {
    if (!file.findings.length && !opts.verbose) continue;
    lines.push(`${c('1', file.path)}${file.oldPath ? ` (from ${file.oldPath})` : ''} [${file.status}] ${c(decisionColor(file.decision), file.decision)}`);
    for (const f of file.findings) {
      const at = file.status === 'deleted' && f.removedRange ? `-${f.removedRange.startLine}` : `${f.range.startLine}:${f.range.startColumn}`;
      lines.push(`  ${at.padEnd(8)} ${c(decisionColor(f.decision), f.severity.padEnd(8))} ${f.ruleId.padEnd(8)} ${f.message}`);
      const where = whereText(f.environment);
      if (where) lines.push(`  ${''.padEnd(8)} ${''.padEnd(8)} ${''.padEnd(8)} where: ${where}`);
      lines.push(`  ${''.padEnd(8)} ${''.padEnd(8)} ${''.padEnd(8)} ${c('2', `safer: ${f.alternative}`)}`);
    }
  }
  for (const f of report.batchFindings) {
    lines.push(`${c('1', f.folder ? `${f.folder}/` : './')} [step] ${c(decisionColor(f.decision), f.decision)}`);
    lines.push(`  ${''.padEnd(8)} ${c(decisionColor(f.decision), f.severity.padEnd(8))} ${f.ruleId.padEnd(8)} ${f.message}`);
    lines.push(`  ${''.padEnd(8)} ${''.padEnd(8)} ${''.padEnd(8)} ${c('2', `safer: ${f.alternative}`)}`);
  }
  const s = report.summary;
  lines.push(
    `${lines.length ? '\n' : ''}${c(decisionColor(report.decision), report.decision.toUpperCase())}: ${s.files} file${s.files === 1 ? '' : 's'} scanned (${report.source}), ${s.findings} finding${s.findings === 1 ? '' : 's'}` +
      `${s.findings ? ` (${s.gate} gate, ${s.warn} warn, ${s.allow} allow)` : ''}; highest severity ${report.severity}, strictness ${report.strictness}`,
  );
  return `${lines.join('\n')}\n`;
}
