/**
 * The end-to-end scenarios: what a person sees in a real VS Code while an agent works. Each one
 * drives the workbench (test/e2e/workbench.ts) and the test agent, checks what the editor shows
 * and ends with a screenshot. They run in this order in one editor; scenario 4 reverts the change
 * scenario 1 made, the others stand alone.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { readExtensionHostLog, type RunningCodeServer } from '../harness/code-server';
import type { AgentDiagnostic, TestAgent } from './agent-client';
import { DB_TF, MIGRATION_SQL, PREVENT_DESTROY_LINE, REPLICA_TF } from './fixture';
import { STEP_TIMEOUT_MS, until, type Workbench } from './workbench';

export interface ScenarioContext {
  wb: Workbench;
  agent: TestAgent;
  server: RunningCodeServer;
  /** The fixture workspace on disk. */
  workspace: string;
  log: (message: string) => void;
  /** Something seen that the scenario does not fail on but a person should read. */
  note: (message: string) => void;
}

export interface Scenario {
  id: number;
  title: string;
  timeoutMs: number;
  run(ctx: ScenarioContext): Promise<void>;
}

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

const scenario1: Scenario = {
  id: 1,
  title: 'an agent edit that removes prevent_destroy is an error in Problems, with score and safer alternative on hover',
  timeoutMs: 90_000,
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
  timeoutMs: 90_000,
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

    // Scoring waits for a quiet document (400 ms by default) and disk events arrive later still.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
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
  timeoutMs: 60_000,
  async run({ wb, agent, workspace, log }) {
    const file = path.join(workspace, 'migrations/001_init.sql');
    // Plain fs from this (the runner's) process: a CLI agent writing the file.
    writeFileSync(file, `${MIGRATION_SQL}\n-- Clean up the legacy table.\nDROP TABLE orders;\n`);
    log('wrote migrations/001_init.sql with fs (DROP TABLE orders)');
    const diagnostic = await until('a Blast Radius diagnostic on migrations/001_init.sql', async () => ours(await agent.diagnostics('migrations/001_init.sql'))[0], 30_000);
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
  timeoutMs: 90_000,
  async run({ wb, agent, workspace, log }) {
    const file = path.join(workspace, 'infra/db.tf');
    const flagged = ours(await agent.diagnostics('infra/db.tf')).find((d) => d.code === 'TF001');
    assert.ok(flagged, 'infra/db.tf has no TF001 problem to revert (scenario 1 flags it)');
    await wb.openFile('infra/db.tf');
    await wb.goToLine(flagged.line + 1);
    const fixes = await wb.openQuickFixes();
    log(`light bulb: ${fixes.join(' | ')}`);
    const revert = fixes.find((label) => /^Revert this change/i.test(label));
    assert.ok(revert, `no "Revert this change" in the light bulb: ${fixes.join(' | ')}`);
    await wb.screenshot('4-quick-fix-revert');
    await wb.chooseQuickFix(revert);
    await until('infra/db.tf to be back byte for byte on disk', () => readFileSync(file).equals(Buffer.from(DB_TF)), 20_000);
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
  timeoutMs: 120_000,
  async run({ wb, agent, log }) {
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
    }, 30_000);
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
      // The stub would print at once; give it a moment to prove it stays silent.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      assert.ok(!(await wb.terminalText()).includes(stubRan), "the command ran although the answer was Don't run");
      log("answered Don't run: the stub terraform never ran");
    } else {
      const toastText = await toast.innerText();
      log(`warning after ${afterMs} ms: ${toastText.replace(/\s+/g, ' ').slice(0, 200)}`);
      assert.ok(await toast.locator('.codicon-warning, .codicon-notifications-warning').count(), 'the notification should be a warning');
      assert.match(toastText, /IAC001, score \d+/, 'the warning should name the rule and score');
      assert.ok(!terminalThen.includes('terraform stub: finished'), 'the warning came only after the command ended, not as it started');
      await until('the stub terraform to print its arguments (it is first on the PATH)', async () => (await wb.terminalText()).includes(stubRan));
    }

    await wb.runCommand('Blast Radius: Focus on Recent Events View');
    const row = await until('the command in the Recent Events view', async () => (await wb.eventRows()).find((r) => r.includes(destroy)));
    log(`view: ${row}`);
    await wb.screenshot('5-view-flagged-command');

    if (seen === 'toast') await until('the stub terraform to finish', async () => (await wb.terminalText()).includes('terraform stub: finished'), 30_000);
    await wb.runCommand('Notifications: Clear All Notifications');
    await agent.runInTerminal('git status');
    await until('git status output in the terminal', async () => (await wb.terminalText()).includes('On branch main'), 30_000);
    // Flagging happens when the command starts; give a slow machine a moment before looking.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
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
  timeoutMs: 90_000,
  async run({ wb, agent, server, log }) {
    const inspected = await agent.inspectSetting('blastRadius', 'strictness');
    assert.equal(inspected?.workspaceValue, 'off', `the fixture's .vscode/settings.json should ask for "off": ${JSON.stringify(inspected)}`);
    // A warn-level event flashes in the item for 5 s; the level shows again after that.
    const before = await until('the status bar to show the strictness (not a flash)', async () => {
      const text = await wb.statusText();
      return STATUS_LEVEL.test(text) ? text : undefined;
    }, 10_000);
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
  timeoutMs: 30_000,
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

export const SCENARIOS: readonly Scenario[] = [scenario1, scenario2, scenario3, scenario4, scenario5, scenario6, scenario7];
