/** Test helpers for the warm hook server: find it, wait for it, stop it. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { askServer } from '../../src/cli/hook-server-client';
import { type ServerReply, WIRE_VERSION } from '../../src/cli/hook-server-wire';

export type Status = Extract<ServerReply, { op: 'status' }>;

/** The hook servers' sockets in a cache folder. */
export function sockets(cacheDir: string): string[] {
  return existsSync(cacheDir) ? readdirSync(cacheDir).filter((n) => /^hook-[0-9a-f]{8}\.sock$/.test(n)).map((n) => path.join(cacheDir, n)) : [];
}

/** The status of the server on `sock`, or undefined when none answers. */
export async function status(sock: string): Promise<Status | undefined> {
  const a = await askServer(sock, { v: WIRE_VERSION, op: 'status' }, 2000);
  return a.kind === 'reply' && a.reply.ok && a.reply.op === 'status' ? a.reply : undefined;
}

/** Waits until a server in `cacheDir` answers; returns its socket and status. */
export async function waitForServer(cacheDir: string, timeoutMs = 30_000): Promise<{ sock: string; status: Status }> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const sock of sockets(cacheDir)) {
      const s = await status(sock);
      if (s) return { sock, status: s };
    }
    if (Date.now() > end) throw new Error(`no hook server answered in ${cacheDir} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Stops every server in `cacheDir` (tests must not leave servers behind). */
export async function stopServers(cacheDir: string): Promise<void> {
  for (const sock of sockets(cacheDir)) await askServer(sock, { v: WIRE_VERSION, op: 'stop' }, 2000);
}

/** True once no process with this pid is left. */
export function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}
