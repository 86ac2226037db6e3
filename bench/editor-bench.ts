/**
 * What asking the editor adds to a gate-level agent hook call: hook.js with the warm server,
 * the window's key in its environment and a stand-in window (the confirm gate's own channel,
 * signing as the extension does) that answers at once, against the same call with no editor
 * (the CLI's own "ask"). A person's answer takes seconds; this is the channel's own cost, which
 * only gate-level calls pay. Prints figures; never fails on timings.
 * Usage: tsx bench/editor-bench.ts [runs]
 */
import { spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { askServer, runningServers } from '../src/cli/hook-server-client';
import { WIRE_VERSION } from '../src/cli/hook-server-wire';
import { EDITOR_KEY_ENV, parseEditorAsk, signedText } from '../src/core/gate/hook-editor';
import { editorRegistryDir, writeEditorWindow } from '../src/node/editor-registry';
import { GateChannel, newGateToken } from '../src/node/gate-channel';

const ROOT = path.resolve(__dirname, '..');

function run(args: string[], input: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['pipe', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', () => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, stdout }));
    child.stdin.end(input);
  });
}

export async function runEditorBench(opts: { runs?: number } = {}): Promise<void> {
  const hookJs = path.join(ROOT, 'dist', 'hook.js');
  if (!existsSync(hookJs)) {
    console.log('editor bench: dist/hook.js not found; run node scripts/build.mjs first');
    return;
  }
  const runs = opts.runs ?? 15;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'br-editor-bench-'));
  const ws = path.join(tmp, 'ws');
  const home = path.join(tmp, 'home');
  mkdirSync(ws, { recursive: true });
  mkdirSync(home);
  const cache = path.join(home, '.cache', 'blast-radius');
  const token = newGateToken();
  const keys = generateKeyPairSync('ed25519');
  const key = keys.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const channel = new GateChannel({
    token,
    decide: (req) => {
      const ask = req.kind === 'hook' ? parseEditorAsk(req.line) : undefined;
      if (!ask) return 'unknown';
      const sha = createHash('sha256').update(ask.payload, 'utf8').digest('hex');
      return { verdict: 'confirmed', signature: sign(null, Buffer.from(signedText(ask.nonce, sha, 'confirmed')), keys.privateKey).toString('base64') };
    },
  });
  const port = await channel.listen(0);
  await writeEditorWindow(editorRegistryDir(cache), { v: 1, pid: process.pid, port, requestKey: token.slice(0, 32), key, folders: [ws] });
  const input = JSON.stringify({ timestamp: 't', cwd: ws, sessionId: 's', hookEventName: 'PreToolUse', tool_name: 'run_in_terminal', tool_input: { command: 'terraform destroy -auto-approve', explanation: 'x', goal: 'x', isBackground: false }, tool_use_id: 'c' });
  const env = { PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') };
  const cases = [
    { label: 'no editor (the CLI asks)', env, expect: /"ask"/ },
    { label: 'the editor answers at once', env: { ...env, [EDITOR_KEY_ENV]: key }, expect: /^$/ },
  ];
  const times: number[][] = cases.map(() => []);
  try {
    await run([hookJs, 'claude-code'], input, env, ws);
    for (let i = 0; i < 200 && !(await runningServers(cache, 500)).length; i++) await new Promise((r) => setTimeout(r, 50));
    for (let round = 0; round < runs + 2; round++) {
      for (const [i, c] of cases.entries()) {
        const r = await run([hookJs, 'claude-code'], input, c.env, ws);
        if (!c.expect.test(r.stdout)) throw new Error(`${c.label}: unexpected answer ${r.stdout}`);
        if (round >= 2) times[i].push(r.ms);
      }
    }
  } catch (e) {
    console.log(`editor bench failed: ${e instanceof Error ? e.message : String(e)}`);
    return;
  } finally {
    for (const { sock } of await runningServers(cache, 500)) await askServer(sock, { v: WIRE_VERSION, op: 'stop' }, 2000);
    await channel.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  const median = (t: number[]): number => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)];
  const [none, editor] = times.map(median);
  console.log(`\nAsking the editor, a gate-level VS Code agent call (hook.js, warm server; median of ${runs})`);
  console.log(`  ${cases[0].label.padEnd(40)} ${none.toFixed(1).padStart(6)} ms`);
  console.log(`  ${cases[1].label.padEnd(40)} ${editor.toFixed(1).padStart(6)} ms  (+${(editor - none).toFixed(1)} ms for the round trip and the signature; allowed calls never pay it)`);
}

if (require.main === module) void runEditorBench({ runs: Number(process.argv[2]) || undefined });
