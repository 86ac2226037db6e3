/**
 * The record of attempts to switch protection off (`tampering.jsonl` in our data folder), shared
 * by the agent hooks, the CLI and the editor extension, so `hooks status` and the status bar can
 * say when it happened whoever saw it. One redacted JSON line per attempt (src/core/audit.ts
 * takes secrets out); the file keeps the last entries only. Writing never throws: a record we
 * cannot write must not change the answer to the call.
 */
import { appendFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { auditLine } from '../core/audit';
import { parseTamperEntry, type TamperEntry } from '../core/tamper';
import { dataDir, type HostEnv } from './hooks/paths';

export const TAMPER_FILE = 'tampering.jsonl';
/** Past this size the file is cut to its newest KEEP_LINES entries. */
const MAX_BYTES = 256 * 1024;
const KEEP_LINES = 200;

export function tamperLogPath(host: HostEnv): string {
  return path.join(dataDir(host), TAMPER_FILE);
}

/** Appends one entry; returns an error message instead of throwing. */
export function recordTampering(host: HostEnv, entry: Omit<TamperEntry, 'time'> & { time?: string }, file = tamperLogPath(host)): string | undefined {
  try {
    const line = auditLine({ time: entry.time ?? new Date().toISOString(), kind: 'tampering', ...entry });
    mkdirSync(path.dirname(file), { recursive: true });
    let size = 0;
    try {
      size = statSync(file).size;
    } catch {
      // A first entry.
    }
    if (size + line.length > MAX_BYTES) {
      const kept = readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-KEEP_LINES + 1);
      writeFileSync(file, `${kept.join('\n')}\n${line}`, { mode: 0o600 });
    } else appendFileSync(file, line, { encoding: 'utf8', mode: 0o600 });
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The newest `limit` entries, newest first; an unreadable file is an empty record. */
export function readTampering(host: HostEnv, limit = 20, file = tamperLogPath(host)): TamperEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: TamperEntry[] = [];
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
    const e = lines[i].trim() ? parseTamperEntry(lines[i]) : undefined;
    if (e) out.push(e);
  }
  return out;
}
