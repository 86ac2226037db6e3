/**
 * The audit trail as plain data: which secrets are taken out of a line before it is written,
 * how an entry becomes one JSON line, and when the file rotates. The extension does the I/O.
 *
 * Redaction errs on the side of hiding too much: an audit trail is read by people who should see
 * what ran, never the credentials it ran with.
 */

export const AUDIT_FILE = 'audit.jsonl';
export const AUDIT_ROTATED_FILE = 'audit.1.jsonl';
/** The live file rotates when the next write would take it past this size. */
export const AUDIT_MAX_BYTES = 5 * 1024 * 1024;
/** No single field grows a line past this; the rest is cut with a marker. */
export const AUDIT_MAX_FIELD_CHARS = 8 * 1024;
/** Redaction reads at most this much of one text; the rest is dropped, never written unread. */
export const REDACT_MAX_CHARS = 64 * 1024;

export const REDACTED = '[REDACTED]';

interface Pattern {
  name: string;
  re: RegExp;
  /** Builds the replacement from the match and its groups; returns the match to keep it. */
  replace: (match: string, ...groups: string[]) => string;
}

/** A value as the shell writes it: quoted (spaces and all) or one bare word. */
const VALUE = String.raw`(?:'[^'\n]{0,1024}'|"[^"\n]{0,1024}"|[^\s'"]{1,1024})`;

const keepPrefix = (_m: string, prefix: string): string => `${prefix}${REDACTED}`;
const whole = (): string => REDACTED;

/** Words that make a variable, key or option name a secret's name. */
const SECRET_NAME = /password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|session[_-]?key|mysql_pwd|auth[_-]?key/i;

/**
 * Every pattern is linear: character classes that cannot overlap their neighbours, bounded
 * repeats, no nested quantifiers. Order matters where a later pattern would only catch part of an
 * earlier one.
 */
const PATTERNS: readonly Pattern[] = [
  // URLs with credentials: keep the scheme and user, hide the password.
  { name: 'url-credentials', re: /\b([a-z][a-z0-9+.-]{0,20}:\/\/[^\s:/@'"]{1,256}):[^\s@/'"]{1,256}@/gi, replace: (_m, prefix) => `${prefix}:${REDACTED}@` },
  // Provider tokens with recognisable shapes.
  { name: 'aws-access-key', re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/g, replace: whole },
  { name: 'github-token', re: /\bgh[pousr]_[A-Za-z0-9]{20,255}\b/g, replace: whole },
  { name: 'github-pat', re: /\bgithub_pat_[A-Za-z0-9_]{20,255}/g, replace: whole },
  { name: 'gitlab-token', re: /\bglpat-[A-Za-z0-9_-]{20,255}/g, replace: whole },
  { name: 'slack-token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,255}/g, replace: whole },
  // OpenAI, Anthropic, Stripe and friends: a prefix, then a long run with digits in it.
  { name: 'secret-key', re: /\b(?:sk|rk)[-_][A-Za-z0-9_-]{16,255}/g, replace: (m) => (/[0-9]/.test(m) ? REDACTED : m) },
  { name: 'google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}/g, replace: whole },
  { name: 'npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/g, replace: whole },
  { name: 'jwt', re: /\beyJ[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{8,4096}\.[A-Za-z0-9_-]{8,4096}/g, replace: whole },
  // Authorization headers and bearer tokens.
  {
    name: 'auth-header',
    re: /\b((?:proxy-)?(?:authorization|x-api-key|api-key|private-token|x-auth-token)\s{0,8}:\s{0,8})(?:(?:bearer|basic|token|digest)\s{1,8})?[^\s'"]{1,4096}/gi,
    replace: keepPrefix,
  },
  { name: 'bearer', re: /\b(bearer\s{1,8})[A-Za-z0-9._~+/=-]{8,4096}/gi, replace: keepPrefix },
  // Credentials passed as options: `--password=x`, `--token x`, `curl -u user:pass`.
  {
    name: 'secret-option',
    re: new RegExp(String.raw`(--?(?:password|passwd|pass|pwd|token|secret|api-key|apikey|api-token|access-token|auth-token|client-secret|secret-key|access-key|private-key)(?:=|\s{1,8}))(?!-)${VALUE}`, 'gi'),
    replace: keepPrefix,
  },
  { name: 'user-password-option', re: /((?:^|\s)(?:-u|--user)(?:=|\s{1,8})[^\s:'"]{1,256}):[^\s'"]{1,4096}/g, replace: (_m, prefix) => `${prefix}:${REDACTED}` },
  // Assignments whose name says secret: `PGPASSWORD=x`, `export API_KEY=x`, `"password": "x"`.
  {
    name: 'secret-assignment',
    re: new RegExp(String.raw`\b([A-Za-z0-9_.-]{1,128}["']?\s{0,8}[=:]\s{0,8})(${VALUE})`, 'g'),
    replace: (m, prefix, value) => {
      const name = /^[A-Za-z0-9_.-]*/.exec(prefix)?.[0] ?? '';
      if (!SECRET_NAME.test(name) || value.startsWith(REDACTED) || value.length === 0) return m;
      return `${prefix}${REDACTED}`;
    },
  },
];

/** mysql-family tools take the password glued to `-p`; elsewhere `-p` means something else. */
const MYSQL_PROGRAMS = /(?:^|[\s/;&|(`])(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mysqlsh|mysqlpump|mariadb|mariadb-dump|mariadb-admin)(?=\s|$)/;
const MYSQL_GLUED_PASSWORD = /(\s-p)(?!\s)[^\s'"]{1,4096}/g;

/** Values after `=` that look like keys: long, mixed letters and digits, high entropy. */
const ASSIGNED_VALUE = /=(["']?)([A-Za-z0-9+/_\-.~]{24,4096})/g;
const MIN_ENTROPY_BITS_PER_CHAR = 3.5;

export interface Redaction {
  text: string;
  /** Names of the patterns that fired, once each, for tests and logs. */
  kinds: string[];
}

/** Takes secrets out of a command line or message. Never throws; bounded by REDACT_MAX_CHARS. */
export function redactSecrets(input: string): Redaction {
  const kinds = new Set<string>();
  let text = typeof input === 'string' ? input : String(input);
  if (text.length > REDACT_MAX_CHARS) text = `${text.slice(0, REDACT_MAX_CHARS)}…[truncated ${text.length - REDACT_MAX_CHARS} characters]`;

  text = redactPrivateKeys(text, kinds);
  for (const p of PATTERNS) {
    const next = applyPattern(text, p);
    if (next !== text) kinds.add(p.name);
    text = next;
  }
  text = redactMysqlPasswords(text, kinds);
  text = text.replace(ASSIGNED_VALUE, (all, quote: string, value: string) => {
    if (!looksLikeKey(value)) return all;
    kinds.add('high-entropy-value');
    return `=${quote}${REDACTED}`;
  });
  return { text, kinds: [...kinds] };
}

/**
 * Replaces every match. When a match is kept, scanning resumes after its first group rather than
 * after the whole match, so `--from-literal=password=x` still reaches `password=x`.
 */
function applyPattern(text: string, p: Pattern): string {
  p.re.lastIndex = 0;
  let out = '';
  let from = 0;
  for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
    const replaced = p.replace(m[0], ...m.slice(1).map((g) => g ?? ''));
    if (replaced !== m[0]) {
      out += text.slice(from, m.index) + replaced;
      from = m.index + m[0].length;
    } else {
      const resume = m.index + Math.max(1, m[1]?.length ?? m[0].length);
      p.re.lastIndex = resume;
    }
    if (m[0].length === 0) p.re.lastIndex++;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** `-----BEGIN … PRIVATE KEY-----` up to its END line (or the end of the text) goes entirely. */
function redactPrivateKeys(text: string, kinds: Set<string>): string {
  const begin = /-----BEGIN ([A-Z0-9 ]{0,40})PRIVATE KEY( BLOCK)?-----/g;
  let out = '';
  let from = 0;
  for (let m = begin.exec(text); m; m = begin.exec(text)) {
    const endMarker = '-----END ';
    let end = text.indexOf(endMarker, begin.lastIndex);
    if (end === -1) end = text.length;
    else {
      const close = text.indexOf('-----', end + endMarker.length);
      end = close === -1 ? text.length : close + 5;
    }
    out += `${text.slice(from, m.index)}[REDACTED PRIVATE KEY]`;
    from = end;
    begin.lastIndex = end;
    kinds.add('private-key');
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Splits at command separators so `mkdir -p x && mysql -psecret` only touches the mysql part. */
function redactMysqlPasswords(text: string, kinds: Set<string>): string {
  if (!/mysql|mariadb/i.test(text)) return text;
  return text
    .split(/(\|\||&&|[|;&\n])/)
    .map((part) => {
      if (!MYSQL_PROGRAMS.test(part)) return part;
      MYSQL_GLUED_PASSWORD.lastIndex = 0;
      const next = part.replace(MYSQL_GLUED_PASSWORD, `$1${REDACTED}`);
      if (next !== part) kinds.add('mysql-password');
      return next;
    })
    .join('');
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

function looksLikeKey(value: string): boolean {
  if (value.startsWith('/') || value.startsWith('.') || value.startsWith('~')) return false;
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  // Paths and dotted names are words joined by separators, not keys.
  if ((value.match(/[/.]/g) ?? []).length > 2) return false;
  return entropy(value) >= MIN_ENTROPY_BITS_PER_CHAR;
}

/** The fields an audit entry may carry; mirrors the extension's AuditEntry. */
export interface AuditRecord {
  time: string;
  kind: string;
  [field: string]: unknown;
}

/** Fields whose text may hold secrets (command lines, messages, paths with tokens in them). */
const TEXT_FIELDS = ['command', 'detail', 'path', 'message'] as const;

/** One redacted, size-capped JSON line, newline included. */
export function auditLine(record: AuditRecord): string {
  const out: Record<string, unknown> = {};
  const redactedKinds = new Set<string>();
  for (const [k, v] of Object.entries(record)) {
    if (v === undefined) continue;
    if (typeof v === 'string' && (TEXT_FIELDS as readonly string[]).includes(k)) {
      const r = redactSecrets(v);
      for (const x of r.kinds) redactedKinds.add(x);
      out[k] = capText(r.text);
    } else if (typeof v === 'string') out[k] = capText(v);
    else out[k] = v;
  }
  if (redactedKinds.size) out.redacted = [...redactedKinds].sort();
  return `${JSON.stringify(out)}\n`;
}

function capText(s: string): string {
  return s.length <= AUDIT_MAX_FIELD_CHARS ? s : `${s.slice(0, AUDIT_MAX_FIELD_CHARS)}…[truncated ${s.length - AUDIT_MAX_FIELD_CHARS} characters]`;
}

/**
 * Whether to rotate before appending `appendBytes` to a file of `currentBytes`: only when the
 * file already holds something, so one oversized batch still lands somewhere.
 */
export function shouldRotate(currentBytes: number, appendBytes: number, maxBytes = AUDIT_MAX_BYTES): boolean {
  return currentBytes > 0 && currentBytes + appendBytes > maxBytes;
}
