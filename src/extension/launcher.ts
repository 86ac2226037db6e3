/**
 * Puts a `blast-radius` command on the PATH of integrated terminals. The launcher lives in the
 * extension's global storage, whose path survives extension updates, and is rewritten at every
 * activation to run the CLI of the version now installed, with the editor's own Node.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { launcherScript } from '../core/launcher-script';
import { writeFileAtomic } from '../node/atomic-write';
import { errorText, type State } from './state';

async function writeIfChanged(file: string, text: string): Promise<boolean> {
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing === text) return false;
  await mkdir(path.dirname(file), { recursive: true });
  // Renamed over the old one: a terminal running the launcher right now keeps its copy.
  await writeFileAtomic(file, text, { mode: 0o755 });
  return true;
}

export function registerLauncher(state: State): void {
  const context = state.context;
  if (context.globalStorageUri.scheme !== 'file') {
    state.log.info('launcher: global storage is not on a local disk; no blast-radius command in terminals');
    return;
  }
  const binDir = path.join(context.globalStorageUri.fsPath, 'bin');
  const cli = path.join(context.extensionPath, 'dist', 'cli.js');
  const script = launcherScript(process.platform, process.execPath, cli);
  const file = path.join(binDir, script.fileName);

  // PATH first, so terminals opened while the file is being written already find the folder.
  const env = context.environmentVariableCollection;
  env.description = new vscode.MarkdownString('Puts the `blast-radius` command (the CLI bundled with the Blast Radius extension) on PATH.');
  // At process creation for every shell, and again by shell integration after login scripts that
  // rebuild PATH (macOS path_helper, ~/.bash_profile).
  env.prepend('PATH', `${binDir}${path.delimiter}`, { applyAtProcessCreation: true, applyAtShellIntegration: true });

  void writeIfChanged(file, script.text).then(
    (changed) => state.log.info(`launcher ${changed ? 'written' : 'up to date'}: ${file} → ${cli}`),
    (e: unknown) => state.log.error(`launcher: could not write ${file}: ${errorText(e)}`),
  );
}
