/**
 * What hook.js and the warm hook server (hook-server.ts) agree on: where the server listens and
 * what they say to each other.
 *
 * An agent starts a new process for every tool call. Node itself starts in ~25 ms; loading the
 * engine, and for some lines the shell grammar's WebAssembly (which Node cannot cache), costs as
 * much again. A server started by an earlier call keeps all of that loaded, so a call is a Node
 * start plus one round trip on a Unix socket. The socket lives in the user's own 0700 folder
 * (the code cache's), named after the exact bundles and Node it was started with, so a server of
 * another version is never asked. The server judges each call in the caller's working directory
 * and environment, reading the policy files afresh, and reads whether the agent can ask from the
 * caller's parent processes (the caller sends its pid), so its answer is the one hook.js would
 * give on its own; whatever goes wrong with it, hook.js answers on its own.
 *
 * POSIX only (Windows answers in process). `BLAST_RADIUS_HOOK_SERVER=off` turns it off.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fnv1a } from '../core/fnv';
import type { EditorQuestion } from './editor-ask';

/** Bumped when a request or reply changes shape (2: hook requests name their caller; 3: a reply may hand over an editor question). */
export const WIRE_VERSION = 3;

/** The bundles a server has loaded: a change to any of them means another server. */
export const SERVER_BUNDLES = ['engine.js', 'engine-core.js', 'engine-more.js', 'hook-server.js'] as const;

/** Unix socket paths are limited to 108 bytes on Linux, 104 on macOS. */
const MAX_SOCKET_PATH = 100;

export type ServerRequest =
  | {
      v: typeof WIRE_VERSION;
      op: 'hook';
      argv: string[];
      cwd: string;
      /** The caller's whole environment: the server takes it on for the call. */
      env: Record<string, string>;
      /** The caller's pid and parent pid: the agent is found among its parents, not the server's. */
      caller: { pid: number; ppid: number };
      /** Standard input, base64 (byte for byte). */
      input: string;
    }
  | { v: typeof WIRE_VERSION; op: 'status' }
  | { v: typeof WIRE_VERSION; op: 'stop' };

export type ServerReply =
  | {
      v: typeof WIRE_VERSION;
      ok: true;
      op: 'hook';
      stdout: string;
      stderr: string;
      exitCode: number;
      /** The call goes to the editor (editor-ask.ts): the caller asks it, and prints its answer instead of `stdout`. */
      editor?: EditorQuestion;
    }
  | { v: typeof WIRE_VERSION; ok: true; op: 'status'; pid: number; served: number; startedAt: number; idleSeconds: number }
  | { v: typeof WIRE_VERSION; ok: true; op: 'stop'; pid: number }
  | { v: typeof WIRE_VERSION; ok: false; error: string };

/** True when the environment turns the server off. */
export function serverOff(env: NodeJS.ProcessEnv): boolean {
  const v = env.BLAST_RADIUS_HOOK_SERVER;
  return v !== undefined && /^(off|0|false|no)$/i.test(v.trim());
}

/** Seconds a server waits for a call before it exits: BLAST_RADIUS_HOOK_SERVER_IDLE, else 10 minutes. */
export function idleSeconds(env: NodeJS.ProcessEnv): number {
  const n = Number(env.BLAST_RADIUS_HOOK_SERVER_IDLE);
  return Number.isFinite(n) && n >= 1 && n <= 86_400 ? Math.floor(n) : 600;
}

/** The identity of the bundles in `distDir` (device, inode, size, time): undefined if one is missing. */
export function bundleStamp(distDir: string): string | undefined {
  const parts: string[] = [];
  for (const b of SERVER_BUNDLES) {
    try {
      const st = statSync(path.join(distDir, b));
      parts.push(`${b}:${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}`);
    } catch {
      return undefined;
    }
  }
  return parts.join(' ');
}

/**
 * The socket a server for these bundles and this Node (`node`: binary, version, flags) listens on,
 * inside `dir` (the user's 0700 folder, already checked), or undefined where there is none to use.
 */
export function serverSocket(dir: string, distDir: string, node: string): string | undefined {
  const stamp = bundleStamp(distDir);
  if (stamp === undefined) return undefined;
  const sock = path.join(dir, `hook-${fnv1a(`${WIRE_VERSION} ${node} ${distDir} ${stamp}`)}.sock`);
  return Buffer.byteLength(sock) <= MAX_SOCKET_PATH ? sock : undefined;
}

/** The servers' sockets in `dir` (any version), or none when it cannot be read. */
export function serverSockets(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((n) => /^hook-[0-9a-f]{8}\.sock$/.test(n))
      .map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}

/** One JSON document per connection: the sender ends its side when done. */
export function encode(msg: ServerRequest | ServerReply): Buffer {
  return Buffer.from(JSON.stringify(msg), 'utf8');
}

/** A reply as sent, or undefined when it is not one (a foreign or broken server). */
export function decodeReply(buf: Buffer): ServerReply | undefined {
  try {
    const r = JSON.parse(buf.toString('utf8')) as ServerReply;
    if (typeof r !== 'object' || r === null || r.v !== WIRE_VERSION || typeof r.ok !== 'boolean') return undefined;
    if (r.ok && r.op === 'hook' && (typeof r.stdout !== 'string' || typeof r.stderr !== 'string' || !Number.isInteger(r.exitCode))) return undefined;
    if (r.ok && r.op === 'hook' && r.editor !== undefined && !editorQuestionShape(r.editor)) return undefined;
    return r;
  } catch {
    return undefined;
  }
}

/** A request as sent, or undefined. */
export function decodeRequest(buf: Buffer): ServerRequest | undefined {
  try {
    const r = JSON.parse(buf.toString('utf8')) as ServerRequest;
    if (typeof r !== 'object' || r === null || r.v !== WIRE_VERSION) return undefined;
    if (r.op === 'status' || r.op === 'stop') return r;
    if (r.op !== 'hook') return undefined;
    if (!Array.isArray(r.argv) || !r.argv.every((a) => typeof a === 'string')) return undefined;
    if (typeof r.cwd !== 'string' || !path.isAbsolute(r.cwd) || typeof r.input !== 'string') return undefined;
    if (typeof r.env !== 'object' || r.env === null || !Object.values(r.env).every((v) => typeof v === 'string')) return undefined;
    const c = r.caller as { pid?: unknown; ppid?: unknown } | null | undefined;
    if (typeof c !== 'object' || c === null || !Number.isInteger(c.pid) || !Number.isInteger(c.ppid)) return undefined;
    return r;
  } catch {
    return undefined;
  }
}

/** Whether a reply's editor question has the fields hook.js reads. */
function editorQuestionShape(q: unknown): boolean {
  const e = q as Partial<EditorQuestion> | null;
  return (
    typeof e === 'object' && e !== null && typeof e.agent === 'string' && typeof e.answerAs === 'string' && typeof e.payload === 'string' && typeof e.cwd === 'string' &&
    typeof e.message === 'string' && Array.isArray(e.findings) && typeof e.fallback === 'object' && e.fallback !== null && typeof e.fallback.stdout === 'string' && Number.isInteger(e.fallback.exitCode)
  );
}
