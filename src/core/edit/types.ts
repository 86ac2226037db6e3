/**
 * The vocabulary of the edit engine: file changes in, findings with ranges out. Plain data only;
 * severities, categories and decisions are the command engine's (see ../types and ../policy).
 */
import type { ProductionSpec } from '../production-spec';
import type { Decision, EnvironmentReader, FindingEnvironment, JudgedFinding, SeverityOrNone } from '../types';
import type { Range } from './text';

export type { Position, Range } from './text';

export type ChangeStatus = 'added' | 'modified' | 'deleted';

/** One file an agent changed: its text before (undefined when added) and after (undefined when deleted). */
export interface FileChange {
  path: string;
  before: string | undefined;
  after: string | undefined;
  /** For a rename, the path the text had before. */
  oldPath?: string;
}

/** What the outside world knows about the workspace; the engine itself does no I/O. */
export interface EditContext {
  /** Workspace root, matched against allow entries' `workspace`. */
  workspace?: string;
  /** Current git branch and the default branch, when known. */
  gitBranch?: string;
  defaultBranch?: string;
  /**
   * The text is reconstructed from a unified diff: lines outside the hunks are blank, so a file
   * that does not parse is not reported as unparseable.
   */
  partial?: boolean;
  /** Number of files in each folder before the change (folder path without trailing slash, '' for the root). */
  folderSizes?: Record<string, number>;
  /**
   * Paths (workspace-relative) that an Argo CD Application with automated prune or a Flux
   * Kustomization with prune declared in the workspace syncs: deleting a manifest under one is a
   * delete in the cluster. Found by the adapter (src/node/gitops-pruners.ts), bounded.
   */
  gitopsPruners?: readonly { path: string; owner: string }[];
  /** Workspace folders (relative, `/`) that hold a kustomization, found by the same scan. */
  kustomizeFolders?: readonly string[];
  /**
   * Where the commands a file holds would act when run on this machine: the reader of the
   * caller's variables and the tools' configuration (kubeconfig, ~/.aws/config, Terraform's
   * workspace) that the adapters hand the command engine for a terminal command, and the home
   * those tools keep it in. Only scripts, Makefile recipes and package.json scripts use it; a CI
   * job or a Dockerfile step runs elsewhere. Without it only the line itself is read.
   */
  environment?: EnvironmentReader;
  home?: string;
  /** Filled by the engine from its policy: what the user declared production (see policy.ts). */
  production?: ProductionSpec;
  /** Filled by evaluateBatch: what the other files of the same step show. */
  batch?: BatchView;
}

/** What the other files of a batch say, so that a block moved between files is not a removal. */
export interface BatchView {
  /** Terraform addresses (`aws_db_instance.main`, `module.x`) declared in any after text, per folder. */
  terraformAddresses: Map<string, Set<string>>;
  /** Terraform `moved` sources and `removed { destroy = false }` sources, per folder. */
  terraformMoved: Map<string, Set<string>>;
  terraformForgotten: Map<string, Set<string>>;
  /** Text of every after file, for "still present elsewhere" checks (names of tests, guards). */
  afterTexts: readonly string[];
  /** True when some after text in the batch turns on Argo CD / Flux pruning. */
  pruneEnabled: boolean;
  /**
   * Every change of the step, as handed in (paths as given). Rules that need more than the
   * indexes above (a module's source folder, a kustomization elsewhere) derive it from here,
   * bounded and cached per batch.
   */
  changes: readonly FileChange[];
}

/** A finding of the edit engine: where in the file. */
export interface EditFinding extends JudgedFinding {
  /** Where to show it in the after text (for removed text: the nearest surviving line). */
  range: Range;
  /** For removed text: where it was in the before text. */
  removedRange?: Range;
  /**
   * The files it is about (workspace-relative), when that is more than the file it is shown on: a
   * finding about a whole step, or one file's finding listed with a step's event.
   */
  paths?: string[];
  /** For a command written into the file: where it would act, as the command engine read it. */
  environment?: FindingEnvironment;
}

export interface EditResult {
  path: string;
  oldPath?: string;
  status: ChangeStatus;
  score: number;
  severity: SeverityOrNone;
  decision: Decision;
  findings: EditFinding[];
  /** Lines added and removed, as the engine's diff saw them. */
  stats: { added: number; removed: number };
}

/** A finding about the step as a whole (mass deletion), listing the files it covers. */
export interface BatchFinding extends EditFinding {
  paths: string[];
  /** The folder the event happened in ('' for the workspace root). */
  folder: string;
}

export interface BatchResult {
  score: number;
  severity: SeverityOrNone;
  decision: Decision;
  files: EditResult[];
  findings: BatchFinding[];
}
