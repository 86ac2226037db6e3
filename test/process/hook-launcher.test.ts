/**
 * The launchers agent hooks run: the stable one `hooks install` writes and the editor extension's.
 * When the CLI or Node they point at is gone, a `hook <agent>` call must still get that agent's
 * "ask" answer (Codex, Cline, opencode: deny; Windsurf: exit 2 with the reason on stderr) in its own format, never an error exit the agent would wave through;
 * and `hook` calls go to the small hook.js entry.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOOK_AGENTS, type HookAgent } from '../../src/core/hook-answer';
import { cannotRunReason, launcherScript } from '../../src/core/launcher-script';
import { launcherText } from '../../src/node/hooks/launcher';

/** What each agent must receive for a call that cannot be checked, written out per agent. */
function expectedAnswer(agent: HookAgent, reason: string): unknown {
  switch (agent) {
    case 'claude-code':
      return { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'ask', permissionDecisionReason: reason } };
    case 'codex':
      return { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } };
    case 'gemini-cli':
      return { decision: 'ask', reason, systemMessage: reason };
    case 'copilot-cli':
      return { permissionDecision: 'ask', permissionDecisionReason: reason };
    case 'cursor':
      return { permission: 'ask', user_message: reason, agent_message: reason, userMessage: reason, agentMessage: reason };
    // Neither can ask: the call is stopped.
    case 'cline':
      return { cancel: true, errorMessage: reason };
    case 'opencode':
      return { decision: 'deny', reason };
    // Windsurf reads exit codes only: 2 stops the action and shows the agent stderr (checked apart).
    case 'windsurf':
      return undefined;
  }
}

/** Agents whose launcher answer is an exit code with the reason on stderr, not JSON on stdout. */
const EXIT_CODE_AGENTS: readonly HookAgent[] = ['windsurf'];

interface Kind {
  name: string;
  text: (node: string, cli: string) => string;
  exitCode: number;
  cliGone: (cli: string) => { stderr: RegExp; reason: string };
  nodeGone: (node: string) => { stderr: RegExp; reason: string };
}

const KINDS: Kind[] = [
  {
    name: 'the stable launcher (hooks install)',
    text: (node, cli) => launcherText('linux', node, cli),
    exitCode: 2,
    cliGone: (cli) => ({
      stderr: /^blast-radius: the CLI this launcher runs is gone \(.*\)\. Reinstall Blast Radius/m,
      reason: cannotRunReason(`the Blast Radius CLI its hook runs is gone (${cli}); reinstall Blast Radius, or remove the hook with blast-radius hooks uninstall`),
    }),
    nodeGone: (node) => ({
      stderr: /^blast-radius: Node\.js is missing: .* is gone and there is no node on PATH/m,
      reason: cannotRunReason(`Node.js is missing (${node} is gone and there is no node on PATH); install Node.js 20 or later`),
    }),
  },
  {
    name: "the editor extension's launcher",
    text: (node, cli) => launcherScript('linux', node, cli).text,
    exitCode: 127,
    cliGone: (cli) => ({
      stderr: /^blast-radius: the extension was updated or removed \(.* is gone\); open the editor once/m,
      reason: cannotRunReason(`the Blast Radius extension was updated or removed (${cli} is gone); open the editor once to refresh this launcher`),
    }),
    nodeGone: (node) => ({
      stderr: /^blast-radius: the editor's Node\.js \(.*\) is gone and there is no node on PATH/m,
      reason: cannotRunReason(`the editor's Node.js (${node}) is gone and there is no node on PATH; open the editor once to refresh this launcher`),
    }),
  },
];

const PAYLOAD = JSON.stringify({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'terraform destroy -auto-approve' } });

(process.platform === 'win32' ? describe.skip : describe)('hook launchers when the CLI or Node is missing', () => {
  let tmp: string;
  let home: string;
  let n = 0;
  beforeEach(() => {
    // A quote and a space in the path: the launcher must carry both through.
    tmp = mkdtempSync(path.join(os.tmpdir(), "br launcher 'q' "));
    home = path.join(tmp, 'home');
    mkdirSync(home);
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  function write(text: string): string {
    const file = path.join(tmp, `launcher-${n++}`);
    writeFileSync(file, text, { mode: 0o755 });
    return file;
  }

  function run(file: string, args: string[], pathVar = ''): SpawnSyncReturns<string> {
    return spawnSync(file, args, { input: PAYLOAD, env: { HOME: home, PATH: pathVar, BLAST_RADIUS_HOOK_SERVER: 'off' }, encoding: 'utf8' });
  }

  for (const kind of KINDS) {
    describe(kind.name, () => {
      it('CLI gone: each agent gets its "ask" answer (Codex: deny) on stdout, exit 0, and a line on stderr', () => {
        const cli = path.join(tmp, 'gone', 'dist', 'cli.js');
        const file = write(kind.text(process.execPath, cli));
        const want = kind.cliGone(cli);
        for (const agent of HOOK_AGENTS) {
          const r = run(file, ['hook', agent]);
          assert.match(r.stderr, want.stderr);
          if (EXIT_CODE_AGENTS.includes(agent)) {
            assert.equal(r.status, 2, agent);
            assert.equal(r.stdout, '', agent);
            assert.ok(r.stderr.split('\n').includes(want.reason), `${agent}: the reason on its own line of stderr: ${r.stderr}`);
            continue;
          }
          assert.equal(r.status, 0, `${agent}: ${r.stderr}`);
          assert.deepEqual(JSON.parse(r.stdout), expectedAnswer(agent, want.reason), agent);
          assert.equal(r.stdout.split('\n').length, 2, 'one JSON line');
        }
        // Extra arguments after the agent change nothing.
        const extra = run(file, ['hook', 'claude-code', '--strictness', 'strict']);
        assert.deepEqual(JSON.parse(extra.stdout), expectedAnswer('claude-code', want.reason));
      });

      it('Node gone and no node on PATH: the same answers, naming Node', () => {
        const dist = path.join(tmp, 'dist');
        mkdirSync(dist);
        writeFileSync(path.join(dist, 'cli.js'), 'process.exit(3)');
        const node = path.join(tmp, 'gone', 'node');
        const file = write(kind.text(node, path.join(dist, 'cli.js')));
        const want = kind.nodeGone(node);
        for (const agent of HOOK_AGENTS) {
          const r = run(file, ['hook', agent]);
          assert.match(r.stderr, want.stderr);
          if (EXIT_CODE_AGENTS.includes(agent)) {
            assert.equal(r.status, 2, agent);
            assert.ok(r.stderr.split('\n').includes(want.reason), agent);
            continue;
          }
          assert.equal(r.status, 0, `${agent}: ${r.stderr}`);
          assert.deepEqual(JSON.parse(r.stdout), expectedAnswer(agent, want.reason), agent);
        }
      });

      it('anything but a hook call for a known agent exits non-zero with nothing on stdout', () => {
        const file = write(kind.text(process.execPath, path.join(tmp, 'gone', 'cli.js')));
        for (const args of [['scan', '--staged'], ['hook', 'vim'], ['hook'], [], ['check', '--', 'hook', 'claude-code']]) {
          const r = run(file, args);
          assert.equal(r.status, kind.exitCode, args.join(' '));
          assert.equal(r.stdout, '', args.join(' '));
          assert.match(r.stderr, /^blast-radius: /);
        }
      });

      it('Node gone but node on PATH: runs the CLI with that node', () => {
        const dist = path.join(tmp, 'dist');
        const bin = path.join(tmp, 'bin');
        mkdirSync(dist);
        mkdirSync(bin);
        symlinkSync(process.execPath, path.join(bin, 'node'));
        writeFileSync(path.join(dist, 'cli.js'), 'console.log(JSON.stringify(["cli", ...process.argv.slice(2)]))');
        const file = write(kind.text(path.join(tmp, 'gone', 'node'), path.join(dist, 'cli.js')));
        const r = run(file, ['check', '--', 'ls'], bin);
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(JSON.parse(r.stdout), ['cli', 'check', '--', 'ls']);
      });

      it('routes `hook <agent>` to hook.js beside the CLI, and the rest to the CLI', () => {
        const dist = path.join(tmp, 'dist');
        mkdirSync(dist);
        const echo = (name: string): string => `console.log(JSON.stringify([${JSON.stringify(name)}, process.env.ELECTRON_RUN_AS_NODE, ...process.argv.slice(2)]))`;
        writeFileSync(path.join(dist, 'cli.js'), echo('cli'));
        const file = write(kind.text(process.execPath, path.join(dist, 'cli.js')));
        // Without hook.js (an older CLI), hook calls go to the CLI.
        assert.deepEqual(JSON.parse(run(file, ['hook', 'codex']).stdout), ['cli', '1', 'hook', 'codex']);
        writeFileSync(path.join(dist, 'hook.js'), echo('hook'));
        assert.deepEqual(JSON.parse(run(file, ['hook', 'claude-code', '--strictness', 'strict']).stdout), ['hook', '1', 'claude-code', '--strictness', 'strict']);
        assert.deepEqual(JSON.parse(run(file, ['hooks', 'status']).stdout), ['cli', '1', 'hooks', 'status']);
        assert.deepEqual(JSON.parse(run(file, ['scan', '--staged']).stdout), ['cli', '1', 'scan', '--staged']);
      });
    });
  }
});

describe('hook launchers on Windows (text)', () => {
  /** The JSON a batch `echo` line prints: `%%` is one `%`, nothing else changes in these lines. */
  const echoed = (line: string): unknown => JSON.parse(line.replace(/^echo /, '').replace(/%%/g, '%'));

  for (const [name, text, code] of [
    ['stable', launcherText('win32', 'C:\\Program Files\\nodejs\\node.exe', 'C:\\Users\\Dev\\100%\\dist\\cli.js'), 2],
    ['extension', launcherScript('win32', 'C:\\Program Files\\Code\\Code.exe', 'C:\\Users\\Dev\\100%\\dist\\cli.js').text, 127],
  ] as const) {
    it(`${name}: each agent's answer under a label the hook call jumps to`, () => {
      const lines = text.split('\r\n');
      assert.ok(!text.replace(/\r\n/g, '').includes('\n'), 'CRLF line ends only');
      for (const problem of ['br_no_cli', 'br_no_node']) {
        const start = lines.indexOf(`:${problem}`);
        assert.ok(start > 0, problem);
        assert.match(lines[start + 1], /^echo blast-radius: .* 1>&2$/);
        assert.equal(lines[start + 2], `if not "%~1"=="hook" exit /b ${code}`);
        HOOK_AGENTS.forEach((agent, i) => {
          assert.equal(lines[start + 3 + i], `if "%~2"=="${agent}" goto ${problem}_${i}`);
          const at = lines.indexOf(`:${problem}_${i}`);
          if (EXIT_CODE_AGENTS.includes(agent)) {
            assert.match(lines[at + 1], /^echo Blast Radius cannot check this call: .* 1>&2$/, agent);
            assert.equal(lines[at + 2], 'exit /b 2');
            return;
          }
          const answer = echoed(lines[at + 1]) as Record<string, unknown>;
          const reason = JSON.stringify(answer).match(/Blast Radius cannot check this call: [^"]*/)?.[0] ?? '';
          assert.match(reason, problem === 'br_no_cli' ? /C:\\\\Users\\\\Dev\\\\100%\\\\dist\\\\cli\.js/ : /node\.exe|Code\.exe/);
          assert.deepEqual(answer, expectedAnswer(agent, JSON.parse(`"${reason}"`) as string));
          assert.equal(lines[at + 2], 'exit /b 0');
        });
        assert.equal(lines[start + 3 + HOOK_AGENTS.length], `exit /b ${code}`);
      }
      assert.ok(lines.includes('if "%~1"=="hook" if exist "%BR_HOOK%" goto br_hook'));
      assert.ok(lines.includes('"%BR_NODE%" "%BR_HOOK%" %*'));
      assert.ok(lines.includes('"%BR_NODE%" "%BR_CLI%" %*'));
    });
  }
});
