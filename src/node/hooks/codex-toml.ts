/**
 * Our hook entry in Codex's config.toml, a file Codex itself edits: after the user trusts a hook
 * it writes `[hooks.state."…"] trusted_hash = "…"` (and project trust, UI settings) through
 * toml_edit, which puts a new table right after the last table of the same parent, or at the end.
 * When our block ended in a comment line of its own (`# <<< blast-radius`), those tables landed
 * inside our markers, and rewriting the block dropped them: the hook was untrusted again and Codex
 * skipped it without a word.
 *
 * So the block is one array-of-tables element whose last line carries the end marker as a
 * trailing comment, which stays with its value whatever Codex adds after it:
 *
 *     # >>> blast-radius: agent hook (managed; …)
 *     [[hooks.PreToolUse]]
 *     matcher = "Bash|apply_patch"
 *     hooks = [{ type = "command", command = "…", timeout = 30 }] # <<< blast-radius
 *
 * It goes before the first table header (after the user's own `[[hooks.PreToolUse]]` groups
 * when there are any, so their trust keys, which count groups, stay the same) and never moves
 * once written. The file is never re-serialised: edits are made on the text, smol-toml only tells
 * which lines are real table headers and checks that the result parses to the original data plus
 * (or minus) our group and nothing else; anything else is refused with a reason, and nothing is
 * written. A block of the earlier layout with Codex's tables inside is rewritten in place, and
 * those tables move, byte for byte, to just after it. We never write Codex's trust state.
 */
import { BLOCK_BEGIN, BLOCK_END, type ConfigFormat, ConfigError, tomlString } from './config-formats';

/** The part of smol-toml this uses. Its type declarations are ESM-only; the bundle loads its CommonJS build. */
interface SmolToml {
  parse: (text: string) => Record<string, unknown>;
  TomlError: abstract new (...args: never[]) => Error & { line: number; column: number };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse, TomlError } = require('smol-toml') as SmolToml;

/** Larger config files are not edited (every header check parses the text before it). */
const MAX_TEXT = 512 * 1024;

export interface CodexTomlSpec {
  /** The first line of the block; starts with BLOCK_BEGIN. */
  begin: string;
  matcher: string;
  command: string;
  timeout: number;
  /** True for a command of ours. */
  isOurs(command: string): boolean;
}

type Table = Record<string, unknown>;

interface Line {
  start: number;
  /** Offset just past the line's newline (or the end of the text). */
  next: number;
  /** The line without its newline and carriage return. */
  text: string;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const next = nl === -1 ? text.length : nl + 1;
    out.push({ start, next, text: text.slice(start, nl === -1 ? text.length : nl).replace(/\r$/, '') });
    start = next;
  }
  return out;
}

/** Parses TOML (throws smol-toml's TomlError, with line and column, on invalid input). */
export function parseToml(text: string): Record<string, unknown> {
  return parse(text);
}

function tryParse(text: string): Table | undefined {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

function parseOrExplain(text: string): Table {
  try {
    return parse(text);
  } catch (e) {
    const where = e instanceof TomlError ? ` at line ${e.line}` : '';
    throw new ConfigError(`config.toml is not valid TOML${where}; fix it (or add the hook by hand) and try again`);
  }
}

const KEY = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*')`;
const HEADER = new RegExp(String.raw`^[ \t]*\[(\[)?[ \t]*(${KEY}(?:[ \t]*\.[ \t]*${KEY})*)[ \t]*\](\])?[ \t]*(?:#.*)?$`);
const KEY_PART = new RegExp(KEY, 'g');

interface Header {
  line: number;
  array: boolean;
  path: string[];
}

function unquoteKey(k: string): string {
  if (k.startsWith('"')) {
    try {
      return JSON.parse(k) as string;
    } catch {
      return k.slice(1, -1);
    }
  }
  return k.startsWith("'") ? k.slice(1, -1) : k;
}

/** A line that looks like a table header; whether it is one depends on what comes before it. */
function headerShape(line: string): Omit<Header, 'line'> | undefined {
  const m = HEADER.exec(line);
  if (!m || !!m[1] !== !!m[3]) return undefined;
  return { array: !!m[1], path: (m[2].match(KEY_PART) ?? []).map(unquoteKey) };
}

/**
 * The table headers of a valid document among lines `from` to `to`, in order. A line shaped like a
 * header is one exactly when the text before it parses (a header inside a multi-line string or array
 * leaves that text unterminated). `want` picks the shapes worth that check, so only a few are parsed.
 */
function headersOf(text: string, lines: Line[], from = 0, to = lines.length, want: (h: Omit<Header, 'line'>) => boolean = () => true): Header[] {
  const out: Header[] = [];
  for (let i = from; i < to; i++) {
    const shape = headerShape(lines[i].text);
    if (shape && want(shape) && tryParse(text.slice(0, lines[i].start)) !== undefined) out.push({ line: i, ...shape });
  }
  return out;
}

/** The first table header after line `after`, or undefined. */
function nextHeader(text: string, lines: Line[], after: number): Header | undefined {
  for (let i = after + 1; i < lines.length; i++) {
    const [h] = headersOf(text, lines, i, i + 1);
    if (h) return h;
  }
  return undefined;
}

const isComment = (l: Line | undefined): boolean => !!l && /^[ \t]*#/.test(l.text);

/** The line where a header's own comment lines (directly above it) begin. */
function attachedStart(lines: Line[], headerLine: number, floor = 0): number {
  let i = headerLine;
  while (i - 1 >= floor && isComment(lines[i - 1]) && !lines[i - 1].text.startsWith(BLOCK_BEGIN) && !lines[i - 1].text.startsWith(BLOCK_END)) i--;
  return i;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (v && typeof v === 'object') {
    const o = v as Table;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return typeof v === 'number' && !Number.isFinite(v) ? JSON.stringify(String(v)) : JSON.stringify(v);
}

function isEmptyTable(v: unknown): boolean {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).length;
}

/** The data with `hooks` dropped when it is an empty table: a removal may or may not leave `[hooks]`. */
function comparable(data: Table): string {
  const copy = { ...data };
  if (isEmptyTable(copy.hooks)) delete copy.hooks;
  return canonical(copy);
}

function clone(data: Table): Table {
  return structuredClone(data);
}

function preToolUseOf(data: Table): unknown {
  const hooks = data.hooks;
  return hooks && typeof hooks === 'object' && !Array.isArray(hooks) ? (hooks as Table).PreToolUse : undefined;
}

interface FoundBlock {
  /** Line index of the begin marker. */
  beginLine: number;
  /** Line index of the last line (the end marker, or our last value with the marker after it). */
  endLine: number;
  /** True for the earlier layout, whose end marker is a comment line of its own. */
  ownEndLine: boolean;
  /** Lines (begin < i < end, plus the end line in the new layout) that are ours. */
  ours: [number, number];
  /** Lines inside the markers that are not ours (tables Codex or the user added), or undefined. */
  foreign?: [number, number];
}

const TRAILING_END = new RegExp(String.raw`[ \t]${escapeRegExp(BLOCK_END)}[ \t]*$`);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function findBlock(text: string, lines: Line[]): FoundBlock | undefined {
  const beginLine = lines.findIndex((l) => l.text.startsWith(BLOCK_BEGIN));
  if (beginLine === -1) return undefined;
  for (let i = beginLine + 1; i < lines.length; i++) {
    const t = lines[i].text;
    if (t.startsWith(BLOCK_BEGIN)) return undefined;
    if (t.startsWith(BLOCK_END)) return splitOldBlock(text, lines, beginLine, i);
    if (!isComment(lines[i]) && TRAILING_END.test(t)) return { beginLine, endLine: i, ownEndLine: false, ours: [beginLine + 1, i + 1] };
  }
  return undefined;
}

/**
 * The earlier layout: our `[[hooks.PreToolUse]]` and `[[hooks.PreToolUse.hooks]]` tables first,
 * then whatever Codex (or the user) appended before the end marker line.
 */
function splitOldBlock(text: string, lines: Line[], beginLine: number, endLine: number): FoundBlock {
  const inside = headersOf(text, lines, beginLine + 1, endLine);
  let oursEnd = endLine;
  let seenGroup = false;
  for (const h of inside) {
    const p = h.path.join('\u0000');
    const ourTable = h.array && (p === 'hooks\u0000PreToolUse' ? !seenGroup : seenGroup && p === 'hooks\u0000PreToolUse\u0000hooks');
    if (p === 'hooks\u0000PreToolUse') seenGroup = true;
    if (!ourTable) {
      oursEnd = attachedStart(lines, h.line, beginLine + 1);
      break;
    }
  }
  return { beginLine, endLine, ownEndLine: true, ours: [beginLine + 1, oursEnd], ...(oursEnd < endLine ? { foreign: [oursEnd, endLine] as [number, number] } : {}) };
}

const slice = (text: string, lines: Line[], [from, to]: [number, number]): string => (from >= to ? '' : text.slice(lines[from].start, lines[to - 1].next));

export function codexTomlFormat(spec: CodexTomlSpec): ConfigFormat {
  const group = { matcher: spec.matcher, hooks: [{ type: 'command', command: spec.command, timeout: spec.timeout }] };
  const blockText = (eol: string): string =>
    [spec.begin, '[[hooks.PreToolUse]]', `matcher = ${tomlString(spec.matcher)}`, `hooks = [{ type = "command", command = ${tomlString(spec.command)}, timeout = ${spec.timeout} }] ${BLOCK_END}`, ''].join(eol);

  const eolOf = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n');

  const commandsIn = (body: string): string[] =>
    [...body.matchAll(/(?:^|[\s{,])command\s*=\s*("(?:[^"\\\r\n]|\\.)*")/gm)]
      .map((m) => {
        try {
          return JSON.parse(m[1]) as string;
        } catch {
          return '';
        }
      })
      .filter((c) => spec.isOurs(c));

  /** Our group as it stands in the block (parsed on its own), for finding it in the whole file's data. */
  const ourGroupIn = (text: string, lines: Line[], b: FoundBlock): unknown => {
    const own = tryParse(slice(text, lines, b.ours));
    const arr = own ? preToolUseOf(own) : undefined;
    return Array.isArray(arr) && arr.length === 1 ? arr[0] : undefined;
  };

  const indexOfGroup = (data: Table, g: unknown): number => {
    const arr = preToolUseOf(data);
    if (g === undefined || !Array.isArray(arr)) return -1;
    const want = canonical(g);
    return arr.findIndex((x) => canonical(x) === want);
  };

  const verify = (after: string, expected: Table, what: string): string => {
    const got = tryParse(after);
    if (!got || comparable(got) !== comparable(expected)) {
      throw new ConfigError(`could not ${what} config.toml without changing other settings (the file is laid out in a way this editor does not handle); edit the [[hooks.PreToolUse]] entry by hand`);
    }
    return after;
  };

  const add = (text: string | undefined): string => {
    if (text === undefined || !text.length) return blockText('\n');
    if (text.length > MAX_TEXT) throw new ConfigError('config.toml is larger than 512 KB; add the hook by hand');
    const before = parseOrExplain(text);
    const eol = eolOf(text);
    const lines = linesOf(text);
    const block = blockText(eol);
    const found = findBlock(text, lines);
    if (found) {
      const start = lines[found.beginLine].start;
      const end = lines[found.endLine].next;
      const current = text.slice(start, end);
      if (!found.ownEndLine && current === block) return text;
      const foreign = found.foreign ? slice(text, lines, found.foreign) : '';
      const stray = slice(text, lines, [found.ours[0], found.ours[1]]);
      const old = ourGroupIn(text, lines, found);
      const idx = indexOfGroup(before, old);
      if (idx === -1 || !commandsIn(stray).length) {
        throw new ConfigError('the Blast Radius block in config.toml was edited by hand; remove it (from the `# >>> blast-radius` line to the `# <<< blast-radius` marker) and install again');
      }
      const expected = clone(before);
      (preToolUseOf(expected) as unknown[])[idx] = group;
      const sep = foreign && !/^[ \t]*\r?\n/.test(foreign) ? eol : '';
      return verify(text.slice(0, start) + block + sep + foreign + text.slice(end), expected, 'update the hook in');
    }
    const hooks = before.hooks;
    if (hooks !== undefined && (!hooks || typeof hooks !== 'object' || Array.isArray(hooks))) throw new ConfigError('config.toml defines `hooks` as something other than a table; add the hook by hand');
    const existing = preToolUseOf(before);
    if (lines.some((l) => l.text.startsWith(BLOCK_BEGIN))) {
      throw new ConfigError('config.toml has a `# >>> blast-radius` line without the entry and end marker that belong to it; remove that line by hand and install again');
    }
    const theirs = headersOf(text, lines, 0, lines.length, (h) => h.path[0] === 'hooks' && h.path[1] === 'PreToolUse');
    if (existing !== undefined && (!Array.isArray(existing) || !theirs.some((h) => h.array && h.path.length === 2))) {
      throw new ConfigError('config.toml already defines hooks.PreToolUse as an inline value or a plain table; add the hook by hand or use [[hooks.PreToolUse]] tables');
    }
    // Before the first table header, or after the user's own groups so their trust keys keep their indices.
    const after = theirs.length ? theirs[theirs.length - 1].line : -1;
    const next = nextHeader(text, lines, after);
    let out: string;
    if (next) {
      const at = lines[attachedStart(lines, next.line, after + 1)].start;
      out = text.slice(0, at) + block + eol + text.slice(at);
    } else {
      const base = text.endsWith('\n') ? text : text + eol;
      out = `${base}${eol}${block}`;
    }
    const expected = clone(before);
    const h = (expected.hooks ??= {}) as Table;
    h.PreToolUse = [...((h.PreToolUse as unknown[] | undefined) ?? []), group];
    return verify(out, expected, 'add the hook to');
  };

  const remove = (text: string): string => {
    const lines = linesOf(text);
    const found = findBlock(text, lines);
    if (!found) return text;
    const start = lines[found.beginLine].start;
    const end = lines[found.endLine].next;
    const foreign = found.foreign ? slice(text, lines, found.foreign) : '';
    let head = text.slice(0, start);
    let tail = text.slice(end);
    if (!foreign) {
      // The blank line install put after the block (or before it, when appended at the end) goes with it.
      if (/^\r?\n/.test(tail)) tail = tail.replace(/^\r?\n/, '');
      else if (!tail && /\r?\n\r?\n$/.test(head)) head = head.replace(/\r?\n$/, '');
    }
    const out = head + foreign + tail;
    const before = tryParse(text);
    if (!before) return out;
    const idx = indexOfGroup(before, ourGroupIn(text, lines, found));
    if (idx === -1) return out;
    const expected = clone(before);
    const arr = preToolUseOf(expected) as unknown[];
    arr.splice(idx, 1);
    if (!arr.length) delete (expected.hooks as Table).PreToolUse;
    return verify(out, expected, 'remove the hook from');
  };

  const find = (text: string): string[] => {
    const lines = linesOf(text);
    const found = findBlock(text, lines);
    return found ? commandsIn(slice(text, lines, found.ours)) : [];
  };

  return { add, remove, find };
}
