/**
 * The confirm gate's wire protocol between a terminal (a shim or the shell hook, speaking through
 * bash's /dev/tcp) and the extension. Plain text, so that bash can speak it with builtins only.
 *
 * A request is one header line and a body:
 *
 *     BRGATE/1 <token> <kind> <pid> <cwd bytes> <line bytes>\n<cwd><line>
 *
 * The answer is one or more lines. Every line but the last is `wait` (a person is being asked: the
 * caller says so once) or `hold` (a heartbeat while the answer is pending, so the caller can tell a
 * slow person from a dead editor). The last line is one of:
 *
 *     allow | warn <text> | confirmed | deny <text> | unknown | error <text>
 *
 * `unknown` means "not for this editor" (a wrong token: the terminal outlived the window that set
 * it up, and the port now belongs to another one); the caller then asks the CLI instead. Anything
 * the caller does not understand counts as deny.
 *
 * The token in the terminal's environment has two halves. The request carries the first; every
 * answer that lets a command run carries the second (`allow <proof>`), so a process that took over
 * the port after the editor went away (another user's, say) learns only the first half and cannot
 * wave anything through: an unproven answer sends the caller to the CLI.
 *
 *     allow <proof> | warn <proof> <text> | confirmed <proof>
 */

export const GATE_MAGIC = 'BRGATE/1';
/** The header is short; a longer first line is not ours. */
export const MAX_HEADER_BYTES = 512;
/** Longer command lines are refused before they are read (the shims refuse them themselves). */
export const MAX_LINE_BYTES = 512 * 1024;
export const MAX_CWD_BYTES = 16 * 1024;
/** The caller gives up on an editor that sends nothing (not even `wait`) for this long. */
export const ANSWER_SILENCE_SECONDS = 15;
/** How often the extension says `hold` while an answer is pending. */
export const HEARTBEAT_MS = 5_000;

/**
 * Who asks: a shim (argv quoted by the shim), the bash hook or the zsh hook (typed lines), or an
 * agent's pre-tool hook (`hook`: the line is an EditorAsk as JSON, see hook-editor.ts; its answers
 * are signed).
 */
export type GateKind = 'shim' | 'bash' | 'zsh' | 'hook';
export const GATE_KINDS: readonly GateKind[] = ['shim', 'bash', 'zsh', 'hook'];
/** An agent hook's request carries the tool call's whole input (a file write's content): it may be longer. */
export const MAX_HOOK_LINE_BYTES = 4 * 1024 * 1024;

/** Length of a window's token in hex characters: a request key and a reply proof of 128 bits each. */
export const TOKEN_HEX = 64;

/** The half of the token a request carries. */
export function requestKeyOf(token: string): string {
  return token.slice(0, TOKEN_HEX / 2);
}

/** The half an answer that lets a command run carries. */
export function replyProofOf(token: string): string {
  return token.slice(TOKEN_HEX / 2);
}

export interface GateHeader {
  token: string;
  kind: GateKind;
  /** The asking process (the shell itself for the hooks). */
  pid: number;
  cwdBytes: number;
  lineBytes: number;
}

export interface GateRequest {
  kind: GateKind;
  pid: number;
  cwd: string;
  line: string;
}

export type GateVerdict = 'allow' | 'warn' | 'confirmed' | 'deny';

export interface GateAnswer {
  verdict: GateVerdict;
  /** For `deny`: the one line the caller prints on stderr. For `warn`: a short note. */
  reason?: string;
  /** For an agent hook's request: the window's signature over the request's nonce, input and verdict (hook-editor.ts). */
  signature?: string;
}

export type HeaderParse = { ok: true; header: GateHeader } | { ok: false; error: string };

const TOKEN = /^[0-9a-f]{16,128}$/;
const DECIMAL = /^(0|[1-9][0-9]{0,9})$/;

/** Parses the header line (without its newline). Never throws. */
export function parseHeader(text: string): HeaderParse {
  if (typeof text !== 'string' || text.length > MAX_HEADER_BYTES) return { ok: false, error: 'header too long' };
  const parts = text.split(' ');
  if (parts[0] !== GATE_MAGIC) return { ok: false, error: 'not a confirm-gate request' };
  if (parts.length !== 6) return { ok: false, error: `expected 6 header fields, got ${parts.length}` };
  const [, token, kind, pid, cwdBytes, lineBytes] = parts;
  if (!TOKEN.test(token)) return { ok: false, error: 'malformed token' };
  if (!(GATE_KINDS as readonly string[]).includes(kind)) return { ok: false, error: 'unknown kind' };
  if (!DECIMAL.test(pid) || !DECIMAL.test(cwdBytes) || !DECIMAL.test(lineBytes)) return { ok: false, error: 'malformed number' };
  return { ok: true, header: { token, kind: kind as GateKind, pid: Number(pid), cwdBytes: Number(cwdBytes), lineBytes: Number(lineBytes) } };
}

/** Why a well-formed header still cannot be served, or undefined when it can. */
export function headerLimitError(h: GateHeader): string | undefined {
  if (h.kind === 'hook') {
    if (h.lineBytes > MAX_HOOK_LINE_BYTES) return `the tool call is ${h.lineBytes} bytes, more than the ${MAX_HOOK_LINE_BYTES} bytes the editor reads`;
  } else if (h.lineBytes > MAX_LINE_BYTES) return `the command line is ${h.lineBytes} bytes, longer than the ${MAX_LINE_BYTES} bytes the confirm gate reads; split it up`;
  if (h.cwdBytes > MAX_CWD_BYTES) return 'the working directory path is too long';
  if (h.lineBytes === 0) return 'empty command line';
  return undefined;
}

/** The request as bytes (it carries the token's request half), for tests, the bench and TypeScript clients. */
export function encodeRequest(token: string, req: GateRequest): Uint8Array {
  const enc = new TextEncoder();
  const cwd = enc.encode(req.cwd);
  const line = enc.encode(req.line);
  const head = enc.encode(`${GATE_MAGIC} ${requestKeyOf(token)} ${req.kind} ${req.pid} ${cwd.length} ${line.length}\n`);
  const out = new Uint8Array(head.length + cwd.length + line.length);
  out.set(head, 0);
  out.set(cwd, head.length);
  out.set(line, head.length + cwd.length);
  return out;
}

/**
 * One line safe to print in a terminal: no control characters (an agent could otherwise smuggle
 * escape sequences into the user's terminal through a file name), no bidi overrides, bounded.
 */
export function oneLine(text: string, max = 700): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** The final answer line; `proof` is the token's reply half (see above). */
export function formatAnswer(a: GateAnswer, proof: string): string {
  if (a.signature !== undefined) return `signed ${a.verdict} ${a.signature}${a.reason ? ` ${oneLine(a.reason)}` : ''}\n`;
  switch (a.verdict) {
    case 'allow':
      return `allow ${proof}\n`;
    case 'confirmed':
      return `confirmed ${proof}\n`;
    case 'warn':
      return `warn ${proof} ${oneLine(a.reason ?? 'warning')}\n`;
    default:
      return `deny ${oneLine(a.reason ?? 'not run')}\n`;
  }
}

export const WAIT_LINE = 'wait\n';
export const HOLD_LINE = 'hold\n';
export const UNKNOWN_LINE = 'unknown\n';

export function errorLine(message: string): string {
  return `error ${oneLine(message, 200)}\n`;
}

/**
 * The answer line as a caller reads it: what it does not understand is a refusal, and an answer that
 * would let a command run without the right proof is 'unknown' (the caller then asks the CLI).
 */
export function parseAnswerLine(line: string, proof: string): GateAnswer | 'wait' | 'hold' | 'unknown' {
  if (line === 'wait') return 'wait';
  if (line === 'hold') return 'hold';
  if (line === 'unknown') return 'unknown';
  if (line.startsWith('deny ')) return { verdict: 'deny', reason: line.slice(5) };
  if (line.startsWith('error ')) return { verdict: 'deny', reason: line.slice(6) };
  const [verdict, given] = line.split(' ', 2);
  if (verdict === 'allow' || verdict === 'confirmed' || verdict === 'warn') {
    if (given !== proof || !proof) return 'unknown';
    if (verdict === 'warn') return { verdict, reason: line.slice(`warn ${proof} `.length) };
    return line === `${verdict} ${proof}` ? { verdict } : { verdict: 'deny', reason: 'unexpected answer from the editor' };
  }
  return { verdict: 'deny', reason: 'unexpected answer from the editor' };
}

/** Words that need no quotes in a POSIX shell (and mean the same to the engine bare). */
const BARE = /^[A-Za-z0-9_./=:,@%+^-]+$/;

/** Quotes one argv word the way the shims do (ask.bash's `__br_gate_quote` is the same rule). */
export function quoteWord(word: string): string {
  if (BARE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command line a shim sends for `program args…`. */
export function commandLineOf(program: string, args: readonly string[]): string {
  return [program, ...args].map(quoteWord).join(' ');
}
