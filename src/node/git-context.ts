/**
 * Git facts for the engine's context, read straight from the `.git` directory. Spawning `git`
 * would cost more than the whole evaluation, so this reads a handful of small files instead.
 * Every failure means "unknown", never an exception.
 */
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface GitLocation {
  /** The working tree's top-level directory (the folder holding `.git`). */
  topLevel: string;
  /** The directory with this worktree's HEAD (`.git`, or `.git/worktrees/<name>` for worktrees). */
  gitDir: string;
  /** The directory with refs, packed-refs and config (differs from gitDir for linked worktrees). */
  commonDir: string;
}

export interface GitContext {
  topLevel?: string;
  /** For a linked worktree, the main working tree (or bare repository) whose history it shares. */
  mainTree?: string;
  /** The checked-out branch; undefined when HEAD is detached or there is no repository. */
  branch?: string;
  /** The repository's default branch; undefined when there is no repository. */
  defaultBranch?: string;
}

export interface GitContextOptions {
  /** Where to look for a global git config (`init.defaultBranch`); defaults to the real home. */
  home?: string;
  env?: NodeJS.ProcessEnv;
}

/** Far enough for any real path; guards against symlink loops and odd filesystems. */
const MAX_DEPTH = 256;

/** A file's text, or undefined when it cannot be read. */
export function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Walks up from `start` to the nearest `.git` directory or `.git` file (worktrees, submodules). */
export function findGitLocation(start: string): GitLocation | undefined {
  let dir = path.resolve(start);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const dotGit = path.join(dir, '.git');
    if (isDir(dotGit)) return { topLevel: dir, gitDir: dotGit, commonDir: commonDirOf(dotGit) };
    if (isFile(dotGit)) {
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(readText(dotGit) ?? '');
      if (m) {
        const gitDir = path.resolve(dir, m[1]);
        if (isDir(gitDir)) return { topLevel: dir, gitDir, commonDir: commonDirOf(gitDir) };
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

/** Linked worktrees keep refs in the main repository; their gitdir names it in `commondir`. */
function commonDirOf(gitDir: string): string {
  const rel = readText(path.join(gitDir, 'commondir'))?.trim();
  return rel ? path.resolve(gitDir, rel) : gitDir;
}

/** The branch HEAD points at, or undefined when detached. */
export function currentBranch(loc: GitLocation): string | undefined {
  const head = readText(path.join(loc.gitDir, 'HEAD'))?.trim();
  const m = head ? /^ref:\s*refs\/heads\/(.+)$/.exec(head) : null;
  return m ? m[1] : undefined;
}

function packedRefs(loc: GitLocation): Set<string> {
  const out = new Set<string>();
  const text = readText(path.join(loc.commonDir, 'packed-refs'));
  if (!text) return out;
  for (const line of text.split('\n')) {
    // Lines are `<sha> <refname>`; `#` starts the header and `^` a peeled tag.
    if (!line || line.startsWith('#') || line.startsWith('^')) continue;
    const space = line.indexOf(' ');
    if (space > 0) out.add(line.slice(space + 1).trim());
  }
  return out;
}

function refExists(loc: GitLocation, ref: string, packed: Set<string>): boolean {
  return isFile(path.join(loc.commonDir, ref)) || packed.has(ref);
}

/** `init.defaultBranch` from the repository's config, then the global ones. */
function configuredDefaultBranch(loc: GitLocation, opts: GitContextOptions): string | undefined {
  const env = opts.env ?? process.env;
  const home = opts.home ?? os.homedir();
  const xdg = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  const files = [path.join(loc.commonDir, 'config'), path.join(home, '.gitconfig'), path.join(xdg, 'git', 'config')];
  for (const f of files) {
    const v = readGitConfigValue(readText(f), 'init', 'defaultbranch');
    if (v) return v;
  }
  return undefined;
}

/**
 * Reads one `key = value` from a git config text, in `[section]` or, with `sub`, in
 * `[section "sub"]` (subsection names are case-sensitive): enough for simple values, no includes.
 * In git config, the last value of a key wins.
 */
export function readGitConfigValue(text: string | undefined, section: string, key: string, sub?: string): string | undefined {
  if (!text) return undefined;
  let inSection = false;
  let found: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      const header = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
      const name = header?.[2]?.replace(/\\(.)/g, '$1');
      inSection = !!header && header[1].toLowerCase() === section && name === sub;
      continue;
    }
    if (!inSection) continue;
    const kv = /^([A-Za-z0-9-]+)\s*(?:=\s*(.*))?$/.exec(line);
    if (kv && kv[1].toLowerCase() === key) found = (kv[2] ?? '').replace(/\s*[#;].*$/, '').replace(/^"(.*)"$/, '$1').trim() || undefined;
  }
  return found;
}

/** The size of the repository's object ids from its config: 32 bytes under SHA-256, else 20 (SHA-1). */
export function objectIdBytes(config: string | undefined): number {
  return readGitConfigValue(config, 'extensions', 'objectformat')?.toLowerCase() === 'sha256' ? 32 : 20;
}

/**
 * The default branch, best evidence first: the remote's HEAD, the remote's main or master,
 * `init.defaultBranch` when that branch exists, a local main or master, the configured name,
 * and finally `main`.
 */
export function defaultBranchOf(loc: GitLocation, opts: GitContextOptions = {}): string {
  const originHead = readText(path.join(loc.commonDir, 'refs', 'remotes', 'origin', 'HEAD'))?.trim();
  const m = originHead ? /^ref:\s*refs\/remotes\/origin\/(.+)$/.exec(originHead) : null;
  if (m) return m[1];
  const packed = packedRefs(loc);
  for (const name of ['main', 'master']) if (refExists(loc, `refs/remotes/origin/${name}`, packed)) return name;
  const configured = configuredDefaultBranch(loc, opts);
  if (configured && refExists(loc, `refs/heads/${configured}`, packed)) return configured;
  for (const name of ['main', 'master']) if (refExists(loc, `refs/heads/${name}`, packed)) return name;
  return configured ?? 'main';
}

/**
 * The main working tree of a linked worktree (or the bare repository it belongs to): deleting it
 * deletes this worktree's history. Undefined for a repository's own working tree.
 */
export function mainWorkingTree(loc: GitLocation): string | undefined {
  if (path.resolve(loc.commonDir) === path.resolve(loc.gitDir)) return undefined;
  return path.basename(loc.commonDir) === '.git' ? path.dirname(loc.commonDir) : loc.commonDir;
}

/** The repositories that hold these folders: each one's top level and, for a worktree, its main tree. */
export function repositoryRootsOf(dirs: readonly string[]): string[] {
  const out = new Set<string>();
  for (const dir of dirs) {
    const loc = findGitLocation(dir);
    if (!loc) continue;
    out.add(loc.topLevel);
    const main = mainWorkingTree(loc);
    if (main) out.add(main);
  }
  return [...out];
}

/** Everything the engine wants to know about git in `cwd`; empty when it is not a repository. */
export function readGitContext(cwd: string, opts: GitContextOptions = {}): GitContext {
  const loc = findGitLocation(cwd);
  if (!loc) return {};
  const git: GitContext = { topLevel: loc.topLevel, branch: currentBranch(loc), defaultBranch: defaultBranchOf(loc, opts) };
  const main = mainWorkingTree(loc);
  if (main) git.mainTree = main;
  return git;
}
