/**
 * Tokens of interpreter source (Python, JavaScript/TypeScript, Ruby, Perl, Go) for the static
 * reading in scan.ts. Each language's strings, comments, heredocs, regular expressions and
 * quote-like operators are read as what they are, so text in a comment or a string is never taken
 * for a call; interpolated strings keep their expressions as tokens of their own.
 *
 * A tokenizer rather than a parser: a maintained parser exists only for JavaScript (acorn, about
 * 120 KB minified, 34 KB compressed, and the engine ships in four bundles) and none small and
 * synchronous for Python, Ruby or Perl. Never throws; every loop consumes input, and the token
 * count and nesting are capped.
 */

export type SourceLanguage = 'python' | 'javascript' | 'typescript' | 'ruby' | 'perl' | 'go';

export interface Tok {
  k: 'id' | 'str' | 'num' | 'op';
  /** The identifier, operator or number as written; for a string its text with holes left out. */
  v: string;
  /** Offsets in the source. */
  start: number;
  end: number;
  /** First token of a logical line (a statement may start here). */
  nl: boolean;
  /** Blank space right before the token. */
  sp: boolean;
  /** Strings: literal pieces and interpolated expressions, in order. */
  parts?: StrPart[];
  /**
   * Strings: `plain` text, `shell` (backquotes, `%x()`, `qx{}`: a command the language runs),
   * `words` (`%w[]`, `qw()`: a list), `template` (a JavaScript template, which a tag may run),
   * `regex` (a pattern, never a path or command), `glob` (Perl's `<*.c>`).
   */
  q?: 'plain' | 'shell' | 'words' | 'template' | 'regex' | 'glob';
}

export type StrPart = string | { expr: Tok[] };

export interface LexResult {
  toks: Tok[];
  /** Where reading stopped early, one sentence each. */
  issues: string[];
}

export const MAX_TOKENS = 200_000;
const MAX_NESTING = 6;

const OPS = [
  '...', '**=', '===', '!==', '<=>', '<<=', '>>=', '&&=', '||=', '??=', '//=',
  '=>', '->', '::', ':=', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '&.', '++', '--', '+=', '-=', '*=', '/=', '%=', '.=',
  '**', '<<', '>>', '=~', '!~', '..',
];

const OPS_BY_CHAR = new Map<string, string[]>();
for (const op of OPS) OPS_BY_CHAR.set(op[0], [...(OPS_BY_CHAR.get(op[0]) ?? []), op]);

/** Words after which an operand (so a regular expression, not a division) comes. */
const OPERAND_KEYWORDS = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await',
  'if', 'unless', 'while', 'until', 'and', 'or', 'not', 'when', 'then', 'split', 'grep', 'map', 'join', 'push', 'unshift', 'x', 'lt', 'gt', 'le', 'ge', 'eq', 'ne', 'cmp',
]);

const PAIRS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' };

interface Budget {
  toks: number;
}

/** Reads `text` into tokens. */
export function lex(language: SourceLanguage, text: string): LexResult {
  const issues: string[] = [];
  const budget: Budget = { toks: 0 };
  const lx = new Lexer(language, text, 0, text.length, 0, budget, issues);
  const toks = lx.run();
  if (budget.toks >= MAX_TOKENS) issues.push(`the source has more than ${MAX_TOKENS} tokens; only its start was read`);
  return { toks, issues };
}

/** Characters a string body must look at: escapes, line ends, interpolation starts, brackets. */
const BODY_SPECIAL = new Set(['\\', '\n', '$', '#', '{', '}', '@', '`', "'", '"']);
const PY_STRING = /([rRbBuUfF]{0,2})(['"])/y;
const PERL_QUOTE = /(qq|qw|qx|qr|q|m|s|tr|y)\b\s*([^\w\s,;=)])/y;
const UNICODE_START = /[\p{L}_]/u;
const UNICODE_PART = /[\p{L}\p{N}_]/u;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isAsciiLetter(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

function isWord(c: string | undefined): boolean {
  return c !== undefined && (isAsciiLetter(c) || isDigit(c) || c === '_');
}

/** 1-based line of each offset, by binary search over the line starts. */
export class LineMap {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  line(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  column(offset: number): number {
    return offset - this.starts[this.line(offset) - 1];
  }
  /** The text of a 1-based line. */
  lineText(line: number): string {
    const s = this.starts[line - 1] ?? this.text.length;
    const e = line < this.starts.length ? this.starts[line] - 1 : this.text.length;
    return this.text.slice(s, e);
  }
}

interface PendingHeredoc {
  tok: Tok;
  id: string;
  indented: boolean;
  interpolate: boolean;
}

class Lexer {
  private i: number;
  private readonly toks: Tok[] = [];
  private sawNewline = true;
  private sawSpace = false;
  private depth = 0;
  private readonly heredocs: PendingHeredoc[] = [];
  /** Set when a nested lexer met the closing brace of its interpolation. */
  stoppedAt = -1;

  constructor(
    private readonly lang: SourceLanguage,
    private readonly src: string,
    from: number,
    private readonly to: number,
    private readonly nesting: number,
    private readonly budget: Budget,
    private readonly issues: string[],
    /** Stop at an unmatched `}` (an interpolation's end); Python f-strings also at `!` and `:`. */
    private readonly stopAtBrace = false,
  ) {
    this.i = from;
    if (nesting > 0) this.sawNewline = false;
  }

  run(): Tok[] {
    const { src } = this;
    // A `#!` line is a comment in every language (Go has none, and no harm done).
    if (this.nesting === 0 && src.startsWith('#!', this.i)) this.skipToEol();
    while (this.i < this.to) {
      if (this.budget.toks >= MAX_TOKENS) break;
      this.skipBlank();
      if (this.i >= this.to) break;
      const c = src[this.i];
      if (this.stopAtBrace && this.depth === 0) {
        if (c === '}' || (this.lang === 'python' && ((c === '!' && src[this.i + 1] !== '=') || (c === ':' && src[this.i + 1] !== '=')))) {
          this.stoppedAt = this.i;
          return this.toks;
        }
      }
      const before = this.i;
      if (!this.special(c)) this.common(c);
      if (this.i === before) this.i++;
    }
    return this.toks;
  }

  private push(t: Omit<Tok, 'nl' | 'sp'>): Tok {
    // One shape for every token (a spread would give each mix of fields a shape of its own).
    const tok: Tok = { k: t.k, v: t.v, start: t.start, end: t.end, nl: this.sawNewline, sp: this.sawSpace || this.sawNewline, parts: t.parts, q: t.q };
    this.sawNewline = false;
    this.sawSpace = false;
    this.budget.toks++;
    this.toks.push(tok);
    return tok;
  }

  private last(): Tok | undefined {
    return this.toks[this.toks.length - 1];
  }

  /** An operand may start here: a `/` begins a regular expression, a `%` a quote-like literal. */
  private operandExpected(): boolean {
    const t = this.last();
    if (!t) return true;
    // In Ruby and Perl a new line at the outer level is a new statement.
    if (this.sawNewline && this.depth === 0 && this.lang === 'ruby') return true;
    if (t.k === 'op') return !(t.v === ')' || t.v === ']' || t.v === '}');
    if (t.k === 'id') return OPERAND_KEYWORDS.has(t.v);
    return false;
  }

  /** After a word and a space, with no space after: `puts %w[a b]`, `split /,/`. */
  private argumentAfterWord(): boolean {
    const t = this.last();
    return !!t && t.k === 'id' && this.sawSpace && !/\s/.test(this.src[this.i + 1] ?? ' ') && this.src[this.i + 1] !== '=';
  }

  private skipToEol(): void {
    const nl = this.src.indexOf('\n', this.i);
    this.i = nl === -1 || nl > this.to ? this.to : nl;
  }

  private skipBlank(): void {
    const { src, lang } = this;
    for (;;) {
      if (this.i >= this.to) return;
      const c = src[this.i];
      if (c === '\n') {
        this.i++;
        if (this.heredocs.length) this.readHeredocBodies();
        if (this.depth === 0 || lang === 'go' || lang === 'javascript' || lang === 'typescript' || lang === 'perl') this.sawNewline = true;
        else this.sawSpace = true;
        // Ruby's `=begin … =end` and Perl's POD start at the beginning of a line.
        if (lang === 'ruby' && src.startsWith('=begin', this.i)) this.skipBlock('\n=end');
        else if (lang === 'perl' && /^=[a-zA-Z]/.test(src.slice(this.i, this.i + 2))) this.skipBlock('\n=cut');
        if ((lang === 'ruby' || lang === 'perl') && /^__(END|DATA)__(\r?\n|$)/.test(src.slice(this.i, this.i + 11))) this.i = this.to;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
        this.i++;
        this.sawSpace = true;
        continue;
      }
      // A line continued with a backslash: the next line is the same statement.
      if (c === '\\' && src[this.i + 1] === '\n' && (lang === 'python' || lang === 'ruby')) {
        this.i += 2;
        this.sawSpace = true;
        continue;
      }
      if (c === '#' && (lang === 'python' || lang === 'ruby' || lang === 'perl')) {
        this.skipToEol();
        continue;
      }
      if (c === '/' && (lang === 'javascript' || lang === 'typescript' || lang === 'go')) {
        if (src[this.i + 1] === '/') {
          this.skipToEol();
          continue;
        }
        if (src[this.i + 1] === '*') {
          const end = src.indexOf('*/', this.i + 2);
          const stop = end === -1 || end + 2 > this.to ? this.to : end + 2;
          if (src.slice(this.i, stop).includes('\n')) this.sawNewline = true;
          this.i = stop;
          this.sawSpace = true;
          continue;
        }
      }
      return;
    }
  }

  private skipBlock(endMark: string): void {
    const end = this.src.indexOf(endMark, this.i);
    if (end === -1 || end > this.to) {
      this.i = this.to;
      return;
    }
    const nl = this.src.indexOf('\n', end + endMark.length);
    this.i = nl === -1 || nl > this.to ? this.to : nl;
  }

  /** Language-specific literals; true when something was read. */
  private special(c: string): boolean {
    switch (this.lang) {
      case 'python':
        return this.python(c);
      case 'javascript':
      case 'typescript':
        return this.javascript(c);
      case 'ruby':
        return this.ruby(c);
      case 'perl':
        return this.perl(c);
      case 'go':
        return this.go(c);
    }
  }

  private common(c: string): void {
    const { src } = this;
    const start = this.i;
    if (isDigit(c) || (c === '.' && isDigit(src[this.i + 1]))) {
      this.i++;
      while (this.i < this.to && (isWord(src[this.i]) || (src[this.i] === '.' && isDigit(src[this.i + 1])))) this.i++;
      this.push({ k: 'num', v: src.slice(start, this.i), start, end: this.i });
      return;
    }
    const id = this.ident();
    if (id) {
      this.push({ k: 'id', v: id, start, end: this.i });
      return;
    }
    for (const op of OPS_BY_CHAR.get(c) ?? []) {
      if (src.startsWith(op, this.i)) {
        this.i += op.length;
        this.push({ k: 'op', v: op, start, end: this.i });
        return;
      }
    }
    this.i++;
    if (c === '(' || c === '[' || c === '{') this.depth++;
    else if ((c === ')' || c === ']' || c === '}') && this.depth > 0) this.depth--;
    this.push({ k: 'op', v: c, start, end: this.i });
  }

  private ident(): string | undefined {
    const { src } = this;
    const js = this.lang === 'javascript' || this.lang === 'typescript';
    const start = this.i;
    let j = start;
    const first = src[j];
    if (!(isAsciiLetter(first) || first === '_' || (js && first === '$') || (first > '\x7f' && UNICODE_START.test(first)))) return undefined;
    j++;
    while (j < this.to) {
      const ch = src[j];
      if (isWord(ch) || (js && ch === '$') || (ch > '\x7f' && UNICODE_PART.test(ch))) j++;
      else break;
    }
    this.i = j;
    return src.slice(start, j);
  }

  // ---- strings -------------------------------------------------------------------------

  /**
   * Reads a string body from the current offset up to `close` (unescaped, at nesting 0 when
   * `open` is a bracket). Escapes and interpolation as the mode says. Leaves `i` after the closer.
   */
  private body(o: {
    close: string;
    open?: string;
    escapes: 'none' | 'quote' | 'full' | 'raw';
    interp?: 'js' | 'ruby' | 'pyf' | 'perl';
    multiline: boolean;
    triple?: boolean;
    limit?: number;
  }): { parts: StrPart[]; closed: boolean } {
    const { src } = this;
    const limit = o.limit ?? this.to;
    const parts: StrPart[] = [];
    let buf = '';
    let depth = 0;
    let closed = false;
    const flush = (): void => {
      if (buf) parts.push(buf);
      buf = '';
    };
    while (this.i < limit) {
      const c = src[this.i];
      if (o.triple ? src.startsWith(o.close.repeat(3), this.i) : c === o.close && depth === 0 && o.close !== '') {
        this.i += o.triple ? 3 : 1;
        closed = true;
        break;
      }
      if (c === '\n' && !o.multiline) break;
      if (c === '\\' && o.escapes !== 'none') {
        const n = src[this.i + 1] ?? '';
        if (o.escapes === 'raw') {
          buf += c + n;
          this.i += 2;
          continue;
        }
        if (o.escapes === 'quote') {
          buf += n === '\\' || n === o.close || (o.open !== undefined && n === o.open) ? n : c + n;
          this.i += 2;
          continue;
        }
        const [text, len] = decodeEscape(src, this.i);
        buf += text;
        this.i += len;
        continue;
      }
      if (o.interp === 'pyf' && c === '}' && src[this.i + 1] === '}') {
        buf += '}';
        this.i += 2;
        continue;
      }
      if (o.open !== undefined && c === o.open) depth++;
      else if (c === o.close && depth > 0) depth--;
      if (o.interp && this.nesting < MAX_NESTING) {
        const expr = this.interpolation(o.interp, limit, o.close);
        if (expr) {
          flush();
          parts.push({ expr });
          continue;
        }
      }
      buf += c;
      this.i++;
      // Plain text up to the next character that may matter, in one piece.
      let j = this.i;
      while (j < limit && !BODY_SPECIAL.has(src[j]) && src[j] !== o.close && src[j] !== o.open) j++;
      if (j > this.i) {
        buf += src.slice(this.i, j);
        this.i = j;
      }
    }
    flush();
    return { parts, closed };
  }

  /** An interpolation at `i` (`${…}`, `#{…}`, `{…}`, `$x{…}`): its tokens, with `i` after it. */
  private interpolation(mode: 'js' | 'ruby' | 'pyf' | 'perl', limit: number, close: string): Tok[] | undefined {
    const { src } = this;
    const c = src[this.i];
    if (mode === 'pyf') {
      // `{{` is a literal brace: skip the first, the body keeps the second.
      if (c === '{' && src[this.i + 1] === '{') {
        this.i += 1;
        return undefined;
      }
      if (c !== '{') return undefined;
      return this.nested(this.i + 1, limit, true);
    }
    if (mode === 'js') return c === '$' && src[this.i + 1] === '{' ? this.nested(this.i + 2, limit, false) : undefined;
    if (mode === 'ruby') return c === '#' && src[this.i + 1] === '{' ? this.nested(this.i + 2, limit, false) : undefined;
    // Perl: $name, ${name}, $name{key}, $name[1], $name->{key}, @name, @{[ … ]}.
    if ((c !== '$' && c !== '@') || this.i + 1 >= limit) return undefined;
    const n = src[this.i + 1];
    let j = this.i + 1;
    if (n === '{') {
      const e = matchBracket(src, j, limit, close);
      if (e === -1) return undefined;
      j = e + 1;
    } else if (/[A-Za-z_:]/.test(n) && !(n === ':' && src[j + 1] !== ':')) {
      while (j < limit && (/\w/.test(src[j]) || (src[j] === ':' && src[j + 1] === ':' && /\w/.test(src[j + 2] ?? '')))) j += src[j] === ':' ? 2 : 1;
    } else if (c === '$' && /[0-9&_]/.test(n)) j++;
    else return undefined;
    for (let guard = 0; guard < 16 && j < limit; guard++) {
      const arrow = src.startsWith('->', j) && (src[j + 2] === '[' || src[j + 2] === '{') ? 2 : 0;
      const b = src[j + arrow];
      if (b !== '[' && b !== '{') break;
      if (b === '[' && c === '@') break;
      const e = matchBracket(src, j + arrow, limit, close);
      if (e === -1) break;
      j = e + 1;
    }
    const sub = new Lexer('perl', src, this.i, j, this.nesting + 1, this.budget, this.issues);
    const toks = sub.run();
    this.i = j;
    return toks;
  }

  /** Lexes an interpolated expression up to its closing brace; `i` goes after the brace. */
  private nested(from: number, limit: number, pyf: boolean): Tok[] {
    const sub = new Lexer(this.lang, this.src, from, limit, this.nesting + 1, this.budget, this.issues, true);
    const toks = sub.run();
    let end = sub.stoppedAt === -1 ? limit : sub.stoppedAt;
    if (pyf && this.src[end] !== '}') {
      // A conversion or format spec: skip it (it may hold nested braces).
      let depth = 0;
      for (; end < limit; end++) {
        const ch = this.src[end];
        if (ch === '{') depth++;
        else if (ch === '}') {
          if (depth === 0) break;
          depth--;
        }
      }
    }
    this.i = Math.min(limit, end + 1);
    return toks;
  }

  private str(start: number, parts: StrPart[], q: Tok['q'] = 'plain'): Tok {
    return this.push({ k: 'str', v: parts.filter((p): p is string => typeof p === 'string').join(''), start, end: this.i, parts, q });
  }

  private unterminated(start: number, what: string): void {
    if (this.issues.length < 20) this.issues.push(`${what} at offset ${start} is never closed; the source after it was read as part of it`);
  }

  // ---- Python ---------------------------------------------------------------------------

  private python(c: string): boolean {
    const { src } = this;
    if (c !== '"' && c !== "'" && !'rRbBuUfF'.includes(c)) return false;
    const m = PY_STRING;
    m.lastIndex = this.i;
    const hit = m.exec(src);
    if (!hit || (hit[1] && !/^(r|u|f|b|br|rb|fr|rf)$/i.test(hit[1]))) return false;
    if (hit[1] === '' && c !== '"' && c !== "'") return false;
    const start = this.i;
    const prefix = hit[1].toLowerCase();
    const q = hit[2];
    this.i += hit[1].length;
    const triple = src.startsWith(q.repeat(3), this.i);
    this.i += triple ? 3 : 1;
    const { parts, closed } = this.body({ close: q, escapes: prefix.includes('r') ? 'raw' : 'full', interp: prefix.includes('f') ? 'pyf' : undefined, multiline: triple, triple });
    if (!closed && triple) this.unterminated(start, 'a triple-quoted string');
    this.str(start, parts);
    return true;
  }

  // ---- JavaScript / TypeScript ----------------------------------------------------------

  private javascript(c: string): boolean {
    const start = this.i;
    if (c === '"' || c === "'") {
      this.i++;
      const { parts } = this.body({ close: c, escapes: 'full', multiline: false });
      this.str(start, parts);
      return true;
    }
    if (c === '`') {
      this.i++;
      const { parts, closed } = this.body({ close: '`', escapes: 'full', interp: 'js', multiline: true });
      if (!closed) this.unterminated(start, 'a template string');
      this.str(start, parts, 'template');
      return true;
    }
    if (c === '/' && this.operandExpected()) return this.regex(start);
    if (c === '#' && /[A-Za-z_]/.test(this.src[this.i + 1] ?? '')) {
      this.i++;
      const id = this.ident() ?? '';
      this.push({ k: 'id', v: `#${id}`, start, end: this.i });
      return true;
    }
    return false;
  }

  /** A `/…/flags` pattern: a class `[…]` may hold an unescaped slash. */
  private regex(start: number): boolean {
    const { src } = this;
    let j = this.i + 1;
    let inClass = false;
    for (; j < this.to; j++) {
      const ch = src[j];
      if (ch === '\n') return false;
      if (ch === '\\') {
        j++;
        continue;
      }
      if (ch === '[') inClass = true;
      else if (ch === ']') inClass = false;
      else if (ch === '/' && !inClass) break;
    }
    if (j >= this.to) return false;
    const body = src.slice(this.i + 1, j);
    j++;
    while (j < this.to && /[a-z]/i.test(src[j])) j++;
    this.i = j;
    this.push({ k: 'str', v: body, start, end: j, parts: [body], q: 'regex' });
    return true;
  }

  // ---- Ruby -----------------------------------------------------------------------------

  private ruby(c: string): boolean {
    const { src } = this;
    const start = this.i;
    if (c === "'") {
      this.i++;
      const { parts } = this.body({ close: "'", escapes: 'quote', multiline: true });
      this.str(start, parts);
      return true;
    }
    if (c === '"' || c === '`') {
      this.i++;
      const { parts } = this.body({ close: c, escapes: 'full', interp: 'ruby', multiline: true });
      this.str(start, parts, c === '`' ? 'shell' : 'plain');
      return true;
    }
    if (c === '%' && (this.operandExpected() || this.argumentAfterWord())) {
      const m = /%([qQwWiIxrs]?)([^\w\s])/y;
      m.lastIndex = this.i;
      const hit = m.exec(src);
      if (hit && !(hit[1] === '' && hit[2] === '=')) {
        this.i += hit[0].length;
        const open = hit[2];
        const close = PAIRS[open] ?? open;
        const kind = hit[1];
        const interp = kind === '' || kind === 'Q' || kind === 'W' || kind === 'x' || kind === 'I' || kind === 'r' ? 'ruby' : undefined;
        const { parts } = this.body({ close, open: PAIRS[open] ? open : undefined, escapes: interp ? 'full' : 'quote', interp, multiline: true });
        if (kind === 'r') {
          while (this.i < this.to && /[a-z]/.test(src[this.i])) this.i++;
        }
        this.str(start, parts, kind === 'x' ? 'shell' : kind === 'w' || kind === 'W' || kind === 'i' || kind === 'I' ? 'words' : kind === 'r' ? 'regex' : 'plain');
        return true;
      }
    }
    if (c === '/' && (this.operandExpected() || this.argumentAfterWord())) return this.regex(start);
    if (c === '<' && src[this.i + 1] === '<') return this.heredocStart(start, /<<([~-]?)(['"`]?)([A-Za-z_]\w*)\2/y);
    if (c === ':' && /[A-Za-z_]/.test(src[this.i + 1] ?? '') && src[this.i - 1] !== ':' && (this.operandExpected() || this.sawSpace)) {
      this.i++;
      const id = this.ident() ?? '';
      if (src[this.i] === '?' || src[this.i] === '!') this.i++;
      this.push({ k: 'str', v: id, start, end: this.i, parts: [id], q: 'plain' });
      return true;
    }
    if (c === '@' || c === '$') {
      const m = /(@@?|\$)([A-Za-z_]\w*|[0-9!@&~]?)/y;
      m.lastIndex = this.i;
      const hit = m.exec(src);
      if (hit && hit[2]) {
        this.i += hit[0].length;
        this.push({ k: 'id', v: hit[0], start, end: this.i });
        return true;
      }
    }
    if (isAsciiLetter(c) || c === '_' || (c > '\x7f' && UNICODE_START.test(c))) {
      const id = this.ident();
      if (!id) return false;
      // Method names may end in ? or ! (`exist?`, `rm_rf!`), but `x!= y` is a comparison.
      if ((src[this.i] === '?' || src[this.i] === '!') && src[this.i + 1] !== '=' && !(src[this.i] === '?' && /\s/.test(src[this.i + 1] ?? ''))) this.i++;
      this.push({ k: 'id', v: src.slice(start, this.i), start, end: this.i });
      return true;
    }
    return false;
  }

  private heredocStart(start: number, re: RegExp): boolean {
    const { src } = this;
    re.lastIndex = this.i;
    const hit = re.exec(src);
    if (!hit) return false;
    const [, flag, quote, id] = hit;
    // `x << y` (a shift or append) unless it reads as a heredoc: a flag, a quote, or an operand expected.
    if (!flag && !quote && !(this.operandExpected() || (this.argumentAfterWord() && /[A-Z_]/.test(id[0])))) return false;
    if (!flag && !quote && !/^[A-Z_][A-Z0-9_]*$/.test(id) && !this.operandExpected()) return false;
    this.i += hit[0].length;
    const tok = this.push({ k: 'str', v: '', start, end: this.i, parts: [], q: quote === '`' ? 'shell' : 'plain' });
    this.heredocs.push({ tok, id, indented: flag !== '', interpolate: quote !== "'" });
    return true;
  }

  /** After a newline: the bodies of the heredocs started on the line before, in order. */
  private readHeredocBodies(): void {
    const pending = this.heredocs.splice(0);
    for (const h of pending) {
      const bodyStart = this.i;
      let lineStart = this.i;
      let bodyEnd = this.to;
      let after = this.to;
      for (let guard = 0; lineStart < this.to && guard < 1_000_000; guard++) {
        const nl = this.src.indexOf('\n', lineStart);
        const lineEnd = nl === -1 || nl > this.to ? this.to : nl;
        const line = this.src.slice(lineStart, lineEnd).replace(/\r$/, '');
        if ((h.indented ? line.trim() : line) === h.id) {
          bodyEnd = lineStart;
          after = lineEnd;
          break;
        }
        lineStart = lineEnd + 1;
      }
      if (after === this.to && bodyEnd === this.to) this.unterminated(h.tok.start, `the heredoc ${h.id}`);
      this.i = bodyStart;
      const { parts } = this.body({ close: '', escapes: h.interpolate ? 'full' : 'none', interp: h.interpolate ? (this.lang === 'perl' ? 'perl' : 'ruby') : undefined, multiline: true, limit: bodyEnd });
      h.tok.parts = parts;
      h.tok.v = parts.filter((p): p is string => typeof p === 'string').join('');
      this.i = after;
    }
  }

  // ---- Perl -----------------------------------------------------------------------------

  private perl(c: string): boolean {
    const { src } = this;
    const start = this.i;
    if (c === "'") {
      this.i++;
      const { parts } = this.body({ close: "'", escapes: 'quote', multiline: true });
      this.str(start, parts);
      return true;
    }
    if (c === '"' || c === '`') {
      this.i++;
      const { parts } = this.body({ close: c, escapes: 'full', interp: 'perl', multiline: true });
      this.str(start, parts, c === '`' ? 'shell' : 'plain');
      return true;
    }
    // `%h` after an operator or a function name (`keys %h`), not `$x % 2`.
    const last = this.last();
    const afterWord = !!last && last.k === 'id' && !/^[$@%&]/.test(last.v) && /[A-Za-z_{$:]/.test(src[this.i + 1] ?? '');
    if (c === '$' || c === '@' || (c === '%' && (this.operandExpected() || afterWord)) || (c === '&' && this.operandExpected() && /[A-Za-z_]/.test(src[this.i + 1] ?? ''))) {
      // `$#array` and `$#{…}`: the # is not a comment.
      const m = /([$@%&])(#?)(\{|\^\w|::[A-Za-z_]\w*(?:::\w+)*|[A-Za-z_]\w*(?:::\w+)*|[0-9]+|[_!@&$0;,./\\`'+<>()[\]|?"-])/y;
      m.lastIndex = this.i;
      const hit = m.exec(src);
      if (hit) {
        if (hit[3] === '{') {
          this.i += hit[1].length + hit[2].length;
          this.push({ k: 'id', v: hit[1] + hit[2], start, end: this.i });
          return true;
        }
        this.i += hit[0].length;
        this.push({ k: 'id', v: hit[0], start, end: this.i });
        return true;
      }
    }
    if (c === '<' && src[this.i + 1] === '<' && /<<[~]?["'`A-Za-z_]/y.test(src.slice(this.i, this.i + 4))) {
      if (this.heredocStart(start, /<<(~?)(["'`]?)([A-Za-z_]\w*)\2/y)) return true;
    }
    if (c === '<' && this.operandExpected()) {
      const m = /<([^\s<>]{0,256}?[*?/.][^\s<>]{0,256}?)>/y;
      m.lastIndex = this.i;
      const hit = m.exec(src);
      if (hit) {
        this.i += hit[0].length;
        this.push({ k: 'str', v: hit[1], start, end: this.i, parts: [hit[1]], q: 'glob' });
        return true;
      }
    }
    if (c === '/' && (this.operandExpected() || this.argumentAfterWord())) return this.regex(start);
    if (c === 'q' || c === 'm' || c === 's' || c === 't' || c === 'y') {
      const m = PERL_QUOTE;
      m.lastIndex = this.i;
      const hit = m.exec(src);
      const prev = this.last();
      // Not a method (`->s`), a hash key (`{s}`) or a file test (`-s $file`).
      if (hit && !(prev && prev.k === 'op' && (prev.v === '->' || prev.v === '{' || (prev.v === '-' && !this.sawSpace)))) {
        return this.quoteLike(start, hit[1], hit[0].length);
      }
    }
    return false;
  }

  private quoteLike(start: number, op: string, len: number): boolean {
    const { src } = this;
    this.i += len;
    const open = src[this.i - 1];
    const close = PAIRS[open] ?? open;
    const nestOpen = PAIRS[open] ? open : undefined;
    const single = op === 'q' || op === 'qw' || open === "'";
    const interp = single || op === 'tr' || op === 'y' ? undefined : 'perl';
    const first = this.body({ close, open: nestOpen, escapes: single ? 'quote' : 'full', interp, multiline: true });
    if (op === 's' || op === 'tr' || op === 'y') {
      // The replacement: right after for `s/a/b/`, or in its own brackets for `s{a}{b}`.
      if (nestOpen) {
        while (this.i < this.to && /\s/.test(src[this.i])) this.i++;
        const o2 = src[this.i];
        if (o2 !== undefined) {
          this.i++;
          this.body({ close: PAIRS[o2] ?? o2, open: PAIRS[o2] ? o2 : undefined, escapes: 'full', multiline: true });
        }
      } else this.body({ close, escapes: 'full', multiline: true });
    }
    if (op !== 'q' && op !== 'qq' && op !== 'qw' && op !== 'qx') {
      while (this.i < this.to && /[a-z]/.test(src[this.i])) this.i++;
    }
    const q: Tok['q'] = op === 'qx' ? 'shell' : op === 'qw' ? 'words' : op === 'q' || op === 'qq' ? 'plain' : 'regex';
    this.str(start, first.parts, q);
    return true;
  }

  // ---- Go -------------------------------------------------------------------------------

  private go(c: string): boolean {
    const start = this.i;
    if (c === '"' || c === "'") {
      this.i++;
      const { parts } = this.body({ close: c, escapes: 'full', multiline: false });
      this.str(start, parts);
      return true;
    }
    if (c === '`') {
      this.i++;
      const { parts } = this.body({ close: '`', escapes: 'none', multiline: true });
      this.str(start, parts);
      return true;
    }
    return false;
  }
}

/** Index of the bracket closing the one at `at`, or -1; never past `limit` or a string's `close`. */
function matchBracket(src: string, at: number, limit: number, close: string): number {
  const open = src[at];
  const shut = PAIRS[open];
  if (!shut) return -1;
  let depth = 0;
  for (let j = at; j < limit && j < at + 256; j++) {
    const ch = src[j];
    if (ch === '\\') {
      j++;
      continue;
    }
    if (ch === close && close !== open && close !== shut && depth <= 1 && ch !== shut) return -1;
    if (ch === open) depth++;
    else if (ch === shut) {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

/** One escape sequence at `at` (a backslash): its text and length. */
function decodeEscape(src: string, at: number): [string, number] {
  const n = src[at + 1];
  if (n === undefined) return ['\\', 1];
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', '\\': '\\', "'": "'", '"': '"', '`': '`', '$': '$', '#': '#', '\n': '' };
  if (n === 'x') {
    const m = /^[0-9a-fA-F]{1,2}/.exec(src.slice(at + 2, at + 4));
    if (m) return [String.fromCharCode(parseInt(m[0], 16)), 2 + m[0].length];
  }
  if (n === 'u') {
    const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(src.slice(at + 2, at + 10));
    if (braced) return [safeCodePoint(parseInt(braced[1], 16)), 2 + braced[0].length];
    const m = /^[0-9a-fA-F]{4}/.exec(src.slice(at + 2, at + 6));
    if (m) return [String.fromCharCode(parseInt(m[0], 16)), 6];
  }
  if (/[0-7]/.test(n)) {
    const m = /^[0-7]{1,3}/.exec(src.slice(at + 1, at + 4));
    if (m) return [String.fromCharCode(parseInt(m[0], 8) & 0xff), 1 + m[0].length];
  }
  if (n in simple) return [simple[n], 2];
  return [n, 2];
}

function safeCodePoint(n: number): string {
  return n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '';
}
