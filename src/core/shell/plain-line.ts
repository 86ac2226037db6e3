/**
 * The tree tree-sitter-bash would build for a plain command line, built without it. Most lines
 * an agent runs are plain: words (`terraform destroy -auto-approve`), simply quoted strings
 * (`git commit -m "fix the build"`, `grep -r 'TODO' src`), and commands joined by `&&`, `||`,
 * `|` and `;`. The extractor reads such a line from this tree while the grammar (WebAssembly,
 * the largest cost of a one-shot CLI run) is not even loaded.
 *
 * "Plain" is kept narrow enough to be certain, and anything else returns undefined and goes to
 * the real parser:
 * - unquoted words of letters, digits and `_ . / : @ % + , = ~ ^ - * ?`;
 * - "double-quoted" text without `$`, `` ` `` or `\`, and 'single-quoted' text, both on one line
 *   and printable ASCII; quoted and unquoted pieces that touch are one word;
 * - each command starts with a word of file-path characters that is not a reserved word (no
 *   assignments, no quoted program names), and no later word starts with `=`;
 * - `&&`, `||`, `|` and `;` only between commands, and no pipeline of three or more commands
 *   before `&&` or `||`.
 * A test parses thousands of generated lines both ways and requires identical trees.
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

type Piece = { kind: 'word' | 'dq' | 'sq'; start: number; end: number };
type Token = { kind: 'op'; op: string; start: number; end: number } | { kind: 'word'; pieces: Piece[]; start: number; end: number };

/** The tokens of a plain line, or undefined when the line is not plain. */
function tokenize(text: string): Token[] | undefined {
  if (text.length > MAX_PLAIN) return undefined;
  const tokens: Token[] = [];
  let word: Piece[] | undefined;
  const endWord = (): void => {
    if (word) tokens.push({ kind: 'word', pieces: word, start: word[0].start, end: word[word.length - 1].end });
    word = undefined;
  };
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) {
      endWord();
      i++;
    } else if (c === 38 || c === 124 || c === 59) {
      // & | ;
      endWord();
      const two = text.slice(i, i + 2);
      const op = two === '&&' || two === '||' ? two : c === 124 ? '|' : c === 59 ? ';' : undefined;
      if (!op) return undefined;
      // `|&`, `;;`, `;&`, `&>`: not plain.
      const next = text.charCodeAt(i + op.length);
      if (next === 38 || next === 59 || next === 124 || next === 62) return undefined;
      tokens.push({ kind: 'op', op, start: i, end: i + op.length });
      i += op.length;
    } else if (c === 34 || c === 39) {
      // "…" or '…'
      let j = i + 1;
      for (; j < text.length; j++) {
        const q = text.charCodeAt(j);
        if (q === c) break;
        if (!quotedChar(q) || (c === 34 && (q === 36 || q === 96 || q === 92))) return undefined;
      }
      if (j >= text.length) return undefined;
      (word ??= []).push({ kind: c === 34 ? 'dq' : 'sq', start: i, end: j + 1 });
      i = j + 1;
    } else if (wordChar(c)) {
      let j = i + 1;
      while (j < text.length && wordChar(text.charCodeAt(j))) j++;
      (word ??= []).push({ kind: 'word', start: i, end: j });
      i = j;
    } else return undefined;
  }
  endWord();
  return tokens;
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
    readonly isNamed = true,
  ) {}

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  get namedChildren(): PlainNode[] {
    return this.children.filter((c) => c.isNamed);
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  childForFieldName(name: string): PlainNode | null {
    return this.type === 'command' && name === 'name' ? this.children[0] : null;
  }
}

export interface PlainTree {
  rootNode: Node;
  delete(): void;
}

class Builder {
  private id = 0;
  constructor(private readonly text: string) {}

  node(type: string, start: number, end: number, children: PlainNode[] = [], named = true): PlainNode {
    return new PlainNode(type, start, end, children, this.text, ++this.id, named);
  }

  piece(p: Piece): PlainNode {
    if (p.kind === 'word') return this.node(NUMBER.test(this.text.slice(p.start, p.end)) ? 'number' : 'word', p.start, p.end);
    if (p.kind === 'sq') return this.node('raw_string', p.start, p.end);
    // A string's content is a child unless it is only blanks, which tree-sitter puts in the closing quote.
    const open = this.node('"', p.start, p.start + 1, [], false);
    if (!/\S/.test(this.text.slice(p.start + 1, p.end - 1))) return this.node('string', p.start, p.end, [open, this.node('"', p.start + 1, p.end, [], false)]);
    return this.node('string', p.start, p.end, [open, this.node('string_content', p.start + 1, p.end - 1), this.node('"', p.end - 1, p.end, [], false)]);
  }

  word(t: Extract<Token, { kind: 'word' }>): PlainNode {
    return t.pieces.length === 1 ? this.piece(t.pieces[0]) : this.node('concatenation', t.start, t.end, t.pieces.map((p) => this.piece(p)));
  }

  /** A simple command, or undefined when its words are not plain enough. */
  command(words: Extract<Token, { kind: 'word' }>[]): PlainNode | undefined {
    const [first, ...rest] = words;
    if (!first || first.pieces.length !== 1 || first.pieces[0].kind !== 'word') return undefined;
    const name = this.text.slice(first.start, first.end);
    if (!PROGRAM.test(name) || RESERVED.has(name)) return undefined;
    if (rest.some((w) => this.text.charCodeAt(w.start) === 61)) return undefined;
    const children = [this.node('command_name', first.start, first.end, [this.word(first)]), ...rest.map((w) => this.word(w))];
    return this.node('command', first.start, words[words.length - 1].end, children);
  }
}

/** `(program …)` as tree-sitter-bash builds it for a plain line, or undefined. */
export function plainTree(text: string): PlainTree | undefined {
  const tokens = tokenize(text);
  if (!tokens?.length) return undefined;
  const b = new Builder(text);
  const statements: PlainNode[] = [];
  // Statements split on `;`; each is pipelines joined by `&&`/`||` (left to right); each pipeline
  // is commands joined by `|`.
  let list: PlainNode | undefined;
  let listOp: Extract<Token, { kind: 'op' }> | undefined;
  /** Commands of the current pipeline, each after the `|` that led to it. */
  let pipeline: PlainNode[] = [];
  let pipe: Extract<Token, { kind: 'op' }> | undefined;
  let words: Extract<Token, { kind: 'word' }>[] = [];
  const endCommand = (): boolean => {
    const cmd = b.command(words);
    words = [];
    if (!cmd) return false;
    if (pipe) pipeline.push(b.node('|', pipe.start, pipe.end, [], false));
    pipe = undefined;
    pipeline.push(cmd);
    return true;
  };
  const endPipeline = (): PlainNode => {
    const stage = pipeline.length === 1 ? pipeline[0] : b.node('pipeline', pipeline[0].startIndex, pipeline[pipeline.length - 1].endIndex, pipeline);
    pipeline = [];
    return stage;
  };
  const endList = (): void => {
    const stage = endPipeline();
    list = list && listOp ? b.node('list', list.startIndex, stage.endIndex, [list, b.node(listOp.op, listOp.start, listOp.end, [], false), stage]) : stage;
    listOp = undefined;
  };
  for (let k = 0; k <= tokens.length; k++) {
    const t = tokens[k];
    if (t?.kind === 'word') {
      words.push(t);
      continue;
    }
    // An operator (or the end) must close a command.
    if (!endCommand()) return undefined;
    if (!t) break;
    if (t.op === '|') {
      pipe = t;
      continue;
    }
    // tree-sitter-bash reads `a | b | c && d` as `a | (b | c && d)`: left to the parser.
    if (t.op !== ';' && pipeline.length >= 5) return undefined;
    endList();
    if (t.op === ';') {
      statements.push(list!, b.node(';', t.start, t.end, [], false));
      list = undefined;
    } else listOp = t;
  }
  endList();
  statements.push(list!);
  // tree-sitter's program node starts at the first word and ends with the text, trailing blanks included.
  const program = b.node('program', statements[0].startIndex, text.length, statements);
  return { rootNode: program as unknown as Node, delete: () => undefined };
}
