/**
 * A command line that carries patches (`apply_patch <<'EOF'`, a diff fed to `git apply` or
 * `patch`, see shell/patches.ts) is judged as the file edits it makes: the patches become file
 * changes (patch.ts, through the adapter's bounded reader), the edit engine judges them as one
 * step, and the findings join the command's own. The answer is the stronger of the two. Pure.
 */
import { finish, unanalyzable } from '../finish';
import { DEFAULT_POLICY, type Policy } from '../policy';
import type { ShellPatch } from '../shell/patches';
import type { CommandContext, CommandResult, Finding } from '../types';
import { evaluateBatch } from './engine';
import { PATCH_UNREAD_ALTERNATIVE, type PatchFiles, patchChanges } from './patch';
import type { EditContext, FileChange } from './types';

export interface ShellPatchOptions {
  files: PatchFiles;
  policy?: Policy;
  /** The command's context (for the policy's allow-list) and the edit engine's. */
  ctx?: CommandContext;
  editCtx?: EditContext;
  now?: Date;
}

/** An unanalyzable finding about a patch: what could not be read, pointing at the patch. */
function unread(message: string, p: ShellPatch): Finding {
  return { ...unanalyzable(message, p.span), alternative: PATCH_UNREAD_ALTERNATIVE };
}

const WHO: Record<ShellPatch['tool'], string> = { apply_patch: 'apply_patch', 'git apply': 'git apply', patch: 'patch' };

/** `result` (the command's own) with the findings of the edits its patches make. */
export function judgeShellPatches(result: CommandResult, patches: readonly ShellPatch[], opts: ShellPatchOptions): CommandResult {
  if (!patches.length) return result;
  const policy = opts.policy ?? DEFAULT_POLICY;
  const now = opts.now ?? new Date();
  const raw: Finding[] = [...result.findings];
  const changes: FileChange[] = [];
  /** The patch each change came from, for the span its findings point at. */
  const spanOf = new Map<string, ShellPatch>();
  let partial = false;
  for (const p of patches) {
    if (p.dynamic) raw.push(unread(`part of this patch (${WHO[p.tool]}) is computed by the shell, so only what is written was judged`, p));
    const known = p.dirs.every((d) => !d.includes('\u0000'));
    if (!known) raw.push(unread(`this patch (${WHO[p.tool]}) is applied in a folder known only at run time, so it was judged on its own lines`, p));
    let got;
    try {
      got = patchChanges({ format: p.format, text: p.text, dirs: known ? p.dirs : [], strip: p.strip, reverse: p.reverse, target: p.target, prefix: p.prefix, fuzz: p.fuzz, noRead: p.remote || !known }, opts.files);
    } catch (e) {
      // Our failure must not wave the edit through.
      raw.push(unread(`internal error while reading this patch (${String(e).slice(0, 200)})`, p));
      continue;
    }
    partial ||= got.partial || p.remote || !known;
    for (const problem of got.problems) raw.push(unread(`${WHO[p.tool]}: ${problem.message}`, p));
    if (!got.changes.length && !got.problems.length) raw.push(unread(`${WHO[p.tool]}: no file found in this patch, so what it would change cannot be told`, p));
    for (const c of got.changes) {
      changes.push(c);
      spanOf.set(c.path, p);
    }
  }
  if (changes.length) {
    const batch = evaluateBatch(changes, { policy, ctx: { ...opts.editCtx, ...(partial ? { partial } : {}) }, now });
    const first = patches[0];
    for (const f of batch.findings) {
      const where = f.folder ? `${f.folder}/` : 'the workspace';
      raw.push({ ruleId: f.ruleId, category: f.category, severity: f.severity, score: f.score, message: `${where}: ${f.message}`, span: spanOf.get(f.paths[0])?.span ?? first.span, alternative: f.alternative });
    }
    for (const file of batch.files) {
      const span = (spanOf.get(file.path) ?? first).span;
      for (const f of file.findings) {
        const line = f.range.start.line + 1;
        raw.push({ ruleId: f.ruleId, category: f.category, severity: f.severity, score: f.score, message: `${file.path}:${line}: ${f.message}`, span, alternative: f.alternative, file: { path: file.path, line } });
      }
    }
  }
  return finish(result.command, raw, policy, opts.ctx ?? {}, now);
}
