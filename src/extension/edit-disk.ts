/**
 * Judging changes on disk: writes and deletions by processes outside the editor (an agent's file
 * tools, a command in a terminal), as the disk watcher hands them over in windows. A folder moved
 * or created arrives as its files; a deleted file whose bytes reappear under another name was
 * moved; files deleted together are one batch; a checkout (HEAD moved) rewrites files silently;
 * our own writes (Revert, Restore, Apply anyway) stay quiet.
 */
import * as vscode from 'vscode';
import { ReloadDetector } from '../core/watch/reload';
import { TextBaseline } from '../core/watch/text-baseline';
import { guardWatches, matchesWatch } from '../node/guard-roots';
import { hostEnv } from '../node/hooks/paths';
import { decodeText, isBinary } from './baseline-store';
import { type DiskChange, DiskWatching, type SeenDiskChange } from './disk-watching';
import { ATTRIBUTION_EDITOR_DELETE, type EditLedger } from './edit-ledger';
import { bytesHash } from './edit-writes';
import { errorText, type State } from './state';

/** Files judged from one window of disk events; a clone of 100,000 files must not take minutes. */
const MAX_WRITES_PER_WINDOW = 2000;

export class DiskJudging {
  private readonly disk: DiskWatching;
  /**
   * Fires for every change the disk watcher reports, as it arrives and before it is judged
   * (`flush()` then judges it).
   */
  readonly onDidSeeDiskChange: vscode.Event<SeenDiskChange>;
  /** Files (and folders) deleted through VS Code's workspace API, and when. */
  private readonly editorDeletes = new Map<string, number>();

  constructor(
    private readonly state: State,
    private readonly ledger: EditLedger,
  ) {
    // The files that keep protection on outside the workspace (an agent's user settings, our policy
    // and launcher) are judged like workspace files when another process writes or deletes them.
    // The editor's own user settings are not among them: its Settings UI writes that file too.
    this.disk = state.own(
      new DiskWatching(state, ledger.paths, (changes, openedAt) => ledger.schedule('disk changes', () => this.onDisk(changes, openedAt)), {
        watches: () => guardWatches(hostEnv()),
        watching: (dir, pattern) => ledger.enqueue('baselines of guarded files', () => this.seedGuarded(dir, pattern)),
      }),
    );
    this.onDidSeeDiskChange = this.disk.onDidSee;
    state.own(
      vscode.workspace.onDidDeleteFiles(
        state.guard('files deleted', (e: vscode.FileDeleteEvent) => {
          const now = Date.now();
          if (this.editorDeletes.size > 10_000) this.editorDeletes.clear();
          for (const f of e.files) this.editorDeletes.set(f.toString(), now);
        }),
      ),
    );
  }

  /** Hands over whatever the disk watcher holds, now; true when there was something. */
  flushNow(): boolean {
    return this.disk.flushNow();
  }

  /** Baselines for the guarded files in a folder outside the workspace, as its watcher starts. */
  private async seedGuarded(dir: vscode.Uri, pattern: string): Promise<void> {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(dir);
    } catch {
      return;
    }
    for (const [name, type] of entries) {
      if (!(type & vscode.FileType.File) || !matchesWatch(pattern, name)) continue;
      const uri = vscode.Uri.joinPath(dir, name);
      if (this.ledger.store.has(uri) || this.ledger.tracked.has(uri.toString())) continue;
      const r = await this.ledger.store.read(uri);
      if (r.kind === 'text' || r.kind === 'binary') this.ledger.store.set(uri, r.bytes);
    }
  }

  private async onDisk(changes: DiskChange[], openedAt: number): Promise<void> {
    const writes: DiskChange[] = [];
    const deletions: DiskChange[] = [];
    for (const c of changes) (c.type === 'deleted' ? deletions : writes).push(c);
    const movedFolders = new Map<string, boolean>();
    const moved = async (uri: vscode.Uri): Promise<boolean> => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (!folder) return false;
      const k = folder.uri.toString();
      if (!movedFolders.has(k)) movedFolders.set(k, await this.ledger.git.movedSince(folder, openedAt));
      return movedFolders.get(k)!;
    };
    // A folder moved or copied in arrives as one event: its files are the writes.
    const expanded: vscode.Uri[] = [];
    // When each file's change arrived (a folder's files: when the folder's did).
    const arrived = new Map<string, number>();
    for (const c of writes) {
      const files = c.type === 'created' ? await this.filesUnder(c.uri) : [c.uri];
      for (const u of files) arrived.set(u.toString(), c.at);
      expanded.push(...files);
    }
    if (expanded.length > MAX_WRITES_PER_WINDOW) {
      // A clone or an unpacked archive: judge a bounded share, and say so.
      this.state.log.warn(`${expanded.length} files written on disk at once; judging the first ${MAX_WRITES_PER_WINDOW}, the rest keep their old baselines`);
      expanded.length = MAX_WRITES_PER_WINDOW;
    }
    // A deleted file whose bytes reappear under a new name in the same window was moved, not lost.
    const deletedAt = new Map<string, number>();
    const deleted = this.deletedFiles(deletions, deletedAt);
    const byContent = new Map<string, vscode.Uri>();
    for (const u of deleted.values()) {
      const bytes = this.ledger.store.get(u);
      if (bytes && !this.ledger.tracked.get(u.toString())?.eventId) byContent.set(bytesHash(bytes), u);
    }
    for (const uri of expanded) {
      try {
        if (byContent.size && !this.ledger.store.has(uri) && !this.ledger.tracked.has(uri.toString())) {
          const r = await this.ledger.store.read(uri);
          const from = r.kind === 'text' || r.kind === 'binary' ? byContent.get(bytesHash(r.bytes)) : undefined;
          if (from && (r.kind === 'text' || r.kind === 'binary')) {
            byContent.delete(bytesHash(r.bytes));
            deleted.delete(from.toString());
            this.ledger.store.forget(from);
            this.ledger.store.set(uri, r.bytes);
            this.state.log.info(`${this.ledger.relativePath(from)} moved to ${this.ledger.relativePath(uri)}`);
            continue;
          }
        }
        await this.onDiskWrite(uri, await moved(uri), arrived.get(uri.toString()) ?? openedAt);
      } catch (e) {
        this.state.log.error(`judging ${uri.fsPath} failed: ${errorText(e)}`);
      }
    }
    if (deleted.size) await this.onDiskDeletions(deleted, moved, (u) => deletedAt.get(u.toString()) ?? openedAt);
    if ([...movedFolders.values()].some(Boolean)) this.ledger.paths.forgetGit();
  }

  /** The file itself, or the files under a created folder (bounded, skipped folders left out). */
  private async filesUnder(uri: vscode.Uri): Promise<vscode.Uri[]> {
    let stat: vscode.FileStat;
    try {
      stat = await vscode.workspace.fs.stat(uri);
    } catch {
      return [uri];
    }
    if (!(stat.type & vscode.FileType.Directory)) return [uri];
    const out: vscode.Uri[] = [];
    const queue = [uri];
    while (queue.length && out.length < MAX_WRITES_PER_WINDOW) {
      const dir = queue.shift()!;
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(dir);
      } catch {
        continue;
      }
      for (const [name, type] of entries) {
        const child = vscode.Uri.joinPath(dir, name);
        if (this.ledger.paths.isIgnored(child)) continue;
        if (type & vscode.FileType.Directory) queue.push(child);
        else if (type & vscode.FileType.File) out.push(child);
      }
    }
    return out;
  }

  /**
   * Deleted files we knew: a deleted folder arrives as one event, its files are the ones under it.
   * `seen` gets when the watcher saw each one go (a folder's files: when it saw the folder go).
   */
  private deletedFiles(deletions: readonly DiskChange[], seen: Map<string, number>): Map<string, vscode.Uri> {
    const files = new Map<string, vscode.Uri>();
    const add = (u: vscode.Uri, at: number): void => {
      const key = u.toString();
      files.set(key, u);
      seen.set(key, at);
    };
    for (const d of deletions) {
      const key = d.uri.toString();
      if (this.ledger.store.isKnown(d.uri) || this.ledger.tracked.has(key) || this.ledger.store.has(d.uri)) add(d.uri, d.at);
      else for (const u of this.ledger.store.keysUnder(d.uri)) add(u, d.at);
    }
    return files;
  }

  private async onDiskWrite(uri: vscode.Uri, checkout: boolean, at: number): Promise<void> {
    const key = uri.toString();
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (doc?.isDirty) {
      // The editor holds unsaved work for this file; VS Code itself reports the conflict on save.
      this.state.log.info(`${uri.fsPath} changed on disk while it has unsaved changes in the editor; not judged`);
      return;
    }
    const pendingDoc = this.ledger.tracked.get(key);
    if (pendingDoc?.doc && pendingDoc.pending) {
      // The editor saved a change it has not judged yet: judge the edit first, then this write.
      const p = pendingDoc.pending;
      pendingDoc.pending = undefined;
      this.ledger.enqueue('edit before its save', () => this.ledger.judgeDocument(pendingDoc, p));
      this.ledger.enqueue('disk write after an edit', () => this.onDiskWrite(uri, checkout, at));
      return;
    }
    const own = this.ledger.writes.recent.get(key);
    const r = await this.ledger.store.read(uri);
    if (r.kind === 'missing') return;
    if (r.kind === 'error') {
      this.state.log.warn(`cannot read ${uri.fsPath} to judge its change: ${r.message}`);
      return;
    }
    if (r.kind === 'too-large') {
      this.ledger.once(`large:${key}`, `${uri.fsPath} changed on disk but is ${Math.round(r.size / 1024)} KB, over blastRadius.baseline.maxFileSizeKB: not judged`);
      if (!checkout && this.state.config.settings.watchDisk) this.ledger.recordUnjudgedWrite(uri, undefined, this.ledger.diskAttribution('write', [uri], at, r.mtime), this.ledger.diskCommand([uri], at, r.mtime));
      this.ledger.store.delete(uri);
      return;
    }
    let t = this.ledger.tracked.get(key);
    if (r.kind === 'binary') {
      this.ledger.once(`binary:${key}`, `${uri.fsPath} is binary: kept for restoring, never decoded for scoring`);
      if (t?.eventId) return;
      // Our own bytes (Rewind, Restore) are no step of anyone's.
      const ours = own !== undefined && own.at > Date.now() - 10_000 && own.hash === bytesHash(r.bytes);
      if (own !== undefined) this.ledger.writes.recent.delete(key);
      if (!ours && !checkout && this.state.config.settings.watchDisk) this.ledger.recordUnjudgedWrite(uri, r.bytes, this.ledger.diskAttribution('write', [uri], at, r.mtime), this.ledger.diskCommand([uri], at, r.mtime));
      this.ledger.store.set(uri, r.bytes);
      return;
    }
    if (own !== undefined) {
      this.ledger.writes.recent.delete(key);
      // Only our own bytes are ours: an agent writing again right after a Revert is judged.
      if (own.at > Date.now() - 10_000 && own.hash === bytesHash(r.bytes)) {
        if (!t?.eventId) this.ledger.store.set(uri, r.bytes);
        return;
      }
    }
    // A file of an open deletion batch is back.
    if (t?.eventId) {
      const ev = this.ledger.events.get(t.eventId);
      if (ev && (ev.kind === 'delete' || ev.kind === 'batch')) {
        const same = !t.absent && t.base?.text() === r.text;
        this.ledger.resolve(t, 'restored');
        t = this.ledger.tracked.get(key);
        if (same) {
          this.ledger.store.set(uri, r.bytes);
          return;
        }
      }
    }
    if (!t) {
      const baseBytes = this.ledger.store.get(uri);
      let before: string | undefined;
      if (baseBytes && !isBinary(baseBytes)) before = decodeText(baseBytes);
      else if (!baseBytes) before = await this.ledger.git.committed(uri);
      else {
        this.ledger.store.set(uri, r.bytes);
        return;
      }
      if (before === r.text) {
        this.ledger.store.set(uri, r.bytes);
        return;
      }
      t = { uri, key, base: before === undefined ? undefined : new TextBaseline(before), absent: before === undefined, doc, diverged: false, pending: undefined, eventId: undefined, findings: [], attribution: '', ownEdits: 0, reloads: new ReloadDetector(doc?.isDirty ?? false) };
      this.ledger.tracked.set(key, t);
    }
    // An open document in step with its baseline is judged against the bytes last seen on disk:
    // a small reload can look like typing and be in the document's baseline already.
    let before: { text: string | undefined } | undefined;
    if (t.doc && !t.eventId) {
      const baseBytes = this.ledger.store.get(uri);
      if (baseBytes && !isBinary(baseBytes)) before = { text: decodeText(baseBytes) };
      if (before?.text === r.text) {
        this.ledger.store.set(uri, r.bytes);
        return;
      }
    }
    this.ledger.store.markKnown(uri);
    if (checkout) {
      this.ledger.settle(t, r.text, r.bytes, 'kept');
      return;
    }
    if (!this.state.config.settings.watchDisk) return;
    const command = this.ledger.diskCommand([uri], at, r.mtime);
    this.ledger.judgeFile(t, r.text, this.ledger.diskAttribution('write', [uri], at, r.mtime), 'disk-write', { afterBytes: r.bytes, ...(before ? { before } : {}), ...(command !== undefined ? { command } : {}) });
  }

  /**
   * Files gone, judged as one deletion per folder and per command: each file is given to the
   * command running when the watcher saw it go (`at`), so two commands' deletions handed over in
   * one window are two steps, each its own command's.
   */
  private async onDiskDeletions(files: Map<string, vscode.Uri>, moved: (uri: vscode.Uri) => Promise<boolean>, at: (uri: vscode.Uri) => number): Promise<void> {
    // Check the files are really gone (a quick delete-and-recreate by an editor is a write).
    const gone: vscode.Uri[] = [];
    for (const uri of files.values()) {
      const r = await this.ledger.store.read(uri);
      if (r.kind === 'missing') gone.push(uri);
      else if (r.kind !== 'error') await this.onDiskWrite(uri, await moved(uri), at(uri));
    }
    const byFolder = new Map<string, { folder: vscode.WorkspaceFolder | undefined; uris: vscode.Uri[]; at: number }>();
    for (const uri of gone) {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const seen = at(uri);
      const k = `${folder?.uri.toString() ?? ''}\u0000${this.state.commandRunningAt(uri.fsPath, seen)?.run ?? ''}`;
      let g = byFolder.get(k);
      if (!g) byFolder.set(k, (g = { folder, uris: [], at: seen }));
      g.uris.push(uri);
    }
    for (const { folder, uris, at } of byFolder.values()) {
      if (await moved(uris[0])) {
        for (const u of uris) this.ledger.forgetFile(u, 'kept');
        continue;
      }
      if (!this.state.config.settings.watchDisk) {
        for (const u of uris) this.ledger.forgetFile(u, 'kept');
        continue;
      }
      const editor = this.deletedThroughEditor(uris);
      const command = editor ? undefined : this.ledger.diskCommand(uris, at);
      await this.ledger.judgeDeletion(folder, uris, editor ? ATTRIBUTION_EDITOR_DELETE : this.ledger.diskAttribution('delete', uris, at), command !== undefined ? { command } : {});
    }
  }

  /** True when VS Code's own file operations deleted every one of the files (or their folders) just now. */
  private deletedThroughEditor(uris: readonly vscode.Uri[]): boolean {
    if (!this.editorDeletes.size) return false;
    const recent = Date.now() - 30_000;
    return uris.every((u) => {
      for (let p = u.toString(); p.includes('/'); p = p.slice(0, p.lastIndexOf('/'))) {
        const at = this.editorDeletes.get(p);
        if (at !== undefined && at >= recent) return true;
      }
      return false;
    });
  }
}
