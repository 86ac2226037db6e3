/**
 * What several cloud rules share.
 */
import { kindName } from '../../plain-text';
import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { looksProduction, optionValues, optionWords, productionContext, raised, shown, switchValue, targetAssignments } from '../cli-options';
import { type CloudCall, cloudCall, type CloudTool, matchPath } from '../cloud-cli';
import { type RuleMatch, spanFromProgram, type Trigger } from '../rule';

export interface Refinement {
  severity?: Severity;
  /** Added to the message: `with no final snapshot`. */
  note?: string;
  /** Extra words to include in the span. */
  words?: Word[];
}

/** One destructive cloud operation: which command path, how bad, and where its target's name is. */
export interface CloudOp {
  tool: CloudTool;
  /** Command path after the program: `rds delete-db-instance`, `sql instances delete`. */
  path: string;
  severity: Severity;
  /** What it does, as a verb phrase: `deletes the RDS database instance`. */
  what: string;
  /** Options that hold the target's name (aws, az). gcloud names are the positionals after the path. */
  name?: readonly string[];
  /** Narrows the severity from the options; null means nothing would be destroyed. */
  refine?: (c: CloudCall) => Refinement | null | undefined;
}

const AZ_NAME = ['name', 'n'];

export function on(c: CloudCall, name: string): boolean {
  return switchValue(c.args, name) === true;
}

export function words(c: CloudCall, ...names: string[]): Word[] {
  return optionWords(c.args, ...names);
}

function targetName(c: CloudCall, op: CloudOp, at: number): { name?: string; nameWords: Word[] } {
  if (c.tool === 'gcloud') {
    const names = c.positionals.slice(at);
    return { name: names.length ? names.map((w) => shown(w.value)).join(', ') : undefined, nameWords: names };
  }
  const opts = op.name ?? (c.tool === 'az' ? AZ_NAME : []);
  const values = optionValues(c.args, ...opts);
  return { name: values.length ? values.map((v) => shown(v)).join(', ') : undefined, nameWords: optionWords(c.args, ...opts) };
}

/** Matches the call against a table of operations and reports the first that applies. */
export function matchOps(cmd: SimpleCommand, ops: readonly CloudOp[]): RuleMatch | undefined {
  const c = cloudCall(cmd);
  if (!c || c.inert) return undefined;
  for (const op of ops) {
    if (op.tool !== c.tool) continue;
    const path = op.path.split(' ');
    const at = matchPath(c, path);
    if (at === -1) continue;
    const refined = op.refine ? op.refine(c) : undefined;
    if (refined === null) return undefined;
    const { name, nameWords } = targetName(c, op, at);
    const prod = looksProduction(name, ...c.targets);
    let severity = refined?.severity ?? op.severity;
    if (prod) severity = raised(severity);
    const where = c.targets.length ? ` (${c.targets.map((t) => shown(t, 40)).join(', ')})` : '';
    return {
      severity,
      message: `${name ? kindName(op.what, name) : op.what}${refined?.note ? ` ${refined.note}` : ''}${where}${prod ? '; the target looks like production' : ''}.`,
      span: spanFromProgram(cmd, [...c.positionals.slice(0, at), ...nameWords, ...(refined?.words ?? [])]),
      context: productionContext(prod),
    };
  }
  return undefined;
}

/** Trigger sets from an operation table: the program and the last word of each path. */
export function opTriggers(ops: readonly CloudOp[], extra: readonly Trigger[] = []): Trigger[] {
  const byTool = new Map<string, Set<string>>();
  for (const op of ops) {
    const set = byTool.get(op.tool) ?? new Set<string>();
    const path = op.path.split(' ');
    set.add(path[path.length - 1]);
    byTool.set(op.tool, set);
  }
  return [...[...byTool].map(([tool, subs]) => ({ programs: [tool], subcommands: [...subs] })), ...extra];
}

export function bucketOf(url: string): string {
  const m = /^[a-z0-9]+:\/\/([^/]*)/i.exec(url);
  return m ? m[1] : url;
}

export function withProd(cmd: SimpleCommand, m: RuleMatch & { severity: Severity; message: string }, targets: (string | undefined)[]): RuleMatch {
  const prod = looksProduction(...targets, ...targetAssignments(cmd));
  if (!prod) return m;
  return { ...m, severity: raised(m.severity), message: `${m.message.replace(/\.$/, '')}; the target looks like production.`, context: productionContext(true) };
}

export const RCLONE_BOOL = new Set(['dry-run', 'interactive', 'verbose', 'progress', 'checksum', 'rmdirs', 'ignore-errors', 'quiet', 'size-only', 'update', 'create-empty-src-dirs', 'no-traverse', 'fast-list', 'delete-excluded']);
