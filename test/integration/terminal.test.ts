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
import type { BlastRadiusApi } from '../../src/extension/extension';
import type { FlaggedEvent } from '../../src/extension/state';
import { blastRadius, until } from './helpers';

function blastConfig(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('blastRadius');
}

function workspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
}

const terminals: vscode.Terminal[] = [];

/**
 * A bash terminal with shell integration running (bounded wait). The destructive tools the tests
 * type are shadowed by shell functions first, so nothing real is ever destroyed, even on a
 * machine where terraform is installed and the folder holds state.
 */
async function bashTerminal(name: string, cwd: string): Promise<vscode.Terminal> {
  const terminal = vscode.window.createTerminal({ name, shellPath: '/bin/bash', cwd });
  terminals.push(terminal);
  if (!terminal.shellIntegration) await shellIntegration(terminal, name);
  const stub = 'terraform() { echo "terraform stub: $*"; return 3; }';
  const stubbed = commandEnd(terminal, stub);
  terminal.sendText(stub);
  await stubbed;
  return terminal;
}

function shellIntegration(terminal: vscode.Terminal, name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`shell integration did not start in terminal "${name}" within 30 s`));
    }, 30_000);
    const listener = vscode.window.onDidChangeTerminalShellIntegration((e) => {
      if (e.terminal !== terminal) return;
      clearTimeout(timer);
      listener.dispose();
      resolve();
    });
  });
}

/** Resolves with the exit code when a command with exactly this line ends in `terminal`. */
function commandEnd(terminal: vscode.Terminal, line: string, ms = 30_000): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`"${line}" did not end within ${ms / 1000} s`));
    }, ms);
    const listener = vscode.window.onDidEndTerminalShellExecution((e) => {
      if (e.terminal !== terminal || e.execution.commandLine.value.trim() !== line) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(e.exitCode);
    });
  });
}

function commandEvent(api: BlastRadiusApi, line: string): FlaggedEvent | undefined {
  return api.state.events.list().find((e) => e.kind === 'command' && e.command === line);
}

describe('terminal watching, strictness and the audit trail (in the editor)', function () {
  this.timeout(120_000);
  let api: BlastRadiusApi;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'br-terminal-test-'));

  before(async () => {
    api = await blastRadius();
    await blastConfig().update('strictness', 'balanced', vscode.ConfigurationTarget.Global);
    await until('user strictness balanced', () => api.state.config.strictness === 'balanced');
  });

  after(async () => {
    for (const t of terminals) t.dispose();
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
    const picked = vscode.commands.executeCommand<string | undefined>('blastRadius.setStrictness');
    // The pick has no "shown" event for callers: give it a moment, then move one level stricter.
    await new Promise((r) => setTimeout(r, 700));
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.equal(await picked, 'strict');
    assert.equal(blastConfig().inspect('strictness')?.globalValue, 'strict');
    await api.state.config.setUserStrictness('balanced');
    await until('effective strictness balanced', () => api.state.config.strictness === 'balanced');
  });

  it('flags `terraform destroy -auto-approve` run in a terminal as a gate-level command, not `git status`', async () => {
    const terminal = await bashTerminal('br-watch', scratch);
    const destroy = 'terraform destroy -auto-approve';
    const destroyEnd = commandEnd(terminal, destroy);
    terminal.sendText(destroy);
    const event = await until('the destroy command in the events list', () => commandEvent(api, destroy));
    assert.equal(event.decision, 'gate');
    assert.ok(event.score >= 85, `score ${event.score}`);
    assert.ok(event.findings.some((f) => f.ruleId.startsWith('IAC')), JSON.stringify(event.findings));
    assert.equal(await destroyEnd, 3);
    await until('the exit code on the event', () => commandEvent(api, destroy)?.status === 'finished');
    assert.equal(commandEvent(api, destroy)?.exitCode, 3);

    const status = 'git status';
    const statusEnd = commandEnd(terminal, status);
    terminal.sendText(status);
    await statusEnd;
    // Scoring runs when a command starts; its end is long after, so nothing can still be pending.
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(commandEvent(api, status), undefined);
  });

  it('opens a flagged command as a read-only markdown document', async () => {
    const event = commandEvent(api, 'terraform destroy -auto-approve');
    assert.ok(event, 'the destroy command of the previous test');
    await vscode.commands.executeCommand('blastRadius.openEvent', event.id);
    const doc = await until('the details document', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d?.uri.scheme === 'blast-radius-event' ? d : undefined;
    });
    assert.equal(doc.languageId, 'markdown');
    assert.match(doc.getText(), /terraform destroy -auto-approve/);
    assert.match(doc.getText(), /IAC001/);
    assert.match(doc.getText(), /exit code 3/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
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

  it('honours watch.terminal and a pause live', async () => {
    const terminal = await bashTerminal('br-live', scratch);
    const run = async (line: string): Promise<void> => {
      const ended = commandEnd(terminal, line);
      terminal.sendText(line);
      await ended;
      await new Promise((r) => setTimeout(r, 200));
    };
    await blastConfig().update('watch.terminal', false, vscode.ConfigurationTarget.Global);
    try {
      await until('watching off', () => !api.state.config.settings.watchTerminal);
      await run('terraform destroy -auto-approve -refresh=false');
      assert.equal(commandEvent(api, 'terraform destroy -auto-approve -refresh=false'), undefined);
    } finally {
      await blastConfig().update('watch.terminal', undefined, vscode.ConfigurationTarget.Global);
    }
    await until('watching on', () => api.state.config.settings.watchTerminal);

    api.state.config.pause(60_000);
    try {
      await run('terraform destroy -auto-approve -parallelism=1');
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
    const terminal = await bashTerminal('br-audit', scratch);
    terminal.sendText(line);
    await until('the command in the events list', () => commandEvent(api, line));
    const auditFile = path.join(api.state.context.globalStorageUri.fsPath, 'audit.jsonl');
    const entry = await until('a redacted audit entry', async () => {
      await (api.state.audit as { flush?: () => Promise<void> }).flush?.();
      if (!existsSync(auditFile)) return undefined;
      const text = readFileSync(auditFile, 'utf8');
      assert.ok(!text.includes(token), 'the token reached the audit file');
      return text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { command?: string; decision?: string; redacted?: string[] })
        .find((e) => e.command === 'GITHUB_TOKEN=[REDACTED] terraform destroy -auto-approve -lock=false');
    });
    assert.equal(entry.decision, 'gate');
    assert.ok(entry.redacted?.length);
  });

  it('puts the blast-radius launcher on PATH in new terminals', async () => {
    const binDir = path.join(api.state.context.globalStorageUri.fsPath, 'bin');
    const launcher = path.join(binDir, process.platform === 'win32' ? 'blast-radius.cmd' : 'blast-radius');
    await until('the launcher file', () => existsSync(launcher));
    assert.match(readFileSync(launcher, 'utf8'), /dist[\\/]cli\.js/);

    const out = path.join(scratch, 'path.txt');
    const terminal = await bashTerminal('br-path', scratch);
    const line = `printf '%s\\n' "$PATH" > ${out}; command -v blast-radius >> ${out}; blast-radius check -- 'git status' >/dev/null 2>&1; echo "exit=$?" >> ${out}`;
    terminal.sendText(line);
    const lines = await until('PATH written by the terminal', () => {
      const text = existsSync(out) ? readFileSync(out, 'utf8') : '';
      return text.includes('exit=') ? text.split('\n') : undefined;
    });
    assert.ok(lines[0].split(path.delimiter).includes(binDir), `PATH ${lines[0]} lacks ${binDir}`);
    assert.equal(lines[1], launcher);
    const cliBuilt = existsSync(path.join(api.state.context.extensionPath, 'dist', 'cli.js'));
    if (cliBuilt) assert.equal(lines[2], 'exit=0');
  });
});
