/**
 * Text transforms that add our hook entry to an agent's settings file and take it out again,
 * touching nothing else: JSON (with comments) through jsonc-parser's syntax tree, TOML and shell
 * scripts through a marked block. Every transform is pure (text in, text out) and idempotent, so
 * the installer can compare "what install would write" with what is on disk. JSON edits are made
 * by hand on jsonc-parser's syntax tree rather than with its `modify`, whose formatting rewrites
 * whole lines next to the edit.
 */
import { findNodeAtLocation, getNodeValue, type JSONPath, type Node, parseTree, type ParseError, printParseErrorCode } from 'jsonc-parser';

/** Thrown when a file cannot be edited safely; the message says what to do by hand. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ConfigFormat {
  /** The text with exactly one entry of ours, equal to `entry`. `undefined` means "no file yet". */
  add(text: string | undefined): string;
  /** The text with every entry of ours removed. */
  remove(text: string): string;
  /** The commands of our entries present in the text. */
  find(text: string): string[];
  /** The whole file is ours: removing our entry removes the file. */
  ownsFile?: boolean;
  /** The permissions of a file we create (Cline runs its hook file itself, so it must be executable). */
  mode?: number;
}

// -------------------------------------------------------------------------------------------------
// JSON

export interface JsonHookSpec {
  /** Where the array of hook groups lives, e.g. ['hooks', 'PreToolUse']. */
  arrayPath: JSONPath;
  /** The element we put into that array. */
  element: Record<string, unknown>;
  /** Extra top-level properties for a file we create (Cursor's and Copilot's `version`). */
  rootDefaults?: Record<string, unknown>;
  /** Insert first (Cursor runs only the first hook of an event in some versions) or last. */
  insertFirst?: boolean;
  /** The commands an element runs (for recognising ours). */
  commandsOf(element: unknown): string[];
  /** True for a command of ours. */
  isOurs(command: string): boolean;
}

interface TextStyle {
  eol: string;
  /** One level of indentation. */
  unit: string;
}

function styleOf(text: string): TextStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /^([ \t]+)\S/m.exec(text)?.[1];
  if (indented?.startsWith('\t')) return { eol, unit: '\t' };
  return { eol, unit: ' '.repeat(indented ? Math.min(indented.length, 8) : 2) };
}

function parseJsonc(text: string): Node | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const e = errors[0];
    const line = text.slice(0, e.offset).split('\n').length;
    throw new ConfigError(`not valid JSON (${printParseErrorCode(e.error)} at line ${line}); fix it or add the hook by hand`);
  }
  if (root && root.type !== 'object') throw new ConfigError('the top level is not a JSON object; add the hook by hand');
  return root;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

interface Edit {
  offset: number;
  length: number;
  content: string;
}

function apply(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.content + out.slice(e.offset + e.length);
  return out;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl;
}

function indentAt(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, offset), offset))?.[0] ?? '';
}

/** True when only whitespace separates a container's opening bracket from its first child. */
function isMultiLine(text: string, container: Node): boolean {
  const first = container.children?.[0];
  const end = first ? first.offset : container.offset + container.length;
  return text.slice(container.offset, end).includes('\n');
}

function pretty(value: unknown, base: string, style: TextStyle): string {
  return JSON.stringify(value, null, style.unit).replace(/\n/g, style.eol + base);
}

/**
 * Where to put a comma after `node` and the next line after it: right after the value, and
 * after a line comment that follows it (so the comment stays on its own entry).
 */
function afterNode(text: string, node: Node): { comma: number; next: number } {
  const end = node.offset + node.length;
  const rest = text.slice(end, lineEnd(text, end));
  if (/^\s*(\/\/.*|\/\*.*\*\/\s*)$/.test(rest)) return { comma: end, next: lineEnd(text, end) };
  return { comma: end, next: end };
}

/** Edits that put `value` into the array `arr` at `index` (or at the end), in the file's own layout. */
function insertIntoArray(text: string, arr: Node, index: number, value: unknown, style: TextStyle): Edit[] {
  const children = arr.children ?? [];
  if (!children.length) {
    const outer = indentAt(text, arr.offset);
    const inner = outer + style.unit;
    return [{ offset: arr.offset + 1, length: arr.length - 2, content: `${style.eol}${inner}${pretty(value, inner, style)}${style.eol}${outer}` }];
  }
  const multi = isMultiLine(text, arr);
  if (index < children.length) {
    const next = children[index];
    if (!multi) return [{ offset: next.offset, length: 0, content: `${JSON.stringify(value)}, ` }];
    const ind = indentAt(text, next.offset);
    return [{ offset: next.offset, length: 0, content: `${pretty(value, ind, style)},${style.eol}${ind}` }];
  }
  const prev = children[children.length - 1];
  if (!multi) return [{ offset: prev.offset + prev.length, length: 0, content: `, ${JSON.stringify(value)}` }];
  const ind = indentAt(text, prev.offset);
  const at = afterNode(text, prev);
  const body = `${style.eol}${ind}${pretty(value, ind, style)}`;
  return at.next === at.comma ? [{ offset: at.comma, length: 0, content: `,${body}` }] : [{ offset: at.comma, length: 0, content: ',' }, { offset: at.next, length: 0, content: body }];
}

/** Edits that add `"key": value` as the last property of the object `obj`. */
function insertIntoObject(text: string, obj: Node, key: string, value: unknown, style: TextStyle): Edit[] {
  const props = obj.children ?? [];
  if (!props.length) {
    const outer = indentAt(text, obj.offset);
    const inner = outer + style.unit;
    return [{ offset: obj.offset + 1, length: obj.length - 2, content: `${style.eol}${inner}${JSON.stringify(key)}: ${pretty(value, inner, style)}${style.eol}${outer}` }];
  }
  const last = props[props.length - 1];
  if (!isMultiLine(text, obj)) return [{ offset: last.offset + last.length, length: 0, content: `, ${JSON.stringify(key)}: ${JSON.stringify(value)}` }];
  const ind = indentAt(text, last.offset);
  const at = afterNode(text, last);
  const body = `${style.eol}${ind}${JSON.stringify(key)}: ${pretty(value, ind, style)}`;
  return at.next === at.comma ? [{ offset: at.comma, length: 0, content: `,${body}` }] : [{ offset: at.comma, length: 0, content: ',' }, { offset: at.next, length: 0, content: body }];
}

/** Skips whitespace and comments forward from `i`. */
function skipTrivia(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('//', i)) i = lineEnd(text, i);
    else if (text.startsWith('/*', i)) {
      const e = text.indexOf('*/', i + 2);
      i = e === -1 ? text.length : e + 2;
    } else return i;
  }
}

/**
 * Edits that take one child (an array element or a property) out of its container: whole lines
 * when it has lines of its own, with the comma that separated it; the comments around it stay.
 */
function removeChild(text: string, container: Node, child: Node): Edit[] {
  const siblings = container.children ?? [];
  const i = siblings.indexOf(child);
  const prev = i > 0 ? siblings[i - 1] : undefined;
  const start = child.offset;
  const end = child.offset + child.length;
  const afterEnd = skipTrivia(text, end);
  const hasComma = text[afterEnd] === ',';
  const endWithComma = hasComma ? afterEnd + 1 : end;
  const ownsLines = !text.slice(lineStart(text, start), start).trim() && !text.slice(endWithComma, lineEnd(text, endWithComma)).trim();
  if (ownsLines) {
    const edits: Edit[] = [];
    const from = lineStart(text, start);
    const to = Math.min(text.length, lineEnd(text, endWithComma) + 1);
    edits.push({ offset: from, length: to - from, content: '' });
    if (!hasComma && prev) {
      // It was the last one: the comma after the previous sibling goes.
      const c = skipTrivia(text, prev.offset + prev.length);
      if (text[c] === ',') edits.push({ offset: c, length: 1, content: '' });
    }
    return edits;
  }
  if (hasComma) return [{ offset: start, length: skipTrivia(text, endWithComma) - start, content: '' }];
  if (prev) {
    const c = skipTrivia(text, prev.offset + prev.length);
    return [{ offset: c, length: end - c, content: '' }];
  }
  return [{ offset: start, length: child.length, content: '' }];
}

/** Removes the property at `path` (whole lines where it has them); the text is unchanged when it is absent. */
export function removeJsonProperty(text: string, path: JSONPath): string {
  const root = parseJsonc(text);
  const node = root ? findNodeAtLocation(root, path) : undefined;
  const prop = node?.parent;
  if (!prop || prop.type !== 'property' || !prop.parent) return text;
  return apply(text, removeChild(text, prop.parent, prop));
}

/**
 * Adds `"key": value` as the last property of the object at `path` (the root for `[]`), in the
 * file's own layout; nothing else in the text changes. Throws ConfigError when the text is not
 * JSON or the path is not an object.
 */
export function insertJsonProperty(text: string, path: JSONPath, key: string, value: unknown): string {
  const root = parseJsonc(text);
  if (!root) throw new ConfigError('the file holds no JSON object; add the setting by hand');
  const obj = path.length ? findNodeAtLocation(root, path) : root;
  if (!obj || obj.type !== 'object') throw new ConfigError(`${path.join('.')} is not an object; add the setting by hand`);
  return apply(text, insertIntoObject(text, obj, key, value, styleOf(text)));
}

export function jsonFormat(spec: JsonHookSpec): ConfigFormat {
  const arrayOf = (root: Node | undefined): Node | undefined => {
    const arr = root ? findNodeAtLocation(root, spec.arrayPath) : undefined;
    if (arr && arr.type !== 'array') throw new ConfigError(`${spec.arrayPath.join('.')} is not an array; add the hook by hand`);
    return arr;
  };
  const ours = (arr: Node | undefined): Node[] => (arr?.children ?? []).filter((child) => spec.commandsOf(getNodeValue(child)).some((c) => spec.isOurs(c)));

  const removeAll = (text: string): string => {
    let out = text;
    // One at a time, re-parsing: each removal shifts the offsets after it.
    for (let guard = 0; guard < 100; guard++) {
      const root = parseJsonc(out);
      const arr = arrayOf(root);
      const mine = ours(arr);
      if (!arr || !mine.length) break;
      out = apply(out, removeChild(out, arr, mine[0]));
    }
    return out;
  };

  const add = (text: string | undefined): string => {
    if (text === undefined || !text.trim()) {
      let value: unknown = [spec.element];
      for (let i = spec.arrayPath.length - 1; i >= 0; i--) value = { [String(spec.arrayPath[i])]: value };
      return `${JSON.stringify({ ...spec.rootDefaults, ...(value as Record<string, unknown>) }, null, 2)}\n`;
    }
    const style = styleOf(text);
    const mine = ours(arrayOf(parseJsonc(text)));
    if (mine.length === 1 && deepEqual(getNodeValue(mine[0]), spec.element)) return text;
    const out = mine.length ? removeAll(text) : text;
    const root = parseJsonc(out);
    if (!root) throw new ConfigError('the file holds no JSON object; add the hook by hand');
    const arr = arrayOf(root);
    if (arr) return apply(out, insertIntoArray(out, arr, spec.insertFirst ? 0 : (arr.children?.length ?? 0), spec.element, style));
    // The deepest object that exists along the path gets the rest of the path as a new property.
    let depth = spec.arrayPath.length - 1;
    let parent: Node | undefined;
    for (; depth >= 0; depth--) {
      parent = depth === 0 ? root : findNodeAtLocation(root, spec.arrayPath.slice(0, depth));
      if (parent) break;
    }
    if (!parent || parent.type !== 'object') throw new ConfigError(`${spec.arrayPath.slice(0, Math.max(depth, 1)).join('.')} is not an object; add the hook by hand`);
    let value: unknown = [spec.element];
    for (let i = spec.arrayPath.length - 1; i > depth; i--) value = { [String(spec.arrayPath[i])]: value };
    return apply(out, insertIntoObject(out, parent, String(spec.arrayPath[depth]), value, style));
  };

  const remove = (text: string): string => {
    let out = removeAll(text);
    if (out === text) return text;
    // Containers left empty by the removal go too (hooks.Event: [] and then hooks: {}).
    for (let depth = spec.arrayPath.length; depth > 0; depth--) {
      const root = parseJsonc(out);
      const node = root ? findNodeAtLocation(root, spec.arrayPath.slice(0, depth)) : undefined;
      if (!node || (node.children?.length ?? 0) > 0 || !node.parent?.parent) break;
      out = apply(out, removeChild(out, node.parent.parent, node.parent));
    }
    return out;
  };

  const find = (text: string): string[] => ours(arrayOf(parseJsonc(text))).flatMap((n) => spec.commandsOf(getNodeValue(n)).filter((c) => spec.isOurs(c)));

  return { add, remove, find };
}

// -------------------------------------------------------------------------------------------------
// Marked blocks (TOML, shell)

/** Every marked block starts and ends with these (then a free-text explanation). */
export const BLOCK_BEGIN = '# >>> blast-radius';
export const BLOCK_END = '# <<< blast-radius';

export interface BlockSpec {
  /** The full first and last lines of the block; they start with BLOCK_BEGIN and BLOCK_END. */
  begin: string;
  end: string;
  /** The lines between them. */
  body: string;
  /** For scripts: keep this first line (the shebang) on top and put the block right after it. */
  afterShebang?: boolean;
  /** The text of a file we create from nothing. */
  newFile?: (block: string) => string;
  /** Refuses to edit a text our block cannot be added to safely. */
  check?: (text: string) => void;
  /** The commands inside a block of ours. */
  commandsOf(body: string): string[];
}

interface FoundBlock {
  start: number;
  end: number;
  body: string;
}

function findBlock(text: string): FoundBlock | undefined {
  const lines = text.split('\n');
  let offset = 0;
  let start = -1;
  let bodyStart = -1;
  for (const line of lines) {
    const next = offset + line.length + 1;
    const bare = line.replace(/\r$/, '');
    if (start === -1 && bare.startsWith(BLOCK_BEGIN)) {
      start = offset;
      bodyStart = next;
    } else if (start !== -1 && bare.startsWith(BLOCK_END)) {
      return { start, end: Math.min(next, text.length), body: text.slice(bodyStart, offset) };
    }
    offset = next;
  }
  return undefined;
}

export function blockFormat(spec: BlockSpec): ConfigFormat {
  const block = `${spec.begin}\n${spec.body}\n${spec.end}\n`;
  const add = (text: string | undefined): string => {
    if (text === undefined || !text.length) return spec.newFile ? spec.newFile(block) : block;
    const found = findBlock(text);
    if (found) return text.slice(0, found.start) + block + text.slice(found.end);
    spec.check?.(text);
    if (spec.afterShebang) {
      const nl = text.indexOf('\n');
      if (text.startsWith('#!')) return nl === -1 ? `${text}\n${block}` : text.slice(0, nl + 1) + block + text.slice(nl + 1);
      return block + text;
    }
    const base = text.endsWith('\n') ? text : `${text}\n`;
    return `${base}\n${block}`;
  };
  const remove = (text: string): string => {
    const found = findBlock(text);
    if (!found) return text;
    let before = text.slice(0, found.start);
    const after = text.slice(found.end);
    // The blank line we put before an appended block goes with it.
    if (!spec.afterShebang && before.endsWith('\n\n') && after === '') before = before.slice(0, -1);
    return before + after;
  };
  const find = (text: string): string[] => {
    const found = findBlock(text);
    return found ? spec.commandsOf(found.body) : [];
  };
  return { add, remove, find };
}

/** A TOML basic string. JSON's escapes are a subset of TOML's. */
export function tomlString(s: string): string {
  return JSON.stringify(s);
}

// -------------------------------------------------------------------------------------------------
// Files that are ours from the first byte to the last (Cline's hook script, opencode's plugin)

export interface OwnFileSpec {
  /** The whole text of our file. */
  text: string;
  /** The commands a file of ours runs, read from its text (for recognising ours). */
  commandsOf(text: string): string[];
  /** True for a command of ours. */
  isOurs(command: string): boolean;
  /** What to tell the user when the file exists and is not ours. */
  notOurs: string;
}

/**
 * A file we write whole. Another file at that path is never touched: install refuses with the
 * `notOurs` message. Removing our file removes the file (see `ownsFile`).
 */
export function ownFileFormat(spec: OwnFileSpec): ConfigFormat {
  const ours = (text: string): boolean => spec.commandsOf(text).some((c) => spec.isOurs(c));
  return {
    ownsFile: true,
    add(text) {
      if (text === undefined || !text.trim() || ours(text)) return spec.text;
      throw new ConfigError(spec.notOurs);
    },
    remove: (text) => (ours(text) ? '' : text),
    find: (text) => spec.commandsOf(text).filter((c) => spec.isOurs(c)),
  };
}
