/**
 * Every followed-command corpus case gets the same answer from `blast-radius check`, from an
 * agent's hook answered in its own process, and from the warm hook server (the built bundles,
 * over its socket): the reader is wired into each, and no shortcut of theirs waves a runner's
 * line through before the engine follows it.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { askServer } from '../../src/cli/hook-server-client';
import { WIRE_VERSION } from '../../src/cli/hook-server-wire';
import { answerHook } from '../../src/cli/hook-core';
import { type CliIo, runCli } from '../../src/cli/main';
import type { CommandResult, Decision } from '../../src/core/types';
import { loadFollowCorpus, materialize } from '../helpers/follow-corpus';
import { buildCliOnce } from '../helpers/build';
import { waitForServer } from '../helpers/hook-server';

const ROOT = path.resolve(__dirname, '..', '..');

/** Cursor's answer as a decision: `{}` allows, a message alone warns, a permission asks or denies. */
function cursorDecision(stdout: string): Decision {
  const o = JSON.parse(stdout) as { permission?: string; user_message?: string };
  if (o.permission === 'ask' || o.permission === 'deny') return 'gate';
  // An allow whose judgement could not read everything says so, and is still an allow.
  if (o.user_message?.startsWith('Blast Radius allowed this command.')) return 'allow';
  return o.user_message ? 'warn' : 'allow';
}

describe('followed commands: check, the hook and the warm hook server agree', () => {
  const corpus = loadFollowCorpus();
  let cache = '';
  let sock = '';
  let server: ChildProcess | undefined;

  before(async function () {
    this.timeout(180_000);
    buildCliOnce();
    cache = mkdtempSync(path.join(os.tmpdir(), 'br-follow-srv-'));
    sock = path.join(cache, 'hook-0000f011.sock');
    server = spawn(process.execPath, [path.join(ROOT, 'dist', 'hook-server.js'), sock], { cwd: cache, stdio: 'ignore', env: { PATH: process.env.PATH, HOME: cache } });
    await waitForServer(cache, 60_000);
  });
  after(async function () {
    this.timeout(20_000);
    await askServer(sock, { v: WIRE_VERSION, op: 'stop' }, 5000);
    if (server && server.exitCode === null) server.kill();
    rmSync(cache, { recursive: true, force: true });
  });

  for (const c of corpus) {
    it(`${c.file}:${c.line} ${c.cmd.slice(0, 80).replace(/\n/g, '⏎')}`, async function () {
      this.timeout(30_000);
      const fx = materialize(c);
      try {
        const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: fx.home, XDG_CONFIG_HOME: path.join(fx.home, '.config'), TMPDIR: fx.tmp };
        const out: string[] = [];
        const io = (): CliIo => ({ stdout: (s) => void out.push(s), stderr: () => undefined, cwd: fx.cwd, env: { ...env }, home: fx.home, color: false });

        out.length = 0;
        await runCli(['check', '--format', 'json', '--workspace', fx.workspace, ...(c.shell ? ['--shell', c.shell] : []), '--', c.cmd], io());
        const checked = JSON.parse(out.join('')) as CommandResult;
        const why = checked.findings.map((f) => `${f.ruleId}/${f.severity}: ${f.message}`).join(' | ') || 'no findings';
        assert.equal(checked.decision, c.expect, `check: ${why}`);
        // Cursor's hook sends every line as bash: a line labelled for cmd.exe or PowerShell is asked of `check` alone.
        if (c.shell === 'cmd' || c.shell === 'pwsh') return;

        const payload = Buffer.from(JSON.stringify({ hook_event_name: 'beforeShellExecution', command: c.cmd, cwd: fx.cwd, workspace_roots: [fx.workspace] }));
        out.length = 0;
        const caller = { pid: process.pid, ppid: process.ppid };
        assert.equal(await answerHook(['cursor'], payload, { ...io(), caller }), 0);
        const hooked = out.join('');

        const asked = await askServer(sock, { v: WIRE_VERSION, op: 'hook', argv: ['cursor'], cwd: fx.cwd, env, caller, input: payload.toString('base64') }, 20_000);
        assert.ok(asked.kind === 'reply' && asked.reply.ok && asked.reply.op === 'hook', JSON.stringify(asked));
        const served = asked.reply.stdout;

        assert.equal(cursorDecision(hooked), checked.decision, `hook: ${hooked}`);
        assert.equal(served, hooked, 'the warm server answers byte for byte as the hook does');
      } finally {
        fx.remove();
      }
    });
  }
});
