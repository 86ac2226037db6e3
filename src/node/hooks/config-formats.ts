/**
 * Text transforms that add our hook entry to an agent's settings file and take it out again,
 * touching nothing else: JSON (with comments) through jsonc-parser's `modify`, TOML and shell
 * scripts through a marked block. Every transform is pure (text in, text out) and idempotent, so
 * the installer can compare "what install would write" with what is on disk.
 */
import { applyEdits, type FormattingOptions, type JSONPath, modify, type Node, parseTree, type ParseError, printParseErrorCode, findNodeAtLocation, getNodeValue } from 'jsonc-parser';

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

function formattingOf(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /^([ \t]+)\S/m.exec(text)?.[1];
  if (indented?.startsWith('\t')) return { insertSpaces: false, tabSize: 1, eol };
  return { insertSpaces: true, tabSize: indented ? Math.min(indented.length, 8) : 2, eol };
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

export function jsonFormat(spec: JsonHookSpec): ConfigFormat {
  const ourIndexes = (text: string): { indexes: number[]; values: unknown[] } => {
    const root = parseJsonc(text);
    const arr = root ? findNodeAtLocation(root, spec.arrayPath) : undefined;
    if (!arr) return { indexes: [], values: [] };
    if (arr.type !== 'array') throw new ConfigError(`${spec.arrayPath.join('.')} is not an array; add the hook by hand`);
    const indexes: number[] = [];
    const values: unknown[] = [];
    (arr.children ?? []).forEach((child, i) => {
      const v: unknown = getNodeValue(child);
      if (spec.commandsOf(v).some((c) => spec.isOurs(c))) {
        indexes.push(i);
        values.push(v);
      }
    });
    return { indexes, values };
  };

  const add = (text: string | undefined): string => {
    if (text === undefined || !text.trim()) {
      let obj: Record<string, unknown> = { ...spec.rootDefaults };
      // Build {hooks: {Event: [element]}} along the array path.
      let value: unknown = [spec.element];
      for (let i = spec.arrayPath.length - 1; i >= 0; i--) value = { [String(spec.arrayPath[i])]: value };
      obj = { ...obj, ...(value as Record<string, unknown>) };
      return `${JSON.stringify(obj, null, 2)}\n`;
    }
    const formattingOptions = formattingOf(text);
    const { indexes, values } = ourIndexes(text);
    if (indexes.length === 1 && deepEqual(values[0], spec.element)) return text;
    let out = text;
    if (indexes.length) {
      // Drop extra copies (last first, so earlier indexes stay valid), then replace the first.
      for (const i of indexes.slice(1).reverse()) out = applyEdits(out, modify(out, [...spec.arrayPath, i], undefined, { formattingOptions }));
      return applyEdits(out, modify(out, [...spec.arrayPath, indexes[0]], spec.element, { formattingOptions }));
    }
    const root = parseJsonc(out);
    const arr = root ? findNodeAtLocation(root, spec.arrayPath) : undefined;
    if (!arr) return applyEdits(out, modify(out, spec.arrayPath, [spec.element], { formattingOptions }));
    const at = spec.insertFirst ? 0 : (arr.children?.length ?? 0);
    return applyEdits(out, modify(out, [...spec.arrayPath, at], spec.element, { formattingOptions, isArrayInsertion: true }));
  };

  const remove = (text: string): string => {
    const { indexes } = ourIndexes(text);
    if (!indexes.length) return text;
    const formattingOptions = formattingOf(text);
    let out = text;
    for (const i of [...indexes].reverse()) out = applyEdits(out, modify(out, [...spec.arrayPath, i], undefined, { formattingOptions }));
    // Containers left empty by the removal go too (hooks.Event: [] and then hooks: {}).
    for (let depth = spec.arrayPath.length; depth > 0; depth--) {
      const p = spec.arrayPath.slice(0, depth);
      const root = parseJsonc(out);
      const node = root ? findNodeAtLocation(root, p) : undefined;
      if (!node || (node.children?.length ?? 0) > 0) break;
      out = applyEdits(out, modify(out, p, undefined, { formattingOptions }));
    }
    return out;
  };

  const find = (text: string): string[] => {
    const { values } = ourIndexes(text);
    return values.flatMap((v) => spec.commandsOf(v).filter((c) => spec.isOurs(c)));
  };

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
