/**
 * Says when something tried to switch protection off. Every flagged event whose findings include
 * a self-protection rule (SELF…) is added to the shared record (src/node/tamper-log.ts), which the
 * agent hooks and `hooks status` use too; the newest entry, whoever recorded it, is shown in the
 * status bar tooltip, and the tooltip follows the file when a hook outside the editor adds one.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { type TamperEntry, tamperFindings, tamperLine, type TamperOutcome } from '../core/tamper';
import { hostEnv, tildify } from '../node/hooks/paths';
import { readTampering, recordTampering, tamperLogPath } from '../node/tamper-log';
import type { EventStatus, FlaggedEvent, State } from './state';

let latest: TamperEntry | undefined;
const changed = new vscode.EventEmitter<void>();

/** The newest recorded attempt to switch protection off, if any. */
export function latestTampering(): TamperEntry | undefined {
  return latest;
}

/** Fires when the newest attempt changes (for the status bar). */
export const onDidChangeTampering = changed.event;

/** A line for the status bar tooltip, or undefined when nothing was ever recorded. */
export function tamperingTooltip(): string | undefined {
  if (!latest) return undefined;
  const host = hostEnv();
  return `Protection tampering: ${tamperLine(latest, (s) => s.split(`${host.home.replace(/\/+$/, '')}/`).join('~/'))}`;
}

function outcomeOf(e: FlaggedEvent): TamperOutcome {
  const byStatus: Partial<Record<EventStatus, TamperOutcome>> = { blocked: 'refused', held: 'held', reverted: 'refused', ran: 'allowed', finished: 'allowed', open: e.kind === 'command' ? 'asked' : 'flagged' };
  return byStatus[e.status] ?? 'flagged';
}

export function registerSelfProtection(state: State): void {
  const host = hostEnv();
  const file = tamperLogPath(host);
  const reread = (): void => {
    const next = readTampering(host, 1)[0];
    if (next?.time === latest?.time && next?.message === latest?.message) return;
    latest = next;
    changed.fire();
  };
  const seen = new Set<string>();
  const onEvents = (): void => {
    for (const e of state.events.list().slice(0, 50)) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      const t = tamperFindings(e.findings);
      if (!t.length) continue;
      const path = e.uri ? (e.uri.scheme === 'file' ? e.uri.fsPath : e.uri.toString()) : undefined;
      const failed = recordTampering(host, {
        source: e.kind === 'command' ? 'terminal' : 'editor',
        ...(e.command !== undefined ? { command: e.command } : path !== undefined ? { path } : {}),
        ruleIds: [...new Set(t.map((f) => f.ruleId))],
        message: t[0].message,
        outcome: outcomeOf(e),
      });
      if (failed) state.log.error(`could not record an attempt to switch protection off in ${tildify(file, host)}: ${failed}`);
      else state.log.warn(`protection tampering recorded: ${t.map((f) => f.ruleId).join(', ')} (${e.command ?? path ?? e.kind})`);
    }
    if (seen.size > 5000) seen.clear();
    reread();
  };
  // Seen before this start: not new.
  for (const e of state.events.list()) seen.add(e.id);
  try {
    // The folder the hooks write to, so there is something to watch before the first entry.
    mkdirSync(path.dirname(file), { recursive: true });
  } catch (e) {
    state.log.warn(`cannot create ${path.dirname(file)}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
  state.own(
    state.events.onDidChange(state.guard('tampering record', onEvents)),
    watcher,
    watcher.onDidCreate(state.guard('tampering record', reread)),
    watcher.onDidChange(state.guard('tampering record', reread)),
  );
  reread();
}
