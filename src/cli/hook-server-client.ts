/**
 * hook.js's side of the warm hook server (see hook-server-wire.ts): ask it, start it.
 * Nothing here may fail a hook call: every error means "answer on your own".
 */
import { closeSync, openSync, statSync, utimesSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { decodeReply, encode, type ServerReply, type ServerRequest, serverSockets, WIRE_VERSION } from './hook-server-wire';

export type Asked = { kind: 'reply'; reply: ServerReply } | { kind: 'absent' } | { kind: 'failed'; why: string };

/** A start attempted this recently is not repeated: the server may still be loading. */
const START_BACKOFF_MS = 15_000;

/**
 * Sends one request and reads the reply. `absent`: nothing listens on the socket (no server, or
 * one that has exited); `failed`: a server was there but gave no usable answer in time.
 */
export function askServer(sock: string, req: ServerRequest, timeoutMs: number): Promise<Asked> {
  return new Promise((resolve) => {
    let settled = false;
    const chunks: Buffer[] = [];
    const done = (a: Asked): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      conn.destroy();
      resolve(a);
    };
    const conn = net.createConnection(sock);
    const timer = setTimeout(() => done({ kind: 'failed', why: `no reply within ${timeoutMs} ms` }), timeoutMs);
    conn.on('connect', () => conn.end(encode(req)));
    conn.on('data', (d: Buffer) => chunks.push(d));
    conn.on('end', () => {
      const reply = decodeReply(Buffer.concat(chunks));
      done(reply ? { kind: 'reply', reply } : { kind: 'failed', why: 'an unreadable reply' });
    });
    conn.on('error', (e: NodeJS.ErrnoException) => {
      done(e.code === 'ENOENT' || e.code === 'ECONNREFUSED' ? { kind: 'absent' } : { kind: 'failed', why: e.message });
    });
  });
}

export type ServerStatus = Extract<ServerReply, { op: 'status' }>;

/** The status of the server on `sock`, or undefined when none answers. */
export async function serverStatus(sock: string, timeoutMs = 2000): Promise<ServerStatus | undefined> {
  const a = await askServer(sock, { v: WIRE_VERSION, op: 'status' }, timeoutMs);
  return a.kind === 'reply' && a.reply.ok && a.reply.op === 'status' ? a.reply : undefined;
}

/** The servers that answer in `dir`, with their status. */
export async function runningServers(dir: string, timeoutMs = 2000): Promise<{ sock: string; status: ServerStatus }[]> {
  const found: { sock: string; status: ServerStatus }[] = [];
  for (const sock of serverSockets(dir)) {
    const status = await serverStatus(sock, timeoutMs);
    if (status) found.push({ sock, status });
  }
  return found;
}

/**
 * Starts a server for `sock` in the background, unless one was started moments ago (it may still
 * be loading). The server outlives this process (its own session, no pipes to ours) and exits by
 * itself when idle. Returns whether a start was attempted.
 */
export function startServer(sock: string, serverJs: string): boolean {
  const marker = `${sock}.starting`;
  try {
    closeSync(openSync(marker, 'wx', 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return false;
    try {
      if (Date.now() - statSync(marker).mtimeMs < START_BACKOFF_MS) return false;
      const now = new Date();
      utimesSync(marker, now, now);
    } catch {
      return false;
    }
  }
  try {
    // Loaded here: most calls never start a server.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { spawn } = require('node:child_process') as typeof import('node:child_process');
    const child = spawn(process.execPath, [serverJs, sock], { cwd: path.dirname(sock), detached: true, stdio: 'ignore', env: process.env });
    child.on('error', () => {
      // No server this time; the marker keeps the next calls from retrying at once.
    });
    child.unref();
    return true;
  } catch {
    return false;
  }
}
