/**
 * What the in-editor suites share: the extension's API, waiting for a condition, and paths in the
 * fixture workspace the harness opens.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { BlastRadiusApi } from '../../src/extension/extension';

export const EXTENSION_ID = 'blast-radius.blast-radius';

/** Activates the extension (a no-op when it is active) and waits for the shell grammar. */
export async function blastRadius(): Promise<BlastRadiusApi> {
  const extension = vscode.extensions.getExtension<BlastRadiusApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const api = await extension.activate();
  await api.ready;
  return api;
}

/** Polls `probe` (sync or async) every 50 ms until it gives a truthy value; throws after `ms`. */
export async function until<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The fixture workspace folder on disk. */
export function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the harness opens a workspace folder');
  return folder.uri.fsPath;
}

export const fileUri = (rel: string): vscode.Uri => vscode.Uri.file(path.join(root(), rel));
