/**
 * In-editor tests for held changes: a gate-level agent edit goes back to its baseline at once and
 * waits for the dialog; Apply anyway writes exactly the proposal, Discard leaves the baseline, undo
 * does not quietly bring a discarded change back, and a 40-file deletion is one dialog whose
 * Restore all brings back every byte. The dialog is answered through `_blastRadius.holdTest`,
 * which only test builds register.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { BlastRadiusApi } from '../../src/extension/extension';
import { blastRadius, eventsFor, fileUri, keptDeletion, restoreKept, root, settled, TEST_GUARD_MS, until } from './helpers';
import { Bash } from './terminals';

interface HoldTestInfo {
  dialogsShown: number;
  diffsShown: number;
  pending: boolean;
  lastDialog?: { message: string; detail: string; buttons: { choice: string; title: string }[] };
  lastLateNotice?: string;
}

function holdTest(arg?: { answers?: string[]; waitIdle?: boolean }): Thenable<HoldTestInfo> {
  return vscode.commands.executeCommand<HoldTestInfo>('_blastRadius.holdTest', arg);
}

/** Waits until a dialog beyond `before` was shown and every held item was decided. */
async function answered(api: BlastRadiusApi, before: number): Promise<HoldTestInfo> {
  await until('the held-change dialog', async () => {
    await settled(api);
    return (await holdTest()).dialogsShown > before;
  });
  const info = await holdTest({ waitIdle: true });
  await settled(api);
  return info;
}

/** An agent's edit: one WorkspaceEdit that removes the lifecycle block. */
async function agentRemovesProtection(doc: vscode.TextDocument): Promise<string> {
  const text = doc.getText();
  const start = text.indexOf('\n  lifecycle {');
  const end = text.indexOf('  }', text.indexOf('prevent_destroy')) + 3;
  assert.ok(start > 0 && end > start, `no lifecycle block in ${doc.uri.path}`);
  const edit = new vscode.WorkspaceEdit();
  edit.delete(doc.uri, new vscode.Range(doc.positionAt(start), doc.positionAt(end)));
  assert.ok(await vscode.workspace.applyEdit(edit), 'the workspace edit applies');
  return doc.getText();
}

async function setting(key: string, value: unknown, ready: () => boolean): Promise<void> {
  await vscode.workspace.getConfiguration('blastRadius').update(key, value, vscode.ConfigurationTarget.Global);
  await until(`blastRadius.${key} to apply`, ready);
}

/** 40 modules under src/held with CRLF, a BOM and binary bytes among them. */
function fortyModules(): Map<string, Buffer> {
  const dir = path.join(root(), 'src', 'held');
  const modules = new Map<string, Buffer>();
  for (let i = 0; i < 40; i++) {
    const name = path.join(dir, `module-${String(i).padStart(2, '0')}.ts`);
    let bytes = Buffer.from(`// module ${i}\nexport function f${i}(x: number): number {\n  return x * ${i};\n}\n`.repeat(3), 'utf8');
    if (i % 10 === 1) bytes = Buffer.from(bytes.toString('utf8').replace(/\n/g, '\r\n'), 'utf8');
    if (i % 10 === 2) bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    if (i % 10 === 3) bytes = Buffer.concat([bytes, Buffer.from([0, 1, 2, 255, 254])]);
    modules.set(name, bytes);
  }
  return modules;
}

describe('held changes (in the editor)', function () {
  this.timeout(TEST_GUARD_MS);
  let api: BlastRadiusApi;

  /**
   * Writes the 40 modules where they are missing or differ, and waits until the watcher knows them
   * (a binary one has no baseline text). The deletion tests start from here, so the second does not
   * depend on the first having restored them.
   */
  async function modulesOnDisk(): Promise<Map<string, Buffer>> {
    const modules = fortyModules();
    mkdirSync(path.join(root(), 'src', 'held'), { recursive: true });
    for (const [f, bytes] of modules) {
      if (!existsSync(f) || !readFileSync(f).equals(bytes)) writeFileSync(f, bytes);
    }
    await until('the 40 modules to be known', async () => {
      await settled(api);
      return [...modules.entries()].every(([f, bytes]) => api.edits.baselineOf(vscode.Uri.file(f)) !== undefined || bytes.includes(0));
    });
    return modules;
  }

  before(async () => {
    api = await blastRadius();
    await api.edits.baselinesReady;
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    await setting('gate.holdChanges', true, () => api.state.config.settings.holdChanges);
  });

  after(async () => {
    await holdTest({ answers: [] });
    await setting('gate.holdChanges', false, () => !api.state.config.settings.holdChanges);
    await setting('gate.timeoutSeconds', undefined, () => api.state.config.settings.gateTimeoutSeconds === 120);
  });

  // A test that shortens the timeout and fails half-way must not leave it short for the next one.
  afterEach(async () => {
    if (api.state.config.settings.gateTimeoutSeconds !== 120) await setting('gate.timeoutSeconds', undefined, () => api.state.config.settings.gateTimeoutSeconds === 120);
  });

  it('an unsaved agent edit is put back at once, no answer in time counts as Discard (unsaved user text kept), and Apply anyway after that says it was too late', async () => {
    await setting('gate.timeoutSeconds', 5, () => api.state.config.settings.gateTimeoutSeconds === 5);
    // Nobody answers in time; then a person clicks Apply anyway on the dialog still on screen.
    await holdTest({ answers: ['late-keep'] });
    const uri = fileUri('held/open.tf');
    const doc = await vscode.workspace.openTextDocument(uri);
    // The person's own unsaved change: a comment added before the agent's step, judged clean.
    const mine = new vscode.WorkspaceEdit();
    mine.insert(uri, new vscode.Position(0, 0), '# keep this note: unsaved work of mine\n# second line of it\n');
    assert.ok(await vscode.workspace.applyEdit(mine));
    await settled(api);
    const baseline = doc.getText();
    assert.ok(doc.isDirty && baseline.startsWith('# keep this note'));
    const { dialogsShown } = await holdTest();
    const proposed = await agentRemovesProtection(doc);
    assert.notEqual(proposed, baseline);
    // Held: the document shows its baseline again before anyone answers.
    await until('the edit to be put back', async () => {
      await settled(api);
      return doc.getText() === baseline;
    });
    const held = await until('a held event', () => eventsFor(api, uri).find((e) => e.status === 'held'));
    assert.equal(held.decision, 'gate');
    assert.ok(held.findings.some((f) => f.ruleId === 'TF001'));
    const info = await until('the dialog', async () => {
      const i = await holdTest();
      return i.dialogsShown > dialogsShown && i;
    });
    assert.deepEqual(
      info.lastDialog?.buttons.map((b) => b.title),
      ['Discard', 'Apply anyway', 'Show diff'],
    );
    assert.match(info.lastDialog?.message ?? '', /held an edit to held\/open\.tf/);
    assert.match(info.lastDialog?.detail ?? '', /TF001/);
    // Nobody answers: after gate.timeoutSeconds (5 s) it counts as Discard.
    await holdTest({ waitIdle: true });
    await settled(api);
    assert.equal(doc.getText(), baseline, 'the baseline, with the unsaved note, is what the document holds');
    assert.equal(api.state.events.get(held.id)?.status, 'reverted');
    const notice = await until('the late answer to be told', async () => (await holdTest()).lastLateNotice);
    assert.equal(notice, 'Too late: no answer within 5 s counted as Discard; Apply anyway changed nothing.');
    await settled(api);
    assert.equal(doc.getText(), baseline, 'the late Apply anyway applied nothing');
    await holdTest({ answers: ['none'] });
    await setting('gate.timeoutSeconds', undefined, () => api.state.config.settings.gateTimeoutSeconds === 120);
  });

  it('the dialog names the terminal command that wrote the file and says every finding in words', async () => {
    await holdTest({ answers: ['later'] });
    const uri = fileUri('held/two.tf');
    const original = readFileSync(uri.fsPath, 'utf8');
    const next = original.replace('deletion_protection = true', 'deletion_protection = false').replace(/\n\n {2}lifecycle \{\n {4}prevent_destroy = true\n {2}\}/, '');
    assert.notEqual(next, original);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'br-hold-cmd-'));
    writeFileSync(path.join(dir, 'two.tf'), next);
    const line = `cp ${path.join(dir, 'two.tf')} held/two.tf; sleep 1`;
    assert.equal(api.evaluateCommand(line, root())?.decision, 'allow', 'precondition: the command itself raises nothing');
    const bash = await Bash.open('br-hold-cmd', root());
    try {
      const { dialogsShown } = await holdTest();
      assert.equal(await bash.run(line), 0);
      const info = await until('the dialog', async () => {
        await settled(api);
        const i = await holdTest();
        return i.dialogsShown > dialogsShown && i;
      });
      const detail = info.lastDialog?.detail ?? '';
      assert.match(detail, new RegExp(`held/two\\.tf \\(written on disk while "${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" was running in terminal "br-hold-cmd"\\)`), detail);
      // Both findings in words, one line each: the first with its score, the second as "Also".
      assert.match(detail, /\n {2}Score \d+ · \w+ · TF00[12]: .+\n/);
      assert.match(detail, /\n {2}Also TF00[12] \(\w+\): .+/);
      assert.doesNotMatch(detail, /Also: /);
      await holdTest({ answers: ['undo'] });
      await holdTest({ waitIdle: true });
      await settled(api);
      assert.equal(readFileSync(uri.fsPath, 'utf8'), original, 'Discard put the file back');
    } finally {
      bash.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a saved agent edit is held (the file on disk goes back byte for byte) and Apply anyway writes exactly the proposal', async () => {
    await holdTest({ answers: ['later'] });
    const uri = fileUri('held/saved.tf');
    const original = readFileSync(uri.fsPath);
    const doc = await vscode.workspace.openTextDocument(uri);
    const { dialogsShown } = await holdTest();
    const proposed = await agentRemovesProtection(doc);
    await doc.save();
    const proposedBytes = Buffer.from(proposed, 'utf8');
    assert.deepEqual(readFileSync(uri.fsPath), proposedBytes, 'the agent saved its proposal');
    // While the dialog waits, the file on disk and the document are back to what they were.
    await until('the dialog', async () => {
      await settled(api);
      return (await holdTest()).dialogsShown > dialogsShown;
    });
    assert.deepEqual(readFileSync(uri.fsPath), original, 'held: the original bytes are on disk');
    assert.equal(doc.getText(), original.toString('utf8'));
    assert.equal(eventsFor(api, uri)[0]?.status, 'held');
    await holdTest({ answers: ['keep'] });
    await answered(api, dialogsShown);
    assert.deepEqual(readFileSync(uri.fsPath), proposedBytes, 'Apply anyway wrote the proposal byte for byte');
    assert.equal(doc.getText(), proposed);
    const ev = eventsFor(api, uri)[0];
    assert.equal(ev.status, 'accepted');
    // Applied is applied: the same content is not held again.
    assert.equal(eventsFor(api, uri).filter((e) => e.status === 'open' || e.status === 'held').length, 0);
    assert.notDeepEqual(original, proposedBytes);
  });

  it('a CLI agent writing a CRLF file on disk: held at once, Discard leaves the old bytes, Apply anyway writes the new ones exactly', async () => {
    const uri = fileUri('held/crlf.tf');
    const original = readFileSync(uri.fsPath);
    const proposal = Buffer.from(original.toString('latin1').replace('prevent_destroy = true', 'prevent_destroy = false'), 'latin1');

    await holdTest({ answers: ['later'] });
    let { dialogsShown } = await holdTest();
    writeFileSync(uri.fsPath, proposal);
    await until('the dialog', async () => {
      await settled(api);
      return (await holdTest()).dialogsShown > dialogsShown;
    });
    assert.deepEqual(readFileSync(uri.fsPath), original, 'held within moments of the write: the old bytes are back');
    await holdTest({ answers: ['undo'] });
    await answered(api, dialogsShown);
    assert.deepEqual(readFileSync(uri.fsPath), original, 'Discard: the bytes from before the write');
    assert.equal(eventsFor(api, uri)[0]?.status, 'reverted');

    await holdTest({ answers: ['diff', 'keep'] });
    ({ dialogsShown } = await holdTest());
    writeFileSync(uri.fsPath, proposal);
    const info = await answered(api, dialogsShown);
    assert.equal(info.diffsShown > 0, true, 'Show diff opened the diff and asked again');
    assert.deepEqual(readFileSync(uri.fsPath), proposal, 'Apply anyway: the written bytes, CRLF and all');
    assert.equal(eventsFor(api, uri)[0]?.status, 'accepted');
    // The diff of the held proposal went with the answer.
    const diffs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'blast-radius-proposed');
    assert.deepEqual(diffs.map((t) => t.label), [], 'the held proposal is still open beside the file');
  });

  it('Discard of a held new file larger than the space for copies sets its bytes aside, and Restore brings them back', async () => {
    const rel = `held/big-key-${Date.now()}.pem`;
    const uri = fileUri(rel);
    const text = `-----BEGIN RSA PRIVATE KEY-----\n${'MIIEowIBAAKCAQEA7'.repeat(40)}\n-----END RSA PRIVATE KEY-----\n`;
    mkdirSync(path.dirname(uri.fsPath), { recursive: true });
    // The space for copies is smaller than the file: on the old code Discard kept no copy.
    await vscode.commands.executeCommand('_blastRadius.revertTest', { copyLimitBytes: 64 });
    try {
      await holdTest({ answers: ['undo'] });
      const { dialogsShown } = await holdTest();
      writeFileSync(uri.fsPath, text);
      await answered(api, dialogsShown);
      assert.equal(existsSync(uri.fsPath), false, 'Discard: the new file is gone');
      const kept = keptDeletion(api, uri);
      await restoreKept(kept.id, uri, text);
    } finally {
      await vscode.commands.executeCommand('_blastRadius.revertTest', { copyLimitBytes: null });
      rmSync(uri.fsPath, { force: true });
      await settled(api);
    }
  });

  it('undo after Discard does not quietly bring the change back: it is held again', async () => {
    await holdTest({ answers: ['undo'] });
    const uri = fileUri('held/undo.tf');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const baseline = doc.getText();
    let { dialogsShown } = await holdTest();
    await agentRemovesProtection(doc);
    await answered(api, dialogsShown);
    assert.equal(doc.getText(), baseline);
    ({ dialogsShown } = await holdTest());
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('undo');
    await answered(api, dialogsShown);
    assert.equal(doc.getText(), baseline, 'held again and discarded again');
    assert.ok((await holdTest()).dialogsShown > dialogsShown, 'a dialog asked about the undone change');
  });

  it('one agent step editing three files: one dialog listing them, and Discard all puts back all three', async () => {
    await holdTest({ answers: ['undo'] });
    const docs = await Promise.all(['a', 'b', 'c'].map((n) => vscode.workspace.openTextDocument(fileUri(`held/step-${n}.tf`))));
    const baselines = docs.map((d) => d.getText());
    const { dialogsShown } = await holdTest();
    const edit = new vscode.WorkspaceEdit();
    for (const doc of docs) {
      const text = doc.getText();
      const start = text.indexOf('\n  lifecycle {');
      const end = text.indexOf('  }', text.indexOf('prevent_destroy')) + 3;
      edit.delete(doc.uri, new vscode.Range(doc.positionAt(start), doc.positionAt(end)));
    }
    assert.ok(await vscode.workspace.applyEdit(edit));
    const info = await answered(api, dialogsShown);
    assert.equal(info.dialogsShown, dialogsShown + 1, 'one dialog for the step');
    assert.equal(info.lastDialog?.message, 'Blast Radius: held 3 edits.');
    for (const n of ['a', 'b', 'c']) assert.match(info.lastDialog?.detail ?? '', new RegExp(`held/step-${n}\\.tf`));
    assert.deepEqual(info.lastDialog?.buttons.map((b) => b.title), ['Discard all', 'Apply anyway', 'Show diff']);
    docs.forEach((d, i) => assert.equal(d.getText(), baselines[i], d.uri.path));
  });

  it('40 files deleted in one step: one dialog, and Restore all brings every byte back', async () => {
    const dir = path.join(root(), 'src', 'held');
    // The watcher sees the new files and keeps their bytes.
    const originals = await modulesOnDisk();
    await holdTest({ answers: ['later'] });
    const { dialogsShown } = await holdTest();
    rmSync(dir, { recursive: true, force: true });
    await until('the dialog', async () => {
      await settled(api);
      return (await holdTest()).dialogsShown > dialogsShown;
    });
    assert.throws(() => readFileSync(path.join(dir, 'module-00.ts')), 'the files stay deleted until the answer');
    await holdTest({ answers: ['undo'] });
    const info = await answered(api, dialogsShown);
    assert.equal(info.dialogsShown, dialogsShown + 1, 'one dialog for the step');
    assert.deepEqual(
      info.lastDialog?.buttons.map((b) => b.title),
      ['Restore all', 'Keep deleted'],
    );
    assert.match(info.lastDialog?.message ?? '', /40 files were deleted/);
    for (const [f, bytes] of originals) assert.deepEqual(readFileSync(f), bytes, f);
    const batch = api.state.events.list().find((e) => e.kind === 'batch' && e.uris?.length === 40);
    assert.ok(batch, 'one batch event of 40 files');
    assert.equal(batch.status, 'restored');
  });

  it('Keep deleted leaves the files deleted and records the decision', async () => {
    const dir = path.join(root(), 'src', 'held');
    await modulesOnDisk();
    await holdTest({ answers: ['keep'] });
    const { dialogsShown } = await holdTest();
    rmSync(dir, { recursive: true, force: true });
    await answered(api, dialogsShown);
    assert.throws(() => readFileSync(path.join(dir, 'module-00.ts')));
    const batch = api.state.events.list().find((e) => e.kind === 'batch' && e.uris?.length === 40);
    assert.equal(batch?.status, 'kept');
  });
});
