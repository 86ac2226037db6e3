/**
 * In-editor test of the production flame: the status bar item that shows when a command run in
 * the workspace would land on production by default (here: the folder's selected Terraform
 * workspace), read through the API that activate() returns.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { BlastRadiusApi } from '../../src/extension/extension';
import { blastRadius, TEST_GUARD_MS } from './helpers';

describe('production status (in the editor)', function () {
  this.timeout(TEST_GUARD_MS);
  let api: BlastRadiusApi;
  let dataDir: string;

  before(async () => {
    api = await blastRadius();
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
    assert.ok(folder, 'a workspace folder');
    dataDir = path.join(folder, '.terraform');
  });

  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it("shows the flame while the folder's Terraform workspace is production, and says which; hides it when it is not", () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'environment'), 'staging');
    assert.equal(api.productionStatus()?.shown, false, 'shown for a staging workspace');
    // A different length, so the file's stamp changes even within the same millisecond.
    writeFileSync(path.join(dataDir, 'environment'), 'prod');
    const status = api.productionStatus();
    assert.equal(status?.shown, true, 'hidden for the prod workspace');
    assert.match(status?.text ?? '', /production/);
    assert.match(status?.tooltip ?? '', /Terraform: Terraform workspace `prod`/);
    writeFileSync(path.join(dataDir, 'environment'), 'dev');
    assert.equal(api.productionStatus()?.shown, false, 'still shown once the workspace is dev');
  });
});
