/**
 * One file change as the rules see it: both texts, the line diff, and parsed forms computed on
 * first use and shared by every rule. Nothing here does I/O.
 */
import { diffLines, emptyDiff, type LineDiff } from './diff';
import { type HclFile, parseHcl } from '../parsers/hcl';
import { parseSql, type SqlScript } from '../parsers/sql';
import { type DocFile, parseJsonDoc, parseYamlDocs } from '../parsers/tree';
import { basename, dirname, LineIndex } from './text';
import type { ChangeStatus, EditContext, FileChange } from './types';

export type Side = 'before' | 'after';

/** Files bigger than this are diffed and counted but not parsed. */
export const MAX_ANALYSED_CHARS = 2 * 1024 * 1024;
/** Terraform files bigger than this are parsed only around the change. */
const HCL_WINDOW_THRESHOLD = 64 * 1024;
const MAX_LINES_LISTED = 200_000;

export type FileKind =
  | 'terraform'
  | 'terraform-json'
  | 'tfvars'
  | 'tfstate'
  | 'yaml'
  | 'json'
  | 'sql'
  | 'shell'
  | 'dockerfile'
  | 'makefile'
  | 'gitignore'
  | 'other';

export function kindOf(path: string): FileKind {
  const p = path.toLowerCase();
  const b = basename(p);
  if (b.endsWith('.tf.json')) return 'terraform-json';
  if (b.endsWith('.tf') || b.endsWith('.tofu')) return 'terraform';
  if (b.endsWith('.tfvars') || b.endsWith('.tfvars.json')) return 'tfvars';
  if (b.endsWith('.tfstate') || b.endsWith('.tfstate.backup')) return 'tfstate';
  if (b.endsWith('.yaml') || b.endsWith('.yml')) return 'yaml';
  if (b.endsWith('.json') || b.endsWith('.jsonc') || b.endsWith('.code-workspace') || b.endsWith('.template')) return 'json';
  if (b.endsWith('.sql')) return 'sql';
  if (b.endsWith('.sh') || b.endsWith('.bash') || b.endsWith('.zsh') || b.endsWith('.ksh')) return 'shell';
  if (b === 'dockerfile' || b.startsWith('dockerfile.') || b.endsWith('.dockerfile') || b === 'containerfile') return 'dockerfile';
  if (b === 'makefile' || b === 'gnumakefile' || b.endsWith('.mk')) return 'makefile';
  if (b === '.gitignore') return 'gitignore';
  return 'other';
}

export class FileView {
  readonly path: string;
  readonly lowerPath: string;
  readonly base: string;
  readonly dir: string;
  readonly kind: FileKind;
  readonly status: ChangeStatus;
  readonly oldPath?: string;
  readonly before: string;
  readonly after: string;
  readonly ctx: EditContext;
  private cache = new Map<string, unknown>();
  private diffCache: LineDiff | undefined;
  private indexes: Partial<Record<Side, LineIndex>> = {};

  constructor(change: FileChange, ctx: EditContext = {}) {
    this.path = String(change.path ?? '').replace(/\\/g, '/').replace(/^\.\//, '');
    this.lowerPath = this.path.toLowerCase();
    this.base = basename(this.lowerPath);
    this.dir = dirname(this.path);
    this.kind = kindOf(this.path);
    this.before = typeof change.before === 'string' ? change.before : '';
    this.after = typeof change.after === 'string' ? change.after : '';
    this.status = change.before === undefined ? 'added' : change.after === undefined ? 'deleted' : 'modified';
    this.oldPath = change.oldPath;
    this.ctx = ctx;
  }

  text(side: Side): string {
    return side === 'before' ? this.before : this.after;
  }

  index(side: Side): LineIndex {
    return (this.indexes[side] ??= new LineIndex(this.text(side)));
  }

  get tooLarge(): boolean {
    return this.before.length > MAX_ANALYSED_CHARS || this.after.length > MAX_ANALYSED_CHARS;
  }

  get diff(): LineDiff {
    if (!this.diffCache) {
      if (this.tooLarge) this.diffCache = wholeReplace(this);
      else this.diffCache = diffLines(this.before, this.after);
    }
    return this.diffCache;
  }

  /** After-text line numbers that the change added or rewrote. */
  addedLines(): number[] {
    return this.memo('addedLines', () => {
      const out: number[] = [];
      for (const h of this.diff.hunks) for (let l = h.afterStart; l < h.afterEnd && out.length < MAX_LINES_LISTED; l++) out.push(l);
      return out;
    });
  }

  /** Before-text line numbers that the change removed or rewrote. */
  removedLines(): number[] {
    return this.memo('removedLines', () => {
      const out: number[] = [];
      for (const h of this.diff.hunks) for (let l = h.beforeStart; l < h.beforeEnd && out.length < MAX_LINES_LISTED; l++) out.push(l);
      return out;
    });
  }

  /** Whether any changed region of `side` overlaps text[start, end). */
  touches(side: Side, start: number, end: number): boolean {
    const idx = this.index(side);
    const l0 = idx.lineOf(start);
    const l1 = idx.lineOf(Math.max(start, end - 1));
    for (const h of this.diff.hunks) {
      const a = side === 'before' ? h.beforeStart : h.afterStart;
      const b = side === 'before' ? h.beforeEnd : h.afterEnd;
      if (a <= l1 && b > l0) return true;
      if (a === b && a > l0 && a <= l1) return true;
    }
    return false;
  }

  /** A cache for parsed forms that several rules share. */
  memo<T>(key: string, fn: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const v = fn();
    this.cache.set(key, v);
    return v;
  }

  /** YAML or JSON documents of one side, chosen by the file's extension. */
  docs(side: Side): DocFile {
    return this.memo(`docs:${side}`, () => {
      const t = this.text(side);
      if (!t.trim() || this.tooLarge) return { docs: [], errors: [] };
      return this.kind === 'json' || this.kind === 'terraform-json' || this.kind === 'tfstate' ? parseJsonDoc(t) : parseYamlDocs(t);
    });
  }

  sql(side: Side): SqlScript {
    return this.memo(`sql:${side}`, () => (this.tooLarge ? { statements: [], errors: [] } : parseSql(this.text(side), isDownFile(this.lowerPath))));
  }

  /**
   * HCL of both sides. Large files are parsed only in the window of top-level blocks around the
   * change: everything outside it is identical on both sides and cannot matter to a comparison.
   */
  hcl(side: Side): HclFile {
    return this.memo(`hcl:${side}`, () => {
      const t = this.text(side);
      if (this.tooLarge) return { blocks: [], attrs: [], errors: [] };
      const w = this.hclWindow();
      if (!w) return parseHcl(t);
      return side === 'before' ? parseHcl(t, w.beforeStart, w.beforeEnd) : parseHcl(t, w.afterStart, w.afterEnd);
    });
  }

  /** Whether the HCL of this view is a window rather than the whole file. */
  get hclWindowed(): boolean {
    return this.hclWindow() !== undefined;
  }

  hclFull(side: Side): HclFile {
    return this.memo(`hclFull:${side}`, () => (this.hclWindowed ? parseHcl(this.text(side)) : this.hcl(side)));
  }

  private hclWindow(): { beforeStart: number; beforeEnd: number; afterStart: number; afterEnd: number } | undefined {
    return this.memo('hclWindow', () => {
      if (this.status !== 'modified') return undefined;
      if (Math.max(this.before.length, this.after.length) < HCL_WINDOW_THRESHOLD) return undefined;
      const d = this.diff;
      if (!d.hunks.length) return { beforeStart: 0, beforeEnd: 0, afterStart: 0, afterEnd: 0 };
      const start = topLevelStart(this.before, d.beforeRegion.start);
      const beforeEnd = topLevelEnd(this.before, d.beforeRegion.end);
      const suffix = this.before.length - beforeEnd;
      return { beforeStart: start, beforeEnd, afterStart: start, afterEnd: this.after.length - suffix };
    });
  }
}

function wholeReplace(view: FileView): LineDiff {
  const d = emptyDiff();
  const bl = view.index('before').lineCount;
  const al = view.index('after').lineCount;
  if (view.before === view.after) return d;
  d.hunks.push({ beforeStart: 0, beforeEnd: bl, afterStart: 0, afterEnd: al });
  d.added = al;
  d.removed = bl;
  d.capped = true;
  d.beforeRegion = { start: 0, end: view.before.length };
  d.afterRegion = { start: 0, end: view.after.length };
  return d;
}

export function isDownFile(lowerPath: string): boolean {
  const b = basename(lowerPath);
  return /(^|[._-])down\.sql$/.test(b) || /^u\d+(_\d+)?__/.test(b) || /(^|[._-])(rollback|undo)\.sql$/.test(b);
}

const HEADER = /^[A-Za-z_][\w-]*(?:[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*[ \t]*\{/;
const MAX_WINDOW_WALK = 50_000;

function lineAt(text: string, start: number): string {
  // Only the start of a line matters for block boundaries; the cap keeps the regex linear.
  const nl = text.indexOf('\n', start);
  return text.slice(start, Math.min(start + 512, nl === -1 ? text.length : nl));
}

function isCloser(line: string): boolean {
  return line.charCodeAt(0) === 125 && line.slice(1).trim().replace(/^(#|\/\/).*$/, '') === '';
}

/** The start of the top-level block holding `offset` (offset is a line start), or a safe earlier point. */
function topLevelStart(text: string, offset: number): number {
  let ls = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  let first = true;
  for (let walked = 0; walked < MAX_WINDOW_WALK; walked++) {
    const line = lineAt(text, ls);
    if (HEADER.test(line)) return ls;
    if (!first && isCloser(line)) return text.indexOf('\n', ls) + 1 || text.length;
    first = false;
    if (ls === 0) return 0;
    ls = text.lastIndexOf('\n', ls - 2) + 1;
  }
  return 0;
}

/** One past the top-level block holding `offset` (a line start), or a safe later point. */
function topLevelEnd(text: string, offset: number): number {
  let ls = offset;
  for (let walked = 0; walked < MAX_WINDOW_WALK && ls < text.length; walked++) {
    const line = lineAt(text, ls);
    const nl = text.indexOf('\n', ls);
    const next = nl === -1 ? text.length : nl + 1;
    if (HEADER.test(line)) return ls;
    if (isCloser(line)) {
      const following = next < text.length ? lineAt(text, next).trim() : '';
      if (!following || following.startsWith('#') || following.startsWith('//') || HEADER.test(following) || isCloser(following)) return next;
    }
    ls = next;
  }
  return text.length;
}
