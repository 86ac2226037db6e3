/**
 * In-editor tests for self-protection (issue 12, item 7): a file that keeps protection on but
 * lives outside the workspace (here the user policy under the harness's XDG_CONFIG_HOME, so the
 * machine's real settings are never touched) is watched on disk; another process writing
 * `{"strictness":"off"}` into it is a critical finding on that file, and the attempt is recorded
 * where `hooks status` reads it and shown by the status bar tooltip.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import * as vscode from 'vscode';
import type { BlastRadiusApi } from '../../src/extension/extension';
import { hostEnv } from '../../src/node/hooks/paths';
import { userPolicyPath } from '../../src/node/policy-files';
import { readTampering } from '../../src/node/tamper-log';
import { blastRadius, nextEvent, TEST_GUARD_MS, until } from './helpers';

describe('self-protection (in the editor)', function () {
  this.timeout(TEST_GUARD_MS);
  let api: BlastRadiusApi;
  let file: string;
  let original: string | undefined;

  before(async () => {
    api = await blastRadius();
    file = userPolicyPath(process.env, process.platform, os.homedir());
    // The policy sync writes the file at start; wait for it so its write is not judged with ours.
    original = await until('the synced user policy', () => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    });
    await api.edits.baselinesReady;
  });

  /** Writes the user policy as another process would, and resolves once the watcher has it and it is judged. */
  async function writePolicy(text: string): Promise<void> {
    const seen = nextEvent(`the disk watcher to report the write to ${file}`, api.edits.onDidSeeDiskChange, (c) => c.uri.fsPath === file);
    writeFileSync(file, text);
    await seen;
    await api.edits.flush();
  }

  after(async () => {
    // Putting the policy back tightens it again (quiet); the flagged change is then accepted.
    if (original !== undefined) await writePolicy(original);
    api.edits.accept(vscode.Uri.file(file));
  });

  it('another process writing strictness off into the user policy (outside the workspace) is SELF001, recorded, and in the tooltip', async () => {
    assert.ok(!file.startsWith(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '\0'), `${file} is outside the workspace`);
    const uri = vscode.Uri.file(file);
    await writePolicy('{"strictness": "off"}\n');
    const diagnostics = await until('a SELF001 diagnostic on the user policy', async () => {
      await api.edits.flush();
      const d = (api.state.diagnostics.get(uri) ?? []).filter((x) => (x.code as { value?: unknown } | undefined)?.value === 'SELF001');
      return d.length ? d : undefined;
    });
    assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostics[0].message, /strictness lowered from \w+ to off/);
    const recorded = await until('the attempt in the tampering record', () => readTampering(hostEnv(), 5).find((e) => e.path === file && e.ruleIds.includes('SELF001')));
    assert.equal(recorded.source, 'editor');
    const shown = await until('the status bar tooltip entry', () => api.tampering()?.path === file && api.tampering());
    assert.equal(shown.time, recorded.time);
  });
});
