/**
 * VS Code's own agent hooks and the editor's dialog for agent hooks, with the real bundles:
 *
 * - each payload of test/fixtures/hooks/vscode/ (shapes from VS Code's and Copilot Chat's source,
 *   see SOURCES.md) through the hooks VS Code runs (Claude Code's, Copilot CLI's), answered in the
 *   format VS Code reads;
 * - a hook call asking an editor window over a real socket: a stand-in window (the confirm gate's
 *   own channel, GateChannel, signing as the extension does) that confirms or refuses; a foreign
 *   listener, a replayed answer, a stale entry of a dead window, another window's key, a folder no
 *   window has open, and no answer before the agent's timeout.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { EDITOR_KEY_ENV, hookCallIdentity, parseEditorAsk, RecentHookAnswers, signedText } from '../../src/core/gate/hook-editor';
import type { GateAnswer } from '../../src/core/gate/protocol';
import { evaluateBatch } from '../../src/core/edit/engine';
import { editorRegistryDir, readEditorWindows, writeEditorWindow } from '../../src/node/editor-registry';
import { GateChannel, newGateToken } from '../../src/node/gate-channel';
import { buildCliOnce } from '../helpers/build';
import { stopServers } from '../helpers/hook-server';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const HOOK_JS = path.join(ROOT, 'dist', 'hook.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'hooks', 'vscode');

type Ran = { status: number | null; stdout: string; stderr: string };

/** Runs a hook process without blocking this process (the stand-in window answers from here). */
function runHook(argv: string[], input: string, env: NodeJS.ProcessEnv, cwd: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

function decision(stdout: string): { permissionDecision?: string; permissionDecisionReason?: string } {
  if (!stdout) return {};
  return (JSON.parse(stdout) as { hookSpecificOutput?: { permissionDecision?: string; permissionDecisionReason?: string } }).hookSpecificOutput ?? {};
}

/** A stand-in for the extension's side: the gate's channel, answering hook requests signed, as terminal-gate.ts does. */
class Window {
  readonly token = newGateToken();
  readonly keys = generateKeyPairSync('ed25519');
  readonly publicKey = this.keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  answer: 'confirmed' | 'deny' | 'never' = 'confirmed';
  /** The answer lines sent, for the replay test. */
  readonly sent: string[] = [];
  asks = 0;
  /** Dialogs shown: with `shareAnswers`, a call another hook of it asked already shows none. */
  dialogs = 0;
  /** Answer the hooks of one call once, as terminal-gate.ts does (RecentHookAnswers by hookCallIdentity). */
  shareAnswers = false;
  /** How long the stand-in's dialog stays open before it is answered. */
  dialogMs = 0;
  private readonly answered = new RecentHookAnswers<'confirmed' | 'deny'>(60_000);
  lastAsk: ReturnType<typeof parseEditorAsk>;
  channel: GateChannel;
  port = 0;

  constructor() {
    this.channel = new GateChannel({
      token: this.token,
      decide: async (req, ctx) => {
        if (req.kind !== 'hook') return 'unknown';
        const ask = parseEditorAsk(req.line);
        if (!ask) return { verdict: 'deny', reason: 'unreadable' };
        this.asks++;
        this.lastAsk = ask;
        ctx.waiting();
        if (this.answer === 'never') return new Promise<GateAnswer>(() => undefined);
        const sha = createHash('sha256').update(ask.payload, 'utf8').digest('hex');
        // The window's own sharing (RecentHookAnswers.once, as terminal-gate.ts calls it); the dialog is the stand-in's.
        const identity = this.shareAnswers ? hookCallIdentity(ask.payload) : undefined;
        const dialog = (): Promise<'confirmed' | 'deny'> => {
          this.dialogs++;
          return new Promise((r) => setTimeout(() => r(this.answer === 'deny' ? 'deny' : 'confirmed'), this.dialogMs));
        };
        const { answer: verdict } = await this.answered.once(identity, dialog, () => true);
        const signature = sign(null, Buffer.from(signedText(ask.nonce, sha, verdict)), this.keys.privateKey).toString('base64');
        const a: GateAnswer = verdict === 'confirmed' ? { verdict, signature } : { verdict, signature, reason: "not run: You answered Don't run in the editor." };
        this.sent.push(`signed ${a.verdict} ${signature}${a.reason ? ` ${a.reason}` : ''}`);
        return a;
      },
    });
  }

  async listen(): Promise<void> {
    this.port = await this.channel.listen(0);
  }
}

describe('agent hooks inside VS Code', () => {
  let tmp = '';
  let ws = '';
  let home = '';
  let baseEnv: NodeJS.ProcessEnv = {};
  const cacheDir = (): string => path.join(home, '.cache', 'blast-radius');

  before(function () {
    this.timeout(120_000);
    buildCliOnce();
  });
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'br-vscode-hook-'));
    ws = path.join(tmp, 'ws');
    home = path.join(tmp, 'home');
    mkdirSync(path.join(ws, 'migrations'), { recursive: true });
    mkdirSync(path.join(ws, 'infra'));
    mkdirSync(home);
    writeFileSync(path.join(ws, 'README.md'), 'Hello\n');
    writeFileSync(path.join(ws, 'migrations', '000_init.sql'), 'ALTER TABLE users ADD COLUMN name text;\n-- end\n');
    // The notebooks run_notebook_cell's fixtures run a cell of.
    cpSync(path.join(FIXTURES, 'notebooks'), path.join(ws, 'notebooks'), { recursive: true });
    writeFileSync(path.join(ws, 'infra', 'main.tf'), 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n');
    baseEnv = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share') };
  });
  afterEach(async function () {
    this.timeout(20_000);
    await stopServers(cacheDir());
    rmSync(tmp, { recursive: true, force: true });
  });

  const payload = (name: string): string => readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8').replaceAll('__WORKSPACE__', ws);

  describe("VS Code's payloads in the hooks VS Code runs", () => {
    /** What VS Code gets: no output (no objection), or Claude Code's decision with a reason matching. */
    const EXPECTED: Record<string, '' | { decision: 'ask' | 'deny'; reason: RegExp }> = {
      'run-in-terminal-gate': { decision: 'ask', reason: /stopped this command[\s\S]*IAC001 \(critical\): terraform destroy/ },
      'run-in-terminal-allow': '',
      'create-file-gate': { decision: 'ask', reason: /stopped this file write[\s\S]*SQL002 \(high\) migrations\/001\.sql:1: migration drops table users/ },
      'replace-string-gate': { decision: 'ask', reason: /stopped this edit[\s\S]*SQL002 \(high\) migrations\/000_init\.sql:2: migration drops table users/ },
      'multi-replace-gate': { decision: 'ask', reason: /stopped this edit[\s\S]*SQL002 \(high\) migrations\/000_init\.sql:2: migration drops table users/ },
      'insert-edit-gate': { decision: 'ask', reason: /stopped this edit[\s\S]*SQL002 \(high\) migrations\/000_init\.sql:\d: migration drops table users/ },
      'apply-patch-gate': { decision: 'ask', reason: /stopped this patch[\s\S]*TF001 \(high\): infra\/main\.tf:\d+: aws_db_instance\.main: prevent_destroy (removed|set to false)|stopped this patch[\s\S]*TF001/ },
      'notebook-edit-allow': '',
      'read-file-other': '',
      'unknown-tool-other': '',
      'wrong-event': { decision: 'ask', reason: /could not read this/ },
      // VS Code 1.139's Local agent (the Copilot Chat extension runs the hooks): Claude Code's snake case.
      'copilot-chat-run-in-terminal-gate': { decision: 'ask', reason: /stopped this command[\s\S]*IAC001 \(critical\): terraform destroy/ },
      'copilot-chat-create-file-gate': { decision: 'ask', reason: /stopped this file write[\s\S]*SQL002 \(high\) migrations\/001\.sql:1: migration drops table users/ },
      // VS Code 1.139's tools that run things: judged as the command lines they run.
      'copilot-chat-send-to-terminal-gate': { decision: 'ask', reason: /stopped this command[\s\S]*IAC001 \(critical\): terraform destroy/ },
      'copilot-chat-send-to-terminal-allow': '',
      'copilot-chat-create-and-run-task-gate': { decision: 'ask', reason: /stopped this command[\s\S]*IAC001 \(critical\): terraform destroy/ },
      'copilot-chat-create-and-run-task-allow': '',
      'copilot-chat-run-vscode-command-send-sequence-gate': { decision: 'ask', reason: /stopped this command[\s\S]*IAC001 \(critical\): terraform destroy/ },
      'copilot-chat-run-vscode-command-other': '',
      // A tool of VS Code 1.139 the hook does not read: allowed, with a log line naming it.
      'copilot-chat-run-task-other': '',
      'copilot-chat-run-notebook-cell-gate': { decision: 'ask', reason: /stopped this notebook cell[\s\S]*IAC001 \(critical\): terraform destroy[\s\S]*The cell to run \(#VSC-3f9a1c2e\) is known only to the editor: every code cell of teardown\.ipynb was judged/ },
      'copilot-chat-run-notebook-cell-allow': '',
    };

    it('has a fixture for every expectation and an expectation for every fixture', () => {
      const names = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
      assert.deepEqual(names, Object.keys(EXPECTED).sort());
    });

    // Claude Code's hook (.claude/settings*.json, which VS Code reads) and Copilot CLI's (.github/hooks/*.json).
    for (const agent of ['claude-code', 'copilot-cli']) {
      for (const [name, expected] of Object.entries(EXPECTED)) {
        it(`${agent} hook: ${name} → ${expected === '' ? 'no objection' : expected.decision}`, async () => {
          const r = await runHook([CLI, 'hook', agent], payload(name), { ...baseEnv, BLAST_RADIUS_HOOK_SERVER: 'off' }, ws);
          assert.equal(r.status, 0, r.stderr);
          if (expected === '') {
            assert.equal(r.stdout, '', `expected no output, got ${r.stdout}`);
          } else {
            const d = decision(r.stdout);
            assert.equal(d.permissionDecision, expected.decision, r.stdout);
            assert.match(d.permissionDecisionReason ?? '', expected.reason);
          }
          if (name === 'unknown-tool-other') assert.match(r.stderr, /VS Code tool "mcp_github_create_issue" is not one Blast Radius reads; allowed without a look/);
          else if (name === 'copilot-chat-run-vscode-command-other') assert.match(r.stderr, /VS Code command "workbench\.action\.files\.saveAll" \(run_vscode_command\) is not one Blast Radius reads; allowed without a look/);
          else if (name === 'copilot-chat-run-task-other') assert.match(r.stderr, /VS Code tool "run_task" is not one Blast Radius reads; allowed without a look/);
          else if (name === 'notebook-edit-allow' || name.endsWith('allow') || name === 'read-file-other') assert.equal(r.stderr, '', 'an everyday call logs nothing');
        });
      }
    }
  });

  describe("VS Code 1.139's tools that run things: hook.js and its warm server answer as cli.js does", () => {
    const NEW_TOOLS = ['send-to-terminal', 'create-and-run-task', 'run-vscode-command-send-sequence', 'run-vscode-command', 'run-notebook-cell'];
    const names = readdirSync(FIXTURES).map((f) => f.replace(/\.json$/, '')).filter((n) => NEW_TOOLS.some((t) => n.startsWith(`copilot-chat-${t}-`)));

    it('the same answer from every entry, for each fixture', async function () {
      this.timeout(240_000);
      assert.equal(names.length, 8);
      for (const name of names) {
        const cli = await runHook([CLI, 'hook', 'claude-code'], payload(name), { ...baseEnv, BLAST_RADIUS_HOOK_SERVER: 'off' }, ws);
        // Twice through hook.js: the first call starts the warm server, the second is answered by it.
        for (const round of ['first', 'warm']) {
          const r = await runHook([HOOK_JS, 'claude-code'], payload(name), baseEnv, ws);
          assert.equal(r.status, cli.status, `${name} (${round})`);
          assert.equal(r.stdout, cli.stdout, `${name} (${round})`);
        }
        if (name.endsWith('-gate')) assert.match(cli.stdout, /"permissionDecision":"ask"/, name);
        else assert.equal(cli.stdout, '', name);
      }
    });
  });

  describe('a tool the hook does not read: hook.js and its warm server log it as cli.js does', () => {
    const snake = (tool: string) =>
      JSON.stringify({ timestamp: '2026-12-07T02:30:00.000Z', hook_event_name: 'PreToolUse', session_id: 's1', transcript_path: `${ws}/t.jsonl`, tool_name: tool, tool_input: { id: 'x' }, tool_use_id: 'c1', cwd: ws });
    it('run_task, kill_terminal, a browser tool and a name no agent has: allowed, each named on stderr', async function () {
      this.timeout(120_000);
      const cases: [string, RegExp][] = [
        ['run_task', /VS Code tool "run_task" is not one Blast Radius reads; allowed without a look/],
        ['kill_terminal', /VS Code tool "kill_terminal" is not one Blast Radius reads; allowed without a look/],
        ['run_playwright_code', /VS Code tool "run_playwright_code" is not one Blast Radius reads; allowed without a look/],
        ['run_tests', /Claude Code tool "run_tests" is not one Blast Radius reads; allowed without a look/],
      ];
      for (const [tool, logged] of cases) {
        const cli = await runHook([CLI, 'hook', 'claude-code'], snake(tool), { ...baseEnv, BLAST_RADIUS_HOOK_SERVER: 'off' }, ws);
        assert.equal(cli.status, 0, cli.stderr);
        assert.equal(cli.stdout, '', tool);
        assert.match(cli.stderr, logged);
        for (const round of ['first', 'warm']) {
          const r = await runHook([HOOK_JS, 'claude-code'], snake(tool), baseEnv, ws);
          assert.equal(r.status, 0, `${tool} (${round}): ${r.stderr}`);
          assert.equal(r.stdout, '', `${tool} (${round})`);
          assert.match(r.stderr, logged, `${tool} (${round})`);
        }
      }
    });
  });

  describe('the editor window answers before the tool runs', () => {
    let win: Window;
    beforeEach(async () => {
      win = new Window();
      await win.listen();
    });
    afterEach(() => win.channel.close());

    const entry = (over: Partial<{ port: number; key: string; folders: string[]; pid: number }> = {}) =>
      writeEditorWindow(editorRegistryDir(cacheDir()), { v: 1, pid: over.pid ?? 4242, port: over.port ?? win.port, requestKey: win.token.slice(0, 32), key: over.key ?? win.publicKey, folders: over.folders ?? [ws] });
    const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ ...baseEnv, [EDITOR_KEY_ENV]: win.publicKey, ...extra });

    const ENTRIES: { name: string; argv: () => string[]; env: NodeJS.ProcessEnv }[] = [
      { name: 'cli.js hook', argv: () => [CLI, 'hook', 'claude-code'], env: { BLAST_RADIUS_HOOK_SERVER: 'off' } },
      { name: 'hook.js, warm server', argv: () => [HOOK_JS, 'claude-code'], env: {} },
    ];

    for (const e of ENTRIES) {
      it(`${e.name}: a gate-level command waits for the window; Run once lets it run, Don't run refuses it with the editor's reason`, async function () {
        this.timeout(60_000);
        await entry();
        // Twice with the warm server: the first call starts it, the second is answered by it.
        for (let i = 0; i < (e.name.includes('warm') ? 2 : 1); i++) {
          win.answer = 'confirmed';
          const ok = await runHook(e.argv(), payload('run-in-terminal-gate'), env(e.env), ws);
          assert.equal(ok.status, 0, ok.stderr);
          assert.equal(ok.stdout, '', `confirmed in the editor: no objection, got ${ok.stdout}`);
        }
        assert.ok(win.lastAsk, 'the window was asked');
        assert.equal(win.lastAsk.payload, payload('run-in-terminal-gate'), 'the window reads the exact tool input');
        assert.equal(win.lastAsk.cwd, ws);
        win.answer = 'deny';
        const no = await runHook(e.argv(), payload('create-file-gate'), env(e.env), ws);
        assert.equal(no.status, 0, no.stderr);
        const d = decision(no.stdout);
        assert.equal(d.permissionDecision, 'deny');
        assert.match(d.permissionDecisionReason ?? '', /You answered Don't run in the editor/);
        // The dialog shows a file finding's score as the edit engine gives it (not "score 0").
        const sql = win.lastAsk?.findings.find((f) => f.ruleId === 'SQL002');
        const engine = evaluateBatch([{ path: 'migrations/001.sql', before: undefined, after: 'DROP TABLE users;\n' }], { ctx: { workspace: ws } }).files[0].findings.find((f) => f.ruleId === 'SQL002');
        assert.ok(sql && engine, JSON.stringify(win.lastAsk?.findings));
        assert.ok(engine.score > 0);
        assert.equal(sql.score, engine.score, 'the score the edit engine gives this finding');
      });
    }

    it('one tool call, two hooks (the project hook for VS Code and for Copilot CLI, both in .github/hooks/): one dialog, both answered from it', async function () {
      this.timeout(90_000);
      await entry();
      win.shareAnswers = true;
      win.dialogMs = 300;
      for (const agent of ['copilot-cli', 'vscode']) {
        const r = spawnSync(process.execPath, [CLI, 'hooks', 'install', agent, '--project'], { cwd: ws, env: baseEnv, encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
      }
      // What VS Code runs for one PreToolUse: every entry of every file in .github/hooks/, same input.
      const dir = path.join(ws, '.github', 'hooks');
      const commands = readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .flatMap((f) => {
          const hooks = (JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as { hooks: Record<string, { bash?: string; command?: string }[]> }).hooks;
          return Object.values(hooks).flat().map((h) => h.command ?? h.bash ?? '');
        });
      assert.equal(commands.length, 2, commands.join('\n'));
      const asVsCode = (command: string, input: string) => runHook(['-e', `require('child_process').execFileSync('/bin/sh', ['-c', ${JSON.stringify(command)}], { stdio: 'inherit' })`], input, env({ BLAST_RADIUS_HOOK_SERVER: 'off' }), ws);
      const call = payload('run-in-terminal-gate');
      // Back to back, as VS Code runs them, and at once.
      for (const together of [false, true]) {
        const shown: number = win.dialogs;
        const runs = together ? await Promise.all(commands.map((c) => asVsCode(c, call))) : [await asVsCode(commands[0], call), await asVsCode(commands[1], call)];
        for (const r of runs) {
          assert.equal(r.status, 0, r.stderr);
          assert.equal(r.stdout, '', `confirmed once in the editor: no objection from either hook, got ${r.stdout}`);
        }
        assert.equal(win.dialogs - shown, together ? 0 : 1, together ? 'answered already: no dialog' : 'one dialog for both hooks');
      }
      assert.equal(win.dialogs, 1, 'the same call (same id, tool and input) never asks again');
      // Another call (a new id), or the same id with another input, is a dialog of its own.
      const other = call.replace('"call_1"', '"call_2"');
      const borrowed = call.replace('terraform destroy -auto-approve', 'terraform destroy -auto-approve -target=aws_db_instance.main');
      win.answer = 'deny';
      for (const input of [other, borrowed]) {
        const shown: number = win.dialogs;
        const r = await asVsCode(commands[0], input);
        assert.equal(decision(r.stdout).permissionDecision, 'deny', r.stdout);
        assert.equal(win.dialogs, shown + 1);
      }
    });

    it('an allowed call never asks the window', async () => {
      await entry();
      const r = await runHook([CLI, 'hook', 'claude-code'], payload('run-in-terminal-allow'), env({ BLAST_RADIUS_HOOK_SERVER: 'off' }), ws);
      assert.equal(r.stdout, '');
      assert.equal(win.asks, 0);
    });

    it('a foreign listener on the entry\'s port cannot answer: unsigned or badly signed answers refuse the call', async () => {
      for (const line of ['allow 0123', 'confirmed x', `signed confirmed ${Buffer.alloc(64, 7).toString('base64')}`]) {
        const foreign = net.createServer((s) => {
          s.once('data', () => s.end(`wait\n${line}\n`));
        });
        await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', () => r()));
        await entry({ port: (foreign.address() as net.AddressInfo).port });
        const r = await runHook([CLI, 'hook', 'claude-code'], payload('run-in-terminal-gate'), env({ BLAST_RADIUS_HOOK_SERVER: 'off' }), ws);
        foreign.close();
        const d = decision(r.stdout);
        assert.equal(d.permissionDecision, 'deny', `${line}: ${r.stdout}`);
        assert.match(d.permissionDecisionReason ?? '', /The editor's confirmation could not be used: an answer (not signed by the editor window|whose signature is not the editor window's)/);
      }
    });

    it('a replayed answer (signed by the real window, for an earlier request) refuses the call', async () => {
      await entry();
      win.answer = 'confirmed';
      const first = await runHook([CLI, 'hook', 'claude-code'], payload('run-in-terminal-gate'), env({ BLAST_RADIUS_HOOK_SERVER: 'off' }), ws);
      assert.equal(first.stdout, '');
      const captured = win.sent[win.sent.length - 1];
      const replay = net.createServer((s) => s.once('data', () => s.end(`${captured}\n`)));
      await new Promise<void>((r) => replay.listen(0, '127.0.0.1', () => r()));
      await entry({ port: (replay.address() as net.AddressInfo).port });
      const r = await runHook([CLI, 'hook', 'claude-code'], payload('run-in-terminal-gate'), env({ BLAST_RADIUS_HOOK_SERVER: 'off' }), ws);
      replay.close();
      const d = decision(r.stdout);
      assert.equal(d.permissionDecision, 'deny', r.stdout);
      assert.match(d.permissionDecisionReason ?? '', /signature is not the editor window's/);
    });

    it("a stale entry of a dead window, another window's key, or a folder no window has open: the CLI answers as without an editor", async () => {
      const cli = async (): Promise<Ran> => runHook([CLI, 'hook', 'claude-code'], payload('run-in-terminal-gate'), env({ BLAST_RADIUS_HOOK_SERVER: 'off' }), ws);
      const dead = net.createServer();
      await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
      const deadPort = (dead.address() as net.AddressInfo).port;
      await new Promise<void>((r) => dead.close(() => r()));
      await entry({ port: deadPort });
      for (const [what, prepare] of [
        ['stale', () => Promise.resolve(undefined)],
        ['another key', async () => entry({ key: generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64') })],
        ['other folder', async () => entry({ folders: [path.join(tmp, 'elsewhere')] })],
      ] as const) {
        await prepare();
        const r = await cli();
        const d = decision(r.stdout);
        assert.equal(d.permissionDecision, 'ask', `${what}: the CLI's own answer, got ${r.stdout}`);
      }
      assert.equal(win.asks, 0);
      // No key in the environment: not started by an editor window; nothing is even looked up.
      const r = await runHook([CLI, 'hook', 'claude-code'], payload('run-in-terminal-gate'), { ...baseEnv, BLAST_RADIUS_HOOK_SERVER: 'off' }, ws);
      assert.equal(decision(r.stdout).permissionDecision, 'ask');
    });

    it('a window that lists itself removes the entries of windows whose process is gone', async () => {
      const dir = editorRegistryDir(cacheDir());
      const dead = spawnSync(process.execPath, ['-e', '0']).pid;
      await entry({ pid: dead });
      await entry({ pid: process.ppid });
      await writeEditorWindow(dir, { v: 1, pid: process.pid, port: win.port, requestKey: win.token.slice(0, 32), key: win.publicKey, folders: [ws] });
      assert.deepEqual(readEditorWindows(dir).map((w) => w.pid).sort(), [process.pid, process.ppid].sort());
    });

    it('no answer before the agent stops waiting is a refusal, told to the agent', async function () {
      this.timeout(30_000);
      await entry();
      win.answer = 'never';
      const started = Date.now();
      // The agent waits 7 s for the hook; the editor gets 5 s less.
      const r = await runHook([CLI, 'hook', 'claude-code'], payload('run-in-terminal-gate'), env({ BLAST_RADIUS_HOOK_SERVER: 'off', BLAST_RADIUS_HOOK_TIMEOUT: '7' }), ws);
      assert.ok(Date.now() - started < 7_000, 'answered before the agent gives up');
      const d = decision(r.stdout);
      assert.equal(d.permissionDecision, 'deny', r.stdout);
      assert.match(d.permissionDecisionReason ?? '', /nobody answered in the editor before the agent stops waiting/);
      assert.equal(win.asks, 1);
    });
  });
});
