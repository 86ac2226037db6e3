/**
 * The CLI's file-edit path, in a bundle of its own so that a shell command never loads the edit
 * engine: the file writes, edits and patches of `blast-radius hook`, and the patches written
 * into a command line (`apply_patch <<'EOF'`, `git apply`, `patch`) for `hook` and `check`. The
 * after-text is rebuilt from the file on disk and the call (the new content, or old/new strings,
 * or a patch); when the call does not apply to the file as it is on disk, the edit is judged on
 * its own old and new text instead, so a removal is still seen.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateBatch } from '../core/edit/engine';
import { PATCH_UNREAD_ALTERNATIVE, patchChanges, type PatchProblem } from '../core/edit/patch';
import { applySearchReplace } from '../core/edit/search-replace';
import { mayHoldCommands } from '../core/edit/rules/commands/helpers';
import { judgeShellPatches } from '../core/edit/shell-patches';
import type { EditContext, FileChange } from '../core/edit/types';
import { applyOverride, decide, decisionRank, type Policy, scoreOf } from '../core/policy';
import type { ShellPatch } from '../core/shell/patches';
import type { CommandContext, CommandResult } from '../core/types';
import { parseConfigYaml } from '../node/config-yaml';
import { nodeEnvironmentReader } from '../node/environment-reader';
import { readGitContext } from '../node/git-context';
import { loadShellGrammar } from '../node/grammar-files';
import { nodePatchFiles } from '../node/patch-files';
import { loadEffectivePolicy } from '../node/policy-files';
import { gitopsContext } from '../node/gitops-pruners';
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

/**
 * YAML for the command engine's environment reader (kubeconfigs, Pulumi stacks): this bundle
 * carries the parser already, so `check` and the hook load it only when a command needs one.
 */
export { parseConfigYaml as parseYaml } from '../node/config-yaml';

/** Applies old/new string edits the way the agents do; undefined when one does not apply. */
export function applyTextEdits(before: string | undefined, edits: readonly TextEdit[]): string | undefined {
  let text = before;
  for (const e of edits) {
    if (e.insertLine !== undefined) {
      // Cline's editor: newText goes before that line (line count + 1 appends).
      if (text === undefined) return undefined;
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const lines = text.split(/\r\n|\n/);
      if (!Number.isInteger(e.insertLine) || e.insertLine < 1 || e.insertLine > lines.length + 1) return undefined;
      lines.splice(e.insertLine - 1, 0, ...e.newText.split(/\r\n|\n/));
      text = lines.join(eol);
      continue;
    }
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

interface Built {
  changes: FileChange[];
  /** True when some change was judged on the call's own text (the file did not match). */
  partial: boolean;
  /** What could not be read or did not match (patches). */
  problems: PatchProblem[];
}

export function buildChanges(call: Exclude<ToolCall, { kind: 'shell' | 'other' | 'cells' }>, cwd: string, root: string, home: string): Built {
  const rel = (p: string): string => {
    const abs = path.resolve(cwd, p);
    const r = path.relative(root, abs);
    return (r && !r.startsWith('..') && !path.isAbsolute(r) ? r : abs).split(path.sep).join('/');
  };
  const abs = (p: string): string => path.resolve(cwd, p);
  if (call.kind === 'multi') {
    const parts = call.calls.map((c) => buildChanges(c, cwd, root, home));
    return { changes: parts.flatMap((p) => p.changes), partial: parts.some((p) => p.partial), problems: parts.flatMap((p) => p.problems) };
  }
  if (call.kind === 'insert') {
    // Where the tool's model places the text is not known before it runs: judged as added at the end.
    const before = readDisk(abs(call.path));
    return { changes: [{ path: rel(call.path), before, after: before === undefined || before === '' ? call.text : `${before}${before.endsWith('\n') ? '' : '\n'}${call.text}\n` }], partial: false, problems: [] };
  }
  if (call.kind === 'write') {
    return { changes: [{ path: rel(call.path), before: readDisk(abs(call.path)), after: call.content }], partial: false, problems: [] };
  }
  if (call.kind === 'edit') {
    const before = readDisk(abs(call.path));
    const after = applyTextEdits(before, call.edits);
    if (after !== undefined) return { changes: [{ path: rel(call.path), before, after }], partial: false, problems: [] };
    return {
      changes: [{ path: rel(call.path), before: call.edits.map((e) => e.oldText).join('\n'), after: call.edits.map((e) => e.newText).join('\n') }],
      partial: true,
      problems: [],
    };
  }
  if (call.kind === 'replace') {
    const before = readDisk(abs(call.path));
    const applied = applySearchReplace(before ?? '', call.blocks);
    if (applied.ok) return { changes: [{ path: rel(call.path), before, after: applied.text }], partial: false, problems: [] };
    // The blocks do not fit the file as it is: judged on their own text, so a removal is still seen.
    return {
      changes: [{ path: rel(call.path), before: call.blocks.map((b) => b.search).join(''), after: call.blocks.map((b) => b.replace).join('') }],
      partial: true,
      problems: [],
    };
  }
  // The same path as a patch written into a command line (core/edit/patch.ts).
  return patchChanges({ format: 'codex', text: call.patch }, nodePatchFiles(cwd, root, home));
}

/**
 * A command line's patches (`apply_patch <<'EOF'`, a diff fed to `git apply` or `patch`) judged
 * as the edits they make to the files on disk, combined with the command's own result.
 */
export async function judgeCommandPatches(result: CommandResult, patches: readonly ShellPatch[], ctx: CommandContext, policy: Policy, home: string): Promise<CommandResult> {
  // Lines that carry a patch were parsed with the grammar; the edit rules re-read scripts with it too.
  await loadShellGrammar();
  const cwd = ctx.cwd ?? process.cwd();
  const root = ctx.workspaceRoot ?? cwd;
  const editCtx: EditContext = { workspace: root, gitBranch: ctx.gitBranch, defaultBranch: ctx.defaultBranch, ...(ctx.environment ? { environment: ctx.environment } : {}), ...(ctx.home ? { home: ctx.home } : {}) };
  return judgeShellPatches(result, patches, { files: nodePatchFiles(cwd, root, home), policy, ctx, editCtx });
}

/** Judges a file tool call; `touched` receives the absolute paths of the files it will change. */
export async function evaluateFileCall(call: Exclude<ToolCall, { kind: 'shell' | 'other' | 'cells' }>, h: HookEnv, workspace: string | undefined, touched?: string[]): Promise<Verdict> {
  const cwd = path.resolve(h.io.cwd, call.cwd ?? '.');
  const git = readGitContext(cwd, { home: h.home, env: h.env });
  const root = workspace ?? git.topLevel ?? cwd;
  const { changes, partial, problems } = buildChanges(call, cwd, root, h.home);
  touched?.push(...changes.map((c) => path.resolve(root, c.path)));
  if (!changes.length && !problems.length) {
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
  // Only where a YAML file is deleted or changed does the workspace's GitOps configuration matter.
  const gitops = changes.some((c) => /\.ya?ml$/i.test(c.path) || /(^|[\\/])kustomization$/i.test(c.path)) ? gitopsContext(root) : {};
  // Commands written into scripts would act where the agent's shell commands do: the same reader of
  // the caller's environment (any configuration may be the agent's, as for a shell call).
  const environment = changes.some(mayHoldCommands) ? nodeEnvironmentReader(h.env, { sessionStart: 0, yaml: parseConfigYaml }) : undefined;
  const ctx: EditContext = { workspace: root, gitBranch: git.branch, defaultBranch: git.defaultBranch, ...(partial ? { partial } : {}), ...gitops, ...(environment ? { environment, home: h.home } : {}) };
  const batch = evaluateBatch(changes, { policy: loaded.policy, ctx });
  // Scores as the edit engine gave them (policy.scoreOf), so the editor's dialog shows the real one;
  // an unread part of a patch is scored as every UNK001 is (core/finish.ts, unanalyzable).
  const findings: HookFinding[] = problems.map((p) => ({ ruleId: 'UNK001', severity: 'medium', score: scoreOf('medium'), message: p.message, alternative: PATCH_UNREAD_ALTERNATIVE }));
  for (const f of batch.findings) findings.push({ ruleId: f.ruleId, severity: f.severity, score: f.score, message: f.message, alternative: f.alternative, where: f.folder ? `${f.folder}/` : undefined });
  for (const file of batch.files) {
    for (const f of file.findings) findings.push({ ruleId: f.ruleId, severity: f.severity, score: f.score, message: f.message, alternative: f.alternative, where: `${file.path}:${f.range.start.line + 1}` });
  }
  findings.sort((a, b) => rank(b.severity) - rank(a.severity));
  for (const file of batch.files) {
    if (!h.tamper) noteTampering(h, { path: path.resolve(root, file.path) }, file.findings);
  }
  const subject = call.kind === 'write' ? 'file write' : call.kind === 'patch' ? 'patch' : 'edit';
  // A patch that could not be read in full is never an allow: the strongest of both.
  const unread = problems.length ? decide(applyOverride('UNK001', 'medium', loaded.policy.rules, loaded.policy.floors) ?? 'none', loaded.policy.strictness) : 'allow';
  return verdictOf(decisionRank(unread) > decisionRank(batch.decision) ? unread : batch.decision, subject, findings, loaded.policy.strictness);
}

function rank(s: string): number {
  return ['none', 'low', 'medium', 'high', 'critical'].indexOf(s);
}
