/**
 * Which workspace folder a directory belongs to. Plain string work on absolute paths, so it runs
 * the same in tests; Windows paths (drive letter or backslashes) compare case-insensitively.
 */

function isWindowsPath(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/** Folds separators and case (Windows) and drops trailing separators, keeping a root intact. */
function normalise(p: string): { key: string; sep: string } {
  if (isWindowsPath(p)) {
    let key = p.replace(/\//g, '\\').toLowerCase();
    while (key.length > 3 && key.endsWith('\\')) key = key.slice(0, -1);
    return { key, sep: '\\' };
  }
  let key = p;
  while (key.length > 1 && key.endsWith('/')) key = key.slice(0, -1);
  return { key, sep: '/' };
}

/** True when `dir` is `folder` or inside it. */
export function isInside(dir: string, folder: string): boolean {
  const d = normalise(dir);
  const f = normalise(folder);
  if (d.sep !== f.sep) return false;
  if (d.key === f.key) return true;
  const prefix = f.key.endsWith(f.sep) ? f.key : f.key + f.sep;
  return d.key.startsWith(prefix);
}

/**
 * The folder that holds `cwd`; the deepest one when folders nest (multi-root workspaces may
 * list a folder and its parent). Undefined when no folder holds it.
 */
export function containingFolder(cwd: string, folders: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestLength = -1;
  for (const f of folders) {
    if (!isInside(cwd, f)) continue;
    const length = normalise(f).key.length;
    if (length > bestLength) {
      best = f;
      bestLength = length;
    }
  }
  return best;
}

/** The workspace root to judge a command by: the folder holding `cwd`, else the first folder. */
export function resolveWorkspaceRoot(cwd: string | undefined, folders: readonly string[]): string | undefined {
  if (cwd) {
    const hit = containingFolder(cwd, folders);
    if (hit) return hit;
  }
  return folders[0];
}
