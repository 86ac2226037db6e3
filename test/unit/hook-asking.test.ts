/**
 * Whether the agent run that called a hook can ask (src/core/hook-asking.ts), for every agent and
 * mode: each ASK_MODES row has example runs here (payload fields, environment and the agent's
 * process as the hook sees them), and the answer each run gets. The argument lists are the ones
 * the agents' processes really have: Gemini CLI relaunches itself as
 * `node --max-old-space-size=N …/bundle/gemini.js <args>`, Copilot CLI is its native binary.
 */
import assert from 'node:assert/strict';
import { type AgentProcess, type AgentRun, ASK_MODES, askingIn, isAgentProcess, READS_PROCESS } from '../../src/core/hook-asking';
import { answerFor, CAN_ASK, HOOK_AGENT_NAMES, HOOK_AGENTS, type HookAgent, type Verdict } from '../../src/core/hook-answer';

const GEMINI = ['/usr/bin/node', '--max-old-space-size=12052', '/usr/lib/node_modules/@google/gemini-cli/bundle/gemini.js'];
const COPILOT = ['/usr/lib/node_modules/@github/copilot-linux-x64/copilot'];
const CURSOR = ['/home/u/.local/share/cursor-agent/versions/2026.09.10-fd3934a/node', '/home/u/.local/share/cursor-agent/versions/2026.09.10-fd3934a/index.js'];

const tty = (argv: string[], stdinTty = true, stdoutTty = true): AgentProcess => ({ kind: 'found', argv, stdinTty, stdoutTty });
const piped = (argv: string[]): AgentProcess => tty(argv, false, false);
const run = (r: Partial<AgentRun>): AgentRun => ({ env: {}, ...r });

/** Runs of each ASK_MODES row, as the hook sees them. */
const EXAMPLES: Record<HookAgent, Record<string, AgentRun[]>> = {
  'claude-code': {
    attended: [
      run({ env: { CLAUDE_CODE_ENTRYPOINT: 'cli', CLAUDE_CODE_SESSION_ATTENDED: '1' }, permissionMode: 'default' }),
      run({ env: { CLAUDE_CODE_ENTRYPOINT: 'cli' }, permissionMode: 'acceptEdits' }),
      run({ env: { CLAUDE_CODE_ENTRYPOINT: 'claude-vscode' }, permissionMode: 'plan' }),
      run({ env: { CLAUDE_CODE_ENTRYPOINT: 'cli' } }),
    ],
    print: [
      run({ env: { CLAUDE_CODE_ENTRYPOINT: 'sdk-cli', CLAUDE_CODE_SESSION_ATTENDED: '0' }, permissionMode: 'default' }),
      run({ env: { CLAUDE_CODE_ENTRYPOINT: 'sdk-cli' }, permissionMode: 'default' }),
      // An attended session's flag wins over an entrypoint it inherited from a parent session.
      run({ env: { CLAUDE_CODE_ENTRYPOINT: 'cli', CLAUDE_CODE_SESSION_ATTENDED: '0' } }),
    ],
    host: [run({ env: { CLAUDE_CODE_ENTRYPOINT: 'sdk-ts' }, permissionMode: 'default' }), run({ env: { CLAUDE_CODE_ENTRYPOINT: 'remote' } }), run({})],
    bypass: [run({ env: { CLAUDE_CODE_ENTRYPOINT: 'cli', CLAUDE_CODE_SESSION_ATTENDED: '1' }, permissionMode: 'bypassPermissions' })],
    auto: [run({ env: { CLAUDE_CODE_ENTRYPOINT: 'cli', CLAUDE_CODE_SESSION_ATTENDED: '1' }, permissionMode: 'auto' })],
    'no-prompts': [run({ env: { CLAUDE_CODE_ENTRYPOINT: 'cli' }, permissionMode: 'dontAsk' }), run({ env: { CLAUDE_CODE_ENTRYPOINT: 'cli' }, permissionMode: 'someNewMode' })],
  },
  codex: {
    any: [run({}), run({ env: { CI: 'true' } })],
  },
  'gemini-cli': {
    interactive: [
      run({ process: tty([...GEMINI]) }),
      run({ process: tty([...GEMINI, '--yolo']) }),
      // A positional prompt from a terminal starts the terminal UI (0.61.0).
      run({ process: tty([...GEMINI, 'fix the build']) }),
      run({ process: tty([...GEMINI, '-i', 'fix the build', '-m', 'gemini-2.5-pro']) }),
      run({ process: tty(['/opt/homebrew/bin/gemini', '--approval-mode', 'yolo']) }),
      run({ env: { CI: 'true' }, process: tty([...GEMINI, '--prompt-interactive=fix it']) }),
      run({ env: { CI: 'true', GEMINI_CLI_INTEGRATION_TEST: 'true' }, process: tty([...GEMINI]) }),
      run({ process: tty([...GEMINI, '-e', 'my-extension', '--include-directories', '../lib']) }),
    ],
    acp: [run({ process: piped([...GEMINI, '--acp']) }), run({ process: piped([...GEMINI, '--experimental-acp', '--yolo']) })],
    headless: [
      // The case: from a terminal, still headless.
      run({ process: tty([...GEMINI, '-p', 'clean up', '--yolo']) }),
      run({ process: tty([...GEMINI, '--prompt=clean up']) }),
      run({ process: tty([...GEMINI, '-yp', 'clean up']) }),
      run({ process: tty([...GEMINI, '-m', 'gemini-2.5-pro', '-p']) }),
      run({ process: piped([...GEMINI, '--yolo']) }),
      run({ process: tty([...GEMINI], false, true) }),
      run({ process: tty([...GEMINI], true, false) }),
      run({ process: tty([...GEMINI, 'a query']), env: { GITHUB_ACTIONS: 'true' } }),
      run({ process: { kind: 'found', argv: [...GEMINI] } }),
      run({ process: piped([...GEMINI, '-i', 'fix it']) }),
    ],
    unknown: [run({ process: { kind: 'absent' } }), run({ process: { kind: 'unreadable' } }), run({})],
  },
  'copilot-cli': {
    interactive: [run({ process: tty([...COPILOT]) }), run({ process: tty([...COPILOT, '-i', 'fix it', '--model', 'claude-sonnet-4.5']) }), run({ env: { COPILOT_ALLOW_ALL: 'false' }, process: tty([...COPILOT]) })],
    acp: [run({ process: piped([...COPILOT, '--acp']) })],
    prompt: [run({ process: tty([...COPILOT, '-p', 'delete things']) }), run({ process: piped([...COPILOT]) }), run({ process: tty([...COPILOT, '--prompt=x', '-s']) })],
    'allow-all': [
      run({ process: tty([...COPILOT, '--yolo']) }),
      run({ process: tty([...COPILOT, '-p', 'x', '--allow-all-tools']) }),
      run({ process: piped([...COPILOT, '--acp', '--allow-all']) }),
      run({ env: { COPILOT_ALLOW_ALL: 'true' }, process: tty([...COPILOT]) }),
    ],
    autopilot: [run({ process: tty([...COPILOT, '--autopilot']) }), run({ process: tty([...COPILOT, '--mode', 'autopilot', '-i', 'go']) })],
    sdk: [run({ process: piped([...COPILOT, '--headless', '--stdio', '--log-level', 'info']) })],
    unknown: [run({ process: { kind: 'absent' } }), run({ process: { kind: 'unreadable' } })],
  },
  cursor: {
    editor: [run({ process: { kind: 'absent' } })],
    cli: [run({ process: tty([...CURSOR]) }), run({ process: tty([...CURSOR, '--model', 'sonnet-4', 'fix the build']) })],
    'cli-print': [run({ process: tty([...CURSOR, '-p', 'fix the build']) }), run({ process: tty([...CURSOR, '--print', '--output-format', 'json', 'x']) }), run({ process: piped([...CURSOR]) })],
    'cli-force': [run({ process: tty([...CURSOR, '--force']) }), run({ process: tty([...CURSOR, '-p', 'x', '--yolo']) }), run({ process: tty([...CURSOR, '-f']) })],
    unknown: [run({ process: { kind: 'unreadable' } }), run({})],
  },
  // Neither has an "ask" in its hook answer: every run is the same.
  cline: { any: [run({}), run({ env: { CI: 'true' } })] },
  opencode: { any: [run({}), run({ env: { OPENCODE: '1' } })] },
  windsurf: { any: [run({}), run({ env: { WINDSURF_CSRF_TOKEN: 'x' } })] },
};

describe('which agent runs can ask (ASK_MODES)', () => {
  for (const agent of HOOK_AGENTS) {
    describe(agent, () => {
      it('every mode has example runs, and every example names a mode', () => {
        assert.deepEqual(Object.keys(EXAMPLES[agent]).sort(), ASK_MODES[agent].map((m) => m.id).sort());
      });
      for (const mode of ASK_MODES[agent]) {
        it(`${mode.id}: ${mode.asks ? 'asks' : 'cannot ask'} (${mode.run})`, () => {
          assert.ok(mode.source && mode.seen && mode.effect, 'a source, what is read, and what "ask" does');
          const runs = EXAMPLES[agent][mode.id] ?? [];
          assert.ok(runs.length > 0);
          for (const r of runs) {
            const got = askingIn(agent, r);
            assert.equal(got.mode, mode.id, JSON.stringify(r));
            assert.equal(got.asks, mode.asks);
            if (!mode.asks) {
              assert.ok(got.why?.startsWith(`${HOOK_AGENT_NAMES[agent]} cannot ask you in this run (${mode.run}): ${mode.effect}.`), got.why);
              if (mode.instead) assert.ok(got.why?.endsWith(`To be asked, ${mode.instead}.`), got.why);
            }
          }
        });
      }
    });
  }

  it('only Gemini CLI, Copilot CLI and Cursor need their process read; CAN_ASK is whether some run asks (Codex, Cline, opencode, Windsurf: none)', () => {
    assert.deepEqual([...READS_PROCESS].sort(), ['copilot-cli', 'cursor', 'gemini-cli']);
    for (const a of HOOK_AGENTS) assert.equal(CAN_ASK[a], ASK_MODES[a].some((m) => m.asks), a);
    assert.deepEqual(
      HOOK_AGENTS.filter((a) => !CAN_ASK[a]),
      ['codex', 'cline', 'opencode', 'windsurf'],
    );
  });
});

describe('isAgentProcess', () => {
  const cases: [HookAgent, string[], boolean][] = [
    ['gemini-cli', GEMINI, true],
    ['gemini-cli', ['node', '/usr/lib/node_modules/@google/gemini-cli/bundle/gemini.js', '-p', 'x'], true],
    ['gemini-cli', ['/usr/local/bin/gemini', '-p', 'x'], true],
    ['gemini-cli', ['node', '--inspect', '/home/u/src/gemini-cli/packages/cli/dist/index.js'], true],
    ['gemini-cli', ['C:\\Program Files\\nodejs\\node.exe', 'C:\\Users\\u\\AppData\\Roaming\\npm\\node_modules\\@google\\gemini-cli\\bundle\\gemini.js'], true],
    // The hook, a shell, and a command that merely mentions gemini are not the agent.
    ['gemini-cli', ['node', '/home/u/.local/share/blast-radius/dist/hook.js', 'gemini-cli'], false],
    ['gemini-cli', ['/bin/sh', '-c', "'/home/u/.local/share/blast-radius/bin/blast-radius' hook gemini-cli"], false],
    ['gemini-cli', ['node', 'build.js', 'gemini.js'], false],
    ['gemini-cli', ['vim', 'gemini.js'], false],
    ['copilot-cli', COPILOT, true],
    ['copilot-cli', ['copilot', '-p', 'x'], true],
    ['copilot-cli', ['node', '/usr/lib/node_modules/@github/copilot/npm-loader.js', '-p', 'x'], true],
    ['copilot-cli', ['node', '/usr/lib/node_modules/@github/copilot/index.js', '-p', 'x'], true],
    ['copilot-cli', ['node', '/home/u/src/copilot/index.js'], false],
    ['copilot-cli', ['/bin/sh', '-c', 'copilot'], false],
    ['cursor', CURSOR, true],
    ['cursor', ['/usr/local/bin/cursor-agent', '-p'], true],
    ['cursor', ['/Applications/Cursor.app/Contents/MacOS/Cursor'], false],
    ['claude-code', ['claude'], false],
    ['codex', ['codex'], false],
  ];
  for (const [agent, argv, want] of cases) {
    it(`${agent}: ${argv.join(' ')} → ${want}`, () => assert.equal(isAgentProcess(agent, argv), want));
  }
});

describe('answerFor with the run', () => {
  const gate = (strictness: 'balanced' | 'strict'): Verdict => ({ kind: 'gate', message: 'Blast Radius stopped this command (strictness balanced):\n- IAC001', strictness });
  const headless = askingIn('gemini-cli', run({ process: tty([...GEMINI, '-p', 'x']) }));
  const interactive = askingIn('gemini-cli', run({ process: tty([...GEMINI]) }));

  it('a gate where the run cannot ask: denied, with why and how to be asked', () => {
    const a = answerFor('gemini-cli', gate('balanced'), headless);
    assert.equal(a.action, 'deny');
    const out = JSON.parse(a.stdout) as { decision: string; reason: string };
    assert.equal(out.decision, 'deny');
    assert.match(out.reason, /^Blast Radius stopped this command[\s\S]*IAC001\nGemini CLI cannot ask you in this run \(headless: -p\/--prompt, no terminal on stdin or stdout, or CI=true\): nobody can answer its confirmation, and it waits forever\. So Blast Radius denied the call instead of asking\. To be asked, run gemini without -p in a terminal\.$/);
  });
  it('the same gate where it can ask: asked, as before', () => {
    assert.deepEqual(answerFor('gemini-cli', gate('balanced'), interactive), answerFor('gemini-cli', gate('balanced')));
    assert.equal(answerFor('gemini-cli', gate('balanced'), interactive).action, 'ask');
  });
  it('unreadable input where the run cannot ask: denied with why', () => {
    const a = answerFor('claude-code', { kind: 'invalid', message: 'Blast Radius could not read this call.' }, askingIn('claude-code', run({ env: { CLAUDE_CODE_ENTRYPOINT: 'sdk-cli' } })));
    assert.equal(a.action, 'deny');
    assert.match(a.stdout, /"permissionDecision":"deny","permissionDecisionReason":"Blast Radius could not read this call\.\\nClaude Code cannot ask you in this run \(claude -p/);
  });
  it('strict, warn, allow and Codex: the run changes nothing', () => {
    for (const agent of HOOK_AGENTS) {
      const cannot = { asks: false, mode: 'x', why: 'WHY' };
      for (const v of [gate('strict'), { kind: 'warn', message: 'w' } as Verdict, { kind: 'allow' } as Verdict]) assert.deepEqual(answerFor(agent, v, cannot), answerFor(agent, v), agent);
      if (agent === 'codex') assert.deepEqual(answerFor(agent, gate('balanced'), cannot), answerFor(agent, gate('balanced')));
    }
  });
});
