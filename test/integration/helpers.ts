/**
 * What the in-editor suites share: the extension's API, waiting for an event or a condition, and
 * paths in the fixture workspace the harness opens.
 *
 * Tests wait for the event they need (a shell integration event, one of the extension's own events,
 * the disk watcher having seen a write), never for a while. The one bound on a wait is a hang guard
 * far above anything a loaded machine takes; when it is reached the error says which event never came.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { SeenDiskChange } from '../../src/extension/disk-watching';
import type { BlastRadiusApi } from '../../src/extension/extension';
import type { FlaggedEvent } from '../../src/extension/state';

export const EXTENSION_ID = 'blast-radius.blast-radius';

/**
 * The last-resort bound of any one wait: far above what any step takes, even with every core busy
 * (the slowest take a few seconds there). Reaching it means the event never came.
 */
export const HANG_GUARD_MS = 120_000;

/** Mocha's bound for one test: above several waits in a row, each of which has its own guard. */
export const TEST_GUARD_MS = 4 * HANG_GUARD_MS;

/** Activates the extension (a no-op when it is active) and waits for the shell grammar. */
export async function blastRadius(): Promise<BlastRadiusApi> {
  const extension = vscode.extensions.getExtension<BlastRadiusApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const api = await extension.activate();
  await api.ready;
  return api;
}

/** The error a hang guard throws: what never happened, and how long it was given. */
export function neverCame(what: string, ms: number, seen?: string): Error {
  return new Error(`${what} never happened: still waiting after ${ms / 1000} s${seen ? `; ${seen}` : ''}`);
}

/**
 * Waits until `probe` (sync or async) gives a truthy value, checking it every 50 ms: for states the
 * tests read (the events list, a file a command writes). Fails only at the hang guard, naming `what`.
 */
export async function until<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = HANG_GUARD_MS): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw neverCame(what, ms);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Resolves with the first value `event` fires that `match` accepts. Subscribe before doing what
 * makes it fire. Fails only at the hang guard, naming `what`.
 */
export function nextEvent<T>(what: string, event: vscode.Event<T>, match: (value: T) => boolean = () => true, ms = HANG_GUARD_MS): Promise<T> {
  return handled(new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(neverCame(what, ms));
    }, ms);
    const listener = event((value) => {
      if (!match(value)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(value);
    });
  }));
}

/**
 * Marks a guarded wait as handled: when a test fails before awaiting it, its guard firing later
 * must not surface as an unhandled rejection in whatever test runs then. Awaiting it still throws.
 */
export function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** The fixture workspace folder on disk. */
export function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the harness opens a workspace folder');
  return folder.uri.fsPath;
}

export const fileUri = (rel: string): vscode.Uri => vscode.Uri.file(path.join(root(), rel));

let barriers = 0;

/**
 * Resolves once the disk watcher has seen every write made before the call: it writes a marker
 * into a folder the extension never judges (tmp/ is a build folder) and waits for the watcher to
 * report it. The watcher reports changes in the order they happen, so what came before has
 * arrived too.
 */
export async function diskBarrier(api: BlastRadiusApi): Promise<void> {
  const dir = path.join(root(), 'tmp');
  const marker = path.join(dir, `barrier-${++barriers}`);
  const seen = nextEvent(`the disk watcher to report ${marker}`, api.edits.onDidSeeDiskChange, (c: SeenDiskChange) => c.uri.fsPath === marker);
  mkdirSync(dir, { recursive: true });
  writeFileSync(marker, '');
  await seen;
  rmSync(marker, { force: true });
}

/** Every change made so far (in documents and on disk) has reached the extension and been judged. */
export async function settled(api: BlastRadiusApi): Promise<void> {
  await diskBarrier(api);
  await api.edits.flush();
}

/**
 * Runs `f` (which opens one of our quick picks and resolves with its answer) and, once the
 * workbench shows the pick with an item active, `answer` (the keys a person presses).
 */
export async function answerPick<T>(api: BlastRadiusApi, title: string, f: () => Thenable<T>, answer: () => Promise<void>): Promise<T> {
  const shown = nextEvent(`the quick pick "${title}" to show`, api.state.onDidShowPick, (t) => t === title);
  const result = f();
  await shown;
  await answer();
  return result;
}

/** The events of Recent Events about `uri`. */
export function eventsFor(api: BlastRadiusApi, uri: vscode.Uri): FlaggedEvent[] {
  return api.state.events.list().filter((e) => e.uri?.toString() === uri.toString() || e.uris?.some((u) => u.toString() === uri.toString()));
}

/** The quiet deletion event that kept the bytes of `uri` (a reverted or discarded new file). */
export function keptDeletion(api: BlastRadiusApi, uri: vscode.Uri): FlaggedEvent {
  const kept = eventsFor(api, uri).find((e) => e.kind === 'delete' && e.status === 'kept');
  assert.ok(kept, JSON.stringify(eventsFor(api, uri)));
  return kept;
}

/** Restore in Recent Events brings `uri` back, holding `text` again. */
export async function restoreKept(eventId: string, uri: vscode.Uri, text: string): Promise<void> {
  const r = await vscode.commands.executeCommand<{ restored: number } | undefined>('blastRadius.restoreEvent', eventId);
  assert.equal(r?.restored, 1);
  assert.equal(readFileSync(uri.fsPath, 'utf8'), text);
}
