/**
 * An agent's pre-tool hook asking the editor window that has its folder open, over the confirm
 * gate's channel (protocol.ts, kind `hook`). Pure: what is sent, how a window is chosen, what an
 * answer must say to be believed. The I/O is src/cli/editor-ask.ts (the hook's side) and
 * src/extension/terminal-gate.ts (the window's side).
 *
 * The agent runs as the same user as the editor and can read every file either writes, so nothing
 * on disk is a secret. What the hook believes instead is a signature: each window makes an Ed25519
 * key pair at start, keeps the private key in memory only and puts the public key in the
 * environment of the processes it starts (its extension host, where VS Code runs agent hooks and
 * the agents of other extensions; and its terminals). A tool the agent runs can read that public
 * key but cannot change the environment of the agent that started it, so the hook knows which
 * key the real window signs with. The window signs the request's nonce (fresh per call), the
 * SHA-256 of the exact tool input and its verdict: a foreign listener cannot sign, a replayed
 * answer names another nonce, and a stale entry of a dead window leads nowhere. Whatever does not
 * check out counts as no editor, and a gate-level call is then denied.
 */
import type { VerdictFinding } from '../hook-answer';

export const EDITOR_ASK_VERSION = 1;
/** The environment variable with the window's public key (SPKI DER, base64). */
export const EDITOR_KEY_ENV = 'BLAST_RADIUS_EDITOR_KEY';
/** Seconds before the agent's hook timeout the editor's answer must be in (to print it and exit). */
export const EDITOR_MARGIN_SECONDS = 5;

/** A finding as the hook hands it to the editor's dialog: the verdict's own (`where` is `path:line` for an edit). */
export type AskFinding = VerdictFinding;

/** What the hook sends (as JSON, the request's line). */
export interface EditorAsk {
  v: typeof EDITOR_ASK_VERSION;
  /** 32 hex digits, fresh for this call. */
  nonce: string;
  /** The hook's agent id (claude-code, codex, …); `dialect` says when VS Code's own agent sent the call. */
  agent: string;
  dialect?: 'vscode';
  /** The tool call's input exactly as the agent sent it: the window reads it (and its digest) itself. */
  payload: string;
  cwd: string;
  /** The CLI's findings: what the dialog shows for a file change (a command is judged again by the window). */
  findings: AskFinding[];
  strictness: string;
  /** When the hook stops waiting (ms since the epoch): the dialog's deadline. */
  deadline: number;
}

/** One window's entry in the per-user registry (written by the window, 0600, in a 0700 folder). */
export interface EditorWindow {
  v: typeof EDITOR_ASK_VERSION;
  pid: number;
  port: number;
  /** The request half of the window's gate token (protocol.ts). */
  requestKey: string;
  /** The window's public key, as in EDITOR_KEY_ENV. */
  key: string;
  /** The window's folders (absolute paths). */
  folders: string[];
}

const HEX32 = /^[0-9a-f]{32}$/;

/** The JSON object a text holds, or undefined (not JSON, or not an object). Never throws. */
function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const o: unknown = JSON.parse(text);
    return o && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
const KEY = /^[A-Za-z0-9+/=]{40,200}$/;

/** A registry entry as written, or undefined when it is not one. Never throws. */
export function parseEditorWindow(text: string): EditorWindow | undefined {
  const w = jsonObject(text);
  if (!w) return undefined;
  if (w.v !== EDITOR_ASK_VERSION || !Number.isInteger(w.pid) || !Number.isInteger(w.port) || (w.port as number) < 1 || (w.port as number) > 65535) return undefined;
  if (typeof w.requestKey !== 'string' || !HEX32.test(w.requestKey) || typeof w.key !== 'string' || !KEY.test(w.key)) return undefined;
  if (!Array.isArray(w.folders) || w.folders.length > 256 || !w.folders.every((f) => typeof f === 'string' && f.length > 0 && f.length < 4096)) return undefined;
  return { v: EDITOR_ASK_VERSION, pid: w.pid as number, port: w.port as number, requestKey: w.requestKey, key: w.key, folders: w.folders as string[] };
}

function trimSep(p: string): string {
  return p.length > 1 ? p.replace(/[\\/]+$/, '') : p;
}

/** Whether `dir` is `folder` or inside it (paths as the platform writes them; Windows compares without case). */
export function insideFolder(dir: string, folder: string, windows = false): boolean {
  const norm = (p: string): string => (windows ? trimSep(p.replace(/\//g, '\\')).toLowerCase() : trimSep(p));
  const d = norm(dir);
  const f = norm(folder);
  const sep = windows ? '\\' : '/';
  return d === f || d.startsWith(f.endsWith(sep) ? f : f + sep);
}

/**
 * The window a call from `cwd` goes to: the one with the deepest folder containing it (a window
 * of a subfolder wins over a window of its parent), or undefined when no window has it open.
 */
export function routeToWindow(windows: readonly EditorWindow[], cwd: string, win = false): EditorWindow | undefined {
  let best: EditorWindow | undefined;
  let depth = -1;
  for (const w of windows) {
    for (const f of w.folders) {
      if (!insideFolder(cwd, f, win)) continue;
      const len = trimSep(f).length;
      if (len > depth) {
        depth = len;
        best = w;
      }
    }
  }
  return best;
}

/** The text a window signs for an answer: the nonce, the input's SHA-256 (hex) and the verdict. */
export function signedText(nonce: string, inputSha256: string, verdict: 'confirmed' | 'deny'): string {
  return `BRHOOK/${EDITOR_ASK_VERSION} ${nonce} ${inputSha256} ${verdict}`;
}

export type SignedAnswer = { verdict: 'confirmed' | 'deny'; signature: string; reason?: string };

/**
 * An answer line to a hook's request: `signed <confirmed|deny> <signature> [reason]`, a progress
 * line (`wait`, `hold`), `unknown` (not for this window), or 'unsigned' (anything else: an answer
 * the hook cannot believe).
 */
export function parseHookAnswerLine(line: string): SignedAnswer | 'wait' | 'hold' | 'unknown' | 'unsigned' {
  if (line === 'wait' || line === 'hold' || line === 'unknown') return line;
  const m = /^signed (confirmed|deny) ([A-Za-z0-9+/=]{1,200})(?: (.*))?$/.exec(line);
  if (!m) return 'unsigned';
  return { verdict: m[1] as 'confirmed' | 'deny', signature: m[2], ...(m[3] ? { reason: m[3] } : {}) };
}

/** Whether an ask is well formed (the window's side). Never throws. */
export function parseEditorAsk(text: string): EditorAsk | undefined {
  const a = jsonObject(text);
  if (!a) return undefined;
  if (a.v !== EDITOR_ASK_VERSION || typeof a.nonce !== 'string' || !HEX32.test(a.nonce) || typeof a.agent !== 'string' || typeof a.payload !== 'string') return undefined;
  if (typeof a.cwd !== 'string' || typeof a.strictness !== 'string' || typeof a.deadline !== 'number' || !Array.isArray(a.findings)) return undefined;
  const findings: AskFinding[] = [];
  for (const f of a.findings.slice(0, 16)) {
    const x = f as Record<string, unknown> | null;
    if (!x || typeof x.ruleId !== 'string' || typeof x.severity !== 'string' || typeof x.message !== 'string' || typeof x.alternative !== 'string') return undefined;
    findings.push({
      ruleId: x.ruleId.slice(0, 40),
      severity: x.severity.slice(0, 20),
      message: x.message.slice(0, 2000),
      alternative: x.alternative.slice(0, 2000),
      ...(typeof x.where === 'string' ? { where: x.where.slice(0, 1000) } : {}),
      ...(typeof x.score === 'number' && Number.isFinite(x.score) ? { score: x.score } : {}),
    });
  }
  return {
    v: EDITOR_ASK_VERSION,
    nonce: a.nonce,
    agent: a.agent.slice(0, 40),
    ...(a.dialect === 'vscode' ? { dialect: 'vscode' as const } : {}),
    payload: a.payload,
    cwd: a.cwd,
    findings,
    strictness: a.strictness.slice(0, 20),
    deadline: a.deadline,
  };
}

/**
 * One tool call as every hook of it sees it, or undefined when the payload names no call. VS Code
 * runs each hook file that registers for the event, so a project with our hook for VS Code and for
 * Copilot CLI in `.github/hooks/` sends the same call twice; both payloads carry the call's
 * `tool_use_id` (and Claude Code's hooks the same), with the same tool and input. The identity holds
 * the tool and its exact input too: an answer is reused only for the very change the person saw,
 * never for another call that borrows the id. Without an id nothing is shared: the same command
 * issued twice is two calls, each asked.
 */
export function hookCallIdentity(payload: string): string | undefined {
  const o = jsonObject(payload);
  if (!o) return undefined;
  const id = o.tool_use_id;
  const tool = o.tool_name;
  if (typeof id !== 'string' || !id || typeof tool !== 'string') return undefined;
  const session = typeof o.sessionId === 'string' ? o.sessionId : typeof o.session_id === 'string' ? o.session_id : '';
  return JSON.stringify([session, id, tool, o.tool_input ?? null]);
}

/**
 * The answers the window gave to hook calls, by call identity: a second hook asking about a call
 * that is being or was just answered waits for that answer instead of showing a second dialog. An
 * answer stays `ttlMs` after it is given (the hooks of one call run back to back); at most `max`
 * are kept.
 */
export class RecentHookAnswers<T> {
  private readonly entries = new Map<string, { answer: Promise<T>; expires?: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly max = 256,
  ) {}

  /** The answer for this call, given or on its way; undefined when there is none (or it is stale). */
  get(key: string): Promise<T> | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires !== undefined && e.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.answer;
  }

  /**
   * The answer for a call: the one another hook of it got (or is getting), when `reusable` takes
   * it, else `ask()`'s, which then serves the call's other hooks. `until` ends the wait for an
   * earlier answer (the asking hook's deadline). Without a key every call asks.
   */
  async once(key: string | undefined, ask: () => Promise<T>, reusable: (answer: T) => boolean, until?: Promise<T>): Promise<{ answer: T; shared: boolean }> {
    const earlier = key === undefined ? undefined : this.get(key);
    if (earlier) {
      const answer = await (until ? Promise.race([earlier, until]) : earlier);
      if (reusable(answer)) return { answer, shared: true };
    }
    const asked = ask();
    if (key !== undefined) this.set(key, asked);
    return { answer: await asked, shared: false };
  }

  /** Records the answer a dialog is about to give; it counts for others from now until `ttlMs` after it settles. */
  set(key: string, answer: Promise<T>): void {
    const e: { answer: Promise<T>; expires?: number } = { answer };
    this.entries.set(key, e);
    const done = (): void => {
      e.expires = this.now() + this.ttlMs;
    };
    answer.then(done, done);
    if (this.entries.size > this.max) {
      for (const [k, v] of this.entries) {
        if (this.entries.size <= this.max) break;
        if (v.expires !== undefined) this.entries.delete(k);
      }
    }
  }
}
