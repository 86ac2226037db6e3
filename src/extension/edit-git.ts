/**
 * What the watchers need from git: the committed version of a file without a baseline (through
 * the built-in Git extension's API, typed here by hand since it is not in @types/vscode), and
 * whether HEAD just moved, so a checkout or branch switch rewriting files stays silent. HEAD is
 * followed both through that API and by reading `.git/HEAD` when its files change.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { headIdentity, packedRef, parseHead } from '../core/watch/git-head';
import { errorText, type State } from './state';

/** The part of the Git extension's API (version 1) that we use. */
interface GitApi {
  readonly state?: 'uninitialized' | 'initialized';
  readonly repositories: readonly GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
}

interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly HEAD: { readonly name?: string; readonly commit?: string } | undefined; readonly onDidChange: vscode.Event<void> };
  show(ref: string, path: string): Promise<string>;
}

interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

/** How long after HEAD moved file changes still count as part of the checkout. */
export const CHECKOUT_SLACK_MS = 3000;
const SHOW_TIMEOUT_MS = 3000;

export class GitBridge implements vscode.Disposable {
  private api: GitApi | undefined;
  private apiTried = false;
  private readonly heads = new Map<string, string>();
  private readonly movedAt = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly watchedRepos = new Set<string>();

  constructor(private readonly state: State) {
    for (const folder of vscode.workspace.workspaceFolders ?? []) this.watchFolder(folder);
    this.disposables.push(
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.added) this.watchFolder(f);
      }),
    );
  }

  /** The Git extension's API, once it is active; never activates it during start-up. */
  private async gitApi(): Promise<GitApi | undefined> {
    if (this.api || this.apiTried) return this.api;
    this.apiTried = true;
    try {
      const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
      if (!ext) return undefined;
      const exports = ext.isActive ? ext.exports : await ext.activate();
      if (!exports?.enabled) return undefined;
      this.api = exports.getAPI(1);
      for (const repo of this.api.repositories) this.followRepository(repo);
      this.disposables.push(this.api.onDidOpenRepository((r) => this.followRepository(r)));
    } catch (e) {
      this.state.log.info(`git extension API unavailable; committed versions cannot serve as baselines: ${errorText(e)}`);
    }
    return this.api;
  }

  /** Starts following the Git extension's repositories in the background. */
  start(): void {
    void this.gitApi();
  }

  private followRepository(repo: GitRepository): void {
    const key = repo.rootUri.toString();
    if (this.watchedRepos.has(key)) return;
    this.watchedRepos.add(key);
    let last = `${repo.state.HEAD?.name ?? ''}@${repo.state.HEAD?.commit ?? ''}`;
    this.disposables.push(
      repo.state.onDidChange(
        this.state.guard('git repository state', () => {
          const now = `${repo.state.HEAD?.name ?? ''}@${repo.state.HEAD?.commit ?? ''}`;
          if (now === last) return;
          last = now;
          this.markMoved(repo.rootUri);
        }),
      ),
    );
  }

  private watchFolder(folder: vscode.WorkspaceFolder): void {
    if (folder.uri.scheme !== 'file') return;
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.git/{HEAD,packed-refs,refs/heads/**}'));
    const onHead = this.state.guard('git HEAD watcher', () => this.refresh(folder.uri));
    this.disposables.push(w, w.onDidChange(onHead), w.onDidCreate(onHead), w.onDidDelete(onHead));
    void this.refresh(folder.uri);
  }

  private markMoved(root: vscode.Uri): void {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.toString() === root.toString() || folder.uri.path.startsWith(`${root.path}/`)) this.movedAt.set(folder.uri.toString(), Date.now());
    }
    this.movedAt.set(root.toString(), Date.now());
    this.state.log.info(`HEAD moved in ${root.fsPath}; file changes of the checkout are not flagged`);
  }

  /** Reads `.git/HEAD` (and the ref it names) and records a move when it changed. */
  async refresh(root: vscode.Uri): Promise<void> {
    const id = await readHeadIdentity(root);
    if (id === undefined) return;
    const key = root.toString();
    const before = this.heads.get(key);
    this.heads.set(key, id);
    if (before !== undefined && before !== id) this.markMoved(root);
  }

  /** True when HEAD of the folder moved at or after `since` (minus some slack for event order). */
  async movedSince(folder: vscode.WorkspaceFolder | undefined, since: number): Promise<boolean> {
    if (!folder) return false;
    await this.refresh(folder.uri);
    const at = this.movedAt.get(folder.uri.toString());
    return at !== undefined && at >= since - CHECKOUT_SLACK_MS;
  }

  /** The committed text of a file, or undefined when there is no repository or no such file. */
  async committed(uri: vscode.Uri): Promise<string | undefined> {
    if (uri.scheme !== 'file') return undefined;
    const api = await this.gitApi();
    const repo = api?.getRepository(uri);
    if (!repo) return undefined;
    try {
      return await Promise.race([repo.show('HEAD', uri.fsPath), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), SHOW_TIMEOUT_MS))]);
    } catch {
      // Not in HEAD (a new file): no committed version.
      return undefined;
    }
  }

  /**
   * The committed bytes of a file, exactly (for restoring it): `git show HEAD:./name` in its folder;
   * falls back to the Git extension's text only when git itself cannot be started (a file git
   * answered for but HEAD lacks is not committed: asking again would only spawn git twice).
   * Undefined when not committed.
   */
  async committedBytes(uri: vscode.Uri): Promise<Uint8Array | undefined> {
    if (uri.scheme !== 'file') return undefined;
    // The file's folder may be gone with it (`rm -rf src`): ask from the nearest folder still there.
    let dir = path.dirname(uri.fsPath);
    while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    const rel = path.relative(dir, uri.fsPath).split(path.sep).join('/');
    // null: git could not be started; undefined: git ran and has no committed version.
    const bytes = await new Promise<Buffer | null | undefined>((resolve) => {
      execFile('git', ['-C', dir, 'show', `HEAD:./${rel}`], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, timeout: SHOW_TIMEOUT_MS, windowsHide: true }, (err, stdout) =>
        resolve(err ? ((err as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined) : stdout),
      );
    });
    if (bytes) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes === undefined) return undefined;
    const text = await this.committed(uri);
    return text === undefined ? undefined : new TextEncoder().encode(text);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Branch and commit of HEAD in `root`, or undefined when it has no `.git` folder. */
async function readHeadIdentity(root: vscode.Uri): Promise<string | undefined> {
  const gitDir = vscode.Uri.joinPath(root, '.git');
  const head = parseHead(await readText(vscode.Uri.joinPath(gitDir, 'HEAD')));
  if (!head.ref && !head.commit) return undefined;
  let commit: string | undefined;
  if (head.ref) {
    commit = (await readText(vscode.Uri.joinPath(gitDir, ...head.ref.split('/'))))?.trim() || packedRef(await readText(vscode.Uri.joinPath(gitDir, 'packed-refs')), head.ref);
  }
  return headIdentity(head, commit);
}
