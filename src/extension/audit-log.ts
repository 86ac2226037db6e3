/**
 * The durable audit trail: every flagged edit, deletion and command, every decision and every
 * change of protection level, one JSON line each in `<globalStorage>/audit.jsonl`. Writes are
 * queued and serialised off the UI path; secrets are redacted before anything reaches the disk
 * (src/core/audit.ts decides what and when); the file rotates to `audit.1.jsonl` at 5 MB.
 */
import { appendFile, mkdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { AUDIT_FILE, AUDIT_ROTATED_FILE, auditLine, shouldRotate } from '../core/audit';
import type { Strictness } from '../core/types';
// Types only: this module loads without the editor, so unit tests can drive the file handling.
import type { AuditEntry, AuditSink, State } from './state';

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Lines waiting beyond this are dropped (and counted) rather than held in memory forever. */
const MAX_QUEUED_LINES = 10_000;

export class AuditLog implements AuditSink {
  readonly file: string;
  readonly rotatedFile: string;
  private queue: string[] = [];
  private writing: Promise<void> | undefined;
  /** Size of the live file as last seen; undefined until the first write stats it. */
  private size: number | undefined;
  private dropped = 0;
  private lastError = '';

  constructor(
    readonly dir: string,
    private readonly log: { error(message: string): void; warn(message: string): void },
    private readonly maxBytes?: number,
  ) {
    this.file = path.join(dir, AUDIT_FILE);
    this.rotatedFile = path.join(dir, AUDIT_ROTATED_FILE);
  }

  record(entry: Omit<AuditEntry, 'time'>): void {
    let line: string;
    try {
      line = auditLine({ time: new Date().toISOString(), ...entry });
    } catch (e) {
      this.log.error(`audit entry could not be serialised: ${errorText(e)}`);
      return;
    }
    if (this.queue.length >= MAX_QUEUED_LINES) {
      this.dropped++;
      return;
    }
    this.queue.push(line);
    this.kick();
  }

  /** Resolves when everything recorded so far is on disk (or has failed and been logged). */
  async flush(): Promise<void> {
    // Bounded: a stream of new entries must not keep a caller waiting forever.
    for (let i = 0; i < 100 && this.writing; i++) await this.writing;
  }

  private kick(): void {
    if (this.writing) return;
    this.writing = this.drain().finally(() => {
      this.writing = undefined;
      // An entry recorded after the drain's last look at the queue starts the next drain.
      if (this.queue.length) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const lines = this.queue.splice(0);
      if (this.dropped) {
        lines.push(auditLine({ time: new Date().toISOString(), kind: 'error', detail: `${this.dropped} audit entries dropped: the audit file could not keep up` }));
        this.dropped = 0;
      }
      const chunk = lines.join('');
      const bytes = Buffer.byteLength(chunk, 'utf8');
      try {
        if (this.size === undefined) {
          await mkdir(this.dir, { recursive: true });
          this.size = await stat(this.file).then(
            (s) => s.size,
            () => 0,
          );
        }
        if (shouldRotate(this.size, bytes, this.maxBytes)) {
          await rename(this.file, this.rotatedFile);
          this.size = 0;
        }
        await appendFile(this.file, chunk, { encoding: 'utf8', mode: 0o600 });
        this.size += bytes;
        this.lastError = '';
      } catch (e) {
        // Re-stat next time: the folder may have been removed or the file rotated by someone else.
        this.size = undefined;
        const message = errorText(e);
        if (message !== this.lastError) this.log.error(`audit trail: could not write ${this.file}: ${message}`);
        this.lastError = message;
      }
    }
  }
}

/** Sets `state.audit` to the file-backed trail and records changes of protection level. */
export function registerAuditLog(state: State): AuditLog {
  const audit = new AuditLog(state.context.globalStorageUri.fsPath, state.log);
  state.audit = audit;

  let last: { strictness: Strictness; paused: boolean } = { strictness: state.config.settings.strictness, paused: state.config.paused };
  state.own(
    state.config.onDidChange(
      state.guard('audit of setting changes', () => {
        const now = { strictness: state.config.settings.strictness, paused: state.config.paused };
        if (now.strictness !== last.strictness) audit.record({ kind: 'setting', detail: `strictness ${last.strictness} → ${now.strictness}` });
        if (now.paused !== last.paused) {
          const until = state.config.pausedUntilMs ? new Date(state.config.pausedUntilMs).toISOString() : '';
          audit.record({ kind: 'setting', detail: now.paused ? `protection paused until ${until}` : 'protection resumed' });
        }
        last = now;
      }),
    ),
    { dispose: () => void audit.flush() },
  );
  return audit;
}
