/**
 * Codex runs a new or changed hook only after the user trusts it in `/hooks`; until then it skips the
 * hook without a word. The suite performs that trust step the way Codex stores it (tests may; the
 * product never does): it writes `hooks.state."<key>".trusted_hash` through Codex's own config writer,
 * the app-server's `config/batchWrite`, so the table lands exactly where Codex puts it. The hash is
 * the product's (src/node/hooks/codex-trust.ts, which `hooks status` uses), checked against the
 * `currentHash` Codex itself reports in `hooks/list`: the real Codex is the judge of our computation.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import readline from 'node:readline';

export interface CodexListedHook {
  key: string;
  eventName: string;
  matcher?: string | null;
  command?: string | null;
  timeoutSec: number;
  currentHash: string;
  trustStatus: string;
  enabled: boolean;
  sourcePath: string;
}

/**
 * A `codex app-server` over stdio (JSON-RPC, one message a line), for the two calls the suite needs.
 * Every call is bounded; `close()` kills the process.
 */
export class CodexAppServer {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private stderr = '';

  private constructor(bin: string, cwd: string, env: Record<string, string>) {
    this.child = spawn(bin, ['app-server'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString('utf8')).slice(-20_000)));
    readline.createInterface({ input: this.child.stdout! }).on('line', (line) => {
      let message: { id?: number; result?: unknown; error?: { message?: string } };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        return;
      }
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiter || message.id === undefined) return;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`codex app-server: ${message.error.message ?? JSON.stringify(message.error)}`));
      else waiter.resolve(message.result);
    });
    this.child.on('exit', (code, signal) => {
      for (const w of this.pending.values()) w.reject(new Error(`codex app-server exited (${code ?? signal}):\n${this.stderr.slice(-3000)}`));
      this.pending.clear();
    });
  }

  static async start(bin: string, cwd: string, env: Record<string, string>): Promise<CodexAppServer> {
    const server = new CodexAppServer(bin, cwd, env);
    await server.call('initialize', { clientInfo: { name: 'blast-radius-real-agent-suite', version: '1' } });
    server.child.stdin?.write(`${JSON.stringify({ method: 'initialized' })}\n`);
    return server;
  }

  call(method: string, params: unknown, timeoutMs = 30_000): Promise<unknown> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`codex app-server: no answer to ${method} within ${timeoutMs} ms:\n${this.stderr.slice(-3000)}`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.child.stdin?.write(`${JSON.stringify({ id, method, params })}\n`);
    });
  }

  /** The hooks Codex sees for a working folder, with its own hash and trust status for each. */
  async listHooks(cwd: string): Promise<CodexListedHook[]> {
    const r = (await this.call('hooks/list', { cwds: [cwd] })) as { data?: { hooks?: CodexListedHook[]; errors?: unknown[] }[] };
    return r.data?.flatMap((d) => d.hooks ?? []) ?? [];
  }

  /** Records a hook as trusted, through Codex's own config writer (what trusting it in /hooks stores). */
  async trust(key: string, hash: string): Promise<void> {
    await this.call('config/batchWrite', { edits: [{ keyPath: `hooks.state.${JSON.stringify(key)}.trusted_hash`, value: hash, mergeStrategy: 'upsert' }] });
  }

  close(): void {
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
