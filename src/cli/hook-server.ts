/**
 * `dist/hook-server.js`: the warm hook server (see hook-server-wire.ts). Started in the
 * background by a hook call that found none, with the socket path as its only argument. It loads
 * the engine, the shell grammar and the file-edit path once, then answers calls one at a time,
 * each in the caller's own working directory and environment, and for the caller's process (whose
 * parents tell whether the agent can ask), exactly as hook.js would.
 *
 * It exits when idle (BLAST_RADIUS_HOOK_SERVER_IDLE seconds, 10 minutes by default), when its
 * socket is removed or replaced, when the bundles it was started from change or go away (an
 * update, an uninstall), when told to stop, and on any failure of its own: a caller that finds
 * no server answers by itself.
 */
import { appendFileSync, chmodSync, lstatSync, statSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { askServer } from './hook-server-client';
import { bundleStamp, decodeRequest, encode, idleSeconds, type ServerReply, serverSockets, WIRE_VERSION } from './hook-server-wire';
import { hookCodeLoader } from './hook-loader';
import type { CliIo } from './io';
import type { EditorQuestion } from './editor-ask';

/** Requests larger than this are refused (16 MB of input in base64, and an environment). */
const MAX_REQUEST = 24 * 1024 * 1024;
/** A fresh process after this many calls, so nothing grows without bound. */
const MAX_SERVED = 10_000;
/** The log beside the socket is started over past this size. */
const MAX_LOG = 256 * 1024;

/** Removes the sockets of servers that are gone (killed, or of a machine that restarted). */
async function removeDeadSockets(dir: string, mine: string): Promise<void> {
  for (const other of serverSockets(dir).filter((s) => s !== mine)) {
    const asked = await askServer(other, { v: WIRE_VERSION, op: 'status' }, 2000);
    if (asked.kind !== 'absent') continue;
    try {
      if (lstatSync(other).isSocket()) unlinkSync(other);
    } catch {
      // Gone already.
    }
  }
}

function main(sock: string): void {
  const dir = path.dirname(sock);
  const distDir = __dirname;
  const stamp = bundleStamp(distDir);
  const idleMs = idleSeconds(process.env) * 1000;
  const startedAt = Date.now();
  let served = 0;
  let ino: number | undefined;
  let lastCall = Date.now();

  const log = (msg: string): void => {
    try {
      const file = path.join(dir, 'hook-server.log');
      let size = 0;
      try {
        size = statSync(file).size;
      } catch {
        // No log yet.
      }
      appendFileSync(file, `${new Date().toISOString()} pid ${process.pid}: ${msg}\n`, { mode: 0o600, flag: size > MAX_LOG ? 'w' : 'a' });
    } catch {
      // Nowhere to log: the callers answer by themselves anyway.
    }
  };
  const shutdown = (why: string, code = 0): never => {
    try {
      // Only our own socket: a newer server may have taken the name.
      if (ino !== undefined && lstatSync(sock).ino === ino) unlinkSync(sock);
    } catch {
      // Already gone.
    }
    if (code !== 0) log(`exiting: ${why}`);
    process.exit(code);
  };
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => shutdown(sig));
  process.on('uncaughtException', (e) => shutdown(`uncaught: ${e.stack ?? e.message}`, 70));
  process.on('unhandledRejection', (e) => shutdown(`unhandled rejection: ${String(e)}`, 70));
  if (stamp === undefined) shutdown('bundles missing', 0);

  const loader = hookCodeLoader();
  const core = (loader.require(path.join(distDir, 'engine.js')) as typeof import('./engine-bundle')).hook();

  const answer = async (raw: Buffer): Promise<ServerReply> => {
    const req = decodeRequest(raw);
    if (!req) return { v: WIRE_VERSION, ok: false, error: 'unreadable request' };
    if (req.op === 'status') return { v: WIRE_VERSION, ok: true, op: 'status', pid: process.pid, served, startedAt, idleSeconds: idleMs / 1000 };
    if (req.op === 'stop') return { v: WIRE_VERSION, ok: true, op: 'stop', pid: process.pid };
    // The caller's environment and folder, exactly: the engine reads HOME, XDG_*, TMPDIR, git's
    // variables and relative paths from them, through the same calls as in the caller's process.
    for (const k of Object.keys(process.env)) if (!(k in req.env)) delete process.env[k];
    for (const [k, v] of Object.entries(req.env)) if (process.env[k] !== v) process.env[k] = v;
    try {
      process.chdir(req.cwd);
    } catch (e) {
      return { v: WIRE_VERSION, ok: false, error: `cannot enter ${req.cwd}: ${(e as Error).message}` };
    }
    const out: string[] = [];
    const err: string[] = [];
    let editor: EditorQuestion | undefined;
    // A call for the editor is handed back: the server never waits for a person.
    const io: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), cwd: req.cwd, env: process.env, color: false, caller: req.caller, deferEditor: (q) => (editor = q) };
    try {
      const exitCode = await core.answerHook(req.argv, Buffer.from(req.input, 'base64'), io);
      return { v: WIRE_VERSION, ok: true, op: 'hook', stdout: out.join(''), stderr: err.join(''), exitCode, ...(editor ? { editor } : {}) };
    } catch (e) {
      log(`call failed: ${(e as Error).stack ?? String(e)}`);
      return { v: WIRE_VERSION, ok: false, error: (e as Error).message };
    } finally {
      try {
        process.chdir(dir);
      } catch {
        // The folder went away: the check below ends the server.
      }
    }
  };

  // One call at a time: each takes on its caller's environment and folder.
  let chain: Promise<void> = Promise.resolve();
  // Half-open: a caller ends its side when its request is sent and still reads the reply.
  const server = net.createServer({ allowHalfOpen: true }, (conn) => {
    const chunks: Buffer[] = [];
    let size = 0;
    conn.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_REQUEST) conn.destroy();
      else chunks.push(d);
    });
    conn.on('error', () => {
      // The caller went away; it answers by itself.
    });
    conn.on('end', () => {
      chain = chain.then(async () => {
        const reply = await answer(Buffer.concat(chunks));
        lastCall = Date.now();
        if (reply.ok && reply.op === 'hook') served++;
        await new Promise<void>((resolve) => conn.end(encode(reply), resolve));
        if (reply.ok && reply.op === 'stop') shutdown('asked to stop');
        if (served >= MAX_SERVED) shutdown('served enough calls');
      });
    });
  });

  const listening = (): void => {
    try {
      chmodSync(sock, 0o600);
      ino = lstatSync(sock).ino;
      unlinkSync(`${sock}.starting`);
    } catch {
      // The marker may be gone already.
    }
    void removeDeadSockets(dir, sock);
    // Exit when idle, or when the socket or the bundles are no longer ours.
    const check = setInterval(() => {
      let mine: boolean;
      try {
        mine = lstatSync(sock).ino === ino;
      } catch {
        mine = false;
      }
      if (!mine) shutdown('socket removed');
      if (bundleStamp(distDir) !== stamp) shutdown('bundles changed');
      if (Date.now() - lastCall >= idleMs) shutdown('idle');
    }, Math.min(5000, idleMs));
    check.unref();
  };

  let retried = false;
  server.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EADDRINUSE' || retried) shutdown(`cannot listen: ${e.message}`, e.code === 'EADDRINUSE' ? 0 : 70);
    retried = true;
    // A socket file is there: another server's (then leave), or a dead one's (then take over).
    void askServer(sock, { v: WIRE_VERSION, op: 'status' }, 2000).then((asked) => {
      if (asked.kind !== 'absent') shutdown('another server is running');
      try {
        unlinkSync(sock);
      } catch {
        // Someone else removed it.
      }
      server.listen(sock, listening);
    });
  });

  // Loaded before listening, so even the first call is answered at once.
  core.warmUp(dir).then(
    () => server.listen(sock, listening),
    (e: Error) => shutdown(`cannot load: ${e.stack ?? e.message}`, 70),
  );
}

if (require.main === module) {
  const sock = process.argv[2];
  if (!sock || !path.isAbsolute(sock)) process.exit(64);
  process.chdir(path.dirname(sock));
  main(sock);
}
