/**
 * Writes and deletions on disk by processes outside the editor (Claude Code, Codex, Aider in a
 * terminal): one FileSystemWatcher per workspace folder. Events are gathered into one window
 * (it stays open while events keep coming, up to five seconds) and handed over together, so a
 * folder deleted file by file is one batch and a checkout is judged after HEAD has moved.
 */
import { existsSync, mkdirSync } from 'node:fs';
import * as vscode from 'vscode';
import { EventWindow } from '../core/watch/event-window';
import type { GuardWatch } from '../node/guard-roots';
import type { PathFilter } from './edit-paths';
import type { State } from './state';

export type DiskChangeType = 'created' | 'changed' | 'deleted';

export interface DiskChange {
  uri: vscode.Uri;
  type: DiskChangeType;
  at: number;
}

/**
 * Folders outside the workspace that hold the files keeping protection on (an agent's user
 * settings, our policy and launcher): `watches` lists them, `watching` hears of each folder as its
 * watcher starts, so its files get baselines before the first change.
 */
export interface GuardFolders {
  watches(): GuardWatch[];
  watching(dir: vscode.Uri, pattern: string): void;
}

/** How often folders that did not exist yet (an agent installed later) are looked for again. */
const GUARD_RESCAN_MS = 60_000;

/** A change as the file system watcher reported it, before judging; `ignored` when Blast Radius leaves the path alone. */
export interface SeenDiskChange {
  uri: vscode.Uri;
  type: DiskChangeType;
  ignored: boolean;
}

/** Receives a closed window of changes; `openedAt` is when its first event arrived. */
export type DiskSink = (changes: DiskChange[], openedAt: number) => Promise<void>;

/** Deletions closer than this belong to one batch. */
export const DELETE_WINDOW_MS = 500;
/** However long events keep coming, a window closes after this. */
export const MAX_WINDOW_MS = 5000;

export class DiskWatching implements vscode.Disposable {
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly guardWatchers = new Map<string, vscode.Disposable>();
  private guardTimer: ReturnType<typeof setInterval> | undefined;
  private window: EventWindow<DiskChange>;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly seenEmitter = new vscode.EventEmitter<SeenDiskChange>();
  /**
   * Fires for every change the watcher reports, as it arrives (ignored paths too). Nothing in the
   * extension listens: it tells a caller (the tests) that a write of theirs has reached the
   * watcher, so that what follows waits on that rather than on a guess of how long it takes.
   */
  readonly onDidSee = this.seenEmitter.event;

  constructor(
    private readonly state: State,
    private readonly paths: PathFilter,
    private readonly sink: DiskSink,
    private readonly guards?: GuardFolders,
  ) {
    this.window = new EventWindow(this.quietMs(), MAX_WINDOW_MS);
    this.sync();
    if (guards) this.guardTimer = setInterval(state.guard('guarded folders', () => this.syncGuards()), GUARD_RESCAN_MS);
    this.disposables.push(
      this.seenEmitter,
      vscode.workspace.onDidChangeWorkspaceFolders(state.guard('workspace folders changed', () => this.sync())),
      state.config.onDidChange(state.guard('disk watching settings', () => this.sync())),
    );
  }

  private quietMs(): number {
    return Math.max(DELETE_WINDOW_MS, this.state.config.settings.quietPeriodMs);
  }

  /** Watches each folder while `blastRadius.watch.disk` is on. */
  private sync(): void {
    const on = this.state.config.settings.watchDisk;
    const wanted = new Map<string, vscode.WorkspaceFolder>();
    if (on) for (const f of vscode.workspace.workspaceFolders ?? []) wanted.set(f.uri.toString(), f);
    for (const [key, w] of this.watchers) {
      if (!wanted.has(key)) {
        w.dispose();
        this.watchers.delete(key);
      }
    }
    for (const [key, folder] of wanted) {
      if (this.watchers.has(key)) continue;
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
      const on = (type: DiskChangeType) => this.state.guard(`disk ${type}`, (uri: vscode.Uri) => this.add(uri, type));
      this.watchers.set(key, vscode.Disposable.from(w, w.onDidCreate(on('created')), w.onDidChange(on('changed')), w.onDidDelete(on('deleted'))));
    }
    if (this.window.quietMs !== this.quietMs() && this.window.size === 0) this.window = new EventWindow(this.quietMs(), MAX_WINDOW_MS);
    this.syncGuards();
  }

  /** Watches each guarded folder outside the workspace that exists, while disk watching is on. */
  syncGuards(): void {
    if (!this.guards) return;
    const wanted = new Map<string, GuardWatch>();
    if (this.state.config.settings.watchDisk) {
      for (const w of this.guards.watches()) {
        if (w.create && !existsSync(w.dir)) {
          try {
            mkdirSync(w.dir, { recursive: true });
          } catch (e) {
            this.state.log.warn(`cannot create ${w.dir} to watch it: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        if (existsSync(w.dir)) wanted.set(`${w.dir}\0${w.pattern}`, w);
      }
    }
    for (const [key, w] of this.guardWatchers) {
      if (!wanted.has(key)) {
        w.dispose();
        this.guardWatchers.delete(key);
      }
    }
    for (const [key, g] of wanted) {
      if (this.guardWatchers.has(key)) continue;
      const dir = vscode.Uri.file(g.dir);
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(dir, g.pattern));
      const on = (type: DiskChangeType) => this.state.guard(`disk ${type}`, (uri: vscode.Uri) => this.add(uri, type));
      this.guardWatchers.set(key, vscode.Disposable.from(w, w.onDidCreate(on('created')), w.onDidChange(on('changed')), w.onDidDelete(on('deleted'))));
      this.guards.watching(dir, g.pattern);
    }
  }

  private add(uri: vscode.Uri, type: DiskChangeType): void {
    // Cheap string checks first: git and build folders churn constantly.
    const ignored = this.paths.isIgnored(uri);
    if (!ignored) {
      const now = Date.now();
      this.window.add(uri.toString(), { uri, type, at: now }, now);
      if (!this.timer) this.arm();
    }
    this.seenEmitter.fire({ uri, type, ignored });
  }

  private arm(): void {
    const due = this.window.dueAt();
    if (due === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.takeDue(false);
      this.arm();
    }, Math.max(10, due - Date.now()));
  }

  /** Hands over the window when it has closed (or at once when forced); true when there was one. */
  takeDue(force: boolean): boolean {
    const openedAt = this.window.openedAt;
    const changes = this.window.take(Date.now(), force);
    if (!changes?.length) return false;
    void this.sink(changes, openedAt);
    return true;
  }

  /** Hands over whatever is waiting, now. */
  flushNow(): boolean {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    return this.takeDue(true);
  }

  get waiting(): number {
    return this.window.size;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.guardTimer) clearInterval(this.guardTimer);
    for (const w of [...this.watchers.values(), ...this.guardWatchers.values()]) w.dispose();
    this.watchers.clear();
    this.guardWatchers.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
