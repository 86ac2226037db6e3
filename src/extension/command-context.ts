/**
 * The engine's CommandContext for a command run in the editor: which workspace folder it belongs
 * to, the other folders and the repositories that hold them, the home and temp folders, the git
 * branch there, and where the files that keep protection on live. Git facts come from reading
 * `.git` (never spawning git) and are cached briefly per directory, because an agent runs many
 * commands in the same place in a row. judgeLine scores a line with them, patches in it included.
 */
import os from 'node:os';
import * as vscode from 'vscode';
import { judgeShellPatches } from '../core/edit/shell-patches';
import { type EvaluateOptions, grammarsNeeded, judgeCommand, useFollowing } from '../core/engine';
import type { ShellKind } from '../core/types';
import { loadPowerShellGrammar } from '../node/grammar-files';
import type { CommandContext, CommandResult, EnvironmentReader } from '../core/types';
import { parseConfigYaml } from '../node/config-yaml';
import { resolveWorkspaceRoot } from '../core/workspace-root';
import type { GuardRoots } from '../core/guard';
import { tempDirsOf } from '../node/command-context';
import { FOLLOWING, followReaderFor } from '../node/follow-files';
import { type GitContext, readGitContext, repositoryRootsOf } from '../node/git-context';
import { nodeEnvironmentReader } from '../node/environment-reader';
import { guardRoots } from '../node/guard-roots';
import { nodeImpactReader } from '../node/impact-reader';
import { hostEnv } from '../node/hooks/paths';
import { nodePatchFiles } from '../node/patch-files';

/** Long enough to absorb a burst of commands, short enough to notice a `git checkout`. */
// The engine follows what a line runs when a context carries a reader (commandContext below).
useFollowing(FOLLOWING);

const GIT_CACHE_MS = 2000;
const GIT_CACHE_LIMIT = 64;
const gitCache = new Map<string, { at: number; git: GitContext }>();

function gitContextOf(dir: string): GitContext {
  const now = Date.now();
  const hit = gitCache.get(dir);
  if (hit && now - hit.at < GIT_CACHE_MS) return hit.git;
  let git: GitContext;
  try {
    git = readGitContext(dir);
  } catch {
    // Unknown git facts only make the score less sharp; they never stop a check.
    git = {};
  }
  if (gitCache.size >= GIT_CACHE_LIMIT) gitCache.delete(gitCache.keys().next().value!);
  gitCache.set(dir, { at: now, git });
  return git;
}

function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** The repositories holding the workspace folders, cached like the git facts. */
let reposCache: { at: number; key: string; roots: string[] } | undefined;

function repositoryRoots(folders: readonly string[]): string[] {
  const now = Date.now();
  const key = folders.join('\n');
  if (reposCache && reposCache.key === key && now - reposCache.at < GIT_CACHE_MS) return reposCache.roots;
  let roots: string[];
  try {
    roots = repositoryRootsOf(folders);
  } catch {
    roots = [];
  }
  reposCache = { at: now, key, roots };
  return roots;
}

/** Where the files that keep protection on live (read from the environment and our install record). */
let guard: { at: number; roots: GuardRoots } | undefined;

function guardedRoots(): GuardRoots {
  const now = Date.now();
  if (!guard || now - guard.at > GIT_CACHE_MS * 5) {
    let roots: GuardRoots = {};
    try {
      roots = guardRoots(hostEnv());
    } catch {
      // The usual file names are still recognised without the record.
    }
    guard = { at: now, roots };
  }
  return guard.roots;
}

/**
 * The editor's session began when the extension did: a kubeconfig, profile or workspace file
 * changed since then may be an agent's, so what it says never lowers a score.
 */
const sessionStart = Date.now();
const environment = nodeEnvironmentReader(process.env, { sessionStart, yaml: parseConfigYaml });

/** The same reader for the commands written into files (edit-paths.ts): they would act where the terminals do. */
export function environmentReader(): EnvironmentReader {
  return environment;
}

let createdInSession: ((fsPath: string) => boolean) | undefined;

/** The edit watcher hands in what its change ledger saw created (undefined when it stops). */
export function useCreatedInSession(test: ((fsPath: string) => boolean) | undefined): void {
  createdInSession = test;
}

/** The context for a command run in `cwd` (default: the first workspace folder). */
export function commandContext(cwd?: string): CommandContext {
  const folders = workspaceFolderPaths();
  const workspaceRoot = resolveWorkspaceRoot(cwd, folders);
  const dir = cwd ?? workspaceRoot;
  // The extension host's environment is the terminals' (they inherit it): its HOME and TMPDIR.
  const ctx: CommandContext = { home: os.homedir(), tempDirs: [...new Set([os.tmpdir(), ...tempDirsOf(process.env)])], shell: 'bash', guard: guardedRoots(), environment };
  if (dir) ctx.cwd = dir;
  if (workspaceRoot) ctx.workspaceRoot = workspaceRoot;
  // Every folder of a multi-root workspace, and the repositories holding them, are the user's.
  const others = folders.filter((f) => f !== workspaceRoot);
  if (others.length) ctx.workspaceFolders = others;
  const repos = [...repositoryRoots(folders)];
  if (dir) {
    const git = gitContextOf(dir);
    if (git.branch) ctx.gitBranch = git.branch;
    if (git.defaultBranch) ctx.defaultBranch = git.defaultBranch;
    // Without a folder open, the repository the command runs in is the user's project, as for the CLI.
    if (!folders.length) repos.push(...[git.topLevel, git.mainTree].filter((r): r is string => !!r));
  }
  if (repos.length) ctx.repositoryRoots = repos;
  // What a line runs from files is read from disk and, for a file open with unsaved changes,
  // from the editor too: both are judged and the stronger answer wins.
  ctx.files = followReaderFor(ctx, unsavedText);
  // What a deletion's target holds, counted only when a rule asks; a tighter time bound, since the
  // extension host answers the gate and the editor on one thread.
  // Files the change ledger saw an agent step create are the agent's own work, not lost work.
  ctx.impact = nodeImpactReader({ bounds: { maxMs: 50 }, walk: { maxMs: 50 }, createdInSession: (abs) => createdInSession?.(abs) ?? false });
  return ctx;
}

let powerShellLoad: Promise<boolean> | undefined;
let powerShellFailed = false;

/**
 * True when judging `line` needs the PowerShell grammar and it is not loaded (nor failed to load:
 * then PowerShell is read by the tokenizer). It ships in the VSIX and loads on first need.
 */
export function needsPowerShellGrammar(line: string, shell?: ShellKind): boolean {
  return !powerShellFailed && grammarsNeeded(line, shell).powershell;
}

/**
 * Loads the PowerShell grammar once; resolves false when it could not be loaded (said in the log by
 * `onError`). `onNote` hears what was done about V8's optimising stall (grammar-files.ts).
 */
export function loadPowerShellOnce(onError: (e: unknown) => void, onNote?: (message: string) => void): Promise<boolean> {
  powerShellLoad ??= loadPowerShellGrammar(onNote).then(
    () => true,
    (e: unknown) => {
      powerShellFailed = true;
      onError(e);
      return false;
    },
  );
  return powerShellLoad;
}

/** The unsaved text of an open, dirty editor for a file, if any. */
function unsavedText(abs: string): string | undefined {
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && doc.uri.scheme === 'file' && doc.uri.fsPath === abs) return doc.getText();
  }
  return undefined;
}

/**
 * Scores a command line before it runs: the command engine, and the edit engine for a patch
 * written into the line (`apply_patch <<'EOF'`, a diff fed to `git apply` or `patch`), read
 * against the files as they are; the answer is the stronger of the two.
 */
export function judgeLine(line: string, opts: EvaluateOptions & { ctx: CommandContext }): CommandResult {
  const { result, patches } = judgeCommand(line, opts);
  if (!patches.length) return result;
  const { ctx } = opts;
  const cwd = ctx.cwd ?? ctx.workspaceRoot ?? os.homedir();
  const root = ctx.workspaceRoot ?? cwd;
  return judgeShellPatches(result, patches, {
    files: nodePatchFiles(cwd, root, ctx.home ?? os.homedir()),
    policy: opts.policy,
    ctx,
    editCtx: { workspace: root, gitBranch: ctx.gitBranch, defaultBranch: ctx.defaultBranch },
    now: opts.now,
  });
}
