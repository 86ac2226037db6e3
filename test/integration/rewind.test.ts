/**
 * In-editor tests for the timeline of agent steps and Rewind: a scripted agent runs a command in a
 * terminal that deletes 50 files, writes 25 of them anew and creates 3 more, then edits 10 other
 * files through the editor (half saved, half left unsaved); a person then types into one of them.
 * Rewind to the step before brings every byte back (CRLF, BOM and binary files included), moves the
 * created files aside and keeps the typed file as it is (unticked in the preview); the rewind, a
 * step itself, is rewound in turn. Every wait is on an event (shell integration's end
 * of the command, the disk watcher's report, the quick pick showing), never on a clock.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TimelineEntry } from '../../src/core/watch/rewind';
import type { RewindOutcome } from '../../src/extension/edit-rewind';
import type { SeenDiskChange } from '../../src/extension/disk-watching';
import type { BlastRadiusApi } from '../../src/extension/extension';
import { REWIND_PICK_TITLE } from '../../src/extension/timeline-view';
import { answerPick, blastRadius, diskBarrier, fileUri, nextEvent, root, settled, TEST_GUARD_MS, until } from './helpers';
import { Bash, removeBashHomes } from './terminals';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A generated file's bytes: plain LF, CRLF, BOM and CRLF, binary, BOM and LF, by `i % 5`. */
function generated(i: number, version: string): Buffer {
  const lines = [`file ${i} ${version}`, `second line of ${i}`, `naïve café ${version}`, ''];
  switch (i % 5) {
    case 0:
      return Buffer.from(lines.join('\n'));
    case 1:
      return Buffer.from(lines.join('\r\n'));
    case 2:
      return Buffer.concat([BOM, Buffer.from(lines.join('\r\n'))]);
    case 3:
      return Buffer.from(Array.from({ length: 300 }, (_, k) => (k * 31 + i * 7 + version.length * 13) % 256).concat([0, 0, 255, 254]));
    default:
      return Buffer.concat([BOM, Buffer.from(lines.join('\n'))]);
  }
}

/** An edited file's bytes: plain LF, CRLF, BOM and CRLF, by `i % 3`. */
function editable(i: number): Buffer {
  const lines = [`# notes ${i}`, 'keep this line', 'the agent rewrites these', 'two lines', 'end', ''];
  if (i % 3 === 0) return Buffer.from(lines.join('\n'));
  if (i % 3 === 1) return Buffer.from(lines.join('\r\n'));
  return Buffer.concat([BOM, Buffer.from(lines.join('\r\n'))]);
}

const GEN = (i: number): string => `rewind/gen/f${String(i).padStart(2, '0')}.dat`;
const EDIT = (i: number): string => `rewind/edit/e${i}.md`;
const NEW = (i: number): string => `rewind/gen/new-${i}.txt`;
/** A file over the baseline cap the suite sets (2 KB): no copy of it is kept. */
const BIG = 'rewind/gen/big.log';
const BIG_CAP_KB = 2;

function rewindTest(arg?: { modalAnswer?: string | null }): Thenable<{ lastDialog?: { message: string; detail: string }; lastOutcome?: RewindOutcome }> {
  return vscode.commands.executeCommand('_blastRadius.rewindTest', arg);
}

/** What every file under rewind/ holds on disk now, by workspace-relative path (absent: not listed). */
function snapshot(): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (let i = 0; i < 50; i++) if (existsSync(fileUri(GEN(i)).fsPath)) out.set(GEN(i), readFileSync(fileUri(GEN(i)).fsPath));
  for (let i = 0; i < 3; i++) if (existsSync(fileUri(NEW(i)).fsPath)) out.set(NEW(i), readFileSync(fileUri(NEW(i)).fsPath));
  for (let i = 0; i < 10; i++) if (existsSync(fileUri(EDIT(i)).fsPath)) out.set(EDIT(i), readFileSync(fileUri(EDIT(i)).fsPath));
  return out;
}

/** Every difference between two snapshots, one line each. */
function differences(want: Map<string, Buffer>, got: Map<string, Buffer>): string[] {
  const out: string[] = [];
  for (const [rel, bytes] of want) {
    const g = got.get(rel);
    if (!g) out.push(`${rel}: missing`);
    else if (!g.equals(bytes)) out.push(`${rel}: ${g.length} bytes differ from the ${bytes.length} expected`);
  }
  for (const rel of got.keys()) if (!want.has(rel)) out.push(`${rel}: should not exist`);
  return out;
}

/**
 * Resolves once the file system watcher reports changes to files inside `dir`, a folder just
 * created: until it watches the new folder it reports the folder alone (its files then arrive as
 * the folder's). Writes a probe file and waits for the disk barrier after it, again until the probe
 * itself was reported.
 */
async function watcherSees(api: BlastRadiusApi, dir: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const probe = path.join(dir, `.probe-${attempt}`);
    let seen = false;
    const sub = api.edits.onDidSeeDiskChange((c) => (seen ||= c.uri.fsPath === probe));
    try {
      writeFileSync(probe, 'probe');
      await diskBarrier(api);
    } finally {
      sub.dispose();
    }
    rmSync(probe, { force: true });
    if (seen) return;
  }
  assert.fail(`the file system watcher never reported a file inside ${dir}`);
}

/** Runs Rewind to Here on `entry`, accepting the preview as ticked and answering the dialog Rewind. */
async function rewindTo(api: BlastRadiusApi, entry: TimelineEntry): Promise<RewindOutcome> {
  await rewindTest({ modalAnswer: 'rewind' });
  await answerPick(
    api,
    REWIND_PICK_TITLE,
    () => vscode.commands.executeCommand('blastRadius.rewindToStep', entry),
    async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    },
  );
  const { lastOutcome } = await rewindTest();
  assert.ok(lastOutcome, 'the rewind ran');
  await settled(api);
  return lastOutcome;
}

describe('timeline and Rewind (in the editor)', function () {
  this.timeout(TEST_GUARD_MS);
  let api: BlastRadiusApi;
  let original: Map<string, Buffer>;
  let agent: Map<string, Buffer>;
  let start: TimelineEntry;
  let scriptDir: string;
  let holdChanges: boolean | undefined;
  let maxFileKB: number | undefined;

  before(async () => {
    api = await blastRadius();
    await api.edits.baselinesReady;
    const config = vscode.workspace.getConfiguration('blastRadius');
    holdChanges = config.inspect<boolean>('gate.holdChanges')?.globalValue;
    // The agent's deletions would be held and put back at once: this test rewinds them instead.
    await config.update('gate.holdChanges', false, vscode.ConfigurationTarget.Global);
    await until('holding changes to be off', () => !api.state.config.settings.holdChanges);
    maxFileKB = config.inspect<number>('baseline.maxFileSizeKB')?.globalValue;
    await config.update('baseline.maxFileSizeKB', BIG_CAP_KB, vscode.ConfigurationTarget.Global);
    await until('the baseline cap to apply', () => api.state.config.settings.baselineMaxFileKB === BIG_CAP_KB);
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    // The folders are the fixture's: the watcher follows them from the start.
    await watcherSees(api, fileUri('rewind/gen').fsPath);
    await watcherSees(api, fileUri('rewind/edit').fsPath);
    for (let i = 0; i < 50; i++) writeFileSync(fileUri(GEN(i)).fsPath, generated(i, 'v1'));
    for (let i = 0; i < 10; i++) writeFileSync(fileUri(EDIT(i)).fsPath, editable(i));
    writeFileSync(fileUri(BIG).fsPath, 'log line\n'.repeat(400));
    await settled(api);
    original = snapshot();
    assert.equal(original.size, 60);
    const timeline = api.edits.timeline();
    start = timeline[timeline.length - 1];
    assert.ok(start, 'the files written above are steps of the timeline');
    scriptDir = mkdtempSync(path.join(os.tmpdir(), 'br-rewind-agent-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('blastRadius').update('gate.holdChanges', holdChanges, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('blastRadius').update('baseline.maxFileSizeKB', maxFileKB, vscode.ConfigurationTarget.Global);
    if (scriptDir) rmSync(scriptDir, { recursive: true, force: true });
    removeBashHomes();
  });

  it('lists the command and what it changed on disk as one step, and the editor edits as steps of their own', async () => {
    // The scripted agent's command: delete all 50, write 25 of them anew, create 3.
    const script = path.join(scriptDir, 'agent.js');
    const rewrites: string[] = [];
    for (let i = 25; i < 50; i++) rewrites.push(`fs.writeFileSync(${JSON.stringify(GEN(i))}, Buffer.from(${JSON.stringify(generated(i, 'agent-v2').toString('base64'))}, 'base64'));`);
    writeFileSync(
      script,
      [
        "const fs = require('fs');",
        `for (let i = 0; i < 50; i++) fs.unlinkSync('rewind/gen/f' + String(i).padStart(2, '0') + '.dat');`,
        ...rewrites,
        `for (let i = 0; i < 3; i++) fs.writeFileSync('rewind/gen/new-' + i + '.txt', 'created by the agent ' + i + '\\n');`,
        `fs.writeFileSync(${JSON.stringify(BIG)}, 'agent line\\n'.repeat(500));`,
        '',
      ].join('\n'),
    );
    const line = `"${process.execPath}" ${script}`;
    const bash = await Bash.open('br-rewind-agent', root(), { env: { ELECTRON_RUN_AS_NODE: '1' } });
    try {
      assert.equal(await bash.run(line), 0);
    } finally {
      bash.dispose();
    }
    await settled(api);
    // Then ten edits through the editor: each one WorkspaceEdit over several lines; even ones saved.
    for (let i = 0; i < 10; i++) {
      const uri = fileUri(EDIT(i));
      const doc = await vscode.workspace.openTextDocument(uri);
      const text = doc.getText();
      const from = text.indexOf('the agent rewrites these');
      const to = text.indexOf('end');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(doc.positionAt(from), doc.positionAt(to)), `rewritten by the agent ${i}\nand again\nand again\n`);
      assert.ok(await vscode.workspace.applyEdit(edit));
      if (i % 2 === 0) assert.ok(await doc.save());
    }
    await settled(api);
    agent = snapshot();
    // The unsaved documents hold the agent's text; on disk they are still the originals.
    for (let i = 1; i < 10; i += 2) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === fileUri(EDIT(i)).toString());
      assert.ok(doc?.isDirty, `${EDIT(i)} is left unsaved`);
      agent.set(EDIT(i), Buffer.concat([i % 3 === 2 ? BOM : Buffer.alloc(0), Buffer.from(doc.getText())]));
    }
    assert.equal(differences(original, agent).length, 25 + 25 + 3 + 10, differences(original, agent).join('\n'));

    const timeline = api.edits.timeline();
    const later = timeline.slice(timeline.findIndex((e) => e.id === start.id) + 1);
    const command = later.find((e) => e.kind === 'command');
    assert.ok(command, `the command is a step: ${JSON.stringify(later.map((e) => [e.kind, e.command, e.files.length]))}`);
    assert.equal(command.command, line);
    assert.equal(command.origin, 'terminal');
    assert.ok(command.files.length >= 53, `the command's step lists its files (${command.files.length})`);
    const edits = later.filter((e) => e.kind === 'edit');
    assert.equal(new Set(edits.flatMap((e) => e.files.map((f) => f.path))).size, 10, 'every editor edit is a step');
    assert.ok(edits.every((e) => e.origin === 'editor'));
  });

  it('Rewind to the step before puts every byte back, brings deleted files back, moves created ones aside and keeps what a person typed since', async () => {
    assert.ok(agent, 'the agent ran (the test before)');
    // A person types into one of the files the agent edited (and saved): a change by hand, no step.
    const typedUri = fileUri(EDIT(0));
    const typedDoc = await vscode.workspace.openTextDocument(typedUri);
    const editor = await vscode.window.showTextDocument(typedDoc, { preview: false });
    for (const ch of ' (my own note)') {
      const end = typedDoc.lineAt(0).range.end;
      editor.selection = new vscode.Selection(end, end);
      assert.ok(await editor.edit((b) => b.insert(end, ch), { undoStopBefore: false, undoStopAfter: false }));
    }
    const typed = typedDoc.getText();
    await settled(api);
    const outcome = await rewindTo(api, start);
    const { lastDialog } = await rewindTest();
    assert.match(lastDialog?.message ?? '', /^Rewind 62 files to how they were at /);
    assert.match(lastDialog?.detail ?? '', /Left as they are: rewind\/edit\/e0\.md/);
    // The file over the cap is named, with why, and left alone.
    assert.match(lastDialog?.detail ?? '', new RegExp(`Cannot be restored:\n${BIG.replace(/[./]/g, '\\$&')}: \\d+ KB, over blastRadius\\.baseline\\.maxFileSizeKB \\(${BIG_CAP_KB} KB\\)`));
    assert.equal(readFileSync(fileUri(BIG).fsPath, 'utf8'), 'agent line\n'.repeat(500));
    assert.deepEqual(outcome.failed, []);
    assert.equal(outcome.removed.length, 3);
    const expected = new Map(original);
    expected.set(EDIT(0), agent.get(EDIT(0))!);
    assert.deepEqual(differences(expected, snapshot()), []);
    assert.equal(typedDoc.getText(), typed, 'what the person typed is kept');
    for (let i = 0; i < 3; i++) {
      const moved = path.join(outcome.movedTo, NEW(i));
      assert.equal(readFileSync(moved, 'utf8'), `created by the agent ${i}\n`, `${NEW(i)} was moved aside, not deleted`);
    }
    for (let i = 1; i < 10; i++) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === fileUri(EDIT(i)).toString());
      assert.ok(doc && !doc.isDirty, `${EDIT(i)}'s document is saved`);
      assert.equal(Buffer.concat([i % 3 === 2 ? BOM : Buffer.alloc(0), Buffer.from(doc.getText())]).equals(original.get(EDIT(i))!), true, `${EDIT(i)}'s document shows the original`);
    }
    // Rewind's own writes are no agent's: nothing new is flagged or recorded but the rewind.
    const timeline = api.edits.timeline();
    assert.equal(timeline[timeline.length - 1].kind, 'rewind');
    assert.equal(timeline[timeline.length - 1].origin, 'person');
  });

  it('the rewind is a step itself: rewinding to the step before it brings the agent\'s work back', async () => {
    const timeline = api.edits.timeline();
    assert.equal(timeline[timeline.length - 1]?.kind, 'rewind', 'the rewind ran (the test before)');
    const outcome = await rewindTo(api, timeline[timeline.length - 2]);
    assert.deepEqual(outcome.failed, []);
    assert.deepEqual(differences(agent, snapshot()), []);
  });
});

describe('timeline: changes made through an agent hook (in the editor)', function () {
  this.timeout(TEST_GUARD_MS);

  it("names the agent and the tool of a change its hook saw, and not a later change nobody's hook saw", async () => {
    const api = await blastRadius();
    await api.edits.baselinesReady;
    const rel = 'rewind/edit/hooked-plan.md';
    const target = fileUri(rel).fsPath;
    writeFileSync(target, '# plan\n');
    await settled(api);
    // Claude Code's Write, as its PreToolUse hook hands it to hook.js; the agent then writes the file.
    const payload = JSON.stringify({ session_id: 'timeline', cwd: root(), hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: target, content: '# plan\nwritten by the agent\n' } });
    const hook = spawnSync(process.execPath, [path.join(api.state.context.extensionPath, 'dist', 'hook.js'), 'claude-code'], { cwd: root(), input: payload, encoding: 'utf8', env: { ...process.env, BLAST_RADIUS_HOOK_SERVER: 'off', ELECTRON_RUN_AS_NODE: '1' } });
    assert.equal(hook.status, 0, hook.stderr);
    assert.equal(hook.stdout, '', 'the hook allowed the write');
    writeFileSync(target, '# plan\nwritten by the agent\n');
    await settled(api);
    const stepOf = (): TimelineEntry | undefined => [...api.edits.timeline()].reverse().find((e) => e.files.some((f) => f.path === rel));
    const step = stepOf();
    assert.ok(step, 'the write is a step');
    assert.equal(step.origin, 'hook');
    assert.deepEqual([step.via?.agent, step.via?.tool], ['Claude Code', 'Write']);
    assert.match(step.attribution, /Claude Code's Write tool call/);
    // The call wrote the file once: another change of it is some other process's.
    writeFileSync(target, '# plan\nchanged by something else\n');
    await settled(api);
    const other = stepOf();
    assert.notEqual(other?.id, step.id);
    assert.equal(other?.origin, 'disk');
    assert.equal(other?.via, undefined);
  });
});

describe('Recent Events: changes made through an agent hook (in the editor)', function () {
  this.timeout(TEST_GUARD_MS);

  it('names the agent and the tool in the event, as the step does', async () => {
    const api = await blastRadius();
    await api.edits.baselinesReady;
    const rel = 'rewind/edit/hooked-stub.md';
    const target = fileUri(rel).fsPath;
    const lines = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i} of the plan, with what it says\n`).join('');
    writeFileSync(target, lines(60));
    await settled(api);
    // Claude Code's Write that removes most of the file (warn level: EDT001, medium): the hook lets
    // it run, the editor flags it on disk.
    const payload = JSON.stringify({ session_id: 'events', cwd: root(), hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: target, content: lines(5) } });
    const hook = spawnSync(process.execPath, [path.join(api.state.context.extensionPath, 'dist', 'hook.js'), 'claude-code'], { cwd: root(), input: payload, encoding: 'utf8', env: { ...process.env, BLAST_RADIUS_HOOK_SERVER: 'off', ELECTRON_RUN_AS_NODE: '1' } });
    assert.equal(hook.status, 0, hook.stderr);
    writeFileSync(target, lines(5));
    await settled(api);
    const key = fileUri(rel).toString();
    const event = api.state.events.list().find((e) => e.uri?.toString() === key && e.kind === 'disk-write');
    assert.ok(event, 'the change is an event');
    assert.equal(event.attribution, "written by Claude Code's Write tool call, through its hook");
    const step = [...api.edits.timeline()].reverse().find((e) => e.files.some((f) => f.path === rel));
    assert.equal(step?.attribution, event.attribution, 'the step says the same');
    if (event.status === 'open') api.edits.accept(fileUri(rel));
    rmSync(target, { force: true });
    await settled(api);
  });
});

describe('timeline: a hook call naming the file through a symbolic link (in the editor)', function () {
  this.timeout(TEST_GUARD_MS);

  it("matches the watcher's path of the file (macOS's /tmp is /private/tmp)", async () => {
    const api = await blastRadius();
    await api.edits.baselinesReady;
    const rel = 'rewind/edit/linked-plan.md';
    const target = fileUri(rel).fsPath;
    writeFileSync(target, '# plan\n');
    await settled(api);
    const links = mkdtempSync(path.join(os.tmpdir(), 'br-link-'));
    const linked = path.join(links, 'ws');
    symlinkSync(root(), linked);
    try {
      // The agent names the file through the link; the editor's watcher reports its real path.
      const named = path.join(linked, rel);
      const payload = JSON.stringify({ session_id: 'linked', cwd: linked, hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: { file_path: named, content: '# plan\nwritten through the link\n' } });
      const hook = spawnSync(process.execPath, [path.join(api.state.context.extensionPath, 'dist', 'hook.js'), 'claude-code'], { cwd: linked, input: payload, encoding: 'utf8', env: { ...process.env, BLAST_RADIUS_HOOK_SERVER: 'off', ELECTRON_RUN_AS_NODE: '1' } });
      assert.equal(hook.status, 0, hook.stderr);
      writeFileSync(named, '# plan\nwritten through the link\n');
      await settled(api);
      const step = [...api.edits.timeline()].reverse().find((e) => e.files.some((f) => f.path === rel));
      assert.deepEqual([step?.origin, step?.via?.agent, step?.via?.tool], ['hook', 'Claude Code', 'Write'], JSON.stringify(step));
    } finally {
      rmSync(links, { recursive: true, force: true });
    }
  });
});

describe('timeline: commands run one after another in one terminal (in the editor)', function () {
  this.timeout(TEST_GUARD_MS);

  it('makes each command a step of its own, with its own files, though the first one\'s changes arrive while the second runs', async () => {
    const api = await blastRadius();
    await api.edits.baselinesReady;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'br-steps-'));
    const write = (name: string, files: string[], delayMs: number): string => {
      const script = path.join(dir, `${name}.js`);
      const body = `for (const f of ${JSON.stringify(files)}) require('fs').writeFileSync(f, '${name} wrote ' + f + '\\n');`;
      writeFileSync(script, delayMs ? `setTimeout(() => {\n${body}\n}, ${delayMs});\n` : `${body}\n`);
      return `"${process.execPath}" ${script}`;
    };
    // The file watcher hands a burst over in chunks of 500 changes, 200 ms apart: the first
    // command's last changes reach the extension after the second command started (both lines are
    // typed at once), within the report latency of the first one's end. The second writes later.
    const first = Array.from({ length: 900 }, (_, i) => `rewind/gen/seq-a${String(i).padStart(4, '0')}.txt`);
    const second = ['rewind/gen/seq-b0.txt', 'rewind/gen/seq-b1.txt'];
    const one = write('first', first, 0);
    const two = write('second', second, 1800);
    // The watcher's chunks may reach the extension after a later write elsewhere (the barrier
    // settled() writes): wait until it has reported every file of both commands.
    const seen = new Set<string>();
    const watching = api.edits.onDidSeeDiskChange((c: SeenDiskChange) => seen.add(c.uri.fsPath));
    const bash = await Bash.open('br-steps', root(), { env: { ELECTRON_RUN_AS_NODE: '1' } });
    try {
      // Lines typed ahead: shell integration may report no exit code for them, and may report the
      // first command's line with the second one's text in it; so the end waited for is the one
      // whose line is only the second command's, and then its files.
      const secondEnded = nextEvent(`the end of "${two}"`, vscode.window.onDidEndTerminalShellExecution, (e) => e.terminal === bash.terminal && e.execution.commandLine.value.includes('second.js') && !e.execution.commandLine.value.includes('first.js'));
      await bash.run(`${one}\n${two}`);
      await secondEnded;
      await until('the second command to write its files', () => second.every((f) => existsSync(fileUri(f).fsPath)));
      await until('the disk watcher to report every file of both commands', () => [...first, ...second].every((f) => seen.has(fileUri(f).fsPath)));
    } finally {
      watching.dispose();
      bash.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
    await settled(api);
    for (const f of [...first, ...second]) assert.ok(existsSync(fileUri(f).fsPath), `${f} was written`);
    // Each command is exactly one step holding exactly its files, though the watcher may hand the
    // first command's 900 files over in chunks that arrive after the second command's change.
    const timeline = api.edits.timeline();
    const stepsOf = (files: string[]): TimelineEntry[] => timeline.filter((e) => e.files.some((f) => files.includes(f.path)));
    const shown = (l: TimelineEntry[]): string => JSON.stringify(l.map((e) => ({ ...e, stepIds: e.stepIds.length, files: e.files.length })));
    const a = stepsOf(first);
    const b = stepsOf(second);
    assert.equal(a.length, 1, `the first command is one step: ${shown(a)}`);
    assert.equal(b.length, 1, `the second command is one step: ${shown(b)}`);
    // Shell integration may report a line typed ahead with the next line's text after it.
    assert.deepEqual([a[0].kind, a[0].origin, a[0].command?.split('\n')[0]], ['command', 'terminal', one]);
    assert.deepEqual([b[0].kind, b[0].origin, b[0].command], ['command', 'terminal', two]);
    assert.deepEqual(a[0].files.map((x) => x.path).sort(), first);
    assert.deepEqual(b[0].files.map((x) => x.path).sort(), second);
    assert.ok(timeline.indexOf(a[0]) < timeline.indexOf(b[0]), 'the first command before the second');
    for (const f of [...first, ...second]) rmSync(fileUri(f).fsPath, { force: true });
    await settled(api);
  });

  it('makes the same line run twice two steps, each with the file its run wrote', async () => {
    const api = await blastRadius();
    await api.edits.baselinesReady;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'br-again-'));
    const name = (i: number): string => `rewind/gen/again-${i}.txt`;
    // Each run writes the next file of the series: the first run again-0.txt, the second again-1.txt.
    const script = path.join(dir, 'next.js');
    writeFileSync(script, `const fs = require('fs'); let i = 0; while (fs.existsSync('${fileUri('rewind/gen').fsPath}/again-' + i + '.txt')) i++; fs.writeFileSync('${fileUri('rewind/gen').fsPath}/again-' + i + '.txt', 'run ' + i + '\\n');\n`);
    const line = `"${process.execPath}" ${script}`;
    const bash = await Bash.open('br-again', root(), { env: { ELECTRON_RUN_AS_NODE: '1' } });
    try {
      // One after the other, each waited for to end (run resolves on shell integration's end event).
      await bash.run(line);
      await bash.run(line);
    } finally {
      bash.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
    await settled(api);
    const timeline = api.edits.timeline();
    const steps = timeline.filter((e) => e.files.some((f) => f.path === name(0) || f.path === name(1)));
    const shown = JSON.stringify(steps.map((e) => ({ ...e, stepIds: e.stepIds.length })));
    assert.deepEqual(
      steps.map((e) => [e.kind, e.origin, e.command, e.files.map((f) => f.path)]),
      [
        ['command', 'terminal', line, [name(0)]],
        ['command', 'terminal', line, [name(1)]],
      ],
      shown,
    );
    for (const i of [0, 1]) rmSync(fileUri(name(i)).fsPath, { force: true });
    await settled(api);
  });

  it('gives deletions made back to back to the command that made them, one step each', async () => {
    const api = await blastRadius();
    await api.edits.baselinesReady;
    const first = Array.from({ length: 20 }, (_, i) => `rewind/gen/del-a${String(i).padStart(2, '0')}.txt`);
    const second = ['rewind/gen/del-b0.txt', 'rewind/gen/del-b1.txt'];
    for (const f of [...first, ...second]) writeFileSync(fileUri(f).fsPath, `kept ${f}\n`);
    await settled(api);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'br-dels-'));
    const remove = (name: string, files: string[], delayMs: number): string => {
      const script = path.join(dir, `${name}.js`);
      const body = `for (const f of ${JSON.stringify(files)}) require('fs').unlinkSync(f);`;
      writeFileSync(script, delayMs ? `setTimeout(() => {\n${body}\n}, ${delayMs});\n` : `${body}\n`);
      return `"${process.execPath}" ${script}`;
    };
    // Typed ahead: the first command's deletions may reach the extension after the second started,
    // and the second deletes less than a second into its run, while the first one's end is recent.
    const one = remove('first', first, 0);
    const two = remove('second', second, 900);
    const bash = await Bash.open('br-dels', root(), { env: { ELECTRON_RUN_AS_NODE: '1' } });
    try {
      const secondEnded = nextEvent(`the end of "${two}"`, vscode.window.onDidEndTerminalShellExecution, (e) => e.terminal === bash.terminal && e.execution.commandLine.value.includes('second.js') && !e.execution.commandLine.value.includes('first.js'));
      await bash.run(`${one}\n${two}`);
      await secondEnded;
    } finally {
      bash.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
    await settled(api);
    for (const f of [...first, ...second]) assert.ok(!existsSync(fileUri(f).fsPath), `${f} was deleted`);
    const timeline = api.edits.timeline();
    const stepsOf = (files: string[]): TimelineEntry[] => timeline.filter((e) => e.files.some((f) => files.includes(f.path)) && e.deleted > 0);
    const shown = (l: TimelineEntry[]): string => JSON.stringify(l.map((e) => ({ ...e, stepIds: e.stepIds.length, files: e.files.map((f) => f.path) })));
    const a = stepsOf(first);
    const b = stepsOf(second);
    assert.equal(a.length, 1, `the first command's deletions are one step: ${shown(a)}`);
    assert.equal(b.length, 1, `the second command's deletions are one step: ${shown(b)}`);
    assert.deepEqual([a[0].kind, a[0].origin, a[0].command?.split('\n')[0]], ['command', 'terminal', one], shown(a));
    assert.deepEqual([b[0].kind, b[0].origin, b[0].command], ['command', 'terminal', two], shown(b));
    assert.deepEqual(a[0].files.map((x) => x.path).sort(), first);
    assert.deepEqual(b[0].files.map((x) => x.path).sort(), second);
  });
});

describe('timeline: kept across a window reload (in the editor)', function () {
  this.timeout(TEST_GUARD_MS);

  it("saves the steps in the extension's storage, and a ledger started from there shows them as this window does", async () => {
    const api = await blastRadius();
    await api.edits.baselinesReady;
    const rel = 'rewind/edit/kept-across-reload.md';
    writeFileSync(fileUri(rel).fsPath, 'one\n');
    await settled(api);
    writeFileSync(fileUri(rel).fsPath, 'one\ntwo\n');
    await settled(api);
    const shown = api.edits.timeline();
    assert.ok(shown.some((e) => e.files.some((f) => f.path === rel)), 'the writes are steps');
    const saved = await api.edits.savedTimeline();
    const key = (e: TimelineEntry): string => JSON.stringify([e.kind, e.origin, e.command, e.via, e.attribution, e.time, e.files, e.eventIds]);
    // The newest steps, up to the bound, as the next window will show them (an older command may be cut).
    assert.ok(saved.length >= Math.min(shown.length, 3), `${saved.length} of ${shown.length} steps saved`);
    // The same newest steps (by time: a step recorded late for an earlier change may sit out of order).
    const newest = (l: readonly TimelineEntry[]): string[] => [...l].sort((x, y) => x.time - y.time).slice(-3).map(key).sort();
    assert.deepEqual(newest(saved), newest(shown));
    assert.equal(saved[saved.length - 1].files[0].path, rel);
    rmSync(fileUri(rel).fsPath, { force: true });
    await settled(api);
  });
});
