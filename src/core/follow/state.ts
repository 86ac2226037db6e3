/**
 * The bookkeeping of following one command line: the reader the adapter handed in, what is left
 * of the budget (files, bytes, time, depth), which files were read (their digests make the chain
 * an "always allow" entry keeps), the files the line itself writes before running them, and what
 * was judged already (each script, recipe or file once per line; a cycle ends there).
 */
import { fnv1a } from '../fnv';
import type { ModuleExports, SourceScan } from '../source/scan';
import { normalizePath } from '../rules/paths';
import { pathFlavour, type PathFlavour } from '../path-flavour';
import type { SimpleCommand } from '../shell/model';
import type { CommandContext, FollowRead, FollowReader, FollowStep, Positional, ShellKind, Span } from '../types';

/** How far one command line is followed. Past any of these, following stops without a word. */
export const FOLLOW_LIMITS = {
  /** Files deep: the line's own runner is 1, a script it runs 2, and so on. */
  depth: 4,
  files: 64,
  bytes: 1024 * 1024,
  /**
   * Milliseconds of work for the whole line, reading and judging, by the reader's clock (the
   * process's CPU time where the adapter has one: on a busy machine a wall clock runs out on work
   * that was never done).
   */
  ms: 250,
  /** Milliseconds by the wall clock, however little work that was: the line is never held longer. */
  wallMs: 2000,
  /** Entries read from one folder listing (workspaces, `go run .`). */
  listing: 256,
} as const;

/** The parts of the budget: time, files, bytes, and how deep one file may run another. */
export type SpentOn = 'time' | 'wall' | 'files' | 'bytes' | 'depth';

/** Marks the budget spent, remembering the first part that ran out. */
export function spend(state: FollowState, on: SpentOn): void {
  state.exhausted = true;
  state.spentOn ??= on;
}

/**
 * What a result says when following stopped early: the line was judged by what was read, and
 * the rest of what it runs was not. Never a finding (see `exhausted`), never silent.
 */
export function spentNote(state: FollowState): string | undefined {
  if (!state.exhausted) return undefined;
  const why = {
    time: `the ${FOLLOW_LIMITS.ms} ms allowed for reading them ran out`,
    wall: `the ${FOLLOW_LIMITS.wallMs / 1000} s allowed for reading them ran out (the machine is busy)`,
    files: `the ${FOLLOW_LIMITS.files} files allowed were read`,
    bytes: `the ${FOLLOW_LIMITS.bytes / 1024 / 1024} MiB allowed were read`,
    depth: `files run ${FOLLOW_LIMITS.depth} deep (a script that runs a script…) were reached`,
  }[state.spentOn ?? 'time'];
  return `Not every file this line runs was read: ${why}. It was judged by what was read (${state.read.size} file${state.read.size === 1 ? '' : 's'}).`;
}

/** Modules read while following one line (modules.ts): by view and path, those being read now (a cycle), folder listings. */
export interface ModuleCache {
  exports: Map<string, ModuleExports | null>;
  active: Set<string>;
  listings: Map<string, Set<string> | null>;
}

/** A file the line writes before it runs it: its text when the line shows it, else unknown. */
export interface WrittenFile {
  /** `disk`: appended to what is on disk; `empty`: written from nothing; `unknown`: from something unseen. */
  base: 'disk' | 'empty' | 'unknown';
  parts: string[];
  /** The words that write it, for messages. */
  by: string;
}

export interface FollowState {
  reader: FollowReader;
  /** How the reader's platform writes paths: followers work in the core's form, the reader gets its own. */
  flavour: PathFlavour;
  /** Files deep at the text being judged now (0: the typed line). */
  depth: number;
  left: { files: number; bytes: number; until: number; wallUntil: number };
  /**
   * True once the budget ran out: what was not followed is then left alone, with no finding (a
   * large monorepo's everyday `npm test` runs out too), but the result says so (`spentNote`).
   */
  exhausted: boolean;
  /** Which part of the budget ran out first. */
  spentOn?: SpentOn;
  /** The line named a file outside the workspace (a tool under the home folder) and it was read. */
  outsideNamed?: boolean;
  /** Every file read, in order, with its digest (and the unsaved text's). */
  read: Map<string, string>;
  /** Reads of this line, by path (a file is read once). */
  cache: Map<string, FollowRead>;
  /** Keys (file and entry) judged so far: each once per line, and a cycle stops. */
  judged: Set<string>;
  /** Files the line writes, by absolute path, as far as it has been read. */
  written: Map<string, WrittenFile>;
  /** Folders whose files may be followed: the workspace folders and repositories. */
  roots: string[];
  /** The budget's clock: the reader's (see FOLLOW_LIMITS.ms), else the wall clock. */
  now: () => number;
  /** The wall clock, for FOLLOW_LIMITS.wallMs. */
  wall: () => number;
  /**
   * Which text of a file open with unsaved changes the followers see: the disk's (what will run)
   * or the editor's. The engine judges the disk first and, when a file read had unsaved text
   * (`unsavedSeen`), the editor's version of every file again: the stronger answer wins.
   */
  view: 'disk' | 'editor';
  unsavedSeen: boolean;
  /** The project's modules followed sources import, read once per line (modules.ts). */
  modules: ModuleCache;
  /** Sources read by the source reader, once per line by language, file and text (interpreters.ts). */
  scans: Map<string, SourceScan>;
  /**
   * Commands whose file was read and judged in full (`diskpart /s wipe.txt`): a rule's stand-in
   * finding for what that file does (RuleMatch.untilRead) is dropped for them.
   */
  readFor: WeakSet<SimpleCommand>;
}

export function newFollowState(reader: FollowReader, ctx: CommandContext, now?: () => number, wall: () => number = Date.now): FollowState {
  const clock = now ?? (reader.clock ? () => reader.clock!() : wall);
  const flavour = pathFlavour(reader.flavour);
  const roots = [ctx.workspaceRoot, ...(ctx.workspaceFolders ?? []), ...(ctx.repositoryRoots ?? [])]
    .map((r) => (r ? flavour.inner(r) : undefined))
    .filter((r): r is string => !!r)
    .map((r) => normalizePath(r));
  return {
    reader,
    flavour,
    depth: 0,
    left: { files: FOLLOW_LIMITS.files, bytes: FOLLOW_LIMITS.bytes, until: clock() + FOLLOW_LIMITS.ms, wallUntil: wall() + FOLLOW_LIMITS.wallMs },
    exhausted: false,
    read: new Map(),
    cache: new Map(),
    judged: new Set(),
    written: new Map(),
    roots: [...new Set(roots)],
    now: clock,
    wall,
    view: 'disk',
    unsavedSeen: false,
    modules: { exports: new Map(), active: new Set(), listings: new Map() },
    scans: new Map(),
    readFor: new WeakSet(),
  };
}

/**
 * The same line's bookkeeping for judging the editor's unsaved text: the budget, the files read
 * (and their digests) are shared; what was judged and what the line writes are noted afresh.
 */
export function editorView(state: FollowState): FollowState {
  return { ...state, depth: 0, judged: new Set(), written: new Map(), view: 'editor' };
}

/**
 * True (and the budget marked spent) when time is up. Files and bytes running out only stop
 * further reading: what was read already is still judged.
 */
export function outOfTime(state: FollowState): boolean {
  if (state.now() > state.left.until) spend(state, 'time');
  else if (state.wall() > state.left.wallUntil) spend(state, 'wall');
  else return false;
  return true;
}

export function within(path: string, root: string): boolean {
  if (root === '/') return true;
  return path === root || (path.startsWith(root) && path.charCodeAt(root.length) === 47);
}

/** What a follower gets for a file. */
export type Got =
  | { kind: 'text'; texts: string[] }
  /** Nothing there: the runner would fail (the caller decides whether that is a risk). */
  | { kind: 'missing' }
  /** Cannot be read: an unanalyzable finding, with this reason. */
  | { kind: 'problem'; why: string }
  /** A compiled program: it is run like any program on PATH, not read. */
  | { kind: 'program' }
  /** Out of budget: left alone. */
  | { kind: 'spent' };

/**
 * Reads a file for following. `named`: the line itself names it, so it may be outside the
 * workspace; anything a followed file names must be inside a workspace folder or repository.
 */
export function readFollowed(state: FollowState, path: string, named: boolean): Got {
  const abs = normalizePath(path);
  const written = state.written.get(abs);
  if (written && written.base !== 'disk') {
    if (written.base === 'unknown') return { kind: 'problem', why: `it is written earlier on the same line (${written.by}) from something that cannot be read here` };
    return { kind: 'text', texts: [written.parts.join('')] };
  }
  const outside = state.roots.length > 0 && !state.roots.some((r) => within(abs, r));
  if (named && outside) state.outsideNamed = true;
  if (!named && outside) {
    // A tool the line runs from outside the workspace (pyenv, nvm: a shell's rc file runs them at
    // every prompt) names its own helpers there: they are left alone, not reported. A file of the
    // workspace that names one outside it is reported, since it cannot be read.
    if (state.outsideNamed) return { kind: 'spent' };
    return { kind: 'problem', why: 'it is outside the workspace, where Blast Radius does not read files a script names' };
  }
  let got = state.cache.get(abs);
  if (!got) {
    if (state.exhausted || outOfTime(state) || state.left.files <= 0 || state.left.bytes <= 0) {
      spend(state, state.left.files <= 0 ? 'files' : 'bytes');
      return { kind: 'spent' };
    }
    const limit = Math.min(FOLLOW_LIMITS.bytes, state.left.bytes);
    try {
      got = state.reader.read(state.flavour.native(abs), { named, limit });
    } catch (e) {
      got = { kind: 'unreadable', reason: e instanceof Error ? e.message : String(e) };
    }
    state.left.files--;
    if (got.kind === 'text') {
      state.left.bytes -= got.text.length + (got.unsaved?.text.length ?? 0);
      const digest = got.digest ?? state.reader.digest?.(got.text) ?? fnv1a(got.text);
      const unsaved = got.unsaved ? (got.unsaved.digest ?? state.reader.digest?.(got.unsaved.text) ?? fnv1a(got.unsaved.text)) : undefined;
      state.read.set(abs, unsaved ? `${digest}+${unsaved}` : digest);
    }
    // A file too large only for what is left of the budget is a spent budget, not a finding.
    if (got.kind === 'too-large' && limit < FOLLOW_LIMITS.bytes) {
      spend(state, 'bytes');
      return { kind: 'spent' };
    }
    state.cache.set(abs, got);
  }
  switch (got.kind) {
    case 'text': {
      const unsaved = got.unsaved && got.unsaved.text !== got.text ? got.unsaved.text : undefined;
      if (unsaved !== undefined) state.unsavedSeen = true;
      const texts = [state.view === 'editor' && unsaved !== undefined ? unsaved : got.text];
      if (written) return { kind: 'text', texts: texts.map((t) => t + written.parts.join('')) };
      return { kind: 'text', texts };
    }
    case 'missing':
      return written ? { kind: 'text', texts: [written.parts.join('')] } : { kind: 'missing' };
    case 'too-large':
      return { kind: 'problem', why: `it is larger than the ${Math.round(got.limit / 1024)} KB Blast Radius reads` };
    case 'binary':
      return got.executable ? { kind: 'program' } : { kind: 'problem', why: 'it is a binary file, not a script' };
    case 'not-regular':
      return { kind: 'problem', why: `it is ${got.what}, not a regular file` };
    case 'outside':
      return { kind: 'problem', why: 'it resolves to a place outside the workspace, where Blast Radius does not read files a script names' };
    case 'unreadable':
      return { kind: 'problem', why: `it cannot be read (${got.reason.slice(0, 120)})` };
  }
}

/** Lists a folder for following (workspace globs, `go run .`); undefined when it cannot. */
export function listFollowed(state: FollowState, dir: string): string[] | undefined {
  if (!state.reader.list || state.exhausted || outOfTime(state)) return undefined;
  if (state.left.files <= 0) {
    spend(state, 'files');
    return undefined;
  }
  state.left.files--;
  try {
    return state.reader.list(state.flavour.native(normalizePath(dir)), { limit: FOLLOW_LIMITS.listing });
  } catch {
    return undefined;
  }
}

/** The digest of every file read while judging a line, or undefined when none was. */
export function chainDigest(state: FollowState): string | undefined {
  if (!state.read.size) return undefined;
  const text = [...state.read].map(([p, d]) => `${p}\u0000${d}`).sort().join('\n');
  return state.reader.digest?.(text) ?? fnv1a(text);
}

/** 1-based line numbers for offsets into a text. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1 && this.starts.length < 1_000_000; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** The text of a 1-based line, without its line break. */
  line(n: number): string {
    const start = this.starts[n - 1] ?? this.text.length;
    const next = this.starts[n];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, '');
  }
}

/**
 * A context as followers see it: its folders in the core's form of paths (a Windows working folder
 * `C:\proj` as `/C:/proj`), so that they join and compare them one way. The same context on POSIX.
 */
export function innerContext(ctx: CommandContext, flavour: PathFlavour): CommandContext {
  if (flavour.name === 'posix') return ctx;
  const one = (p: string | undefined): string | undefined => (p === undefined ? undefined : flavour.inner(p) ?? p);
  const many = (ps: string[] | undefined): string[] | undefined => ps?.map((p) => flavour.inner(p) ?? p);
  return { ...ctx, cwd: one(ctx.cwd), home: one(ctx.home), workspaceRoot: one(ctx.workspaceRoot), workspaceFolders: many(ctx.workspaceFolders), repositoryRoots: many(ctx.repositoryRoots), tempDirs: many(ctx.tempDirs) };
}

/**
 * A path shown in a chain: relative to the workspace folder holding it, else as it is (as the
 * platform writes it, when the flavour is given). `ctx` is the followers' (innerContext).
 */
export function displayPath(abs: string, ctx: CommandContext, flavour?: PathFlavour): string {
  const shown = displayInner(abs, ctx);
  return flavour && shown.startsWith('/') ? flavour.native(shown) : shown;
}

function displayInner(abs: string, ctx: CommandContext): string {
  const roots = [ctx.workspaceRoot, ...(ctx.workspaceFolders ?? [])].filter((r): r is string => !!r).map((r) => normalizePath(r));
  let best: string | undefined;
  for (const r of roots) if (within(abs, r) && (!best || r.length > best.length)) best = r;
  if (best && abs !== best) return abs.slice(best === '/' ? 1 : best.length + 1);
  const home = ctx.home ? normalizePath(ctx.home) : undefined;
  if (home && home !== '/' && within(abs, home)) return abs === home ? '~' : `~/${abs.slice(home.length + 1)}`;
  return abs;
}

/**
 * A path as a message names it: as displayPath shows it, in quotes when it is empty or starts or
 * ends with a space (a program name taken from a variable, `"$cmd"` holding `rm -rf /`), which
 * would otherwise read as a gap in the sentence.
 */
export function pathInText(abs: string, ctx: CommandContext, flavour?: PathFlavour): string {
  const p = displayPath(abs, ctx, flavour);
  return p === '' || p.trim() !== p ? JSON.stringify(p) : p;
}

/** Joins a path written in a file or on the line to the folder it is relative to; `~` is the home. */
export function resolvePath(base: string, p: string, home?: string): string {
  if (p === '~' || p.startsWith('~/')) return normalizePath(`${home ?? '/nonexistent-home'}/${p.slice(1)}`);
  if (p.startsWith('/')) return normalizePath(p);
  return normalizePath(`${base}/${p}`);
}

export function dirOf(p: string): string {
  // A Windows drive's root (`/C:`, see path-flavour.ts) has no folder above it.
  if (/^\/[A-Z]:$/.test(p)) return p;
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/** A step of a chain, its text clipped to one line. */
export function step(file: string, line: number, text: string, label?: string): FollowStep {
  const one = text.replace(/\s+/g, ' ').trim();
  const clipped = one.length > 160 ? `${one.slice(0, 159)}…` : one;
  return label ? { file, line, text: clipped, label } : { file, line, text: clipped };
}

/** A piece of text a command runs, judged as a shell command line or script. */
export interface Unit {
  text: string;
  /** The folder it runs in (absolute). */
  cwd: string;
  /** The chain step for an offset in `text`. */
  at(offset: number): FollowStep;
  /** Judged once per line under this key (file, entry and text); a cycle ends here. */
  key: string;
  /** A sentence added to what is found in it (where its paths come from). */
  note?: string;
  /** A script's words (`$1`, `"$@"`): the call's, for shell text; none elsewhere. */
  positional?: Positional;
  /** The shell that runs it, where the runner chooses one (npm's cmd.exe on Windows); else a POSIX shell. */
  shell?: ShellKind;
  /** What the text is written in: a shell command line or script (the default), or a diskpart script (diskpart.ts). */
  language?: 'shell' | 'diskpart';
}

/** What one invocation runs, as far as it could be read. */
export interface Invocation {
  /** The invoking words on the line. */
  span: Span;
  /** The invocation in words, for messages (`npm run clean`). */
  what: string;
  units: Unit[];
  /** Why part of it cannot be followed: each an unanalyzable finding at the invoking words. */
  problems: string[];
  /**
   * What it names but cannot be known here: a name computed at run time, a file that does not
   * exist yet. Unanalyzable on the typed line; in a followed file (a loop over scripts, a program
   * an earlier step builds) it is left alone.
   */
  unknown?: string[];
}

/** What a follower sees. */
export interface FollowEnv {
  ctx: CommandContext;
  state: FollowState;
  /** The folder the command runs in, absolute. */
  cwd: string;
  /** The typed line (depth 0): what it names may be outside the workspace. */
  named: boolean;
}

export type Follower = (cmd: SimpleCommand, env: FollowEnv) => Invocation | undefined;

/** The invoking words as written. */
export function wordsOf(cmd: SimpleCommand, span: Span): string {
  const words = [cmd.programWord, ...cmd.args].filter((w) => w.span.start >= span.start && w.span.end <= span.end).map((w) => w.raw);
  const text = words.join(' ') || cmd.program;
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
