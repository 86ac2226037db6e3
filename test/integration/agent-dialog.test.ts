/**
 * In-editor test of the editor's dialog for agent hooks: a real hook process, started from the
 * extension host as VS Code starts its agents' hooks (its environment, with the window's key the
 * extension put there), asks this window over the gate's channel; the modal is answered by the
 * test hook of test builds (`_blastRadius.gateTest`), and the hook prints what VS Code reads.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { EDITOR_KEY_ENV } from '../../src/core/gate/hook-editor';
import { blastRadius, EXTENSION_ID, TEST_GUARD_MS, until } from './helpers';
import { Bash } from './terminals';

interface Info {
  dialogsShown: number;
  lastLateNotice?: string;
  hookAsks: number;
  editorKey: string;
  registryFile?: string;
  lastDialog?: { message: string; detail: string; buttons: { title: string }[] };
}

const gateTest = (arg?: { modalAnswer: string | null }): Thenable<Info> => vscode.commands.executeCommand<Info>('_blastRadius.gateTest', arg);

function hook(cli: string, input: string, cwd: string, extra: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string; status: number | null }> {
  return new Promise((resolve, reject) => {
    // As VS Code's extHostHooksNode.ts runs a hook: this process's environment.
    const child = spawn(process.execPath, [cli, 'hook', 'claude-code'], { cwd, env: { ...process.env, BLAST_RADIUS_HOOK_SERVER: 'off', ELECTRON_RUN_AS_NODE: '1', ...extra } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ stdout, stderr, status }));
    child.stdin.end(input);
  });
}

describe('agent hooks ask the editor (in the editor)', function () {
  this.timeout(TEST_GUARD_MS);
  let cli = '';
  let ws = '';

  before(async () => {
    await blastRadius();
    cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    ws = vscode.workspace.workspaceFolders![0].uri.fsPath;
  });
  after(async () => {
    await gateTest({ modalAnswer: null });
  });

  const payload = (command: string): string =>
    JSON.stringify({ timestamp: new Date().toISOString(), cwd: ws, sessionId: 'vscode-chat-session://local/t', hookEventName: 'PreToolUse', tool_name: 'run_in_terminal', tool_input: { command, explanation: 'x', goal: 'x', isBackground: false }, tool_use_id: 'call_1' });

  it("a hook call from VS Code's agent shows the gate's modal before the tool runs; Run once allows it, Don't run denies it", async () => {
    const info = await gateTest({ modalAnswer: 'run-once' });
    assert.equal(process.env[EDITOR_KEY_ENV], info.editorKey, "the window's key is in the extension host's environment");
    assert.ok(info.registryFile, 'the window is listed for agent hooks');
    const before = info.dialogsShown;
    const ok = await hook(cli, payload('terraform destroy -auto-approve'), ws);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(ok.stdout, '', `Run once: no objection, got ${ok.stdout} ${ok.stderr}`);
    const shown = await gateTest();
    assert.equal(shown.dialogsShown, before + 1, 'one modal');
    assert.equal(shown.hookAsks, info.hookAsks + 1);
    assert.match(shown.lastDialog?.message ?? '', /^Blast Radius: run this command\? Critical risk, score \d+\. It waits for your answer until /);
    assert.match(shown.lastDialog?.detail ?? '', /terraform destroy -auto-approve[\s\S]*asked by VS Code's agent \(run_in_terminal\)[\s\S]*IAC001/);
    assert.deepEqual(shown.lastDialog?.buttons.map((b) => b.title).slice(0, 2), ["Don't run", 'Run once']);

    await gateTest({ modalAnswer: 'dont-run' });
    const no = await hook(cli, payload('terraform destroy -auto-approve -lock=false'), ws);
    assert.equal(no.status, 0, no.stderr);
    const d = (JSON.parse(no.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } }).hookSpecificOutput;
    assert.equal(d.permissionDecision, 'deny');
    assert.match(d.permissionDecisionReason, /You answered Don't run in the editor/);
  });

  it('no answer before the agent stops waiting refuses the call; Run once clicked after that runs nothing and says so', async () => {
    await gateTest({ modalAnswer: 'late-run-once' });
    // The agent waits 7 s for its hook; the dialog gets 5 s less.
    const started = Date.now();
    const late = await hook(cli, payload('terraform destroy -auto-approve -lock-timeout=1s'), ws, { BLAST_RADIUS_HOOK_TIMEOUT: '7' });
    assert.ok(Date.now() - started < 7_000, `answered before the agent gives up (${Date.now() - started} ms)`);
    const d = (JSON.parse(late.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } }).hookSpecificOutput;
    assert.equal(d.permissionDecision, 'deny');
    assert.match(d.permissionDecisionReason, /nobody answered in the editor before the agent stops waiting|Nobody confirmed it in the editor within \d+ s/);
    const notice = await until('the late answer to be told', async () => (await gateTest()).lastLateNotice);
    assert.equal(notice, 'Too late: "terraform destroy -auto-approve -lock-timeout=1s" was not run; run it again to be asked again.');
  });

  it("a CLI agent in one of the window's terminals: its hook call shows the same modal, and Don't run denies it", async () => {
    await gateTest({ modalAnswer: 'dont-run' });
    const before = (await gateTest()).hookAsks;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'br-agent-terminal-'));
    // The test's terminals get a home of their own (terminals.ts); the user's cache folder, where
    // windows list themselves, is the editor's, as in a terminal of the user's own.
    const bash = await Bash.open('br-agent-hook', ws, { env: { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache') } });
    try {
      // Claude Code's own payload, as a Claude Code started in this terminal sends it to its hook.
      writeFileSync(path.join(dir, 'in.json'), JSON.stringify({ session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'terraform destroy -auto-approve -target=module.db' } }));
      const q = (p: string): string => `'${p.replace(/'/g, "'\\''")}'`;
      await bash.run(`BLAST_RADIUS_HOOK_SERVER=off ${q(process.execPath)} ${q(cli)} hook claude-code < ${q(path.join(dir, 'in.json'))} > ${q(path.join(dir, 'out.json'))}`);
      const d = (JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } }).hookSpecificOutput;
      assert.equal(d.permissionDecision, 'deny');
      assert.match(d.permissionDecisionReason, /You answered Don't run in the editor/);
      const after = await gateTest();
      assert.equal(after.hookAsks, before + 1, 'the terminal\'s hook call reached this window');
      assert.match(after.lastDialog?.detail ?? '', /asked by Claude Code \(Bash\)/);
    } finally {
      bash.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a file tool's change gets the same modal, asked as a change, with Run once but no Always allow", async () => {
    await gateTest({ modalAnswer: 'dont-run' });
    const file = path.join(ws, 'migrations-from-agent', '001.sql');
    const input = JSON.stringify({ timestamp: new Date().toISOString(), cwd: ws, sessionId: 's', hookEventName: 'PreToolUse', tool_name: 'create_file', tool_input: { filePath: file, content: 'DROP TABLE users;\n' }, tool_use_id: 'call_2' });
    const no = await hook(cli, input, ws);
    const d = (JSON.parse(no.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } }).hookSpecificOutput;
    assert.equal(d.permissionDecision, 'deny', no.stderr);
    const shown = await gateTest();
    assert.match(shown.lastDialog?.message ?? '', /^Blast Radius: let the agent make this change\? High risk/);
    assert.match(shown.lastDialog?.detail ?? '', /create_file: write .*001\.sql[\s\S]*asked by VS Code's agent \(create_file\)[\s\S]*SQL002[\s\S]*can be allowed once, never for good/);
    assert.deepEqual(shown.lastDialog?.buttons.map((b) => b.title), ["Don't run", 'Run once']);
  });
});
