/**
 * Finds the GitOps controllers a workspace declares with pruning on (Argo CD Applications with
 * automated prune, Flux Kustomizations with `prune: true`), for the edit engine's context: a
 * manifest deleted under a path one of them syncs is deleted from the cluster on the next sync,
 * even when the controller's own file is not part of the change. A bounded, synchronous walk over
 * YAML files; every failure means "none found there", never an exception.
 */
import { openSync, readdirSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import { mayDeclarePruner, type PrunedPath, prunersInYaml } from '../core/edit/gitops';
import { isSkippedFolderName } from '../core/watch/exclude';

export interface PrunerScanLimits {
  /** Directory entries looked at, in all. */
  maxEntries: number;
  /** YAML files read. */
  maxFiles: number;
  /** Bytes read of one file; larger files are skipped. */
  maxFileBytes: number;
  maxDepth: number;
  /** Wall-clock budget in milliseconds; the walk stops when it is spent. */
  budgetMs: number;
}

export const DEFAULT_PRUNER_LIMITS: PrunerScanLimits = { maxEntries: 20_000, maxFiles: 2_000, maxFileBytes: 256 * 1024, maxDepth: 8, budgetMs: 150 };

/** What the walk found: pruned paths and the folders kustomize builds (workspace-relative, `/`). */
export interface GitopsFacts {
  gitopsPruners: PrunedPath[];
  kustomizeFolders: string[];
}

/** The pruned paths declared under `root`, workspace-relative, in walk order. */
export function findGitopsPruners(root: string, limits: PrunerScanLimits = DEFAULT_PRUNER_LIMITS): PrunedPath[] {
  return findGitopsFacts(root, limits).gitopsPruners;
}

/**
 * The engine's context from the workspace: the pruned paths, and (only when there are any) the
 * folders holding a kustomization, whose objects come from its lists rather than from every file.
 */
export function gitopsContext(root: string, limits: PrunerScanLimits = DEFAULT_PRUNER_LIMITS): Partial<GitopsFacts> {
  const facts = findGitopsFacts(root, limits);
  return facts.gitopsPruners.length ? facts : {};
}

export function findGitopsFacts(root: string, limits: PrunerScanLimits = DEFAULT_PRUNER_LIMITS): GitopsFacts {
  const out: PrunedPath[] = [];
  const kustomizeFolders: string[] = [];
  const facts = { gitopsPruners: out, kustomizeFolders };
  const started = Date.now();
  let entries = 0;
  let files = 0;
  const queue: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
  while (queue.length) {
    const { dir, depth } = queue.shift()!;
    let names: import('node:fs').Dirent[];
    try {
      names = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of names) {
      if (++entries > limits.maxEntries || Date.now() - started > limits.budgetMs) return facts;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (depth + 1 <= limits.maxDepth && !e.name.startsWith('.') && !isSkippedFolderName(e.name)) queue.push({ dir: full, depth: depth + 1 });
        continue;
      }
      if (e.isFile() && /^kustomization(\.ya?ml)?$/i.test(e.name)) kustomizeFolders.push(path.relative(root, dir).split(path.sep).join('/'));
      if (!e.isFile() || !/\.ya?ml$/i.test(e.name)) continue;
      if (++files > limits.maxFiles) return facts;
      const text = readSmall(full, limits.maxFileBytes);
      if (text === undefined || !mayDeclarePruner(text)) continue;
      for (const p of prunersInYaml(text)) out.push(p);
    }
  }
  return facts;
}

function readSmall(file: string, max: number): string | undefined {
  let fd: number | undefined;
  try {
    if (statSync(file).size > max) return undefined;
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(max);
    const n = readSync(fd, buf, 0, max, 0);
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // Nothing to do: the descriptor is gone either way.
      }
    }
  }
}
