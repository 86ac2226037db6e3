/**
 * In-editor tests for Stop Agents: Stop interrupts a `sleep 600` running in a guarded terminal (the
 * test waits for the command's end event), agents then stay stopped (the file, the status, the
 * view), the next agent edit is held even with holding switched off, deleting the stopped-state
 * file puts it back instead of resuming, and Resume asks once, saying what was held meanwhile.
 * The dialogs are answered through the test-only commands `_blastRadius.stopTest` and
 * `_blastRadius.holdTest`.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { BlastRadiusApi } from '../../src/extension/extension';
import { State } from '../../src/extension/state';
import { registerStopAgents, type StopReport, type TerminalInterrupt } from '../../src/extension/stop-agents';
import { foregroundJob, procStat } from '../../src/node/foreground-job';
import { blastRadius, fileUri, nextEvent, root, settled, TEST_GUARD_MS, until } from './helpers';
import { Bash, removeBashHomes } from './terminals';

interface StopTestInfo {
  stopped: boolean;
  file: string;
  tampering: number;
  dialogsShown: number;
  lastDialog?: { message: string; detail: string };
  lastInterrupts: TerminalInterrupt[];
  held: { commands: { line: string; ran: boolean }[]; files: string[] };
  status: { text: string; command?: string; background?: string };
}

function stopTest(arg?: { resumeAnswer?: 'resume' | 'cancel' | null; check?: boolean; noProcessTable?: boolean }): Thenable<StopTestInfo> {
  return vscode.commands.executeCommand<StopTestInfo>('_blastRadius.stopTest', arg);
}

function gateTest(arg?: { modalAnswer: string | null }): Thenable<{ dialogsShown: number; lastDialog?: { message: string; detail: string } }> {
  return vscode.commands.executeCommand('_blastRadius.gateTest', arg);
}

function holdTest(arg?: { answers?: string[]; waitIdle?: boolean }): Thenable<{ dialogsShown: number; lastDialog?: { message: string; detail: string } }> {
  return vscode.commands.executeCommand('_blastRadius.holdTest', arg);
}

describe('Stop Agents (in the editor)', function () {
  this.timeout(TEST_GUARD_MS);
  let api: BlastRadiusApi;
  const terminals: Bash[] = [];

  before(async () => {
    api = await blastRadius();
    await api.edits.baselinesReady;
  });

  after(async () => {
    // Never leave agents stopped for the suites that follow.
    if ((await stopTest()).stopped) {
      await stopTest({ resumeAnswer: 'resume' });
      await vscode.commands.executeCommand('blastRadius.resumeAgents');
    }
    await stopTest({ resumeAnswer: null, noProcessTable: false });
    await holdTest({ answers: [] });
    for (const t of terminals) t.dispose();
    removeBashHomes();
  });

  /** A guarded terminal (opened after the gate started) running `sleep 600` in the foreground. */
  async function sleepInTerminal(name: string): Promise<{ bash: Bash; pid: number; running: ReturnType<Bash['start']>; job: { pgid: number } }> {
    const bash = await Bash.open(name, root());
    terminals.push(bash);
    const pid = await bash.terminal.processId;
    assert.ok(pid, 'the terminal has a shell process');
    const started = nextEvent('sleep 600 to start', vscode.window.onDidStartTerminalShellExecution, (e) => e.terminal === bash.terminal);
    const running = bash.start('sleep 600');
    await started;
    // Shell integration reports the start just before bash hands the terminal to the job.
    const job = await until('sleep 600 to hold the terminal', () => {
      const j = foregroundJob(pid, procStat);
      return 'pgid' in j && j;
    });
    return { bash, pid, running, job };
  }

  it('every command package.json declares is registered', async () => {
    const declared = (vscode.extensions.getExtension('blast-radius.blast-radius')?.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(declared.filter((c) => !registered.has(c)), []);
    assert.ok(declared.includes('blastRadius.stopAgents') && declared.includes('blastRadius.resumeAgents'));
  });

  it('without a process table to look into (as on Windows), types Ctrl+C into the terminal: sleep 600 ends, the shell stays', async () => {
    assert.equal((await stopTest()).stopped, false, 'agents run at the start');
    const { pid, running } = await sleepInTerminal('br-stop-ctrlc');
    await stopTest({ noProcessTable: true });
    try {
      const report = await vscode.commands.executeCommand<StopReport>('blastRadius.stopAgents');
      assert.equal(report.interrupts.find((r) => r.terminal === 'br-stop-ctrlc')?.outcome, 'ctrl-c', JSON.stringify(report.interrupts));
      // The end event of the command: the pty turned the typed Ctrl+C into SIGINT for the job.
      assert.equal(await running.ended, 130);
      assert.ok(existsSync(`/proc/${pid}`), 'the shell itself is still there');
    } finally {
      await stopTest({ noProcessTable: false, resumeAnswer: 'resume' });
      await vscode.commands.executeCommand('blastRadius.resumeAgents');
      await stopTest({ resumeAnswer: null });
    }
    assert.equal((await stopTest()).stopped, false, 'resumed for the tests that follow');
  });

  it('interrupts a running sleep 600, holds the next agent edit, survives the file being deleted, and Resume says what was held', async () => {
    const start = await stopTest();
    assert.equal(start.stopped, false, 'agents run at the start');
    assert.equal(start.status.command, 'blastRadius.stopAgents');
    assert.equal(api.state.config.settings.holdChanges, false, 'the suite runs with holding switched off: the stop holds anyway');

    // A file the agent will edit once stopped (written now: a file written while stopped is held too).
    const dir = path.join(root(), 'stop');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'plan.md');
    writeFileSync(file, '# Plan\n\nNothing risky here.\n');
    mkdirSync(path.join(dir, 'victim'));
    writeFileSync(path.join(dir, 'victim', 'data.txt'), 'keep me\n');
    await until('the plan to be known', async () => {
      await settled(api);
      return api.edits.baselineOf(vscode.Uri.file(file)) !== undefined && api.edits.baselineOf(vscode.Uri.file(path.join(dir, 'victim', 'data.txt'))) !== undefined;
    });

    // A guarded terminal (opened after the gate started) running sleep 600 in the foreground.
    const { bash, pid, running, job } = await sleepInTerminal('br-stop');

    const report = await vscode.commands.executeCommand<StopReport>('blastRadius.stopAgents');
    const mine = report.interrupts.find((r) => r.terminal === 'br-stop');
    assert.equal(mine?.outcome, 'interrupted', JSON.stringify(report.interrupts));
    // The end event of the command, with the exit status of a job killed by SIGINT.
    assert.equal(await running.ended, 130);
    assert.throws(() => process.kill(-job.pgid, 0), /ESRCH/, 'no process of the job is left');
    assert.ok(existsSync(`/proc/${pid}`), 'the shell itself is still there');
    console.log(`      Stop interrupted sleep 600 in ${mine.ms.toFixed(1)} ms`);

    // Stopped, shown, and written where the agent hooks look.
    const info = await stopTest();
    assert.equal(info.stopped, true);
    assert.ok(existsSync(info.file));
    assert.ok(api.state.stop.active && api.state.stop.record?.since);
    assert.deepEqual(info.status, { text: '$(debug-stop) AGENTS STOPPED', command: 'blastRadius.resumeAgents', background: 'statusBarItem.errorBackground' });

    // A warn-level command (emptying a file) now waits for a person; answered Don't run, it does not run.
    // (rc.txt goes to the temp folder: a file written in the workspace now would be held.)
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'br-stop-scratch-'));
    const rm = 'truncate -s 0 stop/victim/data.txt';
    assert.equal(api.evaluateCommand(rm, root())?.decision, 'warn', 'precondition: a warn-level command when agents run');
    const { dialogsShown: gateDialogs } = await gateTest({ modalAnswer: 'dont-run' });
    assert.equal(await bash.run(`${rm}; echo "rc=$?" > ${scratch}/rc.txt`), 0);
    assert.equal(readFileSync(path.join(scratch, 'rc.txt'), 'utf8').trim(), 'rc=126');
    assert.equal(readFileSync(path.join(dir, 'victim', 'data.txt'), 'utf8'), 'keep me\n', 'the command did not run');
    assert.equal((await gateTest()).dialogsShown, gateDialogs + 1);
    assert.match((await gateTest()).lastDialog?.detail ?? '', /agents are stopped by you/);
    assert.deepEqual((await stopTest()).held.commands, [{ line: rm, ran: false }]);
    await gateTest({ modalAnswer: null });
    rmSync(scratch, { recursive: true, force: true });

    // The next agent edit is held: put back at once, the event carries the stop's finding.
    await holdTest({ answers: ['later'] });
    const doc = await vscode.workspace.openTextDocument(fileUri('stop/plan.md'));
    const before = doc.getText();
    const { dialogsShown } = await holdTest();
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(3, 0), '\n## Step 1\n\nRewrite the billing module.\nThen the tests.\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await until('the edit to be put back', async () => {
      await settled(api);
      return doc.getText() === before;
    });
    const held = await until('a held event for the plan', () => api.state.events.list().find((e) => e.uri?.fsPath === file && e.status === 'held'));
    assert.equal(held.decision, 'gate');
    assert.equal(held.findings[0].ruleId, 'STOP');
    await until('the hold dialog', async () => (await holdTest()).dialogsShown > dialogsShown);
    await holdTest({ answers: ['undo'] });
    await holdTest({ waitIdle: true });
    await settled(api);
    assert.equal(doc.getText(), before, 'Discard left the plan as it was');

    // What the next window (a reload) finds: still stopped, since the same time.
    const next = new State(api.state.context);
    // Both States' log channels are named "Blast Radius" and share one logger: keep the extension's.
    next.log.dispose = () => undefined;
    try {
      registerStopAgents(next, { commands: false });
      assert.equal(next.stop.active, true, 'a reloaded window is stopped');
      assert.equal(next.stop.record?.since, api.state.stop.record?.since);
    } finally {
      next.dispose();
    }

    // Deleting the stopped-state file does not resume: it is put back and recorded.
    rmSync(info.file);
    await until('the stop file to be written back', () => existsSync(info.file) && readFileSync(info.file, 'utf8').includes('"stopped": true'));
    const after = await until('the tampering to be counted', async () => {
      const i = await stopTest();
      return i.tampering > 0 && i;
    });
    assert.equal(after.stopped, true, 'still stopped');
    // Recorded where the status bar and `hooks status` read attempts to switch protection off.
    await until('the tampering record to name the stop file', () => api.tampering()?.message.includes('stopped-state file'));
    // Editing it does not resume either.
    writeFileSync(info.file, '{"stopped": false}\n');
    await until('the edited stop file to be written back', () => readFileSync(info.file, 'utf8').includes('"stopped": true'));
    assert.equal((await stopTest()).stopped, true);

    // Resume: cancelled, nothing changes; answered, agents run again and the dialog said what was held.
    await stopTest({ resumeAnswer: 'cancel' });
    assert.equal(await vscode.commands.executeCommand('blastRadius.resumeAgents'), false);
    assert.equal((await stopTest()).stopped, true);
    await stopTest({ resumeAnswer: 'resume' });
    assert.equal(await vscode.commands.executeCommand('blastRadius.resumeAgents'), true);
    const resumed = await stopTest();
    assert.equal(resumed.stopped, false);
    assert.deepEqual(resumed.status, { text: '$(debug-stop) Stop Agents', command: 'blastRadius.stopAgents', background: undefined });
    assert.ok(!existsSync(info.file), 'the stop file is gone');
    const detail = resumed.lastDialog?.detail ?? '';
    assert.match(detail, /Interrupted when you stopped \(\d+\):[\s\S]*terminal "br-stop"/);
    assert.match(detail, /Terminal commands not run \(1\):\n {2}• truncate -s 0 stop\/victim\/data\.txt/);
    assert.match(detail, /Agent changes held \(1 file[\s\S]*stop\/plan\.md/);
    assert.match(detail, /tried to delete or edit the stopped state 2 times/);

    // Agents run again: the same kind of edit is not held.
    await holdTest({ answers: ['later'] });
    const again = new vscode.WorkspaceEdit();
    again.insert(doc.uri, new vscode.Position(3, 0), '\n## Step 1\n\nRewrite the billing module.\nThen the tests.\n');
    assert.ok(await vscode.workspace.applyEdit(again));
    await settled(api);
    assert.notEqual(doc.getText(), before, 'not held after Resume');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    rmSync(dir, { recursive: true, force: true });
  });
});
