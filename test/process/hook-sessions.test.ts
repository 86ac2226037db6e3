import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type CliIo, runCli } from '../../src/cli/main';
import { parsePayload } from '../../src/cli/hook-agents';
import { guardedPath } from '../../src/core/guard';
import { guardRoots } from '../../src/node/guard-roots';
import { SESSIONS_DIR, sessionFirstCall } from '../../src/node/hook-sessions';
import { dataDir, hostEnv } from '../../src/node/hooks/paths';
import { commit, git, tempDir, write } from '../helpers/git-repo';

describe('the agent session\'s first hook call: untracked files born since are the agent\'s, not lost work', () => {
  let root: string;
  let repo: string;
  let home: string;
  beforeEach(() => {
    root = tempDir('br-sessions-');
    repo = path.join(root, 'repo');
    home = path.join(root, 'home');
    git(root, 'init', '-q', repo);
    commit(repo, 'init', { 'src/a.ts': 'a\n' });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const host = () => hostEnv({ env: { HOME: home }, home });

  it('records the first call once per agent and session, and believes no time from the future or long ago', () => {
    assert.equal(sessionFirstCall(host(), 'claude-code', 's1', 1_000_000), 1_000_000);
    assert.equal(sessionFirstCall(host(), 'claude-code', 's1', 1_005_000), 1_000_000);
    assert.equal(sessionFirstCall(host(), 'codex', 's1', 1_006_000), 1_006_000);
    assert.equal(sessionFirstCall(host(), 'claude-code', 's1', 999_000), undefined, 'a first call after now is not believed');
    assert.equal(sessionFirstCall(host(), 'claude-code', 's1', 1_000_000 + 8 * 24 * 3_600_000), undefined, 'nor one more than a week old');
    assert.equal(sessionFirstCall(host(), 'claude-code', undefined), undefined);
    assert.equal(readdirSync(path.join(dataDir(host()), SESSIONS_DIR)).length, 2);
    // An agent writing its own "first call" is switching protection off.
    const record = path.join(dataDir(host()), SESSIONS_DIR, readdirSync(path.join(dataDir(host()), SESSIONS_DIR))[0]);
    assert.equal(guardedPath(record, guardRoots(host()))?.kind, 'state');
  });

  it('reads the session id of each agent\'s payload', () => {
    assert.equal(parsePayload('claude-code', JSON.stringify({ session_id: 'abc', tool_name: 'Read', tool_input: {} })).sessionId, 'abc');
    assert.equal(parsePayload('copilot-cli', JSON.stringify({ sessionId: 'def', toolName: 'view', toolArgs: '{}' })).sessionId, 'def');
    assert.equal(parsePayload('cursor', JSON.stringify({ conversation_id: 'ghi', hook_event_name: 'beforeShellExecution', command: 'ls' })).sessionId, 'ghi');
  });

  it('the hook: rm -rf of untracked files the session made is not gated; the same files, older than the session, are', async () => {
    const run = async (payload: object): Promise<string> => {
      const out: string[] = [];
      const io: CliIo = { stdout: (s) => void out.push(s), stderr: () => undefined, cwd: repo, env: { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') }, home, stdin: (async function* () { await Promise.resolve(); yield JSON.stringify(payload); })() };
      await runCli(['hook', 'claude-code'], io);
      return out.join('');
    };
    const bash = (session: string) => ({ session_id: session, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'rm -rf scratch' }, cwd: repo });
    // The session's first call (any tool), then the files it writes, a moment later.
    await run({ session_id: 'agent-1', hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: 'src/a.ts' }, cwd: repo });
    await new Promise((r) => setTimeout(r, 50));
    write(repo, 'scratch/notes.md', 'made by the agent\n');
    write(repo, 'scratch/more.md', 'also\n');
    assert.ok(existsSync(path.join(repo, 'scratch')));
    const own = await run(bash('agent-1'));
    assert.doesNotMatch(own, /"permissionDecision":"(ask|deny)"/, own);
    // A session that began after the files were written: they are someone's work.
    await new Promise((r) => setTimeout(r, 50));
    const later = await run(bash('agent-2'));
    assert.match(later, /"permissionDecision":"(ask|deny)"/);
    assert.match(later, /2 files are not in git/);
    // No session id: nothing is the agent's.
    const { session_id: _, ...anonymous } = bash('x');
    assert.match(await run(anonymous), /"permissionDecision":"(ask|deny)"/);
  });
});
