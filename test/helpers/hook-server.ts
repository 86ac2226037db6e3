/** Test helpers for the warm hook server: find it, wait for it, stop it. */
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

/** Stops every server in `cacheDir` (tests must not leave servers behind). */
export async function stopServers(cacheDir: string): Promise<void> {
  for (const sock of serverSockets(cacheDir)) await askServer(sock, { v: WIRE_VERSION, op: 'stop' }, 2000);
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
