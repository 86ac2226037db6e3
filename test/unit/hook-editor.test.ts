/**
 * The pure parts of agent hooks asking the editor (core/gate/hook-editor.ts) and of reading VS
 * Code's own agent payloads (cli/hook-agents.ts): which window a call goes to, what an answer must
 * look like to be believed, what a registry entry or a request must hold, and each VS Code tool
 * as the call the engines judge.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { editorAnswer, hookTimeoutSeconds, signatureValid } from '../../src/cli/editor-ask';
import { isVsCodePayload, parsePayload } from '../../src/cli/hook-agents';
import { HOOK_AGENT_NAMES, type HookAgent } from '../../src/core/hook-answer';
import { type EditorWindow, hookCallIdentity, insideFolder, parseEditorAsk, parseEditorWindow, parseHookAnswerLine, RecentHookAnswers, routeToWindow, signedText } from '../../src/core/gate/hook-editor';
import { formatAnswer, headerLimitError, MAX_HOOK_LINE_BYTES, MAX_LINE_BYTES, parseHeader } from '../../src/core/gate/protocol';

const KEY = 'MCowBQYDK2VwAyEA' + 'A'.repeat(44);
const win = (pid: number, folders: string[]): EditorWindow => ({ v: 1, pid, port: 40000 + pid, requestKey: 'a'.repeat(32), key: KEY, folders });

describe('agent hooks asking the editor: routing and answers', () => {
  it('a call goes to the window with the deepest folder containing its working folder, else to none', () => {
    const parent = win(1, ['/home/u/src']);
    const child = win(2, ['/home/u/src/app', '/tmp/other']);
    const ws = [parent, child];
    assert.equal(routeToWindow(ws, '/home/u/src/app/lib'), child);
    assert.equal(routeToWindow(ws, '/home/u/src/app'), child);
    assert.equal(routeToWindow(ws, '/home/u/src/tools'), parent);
    assert.equal(routeToWindow(ws, '/home/u/src-old'), undefined, 'a sibling with the same prefix is not inside');
    assert.equal(routeToWindow(ws, '/home/u'), undefined);
    assert.equal(routeToWindow(ws, '/tmp/other/x'), child);
    assert.equal(routeToWindow([], '/home/u/src'), undefined);
  });

  it('folders compare by path segments, with a trailing separator or not; Windows without case', () => {
    assert.ok(insideFolder('/a/b/', '/a/b'));
    assert.ok(insideFolder('/a/b/c', '/a/b/'));
    assert.ok(!insideFolder('/a/bc', '/a/b'));
    assert.ok(insideFolder('C:\\Users\\U\\Repo\\x', 'c:/users/u/repo', true));
    assert.ok(!insideFolder('C:\\Users\\U\\Repo2', 'c:\\users\\u\\repo', true));
  });

  it('registry entries are read strictly: anything else is no window', () => {
    assert.deepEqual(parseEditorWindow(JSON.stringify(win(7, ['/w']))), win(7, ['/w']));
    for (const bad of [
      'not json',
      '[]',
      JSON.stringify({ ...win(7, ['/w']), v: 2 }),
      JSON.stringify({ ...win(7, ['/w']), port: 70000 }),
      JSON.stringify({ ...win(7, ['/w']), requestKey: 'zz' }),
      JSON.stringify({ ...win(7, ['/w']), key: 'not a key!' }),
      JSON.stringify({ ...win(7, ['/w']), folders: '/w' }),
      JSON.stringify({ ...win(7, ['/w']), folders: [''] }),
    ]) {
      assert.equal(parseEditorWindow(bad), undefined, bad);
    }
  });

  it('an answer counts only as `signed confirmed|deny <signature>`; every other line is unsigned', () => {
    assert.deepEqual(parseHookAnswerLine('signed confirmed QUJD'), { verdict: 'confirmed', signature: 'QUJD' });
    assert.deepEqual(parseHookAnswerLine("signed deny QUJD not run: You answered Don't run"), { verdict: 'deny', signature: 'QUJD', reason: "not run: You answered Don't run" });
    assert.equal(parseHookAnswerLine('wait'), 'wait');
    assert.equal(parseHookAnswerLine('hold'), 'hold');
    assert.equal(parseHookAnswerLine('unknown'), 'unknown');
    for (const line of ['allow 0123', 'confirmed abc', 'signed allow QUJD', 'signed confirmed', 'signed confirmed not*base64', 'deny x', '']) {
      assert.equal(parseHookAnswerLine(line), 'unsigned', line);
    }
  });

  it("a signature checks out only for the window's key, the same nonce, the same input digest and the same verdict", () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const key = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const text = signedText('0'.repeat(32), 'f'.repeat(64), 'confirmed');
    const sig = sign(null, Buffer.from(text), privateKey).toString('base64');
    assert.ok(signatureValid(key, text, sig));
    assert.ok(!signatureValid(other, text, sig), 'another window');
    assert.ok(!signatureValid(key, signedText('1'.repeat(32), 'f'.repeat(64), 'confirmed'), sig), 'another request (a replay)');
    assert.ok(!signatureValid(key, signedText('0'.repeat(32), 'e'.repeat(64), 'confirmed'), sig), 'another input');
    assert.ok(!signatureValid(key, signedText('0'.repeat(32), 'f'.repeat(64), 'deny'), sig), 'another verdict');
    assert.ok(!signatureValid('garbage', text, sig));
    assert.ok(!signatureValid(key, text, 'AAAA'));
  });

  it('the gate channel takes hook requests, with room for a file write, and formats a signed answer', () => {
    const h = parseHeader(`BRGATE/1 ${'a'.repeat(32)} hook 12 4 ${MAX_LINE_BYTES + 1}`);
    assert.ok(h.ok);
    assert.equal(headerLimitError(h.header), undefined, 'a hook request may be longer than a command line');
    const big = parseHeader(`BRGATE/1 ${'a'.repeat(32)} hook 12 4 ${MAX_HOOK_LINE_BYTES + 1}`);
    assert.ok(big.ok && headerLimitError(big.header));
    assert.equal(formatAnswer({ verdict: 'confirmed', signature: 'QUJD' }, 'proof'), 'signed confirmed QUJD\n');
    assert.equal(formatAnswer({ verdict: 'deny', signature: 'QUJD', reason: 'not run:\u001b[31m x' }, 'proof'), 'signed deny QUJD not run: [31m x\n');
  });

  it('a request is read strictly and bounded', () => {
    const ask = { v: 1, nonce: 'b'.repeat(32), agent: 'claude-code', payload: '{}', cwd: '/w', findings: [{ ruleId: 'FS001', severity: 'critical', message: 'm', alternative: 'a' }], strictness: 'balanced', deadline: 1 };
    assert.deepEqual(parseEditorAsk(JSON.stringify(ask)), ask);
    assert.equal(parseEditorAsk(JSON.stringify({ ...ask, nonce: 'short' })), undefined);
    assert.equal(parseEditorAsk(JSON.stringify({ ...ask, findings: [{ ruleId: 1 }] })), undefined);
    assert.equal(parseEditorAsk('nope'), undefined);
    const many = parseEditorAsk(JSON.stringify({ ...ask, findings: Array.from({ length: 100 }, () => ask.findings[0]) }));
    assert.equal(many?.findings.length, 16);
  });
});

describe("VS Code's own agent payloads", () => {
  const FIXTURES = path.join(__dirname, '..', 'fixtures', 'hooks', 'vscode');
  const fixture = (name: string): string => readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8').replaceAll('__WORKSPACE__', '/w');

  it("are told from Claude Code's by VS Code's camel-case fields, in every hook", () => {
    assert.ok(isVsCodePayload(JSON.parse(fixture('run-in-terminal-gate')) as Record<string, unknown>));
    assert.ok(!isVsCodePayload({ session_id: 's', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: {} }));
    for (const agent of ['claude-code', 'codex', 'gemini-cli', 'copilot-cli', 'cursor'] as const) {
      const p = parsePayload(agent, fixture('run-in-terminal-gate'));
      assert.equal(p.dialect, 'vscode', agent);
      assert.deepEqual(p.ok && p.call, { kind: 'shell', tool: 'run_in_terminal', command: 'terraform destroy -auto-approve', shell: process.platform === 'win32' ? 'pwsh' : 'bash', cwd: '/w' }, agent);
    }
  });

  it("VS Code 1.139's Local agent writes Claude Code's snake case with VS Code's tool names: still VS Code's", () => {
    // Captured from a real agent turn in code-server 4.139.1 (test/vscode-agent): Copilot Chat's ChatHookService runs the hook.
    for (const agent of ['claude-code', 'copilot-cli', 'codex'] as const) {
      const shell = parsePayload(agent, fixture('copilot-chat-run-in-terminal-gate'));
      assert.equal(shell.dialect, 'vscode', agent);
      assert.deepEqual(shell.ok && shell.call, { kind: 'shell', tool: 'run_in_terminal', command: 'terraform destroy -auto-approve', shell: process.platform === 'win32' ? 'pwsh' : 'bash', cwd: '/w' }, agent);
      const write = parsePayload(agent, fixture('copilot-chat-create-file-gate'));
      assert.deepEqual(write.ok && write.call, { kind: 'write', tool: 'create_file', path: '/w/migrations/001.sql', content: 'DROP TABLE users;\n', cwd: '/w' }, agent);
    }
    // Claude Code's own tools, and Codex's apply_patch, stay theirs.
    assert.ok(!isVsCodePayload({ session_id: 's', hook_event_name: 'PreToolUse', tool_name: 'Write', tool_input: {} }, 'claude-code'));
    assert.ok(!isVsCodePayload({ session_id: 's', hook_event_name: 'PreToolUse', tool_name: 'apply_patch', tool_input: { command: 'x' } }, 'codex'));
    assert.ok(isVsCodePayload({ session_id: 's', hook_event_name: 'PreToolUse', tool_name: 'apply_patch', tool_input: { input: 'x' } }, 'claude-code'));
  });

  it('each file tool becomes the change the edit engine judges', () => {
    const call = (name: string) => {
      const p = parsePayload('claude-code', fixture(name));
      assert.ok(p.ok, name);
      return p.call;
    };
    assert.deepEqual(call('create-file-gate'), { kind: 'write', tool: 'create_file', path: '/w/migrations/001.sql', content: 'DROP TABLE users;\n', cwd: '/w' });
    assert.deepEqual(call('replace-string-gate'), { kind: 'edit', tool: 'replace_string_in_file', path: '/w/migrations/000_init.sql', edits: [{ oldText: 'text;', newText: 'text;\nDROP TABLE users;', replaceAll: false }], cwd: '/w' });
    const multi = call('multi-replace-gate');
    assert.equal(multi.kind, 'multi');
    assert.deepEqual(multi.kind === 'multi' && multi.calls.map((c) => c.path), ['/w/README.md', '/w/migrations/000_init.sql']);
    // The existing-code marker is VS Code's placeholder, not text the edit adds.
    assert.deepEqual(call('insert-edit-gate'), { kind: 'insert', tool: 'insert_edit_into_file', path: '/w/migrations/000_init.sql', text: 'DROP TABLE users;', cwd: '/w' });
    const patch = call('apply-patch-gate');
    assert.equal(patch.kind, 'patch');
    assert.match(patch.kind === 'patch' ? patch.patch : '', /^\*\*\* Begin Patch\n\*\*\* Update File: \/w\/infra\/main\.tf/);
    assert.deepEqual(call('notebook-edit-allow'), { kind: 'insert', tool: 'edit_notebook_file', path: '/w/analysis.ipynb', text: "print('hello')", cwd: '/w' });
  });

  it('a tool it does not read is allowed with a note, never guessed; read-only tools quietly', () => {
    const unknown = parsePayload('claude-code', fixture('unknown-tool-other'));
    assert.ok(unknown.ok && unknown.call.kind === 'other' && /not one Blast Radius reads/.test(unknown.call.note ?? ''));
    const read = parsePayload('claude-code', fixture('read-file-other'));
    assert.deepEqual(read.ok && read.call, { kind: 'other', tool: 'read_file' });
    const del = parsePayload('claude-code', JSON.stringify({ hookEventName: 'PreToolUse', cwd: '/w', tool_name: 'edit_notebook_file', tool_input: { filePath: '/w/a.ipynb', cellId: 'c1', editType: 'delete' } }));
    assert.ok(del.ok && del.call.kind === 'other' && /cell "c1" of \/w\/a\.ipynb/.test(del.call.note ?? ''));
  });

  it("VS Code 1.139's snake-case payload: tools it does not read are VS Code's and logged; read-only ones are quiet", () => {
    const snake = (tool: string, input: Record<string, unknown> = {}) =>
      JSON.stringify({ timestamp: '2026-03-02T10:15:00.000Z', hook_event_name: 'PreToolUse', session_id: 's1', transcript_path: '/t', tool_name: tool, tool_input: input, tool_use_id: 'c1', cwd: '/w' });
    for (const agent of ['claude-code', 'copilot-cli'] as const) {
      for (const tool of ['run_task', 'runTests', 'kill_terminal', 'install_extension', 'run_playwright_code', 'navigate_page', 'type_in_page']) {
        const p = parsePayload(agent, snake(tool, { id: 'x' }));
        assert.equal(p.dialect, 'vscode', `${agent} ${tool}`);
        assert.ok(p.ok && p.call.kind === 'other', `${agent} ${tool}`);
        assert.equal(p.ok && p.call.kind === 'other' ? p.call.note : undefined, `VS Code tool ${JSON.stringify(tool)} is not one Blast Radius reads; allowed without a look`);
      }
      for (const tool of ['read_file', 'grep_search', 'vscode_askQuestions', 'read_page']) {
        const p = parsePayload(agent, snake(tool));
        assert.equal(p.dialect, 'vscode', `${agent} ${tool}`);
        assert.deepEqual(p.ok && p.call, { kind: 'other', tool }, `${agent} ${tool}`);
      }
      // A name no agent's tool list has: not taken for VS Code's, still never allowed silently.
      const other = parsePayload(agent, snake('run_tests'));
      assert.ok(other.ok && other.call.kind === 'other' && new RegExp(`tool "run_tests" is not one Blast Radius reads; allowed without a look`).test(other.call.note ?? ''), JSON.stringify(other));
    }
    // Codex's own view_image and Gemini CLI's read_file stay theirs.
    const codex = parsePayload('codex', snake('view_image', { path: '/w/a.png' }));
    assert.equal(codex.dialect, undefined);
    assert.deepEqual(codex.ok && codex.call, { kind: 'other', tool: 'view_image' });
    const gemini = parsePayload('gemini-cli', JSON.stringify({ hook_event_name: 'BeforeTool', session_id: 's', cwd: '/w', tool_name: 'read_file', tool_input: { file_path: 'a' } }));
    assert.equal(gemini.dialect, undefined);
    assert.deepEqual(gemini.ok && gemini.call, { kind: 'other', tool: 'read_file' });
  });

  it("every agent's unknown tool is allowed with a log line naming it; its read-only tools are quiet", () => {
    const cases: { agent: HookAgent; unknown: string; quiet: string; payload: (tool: string) => unknown }[] = [
      { agent: 'claude-code', unknown: 'mcp__github__create_issue', quiet: 'Read', payload: (t) => ({ hook_event_name: 'PreToolUse', session_id: 's', cwd: '/w', tool_name: t, tool_input: {} }) },
      { agent: 'codex', unknown: 'mcp__fs__delete', quiet: 'update_plan', payload: (t) => ({ hook_event_name: 'PreToolUse', session_id: 's', cwd: '/w', tool_name: t, tool_input: {} }) },
      { agent: 'gemini-cli', unknown: 'mcp_tool', quiet: 'read_file', payload: (t) => ({ hook_event_name: 'BeforeTool', session_id: 's', cwd: '/w', tool_name: t, tool_input: {} }) },
      { agent: 'copilot-cli', unknown: 'write_bash', quiet: 'view', payload: (t) => ({ toolName: t, toolArgs: '{}', cwd: '/w' }) },
      { agent: 'cline', unknown: 'use_mcp_tool', quiet: 'read_file', payload: (t) => ({ hookName: 'PreToolUse', preToolUse: { toolName: t, parameters: {} }, workspaceRoots: ['/w'] }) },
      { agent: 'opencode', unknown: 'mcp_deploy', quiet: 'read', payload: (t) => ({ hook_event_name: 'tool.execute.before', tool: t, args: {}, cwd: '/w' }) },
      { agent: 'windsurf', unknown: 'pre_mcp_tool_use', quiet: 'pre_read_code', payload: (t) => ({ agent_action_name: t, tool_info: {} }) },
      { agent: 'cursor', unknown: 'beforeMCPExecution', quiet: 'beforeReadFile', payload: (t) => ({ hook_event_name: t, cwd: '/w' }) },
    ];
    for (const c of cases) {
      const unknown = parsePayload(c.agent, JSON.stringify(c.payload(c.unknown)));
      assert.ok(unknown.ok && unknown.call.kind === 'other', `${c.agent}: ${JSON.stringify(unknown)}`);
      assert.equal(unknown.ok && unknown.call.kind === 'other' ? unknown.call.note : undefined, `${HOOK_AGENT_NAMES[c.agent]} tool ${JSON.stringify(c.unknown)} is not one Blast Radius reads; allowed without a look`);
      const quiet = parsePayload(c.agent, JSON.stringify(c.payload(c.quiet)));
      assert.deepEqual(quiet.ok && quiet.call, { kind: 'other', tool: c.quiet }, c.agent);
    }
  });

  it("VS Code 1.139's tools that run things become the command lines they run", () => {
    const sh = process.platform === 'win32' ? 'pwsh' : 'bash';
    const call = (name: string) => {
      const p = parsePayload('claude-code', fixture(name));
      assert.equal(p.dialect, 'vscode', name);
      assert.ok(p.ok, name);
      return p.call;
    };
    assert.deepEqual(call('copilot-chat-send-to-terminal-gate'), { kind: 'shell', tool: 'send_to_terminal', command: 'terraform destroy -auto-approve', shell: sh, cwd: '/w' });
    assert.deepEqual(call('copilot-chat-create-and-run-task-gate'), { kind: 'shell', tool: 'create_and_run_task', command: 'terraform destroy -auto-approve', shell: sh, cwd: '/w' });
    assert.deepEqual(call('copilot-chat-create-and-run-task-allow'), { kind: 'shell', tool: 'create_and_run_task', command: 'npm test', shell: sh, cwd: '/w' });
    assert.deepEqual(call('copilot-chat-run-vscode-command-send-sequence-gate'), { kind: 'shell', tool: 'run_vscode_command', command: 'terraform destroy -auto-approve\n', shell: sh, cwd: '/w' });
    assert.deepEqual(call('copilot-chat-run-notebook-cell-gate'), { kind: 'cells', tool: 'run_notebook_cell', path: '/w/notebooks/teardown.ipynb', cellId: '#VSC-3f9a1c2e', cwd: '/w' });
    const other = call('copilot-chat-run-vscode-command-other');
    assert.ok(other.kind === 'other' && /VS Code command "workbench\.action\.files\.saveAll" \(run_vscode_command\) is not one Blast Radius reads/.test(other.note ?? ''));

    const input = (tool_name: string, tool_input: unknown) => JSON.stringify({ hook_event_name: 'PreToolUse', session_id: 's', cwd: '/w', tool_name, tool_input });
    // A process task runs the program with its arguments; a shell task's arguments are quoted after its line.
    const proc = parsePayload('claude-code', input('create_and_run_task', { workspaceFolder: '/w/app', task: { label: 'x', type: 'process', command: 'rm', args: ['-rf', '/srv/my data'] } }));
    assert.deepEqual(proc.ok && proc.call, { kind: 'shell', tool: 'create_and_run_task', command: "rm -rf '/srv/my data'", shell: sh, cwd: '/w/app' });
    const shellTask = parsePayload('claude-code', input('create_and_run_task', { workspaceFolder: '/w', task: { label: 'x', type: 'shell', command: 'git push', args: ['--force', 'origin', 'main'] } }));
    assert.deepEqual(shellTask.ok && shellTask.call, { kind: 'shell', tool: 'create_and_run_task', command: 'git push --force origin main', shell: sh, cwd: '/w' });
    // Uninstalling an extension by command is `code --uninstall-extension`.
    const uninstall = parsePayload('claude-code', input('run_vscode_command', { commandId: 'workbench.extensions.uninstallExtension', name: 'Uninstall', args: ['blast-radius.blast-radius'] }));
    assert.deepEqual(uninstall.ok && uninstall.call, { kind: 'shell', tool: 'run_vscode_command', command: 'code --uninstall-extension blast-radius.blast-radius', shell: sh, cwd: '/w' });
    // sendSequence with a string argument sends nothing (the editor asks the person for the text).
    const noText = parsePayload('claude-code', input('run_vscode_command', { commandId: 'workbench.action.terminal.sendSequence', name: 'Send', args: ['rm -rf ~'] }));
    assert.ok(noText.ok && noText.call.kind === 'other');
    // Commands that act on what only the editor sees are unreadable calls: asked about.
    for (const commandId of ['workbench.action.terminal.runSelectedText', 'workbench.action.terminal.runActiveFile', 'deleteFile', 'moveFileToTrash']) {
      const p = parsePayload('claude-code', input('run_vscode_command', { commandId, name: commandId }));
      assert.ok(!p.ok && /which the hook cannot see/.test(p.error), commandId);
    }
    // Broken inputs are unreadable, never allowed.
    for (const [tool, args] of [['send_to_terminal', { id: 'x' }], ['create_and_run_task', { workspaceFolder: '/w', task: { label: 'x' } }], ['create_and_run_task', { workspaceFolder: '/w', task: { label: 'x', command: 'x', args: [1] } }], ['run_notebook_cell', { filePath: '/w/a.ipynb' }], ['run_vscode_command', { name: 'x' }]] as const) {
      const p = parsePayload('claude-code', input(tool, args));
      assert.equal(p.ok, false, `${tool} ${JSON.stringify(args)}`);
    }
  });

  it('a broken VS Code payload is unreadable input (asked about), not an allow', () => {
    for (const text of [
      JSON.stringify({ hookEventName: 'PreToolUse', cwd: '/w', tool_name: 'run_in_terminal', tool_input: { explanation: 'no command' } }),
      JSON.stringify({ hookEventName: 'PreToolUse', cwd: '/w', tool_name: 'create_file', tool_input: 'x' }),
      JSON.stringify({ hookEventName: 'PreToolUse', cwd: '/w', tool_name: 'multi_replace_string_in_file', tool_input: { replacements: [] } }),
      fixture('wrong-event'),
    ]) {
      const p = parsePayload('claude-code', text);
      assert.equal(p.ok, false, text);
      assert.equal(p.dialect, 'vscode');
    }
  });
});

describe("the hook's answer from the editor's outcome", () => {
  const question = (answerAs: 'claude-code' | 'gemini-cli') => ({
    agent: answerAs,
    answerAs,
    payload: '{}',
    cwd: '/w',
    strictness: 'balanced',
    findings: [],
    message: 'Blast Radius stopped this command (strictness balanced):\n- IAC001 (critical): terraform destroy',
    fallback: { stdout: 'FALLBACK\n', exitCode: 0, action: 'ask' as const },
  });

  it('confirmed is no objection, a refusal is a deny with no "ask" left, no window is the CLI\'s own answer', () => {
    assert.equal(editorAnswer(question('claude-code'), { kind: 'confirmed' }).stdout, '');
    const no = JSON.parse(editorAnswer(question('claude-code'), { kind: 'deny', reason: "not run: You answered Don't run in the editor." }).stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    assert.equal(no.hookSpecificOutput.permissionDecision, 'deny');
    assert.match(no.hookSpecificOutput.permissionDecisionReason, /You answered Don't run in the editor/);
    const forged = JSON.parse(editorAnswer(question('gemini-cli'), { kind: 'refused', why: 'an answer not signed by the editor window' }).stdout) as { decision: string; reason: string };
    assert.equal(forged.decision, 'deny');
    assert.match(forged.reason, /IAC001[\s\S]*The editor's confirmation could not be used: an answer not signed by the editor window\./);
    assert.deepEqual(editorAnswer(question('claude-code'), { kind: 'none', why: 'no window' }), { stdout: 'FALLBACK\n', exitCode: 0, action: 'ask' });
  });

  it("the agent's timeout: the option, else BLAST_RADIUS_HOOK_TIMEOUT when it leaves the dialog time, else 30 s", () => {
    assert.equal(hookTimeoutSeconds({ env: {}, hookTimeoutSeconds: 12 }), 12);
    assert.equal(hookTimeoutSeconds({ env: { BLAST_RADIUS_HOOK_TIMEOUT: '60' } }), 60);
    for (const bad of ['5', '0', '-3', 'soon', '99999']) assert.equal(hookTimeoutSeconds({ env: { BLAST_RADIUS_HOOK_TIMEOUT: bad } }), 30, bad);
    assert.equal(hookTimeoutSeconds({ env: {} }), 30);
  });
});

describe('one tool call asked by several hooks: answered once', () => {
  const call = (over: Record<string, unknown> = {}): string =>
    JSON.stringify({ timestamp: '2026-03-02T10:15:00.000Z', cwd: '/w', sessionId: 's1', hookEventName: 'PreToolUse', tool_name: 'run_in_terminal', tool_input: { command: 'terraform destroy' }, tool_use_id: 'call_1', ...over });

  it('the identity is the session, the call id, the tool and its exact input; not the time or the folder', () => {
    assert.equal(hookCallIdentity(call()), hookCallIdentity(call({ timestamp: '2026-03-02T10:15:01.000Z', cwd: '/w/sub' })));
    assert.notEqual(hookCallIdentity(call()), hookCallIdentity(call({ tool_use_id: 'call_2' })));
    assert.notEqual(hookCallIdentity(call()), hookCallIdentity(call({ tool_input: { command: 'terraform destroy -target=x' } })));
    assert.notEqual(hookCallIdentity(call()), hookCallIdentity(call({ sessionId: 's2' })));
    // Claude Code's names for the same fields.
    assert.ok(hookCallIdentity(JSON.stringify({ session_id: 's', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'x' }, tool_use_id: 'toolu_1' })));
  });
  it('no call id, or no JSON: no identity, so nothing is shared', () => {
    assert.equal(hookCallIdentity(call({ tool_use_id: undefined })), undefined);
    assert.equal(hookCallIdentity(JSON.stringify({ toolName: 'bash', toolArgs: '{"command":"x"}' })), undefined);
    assert.equal(hookCallIdentity('not json'), undefined);
  });

  it('a second ask waits for the first dialog and takes its answer; after the time to live it asks again', async () => {
    let now = 0;
    const answers = new RecentHookAnswers<string>(1000, () => now);
    let dialogs = 0;
    let answer: (v: string) => void = () => undefined;
    const dialog = (): Promise<string> => {
      dialogs++;
      return new Promise((r) => (answer = r));
    };
    const first = answers.once('k', dialog, () => true);
    const second = answers.once('k', dialog, () => true);
    answer('run-once');
    assert.deepEqual(await first, { answer: 'run-once', shared: false });
    assert.deepEqual(await second, { answer: 'run-once', shared: true });
    assert.equal(dialogs, 1);
    now = 999;
    assert.deepEqual(await answers.once('k', () => Promise.resolve('other'), () => true), { answer: 'run-once', shared: true });
    now = 1000;
    assert.deepEqual(await answers.once('k', () => Promise.resolve('asked again'), () => true), { answer: 'asked again', shared: false });
  });
  it('an answer it cannot reuse (the first hook went away), an expired wait, or no key: asked anew', async () => {
    const answers = new RecentHookAnswers<string>(60_000);
    await answers.once('k', () => Promise.resolve('abandoned'), () => true);
    assert.deepEqual(await answers.once('k', () => Promise.resolve('dont-run'), (a) => a !== 'abandoned'), { answer: 'dont-run', shared: false });
    const pending = answers.once('slow', () => new Promise<string>(() => undefined), () => true);
    void pending;
    assert.deepEqual(await answers.once('slow', () => Promise.resolve('unused'), () => true, Promise.resolve('timeout')), { answer: 'timeout', shared: true });
    let asked = 0;
    const ask = (): Promise<string> => Promise.resolve(`dialog ${++asked}`);
    await answers.once(undefined, ask, () => true);
    await answers.once(undefined, ask, () => true);
    assert.equal(asked, 2);
  });
});
