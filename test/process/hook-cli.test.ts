/**
 * `blast-radius hook <agent>` through the real CLI process: every payload under
 * test/fixtures/hooks/<agent>/ goes to `node dist/cli.js hook <agent>` on stdin, and the answer
 * must be exactly the JSON (and exit code) that agent expects. Reasons are matched by what they
 * must say (the rule, the finding, the safer way), everything else byte for byte.
 *
 * The hook runs as a child of this test, not of an agent: Claude Code calls get the environment an
 * interactive Claude Code gives its hooks, so they ask; Gemini CLI and Copilot CLI calls find no
 * agent process among their parents, so a call that would ask is denied with the reason (whether
 * they ask in a real agent run is test/unit/hook-headless.test.ts's); Cursor's are the editor's.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleHookArgs } from '../../src/cli/hook-args';
import { buildCliOnce } from '../helpers/build';
import { type Status, stopServers, waitForServer } from '../helpers/hook-server';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
/** The launcher's fast entry for `hook`; it must answer exactly as the CLI does. */
const HOOK_JS = path.join(ROOT, 'dist', 'hook.js');
type Entry = 'cli.js hook' | 'hook.js' | 'hook.js, warm server';
/** `hook.js` answers in process; `hook.js, warm server` is answered by the server an earlier call started. */
const ENTRIES: Entry[] = ['cli.js hook', 'hook.js', 'hook.js, warm server'];
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'hooks');

/** A reason text: must match, mention Blast Radius, and (for findings) say the safer way. */
class Reason {
  constructor(
    readonly re: RegExp,
    readonly safer = true,
  ) {}
}

function matchShape(actual: unknown, expected: unknown, at = '$'): void {
  if (expected instanceof Reason) {
    assert.equal(typeof actual, 'string', `${at} should be a string`);
    const s = actual as string;
    assert.match(s, /Blast Radius/, `${at}: ${s}`);
    assert.match(s, expected.re, `${at}: ${s}`);
    if (expected.safer) assert.match(s, /Safer: \S/, `${at} names no safer way: ${s}`);
    return;
  }
  if (expected && typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object', `${at} should be an object, got ${JSON.stringify(actual)}`);
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `keys of ${at}`);
    for (const [k, v] of Object.entries(expected)) matchShape((actual as Record<string, unknown>)[k], v, `${at}.${k}`);
    return;
  }
  assert.equal(actual, expected, at);
}

const GATE_CMD = new Reason(/stopped this command[\s\S]*IAC001 \(critical\): terraform destroy/);
const WARN_CMD = new Reason(/warning for this command[\s\S]*UNK001 \(medium\): /);
const SQL_WRITE = new Reason(/stopped this file write[\s\S]*SQL002 \(high\) migrations\/001\.sql:1: migration drops table users/);
const SQL_EDIT = new Reason(/stopped this edit[\s\S]*SQL002 \(high\) migrations\/000_init\.sql:2: migration drops table users/);
const SQL_PATCH_ADD = new Reason(/stopped this patch[\s\S]*SQL002 \(high\) migrations\/002\.sql:1: migration drops table accounts/);
const SQL_PATCH_EDIT = new Reason(/stopped this patch[\s\S]*SQL002 \(high\) migrations\/000_init\.sql:2: migration drops table users/);
/** A script written with a loop: the hook loads the shell grammar for it (and only for such files). */
const SCRIPT_WRITE = new Reason(/stopped this file write[\s\S]*FS001 \(critical\) scripts\/clean\.sh:4: script: Deletes your home directory/);
const UNREADABLE = new Reason(/could not read this/, false);
/** The same reason, then why this run cannot ask. */
const noAsk = (r: Reason, agent: string): Reason => new Reason(new RegExp(`${r.re.source}[\\s\\S]*\\n${agent} cannot ask you in this run \\(its process is not among the hook's parents`), r.safer);
/** The environment an interactive Claude Code session gives its hooks (2.1.332). */
const CLAUDE_ENV = { CLAUDE_CODE_ENTRYPOINT: 'cli', CLAUDE_CODE_SESSION_ATTENDED: '1' };
/** A patch sent through the shell (`apply_patch <<'EOF'`, `git apply`, `patch -p1`) is judged as the edit it makes. */
const TF_PATCH = new Reason(/stopped this command[\s\S]*TF001 \(high\): infra\/main\.tf:\d+: aws_db_instance\.main: prevent_destroy (removed|set to false)/);
/** The same removal through an agent's own edit tool. */
const TF_EDIT = new Reason(/stopped this edit[\s\S]*TF001 \(high\) infra\/main\.tf:\d+: aws_db_instance\.main: prevent_destroy (removed|set to false)/);
/** The same removal through an agent's own patch tool. */
const TF_PATCH_EDIT = new Reason(/stopped this patch[\s\S]*TF001 \(high\) infra\/main\.tf:\d+: aws_db_instance\.main: prevent_destroy (removed|set to false)/);

const claude = (decision: 'ask' | 'deny', reason: Reason) => ({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: decision, permissionDecisionReason: reason } });
const claudeWarn = (reason: Reason) => ({ systemMessage: reason, hookSpecificOutput: { hookEventName: 'PreToolUse', additionalContext: reason } });
const gemini = (decision: 'ask' | 'deny', reason: Reason) => (decision === 'ask' ? { decision, reason, systemMessage: reason } : { decision, reason });
const copilot = (decision: 'ask' | 'deny', reason: Reason) => ({ permissionDecision: decision, permissionDecisionReason: reason });
const cursorMsgs = (reason: Reason) => ({ user_message: reason, agent_message: reason, userMessage: reason, agentMessage: reason });
const cursor = (permission: 'ask' | 'deny', reason: Reason) => ({ permission, ...cursorMsgs(reason) });
const clineCancel = (reason: Reason) => ({ cancel: true, errorMessage: reason });
const opencodeDeny = (reason: Reason) => ({ decision: 'deny', reason });

/** '' means "no output at all"; an object is the exact JSON on one line. */
type Expected = '' | Record<string, unknown>;

const EXPECTED: Record<string, Record<string, Expected>> = {
  'claude-code': {
    'bash-allow': '',
    'bash-warn': claudeWarn(WARN_CMD),
    'bash-gate': claude('ask', GATE_CMD),
    'write-gate': claude('ask', SQL_WRITE),
    'write-script-gate': claude('ask', SCRIPT_WRITE),
    'edit-gate': claude('ask', SQL_EDIT),
    'multiedit-gate': claude('ask', SQL_EDIT),
    'edit-allow': '',
    'bash-git-apply-gate': claude('ask', TF_PATCH),
    'bash-patch-allow': '',
    'read-other': '',
    'wrong-event': claude('ask', UNREADABLE),
    'missing-input': claude('ask', UNREADABLE),
    'not-json': claude('ask', UNREADABLE),
  },
  codex: {
    'bash-allow': '',
    'bash-warn': { systemMessage: WARN_CMD },
    // Codex cannot ask: gate and unreadable input are denied.
    'bash-gate': claude('deny', GATE_CMD),
    'patch-add-gate': claude('deny', SQL_PATCH_ADD),
    'patch-update-gate': claude('deny', SQL_PATCH_EDIT),
    'patch-stale-gate': claude('deny', SQL_PATCH_EDIT),
    'patch-allow': '',
    // Codex's shell tool (`Bash`) with apply_patch in each spelling Codex sends, and git apply.
    'bash-heredoc-patch-gate': claude('deny', TF_PATCH),
    'bash-cd-heredoc-patch-gate': claude('deny', TF_PATCH),
    'bash-lc-patch-gate': claude('deny', TF_PATCH),
    'bash-argv-patch-gate': claude('deny', TF_PATCH),
    'shell-argv-patch-gate': claude('deny', TF_PATCH),
    'bash-git-apply-gate': claude('deny', TF_PATCH),
    'bash-heredoc-patch-allow': '',
    'mcp-other': '',
    'not-json': claude('deny', UNREADABLE),
  },
  'gemini-cli': {
    'shell-allow': {},
    'shell-warn': { systemMessage: WARN_CMD },
    'shell-gate': gemini('deny', noAsk(GATE_CMD, 'Gemini CLI')),
    'shell-patch-gate': gemini('deny', noAsk(TF_PATCH, 'Gemini CLI')),
    'write-gate': gemini('deny', noAsk(SQL_WRITE, 'Gemini CLI')),
    'replace-gate': gemini('deny', noAsk(SQL_EDIT, 'Gemini CLI')),
    'read-other': {},
    'not-json': gemini('deny', noAsk(UNREADABLE, 'Gemini CLI')),
  },
  'copilot-cli': {
    'bash-allow': '',
    'bash-warn': { type: 'progress', message: WARN_CMD },
    'bash-gate': copilot('deny', noAsk(GATE_CMD, 'GitHub Copilot CLI')),
    'bash-apply-patch-gate': copilot('deny', noAsk(TF_PATCH, 'GitHub Copilot CLI')),
    'create-gate': copilot('deny', noAsk(SQL_WRITE, 'GitHub Copilot CLI')),
    'edit-gate': copilot('deny', noAsk(SQL_EDIT, 'GitHub Copilot CLI')),
    'pascal-gate': copilot('deny', noAsk(GATE_CMD, 'GitHub Copilot CLI')),
    'view-other': '',
    'bad-args': copilot('deny', noAsk(UNREADABLE, 'GitHub Copilot CLI')),
    'not-json': copilot('deny', noAsk(UNREADABLE, 'GitHub Copilot CLI')),
  },
  cursor: {
    'shell-allow': {},
    'shell-warn': cursorMsgs(WARN_CMD),
    'shell-gate': cursor('ask', GATE_CMD),
    'shell-apply-patch-gate': cursor('ask', TF_PATCH),
    'shell-gate-empty-cwd': cursor('ask', GATE_CMD),
    'mcp-other': {},
    'missing-command': cursor('ask', UNREADABLE),
    'not-json': cursor('ask', UNREADABLE),
  },
  // Cline and opencode cannot ask: gate-level calls and unreadable input are stopped.
  cline: {
    'run-commands-allow': { cancel: false },
    'run-commands-warn': { cancel: false, contextModification: WARN_CMD },
    'run-commands-gate': clineCancel(GATE_CMD),
    'run-commands-structured-gate': clineCancel(GATE_CMD),
    'editor-create-gate': clineCancel(SQL_WRITE),
    'editor-replace-gate': clineCancel(SQL_EDIT),
    'editor-insert-gate': clineCancel(SQL_EDIT),
    'editor-allow': { cancel: false },
    'apply-patch-gate': clineCancel(SQL_PATCH_EDIT),
    'extension-execute-gate': clineCancel(GATE_CMD),
    'extension-write-gate': clineCancel(SQL_WRITE),
    // replace_in_file's SEARCH/REPLACE blocks, applied to the file as Cline applies them.
    'extension-replace-gate': clineCancel(SQL_EDIT),
    'extension-replace-trimmed-gate': clineCancel(SQL_EDIT),
    'extension-replace-legacy-gate': clineCancel(TF_EDIT),
    'extension-replace-allow': { cancel: false },
    'extension-replace-unfinished': clineCancel(UNREADABLE),
    'read-other': { cancel: false },
    'missing-tool': clineCancel(UNREADABLE),
    'not-json': clineCancel(UNREADABLE),
  },
  opencode: {
    'bash-allow': {},
    'bash-warn': { decision: 'warn', message: WARN_CMD },
    'bash-gate': opencodeDeny(GATE_CMD),
    'bash-workdir-gate': opencodeDeny(GATE_CMD),
    'write-gate': opencodeDeny(SQL_WRITE),
    'edit-gate': opencodeDeny(SQL_EDIT),
    'edit-allow': {},
    'apply-patch-gate': opencodeDeny(TF_PATCH_EDIT),
    'read-other': {},
    'bad-args': opencodeDeny(UNREADABLE),
    'not-json': opencodeDeny(UNREADABLE),
  },
};

/** What each agent gets for a gate at strict strictness: a deny, in its own words. */
const STRICT_GATE: Record<string, Expected> = {
  'claude-code': claude('deny', new Reason(/strictness strict[\s\S]*IAC001/)),
  codex: claude('deny', new Reason(/strictness strict[\s\S]*IAC001/)),
  'gemini-cli': gemini('deny', new Reason(/strictness strict[\s\S]*IAC001/)),
  'copilot-cli': copilot('deny', new Reason(/strictness strict[\s\S]*IAC001/)),
  cursor: cursor('deny', new Reason(/strictness strict[\s\S]*IAC001/)),
  cline: clineCancel(new Reason(/strictness strict[\s\S]*IAC001/)),
  opencode: opencodeDeny(new Reason(/strictness strict[\s\S]*IAC001/)),
};

const GATE_FIXTURE: Record<string, string> = { 'claude-code': 'bash-gate', codex: 'bash-gate', 'gemini-cli': 'shell-gate', 'copilot-cli': 'bash-gate', cursor: 'shell-gate', cline: 'run-commands-gate', opencode: 'bash-gate' };

describe('hook: the real CLI answers each agent in its own format', () => {
  let tmp = '';
  let ws = '';
  let env: NodeJS.ProcessEnv = {};

  before(function () {
    this.timeout(120_000);
    buildCliOnce();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'br-hook-'));
    ws = path.join(tmp, 'ws');
    mkdirSync(path.join(ws, 'migrations'), { recursive: true });
    writeFileSync(path.join(ws, 'README.md'), 'Hello\n');
    writeFileSync(path.join(ws, 'migrations', '000_init.sql'), 'ALTER TABLE users ADD COLUMN name text;\n-- end\n');
    mkdirSync(path.join(ws, 'infra'));
    writeFileSync(path.join(ws, 'infra', 'main.tf'), 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n');
    const home = path.join(tmp, 'home');
    mkdirSync(home);
    // An empty home and config: no user policy, so strictness is the default (balanced).
    env = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share') };
  });
  after(async () => {
    await stopServers(cacheDir());
    rmSync(tmp, { recursive: true, force: true });
  });

  let warmCalls = 0;
  let warmStart: Status | undefined;
  const cacheDir = (): string => path.join(env.HOME ?? '', '.cache', 'blast-radius');
  before(async function () {
    this.timeout(60_000);
    // A first call starts the server; the "warm server" runs below are then answered by it.
    run('claude-code', JSON.stringify({ session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'terraform destroy' } }), [], {}, 'hook.js, warm server');
    warmStart = (await waitForServer(cacheDir())).status;
    warmCalls = 0;
  });

  function run(agent: string, input: string, args: string[] = [], extraEnv: NodeJS.ProcessEnv = {}, entry: Entry = 'cli.js hook') {
    const argv = entry === 'cli.js hook' ? [CLI, 'hook', agent, ...args] : [HOOK_JS, agent, ...args];
    if (entry === 'hook.js, warm server' && simpleHookArgs([agent, ...args]) && Buffer.byteLength(input) <= 16 * 1024 * 1024) warmCalls++;
    const server = entry === 'hook.js, warm server' ? {} : { BLAST_RADIUS_HOOK_SERVER: 'off' };
    const agentEnv = agent === 'claude-code' ? CLAUDE_ENV : {};
    const r = spawnSync(process.execPath, argv, { cwd: ws, input, env: { ...env, ...agentEnv, ...server, ...extraEnv }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.error) throw r.error;
    return r;
  }

  function payload(agent: string, name: string): string {
    const dir = path.join(FIXTURES, agent);
    const file = readdirSync(dir).find((f) => f === `${name}.json` || f === `${name}.txt`);
    assert.ok(file, `fixture ${agent}/${name} missing`);
    return readFileSync(path.join(dir, file), 'utf8').replaceAll('__WORKSPACE__', ws.replaceAll('\\', '\\\\'));
  }

  function check(stdout: string, expected: Expected): void {
    if (expected === '') {
      assert.equal(stdout, '', `expected no output, got ${stdout}`);
      return;
    }
    assert.ok(stdout.endsWith('\n') && stdout.indexOf('\n') === stdout.length - 1, `one line of JSON expected, got ${JSON.stringify(stdout)}`);
    matchShape(JSON.parse(stdout), expected);
  }

  for (const [agent, cases] of Object.entries(EXPECTED)) {
    describe(agent, () => {
      it('has a fixture for every expectation and an expectation for every fixture', () => {
        const names = readdirSync(path.join(FIXTURES, agent)).map((f) => f.replace(/\.(json|txt)$/, '')).sort();
        assert.deepEqual(names, Object.keys(cases).sort());
      });
      for (const entry of ENTRIES) {
        for (const [name, expected] of Object.entries(cases)) {
          it(`${entry}: ${name} → ${expected === '' ? 'no objection (empty)' : JSON.stringify(expected, (_k, v: unknown) => (v instanceof Reason ? '<reason>' : v))}`, () => {
            const r = run(agent, payload(agent, name), [], {}, entry);
            assert.equal(r.status, 0, r.stderr);
            check(r.stdout, expected);
            if (name.includes('not-json') || name.includes('missing') || name.includes('wrong') || name.includes('bad-args')) {
              assert.match(r.stderr, new RegExp(`blast-radius hook ${agent}: .+`), 'a clear message on stderr');
            }
          });
        }
      }
      it('gate at strict strictness: deny (flag)', () => {
        const r = run(agent, payload(agent, GATE_FIXTURE[agent]), ['--strictness', 'strict']);
        assert.equal(r.status, 0, r.stderr);
        check(r.stdout, STRICT_GATE[agent]);
      });
      it('gate at paranoid strictness: deny (BLAST_RADIUS_STRICTNESS only tightens)', () => {
        const r = run(agent, payload(agent, GATE_FIXTURE[agent]), [], { BLAST_RADIUS_STRICTNESS: 'paranoid' });
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /strictness paranoid/);
        assert.match(r.stdout, agent === 'cline' ? /"cancel":true/ : /"deny"/);
      });
      it('gate at relaxed strictness: still asks where the agent can ask (critical is gate-level)', () => {
        const r = run(agent, payload(agent, GATE_FIXTURE[agent]), ['--strictness', 'relaxed']);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, agent === 'claude-code' || agent === 'cursor' ? /"ask"/ : agent === 'cline' ? /"cancel":true/ : /"deny"/);
      });
    });
  }

  /**
   * Windsurf's Cascade reads the exit code alone: 2 blocks the action and hands the agent standard
   * error, anything else lets it run with standard output shown. So the answer here is an exit
   * code, the reason on stderr for a stop and the warning on stdout.
   */
  describe('windsurf (exit codes)', () => {
    type WindsurfExpected = { exit: 0; stdout: '' | Reason } | { exit: 2; stderr: Reason };
    const ok: WindsurfExpected = { exit: 0, stdout: '' };
    const stop = (r: Reason): WindsurfExpected => ({ exit: 2, stderr: r });
    const CASES: Record<string, WindsurfExpected> = {
      'run-command-allow': ok,
      'run-command-warn': { exit: 0, stdout: WARN_CMD },
      'run-command-gate': stop(GATE_CMD),
      'run-command-patch-gate': stop(TF_PATCH),
      'write-code-edit-gate': stop(SQL_EDIT),
      'write-code-create-gate': stop(SQL_WRITE),
      'write-code-allow': ok,
      'read-code-other': ok,
      'mcp-other': ok,
      'missing-info': stop(UNREADABLE),
      'not-json': stop(UNREADABLE),
    };
    const matches = (text: string, r: Reason): void => {
      assert.match(text, r.re);
      assert.match(text, /Blast Radius/);
      if (r.safer) assert.match(text, /Safer: \S/, `names no safer way: ${text}`);
    };
    it('has a fixture for every expectation and an expectation for every fixture', () => {
      const names = readdirSync(path.join(FIXTURES, 'windsurf')).filter((f) => f !== 'SOURCES.md').map((f) => f.replace(/\.(json|txt)$/, '')).sort();
      assert.deepEqual(names, Object.keys(CASES).sort());
    });
    for (const entry of ENTRIES) {
      for (const [name, want] of Object.entries(CASES)) {
        it(`${entry}: ${name} → exit ${want.exit}`, () => {
          const r = run('windsurf', payload('windsurf', name), [], {}, entry);
          assert.equal(r.status, want.exit, r.stderr);
          if (want.exit === 2) {
            assert.equal(r.stdout, '');
            matches(r.stderr, want.stderr);
          } else if (want.stdout === '') {
            assert.equal(r.stdout, '');
          } else {
            matches(r.stdout, want.stdout);
          }
          if (name === 'not-json' || name === 'missing-info') assert.match(r.stderr, /blast-radius hook windsurf: .+/, 'a clear message on stderr');
        });
      }
    }
    it('gate at strict strictness: blocked, naming the strictness', () => {
      const r = run('windsurf', payload('windsurf', 'run-command-gate'), ['--strictness', 'strict']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /strictness strict[\s\S]*IAC001/);
    });
    it('gate at relaxed strictness: still blocked (Windsurf cannot ask)', () => {
      const r = run('windsurf', payload('windsurf', 'run-command-gate'), ['--strictness', 'relaxed']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /IAC001/);
    });
  });

  describe('huge input', () => {
    const MB = 1024 * 1024;
    it('a 1 MB command that starts with rm -rf /: asked about, in bounded time', function () {
      this.timeout(30_000);
      const command = `rm -rf / ; echo ${'a'.repeat(MB)}`;
      const t0 = Date.now();
      const r = run('claude-code', JSON.stringify({ hook_event_name: 'PreToolUse', cwd: ws, tool_name: 'Bash', tool_input: { command } }));
      const ms = Date.now() - t0;
      assert.equal(r.status, 0, r.stderr);
      check(r.stdout, claude('ask', new Reason(/FS001 \(critical\)/)));
      assert.ok(ms < 15_000, `took ${ms} ms`);
    });
    it('a 1 MB harmless command: not waved through unread (too long to analyse fully → warn)', function () {
      this.timeout(30_000);
      const r = run('gemini-cli', JSON.stringify({ hook_event_name: 'BeforeTool', cwd: ws, tool_name: 'run_shell_command', tool_input: { command: `echo ${'a'.repeat(MB)}` } }));
      assert.equal(r.status, 0, r.stderr);
      check(r.stdout, { systemMessage: new Reason(/UNK001 \(medium\)[\s\S]*too long/) });
    });
    for (const entry of ENTRIES) {
      it(`${entry}: input over 16 MB: ask (here: deny, no agent can ask), with the reason on stderr`, function () {
        this.timeout(30_000);
        const r = run('copilot-cli', JSON.stringify({ toolName: 'bash', toolArgs: { command: `echo ${'a'.repeat(17 * MB)}` } }), [], {}, entry);
        assert.equal(r.status, 0, r.stderr);
        check(r.stdout, copilot('deny', noAsk(new Reason(/larger than/, false), 'GitHub Copilot CLI')));
        assert.match(r.stderr, /larger than/);
      });
    }
    it('a 1 MB file write: judged, answered', function () {
      this.timeout(30_000);
      const content = `DROP TABLE users;\n${'-- filler\n'.repeat(MB / 10)}`;
      const r = run('claude-code', JSON.stringify({ hook_event_name: 'PreToolUse', cwd: ws, tool_name: 'Write', tool_input: { file_path: path.join(ws, 'migrations', '001.sql'), content } }));
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /"permissionDecision":"ask"/);
    });
  });

  describe('usage', () => {
    for (const entry of ENTRIES) {
      it(`${entry}: an unknown agent is a usage error (64) naming the agents`, () => {
        const r = run('aider', '{}', [], {}, entry);
        assert.equal(r.status, 64);
        assert.match(r.stderr, /unknown agent "aider"; expected one of claude-code, codex, gemini-cli, copilot-cli, cursor, cline, opencode/);
      });
    }
    it('hook.js with --strictness still takes the fast path for everyday commands, the CLI for the rest', () => {
      const allow = run('claude-code', payload('claude-code', 'bash-allow'), ['--strictness', 'paranoid'], {}, 'hook.js');
      assert.equal(allow.status, 0);
      assert.equal(allow.stdout, '');
      const gate = run('claude-code', payload('claude-code', 'bash-gate'), ['--strictness=paranoid'], {}, 'hook.js');
      assert.match(gate.stdout, /"deny"/);
    });
    it('hook --help prints the decisions', () => {
      const r = spawnSync(process.execPath, [CLI, 'help', 'hook'], { encoding: 'utf8', env });
      assert.equal(r.status, 0);
      assert.match(r.stdout, /gate +ask a human/);
    });
  });

  describe('the warm server', () => {
    it('answered every "hook.js, warm server" call above (one server, its count up by exactly those calls)', async () => {
      const now = (await waitForServer(cacheDir(), 5000)).status;
      assert.ok(warmStart);
      assert.ok(warmCalls >= 40, `${warmCalls} calls`);
      assert.equal(now.pid, warmStart.pid);
      assert.equal(now.served, warmStart.served + warmCalls);
    });
  });
});
