/**
 * Which workspace paths the watchers leave alone: version-control metadata, folders a build or
 * package manager recreates (node_modules, dist…), and the user's `files.exclude` /
 * `files.watcherExclude` / `blastRadius.ignore` globs. Paths are workspace-relative with `/`.
 */
import { pathGlobMatch } from '../policy';
import { ARTIFACT_DIRS } from '../rules/paths';

const VCS_DIRS: ReadonlySet<string> = new Set(['.git', '.hg', '.svn', '.jj', '.bzr', '_darcs', 'CVS']);

/** The folder names that are never watched nor given baselines, whatever the settings say. */
export function isSkippedFolderName(name: string): boolean {
  return VCS_DIRS.has(name) || ARTIFACT_DIRS.has(name);
}

/** True when some folder of the path (not its last segment) is a skipped folder. */
export function inSkippedFolder(relPath: string): boolean {
  const parts = relPath.split('/');
  for (let i = 0; i < parts.length - 1; i++) if (isSkippedFolderName(parts[i])) return true;
  return false;
}

/** Globs that skipped folders give to `workspace.findFiles` as its exclude pattern. */
export function skippedFolderGlobs(): string[] {
  return [...VCS_DIRS, ...ARTIFACT_DIRS].map((d) => `**/${d}/**`);
}

const MAX_EXPANSIONS = 64;

/** Expands `{a,b}` alternatives (nested ones too), bounded so that a hostile glob cannot explode. */
export function expandBraces(glob: string): string[] {
  const open = glob.indexOf('{');
  if (open === -1) return [glob];
  let depth = 0;
  let close = -1;
  const commas: number[] = [];
  for (let i = open; i < glob.length; i++) {
    const c = glob[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    } else if (c === ',' && depth === 1) commas.push(i);
  }
  if (close === -1) return [glob];
  const head = glob.slice(0, open);
  const tail = glob.slice(close + 1);
  const bounds = [open, ...commas, close];
  const out: string[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const alt = glob.slice(bounds[k] + 1, bounds[k + 1]);
    for (const e of expandBraces(head + alt + tail)) {
      if (out.length >= MAX_EXPANSIONS) return out;
      out.push(e);
    }
  }
  return out;
}

/**
 * A matcher for VS Code-style exclude globs. A glob without a slash matches a name at any depth
 * (as in `files.exclude`); a path is excluded when it or any of its folders matches.
 */
export function excluder(globs: readonly string[]): (relPath: string) => boolean {
  const patterns: string[] = [];
  for (const g of globs) {
    if (typeof g !== 'string' || !g.trim()) continue;
    for (let e of expandBraces(g.trim().replace(/\\/g, '/'))) {
      e = e.replace(/^\.\//, '').replace(/\/+$/, '');
      if (e.startsWith('/')) e = e.slice(1);
      if (!e.includes('/')) e = `**/${e}`;
      patterns.push(e);
      if (patterns.length >= 4096) break;
    }
  }
  if (patterns.length === 0) return () => false;
  return (relPath: string) => {
    const parts = relPath.split('/');
    // Test the path and each of its folders, shortest first, at most 64 levels deep.
    let prefix = '';
    for (let i = 0; i < parts.length && i < 64; i++) {
      prefix = i === 0 ? parts[0] : `${prefix}/${parts[i]}`;
      for (const p of patterns) if (pathGlobMatch(p, prefix)) return true;
    }
    return false;
  };
}

/**
 * The keys of a `files.exclude`-style object whose value is `true`. Conditional values
 * (`{ "when": "$(basename).ts" }`) hide generated siblings in the explorer; they are not a reason
 * to stop watching, so they do not count.
 */
export function enabledGlobs(setting: unknown): string[] {
  if (!setting || typeof setting !== 'object' || Array.isArray(setting)) return [];
  return Object.entries(setting as Record<string, unknown>)
    .filter(([, v]) => v === true)
    .map(([k]) => k);
}
