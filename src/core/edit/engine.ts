/**
 * The edit engine: a file change (or a whole step of changes) in, scored findings out. Pure and
 * synchronous; scores come only from policy.scoreOf and decisions only from policy.decide, so
 * edits and commands share one severity model and one strictness table.
 */
import { applyOverride, decide, DEFAULT_POLICY, pathAllowed, type Policy, scoreOf } from '../policy';
import { maxSeverity, type ScoreContext, type Severity, type SeverityOrNone } from '../types';
import { survivingLine } from './diff';
import type { BatchMatch, BatchRule, EditMatch, EditRule } from './rule';
import { isProductionPath } from './rules/helpers';
import { EDIT_RULES, rulesForPath } from './rules/index';
import { modelOfText } from './rules/tf-model';
import { dirname, looksBinary } from './text';
import type { BatchFinding, BatchResult, BatchView, EditContext, EditFinding, EditResult, FileChange, Range } from './types';
import { FileView } from './view';

export interface EditOptions {
  policy?: Policy;
  ctx?: EditContext;
  now?: Date;
  /** Rules to run instead of all of them (tests use this to run one rule). */
  rules?: readonly EditRule[];
}

const BINARY_RULE = 'EDT005';

/** Scores one file change. `before` undefined means added, `after` undefined means deleted. */
export function evaluateEdit(change: FileChange, opts: EditOptions = {}): EditResult {
  const policy = opts.policy ?? DEFAULT_POLICY;
  const ctx = withProduction(opts.ctx ?? {}, policy);
  const view = new FileView(change, ctx);
  const raw = collect(view, opts.rules);
  return finishEdit(view, raw, policy, ctx, opts.now ?? new Date());
}

/** The context the rules see: the caller's, and what the policy declares production (for commands written into files). */
function withProduction(ctx: EditContext, policy: Policy): EditContext {
  return policy.production ? { ...ctx, production: policy.production } : ctx;
}

/** Scores the deletion of one file. */
export function evaluateDeletion(path: string, before: string, opts: EditOptions = {}): EditResult {
  return evaluateEdit({ path, before, after: undefined }, opts);
}

interface RawMatch {
  rule: EditRule;
  match: EditMatch;
}

function collect(view: FileView, only?: readonly EditRule[]): RawMatch[] {
  const out: RawMatch[] = [];
  const rules = only ? only.filter((r) => rulesForPath(view.lowerPath).includes(r)) : rulesForPath(view.lowerPath);
  const binary = looksBinary(view.before) || looksBinary(view.after);
  for (const rule of rules) {
    // Batch rules judge the whole step in evaluateBatch.
    if (rule.batch) continue;
    // Binary and oversized files are judged only by the edit-level rules.
    if ((binary || view.tooLarge) && !rule.id.startsWith('EDT')) continue;
    if (binary && rule.id !== BINARY_RULE && rule.id !== 'EDT002') continue;
    let matches: EditMatch[];
    try {
      matches = rule.check(view);
    } catch (e) {
      // A rule bug must not let a change through silently.
      matches = [{ severity: 'medium', message: `rule ${rule.id} (${rule.name}) failed on this file: ${String(e).slice(0, 200)}`, category: 'unanalyzable', afterSpan: { start: 0, end: 0 } }];
    }
    for (const match of matches) out.push({ rule, match });
  }
  return out;
}

function finishEdit(view: FileView, raw: RawMatch[], policy: Policy, ctx: EditContext, now: Date): EditResult {
  const findings: EditFinding[] = [];
  const seen = new Set<string>();
  const baseContext = scoreContext(view.path, ctx);
  for (const { rule, match } of raw) {
    const ruleId = match.ruleId ?? rule.id;
    const declared: Severity = match.severity ?? rule.severity;
    const severity = applyOverride(ruleId, declared, policy.rules, policy.floors);
    if (!severity) continue;
    if (pathAllowed(policy, view.path, ruleId, ctx.workspace, now)) continue;
    const { range, removedRange } = locate(view, match);
    const key = `${ruleId}:${range.start.line}:${range.start.col}:${match.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const context = mergeContext(baseContext, match.context);
    findings.push({
      ruleId,
      category: match.category ?? rule.category,
      severity,
      score: scoreOf(severity, context),
      decision: decide(severity, policy.strictness),
      message: match.message,
      alternative: match.alternative ?? rule.alternative,
      range,
      ...(removedRange ? { removedRange } : {}),
      ...(match.environment ? { environment: match.environment } : {}),
    });
  }
  findings.sort((a, b) => b.score - a.score || a.range.start.line - b.range.start.line || a.ruleId.localeCompare(b.ruleId));
  let severity: SeverityOrNone = 'none';
  for (const f of findings) severity = maxSeverity(severity, f.severity);
  const d = view.diff;
  return {
    path: view.path,
    ...(view.oldPath ? { oldPath: view.oldPath } : {}),
    status: view.status,
    score: findings.length ? Math.max(...findings.map((f) => f.score)) : 0,
    severity,
    decision: decide(severity, policy.strictness),
    findings,
    stats: { added: d.added, removed: d.removed },
  };
}

function locate(view: FileView, m: EditMatch): { range: Range; removedRange?: Range } {
  const removedRange = m.beforeSpan && view.before ? view.index('before').range(m.beforeSpan.start, m.beforeSpan.end) : undefined;
  if (view.status === 'deleted') return { range: zero(), removedRange };
  if (m.afterSpan) return { range: view.index('after').range(m.afterSpan.start, m.afterSpan.end), removedRange };
  if (removedRange) {
    const idx = view.index('after');
    const line = survivingLine(view.diff, removedRange.start.line, idx.lineCount);
    return { range: idx.lineCount ? idx.lineRange(line) : zero(), removedRange };
  }
  return { range: zero() };
}

function zero(): Range {
  return { start: { line: 0, col: 0 }, end: { line: 0, col: 0 } };
}

function scoreContext(path: string, ctx: EditContext): ScoreContext {
  const out: ScoreContext = {};
  if (isProductionPath(path)) out.scope = ['production'];
  if (ctx.gitBranch && ctx.defaultBranch) out.branch = ctx.gitBranch === ctx.defaultBranch ? 'default' : 'feature';
  return out;
}

function mergeContext(a: ScoreContext, b: ScoreContext | undefined): ScoreContext {
  if (!b) return a;
  return { ...a, ...b, scope: [...new Set([...(a.scope ?? []), ...(b.scope ?? [])])] };
}

// ---------------------------------------------------------------------------------------------
// Batches

const MAX_BATCH_FILES = 100_000;

/**
 * Scores every file an agent changed in one step, with what the other files say (a resource
 * moved from one .tf file to another is not a removal), and scores mass deletion as one event.
 */
export function evaluateBatch(changes: readonly FileChange[], opts: EditOptions = {}): BatchResult {
  const policy = opts.policy ?? DEFAULT_POLICY;
  const now = opts.now ?? new Date();
  const list = changes.slice(0, MAX_BATCH_FILES);
  const batch = batchView(list);
  const ctx: EditContext = { ...withProduction(opts.ctx ?? {}, policy), batch };
  const files: EditResult[] = [];
  const views: FileView[] = [];
  for (const change of list) {
    const view = new FileView(change, ctx);
    views.push(view);
    files.push(finishEdit(view, collect(view, opts.rules), policy, ctx, now));
  }
  const findings: BatchFinding[] = [];
  for (const rule of opts.rules ?? EDIT_RULES) if (rule.batch) findings.push(...finishBatch(rule, views, policy, ctx, now));
  let severity: SeverityOrNone = 'none';
  let score = 0;
  for (const f of [...files, ...findings]) {
    severity = maxSeverity(severity, f.severity);
    score = Math.max(score, f.score);
  }
  return { score, severity, decision: decide(severity, policy.strictness), files, findings };
}

const TF_ADDRESS = /^[ \t]*(resource|data|module)[ \t]+"([^"\n]+)"(?:[ \t]+"([^"\n]+)")?/gm;

function batchView(changes: readonly FileChange[]): BatchView {
  const terraformAddresses = new Map<string, Set<string>>();
  const terraformMoved = new Map<string, Set<string>>();
  const terraformForgotten = new Map<string, Set<string>>();
  const afterTexts: string[] = [];
  let pruneEnabled = false;
  const add = (m: Map<string, Set<string>>, k: string, v: string): void => {
    let s = m.get(k);
    if (!s) m.set(k, (s = new Set()));
    s.add(v);
  };
  for (const c of changes) {
    if (typeof c.after !== 'string' || c.after.length > 2 * 1024 * 1024 || looksBinary(c.after)) continue;
    afterTexts.push(c.after);
    const lower = String(c.path).toLowerCase();
    const folder = dirname(String(c.path).replace(/\\/g, '/').replace(/^\.\//, ''));
    if (!pruneEnabled && /\bprune:\s*true\b/.test(c.after)) pruneEnabled = true;
    if (lower.endsWith('.tf') || lower.endsWith('.tofu')) {
      for (const m of c.after.matchAll(TF_ADDRESS)) {
        if (m[1] === 'module') add(terraformAddresses, folder, `module.${m[2]}`);
        else if (m[3]) add(terraformAddresses, folder, `${m[1] === 'data' ? 'data.' : ''}${m[2]}.${m[3]}`);
      }
    }
    if ((lower.endsWith('.tf') || lower.endsWith('.tf.json')) && /\b(moved|removed)\b/.test(c.after)) {
      const model = modelOfText(c.after, lower.endsWith('.json'));
      for (const mv of model.moved) add(terraformMoved, folder, mv.from);
      for (const r of model.removed) if (r.forget) add(terraformForgotten, folder, r.from);
      if (lower.endsWith('.json')) for (const a of model.byAddress.keys()) add(terraformAddresses, folder, a);
    }
  }
  return { terraformAddresses, terraformMoved, terraformForgotten, afterTexts, pruneEnabled, changes };
}

/** Runs one batch rule over the step and scores what it reports, as finishEdit does per file. */
function finishBatch(rule: BatchRule, views: readonly FileView[], policy: Policy, ctx: EditContext, now: Date): BatchFinding[] {
  let matches: BatchMatch[];
  try {
    matches = rule.check(views, ctx);
  } catch (e) {
    // A rule bug must not let a step through silently.
    const severity = applyOverride(rule.id, 'medium', policy.rules, policy.floors);
    if (!severity) return [];
    return [{ ruleId: rule.id, category: 'unanalyzable', severity, score: scoreOf(severity), decision: decide(severity, policy.strictness), message: `rule ${rule.id} (${rule.name}) failed on this step: ${String(e).slice(0, 200)}`, alternative: rule.alternative, range: zero(), paths: views.map((v) => v.path), folder: '' }];
  }
  const out: BatchFinding[] = [];
  for (const m of matches) {
    const severity = applyOverride(rule.id, m.severity, policy.rules, policy.floors);
    if (!severity) continue;
    if (m.paths.every((p) => pathAllowed(policy, p, rule.id, ctx.workspace, now))) continue;
    out.push({
      ruleId: rule.id,
      category: rule.category,
      severity,
      score: scoreOf(severity, m.context),
      decision: decide(severity, policy.strictness),
      message: m.message,
      alternative: m.alternative ?? rule.alternative,
      range: zero(),
      paths: m.paths,
      folder: m.folder,
    });
  }
  return out;
}
