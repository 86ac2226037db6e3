/**
 * The record of agent file tool calls (tool-calls.jsonl in the user's data folder) that the
 * editor's timeline reads to name the agent and the tool behind a change on disk: hook.js appends
 * one line per file tool call it does not refuse, in its own process and through the warm hook
 * server, with the files the call will change; a shell call, a refused call and a stopped agent's
 * call add nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopFileText } from '../../src/core/stop';
import { parseToolCalls } from '../../src/core/watch/tool-calls';
import { buildCliOnce } from '../helpers/build';
import { stopServers, waitForServer } from '../helpers/hook-server';

const DIST = path.resolve(__dirname, '..', '..', 'dist');

describe('agent hooks: the record of file tool calls for the timeline', () => {
  let tmp = '';
  let ws = '';
  let home = '';
  let record = '';

  before(function () {
    this.timeout(120_000);
    buildCliOnce();
  });
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'br-hook-calls-'));
    ws = path.join(tmp, 'ws');
    home = path.join(tmp, 'home');
    mkdirSync(ws);
    mkdirSync(home);
    record = path.join(home, '.local', 'share', 'blast-radius', 'tool-calls.jsonl');
  });
  afterEach(async function () {
    this.timeout(20_000);
    await stopServers(path.join(home, '.cache', 'blast-radius'));
    rmSync(tmp, { recursive: true, force: true });
  });

  const claude = (tool: string, input: Record<string, unknown>): string => JSON.stringify({ session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input });

  function hookJs(agent: string, input: string, env: NodeJS.ProcessEnv = {}): string {
    const r = spawnSync(process.execPath, [path.join(DIST, 'hook.js'), agent], { cwd: ws, input, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, ...env } });
    if (r.error) throw r.error;
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  }

  const recorded = (): ReturnType<typeof parseToolCalls> => (existsSync(record) ? parseToolCalls(readFileSync(record, 'utf8')) : []);

  it("records a Write, an Edit and a Codex patch with their files, in hook.js's own process; a shell call and a refused or stopped call add nothing", function () {
    this.timeout(60_000);
    const off = { BLAST_RADIUS_HOOK_SERVER: 'off' };
    writeFileSync(path.join(ws, 'notes.md'), 'one\ntwo\n');
    writeFileSync(path.join(ws, 'old.txt'), 'old\n');
    const started = Date.now();
    hookJs('claude-code', claude('Write', { file_path: path.join(ws, 'src', 'new.ts'), content: 'export const x = 1;\n' }), off);
    hookJs('claude-code', claude('Edit', { file_path: 'notes.md', old_string: 'two', new_string: 'three' }), off);
    const patch = ['*** Begin Patch', '*** Add File: added.txt', '+hello', '*** Delete File: old.txt', '*** End Patch', ''].join('\n');
    hookJs('codex', JSON.stringify({ session_id: 'c', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'apply_patch', tool_input: { input: patch } }), off);
    hookJs('claude-code', claude('Bash', { command: 'rm -rf build' }), off);
    // Refused at strict: a migration dropping a table.
    hookJs('claude-code', claude('Write', { file_path: path.join(ws, 'migrations', '001.sql'), content: 'DROP TABLE users;\n' }), { ...off, BLAST_RADIUS_STRICTNESS: 'paranoid' });
    const calls = recorded();
    assert.deepEqual(
      calls.map((c) => [c.agent, c.tool, c.files]),
      [
        ['claude-code', 'Write', [path.join(ws, 'src', 'new.ts')]],
        ['claude-code', 'Edit', [path.join(ws, 'notes.md')]],
        ['codex', 'apply_patch', [path.join(ws, 'added.txt'), path.join(ws, 'old.txt')]],
      ],
    );
    assert.ok(calls.every((c) => c.time >= started && c.time <= Date.now()));
    const stopFile = path.join(home, '.local', 'share', 'blast-radius', 'stopped.json');
    writeFileSync(stopFile, stopFileText({ since: new Date().toISOString(), by: 'editor' }));
    hookJs('claude-code', claude('Write', { file_path: path.join(ws, 'later.md'), content: 'x\n' }), off);
    assert.equal(recorded().length, 3, 'a stopped call is refused and not recorded');
  });

  it('records through the warm hook server too', async function () {
    this.timeout(90_000);
    hookJs('claude-code', claude('Bash', { command: 'git status' }));
    await waitForServer(path.join(home, '.cache', 'blast-radius'));
    hookJs('claude-code', claude('Write', { file_path: path.join(ws, 'served.md'), content: 'hello\n' }));
    const { status } = await waitForServer(path.join(home, '.cache', 'blast-radius'));
    assert.ok(status.served >= 1, 'the server answered');
    assert.deepEqual(recorded().map((c) => [c.agent, c.tool, c.files]), [['claude-code', 'Write', [path.join(ws, 'served.md')]]]);
  });
});
