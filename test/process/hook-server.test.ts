/**
 * The warm hook server (src/cli/hook-server.ts) that hook.js starts and then asks: its answers
 * are byte for byte those hook.js gives on its own, each call is judged in the caller's own
 * folder and environment, anything wrong with a server changes no answer, and a server never
 * outstays its welcome (idle, socket removed, bundles changed, told to stop).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCliOnce } from '../helpers/build';
import { gone, sockets, stopServers, waitForServer } from '../helpers/hook-server';

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = path.join(ROOT, 'dist');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${what}`);
    await sleep(100);
  }
}

describe('the warm hook server', () => {
  let tmp = '';
  let ws = '';
  let wsStrict = '';
  let home = '';
  let cacheDir = '';

  before(function () {
    this.timeout(120_000);
    buildCliOnce();
  });
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'br-hook-srv-'));
    ws = path.join(tmp, 'ws');
    wsStrict = path.join(tmp, 'ws-strict');
    home = path.join(tmp, 'home');
    cacheDir = path.join(home, '.cache', 'blast-radius');
    mkdirSync(path.join(ws, 'migrations'), { recursive: true });
    mkdirSync(wsStrict);
    mkdirSync(home);
    writeFileSync(path.join(ws, 'migrations', '000_init.sql'), 'ALTER TABLE users ADD COLUMN name text;\n');
    // A repository that raises strictness for itself.
    writeFileSync(path.join(wsStrict, '.blast-radius.json'), '{ "strictness": "strict" }\n');
  });
  afterEach(async function () {
    this.timeout(20_000);
    await stopServers(cacheDir);
    rmSync(tmp, { recursive: true, force: true });
  });

  const claude = (tool: string, input: Record<string, unknown>, cwd = ws): string => JSON.stringify({ session_id: 's', cwd, hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input });
  const calls = (): { name: string; agent: string; input: string; args?: string[] }[] => [
    { name: 'everyday', agent: 'claude-code', input: claude('Bash', { command: 'git status' }) },
    { name: 'plain words, gate', agent: 'claude-code', input: claude('Bash', { command: 'terraform destroy -auto-approve' }) },
    { name: 'needs the grammar', agent: 'codex', input: claude('Bash', { command: 'for d in `ls`; do rm -rf "/$d"; done' }) },
    { name: 'warn', agent: 'gemini-cli', input: JSON.stringify({ hook_event_name: 'BeforeTool', cwd: ws, tool_name: 'run_shell_command', tool_input: { command: 'eval "$X"' } }) },
    { name: 'file edit', agent: 'claude-code', input: claude('Edit', { file_path: path.join(ws, 'migrations', '000_init.sql'), old_string: 'text;', new_string: 'text;\nDROP TABLE users;' }) },
    { name: 'strict flag', agent: 'cursor', input: JSON.stringify({ hook_event_name: 'beforeShellExecution', command: 'kubectl delete namespace prod', cwd: ws }), args: ['--strictness', 'strict'] },
    { name: 'unreadable', agent: 'copilot-cli', input: 'not json' },
  ];

  type Ran = { status: number | null; stdout: string; stderr: string };
  function hookJs(agent: string, input: string, opts: { args?: string[]; env?: NodeJS.ProcessEnv; cwd?: string; dist?: string } = {}): Ran {
    const env = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), ...opts.env };
    const r = spawnSync(process.execPath, [path.join(opts.dist ?? DIST, 'hook.js'), agent, ...(opts.args ?? [])], { cwd: opts.cwd ?? ws, input, encoding: 'utf8', env });
    if (r.error) throw r.error;
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  const local = (agent: string, input: string, opts: { args?: string[]; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Ran => hookJs(agent, input, { ...opts, env: { ...opts.env, BLAST_RADIUS_HOOK_SERVER: 'off' } });

  it('the first call answers by itself and starts a server; the server then answers every call byte for byte as hook.js would', async function () {
    this.timeout(90_000);
    const first = calls()[1];
    assert.deepEqual(hookJs(first.agent, first.input), local(first.agent, first.input), 'first call, no server yet');
    const { status: s0 } = await waitForServer(cacheDir);
    for (const c of calls()) {
      const want = local(c.agent, c.input, { args: c.args });
      assert.equal(want.status, 0, c.name);
      assert.deepEqual(hookJs(c.agent, c.input, { args: c.args }), want, c.name);
    }
    const { status: s1 } = await waitForServer(cacheDir);
    assert.equal(s1.pid, s0.pid, 'one server');
    assert.equal(s1.served, s0.served + calls().length, 'every call was answered by the server');
    assert.equal(sockets(cacheDir).length, 1);

    // `hooks status` names it.
    const statusOf = (extra: NodeJS.ProcessEnv, ...args: string[]): string =>
      spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'hooks', 'status', ...args], { cwd: ws, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, ...extra } }).stdout;
    assert.match(statusOf({}), new RegExp(`hook server: running, pid ${s1.pid}, ${s1.served + 0} calls answered since .*, exits after 10 min idle`));
    assert.deepEqual((JSON.parse(statusOf({}, '--format', 'json')) as { hookServer: { running: { pid: number }[] } }).hookServer.running.map((r) => r.pid), [s1.pid]);
    assert.match(statusOf({ BLAST_RADIUS_HOOK_SERVER: 'off' }), /hook server: off \(BLAST_RADIUS_HOOK_SERVER=off\)/);
  });

  it('judges each call in the caller’s own folder and environment', async function () {
    this.timeout(90_000);
    const destroy = (cwd: string): string => claude('Bash', { command: 'terraform destroy -auto-approve' }, cwd);
    /** What an interactive Claude Code session gives its hooks. */
    const attended = { CLAUDE_CODE_ENTRYPOINT: 'cli', CLAUDE_CODE_SESSION_ATTENDED: '1' };
    hookJs('claude-code', destroy(ws));
    const { status: s0 } = await waitForServer(cacheDir);
    const cases: { name: string; agent: string; input: string; cwd?: string; env?: NodeJS.ProcessEnv; want: RegExp }[] = [
      { name: 'a repository that asks for strict', agent: 'claude-code', input: destroy(wsStrict), env: attended, want: /"deny"/ },
      { name: 'the same call in a plain folder', agent: 'claude-code', input: destroy(ws), env: attended, want: /"ask"/ },
      { name: 'strict from the environment', agent: 'claude-code', input: destroy(ws), env: { ...attended, BLAST_RADIUS_STRICTNESS: 'strict' }, want: /"deny"/ },
      { name: 'a Claude Code run in print mode cannot ask', agent: 'claude-code', input: destroy(ws), env: { CLAUDE_CODE_ENTRYPOINT: 'sdk-cli' }, want: /"deny".*cannot ask you in this run \(claude -p/ },
      // Cursor may send an empty cwd: the hook's own folder decides.
      { name: 'process folder: strict repository', agent: 'cursor', input: JSON.stringify({ hook_event_name: 'beforeShellExecution', command: 'terraform destroy', cwd: '' }), cwd: wsStrict, want: /"deny"/ },
      { name: 'process folder: plain', agent: 'cursor', input: JSON.stringify({ hook_event_name: 'beforeShellExecution', command: 'terraform destroy', cwd: '' }), cwd: ws, want: /"ask"/ },
      { name: 'the environment is the caller’s, not the last caller’s', agent: 'claude-code', input: destroy(ws), env: attended, want: /"ask"/ },
      { name: '… and without it, nobody is known to attend', agent: 'claude-code', input: destroy(ws), want: /"deny"/ },
    ];
    for (const c of cases) {
      const got = hookJs(c.agent, c.input, { cwd: c.cwd, env: c.env });
      assert.match(got.stdout, c.want, c.name);
      assert.deepEqual(got, local(c.agent, c.input, { cwd: c.cwd, env: c.env }), c.name);
    }
    const { status: s1 } = await waitForServer(cacheDir);
    assert.equal(s1.served, s0.served + cases.length);
  });

  it('judges each caller’s home and projects, also inside the temp folder, in process and through a server another home started', async function () {
    this.timeout(90_000);
    // Two callers share one server (one cache folder) but not a home: one home is in the temp
    // folder (HOME=/tmp/…/home, as CI images and sandboxes have it), the other is not.
    // Claude Code's calls come from an attended session, where it can ask (core/hook-asking.ts).
    const shared = { XDG_CACHE_HOME: path.join(tmp, 'cache'), CLAUDE_CODE_ENTRYPOINT: 'cli', CLAUDE_CODE_SESSION_ATTENDED: '1' };
    const elsewhere = { ...shared, HOME: '/home/br-test-user', XDG_CONFIG_HOME: path.join(tmp, 'other-config') };
    const proj = path.join(tmp, 'x', 'proj');
    mkdirSync(proj, { recursive: true });
    const sharedCache = path.join(tmp, 'cache', 'blast-radius');
    try {
      const shell = (command: string, cwd: string): string => claude('Bash', { command }, cwd);
      hookJs('claude-code', shell('terraform destroy', proj), { env: elsewhere, cwd: proj });
      const { status: s0 } = await waitForServer(sharedCache);
      // Folders the agent names: Cursor's workspace roots, Claude Code's project folder.
      const second = path.join(tmp, 'y', 'second-root');
      const clone = path.join(tmp, 'agent', 'clone');
      mkdirSync(second, { recursive: true });
      mkdirSync(clone, { recursive: true });
      const cursorShell = (command: string): string => JSON.stringify({ hook_event_name: 'beforeShellExecution', command, cwd: proj, workspace_roots: [proj, second] });
      const cases: { name: string; agent?: string; input: string; env: NodeJS.ProcessEnv; cwd?: string; want: RegExp }[] = [
        { name: 'rm -rf ~, home in the temp folder', input: shell('rm -rf ~', proj), env: shared, want: /"ask".*FS001 \(critical\): Deletes your home directory/ },
        { name: 'rm -rf $HOME, home in the temp folder', input: shell('rm -rf $HOME', proj), env: shared, want: /"ask".*FS001 \(critical\)/ },
        { name: 'cd ~ && rm -rf *, home in the temp folder', input: shell('cd ~ && rm -rf *', proj), env: shared, want: /"ask".*FS001 \(critical\)/ },
        { name: 'the home by its path: the caller’s home', input: shell(`rm -rf ${home}`, proj), env: shared, want: /"ask".*your home directory/ },
        { name: 'the same path from a caller whose home is elsewhere: a temp folder', input: shell(`rm -rf ${home}`, proj), env: elsewhere, want: /^$/ },
        { name: 'TMPDIR holding the home', input: shell(`rm -rf ${home}`, proj), env: { ...shared, TMPDIR: tmp }, want: /"ask".*your home directory/ },
        { name: 'a project beside the workspace', input: shell('rm -rf ../other-project', proj), env: elsewhere, want: /"ask".*beside the project/ },
        { name: 'the folder above the workspace', input: shell(`rm -rf ${path.dirname(proj)}`, proj), env: elsewhere, want: /"ask".*holds the project/ },
        { name: 'a clone elsewhere in the temp folder stays temp', input: shell(`rm -rf ${clone}`, proj), env: elsewhere, want: /^$/ },
        { name: 'Cursor: another workspace root', agent: 'cursor', input: cursorShell(`rm -rf ${second}`), env: elsewhere, want: /"permission":"ask".*the whole project/ },
        { name: 'Claude Code: its project folder, from a clone it moved to', input: shell(`rm -rf ${second}`, clone), env: { ...elsewhere, CLAUDE_PROJECT_DIR: second }, cwd: clone, want: /"ask".*the whole project/ },
        { name: 'Claude Code: the same call without the project folder', input: shell(`rm -rf ${second}`, clone), env: elsewhere, cwd: clone, want: /^$/ },
      ];
      for (const c of cases) {
        const agent = c.agent ?? 'claude-code';
        const got = hookJs(agent, c.input, { cwd: c.cwd ?? proj, env: c.env });
        assert.match(got.stdout.trim(), c.want, c.name);
        assert.deepEqual(got, local(agent, c.input, { cwd: c.cwd ?? proj, env: c.env }), c.name);
      }
      const { status: s1 } = await waitForServer(sharedCache);
      assert.equal(s1.pid, s0.pid, 'one server answered both homes');
      assert.equal(s1.served, s0.served + cases.length);
    } finally {
      await stopServers(sharedCache);
    }
  });

  it('calls made at the same time each get their own answer, and the first ones start a single server', async function () {
    this.timeout(90_000);
    const destroy = (cwd: string): string => claude('Bash', { command: 'for w in a b; do terraform destroy -auto-approve; done' }, cwd);
    const jobs = Array.from({ length: 12 }, (_, k) => ({ input: destroy(k % 2 ? wsStrict : ws), env: k % 3 === 0 ? { BLAST_RADIUS_STRICTNESS: 'strict' } : {} }));
    const want = jobs.map((j) => local('claude-code', j.input, { env: j.env }));
    const runAll = (): Promise<Ran[]> =>
      Promise.all(
        jobs.map(
          (j) =>
            new Promise<Ran>((resolve, reject) => {
              const env = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), ...j.env };
              const child = spawn(process.execPath, [path.join(DIST, 'hook.js'), 'claude-code'], { cwd: ws, env });
              let stdout = '';
              let stderr = '';
              child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
              child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
              child.on('error', reject);
              child.on('close', (code) => resolve({ status: code, stdout, stderr }));
              child.stdin.end(j.input);
            }),
        ),
      );
    // No server yet: all answer by themselves, and only one server is started.
    assert.deepEqual(await runAll(), want, 'without a server');
    const first = await waitForServer(cacheDir);
    await sleep(1000);
    assert.equal(sockets(cacheDir).length, 1);
    assert.equal((await waitForServer(cacheDir)).status.pid, first.status.pid, 'one server');
    // With it: each answer is its caller's, however the calls interleave.
    assert.deepEqual(await runAll(), want, 'through the server');
    const after = await waitForServer(cacheDir);
    assert.equal(after.status.served, first.status.served + jobs.length);
  });

  it('a socket left by a killed server changes no answer, and a new server takes its place', async function () {
    this.timeout(90_000);
    const c = calls()[2];
    hookJs(c.agent, c.input);
    const { sock, status: s0 } = await waitForServer(cacheDir);
    process.kill(s0.pid, 'SIGKILL');
    await until('the killed server is gone', () => gone(s0.pid), 10_000);
    assert.ok(existsSync(sock), 'the dead server left its socket');
    assert.deepEqual(hookJs(c.agent, c.input), local(c.agent, c.input));
    const { sock: sock2, status: s1 } = await waitForServer(cacheDir);
    assert.equal(sock2, sock);
    assert.notEqual(s1.pid, s0.pid);
    assert.deepEqual(hookJs(c.agent, c.input), local(c.agent, c.input));
  });

  for (const fake of [
    { name: 'answers nonsense', code: "c.end('{\"v\":1,\"ok\":true,\"op\":\"hook\",\"stdout\":7}')" },
    { name: 'hangs up without a word', code: 'c.destroy()' },
    { name: 'answers another protocol version', code: 'c.end(JSON.stringify({ v: 99, ok: true, op: "hook", stdout: "", stderr: "", exitCode: 0 }))' },
  ]) {
    it(`something on the socket that ${fake.name} changes no answer`, async function () {
      this.timeout(90_000);
      hookJs('claude-code', calls()[0].input);
      const { sock } = await waitForServer(cacheDir);
      await stopServers(cacheDir);
      await until('the socket is removed', () => !existsSync(sock), 10_000);
      const script = `const net = require('net'); net.createServer({ allowHalfOpen: true }, (c) => c.on('data', () => {}).on('end', () => { ${fake.code}; })).listen(${JSON.stringify(sock)}, () => process.stdout.write('up'));`;
      const impostor = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      try {
        await new Promise<void>((resolve) => impostor.stdout.once('data', () => resolve()));
        for (const c of calls()) assert.deepEqual(hookJs(c.agent, c.input, { args: c.args }), local(c.agent, c.input, { args: c.args }), c.name);
      } finally {
        impostor.kill('SIGKILL');
      }
    });
  }

  it('exits when idle and when told to stop, removing its socket', async function () {
    this.timeout(90_000);
    hookJs('claude-code', calls()[1].input, { env: { BLAST_RADIUS_HOOK_SERVER_IDLE: '1' } });
    const idle = await waitForServer(cacheDir);
    await until('the idle server exits', () => gone(idle.status.pid) && !existsSync(idle.sock), 15_000);

    // A server removes its start marker once it listens, so the next call may start another at once.
    hookJs('claude-code', calls()[1].input);
    const stopped = await waitForServer(cacheDir);
    await stopServers(cacheDir);
    await until('the stopped server exits', () => gone(stopped.status.pid) && !existsSync(stopped.sock), 10_000);
  });

  it('exits when its socket is removed, or when the bundles it was started from change', async function () {
    this.timeout(90_000);
    // A copy of the bundles, to change them under the server.
    const dist = path.join(tmp, 'dist');
    cpSync(DIST, dist, { recursive: true, filter: (src) => !src.endsWith('.vsix') });
    const c = calls()[0];
    hookJs(c.agent, c.input, { dist });
    const a = await waitForServer(cacheDir);
    unlinkSync(a.sock);
    await until('the server whose socket was removed exits', () => gone(a.status.pid), 20_000);

    hookJs(c.agent, c.input, { dist });
    const b = await waitForServer(cacheDir);
    const core = path.join(dist, 'engine.js');
    const later = new Date(Date.now() + 5000);
    utimesSync(core, later, later);
    await until('the server whose bundles changed exits', () => gone(b.status.pid) && !existsSync(b.sock), 20_000);
    // The changed bundles get a server of their own, under another name.
    assert.deepEqual(hookJs(c.agent, c.input, { dist }), local(c.agent, c.input));
    const n = await waitForServer(cacheDir);
    assert.notEqual(n.sock, b.sock);
  });

  it('BLAST_RADIUS_HOOK_SERVER=off neither asks nor starts a server', async function () {
    this.timeout(30_000);
    for (const c of calls()) local(c.agent, c.input, { args: c.args });
    await sleep(1500);
    assert.deepEqual(sockets(cacheDir), []);
  });
});
