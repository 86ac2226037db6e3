/**
 * Where a file sits for the edit engine (its workspace folder and workspace-relative path) and
 * whether the watchers leave it alone: skipped folders, `files.exclude`, `files.watcherExclude`
 * and the user's `blastRadius.ignore`. The exclude globs are rebuilt when those settings change.
 * Ranges cross between VS Code and the engine here too.
 */
import os from 'node:os';
import * as vscode from 'vscode';
import type { EditContext, Range as EngineRange } from '../core/edit/types';
import { enabledGlobs, excluder, expandBraces, inSkippedFolder, skippedFolderGlobs } from '../core/watch/exclude';
import { type GitContext, readGitContext } from '../node/git-context';
import { gitopsContext } from '../node/gitops-pruners';
import { environmentReader } from './command-context';
import type { State } from './state';

/** Schemes whose documents are watched: files, and VS Code's user data (settings.json). */
export const WATCHED_SCHEMES: ReadonlySet<string> = new Set(['file', 'vscode-userdata']);

export interface Located {
  folder: vscode.WorkspaceFolder | undefined;
  /** Workspace-relative path with `/`, or the absolute path outside any folder. */
  path: string;
}

export class PathFilter implements vscode.Disposable {
  private excluded: (relPath: string) => boolean = () => false;
  private globs: string[] = [];
  private readonly gitCache = new Map<string, { at: number; git: GitContext }>();
  private readonly prunerCache = new Map<string, { at: number; facts: Pick<EditContext, 'gitopsPruners' | 'kustomizeFolders'> }>();
  private readonly subscription: vscode.Disposable;
  private readonly yamlWatcher: vscode.FileSystemWatcher;

  constructor(private readonly state: State) {
    this.rebuild();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('files.exclude') || e.affectsConfiguration('files.watcherExclude') || e.affectsConfiguration('blastRadius.ignore')) this.rebuild();
    });
    // A GitOps controller written, changed or removed: scan again at the next YAML change judged.
    this.yamlWatcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}');
    const forget = (): void => this.prunerCache.clear();
    this.yamlWatcher.onDidCreate(forget);
    this.yamlWatcher.onDidChange(forget);
    this.yamlWatcher.onDidDelete(forget);
  }

  private rebuild(): void {
    const files = vscode.workspace.getConfiguration('files', null);
    this.globs = [...enabledGlobs(files.get('exclude')), ...enabledGlobs(files.get('watcherExclude'))];
    this.excluded = excluder([...this.globs, ...this.state.config.settings.ignore]);
  }

  locate(uri: vscode.Uri): Located {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder) {
      const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
      if (uri.path.startsWith(base)) return { folder, path: uri.path.slice(base.length) };
    }
    return { folder, path: uri.scheme === 'file' ? uri.fsPath.replace(/\\/g, '/') : uri.path };
  }

  /** True when the file is outside what Blast Radius watches. */
  isIgnored(uri: vscode.Uri): boolean {
    if (!WATCHED_SCHEMES.has(uri.scheme)) return true;
    const { folder, path } = this.locate(uri);
    if (!folder) return false;
    return inSkippedFolder(path) || this.excluded(path);
  }

  /** The exclude glob for `workspace.findFiles` (which then no longer applies files.exclude itself). */
  findFilesExclude(): string {
    const all: string[] = [...skippedFolderGlobs()];
    for (const g of [...this.globs, ...this.state.config.settings.ignore]) {
      for (const e of expandBraces(g)) all.push(e.includes('/') ? e : `**/${e}`, e.includes('/') ? `${e}/**` : `**/${e}/**`);
    }
    return `{${all.slice(0, 2000).join(',')}}`;
  }

  /** The engine's context for a file: its workspace folder and the git branch there. */
  editContext(loc: Located): EditContext {
    if (!loc.folder || loc.folder.uri.scheme !== 'file') return {};
    const root = loc.folder.uri.fsPath;
    const git = this.gitOf(root);
    // Commands written into scripts would act where the terminals do: the same environment reader.
    const ctx: EditContext = { workspace: root, environment: environmentReader(), home: os.homedir() };
    if (git.branch) ctx.gitBranch = git.branch;
    if (git.defaultBranch) ctx.defaultBranch = git.defaultBranch;
    // The workspace's GitOps controllers matter only to YAML (and to a step, whose files vary).
    return loc.path === '' || /\.ya?ml$|(^|\/)kustomization$/i.test(loc.path) ? { ...ctx, ...this.gitopsOf(root) } : ctx;
  }

  /** The workspace's pruning GitOps controllers, scanned again after a YAML file changes and at most once a minute otherwise (bounded walk). */
  private gitopsOf(root: string): Pick<EditContext, 'gitopsPruners' | 'kustomizeFolders'> {
    const hit = this.prunerCache.get(root);
    if (hit && Date.now() - hit.at < 60_000) return hit.facts;
    let facts: Pick<EditContext, 'gitopsPruners' | 'kustomizeFolders'> = {};
    try {
      facts = gitopsContext(root);
    } catch {
      // Without them a deleted manifest is judged on the step alone.
    }
    this.prunerCache.set(root, { at: Date.now(), facts });
    return facts;
  }

  /** Forgets cached git facts (HEAD moved). */
  forgetGit(): void {
    this.gitCache.clear();
  }

  private gitOf(root: string): GitContext {
    const hit = this.gitCache.get(root);
    if (hit && Date.now() - hit.at < 10_000) return hit.git;
    let git: GitContext = {};
    try {
      git = readGitContext(root);
    } catch {
      // Unknown git facts only make a score less sharp.
    }
    this.gitCache.set(root, { at: Date.now(), git });
    return git;
  }

  dispose(): void {
    this.subscription.dispose();
    this.yamlWatcher.dispose();
  }
}

export function toVsRange(r: EngineRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.col, r.end.line, r.end.col);
}

export function toEngineRange(r: vscode.Range): EngineRange {
  return { start: { line: r.start.line, col: r.start.character }, end: { line: r.end.line, col: r.end.character } };
}
