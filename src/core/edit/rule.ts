/**
 * The edit rule contract: what a rule declares and what its check reports. The engine turns a
 * match into a scored finding (see engine.ts); rules never score or decide.
 */
import type { Category, FindingEnvironment, RuleMeta, ScoreContext, Severity, Span } from '../types';
import type { EditContext } from './types';
import type { FileView } from './view';

/**
 * What a rule reports. Give `afterSpan` for text that is in the new version; give `beforeSpan`
 * for text that was removed (the engine then points at the nearest surviving line).
 */
export interface EditMatch {
  severity?: Severity;
  message: string;
  alternative?: string;
  afterSpan?: Span;
  beforeSpan?: Span;
  context?: ScoreContext;
  /** For findings re-emitted from the command engine: its rule id and category, and where the command acts. */
  ruleId?: string;
  category?: Category;
  environment?: FindingEnvironment;
}

export interface EditExample {
  path: string;
  before?: string;
  after?: string;
  /**
   * Other files the same step changes (a module's folder, the Argo CD Application that syncs a
   * path). The example is then judged with them in one batch, and only its own file's findings count.
   */
  step?: readonly EditExample[];
}

/**
 * What every edit rule declares: what every rule does (RuleMeta; ids are TF, CFN, KUB, SQL, POL,
 * CI, SRC, SEC, SELF or EDT and three digits), the files it reads and its examples.
 */
export interface EditRuleMeta extends RuleMeta {
  /** Path globs the rule applies to (`**` crosses folders); matched against the path's lower-case form. */
  files: readonly string[];
  /**
   * Fire examples must fire, pass examples must stay silent. For a batch rule, all fire examples
   * together form one step (and all pass examples another).
   */
  examples: { fire: readonly EditExample[]; pass: readonly EditExample[] };
  /** Its findings carry the ids of the command rules it hands commands to (FS001, GIT003…). */
  delegates?: boolean;
}

/** A rule judged file by file. */
export interface FileRule extends EditRuleMeta {
  batch?: false;
  check(view: FileView): EditMatch[];
}

/**
 * What a batch rule reports about a whole step. The engine scores it, applies overrides and the
 * allow-list (a match is dropped only when every file it covers is allowed) and decides.
 */
export interface BatchMatch {
  severity: Severity;
  message: string;
  alternative?: string;
  context?: ScoreContext;
  /** The files it covers. */
  paths: string[];
  /** The folder it happened in ('' for the workspace root). */
  folder: string;
}

/** A rule judged over a whole step by evaluateBatch (every file the step changed), after the per-file rules. */
export interface BatchRule extends EditRuleMeta {
  batch: true;
  check(step: readonly FileView[], ctx: EditContext): BatchMatch[];
}

export type EditRule = FileRule | BatchRule;
