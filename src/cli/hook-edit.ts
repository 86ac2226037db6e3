/**
 * File writes and edits for `blast-radius hook`, in a bundle of its own so that the hook for a
 * shell command never loads the edit engine. The after-text is rebuilt from the file on disk and
 * the call (the new content, or old/new strings, or a Codex patch); when the call does not apply
 * to the file as it is on disk, the edit is judged on its own old and new text instead, so a
 * removal is still seen.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateBatch } from '../core/edit/engine';
import { mayHoldCommands } from '../core/edit/rules/commands';
import type { EditContext, FileChange } from '../core/edit/types';
import { readGitContext } from '../node/git-context';
import { loadShellGrammar } from '../node/grammar-files';
import { loadEffectivePolicy } from '../node/policy-files';
import type { TextEdit, ToolCall, Verdict } from './hook-agents';
import { type HookEnv, type HookFinding, noteTampering, verdictOf } from './hook-verdict';

/** Files larger than this are read only up to it (the engine reports them as too large). */
const MAX_READ = 32 * 1024 * 1024;

function readDisk(file: string): string | undefined {
  try {
    const buf = readFileSync(file);
    return buf.toString('utf8', 0, Math.min(buf.length, MAX_READ));
  } catch {
    return undefined;
  }
}

/** Applies old/new string edits the way the agents do; undefined when one does not apply. */
export function applyTextEdits(before: string | undefined, edits: readonly TextEdit[]): string | undefined {
  let text = before;
  for (const e of edits) {
    if (e.oldText === '') {
      // An empty old string creates a file; on an existing file the agents refuse the edit.
      if (text !== undefined && text !== '') return undefined;
      text = e.newText;
      continue;
    }
    if (text === undefined) return undefined;
    let at = text.indexOf(e.oldText);
    if (at === -1 && text.includes('\r\n') && !e.oldText.includes('\r\n')) {
      // Gemini CLI matches against line-ending-normalised text.
      text = text.replace(/\r\n/g, '\n');
      at = text.indexOf(e.oldText);
    }
    if (at === -1) return undefined;
    text = e.replaceAll ? text.split(e.oldText).join(e.newText) : text.slice(0, at) + e.newText + text.slice(at + e.oldText.length);
  }
  return text;
}

export type PatchOp =
  | { type: 'add'; path: string; content: string }
  | { type: 'delete'; path: string }
  | { type: 'update'; path: string; moveTo?: string; hunks: { oldLines: string[]; newLines: string[] }[] };

/** Parses Codex's `apply_patch` format (`*** Begin Patch` … `*** End Patch`). */
export function parseApplyPatch(text: string): { ops: PatchOp[]; error?: string } {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const ops: PatchOp[] = [];
  let i = lines.findIndex((l) => l.trim() === '*** Begin Patch');
  if (i === -1) return { ops, error: 'no "*** Begin Patch" line' };
  i++;
  let cur: PatchOp | undefined;
  let hunk: { oldLines: string[]; newLines: string[] } | undefined;
  const startHunk = (): void => {
    if (cur?.type !== 'update') return;
    hunk = { oldLines: [], newLines: [] };
    cur.hunks.push(hunk);
  };
  for (; i < lines.length && i < 2_000_000; i++) {
    const line = lines[i];
    let m: RegExpExecArray | null;
    if (line.trim() === '*** End Patch') return { ops };
    if ((m = /^\*\*\* Add File: (.+)$/.exec(line))) {
      cur = { type: 'add', path: m[1].trim(), content: '' };
      ops.push(cur);
      continue;
    }
    if ((m = /^\*\*\* Delete File: (.+)$/.exec(line))) {
      cur = { type: 'delete', path: m[1].trim() };
      ops.push(cur);
      continue;
    }
    if ((m = /^\*\*\* Update File: (.+)$/.exec(line))) {
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

/** Applies the hunks of an update in order; undefined when one does not match the file. */
export function applyHunks(before: string, hunks: readonly { oldLines: string[]; newLines: string[] }[]): string | undefined {
  let text = before;
  let from = 0;
  for (const h of hunks) {
    if (!h.oldLines.length) {
      const sep = text === '' || text.endsWith('\n') ? '' : '\n';
      text = `${text}${sep}${h.newLines.join('\n')}\n`;
      continue;
    }
    const oldBlock = h.oldLines.join('\n');
    const newBlock = h.newLines.join('\n');
    const at = text.indexOf(oldBlock, from);
    if (at === -1) return undefined;
    text = text.slice(0, at) + newBlock + text.slice(at + oldBlock.length);
    from = at + newBlock.length;
  }
  return text;
}

interface Built {
  changes: FileChange[];
  /** True when some change was judged on the call's own text (the file did not match). */
  partial: boolean;
}

export function buildChanges(call: Exclude<ToolCall, { kind: 'shell' | 'other' }>, cwd: string, root: string): Built {
  const rel = (p: string): string => {
    const abs = path.resolve(cwd, p);
    const r = path.relative(root, abs);
    return (r && !r.startsWith('..') && !path.isAbsolute(r) ? r : abs).split(path.sep).join('/');
  };
  const abs = (p: string): string => path.resolve(cwd, p);
  if (call.kind === 'write') {
    return { changes: [{ path: rel(call.path), before: readDisk(abs(call.path)), after: call.content }], partial: false };
  }
  if (call.kind === 'edit') {
    const before = readDisk(abs(call.path));
    const after = applyTextEdits(before, call.edits);
    if (after !== undefined) return { changes: [{ path: rel(call.path), before, after }], partial: false };
    return {
      changes: [{ path: rel(call.path), before: call.edits.map((e) => e.oldText).join('\n'), after: call.edits.map((e) => e.newText).join('\n') }],
      partial: true,
    };
  }
  const parsed = parseApplyPatch(call.patch);
  const changes: FileChange[] = [];
  let partial = parsed.error !== undefined;
  for (const op of parsed.ops) {
    if (op.type === 'add') changes.push({ path: rel(op.path), before: readDisk(abs(op.path)), after: op.content });
    else if (op.type === 'delete') changes.push({ path: rel(op.path), before: readDisk(abs(op.path)) ?? '', after: undefined });
    else {
      const before = readDisk(abs(op.path));
      const after = before === undefined ? undefined : applyHunks(before, op.hunks);
      const target = rel(op.moveTo ?? op.path);
      if (before !== undefined && after !== undefined) {
        changes.push({ path: target, before, after, ...(op.moveTo ? { oldPath: rel(op.path) } : {}) });
      } else {
        partial = true;
        changes.push({ path: target, before: op.hunks.map((h) => h.oldLines.join('\n')).join('\n'), after: op.hunks.map((h) => h.newLines.join('\n')).join('\n') });
      }
    }
  }
  return { changes, partial };
}

export async function evaluateFileCall(call: Exclude<ToolCall, { kind: 'shell' | 'other' }>, h: HookEnv, workspace: string | undefined): Promise<Verdict> {
  const cwd = path.resolve(h.io.cwd, call.cwd ?? '.');
  const git = readGitContext(cwd, { home: h.home, env: h.env });
  const root = workspace ?? git.topLevel ?? cwd;
  const { changes, partial } = buildChanges(call, cwd, root);
  if (!changes.length) {
    return { kind: 'invalid', message: 'Blast Radius could not find any file in this patch, so it cannot tell what the call would change. Check it before approving it.' };
  }
  const loaded = loadEffectivePolicy({ cwd, workspaceRoot: root, env: h.env, strictnessFlag: h.strictnessFlag, home: h.home });
  for (const w of loaded.warnings) h.io.stderr(`blast-radius: warning: ${w}\n`);
  try {
    // The grammar (WebAssembly, ~20 ms to load) only where a changed file may hold commands.
    if (changes.some(mayHoldCommands)) await loadShellGrammar();
  } catch (e) {
    // Without the grammar, commands written into files are reported as unchecked, not passed.
    h.io.stderr(`blast-radius: shell grammar unavailable (${e instanceof Error ? e.message : String(e)}); commands in files are not scored\n`);
  }
  const ctx: EditContext = { workspace: root, gitBranch: git.branch, defaultBranch: git.defaultBranch, ...(partial ? { partial } : {}) };
  const batch = evaluateBatch(changes, { policy: loaded.policy, ctx });
  const findings: HookFinding[] = [];
  for (const f of batch.findings) findings.push({ ruleId: f.ruleId, severity: f.severity, message: f.message, alternative: f.alternative, where: f.folder ? `${f.folder}/` : undefined });
  for (const file of batch.files) {
    for (const f of file.findings) findings.push({ ruleId: f.ruleId, severity: f.severity, message: f.message, alternative: f.alternative, where: `${file.path}:${f.range.start.line + 1}` });
  }
  findings.sort((a, b) => rank(b.severity) - rank(a.severity));
  for (const file of batch.files) {
    if (!h.tamper) noteTampering(h, { path: path.resolve(root, file.path) }, file.findings);
  }
  const subject = call.kind === 'write' ? 'file write' : call.kind === 'patch' ? 'patch' : 'edit';
  return verdictOf(batch.decision, subject, findings, loaded.policy.strictness);
}

function rank(s: string): number {
  return ['none', 'low', 'medium', 'high', 'critical'].indexOf(s);
}
