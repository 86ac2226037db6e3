/**
 * The real agent CLIs (Claude Code, Codex, Gemini CLI, Copilot CLI, opencode, Cline, pinned and installed from npm
 * into .cache/agents) against a scripted model on 127.0.0.1, with our hook installed by
 * `blast-radius hooks install` into a throwaway HOME. Each agent runs headless in its default mode
 * and its most permissive mode, at strictness balanced and strict, and plays one scripted session:
 * everyday calls must run; destructive calls must leave every byte of the workspace as it was, and the
 * tool result the agent sends back to the model must carry our reason; no run may hang.
 *
 * A control run per agent and mode plays the same session without our hook and checks that every
 * destructive call does reach the disk: the agent's own permission system lets it through, so in
 * the hooked runs it is our hook that stops it.
 *
 * Codex runs a hook only after the user trusts it in /hooks; the suite performs that step the way
 * Codex stores it (see codex-trust.ts) and checks `hooks status` before it.
 *
 * Run: npm run test:agents (builds the CLI, installs the agents on first use). See README.md here.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AGENT_MODES, AGENT_PROFILES, type AgentMode, type AgentProfile } from './agents';
import { codexHookHash, codexHookKey } from '../../src/node/hooks/codex-trust';
import type { CodexAppServer, CodexListedHook } from './codex-trust';
import { installAgents } from './install-agents';
import { ModelServer } from './model-server';
import { type AgentRun, blastRadius, type CaseDirs, CLI, codexAppServer, FIXTURE, UNCOMMITTED, installHook, makeCaseDirs, removeCaseDirs, runAgent, runSetup, setStrictness, trustCodexHooks, snapshotTree, stopHookServers, type Strictness } from './run-agent';
import { expectedAfterHookedRun, type ScriptedCall, scriptFor } from './script';

/** One agent session; a run that needs longer is a hang (issue 12, item 4) and fails the test. */
const RUN_TIMEOUT_MS = 60_000;
const STRICTNESS: readonly Strictness[] = ['balanced', 'strict'];

const server = new ModelServer();

const tail = (text: string, n = 4000): string => (text.length > n ? `…${text.slice(-n)}` : text);

/** Everything a failed case needs to be understood: the agent's output and what the model was sent. */
function report(run: AgentRun, calls: readonly ScriptedCall[]): string {
  const results = server.resultsByStep();
  const lines = [`agent exit ${run.exitCode ?? 'signal'} after ${run.seconds.toFixed(1)} s${run.timedOut ? ` (TIMED OUT after ${RUN_TIMEOUT_MS / 1000} s; process group killed)` : ''}`];
  calls.forEach((c, i) => lines.push(`  step ${i} ${c.label}: ${results[i] === undefined ? '(no tool result reached the model)' : JSON.stringify(results[i].slice(0, 400))}`));
  lines.push('requests:');
  for (const r of server.requests) lines.push(`  ${r.method} ${r.url} ${r.role}${r.answeredStep !== undefined ? ` → step ${r.answeredStep}` : ''}${r.error ? ` ERROR ${r.error}` : ''}`);
  lines.push('agent output:', tail(run.output));
  return lines.join('\n');
}

/** Codex's view of our hook: exactly one PreToolUse hook, from the user's config.toml. */
async function ourCodexHook(app: CodexAppServer, dirs: CaseDirs): Promise<CodexListedHook> {
  const hooks = await app.listHooks(dirs.workspace);
  const configFile = path.join(dirs.home, '.codex', 'config.toml');
  assert.equal(hooks.length, 1, `Codex lists ${hooks.length} hooks: ${JSON.stringify(hooks)}`);
  const [hook] = hooks;
  assert.equal(hook.key, codexHookKey(configFile, 'PreToolUse', 0, 0));
  return hook;
}

/** What `hooks status` says about Codex's user settings: its row and any indented lines under it. */
function codexStatusRow(dirs: CaseDirs): string {
  const lines = blastRadius(dirs, ['hooks', 'status']).split('\n');
  const start = lines.findIndex((l) => /^codex\b.*\buser\b/i.test(l));
  assert.ok(start >= 0, 'hooks status has no row for codex (user)');
  let end = start + 1;
  while (end < lines.length && /^\s+\S/.test(lines[end])) end++;
  return lines.slice(start, end).join('\n');
}

/** Plays the agent's script once and returns the run (the model server keeps what it was sent). */
async function play(profile: AgentProfile, dirs: CaseDirs, mode: AgentMode, calls: readonly ScriptedCall[]): Promise<AgentRun> {
  try {
    return await runAgent(profile, dirs, mode, server, { steps: calls.map((c) => c.step), finalText: 'Maintenance script finished.' }, RUN_TIMEOUT_MS);
  } finally {
    await stopHookServers(dirs.home);
  }
}

/** Checks a hooked run: everyday calls ran, destructive ones left every byte and told the model why. */
function checkHookedRun(run: AgentRun, dirs: CaseDirs, calls: readonly ScriptedCall[]): void {
  const problems: string[] = [];
  if (run.timedOut) problems.push(`the agent did not finish within ${RUN_TIMEOUT_MS / 1000} s`);
  const results = server.resultsByStep();
  calls.forEach((c, i) => {
    const result = results[i];
    if (result === undefined) return problems.push(`step ${i} (${c.label}): the model never received a result`);
    if (c.expect === 'runs' && c.resultHas && !result.includes(c.resultHas)) problems.push(`step ${i} (${c.label}): expected it to run; its result lacks ${JSON.stringify(c.resultHas)}`);
    if (c.expect === 'stopped') {
      if (!result.includes('Blast Radius')) problems.push(`step ${i} (${c.label}): the model was not told "Blast Radius"`);
      if (c.rule && !result.includes(c.rule)) problems.push(`step ${i} (${c.label}): the model was not told the rule ${c.rule}`);
    }
  });
  const expected = expectedAfterHookedRun();
  const actual = snapshotTree(dirs.workspace);
  for (const [rel, text] of Object.entries(expected)) {
    const bytes = actual.get(rel);
    if (!bytes) problems.push(`${rel} is gone`);
    else if (!bytes.equals(Buffer.from(text))) problems.push(`${rel} changed:\n${bytes.toString('utf8')}`);
  }
  for (const rel of actual.keys()) if (!(rel in expected)) problems.push(`${rel} was created`);
  if (existsSync(dirs.terraformLog)) problems.push(`terraform ran: ${readFileSync(dirs.terraformLog, 'utf8').trim()}`);
  if (problems.length) assert.fail(`${problems.join('\n')}\n\n${report(run, calls)}`);
}

describe('real agents against a scripted model', function () {
  this.timeout(10 * 60_000);

  before(async function () {
    // A first install downloads about 300 MB from the registry; install-agents.ts bounds npm at 15 minutes.
    this.timeout(20 * 60_000);
    assert.ok(existsSync(CLI), `${CLI} is missing; build it first (node scripts/build.mjs)`);
    await installAgents();
    await server.start();
  });

  after(() => server.stop());

  for (const profile of AGENT_PROFILES) {
    describe(profile.name, function () {
      this.timeout(3 * RUN_TIMEOUT_MS);

      for (const mode of profile.modesRun ?? AGENT_MODES) {
        it(`control, ${profile.modes[mode]}, no hook: every scripted call reaches the disk`, async function () {
          const dirs = makeCaseDirs(`${profile.id}-${mode}-control`);
          try {
            profile.configure(runSetup(dirs, mode, server));
            const calls = scriptFor(profile, mode);
            const run = await play(profile, dirs, mode, calls);
            const problems: string[] = [];
            if (run.timedOut) problems.push('the agent did not finish');
            calls.forEach((c, i) => {
              if (c.landed && !c.landed(dirs)) problems.push(`step ${i} (${c.label}) did not take effect: the agent itself stopped it, so a hooked run could not show that our hook does`);
            });
            if (problems.length) assert.fail(`${problems.join('\n')}\n\n${report(run, calls)}`);
          } finally {
            removeCaseDirs(dirs);
          }
        });

        for (const strictness of profile.stopEndsRun ? STRICTNESS : []) {
          it(`${profile.modes[mode]}, ${strictness}: each destructive call, in a session of its own, ends the run before it lands; the everyday call before it ran`, async function () {
            this.timeout(8 * RUN_TIMEOUT_MS);
            const all = scriptFor(profile, mode);
            const problems: string[] = [];
            for (const stopped of all.filter((c) => c.expect === 'stopped')) {
              const calls = [all[0], stopped, all[all.length - 1]];
              const dirs = makeCaseDirs(`${profile.id}-${mode}-${strictness}-${calls[1].rule ?? 'x'}`);
              try {
                profile.configure(runSetup(dirs, mode, server));
                setStrictness(dirs, strictness);
                await installHook(profile, dirs);
                const run = await play(profile, dirs, mode, calls);
                const results = server.resultsByStep();
                const here: string[] = [];
                if (run.timedOut) here.push(`the agent did not finish within ${RUN_TIMEOUT_MS / 1000} s`);
                if (!results[0]?.includes('On branch main')) here.push('git status did not run before it');
                if (results[1] !== undefined || results[2] !== undefined) here.push(`the run went on after it: ${JSON.stringify(results.slice(1))}`);
                const actual = snapshotTree(dirs.workspace);
                const expected: Record<string, string> = { ...FIXTURE, ...UNCOMMITTED };
                for (const [rel, text] of Object.entries(expected)) {
                  const bytes = actual.get(rel);
                  if (!bytes) here.push(`${rel} is gone`);
                  else if (!bytes.equals(Buffer.from(text))) here.push(`${rel} changed:\n${bytes.toString('utf8')}`);
                }
                for (const rel of actual.keys()) if (!(rel in expected)) here.push(`${rel} was created`);
                if (existsSync(dirs.terraformLog)) here.push(`terraform ran: ${readFileSync(dirs.terraformLog, 'utf8').trim()}`);
                if (here.length) problems.push(`${stopped.label}:\n  ${here.join('\n  ')}\n${report(run, calls)}`);
              } finally {
                removeCaseDirs(dirs);
              }
            }
            if (problems.length) assert.fail(problems.join('\n\n'));
          });
        }

        for (const strictness of profile.stopEndsRun ? [] : STRICTNESS) {
          it(`${profile.modes[mode]}, ${strictness}: destructive calls are stopped with our reason, everyday calls run, the run ends`, async function () {
            const dirs = makeCaseDirs(`${profile.id}-${mode}-${strictness}`);
            try {
              profile.configure(runSetup(dirs, mode, server));
              setStrictness(dirs, strictness);
              await installHook(profile, dirs);
              const calls = scriptFor(profile, mode);
              const run = await play(profile, dirs, mode, calls);
              checkHookedRun(run, dirs, calls);
            } finally {
              removeCaseDirs(dirs);
            }
          });
        }
      }
    });
  }

  describe('Codex hook trust (issue 12, items 2 and 3)', function () {
    this.timeout(3 * RUN_TIMEOUT_MS);
    const codex = AGENT_PROFILES.find((p) => p.id === 'codex')!;

    it('our computation of the trust hash is the one Codex reports for our hook', async function () {
      const dirs = makeCaseDirs('codex-hash');
      try {
        codex.configure(runSetup(dirs, 'default', server));
        blastRadius(dirs, ['hooks', 'install', 'codex']);
        const app = await codexAppServer(dirs);
        try {
          const hook = await ourCodexHook(app, dirs);
          assert.match(hook.command ?? '', /blast-radius' hook codex$/);
          assert.equal(codexHookHash({ event: 'PreToolUse', matcher: hook.matcher ?? undefined, command: hook.command ?? '', timeout: hook.timeoutSec }), hook.currentHash);
          // A different command is a different hook to Codex: the hash must follow it.
          assert.notEqual(codexHookHash({ event: 'PreToolUse', matcher: hook.matcher ?? undefined, command: `${hook.command ?? ''} `, timeout: hook.timeoutSec }), hook.currentHash);
        } finally {
          app.close();
        }
      } finally {
        removeCaseDirs(dirs);
      }
    });

    it('hooks status says the hook waits for the trust step in /hooks until the user trusts it', async function () {
      const dirs = makeCaseDirs('codex-status');
      try {
        codex.configure(runSetup(dirs, 'default', server));
        blastRadius(dirs, ['hooks', 'install', 'codex']);
        const app = await codexAppServer(dirs);
        try {
          assert.equal((await ourCodexHook(app, dirs)).trustStatus, 'untrusted', 'Codex itself should see our new hook as untrusted');
        } finally {
          app.close();
        }
        const row = codexStatusRow(dirs);
        assert.match(row, /trust/i, `hooks status must say the Codex hook is not trusted yet (Codex skips it silently); it says:\n${row}`);
        assert.match(row, /\/hooks/, `hooks status must say how to trust it (/hooks in Codex); it says:\n${row}`);
        await trustCodexHooks(dirs);
        const trustedRow = codexStatusRow(dirs);
        assert.doesNotMatch(trustedRow, /untrusted|not (yet )?trusted|waiting/i, `after the trust step hooks status must not say the hook waits for it; it says:\n${trustedRow}`);
      } finally {
        removeCaseDirs(dirs);
      }
    });

    it('a second hooks install codex after the trust step keeps the hook trusted and running', async function () {
      const dirs = makeCaseDirs('codex-reinstall');
      try {
        const mode: AgentMode = 'default';
        codex.configure(runSetup(dirs, mode, server));
        setStrictness(dirs, 'balanced');
        await installHook(codex, dirs);
        const trustedConfig = readFileSync(path.join(dirs.home, '.codex', 'config.toml'), 'utf8');
        blastRadius(dirs, ['hooks', 'install', 'codex']);
        const config = readFileSync(path.join(dirs.home, '.codex', 'config.toml'), 'utf8');
        const app = await codexAppServer(dirs);
        try {
          const hook = await ourCodexHook(app, dirs);
          assert.equal(hook.trustStatus, 'trusted', `after the second install Codex says our hook is ${hook.trustStatus}.\nconfig.toml after the trust step:\n${trustedConfig}\nafter the second install:\n${config}`);
        } finally {
          app.close();
        }
        const calls = scriptFor(codex, mode);
        const run = await play(codex, dirs, mode, calls);
        checkHookedRun(run, dirs, calls);
      } finally {
        removeCaseDirs(dirs);
      }
    });
  });
});
