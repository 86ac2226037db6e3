/**
 * The last known bytes of the workspace's files, so a change can be judged against what was
 * there and Revert can write back exactly that: same encoding, line endings and BOM. Built in
 * the background after activation (small batches, yielding between them), bounded per file, in
 * total and in file count. Binary files are kept for restoring but never decoded for scoring.
 */
import * as vscode from 'vscode';
import { BaselineBytes } from '../core/watch/baseline-bytes';
import type { PathFilter } from './edit-paths';
import { errorText, type State } from './state';

/** The scan stops after this many files (and says so in the log). */
export const MAX_SCANNED_FILES = 20_000;
const READ_BATCH = 64;
/** The scan waits this long after activation, so start-up stays quick. */
const SCAN_DELAY_MS = 300;

/** `mtime`: when the file was last written, in ms since the epoch (names the command that wrote it). */
export type ReadResult =
  | { kind: 'text'; bytes: Uint8Array; text: string; mtime?: number }
  | { kind: 'binary'; bytes: Uint8Array; mtime?: number }
  | { kind: 'too-large'; size: number; mtime?: number }
  | { kind: 'missing' }
  | { kind: 'error'; message: string };

/** True when the bytes hold a NUL in their first 8 KB: binary, never decoded. */
export function isBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

const decoder = new TextDecoder('utf-8');

/** The text VS Code shows for UTF-8 bytes: a leading BOM is not part of it. */
export function decodeText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class BaselineStore {
  private readonly bytes: BaselineBytes;
  /** Every file the scan or the watchers saw, with or without a baseline (for folder sizes). */
  private readonly known = new Set<string>();
  private readonly loggedOnce = new Set<string>();
  private scanned = false;
  private cancelled = false;
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  private settleReady: () => void = () => undefined;
  readonly ready: Promise<void>;

  constructor(private readonly state: State, private readonly paths: PathFilter) {
    this.bytes = new BaselineBytes(
      () => ({ file: this.maxFileBytes, total: this.maxTotalBytes }),
      (r) => {
        const settings = this.state.config.settings;
        if (r.kind === 'file') this.once(`size:${r.key}`, `no baseline for ${vscode.Uri.parse(r.key).fsPath}: ${Math.round(r.size / 1024)} KB is over blastRadius.baseline.maxFileSizeKB (${settings.baselineMaxFileKB} KB)`);
        else this.once('total', `baselines reached blastRadius.baseline.maxTotalSizeMB (${settings.baselineMaxTotalMB} MB); further files get none (their changes are judged against the committed version when there is one)`);
      },
    );
    this.ready = new Promise((resolve) => {
      this.settleReady = resolve;
      this.startTimer = setTimeout(() => {
        this.startTimer = undefined;
        this.scan().then(resolve, (e: unknown) => {
          if (!this.cancelled) this.state.log.error(`baseline scan failed: ${errorText(e)}`);
          resolve();
        });
      }, SCAN_DELAY_MS);
    });
  }

  get maxFileBytes(): number {
    return this.state.config.settings.baselineMaxFileKB * 1024;
  }

  private get maxTotalBytes(): number {
    return this.state.config.settings.baselineMaxTotalMB * 1024 * 1024;
  }

  get(uri: vscode.Uri): Uint8Array | undefined {
    return this.bytes.get(uri.toString());
  }

  has(uri: vscode.Uri): boolean {
    return this.bytes.has(uri.toString());
  }

  /** Keeps the bytes as the file's baseline. False (and one log line) when a cap says no. */
  set(uri: vscode.Uri, bytes: Uint8Array): boolean {
    this.known.add(uri.toString());
    return this.bytes.set(uri.toString(), bytes);
  }

  delete(uri: vscode.Uri): void {
    this.bytes.delete(uri.toString());
  }

  /** The file is gone for good (its deletion was accepted). */
  forget(uri: vscode.Uri): void {
    this.delete(uri);
    this.known.delete(uri.toString());
  }

  /** A pinned baseline belongs to an open flagged change: caps never drop it. */
  pin(uri: vscode.Uri, bytes?: Uint8Array): void {
    this.bytes.pin(uri.toString(), bytes);
  }

  unpin(uri: vscode.Uri): void {
    this.bytes.unpin(uri.toString());
  }

  /** Files with a baseline (or seen) under a folder that was deleted as a whole. */
  keysUnder(folder: vscode.Uri): vscode.Uri[] {
    const prefix = folder.toString().replace(/\/?$/, '/');
    const out: vscode.Uri[] = [];
    for (const key of this.known) if (key.startsWith(prefix)) out.push(vscode.Uri.parse(key));
    return out;
  }

  isKnown(uri: vscode.Uri): boolean {
    return this.known.has(uri.toString());
  }

  markKnown(uri: vscode.Uri): void {
    this.known.add(uri.toString());
  }

  /** Number of files in each folder (relative to the workspace folder, '' for its root), when the scan saw them all. */
  folderSizes(folder: vscode.WorkspaceFolder): Record<string, number> | undefined {
    if (!this.scanned) return undefined;
    const prefix = folder.uri.toString().replace(/\/?$/, '/');
    const sizes: Record<string, number> = {};
    for (const key of this.known) {
      if (!key.startsWith(prefix)) continue;
      const rel = decodeURIComponent(key.slice(prefix.length));
      const parts = rel.split('/');
      let dir = '';
      sizes[''] = (sizes[''] ?? 0) + 1;
      for (let i = 0; i < parts.length - 1 && i < 32; i++) {
        dir = dir ? `${dir}/${parts[i]}` : parts[i];
        sizes[dir] = (sizes[dir] ?? 0) + 1;
      }
    }
    return sizes;
  }

  /** Reads a file's bytes, telling text from binary and oversized files. Never throws. */
  async read(uri: vscode.Uri): Promise<ReadResult> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) return { kind: 'missing' };
      const mtime = stat.mtime;
      if (stat.size > this.maxFileBytes) return { kind: 'too-large', size: stat.size, mtime };
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.length > this.maxFileBytes) return { kind: 'too-large', size: bytes.length, mtime };
      if (isBinary(bytes)) return { kind: 'binary', bytes, mtime };
      return { kind: 'text', bytes, text: decodeText(bytes), mtime };
    } catch (e) {
      if (e instanceof vscode.FileSystemError && (e.code === 'FileNotFound' || e.code === 'EntryNotFound')) return { kind: 'missing' };
      return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
    }
  }

  /** Logs a line once per key (per file, or per kind of problem). */
  once(key: string, line: string): void {
    if (this.loggedOnce.has(key)) return;
    if (this.loggedOnce.size > 10_000) this.loggedOnce.clear();
    this.loggedOnce.add(key);
    this.state.log.info(line);
  }

  private async scan(): Promise<void> {
    const started = Date.now();
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file' || f.uri.scheme === 'vscode-remote');
    if (!folders.length) {
      this.scanned = true;
      return;
    }
    const exclude = this.paths.findFilesExclude();
    const perFolder = Math.max(1, Math.floor(MAX_SCANNED_FILES / folders.length));
    let files = 0;
    let stored = 0;
    let capped = false;
    for (const folder of folders) {
      if (this.cancelled) return;
      let uris: vscode.Uri[];
      try {
        uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), exclude, perFolder + 1);
      } catch (e) {
        this.state.log.warn(`baseline scan of ${folder.name} failed: ${errorText(e)}`);
        continue;
      }
      if (uris.length > perFolder) {
        capped = true;
        uris = uris.slice(0, perFolder);
      }
      uris = uris.filter((u) => !this.paths.isIgnored(u));
      for (const u of uris) this.known.add(u.toString());
      for (let i = 0; i < uris.length && !this.cancelled; i += READ_BATCH) {
        const batch = uris.slice(i, i + READ_BATCH);
        const results = await Promise.all(batch.map((u) => this.read(u)));
        for (let j = 0; j < batch.length; j++) {
          const r = results[j];
          // A file the watchers already gave a baseline keeps it: theirs is newer.
          if (this.bytes.has(batch[j].toString())) continue;
          if ((r.kind === 'text' || r.kind === 'binary') && this.set(batch[j], r.bytes)) stored++;
          else if (r.kind === 'too-large') this.once(`size:${batch[j].toString()}`, `no baseline for ${batch[j].fsPath}: ${Math.round(r.size / 1024)} KB is over blastRadius.baseline.maxFileSizeKB`);
        }
        files += batch.length;
        // Let the extension host breathe between batches.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
    this.scanned = true;
    if (this.cancelled) return;
    if (capped) this.state.log.warn(`baseline scan stopped at ${MAX_SCANNED_FILES} files; files beyond that are judged against their committed version when there is one`);
    this.state.log.info(`baselines: ${stored} of ${files} files kept (${(this.bytes.total / 1024 / 1024).toFixed(1)} MB) in ${Date.now() - started} ms`);
  }

  dispose(): void {
    this.cancelled = true;
    if (this.startTimer) clearTimeout(this.startTimer);
    this.settleReady();
  }
}
