/**
 * The stopped-state file (`stopped.json` in the user's data folder, beside `tampering.jsonl`): the
 * editor's Stop Agents writes it, its Resume removes it, and every agent hook call (the CLI hook
 * and the warm hook server alike) looks for it before anything else. Its presence is what stops
 * (src/core/stop.ts): a file that is there but cannot be read stops too, so only "no such file"
 * lets a call through. One `lstat` per call.
 */
import { appendFileSync, lstatSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { redactSecrets } from '../core/audit';
import { readStopRecord, STOP_FILE, type StopRecord } from '../core/stop';
import { writeFileAtomicSync } from './atomic-write';
import { dataDir, type HostEnv } from './hooks/paths';

export function stopFilePath(host: HostEnv): string {
  return path.join(dataDir(host), STOP_FILE);
}

/** Whether agents are stopped: the file, or anything in its place, is there (or cannot be looked at). */
export function isStopped(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // Missing is the one answer that lets calls through; a folder we may not look into stops.
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}

/** The file's text, or undefined when it is missing or unreadable (which still stops, see isStopped). */
export function readStopText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').slice(0, 4096);
  } catch {
    return undefined;
  }
}

/** What the file says, when agents are stopped; undefined when they are not. */
export function stoppedRecord(file: string): StopRecord | undefined {
  if (!isStopped(file)) return undefined;
  return readStopRecord(readStopText(file));
}

/** Writes the file whole (0600); throws what went wrong. */
export function writeStopFile(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, text, { mode: 0o600 });
}

/** Removes the file (Resume); a file already gone is fine. Throws anything else. */
export function removeStopFile(file: string): void {
  try {
    unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** The record of agent tool calls refused while stopped, read by the Resume dialog. */
export const STOPPED_CALLS_FILE = 'stopped-calls.jsonl';
const MAX_CALLS_BYTES = 64 * 1024;
const KEEP_CALLS = 100;

export function stoppedCallsPath(host: HostEnv): string {
  return path.join(dataDir(host), STOPPED_CALLS_FILE);
}

export interface StoppedCall {
  time: string;
  agent: string;
  /** The command line or `Write path`, secrets taken out. */
  what: string;
}

/** Appends one refused call; returns an error message instead of throwing (the answer is what matters). */
export function recordStoppedCall(host: HostEnv, call: { agent: string; what: string }, file = stoppedCallsPath(host)): string | undefined {
  try {
    const line = `${JSON.stringify({ time: new Date().toISOString(), agent: call.agent, what: redactSecrets(call.what.slice(0, 500)).text })}\n`;
    mkdirSync(path.dirname(file), { recursive: true });
    let size = 0;
    try {
      size = statSync(file).size;
    } catch {
      // A first entry.
    }
    if (size + line.length > MAX_CALLS_BYTES) {
      const kept = readFileSync(file, 'utf8').split('\n').filter(Boolean).slice(-KEEP_CALLS + 1);
      writeFileSync(file, `${kept.join('\n')}\n${line}`, { mode: 0o600 });
    } else appendFileSync(file, line, { encoding: 'utf8', mode: 0o600 });
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The calls refused since `sinceMs`, oldest first; an unreadable record is empty. */
export function readStoppedCalls(host: HostEnv, sinceMs: number, file = stoppedCallsPath(host)): StoppedCall[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: StoppedCall[] = [];
  for (const l of text.split('\n')) {
    try {
      const o = JSON.parse(l) as Partial<StoppedCall>;
      if (typeof o.time === 'string' && typeof o.agent === 'string' && typeof o.what === 'string' && Date.parse(o.time) >= sinceMs) out.push({ time: o.time, agent: o.agent, what: o.what });
    } catch {
      // Not an entry.
    }
  }
  return out;
}
