/** Test helpers for the warm hook server: find it, wait for it, stop it. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { askServer, runningServers, type ServerStatus } from '../../src/cli/hook-server-client';
import { serverSockets, WIRE_VERSION } from '../../src/cli/hook-server-wire';

export type Status = ServerStatus;

/** The hook servers' sockets in a cache folder. */
export const sockets = serverSockets;

/** Waits until a server in `cacheDir` answers; returns its socket and status. */
export async function waitForServer(cacheDir: string, timeoutMs = 30_000): Promise<{ sock: string; status: Status }> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const [first] = await runningServers(cacheDir);
    if (first) return first;
    if (Date.now() > end) throw new Error(`no hook server answered in ${cacheDir} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Stops every server in `cacheDir` (tests must not leave servers behind), and returns once each has
 * exited: a server still shutting down, or one a hook call had begun to start (its `.starting`
 * marker), would otherwise write into the folder while the test removes it (ENOTEMPTY).
 */
export async function stopServers(cacheDir: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  const pids = new Set<number>();
  for (;;) {
    for (const sock of serverSockets(cacheDir)) {
      const asked = await askServer(sock, { v: WIRE_VERSION, op: 'stop' }, 2000);
      if (asked.kind === 'reply' && asked.reply.ok && asked.reply.op === 'stop') pids.add(asked.reply.pid);
    }
    const starting = startingMarkers(cacheDir);
    const alive = [...pids].filter((pid) => !gone(pid));
    if ((starting.length === 0 && alive.length === 0) || Date.now() > end) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Servers a hook call began to start in the last 20 s and that are not listening yet. */
function startingMarkers(cacheDir: string): string[] {
  try {
    return readdirSync(cacheDir).filter((n) => {
      if (!/^hook-[0-9a-f]{8}\.sock\.starting$/.test(n)) return false;
      const st = statSync(path.join(cacheDir, n), { throwIfNoEntry: false });
      return st !== undefined && Date.now() - st.mtimeMs < 20_000;
    });
  } catch {
    return [];
  }
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
