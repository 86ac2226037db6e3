/**
 * The tree tree-sitter-bash would build for a line of plain words (`terraform destroy
 * -auto-approve`, `kubectl delete namespace prod`), built without it. Such a line is one simple
 * command whose words are what they look like, so the extractor can read it from this tree while
 * the grammar (WebAssembly, the largest cost of a one-shot CLI run) is not even loaded.
 *
 * "Plain" is kept narrow enough to be certain: words of letters, digits and `_ . / : @ % + , = ~ ^ -`
 * separated by spaces or tabs, no `=` in the first word (that is an assignment) and no reserved
 * word first. Anything else returns undefined and goes to the real parser. A test parses
 * thousands of generated lines both ways and requires identical trees.
 */
import type { Node } from 'web-tree-sitter';

/** Longer lines go to the parser: plain lines are short, and the scan stays bounded. */
const MAX_PLAIN = 4096;

/** Characters of a plain word: none of them is special to bash in any position of a word. */
function plainChar(c: number): boolean {
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
    c === 45 // -
  );
}

/** Words the grammar treats as keywords (or declaration builtins) in command position. */
const RESERVED: ReadonlySet<string> = new Set([
  'case', 'declare', 'do', 'done', 'elif', 'else', 'esac', 'export', 'fi', 'for', 'function', 'if', 'in',
  'local', 'readonly', 'select', 'then', 'typeset', 'unset', 'unsetenv', 'until', 'while',
]);

/**
 * The first word: an identifier followed by `@ % + , = ~ ^ :` is read as a variable name before an
 * operator (`a+=`, `x%=`), so the program word is held to the characters of file paths.
 */
const PROGRAM = /^[A-Za-z0-9_./][A-Za-z0-9_./-]*$/;

/** tree-sitter-bash's `number` token; a word it matches whole is a number node, not a word. */
const NUMBER = /^-?(?:0x)?[0-9]+$/;

interface Range {
  start: number;
  end: number;
}

/** The words of a plain line, or undefined when the line is not plain. */
export function plainWords(text: string): Range[] | undefined {
  if (text.length > MAX_PLAIN) return undefined;
  const words: Range[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (c === 32 || c === 9) {
      if (start !== -1) {
        words.push({ start, end: i });
        start = -1;
      }
    } else if (plainChar(c)) {
      if (start === -1) start = i;
    } else return undefined;
  }
  if (words.length === 0) return undefined;
  const first = text.slice(words[0].start, words[0].end);
  if (!PROGRAM.test(first) || RESERVED.has(first)) return undefined;
  for (let k = 1; k < words.length; k++) if (text.charCodeAt(words[k].start) === 61) return undefined;
  return words;
}

/** The part of tree-sitter's node interface the extractor reads, over a plain line. */
class PlainNode {
  readonly isNamed = true;
  constructor(
    readonly type: string,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly namedChildren: PlainNode[],
    private readonly source: string,
    readonly id: number,
  ) {}

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  get children(): PlainNode[] {
    return this.namedChildren;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  childForFieldName(name: string): PlainNode | null {
    return this.type === 'command' && name === 'name' ? this.namedChildren[0] : null;
  }
}

export interface PlainTree {
  rootNode: Node;
  delete(): void;
}

/** `(program (command name: (command_name (word)) argument: (word)…))`, or undefined. */
export function plainTree(text: string): PlainTree | undefined {
  const words = plainWords(text);
  if (!words) return undefined;
  let id = 0;
  const leaf = (r: Range): PlainNode => new PlainNode(NUMBER.test(text.slice(r.start, r.end)) ? 'number' : 'word', r.start, r.end, [], text, ++id);
  const [first, ...rest] = words;
  const name = new PlainNode('command_name', first.start, first.end, [leaf(first)], text, ++id);
  const last = words[words.length - 1];
  const command = new PlainNode('command', first.start, last.end, [name, ...rest.map(leaf)], text, ++id);
  // tree-sitter's program node starts at the first word and ends with the text, trailing blanks included.
  const program = new PlainNode('program', first.start, text.length, [command], text, ++id);
  return { rootNode: program as unknown as Node, delete: () => undefined };
}
