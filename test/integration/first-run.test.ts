/**
 * In-editor tests of what a new user meets first: the facts the empty Recent Events view shows
 * (its context keys) and "Try It Safely", which shows the confirm gate on a demo folder of its own.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { BlastRadiusApi } from '../../src/extension/extension';
import { auditExportDefault } from '../../src/extension/commands';
import { DEMO_LINE, DEMO_TERMINAL } from '../../src/extension/first-run';
import { blastRadius, TEST_GUARD_MS, until } from './helpers';

describe('first run (in the editor)', function () {
  this.timeout(TEST_GUARD_MS);
  let api: BlastRadiusApi;

  before(async () => {
    api = await blastRadius();
  });

  it('the empty view says what is protected now: the gate once it listens, holding as set, and follows a change of the setting', async () => {
    await vscode.commands.executeCommand('_blastRadius.gateTest');
    const welcome = await until('the welcome facts with the gate on', () => (api.welcome()?.gate === 'on' ? api.welcome() : undefined));
    assert.ok(welcome.programs > 0, JSON.stringify(welcome));
    assert.equal(welcome.holdChanges, api.state.config.settings.holdChanges);
    assert.equal(welcome.paused, false);
    const config = vscode.workspace.getConfiguration('blastRadius');
    const before = api.state.config.settings.holdChanges;
    try {
      await config.update('gate.holdChanges', !before, vscode.ConfigurationTarget.Global);
      await until('the welcome facts to follow gate.holdChanges', () => api.welcome()?.holdChanges === !before);
    } finally {
      await config.update('gate.holdChanges', before, vscode.ConfigurationTarget.Global);
      await until('gate.holdChanges back', () => api.welcome()?.holdChanges === before);
    }
  });

  it('Try It Safely writes a demo repository outside the workspace, opens its terminal with git reset --hard typed, not run, and the gate would ask', async () => {
    const result = await vscode.commands.executeCommand<{ folder: string; terminal: string; line: string } | undefined>('blastRadius.tryItSafely');
    assert.ok(result, 'the demo did not start');
    assert.equal(result.line, DEMO_LINE, 'git is on this machine: the demo is a repository');
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.ok(workspace && path.relative(workspace, result.folder).startsWith('..'), `the demo is inside the workspace ${workspace}: ${result.folder}`);
    assert.ok(result.folder.startsWith(api.state.context.globalStorageUri.fsPath), result.folder);
    assert.ok(existsSync(path.join(result.folder, '.git')));
    const edited = readFileSync(path.join(result.folder, 'src', 'app.js'), 'utf8');
    assert.match(edited, /an edit not committed yet/);
    assert.match(readFileSync(path.join(result.folder, 'README.md'), 'utf8'), /Nothing here is yours/);
    const terminal = await until('the demo terminal', () => vscode.window.terminals.find((t) => t.name === DEMO_TERMINAL));
    // Typed, not run: Enter is the person's, so the edit is still there.
    assert.equal(readFileSync(path.join(result.folder, 'src', 'app.js'), 'utf8'), edited, 'the demo ran the line by itself');
    // The confirm gate asks before the typed line deletes anything.
    assert.equal(api.evaluateCommand(DEMO_LINE, result.folder)?.decision, 'gate');
    // A second run starts afresh: one demo terminal, the files back.
    const again = await vscode.commands.executeCommand<{ folder: string } | undefined>('blastRadius.tryItSafely');
    assert.equal(again?.folder, result.folder);
    await until('the first demo terminal to close', () => !vscode.window.terminals.includes(terminal));
    assert.equal(vscode.window.terminals.filter((t) => t.name === DEMO_TERMINAL).length, 1);
    for (const t of vscode.window.terminals.filter((x) => x.name === DEMO_TERMINAL)) t.dispose();
  });

  it('Export Audit Trail proposes the home folder, never a workspace folder where the trail could be committed', () => {
    const proposed = auditExportDefault(new Date('2026-12-06T12:00:00Z'));
    assert.equal(path.basename(proposed.fsPath), 'blast-radius-audit-2026-12-06.jsonl');
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    assert.ok(folders.length > 0, 'the suite runs with a workspace folder');
    for (const folder of folders) assert.ok(path.relative(folder, proposed.fsPath).startsWith('..'), `proposed inside ${folder}: ${proposed.fsPath}`);
  });
});
