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

/** The pruned paths declared under `root`, workspace-relative, in walk order. */
export function findGitopsPruners(root: string, limits: PrunerScanLimits = DEFAULT_PRUNER_LIMITS): PrunedPath[] {
  const out: PrunedPath[] = [];
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
      if (++entries > limits.maxEntries || Date.now() - started > limits.budgetMs) return out;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (depth + 1 <= limits.maxDepth && !e.name.startsWith('.') && !isSkippedFolderName(e.name)) queue.push({ dir: full, depth: depth + 1 });
        continue;
      }
      if (!e.isFile() || !/\.ya?ml$/i.test(e.name)) continue;
      if (++files > limits.maxFiles) return out;
      const text = readSmall(full, limits.maxFileBytes);
      if (text === undefined || !mayDeclarePruner(text)) continue;
      for (const p of prunersInYaml(text)) out.push(p);
    }
  }
  return out;
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
