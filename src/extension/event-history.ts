/**
 * Recent Events across reloads: the last 200 events of this workspace are kept in its
 * workspaceState and shown again when the window comes back. Command lines, attributions (which
 * name the command that ran) and finding messages are redacted as the audit trail redacts them
 * (core/audit.ts) before they are stored. An event still open when the window went is not brought
 * back as open: an open change comes back through edit-persistence.ts as an event of its own, a
 * command that was running or waiting for an answer is over (the shim got no answer: not run).
 */
import * as vscode from 'vscode';
import { redactSecrets } from '../core/audit';
import type { EventKind, EventStatus, FlaggedEvent, FlaggedFinding, State } from './state';

export const EVENT_HISTORY_KEY = 'blastRadius.recentEvents';
/** Events kept per workspace. */
export const EVENT_HISTORY_LIMIT = 200;
/** Findings kept per stored event (the audit trail has them all). */
const MAX_STORED_FINDINGS = 20;

interface StoredEvent {
  id: string;
  kind: EventKind;
  time: number;
  uri?: string;
  uris?: string[];
  command?: string;
  typed?: string;
  cwd?: string;
  score: number;
  severity: FlaggedEvent['severity'];
  decision: FlaggedEvent['decision'];
  attribution: string;
  findings: FlaggedFinding[];
  status: EventStatus;
  exitCode?: number;
  setAside?: Record<string, string>;
}

const redact = (text: string): string => redactSecrets(text).text;

function toStored(e: FlaggedEvent): StoredEvent {
  return {
    id: e.id,
    kind: e.kind,
    time: e.time,
    ...(e.uri ? { uri: e.uri.toString() } : {}),
    ...(e.uris ? { uris: e.uris.map((u) => u.toString()) } : {}),
    ...(e.command !== undefined ? { command: redact(e.command) } : {}),
    ...(e.typed !== undefined ? { typed: redact(e.typed) } : {}),
    ...(e.cwd ? { cwd: e.cwd } : {}),
    score: e.score,
    severity: e.severity,
    decision: e.decision,
    attribution: redact(e.attribution),
    findings: e.findings.slice(0, MAX_STORED_FINDINGS).map((f) => ({ ...f, message: redact(f.message) })),
    status: e.status,
    ...(e.exitCode !== undefined ? { exitCode: e.exitCode } : {}),
    ...(e.setAside ? { setAside: e.setAside } : {}),
  };
}

/** What an event that was under way when the window went is now. */
function settledStatus(s: StoredEvent): EventStatus | undefined {
  if (s.kind !== 'command') return s.status === 'open' || s.status === 'held' ? undefined : s.status;
  if (s.status === 'ran') return 'finished';
  if (s.status === 'open' || s.status === 'held') return 'blocked';
  return s.status;
}

function fromStored(v: unknown): FlaggedEvent | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const s = v as StoredEvent;
  if (typeof s.id !== 'string' || typeof s.kind !== 'string' || typeof s.time !== 'number' || typeof s.status !== 'string' || !Array.isArray(s.findings)) return undefined;
  const status = settledStatus(s);
  if (!status) return undefined;
  try {
    return {
      id: s.id,
      kind: s.kind,
      time: s.time,
      ...(s.uri ? { uri: vscode.Uri.parse(s.uri) } : {}),
      ...(s.uris ? { uris: s.uris.map((u) => vscode.Uri.parse(u)) } : {}),
      ...(s.command !== undefined ? { command: s.command } : {}),
      ...(s.typed !== undefined ? { typed: s.typed } : {}),
      ...(s.cwd ? { cwd: s.cwd } : {}),
      score: s.score,
      severity: s.severity,
      decision: s.decision,
      attribution: String(s.attribution ?? ''),
      findings: s.findings,
      status,
      ...(typeof s.exitCode === 'number' ? { exitCode: s.exitCode } : {}),
      ...(s.setAside && typeof s.setAside === 'object' && Object.values(s.setAside).every((p) => typeof p === 'string') ? { setAside: s.setAside } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Brings back the events kept from the last window, and keeps the list from now on. */
export function registerEventHistory(state: State): void {
  const memento = state.context.workspaceState;
  const stored = memento.get<unknown[]>(EVENT_HISTORY_KEY);
  const earlier = Array.isArray(stored) ? stored.map(fromStored).filter((e): e is FlaggedEvent => !!e) : [];
  if (earlier.length) state.events.restore(earlier);
  let queued = false;
  const save = (): void => {
    queued = false;
    const list = state.events.list().slice(0, EVENT_HISTORY_LIMIT).map(toStored);
    memento.update(EVENT_HISTORY_KEY, list.length ? list : undefined).then(undefined, (e: unknown) => state.log.error(`keeping Recent Events failed: ${String(e)}`));
  };
  state.own(
    state.events.onDidChange(
      state.guard('keeping Recent Events', () => {
        // Several changes in one turn are saved once.
        if (queued) return;
        queued = true;
        queueMicrotask(state.guard('keeping Recent Events', save));
      }),
    ),
    { dispose: () => (queued ? save() : undefined) },
  );
}

/** Shown in the view, the tooltip and the details: the line as typed, else the line judged. */
export function shownCommand(e: Pick<FlaggedEvent, 'command' | 'typed'>): string {
  return e.typed ?? e.command ?? '';
}
