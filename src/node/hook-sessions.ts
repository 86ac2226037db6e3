/**
 * When each agent session's first hook call came, kept in our data folder (`sessions/`, one small
 * file per session, written once with an exclusive create): untracked files born since then are
 * the agent's own work, not a person's (ImpactReaderOptions.sessionStart). Guarded like the rest
 * of our state (core/guard.ts), since an earlier time would count more files as the agent's.
 * Never throws: a record that cannot be written or read means "unknown", and nothing is lowered.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../core/sha256';
import { dataDir, type HostEnv } from './hooks/paths';

export const SESSIONS_DIR = 'sessions';
/** Records older than this are removed when a new session starts. */
const MAX_AGE_MS = 7 * 24 * 3_600_000;
/** Records looked at per clean-up, at most. */
const MAX_SWEEP = 500;

/**
 * The record's name: the same SHA-256 as node:crypto's, computed without loading it (every hook
 * call of a session works it out; see core/sha256.ts).
 */
function fileFor(dir: string, agent: string, sessionId: string): string {
  return path.join(dir, sha256Hex(`${agent}\0${sessionId}`).slice(0, 32));
}

function sweep(dir: string, now: number): void {
  let names: string[];
  try {
    names = readdirSync(dir).slice(0, MAX_SWEEP);
  } catch {
    return;
  }
  for (const n of names) {
    try {
      const f = path.join(dir, n);
      if (now - statSync(f).mtimeMs > MAX_AGE_MS) unlinkSync(f);
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

/**
 * Records the session's first hook call (the first call for a session id creates its record) and
 * returns when that was, in ms since the epoch; undefined without a session id or when the record
 * cannot be kept or read. A time in the future or older than a week is not believed.
 */
export function sessionFirstCall(host: HostEnv, agent: string, sessionId: string | undefined, now = Date.now()): number | undefined {
  if (!sessionId || sessionId.length > 512) return undefined;
  const dir = path.join(dataDir(host), SESSIONS_DIR);
  const file = fileFor(dir, agent, sessionId);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, String(now));
      } finally {
        closeSync(fd);
      }
      sweep(dir, now);
      return now;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') break;
      if (code !== 'ENOENT' || attempt > 0) return undefined;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
      } catch {
        return undefined;
      }
    }
  }
  try {
    const t = Number(readFileSync(file, 'utf8').trim());
    return Number.isFinite(t) && t > 0 && t <= now && now - t <= MAX_AGE_MS ? t : undefined;
  } catch {
    return undefined;
  }
}
