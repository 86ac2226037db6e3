/**
 * The extension's end of the confirm-gate channel, without VS Code: a fake `decide` stands in for
 * the engine and the dialog, and a TypeScript client speaks the protocol as bash's /dev/tcp would.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { answerForOutcome, immediateAnswer } from '../../src/core/gate/answer';
import { encodeRequest, type GateAnswer, type GateRequest, MAX_LINE_BYTES, replyProofOf } from '../../src/core/gate/protocol';
import { evaluateCommand } from '../../src/core/engine';
import { type Decide, GateChannel, newGateToken, processAncestors, tokensEqual } from '../../src/node/gate-channel';

interface Reply {
  lines: string[];
  /** The socket closed without a final answer. */
  closed: boolean;
  ms: number;
}

/** Sends raw bytes, reads every line until the server closes (bounded). */
function exchange(port: number, bytes: Uint8Array | string, opts: { endAfterWrite?: boolean; timeoutMs?: number; holdOpen?: boolean } = {}): Promise<Reply> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let text = '';
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const lines = text.split('\n').filter(Boolean);
      resolve({ lines, closed: true, ms: Date.now() - started });
    };
    const timer = setTimeout(done, opts.timeoutMs ?? 5_000);
    socket.on('error', () => undefined);
    socket.on('data', (d) => (text += d.toString('utf8')));
    socket.on('close', done);
    socket.on('connect', () => {
      socket.write(bytes);
      if (opts.endAfterWrite) socket.end();
    });
  });
}

function request(token: string, line: string, extra: Partial<GateRequest> = {}): Uint8Array {
  return encodeRequest(token, { kind: 'shim', pid: process.pid, cwd: '/tmp/ws', line, ...extra });
}

/** A fake extension end: the real engine, and a dialog that answers `choice`. */
function engineDecide(choice: 'dont-run' | 'run-once', delayMs = 0): Decide {
  return async (req, ctx) => {
    const result = evaluateCommand(req.line, { ctx: { cwd: req.cwd, workspaceRoot: req.cwd, home: '/root', tempDirs: ['/tmp'], shell: 'bash' } });
    const now = immediateAnswer(result);
    if (now) return now;
    ctx.waiting();
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    return answerForOutcome(result, choice, 120);
  };
}

describe('confirm gate channel (fake extension end)', function () {
  this.timeout(20_000);
  const channels: GateChannel[] = [];
  async function start(decide: Decide, limits?: ConstructorParameters<typeof GateChannel>[0]['limits']): Promise<{ channel: GateChannel; port: number; token: string }> {
    const token = newGateToken();
    const channel = new GateChannel({ token, decide, limits });
    channels.push(channel);
    const port = await channel.listen();
    return { channel, port, token };
  }
  afterEach(async () => {
    await Promise.all(channels.splice(0).map((c) => c.close()));
  });

  it('listens on loopback only, at a port the kernel picks', async () => {
    const { channel, port } = await start(() => ({ verdict: 'allow' }));
    assert.ok(port > 0);
    assert.equal(channel.port, port);
  });

  it('allows a benign command at once', async () => {
    const { port, token } = await start(engineDecide('dont-run'));
    const r = await exchange(port, request(token, 'rm -rf node_modules'));
    assert.deepEqual(r.lines, [`allow ${replyProofOf(token)}`]);
  });

  it('a cancelled gate-level command is refused with the rule, what it destroys and the safer way', async () => {
    const { port, token } = await start(engineDecide('dont-run', 20));
    const r = await exchange(port, request(token, 'rm -rf ./src'));
    assert.equal(r.lines[0], 'wait');
    const last = r.lines[r.lines.length - 1];
    assert.match(last, /^deny not run: "rm -rf \.\/src" — FS001 \(high, score \d+\): .+ Safer: .+ You answered Don't run/);
  });

  it('a confirmed gate-level command is allowed to run', async () => {
    const { port, token } = await start(engineDecide('run-once'));
    const r = await exchange(port, request(token, 'terraform destroy -auto-approve'));
    assert.deepEqual(r.lines, ['wait', `confirmed ${replyProofOf(token)}`]);
  });

  it('a warn-level command runs', async () => {
    const { port, token } = await start(engineDecide('dont-run'));
    const r = await exchange(port, request(token, 'git branch -D old-feature'));
    assert.ok(r.lines[0].startsWith(`warn ${replyProofOf(token)} GIT005`), r.lines[0]);
  });

  it('says `unknown` to a wrong token, so the terminal asks the CLI', async () => {
    let decided = 0;
    const { port } = await start(() => {
      decided++;
      return { verdict: 'allow' };
    });
    const r = await exchange(port, request('cd'.repeat(32), 'rm -rf src'));
    assert.deepEqual(r.lines, ['unknown']);
    assert.equal(decided, 0);
    assert.equal(tokensEqual('a', 'a'), true);
    assert.equal(tokensEqual('a', 'ab'), false);
  });

  it('turns malformed and hostile requests away without deciding anything, and keeps serving', async () => {
    let decided = 0;
    const { channel, port, token } = await start(() => {
      decided++;
      return { verdict: 'allow' };
    });
    const cases: [string, Uint8Array | string, RegExp][] = [
      ['HTTP', 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', /^error not a confirm-gate request/],
      ['binary', Buffer.from([0, 255, 10, 1, 2, 3]), /^error/],
      ['long header', `BRGATE/1 ${'x'.repeat(10_000)}`, /^error header too long/],
      ['more bytes than declared', `BRGATE/1 ${token.slice(0, 32)} shim 1 1 2\n/ab-extra`, /^error more bytes than declared/],
      ['bad kind', `BRGATE/1 ${token.slice(0, 32)} pwsh 1 1 2\n/ab`, /^error unknown kind/],
      ['the whole token instead of its request half', `BRGATE/1 ${token} shim 1 1 2\n/ab`, /^unknown$/],
    ];
    for (const [name, bytes, expected] of cases) {
      const r = await exchange(port, bytes);
      assert.match(r.lines[0] ?? '', expected, name);
    }
    assert.equal(decided, 0);
    const ok = await exchange(port, request(token, 'ls'));
    assert.deepEqual(ok.lines, [`allow ${replyProofOf(token)}`]);
    assert.ok(channel.stats.malformed + channel.stats.badToken >= cases.length);
  });

  it('refuses a 1 MB command line without reading it, and does not hang', async () => {
    let decided = 0;
    const { port, token } = await start(() => {
      decided++;
      return { verdict: 'allow' };
    });
    const huge = `rm -rf ${'a'.repeat(1024 * 1024)}`;
    const r = await exchange(port, request(token, huge), { timeoutMs: 5_000 });
    assert.match(r.lines[0] ?? '', new RegExp(`^deny not run: the command line is \\d+ bytes, longer than the ${MAX_LINE_BYTES} bytes`));
    assert.ok(r.ms < 3_000, `${r.ms} ms`);
    assert.equal(decided, 0);
  });

  it('ends a request that never finishes arriving', async () => {
    const { port, token } = await start(() => ({ verdict: 'allow' }), { requestTimeoutMs: 200 });
    const r = await exchange(port, `BRGATE/1 ${token.slice(0, 32)} shim 1 5 100\n/tmp/rm -rf`, { timeoutMs: 3_000 });
    assert.match(r.lines[0] ?? '', /^error the request did not arrive in time/);
    assert.ok(r.ms < 2_000);
  });

  it('answers 50 simultaneous checks, each with its own verdict', async () => {
    const { port, token } = await start(engineDecide('dont-run', 30));
    const lines = Array.from({ length: 50 }, (_, i) => (i % 2 ? `rm -rf ./src/x${i}` : `git status --short ${i}`));
    const replies = await Promise.all(lines.map((l) => exchange(port, request(token, l))));
    replies.forEach((r, i) => {
      const last = r.lines[r.lines.length - 1];
      if (i % 2) assert.match(last, /^deny /, lines[i]);
      else assert.equal(last, `allow ${replyProofOf(token)}`, lines[i]);
    });
  });

  it('sends heartbeats while a person decides, and aborts the decision when the caller goes away', async () => {
    let aborted = false;
    const { port, token } = await start(
      (_req, ctx) =>
        new Promise<GateAnswer>((resolve) => {
          ctx.waiting();
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ verdict: 'deny', reason: 'gone' });
          });
        }),
      { heartbeatMs: 50 },
    );
    const r = await exchange(port, request(token, 'rm -rf src'), { timeoutMs: 400 });
    assert.equal(r.lines[0], 'wait');
    assert.ok(r.lines.filter((l) => l === 'hold').length >= 3, JSON.stringify(r.lines));
    await new Promise((res) => setTimeout(res, 50));
    assert.equal(aborted, true);
  });

  it('a decide that throws is a refusal, never a crash', async () => {
    const { port, token } = await start(() => {
      throw new Error('engine exploded');
    });
    const r = await exchange(port, request(token, 'rm -rf src'));
    assert.match(r.lines[0], /^deny not run: Blast Radius failed/);
    const again = await exchange(port, request(token, 'rm -rf src'));
    assert.match(again.lines[0], /^deny /);
  });

  it('drops a flood of bad requests unread, then recovers', async () => {
    let decided = 0;
    const { channel, port, token } = await start(
      () => {
        decided++;
        return { verdict: 'allow' };
      },
      { badPerWindow: 20, badWindowMs: 300 },
    );
    const flood = await Promise.all(Array.from({ length: 200 }, () => exchange(port, request('ef'.repeat(32), 'rm -rf /'), { timeoutMs: 3_000 })));
    assert.ok(flood.every((r) => r.lines.length === 0 || r.lines[0] === 'unknown'));
    assert.ok(channel.stats.dropped > 0, JSON.stringify(channel.stats));
    assert.equal(decided, 0);
    await new Promise((r) => setTimeout(r, 350));
    const ok = await exchange(port, request(token, 'ls'));
    assert.deepEqual(ok.lines, [`allow ${replyProofOf(token)}`]);
  });

  it('rate-limits a flood of valid requests by sending callers to the CLI', async () => {
    const { channel, port, token } = await start(() => ({ verdict: 'allow' }), { requestsPerSecond: 5 });
    const replies = await Promise.all(Array.from({ length: 40 }, () => exchange(port, request(token, 'ls'))));
    const answers = replies.map((r) => r.lines[0]);
    const allow = `allow ${replyProofOf(token)}`;
    assert.ok(answers.includes(allow));
    assert.ok(answers.includes('unknown'));
    assert.ok(answers.every((a) => a === allow || a === 'unknown'));
    assert.ok(channel.stats.rateLimited > 0);
  });

  it('reads the asking process and its ancestors', () => {
    const chain = processAncestors(process.pid);
    assert.equal(chain[0], process.pid);
    if (process.platform === 'linux') assert.equal(chain[1], process.ppid);
  });
});
