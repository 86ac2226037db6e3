/**
 * The shared vocabulary of the engine: severities, categories, findings, results and the
 * context that the outside world passes in. Everything here is plain data.
 */
import type { GuardRoots } from './guard';

/**
 * What a severity means. Written down once; rules pick the one whose words fit.
 * - low: reversible with a little effort, or destroys only what the user can regenerate.
 * - medium: loses work or state that takes real effort to get back, or the engine cannot tell.
 * - high: destroys source, history or data that may have no other copy.
 * - critical: destroys a system, a home directory, production data or a whole account's safety net.
 */
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type SeverityOrNone = Severity | 'none';

export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export const SEVERITY_MEANING: Readonly<Record<Severity, string>> = {
  low: 'Reversible with a little effort, or touches only what can be regenerated.',
  medium: 'Loses work or state that takes real effort to get back, or the engine cannot tell what it does.',
  high: 'Destroys source, history or data that may have no other copy.',
  critical: 'Destroys a system, a home directory, production data or the safety net of a whole account.',
};

export function severityRank(s: SeverityOrNone): number {
  switch (s) {
    case 'none': return 0;
    case 'low': return 1;
    case 'medium': return 2;
    case 'high': return 3;
    case 'critical': return 4;
  }
}

export function maxSeverity(a: SeverityOrNone, b: SeverityOrNone): SeverityOrNone {
  return severityRank(a) >= severityRank(b) ? a : b;
}

export type Category =
  | 'filesystem'
  | 'git'
  | 'cloud'
  | 'iam'
  | 'iac'
  | 'kubernetes'
  | 'containers'
  | 'database'
  | 'publishing'
  | 'remote-exec'
  | 'system'
  | 'unanalyzable'
  | 'source'
  | 'ci'
  | 'secrets'
  | 'self-protection'
  | 'environment';

/**
 * What every rule, command or edit, says about itself. Written once here: the command rule and
 * edit rule contracts extend it, and what lists or documents rules (`rules`, `scan`'s SARIF, the
 * generated docs) takes its fields from it.
 */
export interface RuleMeta {
  /** Upper-case category prefix and three digits; stable forever, never reused (docs/rule-ids.md). */
  id: string;
  /** kebab-case name, e.g. `rm-recursive`. */
  name: string;
  category: Category;
  /** The highest severity this rule reports; individual matches may be lower. */
  severity: Severity;
  /** One sentence: what the rule catches. */
  summary: string;
  /** Why it matters. */
  rationale: string;
  /** The safer way to get the same job done. */
  alternative: string;
}

export type Strictness = 'off' | 'relaxed' | 'balanced' | 'strict' | 'paranoid';
export const STRICTNESS_LEVELS: readonly Strictness[] = ['off', 'relaxed', 'balanced', 'strict', 'paranoid'];

export type Decision = 'allow' | 'warn' | 'gate';

/** UTF-16 offsets (JavaScript string indices), end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Context that sharpens a score. Rules fill in what they know; the policy table reads it.
 * - targetClass: what a destructive operation hits.
 * - branch: for git operations, whether the branch is the default one or a named feature branch.
 * - scope: how far the effect reaches.
 */
export type TargetClass =
  | 'system-root'
  | 'home'
  | 'outside-workspace'
  | 'vcs-metadata'
  | 'workspace-root'
  | 'workspace-source'
  | 'workspace-unknown'
  | 'glob'
  | 'dynamic'
  | 'artifact'
  | 'temp';

export type BranchClass = 'default' | 'unnamed' | 'feature';
export type ScopeClass = 'local' | 'remote' | 'production' | 'elevated';

export interface ScoreContext {
  targetClass?: TargetClass;
  branch?: BranchClass;
  scope?: ScopeClass[];
}

/**
 * What a finding of either engine says once a policy has judged it: the rule, how bad, what it
 * would destroy, the safer way, and `decision`, what that policy does with it (allow, warn, gate at
 * its strictness). Adapters show and act on `decision`; they never work it out again.
 */
export interface JudgedFinding {
  ruleId: string;
  category: Category;
  severity: Severity;
  score: number;
  decision: Decision;
  message: string;
  alternative: string;
}

/** A finding of the command engine: where in the line. */
export interface CommandFinding extends JudgedFinding {
  span: Span;
  /** For a finding on a file that a patch in the line changes: the file and its 1-based line. */
  file?: { path: string; line: number };
  /** Where the command acts, when it acts somewhere (a cluster, an account, a database). */
  environment?: FindingEnvironment;
  /**
   * For a finding in something the line runs (a package script, a Makefile recipe, a script
   * file): each step from the invoking words to the line that does it. The span is then the
   * invoking words (`npm run clean`), and the last step quotes the line found.
   */
  via?: FollowStep[];
}

/** Where a finding's command acts, as the engine read it (see environment/index.ts). */
export interface FindingEnvironment {
  production: boolean;
  /** "kube context `prod-eu-1`, namespace `payments`"; empty when nothing is known. */
  label: string;
  /** Parts that could not be told. */
  unknown?: string[];
  /** A stable description of the target; an "always allow" entry records it. */
  key: string;
}

/** One step of a followed chain: a line of a file the command runs. */
export interface FollowStep {
  /** The file, relative to the workspace when inside it (`package.json`, `scripts/wipe.sh`). */
  file: string;
  /** 1-based line in the file. */
  line: number;
  /** The line (or the script's text) as written, clipped, secrets redacted. */
  text: string;
  /** Where in the file, when a name says more than the line number (`scripts.clean`, `target clean`). */
  label?: string;
}

/** What a command rule found, before the policy has judged it (overrides, allow-list, decision). */
export type Finding = Omit<CommandFinding, 'decision'>;

export interface CommandResult {
  command: string;
  score: number;
  severity: SeverityOrNone;
  decision: Decision;
  findings: CommandFinding[];
  /**
   * When the line runs files that were read to judge it (package.json, a Makefile, a script): a
   * digest of every such file's content. An "always allow" entry for the line keeps it and stops
   * applying once one of those files changes.
   */
  chain?: string;
  /**
   * What the judgement could not cover that is no finding: following what the line runs stopped
   * when its budget ran out (the rest was not read). Shown with the result, never silent.
   */
  notes?: string[];
}

/**
 * The words a followed script is run with (`bash wipe.sh dist`): its `$1`, `$2`, … (null where
 * computed at run time), and, when it is judged once per word, the word `"$@"` stands for now.
 */
export interface Positional {
  args: readonly (string | null)[];
  each?: string | null;
}

/** What the outside world tells the engine; the engine itself does no I/O. */
/** What one path holds, as the adapter counted it. */
export interface ImpactCount {
  /**
   * False when nothing is at the path: then there is nothing to count, and only `inRepository` and
   * `tracked` (files git's index still holds there: tracked files that were deleted) are filled in.
   */
  exists: boolean;
  /** Regular files (and symlinks, which are deleted as files), the target itself included when it is one. */
  files: number;
  /** Folders under the target, the target itself included when it is one. */
  folders: number;
  bytes: number;
  /** Lines of text in the files git cannot bring back (modified and untracked text files only). */
  lines: number;
  /** True when the target lies in a git working tree whose index could be read. */
  inRepository: boolean;
  /** Files in git's index (restorable from git when unmodified). */
  tracked: number;
  /** Tracked files whose content differs from the index: uncommitted changes. */
  modified: number;
  /** Files git does not track and that are not build output (ignored ones included: .gitignore never lowers anything). */
  untracked: number;
  /** Untracked files under a folder on the engine's build-output list (node_modules, dist, …). */
  buildOutput: number;
  /** Of the untracked and modified files, those the agent itself created in this session. */
  createdInSession: number;
  /** True when counting stopped at its bound (files or time): the numbers are a floor. */
  bounded: boolean;
  /** Up to a few paths (relative to the target) of files git cannot bring back, for messages. */
  lostSample?: string[];
}

/**
 * Counts what a path holds. The adapter walks the target bounded in files and time, reads git's
 * index without running git, and never throws: a target it cannot read is `undefined` (unknown).
 */
export interface ImpactReader {
  count(path: string): ImpactCount | undefined;
  /**
   * The repository that holds `dir`: its whole working tree counted (git's own folder left out),
   * whether the index holds exactly HEAD's tree (nothing staged), and how many stashes it keeps.
   * For git's discards (reset --hard, clean, stash clear). Undefined outside a repository.
   */
  repository?(dir: string): RepositoryState | undefined;
  /**
   * What a forced push would drop from the remote-tracking branch it overwrites, from local refs
   * only (no network): the commits on `<remote>/<dst>` that `src` does not hold. `remote`, `src`
   * and `dst` default as git's do (the current branch, its push remote, its upstream).
   * Undefined when the repository, a ref or a commit cannot be read.
   */
  pushLoss?(dir: string, push: { remote?: string; src?: string; dst?: string }): CommitLoss | undefined;
  /** What deleting the local branch `branch` loses: its commits that no other ref (branch, tag, remote, stash, worktree HEAD) holds. */
  branchLoss?(dir: string, branch: string): CommitLoss | undefined;
}

/** Commits a ref change would leave unreachable, counted from the repository's own refs and objects. */
export interface CommitLoss {
  /** The ref that would lose them, as people write it (`origin/main`, `feature/x`). */
  ref: string;
  /** Commits reachable from `ref` and from nothing that stays. */
  commits: number;
  /** True when the count stopped at its bound: `commits` is a floor, and the loss is weighed as unknown. */
  bounded: boolean;
  /** The newest few lost commits: "abc1234 subject". */
  sample?: string[];
  /**
   * For a push: the local branch once held the remote-tracking tip (its reflog names it), so the
   * dropped commits are ones the user rewrote (a rebase, an amend), as `--force-if-includes` checks.
   */
  rewritten?: boolean;
}

/** A repository's state, as the adapter read it from its `.git` folder (no git process). */
export interface RepositoryState {
  /** The working tree's top level. */
  top: string;
  /** The whole working tree, `.git` left out. */
  count: ImpactCount | undefined;
  /** True when the index is exactly HEAD's tree, false when it differs, undefined when it cannot tell. */
  indexMatchesHead?: boolean;
  /** Entries in the stash (its reflog's lines); undefined when unreadable. */
  stashes?: number;
}

export interface CommandContext {
  /** For a script a followed line runs: the words it is run with. */
  positional?: Positional;
  /** Where the files that keep protection on live, as the environment moves them (see guard.ts). */
  guard?: GuardRoots;
  /** Directory the command runs in (absolute). */
  cwd?: string;
  /** Workspace root (absolute). Paths inside it are judged as the user's project. */
  workspaceRoot?: string;
  /** The user's home directory. */
  home?: string;
  /** Current git branch in cwd, if known. */
  gitBranch?: string;
  /** The repository's default branch (e.g. main), if known. */
  defaultBranch?: string;
  /**
   * The other folders of a multi-root workspace. A path inside one is judged as that project's;
   * like the workspace root, none of them, their ancestors or the folders beside them is temp.
   */
  workspaceFolders?: string[];
  /**
   * Top-level folders of the repositories that hold the workspace folders (or cwd, without a
   * workspace), and the main working tree of a linked worktree. Never temp, nor their ancestors
   * or the folders beside them.
   */
  repositoryRoots?: string[];
  /**
   * Extra temp roots (e.g. $TMPDIR). /tmp and /var/tmp are always temp, except where the home,
   * a workspace folder or a repository above sits inside them.
   */
  tempDirs?: string[];
  /** The shell the line is written for. */
  shell?: ShellKind;
  /**
   * The caller's environment variables and a bounded reader of the tools' configuration files
   * (kubeconfig, ~/.aws/config, …), for telling where a command acts. Without it only the line
   * itself is read.
   */
  environment?: EnvironmentReader;
  /**
   * Reads the files a command runs (package.json, Makefiles, scripts) so the engine can judge
   * what they do (see follow/). Without it nothing is followed, as before.
   */
  files?: FollowReader;
  /**
   * Counts what a path target holds (files, bytes, lines, what git tracks and what it cannot
   * bring back), bounded in files and time. Asked only by the rules that delete, overwrite or
   * discard files, never on the benign fast path. Without it targets are weighed by path alone.
   */
  impact?: ImpactReader;
}

/**
 * What reading one file gave. The adapter opens regular files only, never blocks, and refuses a
 * file outside the workspace unless the line itself names it.
 */
export type FollowRead =
  | {
    kind: 'text';
    text: string;
    /** A digest of the content (the adapter's; a strong hash where it has one). */
    digest?: string;
    /** The editor's unsaved text of the same file, when it differs from the disk's. */
    unsaved?: { text: string; digest?: string };
  }
  | { kind: 'missing' }
  | { kind: 'too-large'; limit: number }
  | { kind: 'binary'; executable?: boolean }
  | { kind: 'not-regular'; what: string }
  | { kind: 'outside' }
  | { kind: 'unreadable'; reason: string };

/** A bounded, synchronous reader handed to the engine by the adapters (see follow/README). */
export interface FollowReader {
  /**
   * Reads an absolute path, at most `limit` bytes. `named`: the line names this file itself, so
   * it may lie outside the workspace.
   */
  read(path: string, opts: { named: boolean; limit: number }): FollowRead;
  /** The entries of a folder (folders with a trailing `/`), at most `limit`; undefined when it cannot be listed. */
  list?(dir: string, opts: { limit: number }): string[] | undefined;
  /** A strong digest of a text, for the chain an "always allow" entry keeps. */
  digest?(text: string): string;
  /**
   * How the platform the files are on writes paths (see path-flavour.ts): `win32` takes a
   * `C:\proj` or `\\server\share` working folder, and is handed paths back in that form. Default `posix`.
   */
  flavour?: 'posix' | 'win32';
  /**
   * Milliseconds of work done so far, for following's time budget: the process's CPU time where
   * the adapter can read it, so that a busy machine does not cut following short on work never
   * done (a wall-clock ceiling still holds). Default: the wall clock.
   */
  clock?(): number;
}

export type ShellKind = 'bash' | 'sh' | 'zsh' | 'pwsh' | 'cmd';

/**
 * What the adapters hand the engine so that it can tell where a command would act (see
 * environment/reader.ts): the caller's variables and a bounded reader of small configuration files.
 */
/** One file as the reader found it. */
export type FileRead =
  /** The file's text. `stamp` changes whenever the file does (mtime, size); `mtimeMs` is its modification time. */
  | { text: string; stamp?: string; mtimeMs?: number }
  /** There is no such file (or it is not a regular file). */
  | { missing: true }
  /** The file is there but could not be used: unreadable, too large, not text. */
  | { error: string };

export interface EnvironmentReader {
  /** A variable of the environment the command inherits (the caller's, not this process's). */
  variable(name: string): string | undefined;
  /** A small text file, by absolute path. Bounded in size and time by the adapter; never throws. */
  file(path: string): FileRead;
  /** The names in a folder (absolute path), or undefined when it cannot be listed. Bounded by the adapter. */
  list(path: string): readonly string[] | undefined;
  /**
   * When the current agent session started (ms since the epoch), if known. A file changed since
   * then may have been written by the agent, so what it says never lowers a score.
   */
  sessionStart?: number;
  /**
   * A YAML parser (the `yaml` package's `parse`), for kubeconfigs, Argo CD's config and Pulumi's
   * stack files. The adapter hands it in so that the command engine's own bundles need not carry
   * it; without it those files are an unknown environment, said so.
   */
  yaml?: (text: string) => unknown;
}
