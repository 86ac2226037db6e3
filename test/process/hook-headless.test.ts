/**
 * Issue 12, item 4: `gemini -p … --yolo` with our hook never finished, because the hook answered
 * "ask" and headless Gemini has nobody to ask. Here stand-in agents, laid out and started as the
 * real ones are (…/gemini-cli/bundle/gemini.js run by node; a binary named `copilot`;
 * …/cursor-agent/versions/<v>/index.js), run the real dist/hook.js through `sh -c`, as agents run
 * hooks, with their stdio on pipes or on a terminal (util-linux `script`). A gate-level call must
 * be denied, with the reason, where the run cannot ask, and asked where it can, both when hook.js
 * answers by itself and when the warm server answers for it (reading the caller's parents, not
 * its own). The real agents themselves are run by the real-agent suite.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCliOnce } from '../helpers/build';
import { stopServers, waitForServer } from '../helpers/hook-server';

const ROOT = path.resolve(__dirname, '..', '..');
const HOOK_JS = path.join(ROOT, 'dist', 'hook.js');
const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;

(hasScript ? describe : describe.skip)('hooks where the agent cannot ask: denied with the reason, never an "ask" nobody answers', function () {
  this.timeout(120_000);
  let tmp = '';
  let ws = '';
  let home = '';
  let fakeAgent = '';
  const bin: Record<'gemini' | 'copilot' | 'cursor', string[]> = { gemini: [], copilot: [], cursor: [] };

  before(function () {
    this.timeout(180_000);
    buildCliOnce();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'br-headless-'));
    ws = path.join(tmp, 'ws');
    home = path.join(tmp, 'home');
    mkdirSync(ws);
    mkdirSync(home);
    // The stand-in agent: sends one payload to its hook through a shell and writes the answer down.
    fakeAgent = path.join(tmp, 'agent.js');
    writeFileSync(
      fakeAgent,
      [
        "const { spawnSync } = require('child_process');",
        'const e = process.env;',
        "const cmd = `\"${process.execPath}\" \"${e.HOOK_JS}\" ${e.HOOK_AGENT}; :`;",
        "const r = spawnSync('/bin/sh', ['-c', cmd], { input: require('fs').readFileSync(e.PAYLOAD), encoding: 'utf8' });",
        "require('fs').writeFileSync(e.ANSWER, r.stdout);",
      ].join('\n'),
    );
    const gemini = path.join(tmp, 'lib', 'node_modules', '@google', 'gemini-cli', 'bundle', 'gemini.js');
    const cursor = path.join(tmp, 'share', 'cursor-agent', 'versions', '2026.09.10', 'index.js');
    for (const f of [gemini, cursor]) {
      mkdirSync(path.dirname(f), { recursive: true });
      writeFileSync(f, `require(${JSON.stringify(fakeAgent)});\n`);
    }
    // Copilot CLI is a native binary named `copilot`: here, node under that name.
    const copilot = path.join(tmp, 'bin', 'copilot');
    mkdirSync(path.dirname(copilot));
    symlinkSync(process.execPath, copilot);
    bin.gemini = [process.execPath, '--max-old-space-size=4096', gemini];
    bin.copilot = [copilot, fakeAgent];
    bin.cursor = [process.execPath, cursor];
  });
  after(async () => {
    await stopServers(path.join(home, '.cache', 'blast-radius'));
    rmSync(tmp, { recursive: true, force: true });
  });

  const payloads = {
    'gemini-cli': () => JSON.stringify({ session_id: 's', cwd: ws, hook_event_name: 'BeforeTool', tool_name: 'run_shell_command', tool_input: { command: 'terraform destroy -auto-approve' } }),
    'copilot-cli': () => JSON.stringify({ timestamp: 1, cwd: ws, toolName: 'bash', toolArgs: JSON.stringify({ command: 'terraform destroy -auto-approve' }) }),
    cursor: () => JSON.stringify({ hook_event_name: 'beforeShellExecution', command: 'terraform destroy -auto-approve', cwd: ws, workspace_roots: [ws] }),
  };

  let n = 0;
  /** Runs the stand-in `agent` with `args`, on a terminal or with pipes, and returns its hook's answer. */
  function callFrom(agent: keyof typeof payloads, args: string[], how: 'terminal' | 'pipes', server: boolean, env: NodeJS.ProcessEnv = {}): string {
    const id = ++n;
    const payload = path.join(tmp, `payload-${id}.json`);
    const answer = path.join(tmp, `answer-${id}.json`);
    writeFileSync(payload, payloads[agent]());
    const argv = [...bin[agent === 'gemini-cli' ? 'gemini' : agent === 'copilot-cli' ? 'copilot' : 'cursor'], ...args];
    const fullEnv = {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      HOOK_JS,
      HOOK_AGENT: agent,
      PAYLOAD: payload,
      ANSWER: answer,
      ...(server ? {} : { BLAST_RADIUS_HOOK_SERVER: 'off' }),
      ...env,
    };
    const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const r = how === 'terminal' ? spawnSync('script', ['-qfec', quoted, '/dev/null'], { env: fullEnv, input: '' }) : spawnSync(argv[0], argv.slice(1), { env: fullEnv, stdio: 'pipe' });
    assert.equal(r.status, 0, `${String(r.stdout)}${String(r.stderr)}`);
    assert.ok(existsSync(answer), 'the hook answered');
    return readFileSync(answer, 'utf8');
  }

  type Case = { name: string; agent: keyof typeof payloads; args: string[]; how: 'terminal' | 'pipes'; env?: NodeJS.ProcessEnv; want: RegExp };
  const ASK = { 'gemini-cli': /^\{"decision":"ask"/, 'copilot-cli': /^\{"permissionDecision":"ask"/, cursor: /^\{"permission":"ask"/ };
  const deny = (agent: keyof typeof payloads, why: string): RegExp => {
    const head = { 'gemini-cli': '\\{"decision":"deny","reason":', 'copilot-cli': '\\{"permissionDecision":"deny","permissionDecisionReason":', cursor: '\\{"permission":"deny","user_message":' }[agent];
    return new RegExp(`^${head}"Blast Radius stopped this command \\(strictness balanced\\):\\\\n- IAC001 \\(critical\\)[^"]*\\\\n[^"]*cannot ask you in this run \\(${why}`);
  };
  const cases: Case[] = [
    // The issue's case, and the same from a terminal: both headless.
    { name: 'gemini -p … --yolo with no terminal', agent: 'gemini-cli', args: ['-p', 'clean up', '--yolo'], how: 'pipes', want: deny('gemini-cli', 'headless') },
    { name: 'gemini -p … --yolo started from a terminal', agent: 'gemini-cli', args: ['-p', 'clean up', '--yolo'], how: 'terminal', want: deny('gemini-cli', 'headless') },
    { name: 'gemini with no terminal and no -p (a prompt on stdin)', agent: 'gemini-cli', args: [], how: 'pipes', want: deny('gemini-cli', 'headless') },
    { name: 'gemini in CI, on a terminal', agent: 'gemini-cli', args: [], how: 'terminal', env: { CI: 'true' }, want: deny('gemini-cli', 'headless') },
    { name: 'gemini on a terminal, even --yolo: asks', agent: 'gemini-cli', args: ['--yolo'], how: 'terminal', want: ASK['gemini-cli'] },
    { name: 'copilot -p', agent: 'copilot-cli', args: ['-p', 'clean up'], how: 'pipes', want: deny('copilot-cli', 'copilot -p') },
    { name: 'copilot --yolo on a terminal', agent: 'copilot-cli', args: ['--yolo'], how: 'terminal', want: deny('copilot-cli', 'allow-all') },
    { name: 'copilot on a terminal: asks', agent: 'copilot-cli', args: [], how: 'terminal', want: ASK['copilot-cli'] },
    { name: 'cursor-agent -p', agent: 'cursor', args: ['-p', 'clean up'], how: 'terminal', want: deny('cursor', 'cursor-agent -p') },
    { name: 'cursor-agent on a terminal: asks', agent: 'cursor', args: [], how: 'terminal', want: ASK.cursor },
  ];

  for (const c of cases) {
    it(`hook.js by itself: ${c.name}`, () => {
      assert.match(callFrom(c.agent, c.args, c.how, false, c.env), c.want);
    });
  }

  it('the warm server answers each caller for its own agent process, not for itself', async () => {
    const cacheDir = path.join(home, '.cache', 'blast-radius');
    // A first call starts the server; it has no agent among its own parents (it runs detached).
    callFrom('gemini-cli', ['-p', 'x'], 'pipes', true);
    const { status: s0 } = await waitForServer(cacheDir);
    for (const c of [cases[4], cases[0], cases[7], cases[6], cases[4]]) assert.match(callFrom(c.agent, c.args, c.how, true, c.env), c.want, c.name);
    const { status: s1 } = await waitForServer(cacheDir);
    assert.equal(s1.pid, s0.pid, 'one server');
    assert.equal(s1.served, s0.served + 5, 'the server answered every call');
  });

  it('Claude Code: told from its payload and environment (no process needed)', () => {
    const destroy = (mode: string) => JSON.stringify({ session_id: 's', cwd: ws, permission_mode: mode, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'terraform destroy -auto-approve' } });
    const run = (mode: string, env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, [HOOK_JS, 'claude-code'], { input: destroy(mode), cwd: ws, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, BLAST_RADIUS_HOOK_SERVER: 'off', ...env } }).stdout;
    const interactive = { CLAUDE_CODE_ENTRYPOINT: 'cli', CLAUDE_CODE_SESSION_ATTENDED: '1' };
    assert.match(run('default', interactive), /"permissionDecision":"ask"/);
    assert.match(run('default', { CLAUDE_CODE_ENTRYPOINT: 'sdk-cli', CLAUDE_CODE_SESSION_ATTENDED: '0' }), /"permissionDecision":"deny".*Claude Code cannot ask you in this run \(claude -p/);
    assert.match(run('bypassPermissions', interactive), /"permissionDecision":"deny".*\(bypassPermissions mode .*To be asked, leave bypass mode/);
    assert.match(run('auto', interactive), /"permissionDecision":"deny".*\(auto mode\).*To be asked, switch to default mode/);
  });
});
