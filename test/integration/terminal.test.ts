/**
 * In-editor tests for terminal watching, tighten-only strictness, the strictness command, the
 * audit trail, policy sync and the launcher. They run in code-server's real extension host
 * (test/harness) and drive the extension through the API object `activate()` returns.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { ruleMetaById } from '../../src/core/rule-meta';
import type { BlastRadiusApi } from '../../src/extension/extension';
import type { FlaggedEvent } from '../../src/extension/state';
import type { WatchedCommand } from '../../src/extension/terminal-watching';
import { answerPick, blastRadius, TEST_GUARD_MS, until } from './helpers';
import { Bash, bashHome, removeBashHomes, TERRAFORM_STUB } from './terminals';

function blastConfig(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('blastRadius');
}

function workspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
}

const terminals: Bash[] = [];

/** A bash terminal at its first prompt, with the destructive tools the tests type shadowed by stubs. */
async function bashTerminal(name: string, cwd: string): Promise<Bash> {
  const bash = await Bash.open(name, cwd, { home: bashHome(TERRAFORM_STUB) });
  terminals.push(bash);
  return bash;
}

function commandEvent(api: BlastRadiusApi, line: string): FlaggedEvent | undefined {
  return api.state.events.list().find((e) => e.kind === 'command' && e.command === line);
}

/** Runs `line` in `bash` and resolves with what terminal watching made of it once it is done with it. */
async function watched(api: BlastRadiusApi, bash: Bash, line: string): Promise<WatchedCommand> {
  const running = bash.watch(api, line);
  const [, done] = await Promise.all([running.ended, running.watched]);
  return done;
}

describe('terminal watching, strictness and the audit trail (in the editor)', function () {
  this.timeout(TEST_GUARD_MS);
  let api: BlastRadiusApi;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'br-terminal-test-'));
  const destroy = 'terraform destroy -auto-approve';
  let destroyed: Promise<FlaggedEvent> | undefined;

  /**
   * The flagged destroy command, run in a terminal once for the tests that look at it: the first
   * to ask runs it, so a failure in one of them does not leave the next without it.
   */
  function destroyEvent(): Promise<FlaggedEvent> {
    destroyed ??= (async () => {
      const bash = await bashTerminal('br-watch', scratch);
      const running = bash.start(destroy);
      await until('the destroy command in the events list', () => commandEvent(api, destroy));
      assert.equal(await running.ended, 3, 'the stub terraform exits 3');
      return until('the exit code on the event', () => (commandEvent(api, destroy)?.status === 'finished' ? commandEvent(api, destroy) : undefined));
    })();
    // A failed attempt is not kept: the next test that needs the command tries again.
    destroyed.catch(() => (destroyed = undefined));
    return destroyed;
  }

  before(async () => {
    api = await blastRadius();
    await blastConfig().update('strictness', 'balanced', vscode.ConfigurationTarget.Global);
    await until('user strictness balanced', () => api.state.config.strictness === 'balanced');
  });

  after(async () => {
    for (const t of terminals) t.dispose();
    removeBashHomes();
    rmSync(scratch, { recursive: true, force: true });
    await blastConfig().update('strictness', undefined, vscode.ConfigurationTarget.Global);
  });

  it('ignores a workspace .vscode/settings.json that switches protection off, and honours one that tightens', async function () {
    const folder = workspaceFolder();
    if (!folder) return this.skip();
    const settingsFile = path.join(folder, '.vscode', 'settings.json');
    const before = existsSync(settingsFile) ? readFileSync(settingsFile, 'utf8') : undefined;
    try {
      mkdirSync(path.dirname(settingsFile), { recursive: true });
      writeFileSync(settingsFile, JSON.stringify({ 'blastRadius.strictness': 'off' }, null, 2));
      await until('the workspace value to be read', () => blastConfig().inspect('strictness')?.workspaceValue === 'off');
      assert.equal(api.state.config.strictness, 'balanced');
      assert.equal(api.evaluateCommand('terraform destroy -auto-approve', folder)?.decision, 'gate');

      writeFileSync(settingsFile, JSON.stringify({ 'blastRadius.strictness': 'paranoid' }, null, 2));
      await until('the workspace to tighten to paranoid', () => api.state.config.strictness === 'paranoid');
    } finally {
      if (before === undefined) rmSync(settingsFile, { force: true });
      else writeFileSync(settingsFile, before);
      await until('the workspace value to go away', () => blastConfig().inspect('strictness')?.workspaceValue !== 'paranoid');
    }
    assert.equal(api.state.config.strictness, 'balanced');
  });

  it('the strictness command writes the user setting, and policy sync mirrors it for the CLI', async () => {
    const chosen = await vscode.commands.executeCommand<string | undefined>('blastRadius.setStrictness', 'strict');
    assert.equal(chosen, 'strict');
    assert.equal(blastConfig().inspect('strictness')?.globalValue, 'strict');
    await until('effective strictness strict', () => api.state.config.strictness === 'strict');

    const xdg = process.env.XDG_CONFIG_HOME;
    assert.ok(xdg && xdg.startsWith(os.tmpdir()), `refusing to look at a real user policy (XDG_CONFIG_HOME=${xdg})`);
    const policyFile = path.join(xdg, 'blast-radius', 'policy.json');
    const policy = await until('the CLI policy file to say strict', () => {
      if (!existsSync(policyFile)) return undefined;
      const value = JSON.parse(readFileSync(policyFile, 'utf8')) as { strictness?: string; $comment?: string };
      return value.strictness === 'strict' ? value : undefined;
    });
    assert.match(policy.$comment ?? '', /Managed by the Blast Radius extension/);

    await api.state.config.setUserStrictness('balanced');
    await until('effective strictness balanced', () => api.state.config.strictness === 'balanced');
  });

  it('the strictness quick pick opens on the current level and writes the user setting', async () => {
    // Once the workbench shows the pick (on the current level), move one level stricter and accept.
    const picked = await answerPick(
      api,
      'Blast Radius strictness (your user setting)',
      () => vscode.commands.executeCommand<string | undefined>('blastRadius.setStrictness'),
      async () => {
        await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      },
    );
    assert.equal(picked, 'strict');
    assert.equal(blastConfig().inspect('strictness')?.globalValue, 'strict');
    await api.state.config.setUserStrictness('balanced');
    await until('effective strictness balanced', () => api.state.config.strictness === 'balanced');
  });

  it('flags `terraform destroy -auto-approve` run in a terminal as a gate-level command, not `git status`', async () => {
    const event = await destroyEvent();
    assert.equal(event.decision, 'gate');
    assert.ok(event.score >= 85, `score ${event.score}`);
    assert.ok(event.findings.some((f) => f.ruleId.startsWith('IAC')), JSON.stringify(event.findings));
    assert.equal(event.exitCode, 3);

    const bash = await bashTerminal('br-watch-status', scratch);
    const status = await watched(api, bash, 'git status');
    assert.equal(status.line, 'git status');
    assert.equal(status.decision, 'allow');
    assert.equal(status.event, undefined);
    assert.equal(commandEvent(api, 'git status'), undefined);
  });

  it('opens a flagged command as a read-only markdown document, shown rendered', async () => {
    const event = await destroyEvent();
    await vscode.commands.executeCommand('blastRadius.openEvent', event.id);
    // Shown in the Markdown preview (gate.test.ts checks its title); the text behind it is the event's details.
    const tab = await until('the rendered details tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label.includes('terraform destroy')));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'blast-radius-event', path: `/event/${event.id}.md` }));
    try {
      assert.equal(doc.languageId, 'markdown');
      assert.match(doc.getText(), /terraform destroy -auto-approve/);
      assert.match(doc.getText(), /IAC001/);
      assert.match(doc.getText(), /exit code 3/);
      // Why it matters, in the rule's own words (as the hover says it), not the severity's generic text.
      assert.ok(doc.getText().includes(`*Why it matters:* ${ruleMetaById('IAC001')?.rationale}`), doc.getText());
    } finally {
      await vscode.window.tabGroups.close(tab);
    }
  });

  it('checks a command line on demand', async () => {
    const result = await vscode.commands.executeCommand<{ decision: string; findings: { ruleId: string }[] }>('blastRadius.checkCommand', 'git push --force origin main');
    assert.equal(result?.decision, 'gate');
    assert.equal(result?.findings[0]?.ruleId, 'GIT004');
  });

  it('a patch in the line is judged as the edit it makes (apply_patch heredoc), an everyday one stays quiet', async () => {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath ?? os.tmpdir();
    const dir = mkdtempSync(path.join(folder, 'patch-scratch-'));
    try {
      mkdirSync(path.join(dir, 'infra'));
      writeFileSync(path.join(dir, 'infra', 'main.tf'), 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n');
      writeFileSync(path.join(dir, 'README.md'), 'Hello\n');
      const patch = (body: string): string => `cd ${JSON.stringify(dir)} && apply_patch <<'EOF'\n*** Begin Patch\n${body}*** End Patch\nEOF\n`;
      const removal = patch('*** Update File: infra/main.tf\n@@\n-    prevent_destroy = true\n+    prevent_destroy = false\n');
      const result = await vscode.commands.executeCommand<{ decision: string; findings: { ruleId: string; message: string }[] }>('blastRadius.checkCommand', removal);
      assert.equal(result?.decision, 'gate');
      assert.equal(result?.findings[0]?.ruleId, 'TF001');
      assert.match(result?.findings[0]?.message ?? '', /infra\/main\.tf:\d+: aws_db_instance\.main: prevent_destroy set to false/);
      assert.equal(api.evaluateCommand(patch('*** Update File: README.md\n@@\n-Hello\n+Hello, world\n'), dir)?.decision, 'allow');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a line that runs a package script is judged by the script, and by the unsaved text of an open editor too', async () => {
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath ?? os.tmpdir();
    const dir = mkdtempSync(path.join(folder, 'follow-scratch-'));
    const file = path.join(dir, 'package.json');
    try {
      writeFileSync(file, '{\n  "scripts": {\n    "clean": "rm -rf dist"\n  }\n}\n');
      const line = `cd ${JSON.stringify(dir)} && npm run clean`;
      assert.equal(api.evaluateCommand(line, dir)?.decision, 'allow');
      // Changed in the editor, not saved: the disk still says rm -rf dist.
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const at = doc.getText().indexOf('rm -rf dist');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 'rm -rf dist'.length)), 'rm -rf \\"$TARGET\\"');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(doc.isDirty);
      const result = api.evaluateCommand(line, dir);
      assert.equal(result?.decision, 'warn', JSON.stringify(result?.findings));
      const f = result.findings[0];
      assert.deepEqual(f.via?.map((s) => [s.file, s.line, s.text, s.label]), [[`${path.basename(dir)}/package.json`, 3, 'rm -rf "$TARGET"', 'scripts.clean']]);
      assert.equal(result.command.slice(f.span.start, f.span.end), 'npm run clean');
      // Reverted without saving: the disk's text again.
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await until('the editor to be reverted', () => !doc.isDirty);
      assert.equal(api.evaluateCommand(line, dir)?.decision, 'allow');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('honours watch.terminal and a pause live', async () => {
    const bash = await bashTerminal('br-live', scratch);
    await blastConfig().update('watch.terminal', false, vscode.ConfigurationTarget.Global);
    try {
      await until('watching off', () => !api.state.config.settings.watchTerminal);
      const off = await watched(api, bash, 'terraform destroy -auto-approve -refresh=false');
      assert.equal(off.decision, undefined, 'not judged while watching is off');
      assert.equal(commandEvent(api, 'terraform destroy -auto-approve -refresh=false'), undefined);
    } finally {
      await blastConfig().update('watch.terminal', undefined, vscode.ConfigurationTarget.Global);
    }
    await until('watching on', () => api.state.config.settings.watchTerminal);

    // Paused for longer than the test can take; resumed below.
    api.state.config.pause(30 * 60_000);
    try {
      const paused = await watched(api, bash, 'terraform destroy -auto-approve -parallelism=1');
      assert.equal(paused.decision, 'allow', 'nothing is flagged while paused');
      assert.equal(commandEvent(api, 'terraform destroy -auto-approve -parallelism=1'), undefined);
    } finally {
      api.state.config.resume();
    }
    await (api.state.audit as { flush?: () => Promise<void> }).flush?.();
    const audit = readFileSync(path.join(api.state.context.globalStorageUri.fsPath, 'audit.jsonl'), 'utf8');
    assert.match(audit, /"command":"terraform destroy -auto-approve -parallelism=1".*protection paused/);
    assert.match(audit, /"detail":"protection paused until /);
    assert.match(audit, /"detail":"protection resumed"/);
  });

  it('writes flagged commands to the audit trail with secrets redacted', async () => {
    const token = ['ghp', '_', 'Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8'].join('');
    const line = `GITHUB_TOKEN=${token} terraform destroy -auto-approve -lock=false`;
    const bash = await bashTerminal('br-audit', scratch);
    const done = await watched(api, bash, line);
    assert.ok(done.event, 'the command was flagged');
    assert.equal(commandEvent(api, line)?.id, done.event.id);
    const auditFile = path.join(api.state.context.globalStorageUri.fsPath, 'audit.jsonl');
    await (api.state.audit as { flush?: () => Promise<void> }).flush?.();
    const text = readFileSync(auditFile, 'utf8');
    assert.ok(!text.includes(token), 'the token reached the audit file');
    const entry = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { command?: string; decision?: string; redacted?: string[] })
      .find((e) => e.command === 'GITHUB_TOKEN=[REDACTED] terraform destroy -auto-approve -lock=false');
    assert.ok(entry, 'a redacted audit entry');
    assert.equal(entry.decision, 'gate');
    assert.ok(entry.redacted?.length);
  });

  it('puts the blast-radius launcher on PATH in new terminals', async () => {
    const binDir = path.join(api.state.context.globalStorageUri.fsPath, 'bin');
    const launcher = path.join(binDir, process.platform === 'win32' ? 'blast-radius.cmd' : 'blast-radius');
    await until('the launcher file', () => existsSync(launcher));
    assert.match(readFileSync(launcher, 'utf8'), /dist[\\/]cli\.js/);

    const out = path.join(scratch, 'path.txt');
    const bash = await bashTerminal('br-path', scratch);
    const exit = await bash.run(`printf '%s\\n' "$PATH" > ${out}; command -v blast-radius >> ${out}; blast-radius check -- 'git status' >/dev/null 2>&1; echo "exit=$?" >> ${out}`);
    assert.equal(exit, 0);
    const lines = readFileSync(out, 'utf8').split('\n');
    assert.ok(lines[0].split(path.delimiter).includes(binDir), `PATH ${lines[0]} lacks ${binDir}`);
    assert.equal(lines[1], launcher);
    const cliBuilt = existsSync(path.join(api.state.context.extensionPath, 'dist', 'cli.js'));
    if (cliBuilt) assert.equal(lines[2], 'exit=0');
  });
});
