/**
 * The extension's end of the confirm gate's channel: a TCP server on 127.0.0.1 (a port the kernel
 * picks) that only answers requests carrying the random token of this window. Pure Node: the
 * decision is injected (`decide`), so tests and the bench run it without VS Code.
 *
 * Hostile input is expected: the header is bounded and parsed strictly, the body is never read
 * past its declared size or beyond the limits, a request must arrive within a few seconds, bad
 * tokens and malformed requests are counted and a flood of them is dropped unread, and nothing a
 * client sends can throw out of a handler.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { plainRefusal } from '../core/gate/answer';
import {
  errorLine,
  formatAnswer,
  type GateAnswer,
  type GateRequest,
  headerLimitError,
  HEARTBEAT_MS,
  HOLD_LINE,
  MAX_HEADER_BYTES,
  parseHeader,
  replyProofOf,
  requestKeyOf,
  TOKEN_HEX,
  UNKNOWN_LINE,
  WAIT_LINE,
} from '../core/gate/protocol';

export interface DecideContext {
  /** Aborted when the asking process goes away (Ctrl-C, killed) before the answer. */
  signal: AbortSignal;
  /** Call when a person is about to be asked: the terminal says it is waiting for a confirmation. */
  waiting(): void;
}

/** The answer for a request, or 'unknown': this editor cannot judge it now and the caller should ask the CLI. */
export type Decide = (req: GateRequest, ctx: DecideContext) => Promise<GateAnswer | 'unknown'> | GateAnswer | 'unknown';

export interface GateChannelLimits {
  /** Open connections at once; more are closed at once (the caller then asks the CLI). */
  maxConnections: number;
  /** The whole request must arrive within this. */
  requestTimeoutMs: number;
  /** Authenticated requests per second (a token bucket of twice this); beyond it callers ask the CLI. */
  requestsPerSecond: number;
  /** Bad tokens and malformed requests tolerated per window; past that, new connections are dropped unread. */
  badPerWindow: number;
  badWindowMs: number;
  heartbeatMs: number;
}

export const DEFAULT_LIMITS: Readonly<GateChannelLimits> = {
  maxConnections: 256,
  requestTimeoutMs: 5_000,
  requestsPerSecond: 1_000,
  badPerWindow: 50,
  badWindowMs: 10_000,
  heartbeatMs: HEARTBEAT_MS,
};

export interface GateChannelOptions {
  token: string;
  decide: Decide;
  limits?: Partial<GateChannelLimits>;
  /** Where problems go (bad requests are summarised, at most once per window). */
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface GateChannelStats {
  requests: number;
  answered: number;
  badToken: number;
  malformed: number;
  dropped: number;
  rateLimited: number;
}

/** A fresh token for a window: 32 random bytes, hex (a request key and a reply proof). */
export function newGateToken(): string {
  return randomBytes(32).toString('hex');
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Constant-time comparison, whatever the lengths. */
export function tokensEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export class GateChannel {
  private server: net.Server | undefined;
  private readonly limits: GateChannelLimits;
  private readonly expected: Buffer;
  private readonly proof: string;
  private readonly sockets = new Set<net.Socket>();
  private badCount = 0;
  private badWindowStart = 0;
  private badReported = false;
  private bucket: number;
  private bucketAt = Date.now();
  readonly stats: GateChannelStats = { requests: 0, answered: 0, badToken: 0, malformed: 0, dropped: 0, rateLimited: 0 };

  constructor(private readonly opts: GateChannelOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    if (!new RegExp(`^[0-9a-f]{${TOKEN_HEX}}$`).test(opts.token)) throw new Error(`a confirm-gate token is ${TOKEN_HEX} hex digits`);
    this.expected = digest(requestKeyOf(opts.token));
    this.proof = replyProofOf(opts.token);
    this.bucket = this.limits.requestsPerSecond * 2;
  }

  /** Listens on 127.0.0.1 at `port`, or at a port the kernel picks; resolves with it. */
  listen(port = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = net.createServer({ allowHalfOpen: false, pauseOnConnect: false }, (socket) => this.accept(socket));
      server.maxConnections = this.limits.maxConnections;
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
        server.off('error', reject);
        server.on('error', (e) => this.log('error', `confirm gate channel: ${String(e)}`));
        this.server = server;
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  }

  get port(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    try {
      this.opts.log?.(level, message);
    } catch {
      // Logging must never take the channel down.
    }
  }

  private bad(kind: 'badToken' | 'malformed', detail: string): void {
    this.stats[kind]++;
    const now = Date.now();
    if (now - this.badWindowStart > this.limits.badWindowMs) {
      this.badWindowStart = now;
      this.badCount = 0;
      this.badReported = false;
    }
    this.badCount++;
    if (!this.badReported) {
      this.badReported = true;
      this.log('warn', `confirm gate channel: refused a request (${detail}); further ones in the next ${this.limits.badWindowMs / 1000} s are counted, not logged`);
    }
  }

  private flooded(): boolean {
    return Date.now() - this.badWindowStart <= this.limits.badWindowMs && this.badCount >= this.limits.badPerWindow;
  }

  private takeToken(): boolean {
    const now = Date.now();
    const cap = this.limits.requestsPerSecond * 2;
    this.bucket = Math.min(cap, this.bucket + ((now - this.bucketAt) / 1000) * this.limits.requestsPerSecond);
    this.bucketAt = now;
    if (this.bucket < 1) return false;
    this.bucket -= 1;
    return true;
  }

  private accept(socket: net.Socket): void {
    if (this.flooded()) {
      this.stats.dropped++;
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const controller = new AbortController();
    let finished = false;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    const stop = (): void => {
      clearTimeout(deadline);
      if (heartbeat) clearInterval(heartbeat);
    };
    const write = (text: string): void => {
      if (!socket.destroyed && socket.writable) socket.write(text);
    };
    const finish = (text: string): void => {
      if (finished) return;
      finished = true;
      stop();
      if (!socket.destroyed) socket.end(text);
    };
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      stop();
      if (!finished) controller.abort();
    });
    const deadline = setTimeout(() => {
      if (reading) {
        this.bad('malformed', 'it did not arrive in time');
        finish(errorLine('the request did not arrive in time'));
        socket.destroy();
      }
    }, this.limits.requestTimeoutMs);

    let reading = true;
    let head: Buffer = Buffer.alloc(0);
    let header: ReturnType<typeof parseHeader> | undefined;
    let need = 0;
    const body: Buffer[] = [];
    let got = 0;

    const onData = (chunk: Buffer): void => {
      try {
        if (!reading) return;
        let rest = chunk;
        if (!header) {
          const joined = head.length ? Buffer.concat([head, chunk]) : chunk;
          const nl = joined.indexOf(10);
          if (nl === -1) {
            if (joined.length > MAX_HEADER_BYTES) return reject('malformed', 'header too long', errorLine('header too long'));
            head = joined;
            return;
          }
          if (nl > MAX_HEADER_BYTES) return reject('malformed', 'header too long', errorLine('header too long'));
          header = parseHeader(joined.subarray(0, nl).toString('latin1'));
          rest = joined.subarray(nl + 1);
          head = Buffer.alloc(0);
          if (!header.ok) return reject('malformed', header.error, errorLine(header.error));
          if (!timingSafeEqual(digest(header.header.token), this.expected)) return reject('badToken', 'wrong token', UNKNOWN_LINE);
          this.stats.requests++;
          if (!this.takeToken()) {
            this.stats.rateLimited++;
            return stopReading(UNKNOWN_LINE);
          }
          const limit = headerLimitError(header.header);
          if (limit) return stopReading(formatAnswer(plainRefusal(limit), this.proof));
          need = header.header.cwdBytes + header.header.lineBytes;
        }
        if (rest.length) {
          body.push(rest);
          got += rest.length;
        }
        if (got > need) return reject('malformed', 'more bytes than declared', errorLine('more bytes than declared'));
        if (got === need && header?.ok) {
          reading = false;
          socket.off('data', onData);
          const all = Buffer.concat(body, got);
          const h = header.header;
          const cwd = all.subarray(0, h.cwdBytes).toString('utf8');
          const line = all.subarray(h.cwdBytes).toString('utf8');
          void serve({ kind: h.kind, pid: h.pid, cwd: path.isAbsolute(cwd) ? cwd : '', line });
        }
      } catch (e) {
        reject('malformed', `unreadable (${String(e)})`, errorLine('unreadable request'));
      }
    };

    const reject = (kind: 'badToken' | 'malformed', detail: string, answer: string): void => {
      reading = false;
      socket.off('data', onData);
      this.bad(kind, detail);
      finish(answer);
    };

    const stopReading = (answer: string): void => {
      reading = false;
      socket.off('data', onData);
      finish(answer);
    };

    const serve = async (req: GateRequest): Promise<void> => {
      clearTimeout(deadline);
      heartbeat = setInterval(() => write(HOLD_LINE), this.limits.heartbeatMs);
      let told = false;
      let answer: GateAnswer | 'unknown';
      try {
        answer = await this.opts.decide(req, {
          signal: controller.signal,
          waiting: () => {
            if (told || finished) return;
            told = true;
            write(WAIT_LINE);
          },
        });
      } catch (e) {
        this.log('error', `confirm gate: deciding failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        answer = plainRefusal('Blast Radius failed while checking this command');
      }
      this.stats.answered++;
      finish(answer === 'unknown' ? UNKNOWN_LINE : formatAnswer(answer, this.proof));
    };

    socket.on('data', onData);
  }
}

/** The process and its ancestors, nearest first: read with the hook's process reader. */
export { processAncestors } from './process-tree';
