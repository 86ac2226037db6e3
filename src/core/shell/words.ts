/**
 * Turns tree-sitter word-like nodes into the words a shell would pass to a program: quotes
 * removed, escapes resolved, well-known variables substituted, expansions marked dynamic.
 * Every character of a static value remembers its offset in the original line, so a string
 * re-parsed as a command (`bash -c '…'`) still reports spans in the line the user wrote.
 */
import type { Node } from 'web-tree-sitter';

/** Marks an expansion whose value is unknown. */
export const DYN = '\u0000';
/** Marks an unquoted `$IFS`: the shell splits the word there. */
export const IFS_SPLIT = '\u0001';

export interface WordBuild {
  value: string;
  /** offsets[i] is the index in the original line of value[i]. */
  offsets: number[];
  dynamic: boolean;
  glob: boolean;
  quoted: boolean;
  /** Command substitutions and process substitutions found inside the word. */
  substitutions: Node[];
}

/** Static variables known at this point of the line, and the origin of each node's text. */
export interface WordEnv {
  vars: ReadonlyMap<string, { value: string; offsets: number[] }>;
  /** Offset in the original line of index 0 of the text that was parsed. */
  base: number;
  /** When the parsed text is itself a re-parsed string, maps its indices to line offsets. */
  map?: readonly number[];
  /** When set, every span inside maps to this one (code inside an interpreter one-liner). */
  coarse?: { start: number; end: number };
}

export function lineOffset(env: WordEnv, index: number): number {
  if (env.map) {
    if (env.map.length === 0) return env.base;
    return env.map[Math.max(0, Math.min(index, env.map.length - 1))];
  }
  return env.base + index;
}

/** Variables whose meaning is known regardless of their value. */
const KNOWN_VARS: Record<string, string> = {
  HOME: '~',
  PWD: '.',
  TMPDIR: '/tmp',
  TMP: '/tmp',
  TEMP: '/tmp',
};

class Builder {
  value = '';
  offsets: number[] = [];
  dynamic = false;
  glob = false;
  quoted = false;
  substitutions: Node[] = [];
  constructor(readonly env: WordEnv) {}

  push(ch: string, at: number): void {
    this.value += ch;
    this.offsets.push(lineOffset(this.env, at));
  }

  pushDyn(at: number): void {
    this.dynamic = true;
    this.push(DYN, at);
  }

  /** text[from..to) as it is, as push would add it character by character. */
  pushRun(text: string, from: number, to: number): void {
    if (to <= from) return;
    this.value += text.slice(from, to);
    for (let i = from; i < to; i++) this.offsets.push(lineOffset(this.env, i));
  }
}

/** The end of the run of characters from `from` that addUnquoted adds as they are. */
function plainRunEnd(text: string, from: number, to: number): number {
  let i = from;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    // $ \ * ? [
    if (c === 36 || c === 92 || c === 42 || c === 63 || c === 91) break;
  }
  return i;
}

/** The end of the run of characters from `from` that addDoubleQuoted adds as they are. */
function quotedRunEnd(text: string, from: number, to: number): number {
  let i = from;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 36 || c === 92) break;
  }
  return i;
}

export function buildWord(node: Node, env: WordEnv, text: string): WordBuild {
  const b = new Builder(env);
  addNode(b, node, env, text, false);
  return { value: b.value, offsets: b.offsets, dynamic: b.dynamic, glob: b.glob, quoted: b.quoted, substitutions: b.substitutions };
}

/**
 * One shell word made of several adjacent nodes. tree-sitter sometimes splits a word such as
 * `-rf$IFS/` into pieces; bash sees one word, so plain text runs are read across the pieces.
 */
export function buildWordFromNodes(nodes: readonly Node[], env: WordEnv, text: string): WordBuild {
  if (nodes.length === 1) return buildWord(nodes[0], env, text);
  const b = new Builder(env);
  const specials: Node[] = [];
  const flatten = (n: Node): void => {
    if (n.type === 'concatenation') {
      for (const c of n.namedChildren) if (c) flatten(c);
    } else if (n.type !== 'word' && n.type !== 'number') specials.push(n);
  };
  for (const n of nodes) flatten(n);
  let pos = nodes[0].startIndex;
  for (const sp of specials) {
    if (sp.startIndex > pos) addUnquoted(b, text, pos, sp.startIndex);
    addNode(b, sp, env, text, false);
    pos = Math.max(pos, sp.endIndex);
  }
  const end = nodes[nodes.length - 1].endIndex;
  if (pos < end) addUnquoted(b, text, pos, end);
  return { value: b.value, offsets: b.offsets, dynamic: b.dynamic, glob: b.glob, quoted: b.quoted, substitutions: b.substitutions };
}

/** `$NAME` or `${NAME}` at text[i], which tree-sitter sometimes leaves inside a word. */
function inlineVariable(text: string, i: number, to: number): { name: string; end: number } | undefined {
  if (text[i] !== '$') return undefined;
  const m = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})/.exec(text.slice(i, Math.min(to, i + 130)));
  return m ? { name: m[1] ?? m[2], end: i + m[0].length } : undefined;
}

function addInlineVariable(b: Builder, name: string, at: number, quoted: boolean): void {
  if (name === 'IFS' && !quoted) b.push(IFS_SPLIT, at);
  else if (b.env.vars.get(name)) {
    const known = b.env.vars.get(name)!;
    for (let k = 0; k < known.value.length; k++) {
      b.value += known.value[k];
      b.offsets.push(known.offsets[k] ?? lineOffset(b.env, at));
    }
    if (known.value.includes(DYN)) b.dynamic = true;
  } else if (KNOWN_VARS[name] !== undefined) for (const ch of KNOWN_VARS[name]) b.push(ch, at);
  else b.pushDyn(at);
}

function addUnquoted(b: Builder, text: string, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const run = plainRunEnd(text, i, to);
    if (run > i) {
      b.pushRun(text, i, run);
      i = run - 1;
      continue;
    }
    const ch = text[i];
    const inline = ch === '$' ? inlineVariable(text, i, to) : undefined;
    if (inline) {
      addInlineVariable(b, inline.name, i, false);
      i = inline.end - 1;
      continue;
    }
    if (ch === '\\') {
      if (i + 1 < to) {
        if (text[i + 1] !== '\n') b.push(text[i + 1], i + 1);
        b.quoted = true;
        i++;
      }
      continue;
    }
    if (ch === '*' || ch === '?' || ch === '[') b.glob = true;
    b.push(ch, i);
  }
}

function addDoubleQuoted(b: Builder, text: string, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const run = quotedRunEnd(text, i, to);
    if (run > i) {
      b.pushRun(text, i, run);
      i = run - 1;
      continue;
    }
    const ch = text[i];
    const inline = ch === '$' ? inlineVariable(text, i, to) : undefined;
    if (inline) {
      addInlineVariable(b, inline.name, i, true);
      i = inline.end - 1;
      continue;
    }
    if (ch === '\\' && i + 1 < to && '$`"\\\n'.includes(text[i + 1])) {
      if (text[i + 1] !== '\n') b.push(text[i + 1], i + 1);
      i++;
      continue;
    }
    b.push(ch, i);
  }
}

function addExpansion(b: Builder, node: Node, env: WordEnv, quoted: boolean, text: string): void {
  const name = variableName(node);
  const at = node.startIndex;
  if (name === 'IFS' && !quoted) {
    b.push(IFS_SPLIT, at);
    return;
  }
  if (name !== undefined && node.type === 'expansion' && withOperator(b, node, name, env, quoted, text)) return;
  if (name !== undefined && isPlainExpansion(node)) {
    const known = env.vars.get(name);
    if (known) {
      for (let i = 0; i < known.value.length; i++) {
        b.value += known.value[i];
        b.offsets.push(known.offsets[i] ?? lineOffset(env, at));
      }
      if (known.value.includes(DYN)) b.dynamic = true;
      return;
    }
    if (KNOWN_VARS[name] !== undefined) {
      for (const ch of KNOWN_VARS[name]) b.push(ch, at);
      return;
    }
  }
  b.pushDyn(at);
}

/** A variable's value when it is known without running the line (set earlier in it, or HOME, PWD, TMPDIR…). */
function knownValue(name: string, env: WordEnv): { value: string; offsets?: number[] } | undefined {
  const v = env.vars.get(name);
  if (v) return v.value.includes(DYN) ? undefined : v;
  return KNOWN_VARS[name] !== undefined ? { value: KNOWN_VARS[name] } : undefined;
}

/**
 * `${NAME:-WORD}` (and `-`, `:=`, `=`): NAME's value when it is known, else WORD's: a line an agent
 * runs has no such variable set unless the line sets it, so the default is what the command
 * reaches (`rm -rf "${X:-$HOME}"` is the home, `${TMPDIR:-/tmp}` a temp folder).
 * `${HOME%/*}`, `${PWD%/*}`: the folder above; `${HOME%%/*}` is empty, so `"${HOME%%/*}/"` is `/`.
 * False when the expansion is none of these (the caller marks it unknown).
 */
function withOperator(b: Builder, node: Node, name: string, env: WordEnv, quoted: boolean, text: string): boolean {
  const kids = node.children.filter((c): c is Node => !!c);
  const nameAt = kids.findIndex((c) => c.type === 'variable_name');
  const op = kids[nameAt + 1];
  if (nameAt === -1 || !op || op.isNamed) return false;
  const at = node.startIndex;
  if (/^:?[-=]$/.test(op.type)) {
    const known = knownValue(name, env);
    if (known) {
      for (let i = 0; i < known.value.length; i++) b.push(known.value[i], known.offsets?.[i] ?? at);
      return true;
    }
    const fallback = kids.slice(nameAt + 2).filter((c) => c.isNamed);
    if (!fallback.length) return false;
    for (const c of fallback) addNode(b, c, env, text, quoted);
    return true;
  }
  if ((op.type === '%' || op.type === '%%') && (name === 'HOME' || name === 'PWD') && !env.vars.has(name)) {
    const pattern = kids.slice(nameAt + 2).filter((c) => c.isNamed).map((c) => c.text).join('');
    if (!/^\/\*+\/?$/.test(pattern)) return false;
    if (op.type === '%') for (const ch of `${KNOWN_VARS[name]}/..`) b.push(ch, at);
    return true;
  }
  return false;
}

function variableName(node: Node): string | undefined {
  for (const c of node.namedChildren) {
    if (c && (c.type === 'variable_name' || c.type === 'special_variable_name')) return c.text;
  }
  return undefined;
}

/** `$x` or `${x}`, not `${x:-y}`, `${#x}` or `${x/a/b}`. */
function isPlainExpansion(node: Node): boolean {
  if (node.type === 'simple_expansion') return true;
  return node.namedChildCount === 1 && /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(node.text);
}

function addNode(b: Builder, node: Node, env: WordEnv, text: string, inDouble: boolean): void {
  switch (node.type) {
    case 'word':
    case 'number':
    case 'special_character':
      if (inDouble) addDoubleQuoted(b, text, node.startIndex, node.endIndex);
      else addUnquoted(b, text, node.startIndex, node.endIndex);
      return;
    case 'string_content':
    case 'heredoc_content':
      addDoubleQuoted(b, text, node.startIndex, node.endIndex);
      return;
    case 'raw_string': {
      b.quoted = true;
      b.pushRun(text, node.startIndex + 1, node.endIndex - 1);
      return;
    }
    case 'ansi_c_string':
      b.quoted = true;
      addAnsiC(b, text, node.startIndex + 2, node.endIndex - 1);
      return;
    case 'string':
    case 'translated_string': {
      b.quoted = true;
      const open = node.type === 'translated_string' ? 2 : 1;
      addChildren(b, node, env, text, node.startIndex + open, node.endIndex - 1, true);
      return;
    }
    case 'concatenation':
      addChildren(b, node, env, text, node.startIndex, node.endIndex, inDouble);
      return;
    case 'heredoc_body':
      addChildren(b, node, env, text, node.startIndex, node.endIndex, true);
      return;
    case 'simple_expansion':
    case 'expansion':
      addExpansion(b, node, env, inDouble, text);
      return;
    case 'command_substitution': {
      b.substitutions.push(node);
      const printed = staticEcho(node, env, text);
      if (printed !== undefined) for (const ch of printed) b.push(ch, node.startIndex);
      else b.pushDyn(node.startIndex);
      return;
    }
    case 'process_substitution':
      b.substitutions.push(node);
      b.pushDyn(node.startIndex);
      return;
    case 'arithmetic_expansion':
    case 'brace_expression':
    default:
      b.pushDyn(node.startIndex);
      collectSubstitutions(node, b.substitutions);
  }
}

/** Adds a node's children, treating text between them (not covered by a child) as literal. */
/**
 * What `dirname` prints for a known path: `~` and `.` stand for absolute folders here, so their
 * parent is `~/..` and `..`.
 */
function parentOf(path: string): string {
  const p = path.replace(/\/+$/, '') || '/';
  if (p === '~' || p === '.' || p === '..' || p.endsWith('/..') || p.endsWith('/.')) return `${p}/..`;
  const slash = p.lastIndexOf('/');
  if (slash === -1) return '.';
  return slash === 0 ? '/' : p.slice(0, slash);
}

/** What `mktemp` prints: a fresh path nobody else uses, so deleting it is everyday work. */
export const MKTEMP_PATH = '/tmp/mktemp.XXXXXXXX';

/**
 * The output of a substitution whose result is known without running it: `$(echo word…)`,
 * `$(printf word)`, `$(mktemp …)` (a fresh temp path), `$(pwd)` and `$(git rev-parse --show-toplevel)`.
 */
function staticEcho(node: Node, env: WordEnv, text: string): string | undefined {
  if (node.namedChildCount !== 1) return undefined;
  const cmd = node.namedChildren[0];
  if (!cmd || cmd.type !== 'command') return undefined;
  const name = cmd.childForFieldName('name');
  if (!name) return undefined;
  const program = name.text.slice(name.text.lastIndexOf('/') + 1);
  if (program === 'mktemp') return MKTEMP_PATH;
  if (program === 'dirname' || program === 'realpath' || (program === 'readlink' && /^readlink\s+(-[a-z]*[fem][a-z]*\s+)+/.test(cmd.text))) {
    const operands = cmd.namedChildren.filter((c): c is Node => !!c && c.id !== name.id && !c.text.startsWith('-'));
    if (operands.length !== 1 || operands[0].type.endsWith('_redirect')) return undefined;
    const w = buildWord(operands[0], env, text);
    if (w.dynamic || w.value.includes(DYN) || !w.value) return undefined;
    return program === 'dirname' ? parentOf(w.value) : w.value;
  }
  if (program === 'pwd' && cmd.namedChildCount === 1) return '.';
  if (program === 'git' && /^git\s+rev-parse\s+--show-toplevel\s*$/.test(cmd.text)) return '.';
  if (program !== 'echo' && program !== 'printf') return undefined;
  const parts: string[] = [];
  for (const c of cmd.namedChildren) {
    if (!c || c.id === name.id) continue;
    if (c.type.endsWith('_redirect') || c.type === 'variable_assignment') return undefined;
    const w = buildWord(c, env, text);
    if (w.dynamic || w.substitutions.length) return undefined;
    parts.push(w.value);
  }
  if (name.text === 'echo' && /^-[neE]+$/.test(parts[0] ?? '')) parts.shift();
  return parts.join(' ');
}

function addChildren(b: Builder, node: Node, env: WordEnv, text: string, from: number, to: number, inDouble: boolean): void {
  let pos = from;
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.startIndex > pos) {
      if (inDouble) addDoubleQuoted(b, text, pos, Math.min(c.startIndex, to));
      else addUnquoted(b, text, pos, Math.min(c.startIndex, to));
    }
    addNode(b, c, env, text, inDouble);
    pos = Math.max(pos, c.endIndex);
  }
  if (pos < to) {
    if (inDouble) addDoubleQuoted(b, text, pos, to);
    else addUnquoted(b, text, pos, to);
  }
}

function addAnsiC(b: Builder, text: string, from: number, to: number): void {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
  for (let i = from; i < to; i++) {
    const ch = text[i];
    if (ch !== '\\' || i + 1 >= to) {
      b.push(ch, i);
      continue;
    }
    const n = text[i + 1];
    if (simple[n] !== undefined) {
      b.push(simple[n], i);
      i++;
    } else if (n === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2, Math.min(to, i + 4)));
      if (m) {
        b.push(String.fromCharCode(parseInt(m[0], 16)), i);
        i += 1 + m[0].length;
      } else b.push(ch, i);
    } else if (n === 'u' || n === 'U') {
      const m = /^[0-9a-fA-F]{1,8}/.exec(text.slice(i + 2, Math.min(to, i + (n === 'u' ? 6 : 10))));
      if (m) {
        const cp = parseInt(m[0], 16);
        b.push(cp <= 0x10ffff ? String.fromCodePoint(cp) : '?', i);
        i += 1 + m[0].length;
      } else b.push(ch, i);
    } else if (n >= '0' && n <= '7') {
      const m = /^[0-7]{1,3}/.exec(text.slice(i + 1, Math.min(to, i + 4)))!;
      b.push(String.fromCharCode(parseInt(m[0], 8) & 0xff), i);
      i += m[0].length;
    } else if (n === 'c' && i + 2 < to) {
      b.push(String.fromCharCode(text.charCodeAt(i + 2) & 0x1f), i);
      i += 2;
    } else {
      b.push(ch, i);
    }
  }
}

export function collectSubstitutions(node: Node, out: Node[]): void {
  const stack: Node[] = [node];
  let guard = 0;
  while (stack.length && guard++ < 10000) {
    const n = stack.pop()!;
    if (n.type === 'command_substitution' || n.type === 'process_substitution') {
      out.push(n);
      continue;
    }
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
}

/** Expands `{a,b}` in an unquoted static word; returns undefined when there is nothing to expand. */
export function braceExpand(value: string, limit = 64): string[] | undefined {
  const open = value.indexOf('{');
  if (open === -1) return undefined;
  let depth = 0;
  let close = -1;
  const commas: number[] = [];
  for (let i = open; i < value.length; i++) {
    if (value[i] === '{') depth++;
    else if (value[i] === '}') {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    } else if (value[i] === ',' && depth === 1) commas.push(i);
  }
  if (close === -1 || commas.length === 0) return undefined;
  const pre = value.slice(0, open);
  const post = value.slice(close + 1);
  const parts: string[] = [];
  let last = open + 1;
  for (const c of commas) {
    parts.push(value.slice(last, c));
    last = c + 1;
  }
  parts.push(value.slice(last, close));
  const out: string[] = [];
  for (const p of parts) {
    const expanded = braceExpand(pre + p + post, limit) ?? [pre + p + post];
    for (const e of expanded) {
      if (out.length >= limit) return out;
      out.push(e);
    }
  }
  return out;
}
