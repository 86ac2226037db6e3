/**
 * The engine's CommandContext for a command run outside the editor (`check`, the agent hooks, the
 * warm hook server): the caller's home and temp folders from the caller's own environment, the
 * workspace and the other folders the user works in, and the repositories that hold them. Only
 * a few small reads of `.git`; every failure means "unknown".
 */
import os from 'node:os';
import path from 'node:path';
import type { CommandContext } from '../core/types';
import { nodeEnvironmentReader } from './environment-reader';
import { currentBranch, findGitLocation, type GitLocation, readGitContext, repositoryRootsOf } from './git-context';
import { guardRoots } from './guard-roots';
import { nodeImpactReader } from './impact-reader';
import { hostEnv } from './hooks/paths';

/**
 * The caller's temp folders: each of $TMPDIR, $TMP and $TEMP that is absolute (os.tmpdir() reads
 * them in that order), else the system's. From the caller's environment, not this process's: the
 * warm hook server answers callers whose environments differ.
 */
export function tempDirsOf(env: NodeJS.ProcessEnv): string[] {
  const dirs = [env.TMPDIR, env.TMP, env.TEMP].filter((d): d is string => !!d && path.isAbsolute(d));
  return [...new Set(dirs.length ? dirs : [os.tmpdir()])];
}

/**
 * Project folders an agent names in its hooks' environment: Claude Code sets CLAUDE_PROJECT_DIR
 * (the folder it was started in, wherever the agent has moved since) and Gemini CLI sets
 * GEMINI_PROJECT_DIR. They only add protection, never take it away.
 */
export function agentProjectDirs(env: NodeJS.ProcessEnv): string[] {
  return [env.CLAUDE_PROJECT_DIR, env.GEMINI_PROJECT_DIR].filter((d): d is string => !!d && path.isAbsolute(d));
}

export interface CommandPlace {
  /** Where the command runs (absolute). */
  cwd: string;
  /** The workspace the caller names (`--workspace`, an agent's workspace root); else git's top level, else cwd. */
  workspace?: string;
  /** Other folders the user works in (the rest of a multi-root workspace, an agent's project folder). */
  folders?: readonly string[];
  /** The caller's environment (HOME, TMPDIR, git's variables). */
  env: NodeJS.ProcessEnv;
  /** The caller's home; defaults to $HOME when absolute, else the account's. */
  home?: string;
  /** When the agent's session started, if known: configuration changed since then never lowers a score. */
  sessionStart?: number;
  /**
   * When the agent's session began as its hooks saw it (the first hook call): untracked files born
   * since are the agent's own, not lost work. Only where no person works beside the agent.
   */
  createdSince?: number;
  /**
   * A YAML parser for kubeconfigs and Pulumi stacks. The CLI loads it (with the edit engine's
   * bundle) only when a command needs one, so `check` of everyday commands never parses it.
   */
  yaml?: (text: string) => unknown;
}

/** The repository holding `cwd` (where its `HEAD` is), for renewForLine. */
export const gitLocationOf = (cwd: string): GitLocation | undefined => findGitLocation(cwd);

/**
 * Readies a context kept for a place (`check --jsonl` keeps one per folder and shell) for its next
 * line. What can change between two lines is read again: the impact reader is a new one (a reader
 * keeps each target's count for the line it judges, so a stream's second `rm -rf build` was
 * answered with the first one's count however the folder had changed since), and the branch
 * checked out is read from `HEAD` again (a line may have switched it). The rest holds for the
 * place: its folders, the guard roots, and the environment reader, which checks its files' stamps
 * itself.
 */
export function renewForLine(ctx: CommandContext, git: GitLocation | undefined, opts: { createdSince?: number } = {}): void {
  ctx.impact = nodeImpactReader(opts.createdSince ? { sessionStart: opts.createdSince } : {});
  if (!git) return;
  const branch = currentBranch(git);
  if (branch) ctx.gitBranch = branch;
  else delete ctx.gitBranch;
}

/** Everything the command engine needs to know about where a command runs. */
export function commandContextAt(place: CommandPlace): CommandContext {
  const home = place.home ?? hostEnv({ env: place.env }).home;
  const git = readGitContext(place.cwd, { home, env: place.env });
  const workspaceRoot = place.workspace ?? git.topLevel ?? place.cwd;
  const folders = [...new Set(place.folders ?? [])].filter((f) => f !== workspaceRoot);
  const ctx: CommandContext = {
    cwd: place.cwd,
    workspaceRoot,
    home,
    gitBranch: git.branch,
    defaultBranch: git.defaultBranch,
    tempDirs: tempDirsOf(place.env),
    // Where the files that keep protection on live for this caller (CLAUDE_CONFIG_DIR, CODEX_HOME, …).
    guard: guardRoots(hostEnv({ env: place.env, home })),
    // Where a command would act (kube context, AWS profile, Terraform workspace…): read lazily, only for commands that need it.
    environment: nodeEnvironmentReader(place.env, { sessionStart: place.sessionStart, yaml: place.yaml }),
    // What a deletion's target holds (files, what git cannot bring back): counted only when a rule asks.
    impact: nodeImpactReader(place.createdSince ? { sessionStart: place.createdSince } : {}),
  };
  if (folders.length) ctx.workspaceFolders = folders;
  // The repository that holds the workspace (cwd's, when no workspace was named) and each other folder's.
  const own = place.workspace === undefined ? [git.topLevel, git.mainTree].filter((r): r is string => !!r) : repositoryRootsOf([place.workspace]);
  const repos = [...new Set([...own, ...repositoryRootsOf(folders)])];
  if (repos.length) ctx.repositoryRoots = repos;
  return ctx;
}
