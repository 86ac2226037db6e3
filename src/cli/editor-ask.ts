/**
 * The one function a hook call uses to ask the editor: `askEditor`. A gate-level call (and an
 * ask-level one where the agent cannot ask) goes to the editor window that has the call's folder
 * open, which shows the confirm gate's own dialog before the tool runs; the answer is believed
 * only when the window signs it (core/gate/hook-editor.ts says why and how). Loaded only for such
 * calls: an allowed call never reaches this file.
 */
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import net from 'node:net';
import { EDITOR_ASK_VERSION, EDITOR_KEY_ENV, EDITOR_MARGIN_SECONDS, type AskFinding, type EditorAsk, type EditorWindow, parseHookAnswerLine, routeToWindow, signedText } from '../core/gate/hook-editor';
import { encodeRequest, oneLine } from '../core/gate/protocol';
import { answerFor, type Asking, type HookAgent, type HookAnswer } from '../core/hook-answer';
import { editorRegistryDir, readEditorWindows } from '../node/editor-registry';
import { cacheDir } from '../node/hooks/paths';

/** The timeout Blast Radius registers for its hooks (node/hooks/agents.ts) and VS Code's default for a hook without one. */
export const HOOK_TIMEOUT_SECONDS = 30;

/** What the engine hands over when a call should be asked in the editor (plain data: it crosses the warm server's socket). */
export interface EditorQuestion {
  /** The hook's agent, and the one whose format the answer takes (claude-code for VS Code's payloads). */
  agent: HookAgent;
  answerAs: HookAgent;
  dialect?: 'vscode';
  /** Standard input as the agent sent it. */
  payload: string;
  cwd: string;
  strictness: string;
  findings: AskFinding[];
  /** The CLI's own verdict message, for a refusal with no editor's reason. */
  message: string;
  /** The answer the CLI gives on its own (no editor to ask). */
  fallback: HookAnswer;
}

export type EditorOutcome =
  | { kind: 'confirmed' }
  | { kind: 'deny'; reason: string }
  /** No window to ask: the CLI's own answer stands. */
  | { kind: 'none'; why: string }
  /** A window answered but its answer cannot be believed, or none came in time: refused. */
  | { kind: 'refused'; why: string };

export interface AskEditorOptions {
  env: NodeJS.ProcessEnv;
  home: string;
  /** When the hook process started (ms since the epoch): the agent's timeout runs from there. */
  startedAt: number;
  /** The agent's hook timeout in seconds (HOOK_TIMEOUT_SECONDS by default). */
  hookTimeoutSeconds?: number;
  /** Where the registry is; by default the per-user cache folder's. */
  registryDir?: string;
  platform?: NodeJS.Platform;
}

/** The agent's hook timeout: the option, else BLAST_RADIUS_HOOK_TIMEOUT (for a hook registered with another timeout), else 30 s. */
export function hookTimeoutSeconds(opts: Pick<AskEditorOptions, 'env' | 'hookTimeoutSeconds'>): number {
  if (opts.hookTimeoutSeconds !== undefined) return opts.hookTimeoutSeconds;
  const n = Number(opts.env.BLAST_RADIUS_HOOK_TIMEOUT);
  return Number.isFinite(n) && n > EDITOR_MARGIN_SECONDS && n <= 3600 ? n : HOOK_TIMEOUT_SECONDS;
}

function digestHex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Whether `signature` is the window's (`key`, SPKI DER base64) over `text`. Never throws. */
export function signatureValid(key: string, text: string, signature: string): boolean {
  try {
    const pub = createPublicKey({ key: Buffer.from(key, 'base64'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(text, 'utf8'), pub, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The window for this call: the one with its folder open, when it is the window this agent runs under. */
export function windowFor(q: Pick<EditorQuestion, 'cwd'>, opts: AskEditorOptions): { window: EditorWindow; key: string } | { none: string } {
  const key = opts.env[EDITOR_KEY_ENV];
  if (!key) return { none: 'the agent was not started by an editor window with Blast Radius' };
  let dir = opts.registryDir;
  if (dir === undefined) {
    const cache = cacheDir({ env: opts.env, home: opts.home, platform: opts.platform ?? process.platform });
    if (cache === undefined) return { none: 'no per-user folder to find editor windows in' };
    dir = editorRegistryDir(cache);
  }
  const w = routeToWindow(readEditorWindows(dir), q.cwd, (opts.platform ?? process.platform) === 'win32');
  if (!w) return { none: `no editor window has ${q.cwd} open` };
  // Only the window whose key the agent inherited can be believed (a file anyone can write names the others).
  if (w.key !== key) return { none: `the window that has ${q.cwd} open is not the one this agent was started from` };
  return { window: w, key };
}

/**
 * Asks the editor window for this call and waits for a person's answer, until the agent's own
 * hook timeout less a margin. Never throws.
 */
export function askEditor(q: EditorQuestion, opts: AskEditorOptions): Promise<EditorOutcome> {
  const found = windowFor(q, opts);
  if ('none' in found) return Promise.resolve({ kind: 'none', why: found.none });
  const { window: w, key } = found;
  const deadline = opts.startedAt + (hookTimeoutSeconds(opts) - EDITOR_MARGIN_SECONDS) * 1000;
  const nonce = randomBytes(16).toString('hex');
  const inputSha = digestHex(q.payload);
  const ask: EditorAsk = {
    v: EDITOR_ASK_VERSION,
    nonce,
    agent: q.agent,
    ...(q.dialect ? { dialect: q.dialect } : {}),
    payload: q.payload,
    cwd: q.cwd,
    findings: q.findings,
    strictness: q.strictness,
    deadline,
  };
  const request = encodeRequest(`${w.requestKey}${'0'.repeat(32)}`, { kind: 'hook', pid: process.pid, cwd: q.cwd, line: JSON.stringify(ask) });
  return new Promise((resolve) => {
    let settled = false;
    let buffered = '';
    let asked = false;
    const done = (o: EditorOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      conn.destroy();
      resolve(o);
    };
    const conn = net.createConnection({ host: '127.0.0.1', port: w.port });
    const timer = setTimeout(
      () => done(asked ? { kind: 'refused', why: 'nobody answered in the editor before the agent stops waiting' } : { kind: 'refused', why: 'the editor window did not answer in time' }),
      Math.max(0, deadline - Date.now()),
    );
    conn.setNoDelay(true);
    conn.on('connect', () => conn.write(request));
    conn.on('error', (e: NodeJS.ErrnoException) => {
      // Nothing listens: the window is gone and its entry is stale.
      done(e.code === 'ECONNREFUSED' ? { kind: 'none', why: 'the editor window that had this folder open is gone' } : { kind: 'refused', why: `the editor could not be reached (${e.code ?? e.message})` });
    });
    conn.on('data', (d: Buffer) => {
      buffered += d.toString('utf8');
      if (buffered.length > 64 * 1024) return done({ kind: 'refused', why: 'the editor sent an answer too long to be one' });
      let nl: number;
      while ((nl = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const a = parseHookAnswerLine(line);
        if (a === 'wait') asked = true;
        else if (a === 'hold') continue;
        else if (a === 'unknown') return done({ kind: 'none', why: 'the editor window does not take this request (another window now holds its port)' });
        else if (a === 'unsigned') return done({ kind: 'refused', why: `an answer not signed by the editor window (${oneLine(line, 80)})` });
        else if (!signatureValid(key, signedText(nonce, inputSha, a.verdict), a.signature)) return done({ kind: 'refused', why: 'an answer whose signature is not the editor window\'s' });
        else return done(a.verdict === 'confirmed' ? { kind: 'confirmed' } : { kind: 'deny', reason: a.reason ?? 'refused in the editor' });
      }
    });
    conn.on('end', () => done({ kind: 'refused', why: 'the editor closed the connection without an answer' }));
  });
}

/** What the hook prints for the editor's outcome. */
export function editorAnswer(q: EditorQuestion, o: EditorOutcome): HookAnswer {
  if (o.kind === 'none') return q.fallback;
  if (o.kind === 'confirmed') return answerFor(q.answerAs, { kind: 'allow' });
  const message = o.kind === 'deny' ? `Blast Radius: ${o.reason}` : `${q.message}\nThe editor's confirmation could not be used: ${o.why}.`;
  // A refusal: no "ask" left to the agent, whatever it could do.
  const noAsk: Asking = { asks: false, mode: 'editor' };
  return answerFor(q.answerAs, { kind: 'gate', message, strictness: 'paranoid' }, noAsk);
}
