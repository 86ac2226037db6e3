/**
 * Agents stopped by the user (the editor's Stop Agents writes stopped.json in the user's data
 * folder): every hook call is denied with the reason "stopped by the user", in hook.js's own
 * process and through the warm hook server, everyday commands and file edits alike, and each
 * refused call is recorded for the Resume dialog. The file only ever stops: whatever it holds, it stops.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { STOP_REASON, stopFileText } from '../../src/core/stop';
import { buildCliOnce } from '../helpers/build';
import { stopServers, waitForServer } from '../helpers/hook-server';

const DIST = path.resolve(__dirname, '..', '..', 'dist');

describe('agent hooks while agents are stopped', () => {
  let tmp = '';
  let ws = '';
  let home = '';
  let stopFile = '';

  before(function () {
    this.timeout(120_000);
    buildCliOnce();
  });
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'br-hook-stopped-'));
    ws = path.join(tmp, 'ws');
    home = path.join(tmp, 'home');
    mkdirSync(ws);
    mkdirSync(home);
    stopFile = path.join(home, '.local', 'share', 'blast-radius', 'stopped.json');
  });
  afterEach(async function () {
    this.timeout(20_000);
    await stopServers(path.join(home, '.cache', 'blast-radius'));
    rmSync(tmp, { recursive: true, force: true });
  });

  const claude = (tool: string, input: Record<string, unknown>): string => JSON.stringify({ session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input });
  const calls = (): { name: string; agent: string; input: string }[] => [
    { name: 'everyday command (the fast path)', agent: 'claude-code', input: claude('Bash', { command: 'git status' }) },
    { name: 'a file write', agent: 'claude-code', input: claude('Write', { file_path: path.join(ws, 'notes.md'), content: 'hello\n' }) },
    { name: 'another tool', agent: 'claude-code', input: claude('Read', { file_path: path.join(ws, 'notes.md') }) },
    { name: 'Codex', agent: 'codex', input: claude('Bash', { command: 'ls' }) },
    { name: 'Gemini CLI', agent: 'gemini-cli', input: JSON.stringify({ hook_event_name: 'BeforeTool', cwd: ws, tool_name: 'run_shell_command', tool_input: { command: 'npm test' } }) },
    { name: 'Cursor', agent: 'cursor', input: JSON.stringify({ hook_event_name: 'beforeShellExecution', command: 'echo hi', cwd: ws }) },
    { name: 'unreadable', agent: 'copilot-cli', input: 'not json' },
  ];

  function hookJs(agent: string, input: string, env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string } {
    const r = spawnSync(process.execPath, [path.join(DIST, 'hook.js'), agent], { cwd: ws, input, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, ...env } });
    if (r.error) throw r.error;
    return { status: r.status, stdout: r.stdout };
  }

  const denied = (stdout: string): boolean => {
    const o = JSON.parse(stdout) as Record<string, unknown> & { hookSpecificOutput?: { permissionDecision?: string } };
    const decision = o.hookSpecificOutput?.permissionDecision ?? o.decision ?? o.permissionDecision ?? o.permission;
    return decision === 'deny' && stdout.includes(STOP_REASON);
  };

  it('every call is denied with the reason, in hook.js itself; before the stop and after the file is gone they are not', function () {
    this.timeout(60_000);
    const off = { BLAST_RADIUS_HOOK_SERVER: 'off' };
    const everyday = calls()[0];
    assert.equal(hookJs(everyday.agent, everyday.input, off).stdout, '', 'allowed before the stop');
    mkdirSync(path.dirname(stopFile), { recursive: true });
    writeFileSync(stopFile, stopFileText({ since: new Date().toISOString(), by: 'editor' }));
    for (const c of calls()) {
      const r = hookJs(c.agent, c.input, off);
      assert.equal(r.status, 0, c.name);
      assert.ok(denied(r.stdout), `${c.name}: ${r.stdout}`);
    }
    // Whatever the file holds, it stops.
    writeFileSync(stopFile, '{"stopped": false}');
    assert.ok(denied(hookJs(everyday.agent, everyday.input, off).stdout), 'an edited file still stops');
    const recorded = readFileSync(path.join(path.dirname(stopFile), 'stopped-calls.jsonl'), 'utf8').trim().split('\n');
    assert.equal(recorded.length, calls().length + 1);
    assert.match(recorded[0], /"agent":"claude-code","what":"git status"/);
    // `hooks status` says so first, and in its JSON.
    const status = (...args: string[]): string => spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'hooks', 'status', ...args], { cwd: ws, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home } }).stdout;
    assert.match(status().split('\n')[0], /^AGENTS STOPPED by the user: every agent hook call is denied \(~\/\.local\/share\/blast-radius\/stopped\.json\)/);
    assert.equal((JSON.parse(status('--format', 'json')) as { agentsStopped: { file: string } }).agentsStopped.file, stopFile);
    rmSync(stopFile);
    assert.equal(hookJs(everyday.agent, everyday.input, off).stdout, '');
    assert.doesNotMatch(status(), /AGENTS STOPPED/);
    assert.equal((JSON.parse(status('--format', 'json')) as { agentsStopped: unknown }).agentsStopped, false);
  });

  it('the warm hook server sees the stop at its next call', async function () {
    this.timeout(90_000);
    const everyday = calls()[0];
    // The first call starts a server; later calls go through it.
    assert.equal(hookJs(everyday.agent, everyday.input).stdout, '');
    const { status: before } = await waitForServer(path.join(home, '.cache', 'blast-radius'));
    assert.equal(hookJs(everyday.agent, everyday.input).stdout, '');
    mkdirSync(path.dirname(stopFile), { recursive: true });
    writeFileSync(stopFile, stopFileText({ since: new Date().toISOString(), by: 'editor' }));
    for (const c of calls()) assert.ok(denied(hookJs(c.agent, c.input).stdout), c.name);
    const { status: after } = await waitForServer(path.join(home, '.cache', 'blast-radius'));
    assert.equal(after.pid, before.pid, 'the same server');
    assert.ok(after.served >= before.served + calls().length, 'the server answered them');
  });
});
