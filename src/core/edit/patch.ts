/**
 * From a patch to the file changes it makes, so the edit engine can judge them: Codex's
 * `apply_patch` format (its patch tool, and `apply_patch` run through a shell) and unified diffs
 * (`git apply`, `patch`), applied to the files as they are now. Pure: the adapter hands in the
 * files through a bounded reader (PatchFiles). When a file cannot be read or the patch does not
 * apply to it, that change is judged on the patch's own lines and the reason is reported as a
 * problem, never dropped.
 */
import { applyPatch, parsePatch, reversePatch, type StructuredPatch } from 'diff';
import type { FileChange } from './types';

/** What the adapter's reader found at a path. */
export type FileRead =
  | { kind: 'text'; text: string }
  | { kind: 'missing' }
  | { kind: 'too-large'; limit: number }
  | { kind: 'binary' }
  | { kind: 'unreadable'; reason: string };

/** The files a patch changes, as the adapter sees them (src/node/patch-files.ts reads the disk). */
export interface PatchFiles {
  /**
   * The absolute path of `name` as written in a patch applied in `dirs`: each folder relative
   * to the one before it, the first to the folder the command runs in.
   */
  resolve(dirs: readonly string[], name: string): string;
  /** How to name an absolute path in findings and for the rules' globs: workspace-relative when inside it. */
  display(abs: string): string;
  /** The file's text (bounded), or why there is none. */
  read(abs: string): FileRead;
}

/** How a patch is applied (see shell/patches.ts for where each comes from). */
export interface PatchInput {
  format: 'codex' | 'unified';
  text: string;
  dirs?: readonly string[];
  /** Leading components removed from unified-diff names; undefined: GNU patch's own default. */
  strip?: number;
  reverse?: boolean;
  /** `patch ORIGFILE`: the one file changed. */
  target?: string;
  /** Prepended to every unified-diff name (`git apply --directory`). */
  prefix?: string;
  /** Changed context lines a hunk may have and still apply. */
  fuzz?: number;
  /** The files are elsewhere (another machine): judge the patch on its own lines only. */
  noRead?: boolean;
}

export interface PatchProblem {
  /** The file concerned, as displayed; undefined for the patch as a whole. */
  path?: string;
  message: string;
}

export interface PatchChanges {
  changes: FileChange[];
  /** Some change was judged on the patch's own lines: the texts are fragments, not files. */
  partial: boolean;
  problems: PatchProblem[];
}

/** The safer way for a patch that could not be read in full (unanalyzable findings). */
export const PATCH_UNREAD_ALTERNATIVE = 'Read the patch and the files it changes yourself before letting it run, or have it rewritten to match the files as they are now.';

/** At most this many files are read for one patch; the rest are judged on the patch's lines. */
const MAX_FILES = 200;

/** The adapter's reader, each file read once, at most MAX_FILES of them, none for a remote patch. */
function reader(input: PatchInput, files: PatchFiles): (abs: string) => FileRead {
  const seen = new Map<string, FileRead>();
  return (abs) => {
    const known = seen.get(abs);
    if (known) return known;
    const got: FileRead = input.noRead ? { kind: 'unreadable', reason: 'on another machine' } : seen.size >= MAX_FILES ? { kind: 'unreadable', reason: `more than ${MAX_FILES} files in one patch` } : files.read(abs);
    seen.set(abs, got);
    return got;
  };
}

// ---------------------------------------------------------------------------------------------
// Codex's format

export interface PatchHunk {
  oldLines: string[];
  newLines: string[];
}

export type PatchOp =
  | { type: 'add'; path: string; content: string }
  | { type: 'delete'; path: string }
  | { type: 'update'; path: string; moveTo?: string; hunks: PatchHunk[] };

/**
 * Parses Codex's `apply_patch` format (`*** Begin Patch` … `*** End Patch`). Text around the
 * markers is ignored, as Codex's lenient parser ignores a heredoc written into the argument.
 */
export function parseApplyPatch(text: string): { ops: PatchOp[]; error?: string } {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const ops: PatchOp[] = [];
  let i = lines.findIndex((l) => l.trim() === '*** Begin Patch');
  if (i === -1) return { ops, error: 'no "*** Begin Patch" line' };
  i++;
  let cur: PatchOp | undefined;
  let hunk: PatchHunk | undefined;
  const startHunk = (): void => {
    if (cur?.type !== 'update') return;
    hunk = { oldLines: [], newLines: [] };
    cur.hunks.push(hunk);
  };
  for (; i < lines.length && i < 2_000_000; i++) {
    const line = lines[i];
    let m: RegExpExecArray | null;
    if (line.trim() === '*** End Patch') return { ops };
    if ((m = /^\s*\*\*\* Add File: (.+)$/.exec(line))) {
      cur = { type: 'add', path: m[1].trim(), content: '' };
      ops.push(cur);
      continue;
    }
    if ((m = /^\s*\*\*\* Delete File: (.+)$/.exec(line))) {
      cur = { type: 'delete', path: m[1].trim() };
      ops.push(cur);
      continue;
    }
    if ((m = /^\s*\*\*\* Update File: (.+)$/.exec(line))) {
      cur = { type: 'update', path: m[1].trim(), hunks: [] };
      ops.push(cur);
      hunk = undefined;
      continue;
    }
    if ((m = /^\*\*\* Move to: (.+)$/.exec(line)) && cur?.type === 'update') {
      cur.moveTo = m[1].trim();
      continue;
    }
    if (line.startsWith('*** End of File')) continue;
    if (!cur) continue;
    if (cur.type === 'add') {
      if (line.startsWith('+')) cur.content += `${line.slice(1)}\n`;
      continue;
    }
    if (cur.type !== 'update') continue;
    if (line.startsWith('@@')) {
      startHunk();
      continue;
    }
    if (!hunk) startHunk();
    if (!hunk) continue;
    const tag = line[0];
    const body = line.slice(1);
    if (tag === '-') hunk.oldLines.push(body);
    else if (tag === '+') hunk.newLines.push(body);
    else {
      // A context line (a leading space, or an empty line).
      hunk.oldLines.push(tag === ' ' ? body : line);
      hunk.newLines.push(tag === ' ' ? body : line);
    }
  }
  return { ops, error: 'no "*** End Patch" line' };
}

/**
 * Where `block` (lines) occurs in `lines` from `from` on, matched as Codex matches it: exactly,
 * then ignoring trailing blanks, then ignoring blanks at both ends. -1 when nowhere.
 */
function seek(lines: readonly string[], block: readonly string[], from: number): number {
  const tries: ((s: string) => string)[] = [(s) => s, (s) => s.trimEnd(), (s) => s.trim()];
  for (const norm of tries) {
    const want = block.map(norm);
    for (let at = from; at + want.length <= lines.length; at++) {
      let k = 0;
      while (k < want.length && norm(lines[at + k]) === want[k]) k++;
      if (k === want.length) return at;
    }
  }
  return -1;
}

/**
 * Applies the hunks of an update in order, as Codex does; undefined when one does not match the
 * file. Like Codex, the result ends with a line break.
 */
export function applyHunks(before: string, hunks: readonly PatchHunk[]): string | undefined {
  const eol = before.includes('\r\n') ? '\r\n' : '\n';
  const lines = before === '' ? [] : before.split(/\r?\n/);
  // A final line break leaves an empty last element; hunks never match it.
  if (before.endsWith('\n')) lines.pop();
  let from = 0;
  for (const h of hunks) {
    if (!h.oldLines.length) {
      lines.push(...h.newLines);
      from = lines.length;
      continue;
    }
    // A trailing empty context line the file does not have is dropped, as Codex drops it.
    let old = h.oldLines;
    let neu = h.newLines;
    let at = seek(lines, old, from);
    if (at === -1 && old.length > 1 && old[old.length - 1] === '') {
      old = old.slice(0, -1);
      if (neu[neu.length - 1] === '') neu = neu.slice(0, -1);
      at = seek(lines, old, from);
    }
    if (at === -1) return undefined;
    lines.splice(at, old.length, ...neu);
    from = at + neu.length;
  }
  return lines.length ? lines.join(eol) + eol : '';
}

function codexChanges(input: PatchInput, files: PatchFiles): PatchChanges {
  const parsed = parseApplyPatch(input.text);
  const out: PatchChanges = { changes: [], partial: false, problems: [] };
  if (parsed.error) {
    out.partial = true;
    out.problems.push({ message: `the patch is incomplete (${parsed.error}), so only what it shows was judged` });
  }
  const dirs = input.dirs ?? [];
  const read = reader(input, files);
  const at = (name: string): { abs: string; shown: string } => {
    const abs = files.resolve(dirs, name);
    return { abs, shown: files.display(abs) };
  };
  for (const op of parsed.ops) {
    const f = at(op.path);
    if (op.type === 'add') {
      const now = read(f.abs);
      out.changes.push({ path: f.shown, before: now.kind === 'text' ? now.text : undefined, after: op.content });
      continue;
    }
    const now = read(f.abs);
    if (op.type === 'delete') {
      if (now.kind === 'text') out.changes.push({ path: f.shown, before: now.text, after: undefined });
      else {
        out.problems.push(problem(f.shown, now, 'deletes'));
        out.changes.push({ path: f.shown, before: '', after: undefined });
      }
      continue;
    }
    const target = op.moveTo ? at(op.moveTo) : f;
    const moved = op.moveTo ? { oldPath: f.shown } : {};
    const after = now.kind === 'text' ? applyHunks(now.text, op.hunks) : undefined;
    if (now.kind === 'text' && after !== undefined) {
      out.changes.push({ path: target.shown, before: now.text, after, ...moved });
      continue;
    }
    out.partial = true;
    out.problems.push(now.kind === 'text' ? mismatch(f.shown) : problem(f.shown, now, 'updates'));
    out.changes.push({ path: target.shown, before: op.hunks.map((h) => h.oldLines.join('\n')).join('\n'), after: op.hunks.map((h) => h.newLines.join('\n')).join('\n'), ...moved });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Unified diffs

const DEV_NULL = '/dev/null';

/** A name from a diff header without its timestamp, with `strip` leading components removed. */
function diffName(name: string | undefined, strip: number | undefined): string | undefined {
  if (name === undefined) return undefined;
  const n = name.replace(/\t.*$/, '').trim();
  if (!n || n === DEV_NULL) return undefined;
  if (strip === undefined || strip === 0) return n;
  const parts = n.split('/');
  // Fewer components than -p asks for: the tool cannot find the file either; keep the last one.
  return parts.length > strip ? parts.slice(strip).join('/') : parts[parts.length - 1];
}

/** Both sides rebuilt from the hunks alone, padded so that line numbers stay those of the file. */
function fromHunks(p: StructuredPatch): { before: string; after: string } {
  const before: string[] = [];
  const after: string[] = [];
  for (const h of p.hunks) {
    while (before.length < h.oldStart - 1 && before.length < 1_000_000) before.push('');
    while (after.length < h.newStart - 1 && after.length < 1_000_000) after.push('');
    for (const line of h.lines) {
      const tag = line[0];
      const body = line.slice(1);
      if (tag === ' ') {
        before.push(body);
        after.push(body);
      } else if (tag === '-') before.push(body);
      else if (tag === '+') after.push(body);
    }
  }
  const join = (l: string[]): string => (l.length ? `${l.join('\n')}\n` : '');
  return { before: join(before), after: join(after) };
}

function unifiedChanges(input: PatchInput, files: PatchFiles): PatchChanges {
  const out: PatchChanges = { changes: [], partial: false, problems: [] };
  let parsed: StructuredPatch[];
  try {
    parsed = parsePatch(input.text);
  } catch (e) {
    // git apply and patch refuse such a diff too; still, say so rather than pass it.
    out.problems.push({ message: `the diff cannot be read (${e instanceof Error ? e.message : String(e)}), so what it changes was not judged` });
    return out;
  }
  if (input.reverse) parsed = reversePatch(parsed);
  const dirs = input.dirs ?? [];
  const binaryGit = /^GIT binary patch$/m.test(input.text);
  const read = reader(input, files);
  const locate = (name: string | undefined, p: StructuredPatch): { abs: string; shown: string } | undefined => {
    if (name === undefined) return undefined;
    // GNU patch without -p: a git diff loses its a/ and b/; otherwise the name as written if
    // that file is there, else its last component.
    let strip = input.strip;
    if (strip === undefined && p.isGit) strip = 1;
    const stripped = diffName(name, strip);
    if (stripped === undefined) return undefined;
    const full = input.prefix ? `${input.prefix.replace(/\/+$/, '')}/${stripped}` : stripped;
    let abs = files.resolve(dirs, full);
    if (input.strip === undefined && !p.isGit && !input.noRead && full.includes('/') && read(abs).kind === 'missing') {
      abs = files.resolve(dirs, full.slice(full.lastIndexOf('/') + 1));
    }
    return { abs, shown: files.display(abs) };
  };
  const targetAbs = input.target !== undefined ? files.resolve(dirs, input.target) : undefined;
  const target = targetAbs !== undefined ? { abs: targetAbs, shown: files.display(targetAbs) } : undefined;
  for (const p of parsed) {
    const oldRaw = diffName(p.oldFileName, 0);
    const newRaw = diffName(p.newFileName, 0);
    const added = p.isCreate === true || (oldRaw === undefined && newRaw !== undefined);
    const deleted = p.isDelete === true || (newRaw === undefined && oldRaw !== undefined);
    const oldAt = target ?? locate(p.oldFileName, p);
    const newAt = target ?? locate(p.newFileName, p);
    const f = (deleted ? oldAt : newAt) ?? oldAt;
    if (!f) {
      if (p.hunks.length) out.problems.push({ message: 'a part of the diff names no file, so what it changes was not judged' });
      continue;
    }
    const renamed = !added && !deleted && oldAt && newAt && oldAt.abs !== newAt.abs ? { oldPath: oldAt.shown } : {};
    if (p.isBinary || (binaryGit && !p.hunks.length)) {
      out.problems.push({ path: f.shown, message: 'a binary change; its content cannot be judged' });
      continue;
    }
    if (!p.hunks.length && !added && !deleted && !('oldPath' in renamed)) continue;
    if (added) {
      out.changes.push({ path: f.shown, before: undefined, after: fromHunks(p).after });
      continue;
    }
    const source = oldAt ?? f;
    const now = read(source.abs);
    if (now.kind === 'text') {
      if (deleted) {
        out.changes.push({ path: f.shown, before: now.text, after: undefined });
        continue;
      }
      const after = p.hunks.length ? applyPatch(now.text, p, { fuzzFactor: input.fuzz ?? 0 }) : now.text;
      if (after !== false) {
        out.changes.push({ path: f.shown, before: now.text, after, ...renamed });
        continue;
      }
    }
    out.partial = true;
    out.problems.push(now.kind === 'text' ? mismatch(source.shown) : problem(source.shown, now, deleted ? 'deletes' : 'updates'));
    const own = fromHunks(p);
    out.changes.push({ path: f.shown, before: own.before, after: deleted ? undefined : own.after, ...renamed });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

function problem(path: string, read: Exclude<FileRead, { kind: 'text' }>, verb: 'updates' | 'deletes'): PatchProblem {
  switch (read.kind) {
    case 'missing':
      return { path, message: `the patch ${verb} ${path}, which does not exist, so it was judged on its own lines` };
    case 'too-large':
      return { path, message: `${path} is larger than ${Math.round(read.limit / (1024 * 1024))} MB, so the patch was judged on its own lines` };
    case 'binary':
      return { path, message: `${path} is a binary file; the patch was judged on its own lines only` };
    case 'unreadable':
      return { path, message: `${path} cannot be read (${read.reason}), so the patch was judged on its own lines` };
  }
}

function mismatch(path: string): PatchProblem {
  return { path, message: `the patch does not match ${path} as it is now, so it was judged on its own lines` };
}

/** The file changes a patch makes to the files as they are now, and what could not be read. */
export function patchChanges(input: PatchInput, files: PatchFiles): PatchChanges {
  return input.format === 'codex' ? codexChanges(input, files) : unifiedChanges(input, files);
}
