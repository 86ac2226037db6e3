/**
 * In-editor tests for the agent-hook commands: "Protect an Agent…" registers the extension's own
 * launcher in the agent's settings (here Claude Code's project settings, so the machine's real home is
 * never touched), a second run changes nothing, and the registered command answers a real hook payload;
 * "Stop Protecting" cannot remove a hook without a person (Escape leaves it); the Copilot approval
 * list command fails with a message, not a crash, in an editor without that setting.
 */
import assert from 'node:assert/strict';
import { exec, execSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { BlastRadiusApi } from '../../src/extension/extension';
import { answerPick, blastRadius, HANG_GUARD_MS, neverCame, settled, TEST_GUARD_MS, until } from './helpers';

interface ClaudeSettings {
  hooks?: { PreToolUse?: { matcher?: string; hooks?: { type?: string; command?: string }[] }[] };
}

/** Every hook command registered for Claude Code's PreToolUse in `file`. */
function claudeCommands(file: string): string[] {
  const settings = JSON.parse(readFileSync(file, 'utf8')) as ClaudeSettings;
  return (settings.hooks?.PreToolUse ?? []).flatMap((m) => (m.hooks ?? []).map((h) => h.command ?? ''));
}

/** Runs the registered hook command with `input` on stdin and resolves with what it printed. */
function runHook(command: string, input: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = exec(command, { cwd, env, encoding: 'utf8', timeout: HANG_GUARD_MS }, (error, stdout, stderr) => {
      if (error?.killed) reject(neverCame(`the hook's answer (${command})`, HANG_GUARD_MS, `stderr: ${stderr}`));
      else if (error) reject(new Error(`${command} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
    child.stdin?.end(input);
  });
}

describe('agent hook commands (in the editor)', function () {
  this.timeout(TEST_GUARD_MS);
  let api: BlastRadiusApi;
  let workspace: string;
  let settingsFile: string;

  before(async () => {
    api = await blastRadius();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    workspace = folder.uri.fsPath;
    settingsFile = path.join(workspace, '.claude', 'settings.json');
    rmSync(path.join(workspace, '.claude'), { recursive: true, force: true });
  });

  after(async () => {
    rmSync(path.join(workspace, '.claude'), { recursive: true, force: true });
    // Removing our hook from the agent's settings is a finding (SELF008). It is judged here and the
    // test's own clean-up accepted, not left open for a later suite to judge again (the confirm gate
    // suite switches holding on, which would hold it and answer its dialog in that suite's place).
    await settled(api);
    if (api.edits.findingsFor(vscode.Uri.file(settingsFile)).length) api.edits.accept(vscode.Uri.file(settingsFile));
    await settled(api);
    assert.deepEqual(api.edits.findingsFor(vscode.Uri.file(settingsFile)), [], 'the removed hook is still an open finding');
  });

  it('Protect an Agent registers the extension launcher for Claude Code, once, and the hook answers', async () => {
    await vscode.commands.executeCommand('blastRadius.protectAgent', { agent: 'claude-code', scope: 'project' });
    const commands = await until('the Claude Code project settings', () => existsSync(settingsFile) && claudeCommands(settingsFile));
    const ours = commands.filter((c) => /blast-radius/.test(c) && /\bhook claude-code\b/.test(c));
    assert.equal(ours.length, 1, `one hook of ours in ${JSON.stringify(commands)}`);
    const storage = api.state.context.globalStorageUri.fsPath;
    assert.ok(ours[0].includes(storage), `the hook runs the launcher in the extension's global storage (${storage}), not a versioned folder: ${ours[0]}`);

    const before = readFileSync(settingsFile);
    await vscode.commands.executeCommand('blastRadius.protectAgent', { agent: 'claude-code', scope: 'project' });
    assert.deepEqual(readFileSync(settingsFile), before, 'a second run changes nothing');

    // The tooltip says whether Claude Code will run it: project hooks wait for its folder trust dialog.
    const claudeJson = path.join(process.env.CLAUDE_CONFIG_DIR ?? os.homedir(), '.claude.json');
    let gitRoot = '';
    try {
      gitRoot = execSync('git rev-parse --show-toplevel', { cwd: workspace, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      // Not in a repository.
    }
    const projects = existsSync(claudeJson) ? ((JSON.parse(readFileSync(claudeJson, 'utf8')) as { projects?: Record<string, { hasTrustDialogAccepted?: boolean }> }).projects ?? {}) : {};
    const trusted = [workspace, gitRoot].some((dir) => dir && projects[dir]?.hasTrustDialogAccepted === true);
    const summary = await until('the tooltip to list the hook', () => api.agentHooksSummary().includes('Claude Code (project)') && api.agentHooksSummary());
    if (trusted) assert.match(summary, /Claude Code \(project\): active/);
    else assert.match(summary, /Claude Code \(project\): needs trust\. Claude Code runs a project's hooks only after you accept its trust dialog/);

    // The launcher is written in the background after activation.
    const launcherFile = /^'([^']+)'|^"([^"]+)"|^(\S+)/.exec(ours[0])?.slice(1).find(Boolean);
    assert.ok(launcherFile, ours[0]);
    await until('the launcher file', () => existsSync(launcherFile));
    const payload = (command: string) => JSON.stringify({ session_id: 't', cwd: workspace, permission_mode: 'default', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });
    // In process: a test leaves no warm hook server behind (test/unit/hook-server.test.ts covers it).
    // As an interactive Claude Code session started outside this window runs it (so a gate-level
    // call asks in the agent's own prompt). One this window started carries its key and asks the
    // window's dialog instead (agent-dialog.test.ts).
    const { BLAST_RADIUS_EDITOR_KEY: _windowKey, ...outside } = process.env;
    const env = { ...outside, BLAST_RADIUS_HOOK_SERVER: 'off', CLAUDE_CODE_ENTRYPOINT: 'cli', CLAUDE_CODE_SESSION_ATTENDED: '1' };
    const risky = await runHook(ours[0], payload('terraform destroy -auto-approve'), workspace, env);
    const answer = JSON.parse(risky) as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } };
    assert.equal(answer.hookSpecificOutput?.permissionDecision, 'ask');
    assert.match(answer.hookSpecificOutput?.permissionDecisionReason ?? '', /IAC\d+/);
    const everyday = await runHook(ours[0], payload('git status'), workspace, env);
    assert.equal(everyday, '', 'an everyday command passes silently');
  });

  it('Stop Protecting needs a person: Escape in its picker leaves the hook in place', async () => {
    // Protected as the test before leaves it (a no-op then), so this one does not depend on it.
    await vscode.commands.executeCommand('blastRadius.protectAgent', { agent: 'claude-code', scope: 'project' });
    await until('the Claude Code project settings', () => existsSync(settingsFile));
    const before = readFileSync(settingsFile);
    await answerPick(
      api,
      'Blast Radius: Stop Protecting an Agent',
      () => vscode.commands.executeCommand('blastRadius.unprotectAgent'),
      async () => {
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      },
    );
    assert.deepEqual(readFileSync(settingsFile), before);
  });

  it('Update Copilot Approval List says so, and carries on, where the editor has no such setting', async () => {
    const known = vscode.workspace.getConfiguration('chat.tools.terminal').inspect('autoApprove');
    await vscode.commands.executeCommand('blastRadius.updateCopilotApprovals');
    const owned = api.state.context.globalState.get<Record<string, unknown>>('blastRadius.copilotApprovals.owned');
    if (known?.defaultValue === undefined) {
      // code-server 4.100 (VS Code 1.100) predates chat.tools.terminal.autoApprove.
      assert.equal(owned, undefined, 'nothing recorded as ours when the write failed');
    } else {
      const written = vscode.workspace.getConfiguration('chat.tools.terminal').inspect<Record<string, unknown>>('autoApprove')?.globalValue ?? {};
      assert.ok(owned && Object.keys(owned).length > 10);
      for (const k of Object.keys(owned)) assert.equal(written[k], owned[k]);
    }
  });
});
