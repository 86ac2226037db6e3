/**
 * The VS Code entry point. For now it only sets up logging, loads the shell grammar in the
 * background and hands out the API object that in-editor tests drive.
 * TODO(#editor): diagnostics, code actions, the terminal gate and the settings reader.
 */
import os from 'node:os';
import * as vscode from 'vscode';
import { evaluateCommand } from '../core/engine';
import { grammarReady } from '../core/shell/grammar';
import type { CommandResult } from '../core/types';
import { loadShellGrammar } from '../node/grammar-files';
import { loadEffectivePolicy } from '../node/policy-files';

/** What `activate` returns: the surface that tests and other extensions use. */
export interface BlastRadiusApi {
  version: string;
  /** Scores a command line; undefined until the shell grammar has loaded. */
  evaluateCommand(line: string): CommandResult | undefined;
}

export function activate(context: vscode.ExtensionContext): BlastRadiusApi {
  const declared = (context.extension.packageJSON as { version?: unknown }).version;
  const version = typeof declared === 'string' ? declared : 'unknown';
  const log = vscode.window.createOutputChannel('Blast Radius', { log: true });
  context.subscriptions.push(log);
  log.info(`Blast Radius ${version} activated`);

  context.subscriptions.push(vscode.commands.registerCommand('blastRadius.showLog', () => log.show()));

  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const root = folder?.scheme === 'file' ? folder.fsPath : undefined;
  // The same policy files the CLI reads, so the editor and the hooks agree.
  // TODO(#editor): fold in the blastRadius.* settings and watch the files for changes.
  const { policy, warnings } = loadEffectivePolicy({ cwd: root ?? os.homedir(), workspaceRoot: root });
  for (const w of warnings) log.warn(w);

  const started = Date.now();
  loadShellGrammar().then(
    () => log.info(`shell grammar loaded in ${Date.now() - started} ms`),
    (e: unknown) => log.error(`shell grammar failed to load; commands cannot be checked: ${e instanceof Error ? e.message : String(e)}`),
  );

  return {
    version,
    evaluateCommand(line: string): CommandResult | undefined {
      if (!grammarReady()) return undefined;
      return evaluateCommand(line, { ctx: { cwd: root, workspaceRoot: root, home: os.homedir(), tempDirs: [os.tmpdir()] }, policy });
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
