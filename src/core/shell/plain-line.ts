/**
 * The tree tree-sitter-bash would build for a plain command line, built without it. Most lines
 * an agent runs are plain: words (`terraform destroy -auto-approve`), simple quotes and variables
 * (`git commit -m "fix the build"`, `rm -rf "$OUT/cache"`), output sent to a file
 * (`npm publish 2>&1`), commands joined by `&&`, `||`, `|` and `;`, command substitutions
 * (`git push origin "$(git branch --show-current)"`) and heredocs with a quoted delimiter, such
 * as the message of `git commit -m "$(cat <<'EOF' … EOF )"`. The extractor reads such a line
 * from this tree while the grammar (WebAssembly, the largest cost of a one-shot CLI run) is not
 * even loaded.
 *
 * "Plain" is kept narrow enough to be certain, and anything else returns undefined and goes to
 * the real parser:
 * - unquoted words of letters, digits and `_ . / : @ % + , = ~ ^ - * ?`;
 * - `$NAME` and `${NAME}`, unquoted or inside double quotes;
 * - "double-quoted" text without `` ` ``, `\`, or any other `$`, and 'single-quoted' text, both on
 *   one line and printable ASCII; quoted and unquoted pieces that touch are one word;
 * - each command starts with a word of file-path characters that is not a reserved word (no
 *   quoted or computed program names), after `NAME=value` words if any, and no later word
 *   starts with `=`;
 * - redirections `>`, `>>`, `<`, `&>` (to one word) and `N>&M` only after a command's words
 *   (tree-sitter-bash hangs them on everything before them in the statement, and so does this);
 * - `&&`, `||`, `|` and `;` only between commands, and no pipeline of three or more commands
 *   before `&&` or `||` (which tree-sitter-bash groups its own way);
 * - `$(…)` around a non-empty plain line (no pipeline of three or more commands there), in an
 *   argument, an assignment's value or double quotes, nested at most four deep; not as the
 *   program, nor in a redirection's target;
 * - one heredoc, `<<'NAME'`, `<<"NAME"` or `<<NAME` after a blank, whose body is literal text
 *   (no backslash, no control characters, no line that starts with NAME other than its last, and
 *   with a bare NAME no `$` or `` ` ``), followed on its line only by redirections; after the NAME
 *   line comes the end of the line, or `)` closing the `$(` it is in;
 * - line breaks only there, and one at the very end.
 * A test parses thousands of generated lines both ways and requires identical trees, every node,
 * named or not, with its range and field name.
 */
import type { Node } from 'web-tree-sitter';

/** Longer lines go to the parser: plain lines are short, and the scan stays bounded. */
const MAX_PLAIN = 4096;

/** Characters of an unquoted word that tree-sitter-bash reads as part of a word wherever they are. */
function wordChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || // a-z
    (c >= 65 && c <= 90) || // A-Z
    (c >= 48 && c <= 58) || // 0-9 and :
    c === 95 || // _
    c === 46 || // .
    c === 47 || // /
    c === 64 || // @
    c === 37 || // %
    c === 43 || // +
    c === 44 || // ,
    c === 61 || // =
    c === 126 || // ~
    c === 94 || // ^
    c === 45 || // -
    c === 42 || // * (a glob: a word to the parser, which the extractor marks)
    c === 63 // ?
  );
}

/** Printable ASCII and tab: what quoted text may hold. */
function quotedChar(c: number): boolean {
  return (c >= 32 && c <= 126) || c === 9;
}

function nameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function nameChar(c: number): boolean {
  return nameStart(c) || (c >= 48 && c <= 57);
}

/** Words the grammar treats as keywords (or declaration builtins) in command position. */
const RESERVED: ReadonlySet<string> = new Set([
  'case', 'declare', 'do', 'done', 'elif', 'else', 'esac', 'export', 'fi', 'for', 'function', 'if', 'in',
  'local', 'readonly', 'select', 'then', 'typeset', 'unset', 'unsetenv', 'until', 'while',
]);

/**
 * The first word: an identifier followed by `@ % + , = ~ ^ :` is read as a variable name before an
 * operator (`a+=`, `x%=`), and a lone leading `-` is skipped, so the program word is held to the
 * characters of file paths.
 */
const PROGRAM = /^[A-Za-z0-9_./][A-Za-z0-9_./-]*$/;

/** tree-sitter-bash's `number` token; a word it matches whole is a number node, not a word. */
const NUMBER = /^-?(?:0x)?[0-9]+$/;

interface Span {
  start: number;
  end: number;
}

/** `$NAME` (simple) or `${NAME}` (braced). */
type Variable = Span & { kind: 'simple' | 'braced' };
/** `$(…)`: the tokens of the plain line inside, which ends at `close` (the `)`). */
type Substitution = Span & { kind: 'cs'; tokens: Token[]; close: number };
/** Inside double quotes: text, a variable, or a command substitution. */
type Segment = (Span & { kind: 'text' }) | Variable | Substitution;
type Piece = (Span & { kind: 'word' | 'sq' }) | (Span & { kind: 'dq'; segments: Segment[] }) | Variable | Substitution;
type WordToken = Span & { kind: 'word'; pieces: Piece[] };
type OpToken = Span & { kind: 'op'; op: '&&' | '||' | '|' | ';' };
type RedirectToken = Span & { kind: 'redirect'; op: '>' | '>>' | '<' | '>&' | '&>'; fd?: Span };
/**
 * `<<'NAME'` (start to end of the quoted delimiter) with its body (from the line after it up to
 * the delimiter's line) and its end (the delimiter's line, `NAME` alone).
 */
type HeredocToken = Span & { kind: 'heredoc'; delimiter: Span; body: Span; endLine: Span };
type CommandToken = WordToken | RedirectToken | HeredocToken;
type Token = CommandToken | OpToken;

/** A variable at text[i] (`$NAME` or `${NAME}`, but not `$_`, a special parameter), or undefined. */
function variableAt(text: string, i: number): Variable | undefined {
  const braced = text.charCodeAt(i + 1) === 123;
  const from = i + (braced ? 2 : 1);
  if (!nameStart(text.charCodeAt(from))) return undefined;
  let j = from + 1;
  while (nameChar(text.charCodeAt(j))) j++;
  if (j - from === 1 && text.charCodeAt(from) === 95) return undefined;
  if (!braced) return { kind: 'simple', start: i, end: j };
  return text.charCodeAt(j) === 125 ? { kind: 'braced', start: i, end: j + 1 } : undefined;
}

/** How deep `$(…)` may nest in a plain line. */
const MAX_NESTING = 4;

/**
 * What a heredoc's body may hold: printable text, tabs and non-ASCII letters, but no backslash
 * (the extractor rewrites a line that starts with one before parsing) and no control characters.
 */
function bodyChar(c: number): boolean {
  return (c >= 32 && c <= 126 && c !== 92) || c === 9 || c > 160;
}

/** The tokens of a plain line, or undefined when the line is not plain. */
function tokenize(text: string): Token[] | undefined {
  if (text.length > MAX_PLAIN) return undefined;
  const got = scan({ text, heredocs: 0 }, 0, 0);
  return got?.end === text.length ? got.tokens : undefined;
}

interface ScanState {
  text: string;
  /** Heredocs met so far in the whole line: a plain line has at most one. */
  heredocs: number;
}

/** The word being read, if any, as a token at the end of `tokens`; what the word is next (none). */
function endWord(tokens: Token[], word: Piece[] | undefined): undefined {
  if (word) tokens.push({ kind: 'word', pieces: word, start: word[0].start, end: word[word.length - 1].end });
  return undefined;
}

/** `$(…)` at text[at], or undefined when it is not plain. */
function substitutionAt(state: ScanState, at: number, depth: number, inHeredoc: boolean): Substitution | undefined {
  // `$((` is arithmetic; after a heredoc's start only redirections may follow on its line.
  if (depth >= MAX_NESTING || inHeredoc || state.text.charCodeAt(at + 2) === 40) return undefined;
  const inner = scan(state, at + 2, depth + 1);
  if (!inner?.tokens.length) return undefined;
  return { kind: 'cs', tokens: inner.tokens, close: inner.end, start: at, end: inner.end + 1 };
}

/**
 * The tokens from text[i] to the end of the line (depth 0) or, inside `$(`, to the `)` that
 * closes it; `end` is where they stop. Undefined when that text is not plain.
 */
function scan(state: ScanState, i: number, depth: number): { tokens: Token[]; end: number } | undefined {
  const text = state.text;
  const tokens: Token[] = [];
  let word: Piece[] | undefined;
  /** A heredoc whose body starts after the next line break. */
  let heredoc: HeredocToken | undefined;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (c === 32 || c === 9) {
      word = endWord(tokens, word);
      i++;
    } else if (c === 41) {
      // `)` closes the `$(` this scan is inside.
      if (depth === 0 || heredoc) return undefined;
      endWord(tokens, word);
      return { tokens, end: i };
    } else if (c === 10 && !heredoc && depth === 0 && i === text.length - 1) {
      // A line break that ends the text is a blank (the program node still ends after it).
      word = endWord(tokens, word);
      i++;
    } else if (c === 10) {
      // Otherwise only the line break after a heredoc's start is plain: the body follows, up to
      // a line that is the delimiter alone.
      if (!heredoc) return undefined;
      endWord(tokens, word);
      const quoted = text.charCodeAt(heredoc.delimiter.start) === 39 || text.charCodeAt(heredoc.delimiter.start) === 34;
      const name = quoted ? text.slice(heredoc.delimiter.start + 1, heredoc.delimiter.end - 1) : text.slice(heredoc.delimiter.start, heredoc.delimiter.end);
      let line = i + 1;
      for (;;) {
        let lineEnd = text.indexOf('\n', line);
        if (lineEnd === -1) lineEnd = text.length;
        if (lineEnd - line === name.length && text.startsWith(name, line)) break;
        // tree-sitter-bash also ends the body at a line that only starts with the delimiter
        // (`EOFX`), where bash reads on: such a body is left to the parser.
        if (text.slice(line, lineEnd).trimStart().startsWith(name)) return undefined;
        for (let k = line; k < lineEnd; k++) {
          const b = text.charCodeAt(k);
          // Without quotes around the delimiter, `$` and `` ` `` in the body would expand.
          if (!bodyChar(b) || (!quoted && (b === 36 || b === 96))) return undefined;
        }
        // No delimiter line: unterminated.
        if (lineEnd >= text.length) return undefined;
        line = lineEnd + 1;
      }
      // tree-sitter-bash's body starts after the blanks and empty lines that open it.
      let bodyStart = i + 1;
      while (bodyStart < line && (text.charCodeAt(bodyStart) === 32 || text.charCodeAt(bodyStart) === 9 || text.charCodeAt(bodyStart) === 10)) bodyStart++;
      if (text.charCodeAt(bodyStart) > 126) return undefined;
      heredoc.body = { start: bodyStart, end: line };
      heredoc.endLine = { start: line, end: line + name.length };
      heredoc.end = heredoc.endLine.end;
      i = heredoc.end;
      // After the delimiter: the end of the line (a line break at most), or inside `$(` a line
      // break, blanks and the `)`.
      if (depth === 0) return i === text.length || (i === text.length - 1 && text.charCodeAt(i) === 10) ? { tokens, end: text.length } : undefined;
      const close = /^\n[ \t]*\)/.exec(text.slice(i, i + 64));
      return close ? { tokens, end: i + close[0].length - 1 } : undefined;
    } else if (c === 60 && next === 60) {
      // <<'NAME', <<"NAME" or <<NAME after a blank: a heredoc (whose body must then be literal text).
      const quote = text.charCodeAt(i + 2);
      const from = quote === 39 || quote === 34 ? i + 3 : i + 2;
      if (word || heredoc || state.heredocs > 0 || !nameStart(text.charCodeAt(from))) return undefined;
      let j = from + 1;
      while (nameChar(text.charCodeAt(j))) j++;
      if (from > i + 2) {
        if (text.charCodeAt(j) !== quote) return undefined;
        j++;
      }
      const after = text.charCodeAt(j);
      if (!(after === 32 || after === 9 || after === 10)) return undefined;
      state.heredocs++;
      heredoc = { kind: 'heredoc', start: i, end: j, delimiter: { start: i + 2, end: j }, body: { start: 0, end: 0 }, endLine: { start: 0, end: 0 } };
      tokens.push(heredoc);
      i = j;
    } else if (c === 62 || c === 60 || (c === 38 && next === 62)) {
      // > < &>
      const op = c === 38 ? '&>' : c === 60 ? '<' : next === 62 ? '>>' : next === 38 ? '>&' : '>';
      const after = text.charCodeAt(i + op.length);
      // `<<`, `<&`, `<(`, `>|`, `>(`, `&>>`, `>>&`, `>&>`…: not plain.
      if (after === 60 || after === 62 || after === 38 || after === 124 || after === 40 || (c === 60 && (next === 60 || next === 38 || next === 40))) return undefined;
      // Digits right before `>` or `<` name the file descriptor.
      let fd: Span | undefined;
      const last = word?.length === 1 ? word[0] : undefined;
      if (op !== '&>' && last?.kind === 'word' && last.end === i && /^[0-9]+$/.test(text.slice(last.start, last.end))) {
        fd = { start: last.start, end: last.end };
        word = undefined;
      }
      word = endWord(tokens, word);
      tokens.push({ kind: 'redirect', op, fd, start: fd?.start ?? i, end: i + op.length });
      i += op.length;
    } else if (c === 38 || c === 124 || c === 59) {
      // & | ;
      word = endWord(tokens, word);
      const two = text.slice(i, i + 2);
      const op = two === '&&' || two === '||' ? two : c === 124 ? '|' : c === 59 ? ';' : undefined;
      // After a heredoc's start, only redirections may follow on its line.
      if (!op || heredoc) return undefined;
      // `|&`, `;;`, `;&`, `&&&`…: not plain.
      const after = text.charCodeAt(i + op.length);
      if (after === 38 || after === 59 || after === 124) return undefined;
      tokens.push({ kind: 'op', op, start: i, end: i + op.length });
      i += op.length;
    } else if (c === 36) {
      // $NAME, ${NAME} or $(…)
      const v = next === 40 ? substitutionAt(state, i, depth, heredoc !== undefined) : variableAt(text, i);
      if (!v) return undefined;
      (word ??= []).push(v);
      i = v.end;
    } else if (c === 39) {
      // '…'
      let j = i + 1;
      for (; j < text.length && text.charCodeAt(j) !== 39; j++) if (!quotedChar(text.charCodeAt(j))) return undefined;
      if (j >= text.length) return undefined;
      (word ??= []).push({ kind: 'sq', start: i, end: j + 1 });
      i = j + 1;
    } else if (c === 34) {
      // "…", with $NAME, ${NAME} and $(…) inside
      const segments: Segment[] = [];
      let j = i + 1;
      let textStart = j;
      for (; j < text.length; ) {
        const q = text.charCodeAt(j);
        if (q === 34) break;
        if (q === 36) {
          const v = text.charCodeAt(j + 1) === 40 ? substitutionAt(state, j, depth, heredoc !== undefined) : variableAt(text, j);
          if (!v) return undefined;
          if (j > textStart) segments.push({ kind: 'text', start: textStart, end: j });
          segments.push(v);
          j = textStart = v.end;
        } else if (!quotedChar(q) || q === 96 || q === 92) return undefined;
        else j++;
      }
      if (j >= text.length) return undefined;
      if (j > textStart) segments.push({ kind: 'text', start: textStart, end: j });
      (word ??= []).push({ kind: 'dq', segments, start: i, end: j + 1 });
      i = j + 1;
    } else if (wordChar(c)) {
      let j = i + 1;
      while (j < text.length && wordChar(text.charCodeAt(j))) j++;
      (word ??= []).push({ kind: 'word', start: i, end: j });
      i = j;
    } else return undefined;
  }
  // The line ended: plain only at depth 0 and without a heredoc still waiting for its body.
  if (depth > 0 || heredoc) return undefined;
  endWord(tokens, word);
  return { tokens, end: i };
}

/** The part of tree-sitter's node interface the extractor reads, over a plain line. */
class PlainNode {
  constructor(
    readonly type: string,
    readonly startIndex: number,
    readonly endIndex: number,
    /** Named and anonymous children, in order. */
    readonly children: PlainNode[],
    private readonly source: string,
    readonly id: number,
    readonly isNamed: boolean,
    /** The field name of each child that has one. */
    private readonly fields: ReadonlyMap<PlainNode, string>,
  ) {}

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  private named: PlainNode[] | undefined;

  /** Made once: the extractor asks for them several times, and only reads them. */
  get namedChildren(): PlainNode[] {
    return (this.named ??= this.children.filter((c) => c.isNamed));
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  childForFieldName(name: string): PlainNode | null {
    if (this.fields.size === 0) return null;
    return this.children.find((c) => this.fields.get(c) === name) ?? null;
  }

  fieldNameForChild(index: number): string | null {
    const c = this.children[index];
    return (c && this.fields.get(c)) ?? null;
  }

  get hasError(): boolean {
    return false;
  }
}

export interface PlainTree {
  rootNode: Node;
  delete(): void;
}

const NO_FIELDS: ReadonlyMap<PlainNode, string> = new Map();

/** Where Builder.statements is in a line's tokens. */
interface StatementsState {
  /** The `&&`/`||` list so far, and the operator waiting for its next stage. */
  list?: PlainNode;
  listOp?: OpToken;
  /** Commands of the current pipeline, each after the `|` that led to it. */
  pipeline: PlainNode[];
  pipe?: OpToken;
  /** The tokens of the command being read. */
  parts: CommandToken[];
}

class Builder {
  private id = 0;
  constructor(private readonly text: string) {}

  node(type: string, start: number, end: number, children: (PlainNode | [string, PlainNode])[] = [], named = true): PlainNode {
    // Most nodes have no field: they share one empty map and keep the array they were given.
    if (!children.some((c) => Array.isArray(c))) return new PlainNode(type, start, end, children as PlainNode[], this.text, ++this.id, named, NO_FIELDS);
    const fields = new Map<PlainNode, string>();
    const kids = children.map((c) => {
      if (!Array.isArray(c)) return c;
      fields.set(c[1], c[0]);
      return c[1];
    });
    return new PlainNode(type, start, end, kids, this.text, ++this.id, named, fields);
  }

  anon(type: string, start: number, end: number): PlainNode {
    return this.node(type, start, end, [], false);
  }

  /** `$NAME` / `${NAME}`; `from` is where its first token starts (earlier when it takes blanks). */
  variable(v: Variable, from = v.start): PlainNode {
    if (v.kind === 'simple') return this.node('simple_expansion', from, v.end, [this.anon('$', from, v.start + 1), this.node('variable_name', v.start + 1, v.end)]);
    return this.node('expansion', from, v.end, [this.anon('${', from, v.start + 2), this.node('variable_name', v.start + 2, v.end - 1), this.anon('}', v.end - 1, v.end)]);
  }

  /**
   * `$(…)` and the statements inside; `from` is where its `$(` starts (earlier when it takes
   * blanks, as a variable does).
   */
  substitution(p: Substitution, from = p.start): PlainNode | undefined {
    const inner = this.statements(p.tokens, true);
    return inner && this.node('command_substitution', from, p.end, [this.anon('$(', from, p.start + 2), ...inner, this.anon(')', p.close, p.end)]);
  }

  /**
   * A double-quoted string: text with something other than blanks is string content; blanks
   * alone go to the start of the next token (a variable, a substitution, or the closing quote).
   */
  string(p: Extract<Piece, { kind: 'dq' }>): PlainNode | undefined {
    const kids: PlainNode[] = [this.anon('"', p.start, p.start + 1)];
    let blanks: number | undefined;
    for (const s of p.segments) {
      if (s.kind === 'text') {
        if (/\S/.test(this.text.slice(s.start, s.end))) kids.push(this.node('string_content', s.start, s.end));
        else blanks = s.start;
        continue;
      }
      const inner = s.kind === 'cs' ? this.substitution(s, blanks) : this.variable(s, blanks);
      if (!inner) return undefined;
      kids.push(inner);
      blanks = undefined;
    }
    kids.push(this.anon('"', blanks ?? p.end - 1, p.end));
    return this.node('string', p.start, p.end, kids);
  }

  piece(p: Piece): PlainNode | undefined {
    switch (p.kind) {
      case 'word':
        return this.node(NUMBER.test(this.text.slice(p.start, p.end)) ? 'number' : 'word', p.start, p.end);
      case 'sq':
        return this.node('raw_string', p.start, p.end);
      case 'dq':
        return this.string(p);
      case 'cs':
        return this.substitution(p);
      default:
        return this.variable(p);
    }
  }

  /** A word; undefined for `a"b"$C.d`, where tree-sitter-bash leaves the `$` bare. */
  word(t: WordToken): PlainNode | undefined {
    if (t.pieces.length === 1) return this.piece(t.pieces[0]);
    if (t.pieces.some((p, k) => p.kind === 'simple' && k >= 2 && k < t.pieces.length - 1)) return undefined;
    const parts = t.pieces.map((p) => this.piece(p));
    if (parts.some((p) => !p)) return undefined;
    return this.node('concatenation', t.start, t.end, parts as PlainNode[]);
  }

  /**
   * `NAME=value` as a variable assignment; null when the word is not one, undefined when it is
   * one this builder does not take.
   */
  assignment(t: WordToken): PlainNode | null | undefined {
    const head = t.pieces[0];
    if (head.kind !== 'word') return null;
    const m = /^[A-Za-z_][A-Za-z0-9_]*=/.exec(this.text.slice(head.start, head.end));
    if (!m) return null;
    // `_` is a special parameter, not a name: tree-sitter-bash reads `_=x` as a command.
    if (m[0] === '_=') return undefined;
    const eq = head.start + m[0].length - 1;
    const rest: Piece[] = [...(eq + 1 < head.end ? [{ kind: 'word' as const, start: eq + 1, end: head.end }] : []), ...t.pieces.slice(1)];
    const value = rest.length ? this.word({ kind: 'word', pieces: rest, start: rest[0].start, end: t.end }) : null;
    if (value === undefined) return undefined;
    return this.node('variable_assignment', t.start, t.end, [['name', this.node('variable_name', head.start, eq)], this.anon('=', eq, eq + 1), ...(value ? [['value', value] as [string, PlainNode]] : [])]);
  }

  /** A simple command and its trailing redirections, or undefined when it is not plain enough. */
  command(tokens: CommandToken[]): { command: PlainNode; redirects: PlainNode[] } | undefined {
    const at = tokens.findIndex((t) => t.kind !== 'word');
    const all = (at === -1 ? tokens : tokens.slice(0, at)) as WordToken[];
    // A lone `-` right before `2>…` disappears from tree-sitter-bash's tree.
    if (at > 0 && all.length && this.text.slice(all[all.length - 1].start, all[all.length - 1].end) === '-') return undefined;
    // `NAME=value` words before the program.
    const assignments: PlainNode[] = [];
    let n = 0;
    for (; n < all.length; n++) {
      const a = this.assignment(all[n]);
      if (a === null) break;
      if (!a) return undefined;
      assignments.push(a);
    }
    const words = all.slice(n);
    const [first, ...rest] = words;
    if (!first || first.pieces.length !== 1 || first.pieces[0].kind !== 'word') return undefined;
    const name = this.text.slice(first.start, first.end);
    if (!PROGRAM.test(name) || RESERVED.has(name)) return undefined;
    if (rest.some((w) => this.text.charCodeAt(w.start) === 61)) return undefined;
    const args = rest.map((w) => this.word(w));
    if (args.some((a) => !a)) return undefined;
    const command = this.node('command', all[0].start, words[words.length - 1].end, [
      ...assignments,
      ['name', this.node('command_name', first.start, first.end, [this.piece(first.pieces[0])!])],
      ...args.map((a): [string, PlainNode] => ['argument', a!]),
    ]);
    // Redirections, each to exactly one word without a substitution, and nothing after them but
    // the end of a heredoc's line (the tokenizer sees to that). tree-sitter-bash puts the
    // redirections after a heredoc's start inside the heredoc's node.
    const redirects: PlainNode[] = [];
    let heredoc: HeredocToken | undefined;
    const afterHeredoc: PlainNode[] = [];
    for (let k = at === -1 ? tokens.length : at; k < tokens.length; k += 2) {
      const r = tokens[k];
      if (r.kind === 'heredoc') {
        heredoc = r;
        k -= 1; // A heredoc token has no destination word after it.
        continue;
      }
      const dest = tokens[k + 1];
      if (r.kind !== 'redirect' || dest?.kind !== 'word' || dest.pieces.some((p) => p.kind === 'cs' || (p.kind === 'dq' && p.segments.some((s) => s.kind === 'cs')))) return undefined;
      if (r.op === '>&' && !(dest.pieces.length === 1 && dest.pieces[0].kind === 'word' && /^[0-9]+$/.test(this.text.slice(dest.start, dest.end)))) return undefined;
      const target = this.word(dest);
      if (!target) return undefined;
      const opStart = r.fd ? r.fd.end : r.start;
      (heredoc ? afterHeredoc : redirects).push(
        this.node('file_redirect', r.start, dest.end, [
          ...(r.fd ? [['descriptor', this.node('file_descriptor', r.fd.start, r.fd.end)] as [string, PlainNode]] : []),
          this.anon(r.op, opStart, opStart + r.op.length),
          ['destination', target],
        ]),
      );
    }
    if (heredoc) {
      const h = heredoc;
      redirects.push(
        this.node('heredoc_redirect', h.start, h.end, [
          this.anon('<<', h.start, h.start + 2),
          this.node('heredoc_start', h.delimiter.start, h.delimiter.end),
          ...afterHeredoc.map((r): [string, PlainNode] => ['redirect', r]),
          this.node('heredoc_body', h.body.start, h.body.end),
          this.node('heredoc_end', h.endLine.start, h.endLine.end),
        ]),
      );
    }
    return { command, redirects };
  }

  /**
   * The statements of a line or of a `$(…)`, with the `;` between them. Statements split on
   * `;`; each is pipelines joined by `&&`/`||` (left to right); each pipeline is commands joined
   * by `|`. Inside `$(…)` (`nested`), tree-sitter-bash groups a pipeline of three or more
   * commands its own way (`a | (b | c 2>&1)`), so those are left to the parser.
   */
  statements(tokens: Token[], nested = false): PlainNode[] | undefined {
    const statements: PlainNode[] = [];
    const st: StatementsState = { pipeline: [], parts: [] };
    for (let k = 0; k <= tokens.length; k++) {
      const t = tokens[k];
      if (t && t.kind !== 'op') {
        st.parts.push(t);
        continue;
      }
      // An operator (or the end) must close a command.
      if (!this.endCommand(st, nested)) return undefined;
      if (!t) break;
      if (t.op === '|') {
        st.pipe = t;
        continue;
      }
      // tree-sitter-bash reads `a | b | c && d` as `a | (b | c && d)`: left to the parser.
      if (t.op !== ';' && st.pipeline.length >= 5) return undefined;
      this.endList(st);
      if (t.op === ';') {
        statements.push(st.list!, this.anon(';', t.start, t.end));
        st.list = undefined;
      } else st.listOp = t;
    }
    this.endList(st);
    statements.push(st.list!);
    return statements;
  }

  private endPipeline(st: StatementsState): PlainNode {
    const pipeline = st.pipeline;
    const stage = pipeline.length === 1 ? pipeline[0] : this.node('pipeline', pipeline[0].startIndex, pipeline[pipeline.length - 1].endIndex, pipeline);
    st.pipeline = [];
    return stage;
  }

  private endList(st: StatementsState): void {
    const stage = this.endPipeline(st);
    const list = st.list;
    const listOp = st.listOp;
    st.list = list && listOp ? this.node('list', list.startIndex, stage.endIndex, [list, this.anon(listOp.op, listOp.start, listOp.end), stage]) : stage;
    st.listOp = undefined;
  }

  private endCommand(st: StatementsState, nested: boolean): boolean {
    const got = this.command(st.parts);
    st.parts = [];
    if (!got) return false;
    if (st.pipe) st.pipeline.push(this.anon('|', st.pipe.start, st.pipe.end));
    st.pipe = undefined;
    st.pipeline.push(got.command);
    if (nested && st.pipeline.length >= 5) return false;
    if (got.redirects.length) {
      // tree-sitter-bash hangs redirections on everything before them in the statement
      // (`a && b > f` is `(a && b) > f`); what follows continues from that.
      this.endList(st);
      const body = st.list!;
      st.list = undefined;
      st.pipeline = [this.node('redirected_statement', body.startIndex, got.redirects[got.redirects.length - 1].endIndex, [['body', body], ...got.redirects.map((r): [string, PlainNode] => ['redirect', r])])];
    }
    return true;
  }
}

/** A plain tree holds nothing outside the JavaScript heap to free. */
function noTree(): void {}

/** `(program …)` as tree-sitter-bash builds it for a plain line, or undefined. */
export function plainTree(text: string): PlainTree | undefined {
  const tokens = tokenize(text);
  if (!tokens?.length) return undefined;
  const b = new Builder(text);
  const statements = b.statements(tokens);
  if (!statements) return undefined;
  // tree-sitter's program node starts at the first word and ends with the text, trailing blanks included.
  const program = b.node('program', statements[0].startIndex, text.length, statements);
  return { rootNode: program as unknown as Node, delete: noTree };
}
