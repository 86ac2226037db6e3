/**
 * The end-to-end scenarios: what a person sees in a real VS Code while an agent works. Each one
 * drives the workbench (test/e2e/workbench.ts) and the test agent, checks what the editor shows
 * and ends with a screenshot. They run in the order of SCENARIOS in one editor; scenario 4 reverts
 * the change scenario 1 made (and makes it itself when 1 did not), the others stand alone. Scenarios
 * 1-4 run with holding off (the runner's user settings), 9 and 10 switch it on; 7 reads the logs, so
 * it runs last. 11, a new user's first five minutes, runs first while Recent Events is still empty; it
 * switches holding on (the default) and back off for the others. 12 (Agent Steps and Rewind) runs
 * before 9 with holding off and touches only notes/. 13 (where a command lands: a production kube
 * context) runs after 8 with holding off; it writes the kubeconfig KUBECONFIG names and takes it
 * away again, and puts package.json back as it was.
 *
 * They wait for what they need: an element on screen, a file on disk, or an event the test agent
 * reads in the extension host (a command's end, Blast Radius being done with it, Blast Radius having
 * judged every change so far). "Nothing happened" is checked once Blast Radius says it is done, not
 * after watching for a while. The only bounds are hang guards (STEP_TIMEOUT_MS, SCENARIO_GUARD_MS).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import type { Locator } from 'playwright-core';
import { readExtensionHostLog, type RunningCodeServer } from '../harness/code-server';
import type { AgentDiagnostic, TestAgent } from './agent-client';
import { DB_TF, DELETED_MODULES, GUIDE_PORT_LINE, MIGRATION_SQL, NOTES, PREVENT_DESTROY_LINE, PRODUCTION_KUBECONFIG, REPLICA_TF, TERRAFORM_RELEASE, UNCOMMITTED } from './fixture';
import { STEP_TIMEOUT_MS, until, type Workbench } from './workbench';

export interface ScenarioContext {
  wb: Workbench;
  agent: TestAgent;
  server: RunningCodeServer;
  /** The fixture workspace on disk. */
  workspace: string;
  /** Where KUBECONFIG points for the editor and its terminals (no file there unless a scenario writes one). */
  kubeconfig: string;
  log: (message: string) => void;
  /** Something seen that the scenario does not fail on but a person should read. */
  note: (message: string) => void;
}

export interface Scenario {
  id: number;
  title: string;
  run(ctx: ScenarioContext): Promise<void>;
}

/**
 * The last-resort bound of one scenario, far above what any takes on a loaded machine (under a
 * minute): reaching it means some step hung without its own guard firing first.
 */
export const SCENARIO_GUARD_MS = 10 * 60_000;

const SOURCE = 'Blast Radius';
const DISK_WRITE = 'written on disk by another process';
/** The status bar says `<level> · <open events>`. */
const STATUS_LEVEL = /(Off|Relaxed|Balanced|Strict|Paranoid) · \d+/;

function ours(diagnostics: readonly AgentDiagnostic[]): AgentDiagnostic[] {
  return diagnostics.filter((d) => d.source === SOURCE);
}

/** The 1-based lines of the block that starts with `header` in `text` (to its closing brace at column 0). */
function blockLines(text: string, header: string): { first: number; last: number } {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.startsWith(header));
  assert.ok(first >= 0, `no line starting with ${header}`);
  const last = lines.findIndex((l, i) => i > first && l === '}');
  return { first: first + 1, last: last + 1 };
}

/** The attribution a hover shows ("How it happened: ..."), if any. */
function hoverAttribution(hover: string): string | undefined {
  return /How it happened:\s*(.+)/.exec(hover)?.[1]?.trim();
}

/** The newest Blast Radius output channel log (`exthost*\/blast-radius.blast-radius/Blast Radius.log`). */
export function readBlastRadiusLog(userDataDir: string): string {
  const logsRoot = path.join(userDataDir, 'logs');
  if (!existsSync(logsRoot)) return '';
  const sessions = readdirSync(logsRoot)
    .map((name) => path.join(logsRoot, name))
    .filter((entry) => statSync(entry).isDirectory())
    .sort()
    .reverse();
  for (const session of sessions) {
    for (const host of readdirSync(session).filter((name) => name.startsWith('exthost'))) {
      const file = path.join(session, host, 'blast-radius.blast-radius', 'Blast Radius.log');
      if (existsSync(file)) return readFileSync(file, 'utf8');
    }
  }
  return '';
}

/** Every file under `folder` (recursively), by its path relative to `root`, with its bytes. */
function snapshot(root: string, folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full));
    }
  };
  walk(path.join(root, folder));
  return files;
}

/** How `root` differs from `expected` (a snapshot of `folder`): missing, changed and extra files; empty when equal. */
function differences(root: string, folder: string, expected: ReadonlyMap<string, Buffer>): string[] {
  const found: string[] = [];
  const now = existsSync(path.join(root, folder)) ? snapshot(root, folder) : new Map<string, Buffer>();
  for (const [file, bytes] of expected) {
    const current = now.get(file);
    if (!current) found.push(`${file} is missing`);
    else if (!current.equals(bytes)) found.push(`${file} differs (${current.length} bytes, expected ${bytes.length})`);
  }
  for (const file of now.keys()) if (!expected.has(file)) found.push(`${file} is new`);
  return found;
}

/**
 * Switches holding on (the default, which the runner's user settings turn off for scenarios 1-4)
 * through the configuration API, and waits until the extension host sees it: Blast Radius reads
 * its settings in the same host, on the same change event.
 */
async function holdChangesOn(agent: TestAgent, log: (message: string) => void): Promise<void> {
  const now = await agent.inspectSetting('blastRadius', 'gate.holdChanges');
  if (now?.globalValue === true) return;
  await agent.updateSetting('blastRadius', 'gate.holdChanges', true);
  await until('blastRadius.gate.holdChanges to be true in the user settings', async () => (await agent.inspectSetting('blastRadius', 'gate.holdChanges'))?.globalValue === true);
  log('user setting blastRadius.gate.holdChanges switched on (it was off for scenarios 1-4)');
}

/** Fails when a modal dialog is on screen now. */
async function noDialogShown(wb: Workbench, why: string): Promise<void> {
  const shown = wb.dialog();
  if (await shown.isVisible()) throw new Error(`${why}: a dialog showed: ${(await shown.first().innerText()).replace(/\s+/g, ' ').slice(0, 200)}`);
}

/**
 * Once Blast Radius has judged every change made so far: nothing is held for an answer (so no dialog
 * about it is coming) and no dialog is on screen.
 */
async function nothingHeld(wb: Workbench, agent: TestAgent, why: string): Promise<void> {
  const { holding } = await agent.blastRadiusSettled();
  assert.equal(holding, false, `${why}: Blast Radius holds a change for an answer`);
  await noDialogShown(wb, why);
}

/** Waits until Blast Radius has carried out the answer to its dialog (it holds nothing any more). */
async function answerCarriedOut(agent: TestAgent, what: string): Promise<void> {
  await until(`Blast Radius to carry out ${what}`, async () => !(await agent.blastRadiusSettled()).holding);
}

const scenario1: Scenario = {
  id: 1,
  title: 'an agent edit that removes prevent_destroy is an error in Problems, with score and safer alternative on hover',
  async run({ wb, agent, workspace, log, note }) {
    // The person works in another file while the agent changes infra/db.tf, then goes to look.
    await wb.openFile('src/index.js');
    const edit = await agent.applyEdit({ path: 'infra/db.tf', remove: PREVENT_DESTROY_LINE });
    assert.ok(edit.applied && edit.saved, `the test agent's edit was not applied and saved: ${JSON.stringify(edit)}`);
    log(`test agent removed prevent_destroy from infra/db.tf in one WorkspaceEdit and saved${edit.attempts > 1 ? ` (save() answered false ${edit.attempts - 1} time(s) first)` : ''}`);
    await wb.openFile('infra/db.tf');

    const diagnostic = await until('a Blast Radius TF001 diagnostic on infra/db.tf', async () => ours(await agent.diagnostics('infra/db.tf')).find((d) => d.code === 'TF001'));
    assert.equal(diagnostic.severity, 'error', `TF001 should be an error (gate level at balanced), got ${diagnostic.severity}`);

    await wb.openProblems();
    const row = await until('the TF001 row in the Problems panel', async () => (await wb.problemRows()).find((r) => r.text.includes('TF001') && r.text.includes(SOURCE)));
    log(`Problems: ${row.severity} at line ${row.line}: ${row.text.split('\n')[0].slice(0, 120)}…`);
    assert.equal(row.severity, 'error', 'the Problems row should carry the error icon');
    const block = blockLines(readFileSync(path.join(workspace, 'infra/db.tf'), 'utf8'), 'resource "aws_db_instance" "main"');
    assert.ok(row.line !== undefined && row.line >= block.first && row.line <= block.last, `the problem is at line ${row.line}, outside the aws_db_instance.main block (lines ${block.first}-${block.last})`);
    assert.equal(row.line, diagnostic.line + 1, 'the Problems panel and the diagnostic disagree on the line');
    await wb.screenshot('1-problems-flagged-edit');

    // Without the panel the editor is tall enough for the whole hover in the screenshot.
    await wb.hidePanel();
    await wb.goToLine(row.line);
    const hover = await wb.showHover(/Blast Radius · TF001/);
    assert.match(hover, /score \d+\/100/, 'the hover should show the score');
    assert.match(hover, /Safer: Keep prevent_destroy/, 'the hover should show the safer alternative');
    log(`hover: ${/Blast Radius · .*/.exec(hover)?.[0] ?? '(no title line)'}`);
    const attribution = hoverAttribution(hover);
    if (attribution === DISK_WRITE) {
      note(`scenario 1: the hover calls an in-editor agent edit (WorkspaceEdit + save) "${attribution}", the words meant for other processes' disk writes`);
    }
    // The diagnostic comes first in the hover; scroll to Blast Radius's own part for the screenshot.
    await wb.scrollHover(130);
    await wb.screenshot('1-hover-score-and-alternative');
    await wb.dismiss();
  },
};

const scenario2: Scenario = {
  id: 2,
  title: 'the same removal typed on the keyboard, character by character, raises no problem',
  async run({ wb, agent, workspace, log }) {
    const file = path.join(workspace, 'infra/replica.tf');
    const lineNumber = REPLICA_TF.split('\n').indexOf(PREVENT_DESTROY_LINE.slice(0, -1)) + 1;
    await wb.openFile('infra/replica.tf');
    await wb.goToLine(lineNumber);
    await wb.page.keyboard.press('End');
    // One Backspace per character of the line and one for its line break; editor.useTabStops is off
    // in the e2e settings, so the indentation also goes one space per key.
    const keys = PREVENT_DESTROY_LINE.length;
    for (let i = 0; i < keys; i++) await wb.page.keyboard.press('Backspace', { delay: 15 });
    await wb.page.keyboard.press('Control+S');
    const expected = REPLICA_TF.replace(PREVENT_DESTROY_LINE, '');
    await until('the typed change to be saved', () => readFileSync(file, 'utf8') === expected, STEP_TIMEOUT_MS).catch(() => {
      throw new Error(`harness: the keyboard did not produce the expected text; infra/replica.tf is now:\n${readFileSync(file, 'utf8')}`);
    });
    log(`typed ${keys} Backspaces into infra/replica.tf and saved (Ctrl+S)`);

    // Once Blast Radius has judged the typing and the save, it has said all it will say.
    await agent.blastRadiusSettled();
    const found = ours(await agent.diagnostics('infra/replica.tf'));
    await wb.openProblems();
    const files = await wb.problemFiles();
    await wb.screenshot('2-typed-no-problem');
    if (found.length > 0) {
      const hoverWords = found.map((d) => `${d.code} ${d.severity} at line ${d.line + 1}: ${d.message.slice(0, 160)}`).join('\n  ');
      throw new Error(`typing raised Blast Radius problems on infra/replica.tf:\n  ${hoverWords}`);
    }
    assert.ok(!files.some((label) => label.includes('replica.tf')), `the Problems panel lists infra/replica.tf: ${files.join('; ')}`);
  },
};

const scenario3: Scenario = {
  id: 3,
  title: 'a file written on disk by another process is flagged as such',
  async run({ wb, agent, workspace, log }) {
    const file = path.join(workspace, 'migrations/001_init.sql');
    // Plain fs from this (the runner's) process: a CLI agent writing the file.
    writeFileSync(file, `${MIGRATION_SQL}\n-- Clean up the legacy table.\nDROP TABLE orders;\n`);
    log('wrote migrations/001_init.sql with fs (DROP TABLE orders)');
    const diagnostic = await until('a Blast Radius diagnostic on migrations/001_init.sql', async () => ours(await agent.diagnostics('migrations/001_init.sql'))[0]);
    log(`diagnostic: ${diagnostic.code} ${diagnostic.severity} at line ${diagnostic.line + 1}`);
    assert.ok(diagnostic.message.includes(DISK_WRITE), `the diagnostic should say "${DISK_WRITE}": ${diagnostic.message}`);
    await wb.openProblems();
    const row = await until('the disk-write row in the Problems panel', async () => (await wb.problemRows()).find((r) => r.text.includes(diagnostic.code ?? '?') && r.text.includes(DISK_WRITE)));
    log(`Problems: ${row.severity} ${row.text.split('\n')[0].slice(0, 140)}`);
    await wb.screenshot('3-disk-write-flagged');
  },
};

const scenario4: Scenario = {
  id: 4,
  title: 'Revert this change from the light bulb restores the file byte for byte',
  async run({ wb, agent, workspace, log }) {
    const file = path.join(workspace, 'infra/db.tf');
    let flagged = ours(await agent.diagnostics('infra/db.tf')).find((d) => d.code === 'TF001');
    if (!flagged) {
      // Scenario 1 makes this change; when it did not get that far, the agent makes it here.
      log('infra/db.tf has no TF001 problem (scenario 1 did not leave one): the test agent removes prevent_destroy itself');
      const edit = await agent.applyEdit({ path: 'infra/db.tf', remove: PREVENT_DESTROY_LINE });
      assert.ok(edit.applied && edit.saved, `the test agent's edit was not applied and saved: ${JSON.stringify(edit)}`);
      flagged = await until('a Blast Radius TF001 diagnostic on infra/db.tf', async () => ours(await agent.diagnostics('infra/db.tf')).find((d) => d.code === 'TF001'));
    }
    await wb.openFile('infra/db.tf');
    await wb.goToLine(flagged.line + 1);
    const fixes = await wb.openQuickFixes();
    log(`light bulb: ${fixes.join(' | ')}`);
    const revert = fixes.find((label) => /^Revert this change/i.test(label));
    assert.ok(revert, `no "Revert this change" in the light bulb: ${fixes.join(' | ')}`);
    await wb.screenshot('4-quick-fix-revert');
    await wb.chooseQuickFix(revert);
    await until('infra/db.tf to be back byte for byte on disk', () => readFileSync(file).equals(Buffer.from(DB_TF)));
    log('infra/db.tf on disk equals the fixture byte for byte');
    await until('the TF001 problem to go away', async () => ours(await agent.diagnostics('infra/db.tf')).length === 0);
    const dirty = await wb.page.locator('.tab.active.dirty').count();
    assert.equal(dirty, 0, 'the reverted editor is left with unsaved changes');
    await wb.screenshot('4-reverted');
  },
};

const scenario5: Scenario = {
  id: 5,
  title: 'terraform destroy -auto-approve in the terminal is held or flagged as it starts and listed in the view; git status is not',
  async run({ wb, agent, workspace, log }) {
    const destroy = 'terraform destroy -auto-approve';
    const stubRan = 'terraform stub: destroy -auto-approve';
    const sentAt = Date.now();
    const sent = await agent.runInTerminal(destroy);
    log(`test agent sent "${destroy}" to terminal "${sent.terminal}" (shell integration: ${sent.shellIntegration})`);

    // Gate level means one of two things, depending on whether the confirm gate could step in: a
    // modal that holds the command before it runs, or a warning the moment it starts.
    const dialog = wb.page.locator('.monaco-dialog-box', { hasText: destroy });
    const toast = wb.toast(`"${destroy}" started in a terminal`);
    const seen = await until('the confirm gate or a warning for the command', async () => {
      if (await dialog.isVisible()) return 'dialog';
      if (await toast.isVisible()) return 'toast';
      return undefined;
    });
    const afterMs = Date.now() - sentAt;
    const terminalThen = await wb.terminalText();

    if (seen === 'dialog') {
      const text = await dialog.innerText();
      log(`confirm gate after ${afterMs} ms: ${text.replace(/\s+/g, ' ').slice(0, 220)}`);
      assert.match(text, /IAC001/, 'the confirm dialog should name the rule');
      assert.match(text, /Score \d+/i, 'the confirm dialog should show the score');
      assert.ok(!terminalThen.includes(stubRan), 'the command ran before the confirm gate asked');
      await wb.screenshot('5-confirm-gate');
      await dialog.getByRole('button', { name: "Don't run", exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      // The command has ended (the shim refused it) and Blast Radius is done with it: had the stub
      // run, it would have printed by now.
      const finished = await agent.commandFinished(sent.id);
      assert.equal(finished.exitCode, 126, "the command should end with 126 (not run) after Don't run");
      assert.ok(!(await wb.terminalText()).includes(stubRan), "the command ran although the answer was Don't run");
      log("answered Don't run: the command ended with 126 and the stub terraform never ran");
    } else {
      const toastText = await toast.innerText();
      log(`warning after ${afterMs} ms: ${toastText.replace(/\s+/g, ' ').slice(0, 200)}`);
      assert.ok(await toast.locator('.codicon-warning, .codicon-notifications-warning').count(), 'the notification should be a warning');
      assert.match(toastText, /IAC001, score \d+/, 'the warning should name the rule and score');
      // The stub waits for its release, which comes only below: the warning came while it ran.
      assert.ok(!terminalThen.includes('terraform stub: finished'), 'the warning came only after the command ended, not as it started');
      await until('the stub terraform to print its arguments (it is first on the PATH)', async () => (await wb.terminalText()).includes(stubRan));
    }

    await wb.runCommand('Blast Radius: Focus on Recent Events View');
    const row = await until('the command in the Recent Events view', async () => (await wb.eventRows()).find((r) => r.includes(destroy)));
    log(`view: ${row}`);
    await wb.screenshot('5-view-flagged-command');

    if (seen === 'toast') {
      writeFileSync(path.join(workspace, TERRAFORM_RELEASE), '');
      await until('the stub terraform to finish', async () => (await wb.terminalText()).includes('terraform stub: finished'));
      await agent.commandFinished(sent.id);
    }
    await wb.runCommand('Notifications: Clear All Notifications');
    const status = await agent.runInTerminal('git status');
    const finished = await agent.commandFinished(status.id);
    await until('git status output in the terminal', async () => (await wb.terminalText()).includes('On branch main'));
    // Blast Radius judged it as it started and is done with it: what it did about it is all there is.
    assert.equal(finished.exitCode, 0, 'git status failed');
    assert.deepEqual([finished.blastRadius.decision, finished.blastRadius.flagged], ['allow', false], `Blast Radius's verdict on git status: ${JSON.stringify(finished.blastRadius)}`);
    assert.equal(await wb.toast('git status').count(), 0, 'git status raised a notification');
    assert.equal(await wb.page.locator('.monaco-dialog-box', { hasText: 'git status' }).count(), 0, 'git status was held by the confirm gate');
    const rows = await wb.eventRows();
    assert.ok(!rows.some((r) => r.includes('git status')), `git status is in the Recent Events view: ${rows.join('; ')}`);
    log('git status ran without a warning and is not in the view');
  },
};

const scenario6: Scenario = {
  id: 6,
  title: 'the status bar quick pick sets the user strictness; a workspace "off" does not lower it',
  async run({ wb, agent, server, log }) {
    const inspected = await agent.inspectSetting('blastRadius', 'strictness');
    assert.equal(inspected?.workspaceValue, 'off', `the fixture's .vscode/settings.json should ask for "off": ${JSON.stringify(inspected)}`);
    // A warn-level event flashes in the item for 5 s; the level shows again after that.
    const before = await until('the status bar to show the strictness (not a flash)', async () => {
      const text = await wb.statusText();
      return STATUS_LEVEL.test(text) ? text : undefined;
    });
    log(`status bar with the workspace asking for off: "${before}"`);
    assert.ok(!before.includes('Off'), `the workspace's "off" lowered the status bar to "${before}"`);

    await wb.focusWorkbench();
    await wb.statusItem().click({ timeout: STEP_TIMEOUT_MS });
    const strict = wb.page.locator('.quick-input-list .monaco-list-row', { has: wb.page.locator('.label-name', { hasText: /^\W*Strict\s*$/ }) });
    await strict.waitFor({ timeout: STEP_TIMEOUT_MS });
    await wb.screenshot('6-status-bar-quick-pick');
    await strict.click({ timeout: STEP_TIMEOUT_MS });

    const settingsFile = path.join(server.userDataDir, 'User', 'settings.json');
    await until('blastRadius.strictness "strict" in the user settings file', () => (parseJsonc(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>)['blastRadius.strictness'] === 'strict');
    const after = await until('the status bar to say Strict', async () => {
      const text = await wb.statusText();
      return text.includes('Strict') ? text : undefined;
    });
    log(`user settings.json now has "blastRadius.strictness": "strict"; status bar: "${after}"`);
    const still = await agent.inspectSetting('blastRadius', 'strictness');
    assert.equal(still?.workspaceValue, 'off', 'the workspace value changed');
    assert.equal(still?.globalValue, 'strict');
    await wb.screenshot('6-status-bar-strict');
  },
};

const scenario7: Scenario = {
  id: 7,
  title: 'the extension activated without errors in the extension host log; activation time',
  async run({ agent, server, log }) {
    const status = await agent.blastRadius();
    assert.ok(status.installed && status.active, `Blast Radius is not active: ${JSON.stringify(status)}`);
    const hostLog = readExtensionHostLog(server.userDataDir);
    assert.match(hostLog, /_doActivateExtension blast-radius\.blast-radius\b/, 'the extension host log does not show Blast Radius activating');
    const hostErrors = hostLog.split('\n').filter((line) => /\[error\]/i.test(line) && /blast-radius\.blast-radius|blast-radius\/|Blast Radius/i.test(line));
    assert.deepEqual(hostErrors, [], `errors about Blast Radius in the extension host log:\n${hostErrors.join('\n')}`);
    const ownLog = readBlastRadiusLog(server.userDataDir);
    const activated = /Blast Radius \S+ activated in ([\d.]+) ms/.exec(ownLog);
    assert.ok(activated, 'the Blast Radius log has no "activated in" line');
    const ownErrors = ownLog.split('\n').filter((line) => /\[error\]/.test(line));
    assert.deepEqual(ownErrors, [], `errors in the Blast Radius log:\n${ownErrors.join('\n')}`);
    log(`Blast Radius ${status.version} activated in ${activated[1]} ms (activate() reports ${status.activationMs?.toFixed(1)} ms); no errors in the extension host log or the Blast Radius log`);
  },
};

const scenario8: Scenario = {
  id: 8,
  title: "rm -rf src (holding a file never committed) typed in the terminal waits for the confirm gate before anything is deleted, and the dialog counts what git cannot restore; Don't run leaves src/ intact and says why; rm -rf node_modules and git status need no dialog",
  async run({ wb, agent, workspace, log }) {
    const before = snapshot(workspace, 'src');
    assert.ok(before.size >= 30, `the fixture's src/ should hold the service's modules, it has ${before.size} files`);
    assert.ok(existsSync(path.join(workspace, 'node_modules/left-pad/index.js')), "the fixture's node_modules/ is missing");
    // A terminal of its own, so its screen holds only what this scenario typed.
    const shown = await agent.showTerminal('Person');
    assert.ok(shown.shellIntegration, 'the terminal has no shell integration: the confirm gate puts its shims on PATH through it');

    await wb.typeInTerminal('rm -rf src');
    const typedAt = Date.now();
    const dialog = wb.dialog('rm -rf src');
    await dialog.waitFor({ state: 'visible' });
    // Read while the dialog is up: nothing may have been deleted yet.
    const early = differences(workspace, 'src', before);
    assert.deepEqual(early, [], `rm ran before the confirm gate asked:\n  ${early.join('\n  ')}`);
    assert.ok(await dialog.isVisible(), 'the dialog went away by itself');
    const text = (await dialog.innerText()).replace(/\s+/g, ' ');
    log(`confirm gate after ${Date.now() - typedAt} ms; src/ intact (${before.size} files) while it asks: ${text.slice(0, 200)}`);
    // The fixture's src/ holds a file written after the commit: the dialog counts what git cannot bring back.
    assert.match(text, /1 file is not in git/, `the dialog does not say what git cannot restore: ${text.slice(0, 400)}`);
    const buttons = await wb.dialogButtons(dialog);
    for (const title of ["Don't run", 'Run once']) assert.ok(buttons.includes(title), `no "${title}" button: ${buttons.join(' | ')}`);
    assert.equal(await wb.focusedDialogButton(dialog), "Don't run", "Don't run should be the default button (Enter)");
    await wb.screenshot('8-terminal-rm-gate');

    await dialog.getByRole('button', { name: "Don't run", exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    const reason = await until('the reason ("not run: …") in the terminal', async () => /not run: "rm -rf src".*/.exec(await wb.terminalText())?.[0]);
    log(`terminal: ${reason.slice(0, 160)}`);
    await wb.typeInTerminal('echo "exit=$?"');
    await until('rm to have exited 126', async () => (await wb.terminalText()).includes('exit=126'));
    const after = differences(workspace, 'src', before);
    assert.deepEqual(after, [], `src/ changed although the answer was Don't run:\n  ${after.join('\n  ')}`);
    log("answered Don't run: rm exited 126 and src/ is intact byte for byte");

    // rm waits while the gate asks, so its ending with node_modules/ gone means nothing held it; once
    // Blast Radius is done with the command (and has judged the deletion), no dialog is coming.
    const rmModules = await agent.expectCommand('Person', 'rm -rf node_modules');
    await wb.typeInTerminal('rm -rf node_modules');
    const removed = await agent.commandFinished(rmModules.id);
    assert.equal(removed.exitCode, 0, 'rm -rf node_modules failed');
    assert.ok(!existsSync(path.join(workspace, 'node_modules')), 'node_modules/ is still there');
    assert.equal(removed.blastRadius.flagged, false, `Blast Radius flagged rm -rf node_modules: ${JSON.stringify(removed.blastRadius)}`);
    await nothingHeld(wb, agent, 'rm -rf node_modules');
    // Scenario 5's terminal shows git status too: this one must not have before it runs here.
    assert.ok(!(await wb.terminalText()).includes('On branch main'), 'the terminal read is not the one typed into');
    const gitStatus = await agent.expectCommand('Person', 'git status');
    await wb.typeInTerminal('git status');
    const status = await agent.commandFinished(gitStatus.id);
    assert.deepEqual([status.exitCode, status.blastRadius.decision, status.blastRadius.flagged], [0, 'allow', false], `git status: ${JSON.stringify(status)}`);
    await until('git status output in the terminal', async () => (await wb.terminalText()).includes('On branch main'));
    await noDialogShown(wb, 'git status');
    log('rm -rf node_modules and git status ran with no dialog');
    await wb.screenshot('8-terminal-after');
  },
};

const scenario9: Scenario = {
  id: 9,
  title: 'the test agent deletes 30 files of src/ in one step: one dialog, and Restore all brings every file back byte for byte',
  async run({ wb, agent, workspace, log }) {
    await holdChangesOn(agent, log);
    const before = snapshot(workspace, 'src');
    for (const file of DELETED_MODULES) assert.ok(before.has(file), `the fixture has no ${file}`);
    const deleted = await agent.deleteFiles(DELETED_MODULES, 'node:fs');
    const deletedAt = Date.now();
    assert.equal(deleted.deleted, DELETED_MODULES.length);
    log(`test agent deleted ${deleted.deleted} of the ${before.size} files of src/ with node:fs in one step`);

    const dialog = wb.dialog();
    await dialog.first().waitFor({ state: 'visible' });
    const text = (await dialog.first().innerText()).replace(/\s+/g, ' ');
    log(`dialog after ${Date.now() - deletedAt} ms: ${text.slice(0, 240)}`);
    assert.equal(await dialog.count(), 1, 'more than one dialog is open');
    assert.match(text, new RegExp(`Blast Radius: ${DELETED_MODULES.length} files were deleted\\.`), 'the dialog should hold the whole step (every deleted file)');
    assert.match(text, /EDT003/, 'the dialog should name the rule (EDT003)');
    const buttons = await wb.dialogButtons(dialog);
    for (const title of ['Restore all', 'Keep deleted']) assert.ok(buttons.includes(title), `no "${title}" button: ${buttons.join(' | ')}`);
    assert.equal(await wb.focusedDialogButton(dialog), 'Restore all', 'Restore all should be the default button (Enter)');
    // The files stay deleted until the answer: what comes back, comes back because of it.
    const stillThere = DELETED_MODULES.filter((file) => existsSync(path.join(workspace, file)));
    assert.deepEqual(stillThere, [], 'files came back before the answer');
    await wb.screenshot('9-held-deletion');

    await dialog.getByRole('button', { name: 'Restore all', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await until('every deleted file to be back', () => DELETED_MODULES.every((file) => existsSync(path.join(workspace, file))));
    // A file can exist before its last bytes are written: compare once they settle.
    await until('src/ to equal what it was, byte for byte', () => differences(workspace, 'src', before).length === 0).catch(() => {
      throw new Error(`src/ is not back byte for byte:\n  ${differences(workspace, 'src', before).join('\n  ')}`);
    });
    log(`Restore all: all ${DELETED_MODULES.length} files are back byte for byte (CRLF, BOM, no final newline and non-ASCII among them)`);
    const report = await until('the restore report', async () => {
      const toast = wb.toast('restored');
      return (await toast.isVisible()) ? (await toast.first().innerText()).replace(/\s+/g, ' ') : undefined;
    });
    assert.match(report, new RegExp(`restored ${DELETED_MODULES.length} files`), 'the report should count every file');
    log(`notification: ${report.slice(0, 120)}`);
    await answerCarriedOut(agent, 'Restore all');
    await nothingHeld(wb, agent, 'after Restore all');
    await wb.screenshot('9-restored');
    await wb.runCommand('Notifications: Clear All Notifications');
  },
};

const scenario10: Scenario = {
  id: 10,
  title: 'a held Terraform edit: back to its baseline while the dialog asks; Show diff, then Discard leaves it unchanged; Apply anyway writes exactly the proposal',
  async run({ wb, agent, workspace, log }) {
    const relative = 'infra/db.tf';
    const file = path.join(workspace, relative);
    if (!readFileSync(file).equals(Buffer.from(DB_TF))) {
      // Scenario 4 reverts what scenario 1 changed; when it did not get that far, put the fixture back here.
      log(`${relative} is not the fixture (scenario 4 did not revert it): writing it back`);
      writeFileSync(file, DB_TF);
      await agent.blastRadiusSettled();
    }
    const original = readFileSync(file);
    assert.ok(original.equals(Buffer.from(DB_TF)), `${relative} is not the fixture`);
    const proposed = DB_TF.replace(PREVENT_DESTROY_LINE, '');
    await holdChangesOn(agent, log);
    await wb.openFile(relative);

    /** The agent removes prevent_destroy; the edit must be held: back to the baseline on disk and in the editor while the dialog is up. */
    const heldEdit = async (round: string): Promise<Locator> => {
      const edit = await agent.applyEdit({ path: relative, remove: PREVENT_DESTROY_LINE });
      const editedAt = Date.now();
      assert.ok(edit.applied, `the test agent's edit was not applied: ${JSON.stringify(edit)}`);
      const dialog = wb.dialog(`held an edit to ${relative}`);
      await dialog.waitFor({ state: 'visible' });
      log(`${round}: dialog after ${Date.now() - editedAt} ms (edit saved: ${edit.saved})`);
      await until(`${relative} to be back to its baseline on disk and in the editor while the dialog is up`, async () => readFileSync(file).equals(original) && (await agent.document(relative)).text === DB_TF).catch(async () => {
        throw new Error(`${relative} is not back to its baseline while the dialog asks: disk ${readFileSync(file).equals(original) ? 'is' : 'is not'} the baseline, the editor holds ${JSON.stringify((await agent.document(relative)).text)}`);
      });
      assert.ok(await dialog.isVisible(), 'the dialog went away before the file was back');
      assert.equal(await dialog.count(), 1, 'more than one dialog is open');
      return dialog;
    };

    const first = await heldEdit('edit 1');
    const text = (await first.innerText()).replace(/\s+/g, ' ');
    log(`dialog: ${text.slice(0, 240)}`);
    assert.match(text, /Blast Radius: held an edit to infra\/db\.tf\./);
    assert.match(text, /TF001/, 'the dialog should name the rule');
    const buttons = await wb.dialogButtons(first);
    for (const title of ['Discard', 'Apply anyway', 'Show diff']) assert.ok(buttons.includes(title), `no "${title}" button: ${buttons.join(' | ')}`);
    assert.equal(await wb.focusedDialogButton(first), 'Discard', 'Discard should be the default button (Enter)');
    await wb.screenshot('10-held-edit');

    // Show diff opens the held proposal beside the file and asks again in a notification, so that
    // no modal covers the diff; the answer there counts like the dialog's.
    await first.getByRole('button', { name: 'Show diff', exact: true }).click();
    await first.waitFor({ state: 'hidden' });
    const diffTab = wb.page.locator('.tab', { hasText: 'held proposal' });
    await diffTab.waitFor({ timeout: STEP_TIMEOUT_MS });
    await wb.page.locator('.part.editor .monaco-diff-editor').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    const reminder = wb.toast(`held an edit to ${relative}`);
    await reminder.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    assert.equal(await wb.dialog().count(), 0, 'a modal covers the diff');
    const reminderText = (await reminder.innerText()).replace(/\s+/g, ' ');
    log(`Show diff: a diff editor "${(await diffTab.first().innerText()).trim()}" opened; the question is back as a notification: ${reminderText.slice(0, 200)}`);
    // The toast slides in and fades up; its buttons showing means it has arrived (the screenshot
    // runs its animation to the end).
    await reminder.getByRole('button', { name: 'Discard', exact: true }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await wb.screenshot('10-held-edit-diff');

    await reminder.getByRole('button', { name: 'Discard', exact: true }).click();
    await reminder.waitFor({ state: 'hidden' });
    // The answer is carried out on Blast Radius's own queue; then nothing is held again.
    await answerCarriedOut(agent, 'the Discard');
    await nothingHeld(wb, agent, 'after Discard');
    assert.ok(readFileSync(file).equals(original), `${relative} changed on disk after Discard`);
    const discarded = await agent.document(relative);
    assert.equal(discarded.text, DB_TF, 'the editor does not hold the baseline after Discard');
    assert.equal(discarded.dirty, false, 'the editor is left dirty after Discard');
    log(`Discard: ${relative} is the baseline byte for byte on disk and in the editor, not dirty`);

    const second = await heldEdit('edit 2 (the same)');
    await second.getByRole('button', { name: 'Apply anyway', exact: true }).click();
    await second.waitFor({ state: 'hidden' });
    await until(`${relative} to hold exactly the proposed content`, async () => readFileSync(file).equals(Buffer.from(proposed)) && (await agent.document(relative)).text === proposed).catch(() => {
      throw new Error(`after Apply anyway ${relative} is not the proposal; on disk:\n${readFileSync(file, 'utf8')}`);
    });
    // Applied means applied: not held again, not put back.
    await answerCarriedOut(agent, 'Apply anyway');
    await nothingHeld(wb, agent, 'after Apply anyway');
    assert.ok(readFileSync(file).equals(Buffer.from(proposed)), `${relative} changed again after Apply anyway`);
    const applied = await agent.document(relative);
    assert.equal(applied.text, proposed, 'the editor does not hold the proposal');
    assert.equal(applied.dirty, false, 'the editor is left dirty after Apply anyway');
    log(`Apply anyway: ${relative} is the proposal byte for byte on disk and in the editor, not dirty`);
    await wb.openFile(relative);
    await wb.screenshot('10-applied');
  },
};

/** The Recent Events view's pane (its welcome content while it has no events). */
function eventsPane(wb: Workbench): Locator {
  return wb.page.locator('.pane', { has: wb.page.locator('.pane-header', { hasText: 'Recent Events' }) });
}

const scenario11: Scenario = {
  id: 11,
  title: "a new user's first five minutes: the empty view says what is protected, Try It Safely shows the gate on a demo folder, a held edit, a gated agent command, a held deletion restored, all in Recent Events",
  async run({ wb, agent, server, workspace, log }) {
    // Holding is on by default; the runner's settings switch it off for scenarios 1-4, so a new user's
    // defaults come back here and the runner's go back at the end.
    await holdChangesOn(agent, log);
    try {
      // Installed: the status bar item says the level; the view says what is protected now.
      const status = await until('the status bar to show the strictness', async () => {
        const text = await wb.statusText();
        return STATUS_LEVEL.test(text) ? text : undefined;
      });
      await wb.runCommand('Blast Radius: Focus on Recent Events View');
      const pane = eventsPane(wb);
      const welcome = pane.locator('.welcome-view-content');
      await until('the empty view to say the gate is on and edits are held', async () => {
        const text = (await welcome.isVisible()) ? await welcome.innerText() : '';
        return /Terminal: the confirm gate is on/.test(text) && /Edits: a risky edit or deletion/.test(text);
      });
      const said = (await welcome.innerText()).replace(/\s+/g, ' ');
      log(`status bar "${status}"; the empty view: ${said.slice(0, 300)}`);
      assert.match(said, /Agents: none protected yet/);
      for (const button of ['Try It Safely', 'Protect an Agent']) assert.ok(await welcome.getByRole('button', { name: button, exact: true }).isVisible(), `no "${button}" button in the empty view`);
      await wb.screenshot('11-empty-view');

      // The walkthrough, from the view's link.
      await welcome.locator('a', { hasText: 'Open the walkthrough' }).first().click();
      const walkthrough = wb.page.locator('.gettingStartedContainer', { hasText: 'five minutes to trust' });
      await walkthrough.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
      await walkthrough.getByText('Try the confirm gate safely').first().waitFor({ timeout: STEP_TIMEOUT_MS });
      await wb.screenshot('11-walkthrough');
      log('the walkthrough opened from the empty view');
      // Closed by its tab: a click into the editor area (how a command is run) could land on one of its buttons.
      const walkthroughTab = wb.page.locator('.tab', { hasText: 'Walkthrough' });
      await walkthroughTab.hover();
      await walkthroughTab.locator('.codicon-close').click({ timeout: STEP_TIMEOUT_MS });
      await walkthroughTab.waitFor({ state: 'detached', timeout: STEP_TIMEOUT_MS });

      // The safe demo: a repository of its own with an uncommitted edit, its terminal with the line typed; Enter is the person's.
      await wb.runCommand('Blast Radius: Focus on Recent Events View');
      await welcome.getByRole('button', { name: 'Try It Safely', exact: true }).click();
      const demo = path.join(server.userDataDir, 'User', 'globalStorage', 'blast-radius.blast-radius', 'demo');
      const demoApp = path.join(demo, 'src', 'app.js');
      await until('the demo repository with its uncommitted edit', () => existsSync(path.join(demo, 'README.md')) && existsSync(demoApp) && readFileSync(demoApp, 'utf8').includes('not committed yet'));
      const demoFiles = snapshot(demo, 'src');
      await until('git reset --hard typed in the demo terminal', async () => /git reset --hard\s*$/.test((await wb.terminalText()).trimEnd()));
      await wb.page.locator('.terminal-wrapper.active .xterm-screen:visible').first().click({ timeout: STEP_TIMEOUT_MS });
      await wb.page.keyboard.press('Enter');
      const demoDialog = wb.dialog(/git reset --hard[\s\S]*demo/);
      await demoDialog.waitFor({ state: 'visible' });
      assert.deepEqual(differences(demo, 'src', demoFiles), [], 'the demo ran git before the gate asked');
      assert.equal(await wb.focusedDialogButton(demoDialog), "Don't run", "Don't run should be the default button (Enter)");
      log(`demo: ${(await demoDialog.innerText()).replace(/\s+/g, ' ').slice(0, 240)}`);
      await wb.screenshot('11-demo-gate');
      await demoDialog.getByRole('button', { name: "Don't run", exact: true }).click();
      await demoDialog.waitFor({ state: 'hidden' });
      await until('"not run" in the demo terminal', async () => /not run: "git reset --hard"/.test(await wb.terminalText()));
      assert.deepEqual(differences(demo, 'src', demoFiles), [], "the demo's files changed after Don't run");
      log("demo: Don't run kept the demo's uncommitted edit and the terminal says why");

      // A held edit: the agent removes prevent_destroy; the file is back at once and Discard keeps it so.
      const relative = 'infra/db.tf';
      const file = path.join(workspace, relative);
      const original = readFileSync(file);
      await wb.openFile(relative);
      const edit = await agent.applyEdit({ path: relative, remove: PREVENT_DESTROY_LINE });
      assert.ok(edit.applied, `the test agent's edit was not applied: ${JSON.stringify(edit)}`);
      const held = wb.dialog(`held an edit to ${relative}`);
      await held.waitFor({ state: 'visible' });
      await until(`${relative} back to its baseline while the dialog asks`, async () => readFileSync(file).equals(original) && (await agent.document(relative)).text === original.toString('utf8'));
      assert.equal(await wb.focusedDialogButton(held), 'Discard', 'Discard should be the default button (Enter)');
      await wb.screenshot('11-held-edit');
      await held.getByRole('button', { name: 'Discard', exact: true }).click();
      await held.waitFor({ state: 'hidden' });
      await answerCarriedOut(agent, 'the Discard');
      assert.ok(readFileSync(file).equals(original), `${relative} changed after Discard`);
      log(`held edit: ${relative} stayed as it was; Discard kept it so`);

      // A gated command: the agent runs git clean -fd, which would delete the day's work in src/ that
      // was never committed (git has no copy of it).
      const clean = 'git clean -fd';
      const sent = await agent.runInTerminal(clean);
      const gated = wb.dialog(clean);
      await gated.waitFor({ state: 'visible' });
      const gatedText = (await gated.innerText()).replace(/\s+/g, ' ');
      log(`gated command: ${gatedText.slice(0, 240)}`);
      assert.match(gatedText, /GIT00\d/);
      const gatedButtons = await wb.dialogButtons(gated);
      assert.ok(gatedButtons.includes('Always allow here'), `no "Always allow here": ${gatedButtons.join(' | ')}`);
      assert.equal(await wb.focusedDialogButton(gated), "Don't run");
      await wb.screenshot('11-gated-command');
      await gated.getByRole('button', { name: "Don't run", exact: true }).click();
      await gated.waitFor({ state: 'hidden' });
      const finished = await agent.commandFinished(sent.id);
      assert.equal(finished.exitCode, 126, "git clean should exit 126 after Don't run");
      for (const [relativeFile, text] of Object.entries(UNCOMMITTED)) assert.equal(readFileSync(path.join(workspace, relativeFile), 'utf8'), text, `${relativeFile} lost its uncommitted work`);
      log("gated command: Don't run; git clean exited 126 and the work never committed is still there");

      // A held deletion restored: the agent deletes most of src/ in one step; Restore all brings it back.
      const before = snapshot(workspace, 'src');
      const deleted = await agent.deleteFiles(DELETED_MODULES, 'node:fs');
      assert.equal(deleted.deleted, DELETED_MODULES.length);
      const deletion = wb.dialog(/files were deleted/);
      await deletion.waitFor({ state: 'visible' });
      assert.equal(await wb.focusedDialogButton(deletion), 'Restore all', 'Restore all should be the default button (Enter)');
      await wb.screenshot('11-held-deletion');
      await deletion.getByRole('button', { name: 'Restore all', exact: true }).click();
      await deletion.waitFor({ state: 'hidden' });
      await until('src/ back byte for byte', () => differences(workspace, 'src', before).length === 0).catch(() => {
        throw new Error(`src/ is not back byte for byte:\n  ${differences(workspace, 'src', before).join('\n  ')}`);
      });
      await answerCarriedOut(agent, 'Restore all');
      log(`restore: all ${DELETED_MODULES.length} files are back byte for byte`);

      // Everything is in Recent Events, each with how it ended.
      await wb.runCommand('Notifications: Clear All Notifications');
      await wb.runCommand('Blast Radius: Focus on Recent Events View');
      const rows = await until('the first five minutes in Recent Events', async () => {
        const r = await wb.eventRows();
        return r.some((x) => x.includes(clean)) && r.some((x) => x.includes('db.tf')) && r.some((x) => x.includes('git reset --hard')) ? r : undefined;
      });
      log(`Recent Events: ${rows.slice(0, 6).join(' | ')}`);
      await wb.screenshot('11-recent-events');
    } finally {
      await agent.updateSetting('blastRadius', 'gate.holdChanges', false);
      await until('blastRadius.gate.holdChanges back off for the scenarios after this one', async () => (await agent.inspectSetting('blastRadius', 'gate.holdChanges'))?.globalValue === false);
    }
  },
};

/** The line scenario 13 types, and the one its agent writes into package.json. */
const KUBECTL_DELETE = 'kubectl delete deployment web';
const PACKAGE_MAIN_LINE = '"main": "src/index.js",';

/** The CLI the installed extension ships (dist/cli.js in its folder under code-server's extensions). */
function installedCli(server: RunningCodeServer): string {
  const folder = readdirSync(server.extensionsDir).find((name) => name.startsWith('blast-radius.blast-radius-'));
  assert.ok(folder, `Blast Radius is not in ${server.extensionsDir}`);
  const cli = path.join(server.extensionsDir, folder, 'dist', 'cli.js');
  assert.ok(existsSync(cli), `the installed extension has no ${cli}`);
  return cli;
}

const scenario13: Scenario = {
  id: 13,
  title: "with a production cluster as the kubeconfig's current context: kubectl delete typed in the terminal waits for the gate and the dialog says where it lands; blast-radius check says it too; the agent's package.json script that deletes the same deployment is an error in Problems that says where",
  async run({ wb, agent, server, workspace, kubeconfig, log }) {
    const packageJson = path.join(workspace, 'package.json');
    const packageBefore = readFileSync(packageJson);
    writeFileSync(kubeconfig, PRODUCTION_KUBECONFIG);
    try {
      const shown = await agent.showTerminal('Operator');
      assert.ok(shown.shellIntegration, 'the terminal has no shell integration: the confirm gate puts its shims on PATH through it');

      // (a) The confirm dialog: nothing on the line says production; the kubeconfig does.
      await wb.typeInTerminal(KUBECTL_DELETE);
      const dialog = wb.dialog(KUBECTL_DELETE);
      await dialog.waitFor({ state: 'visible' });
      const text = (await dialog.innerText()).replace(/\s+/g, ' ');
      log(`confirm gate: ${text.slice(0, 300)}`);
      assert.match(text, /Where: PRODUCTION — kube context "prod-eu-1", namespace "payments"/, `the dialog does not say where the command lands: ${text.slice(0, 400)}`);
      assert.match(text, /KUBE005/, 'the dialog should name the rule');
      await wb.screenshot('13-environment-gate');
      await dialog.getByRole('button', { name: "Don't run", exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      await until('the reason ("not run: …") in the terminal', async () => /not run: "kubectl delete deployment web"/.test(await wb.terminalText()));
      assert.ok(!(await wb.terminalText()).includes('kubectl stub: delete'), "kubectl ran although the answer was Don't run");

      // (c) check's text output, in the same terminal, from the CLI the extension ships.
      await wb.typeInTerminal(`alias blast-radius='node ${installedCli(server)}'; clear`);
      await wb.typeInTerminal(`blast-radius check -- '${KUBECTL_DELETE}'`);
      const checked = await until("check's Where: line in the terminal", async () => {
        const screen = await wb.terminalText();
        return /Where: PRODUCTION — kube context `prod-eu-1`/.test(screen) && /Safer:/.test(screen) ? screen : undefined;
      });
      assert.match(checked, /GATE\s+high/, `check should gate the line: ${checked.slice(0, 300)}`);
      log(`check: ${checked.replace(/\s+/g, ' ').slice(0, 240)}`);
      await wb.screenshot('13-check-where');

      // (b) The Problems entry of a command written into a file: the same reader, the same words.
      const edit = await agent.applyEdit({ path: 'package.json', replace: PACKAGE_MAIN_LINE, newText: `${PACKAGE_MAIN_LINE}\n  "scripts": {\n    "teardown": "${KUBECTL_DELETE}"\n  },` });
      assert.ok(edit.applied && edit.saved, `the test agent's edit was not applied and saved: ${JSON.stringify(edit)}`);
      await wb.openFile('package.json');
      const diagnostic = await until('a Blast Radius KUBE005 diagnostic on package.json', async () => ours(await agent.diagnostics('package.json')).find((d) => d.code === 'KUBE005'));
      assert.equal(diagnostic.severity, 'error', `KUBE005 against production should be an error (gate level), got ${diagnostic.severity}`);
      assert.match(diagnostic.message, /Where: PRODUCTION — kube context `prod-eu-1`, namespace `payments`/, `the Problems entry does not say where: ${diagnostic.message}`);
      await wb.openProblems();
      const row = await until('the KUBE005 row in the Problems panel', async () => (await wb.problemRows()).find((r) => r.text.includes('KUBE005') && r.text.includes(SOURCE)));
      log(`Problems: ${row.severity} at line ${row.line}: ${row.text.split('\n')[0].slice(0, 200)}`);
      await wb.screenshot('13-problems-where');
      // The panel cuts a long entry short; the hover on the line says all of it.
      await wb.goToLine(row.line ?? diagnostic.line + 1);
      const hover = await wb.showHover(/Blast Radius · KUBE005/);
      assert.match(hover, /Where: PRODUCTION — kube context `?prod-eu-1`?/, `the hover does not say where: ${hover.slice(0, 400)}`);
      await wb.screenshot('13-problems-where-hover');
      await wb.dismiss();
    } finally {
      rmSync(kubeconfig, { force: true });
      // The other scenarios find package.json as the fixture wrote it.
      writeFileSync(packageJson, packageBefore);
    }
  },
};

/** What scenario 12's agent runs in its terminal: two files rewritten, two deleted, one created, all in notes/. */
const NOTES_COMMAND = "printf '# API v2\\r\\n' > notes/api.md; printf 'Setup v2\\n' > notes/setup.md; rm notes/faq.md notes/legacy.md; printf 'Draft\\n' > notes/draft.md";

const scenario12: Scenario = {
  id: 12,
  title: 'the agent edits a note in the editor, then a command rewrites, deletes and creates notes: both are steps in Agent Steps; Rewind to Here on the edit lists every file, and after the modal notes/ is back byte for byte',
  async run({ wb, agent, workspace, log, note }) {
    const settings = await agent.inspectSetting('blastRadius', 'gate.holdChanges');
    assert.equal(settings?.globalValue, false, 'scenario 12 runs with holding off (before 9 and 10 switch it on): its steps are the agent\'s, not answers to held changes');
    for (const [file, text] of Object.entries(NOTES)) assert.ok(readFileSync(path.join(workspace, file)).equals(Buffer.from(text)), `${file} is not the fixture`);

    // Step 1: an edit through the editor (a WorkspaceEdit, saved).
    const edit = await agent.applyEdit({ path: 'notes/guide.md', replace: GUIDE_PORT_LINE, newText: 'It listens on port 9090.' });
    assert.ok(edit.applied && edit.saved, `the test agent's edit was not applied and saved: ${JSON.stringify(edit)}`);
    // Blast Radius has seen the edit and its save: it is a step of its own before the command starts.
    await nothingHeld(wb, agent, 'the edit of notes/guide.md');
    const afterEdit = snapshot(workspace, 'notes');
    log(`step 1: the test agent edited notes/guide.md in the editor and saved; notes/ now holds ${afterEdit.size} files`);

    // Step 2: a command that rewrites two notes (CRLF and BOM ones), deletes two and creates one.
    const sent = await agent.runInTerminal(NOTES_COMMAND);
    const finished = await agent.commandFinished(sent.id);
    assert.equal(finished.exitCode, 0, `the command failed: ${JSON.stringify(finished)}`);
    await nothingHeld(wb, agent, 'the command in notes/');
    assert.deepEqual(
      differences(workspace, 'notes', afterEdit)
        .map((d) => d.replace(/ \(.*\)$/, ''))
        .sort(),
      ['notes/api.md differs', 'notes/draft.md is new', 'notes/faq.md is missing', 'notes/legacy.md is missing', 'notes/setup.md differs'],
      'the command did not change notes/ as it says',
    );
    log(`step 2: "${NOTES_COMMAND}" exited 0 (Blast Radius: ${JSON.stringify(finished.blastRadius)})`);

    // Both steps in the Agent Steps view, newest first. Blast Radius has recorded every step by now
    // (nothingHeld above); the view shows the whole timeline at once, so once a step newer than the
    // edit shows, all of them do.
    await wb.runCommand('Blast Radius: Focus on Agent Steps View');
    const pane = wb.viewPane('Agent Steps');
    const commandWords = '(2 changed, 1 created, 2 deleted)';
    const rows = await until('the edit and the steps after it in the Agent Steps view', async () => {
      const r = await wb.stepRows();
      const edit = r.findIndex((x) => x.startsWith('Edited notes/guide.md'));
      return edit > 0 && r.slice(0, edit).some((x) => x.includes('notes/')) ? r : undefined;
    });
    const editRow = rows.findIndex((x) => x.startsWith('Edited notes/guide.md'));
    assert.match(rows[editRow], /editor$/, `the edit step should come from the editor: ${rows[editRow]}`);
    const commandRow = rows.findIndex((x) => x.includes(commandWords));
    if (commandRow >= 0) {
      assert.ok(commandRow < editRow, `the command should be listed above the edit (newest first): ${rows.join(' | ')}`);
      assert.match(rows[commandRow], /terminal$/, `the command step should come from the terminal: ${rows[commandRow]}`);
      log(`Agent Steps: ${rows[commandRow]} | ${rows[editRow]}`);
    } else {
      // The terminal pipeline names a command only when it is the one command running in the folder or
      // ended less than 1.5 s before (DISK_REPORT_LATENCY_MS): right after an earlier scenario's command
      // there are two, and the changes become steps of "another process" (Rewind covers them all the same).
      note(`scenario 12: the command's changes are steps of their own, not one step of the command: ${rows.slice(0, editRow).join(' | ')}`);
      log(`Agent Steps: ${rows.slice(0, editRow + 1).join(' | ')}`);
    }
    // The newest step's files, unfolded under it.
    const newest = commandRow >= 0 ? commandWords : rows[0].split(',')[0];
    await pane.locator('.monaco-list-row', { hasText: newest }).first().click({ timeout: STEP_TIMEOUT_MS });
    if (commandRow >= 0) {
      await until("the command step's files under it", async () => {
        const r = await wb.stepRows();
        return ['api.md', 'setup.md', 'faq.md', 'legacy.md', 'draft.md'].every((name) => r.some((x) => x.includes(name) && !x.includes(commandWords)));
      });
    } else {
      await until('the files of the newest step under it', async () => (await wb.stepRows()).length > rows.length);
    }
    await wb.screenshot('12-agent-steps');

    // Rewind to Here on the edit: the preview lists every file the command touched, and nothing else.
    await wb.rowAction(pane, 'Edited notes/guide.md', 'Rewind to Here');
    const picked = await wb.quickPickRows('Blast Radius: Rewind');
    log(`preview: ${picked.join(' | ')}`);
    const expectations: [string, RegExp][] = [
      ['notes/api.md', /goes back to its earlier content/],
      ['notes/setup.md', /goes back to its earlier content/],
      ['notes/faq.md', /deleted since: comes back/],
      ['notes/legacy.md', /deleted since: comes back/],
      ['notes/draft.md', /created since: moved aside/],
    ];
    for (const [file, action] of expectations) {
      const row = picked.find((x) => x.includes(file));
      assert.ok(row, `the preview does not list ${file}: ${picked.join(' | ')}`);
      assert.match(row, action, `the preview says the wrong thing about ${file}: ${row}`);
    }
    assert.ok(!picked.some((x) => x.includes('guide.md')), 'the preview lists notes/guide.md, which the chosen step itself changed');
    assert.deepEqual(differences(workspace, 'notes', afterEdit).length, 5, 'something was written before the preview was accepted');
    await wb.screenshot('12-rewind-preview');

    // Enter accepts the ticked files; the modal asks once more, and only its answer writes.
    await wb.page.keyboard.press('Enter');
    const dialog = wb.dialog(/Rewind 5 files to how they were at/);
    await dialog.waitFor({ state: 'visible' });
    const said = (await dialog.innerText()).replace(/\s+/g, ' ');
    log(`dialog: ${said.slice(0, 300)}`);
    for (const line of ['Restore: notes/api.md', 'Restore: notes/setup.md', 'Bring back: notes/faq.md', 'Bring back: notes/legacy.md', 'Move aside: notes/draft.md']) assert.ok(said.includes(line), `the dialog does not say "${line}": ${said}`);
    assert.equal(differences(workspace, 'notes', afterEdit).length, 5, 'something was written before the dialog was answered');
    await dialog.getByRole('button', { name: 'Rewind', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });

    await until('notes/ to be back byte for byte as it was after the edit', () => differences(workspace, 'notes', afterEdit).length === 0).catch(() => {
      throw new Error(`notes/ is not back byte for byte:\n  ${differences(workspace, 'notes', afterEdit).join('\n  ')}`);
    });
    const report = await until('the rewind report', async () => {
      const toast = wb.toast('rewound');
      return (await toast.isVisible()) ? (await toast.first().innerText()).replace(/\s+/g, ' ') : undefined;
    });
    assert.match(report, /rewound: 4 file\(s\) put back, 1 created since moved to/, `the report should count every file: ${report}`);
    log(`Rewind: notes/ equals the snapshot taken after the edit, byte for byte (CRLF and BOM included); ${report.slice(0, 160)}`);
    // The rewind is itself a step.
    await until('the rewind as a step of its own', async () => (await wb.stepRows()).some((x) => x.startsWith('Rewind (')));
    await nothingHeld(wb, agent, 'after the rewind');
    await wb.runCommand('Notifications: Clear All Notifications');
  },
};

/** In running order: 11 first, while the view is empty; 7 reads the logs of everything before it. */
export const SCENARIOS: readonly Scenario[] = [scenario11, scenario1, scenario2, scenario3, scenario4, scenario5, scenario6, scenario8, scenario13, scenario12, scenario9, scenario10, scenario7];
