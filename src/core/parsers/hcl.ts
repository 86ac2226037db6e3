/**
 * A structural HCL (Terraform/OpenTofu) parser: blocks with their labels, attributes with the
 * source range of their value, nested blocks. It never throws; what it cannot read becomes an
 * error entry and parsing resumes at the next line. Expressions are kept as source ranges;
 * `hclValue` turns literal ones (strings, numbers, bools, objects, tuples, calls) into data.
 */

export interface HclAttr {
  name: string;
  /** Offset of the name. */
  start: number;
  /** Offsets of the value expression. */
  valueStart: number;
  valueEnd: number;
}

export interface HclBlock {
  type: string;
  labels: string[];
  start: number;
  /** One past the closing brace (or the end of input when unclosed). */
  end: number;
  /** Offset just after the opening brace. */
  bodyStart: number;
  attrs: HclAttr[];
  blocks: HclBlock[];
}

export interface HclError {
  message: string;
  offset: number;
}

export interface HclFile {
  blocks: HclBlock[];
  /** Attributes at the top level (tfvars files). */
  attrs: HclAttr[];
  errors: HclError[];
}

const enum T {
  Ident,
  Number,
  String,
  Heredoc,
  Punct,
  Newline,
  Eof,
}

interface Token {
  kind: T;
  start: number;
  end: number;
  /** For Punct: the operator text. For Ident: the name. */
  text: string;
}

const MAX_DEPTH = 64;

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 45;
}

/** Tokenises text[start, end). Comments are dropped; newlines are kept (they end attributes). */
export function tokenizeHcl(text: string, start = 0, end = text.length): Token[] {
  const out: Token[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      out.push({ kind: T.Newline, start: i, end: i + 1, text: '\n' });
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 35 || (c === 47 && text.charCodeAt(i + 1) === 47)) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 || nl > end ? end : nl;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      const close = text.indexOf('*/', i + 2);
      const stop = close === -1 || close + 2 > end ? end : close + 2;
      // A block comment spanning lines still ends an attribute, as a newline would.
      if (text.slice(i, stop).includes('\n')) out.push({ kind: T.Newline, start: i, end: stop, text: '\n' });
      i = stop;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < end && isIdentPart(text.charCodeAt(j))) j++;
      out.push({ kind: T.Ident, start: i, end: j, text: text.slice(i, j) });
      i = j;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < end) {
        const d = text.charCodeAt(j);
        if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 120 || (d >= 97 && d <= 102) || (d >= 65 && d <= 70)) j++;
        else break;
      }
      out.push({ kind: T.Number, start: i, end: j, text: text.slice(i, j) });
      i = j;
      continue;
    }
    if (c === 34) {
      const j = skipString(text, i, end);
      out.push({ kind: T.String, start: i, end: j, text: unquote(text.slice(i, j)) });
      i = j;
      continue;
    }
    if (c === 60 && text.charCodeAt(i + 1) === 60 && (isIdentStart(text.charCodeAt(i + 2)) || (text.charCodeAt(i + 2) === 45 && isIdentStart(text.charCodeAt(i + 3))))) {
      const j = skipHeredoc(text, i, end);
      out.push({ kind: T.Heredoc, start: i, end: j, text: '' });
      i = j;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '<=' || two === '>=' || two === '=>' || two === '&&' || two === '||') {
      out.push({ kind: T.Punct, start: i, end: i + 2, text: two });
      i += 2;
      continue;
    }
    if (text.startsWith('...', i)) {
      out.push({ kind: T.Punct, start: i, end: i + 3, text: '...' });
      i += 3;
      continue;
    }
    out.push({ kind: T.Punct, start: i, end: i + 1, text: text[i] });
    i++;
  }
  out.push({ kind: T.Eof, start: end, end, text: '' });
  return out;
}

/** Skips a quoted string with `${…}` / `%{…}` templates (which may nest strings). Returns its end. */
function skipString(text: string, start: number, end: number): number {
  let i = start + 1;
  let depth = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (depth === 0) {
      if (c === 92) {
        i += 2;
        continue;
      }
      if (c === 34) return i + 1;
      if (c === 10) return i; // Strings cannot span lines; recover at the newline.
      if ((c === 36 || c === 37) && text.charCodeAt(i + 1) === 123) {
        if (text.charCodeAt(i - 1) === c) {
          i += 2;
          continue; // `$${` is an escape.
        }
        depth = 1;
        i += 2;
        continue;
      }
      i++;
      continue;
    }
    // Inside a template expression: track braces and nested strings.
    if (c === 34) {
      i = skipString(text, i, end);
      continue;
    }
    if (c === 123) depth++;
    else if (c === 125) depth--;
    else if (c === 10 && depth > 0 && i - start > 4096) return i;
    i++;
  }
  return end;
}

function skipHeredoc(text: string, start: number, end: number): number {
  let i = start + 2;
  if (text.charCodeAt(i) === 45) i++;
  const idStart = i;
  while (i < end && isIdentPart(text.charCodeAt(i))) i++;
  const marker = text.slice(idStart, i);
  let nl = text.indexOf('\n', i);
  while (nl !== -1 && nl < end) {
    const lineStart = nl + 1;
    let next = text.indexOf('\n', lineStart);
    if (next === -1 || next > end) next = end;
    if (text.slice(lineStart, next).trim() === marker) return next;
    nl = next === end ? -1 : next;
  }
  return end;
}

/** Parses text[start, end) as an HCL body. Offsets in the result are offsets into `text`. */
export function parseHcl(text: string, start = 0, end = text.length): HclFile {
  const toks = tokenizeHcl(text, start, end);
  const errors: HclError[] = [];
  const p = { i: 0 };
  const body = parseBody(toks, p, errors, false, 0);
  return { blocks: body.blocks, attrs: body.attrs, errors };
}

function parseBody(toks: Token[], p: { i: number }, errors: HclError[], inBlock: boolean, depth: number): { attrs: HclAttr[]; blocks: HclBlock[] } {
  const attrs: HclAttr[] = [];
  const blocks: HclBlock[] = [];
  for (;;) {
    while (toks[p.i].kind === T.Newline) p.i++;
    const t = toks[p.i];
    if (t.kind === T.Eof) {
      if (inBlock) errors.push({ message: 'block is not closed', offset: t.start });
      return { attrs, blocks };
    }
    if (t.kind === T.Punct && t.text === '}') {
      if (inBlock) return { attrs, blocks };
      errors.push({ message: 'unexpected "}"', offset: t.start });
      p.i++;
      continue;
    }
    if (t.kind !== T.Ident) {
      errors.push({ message: `unexpected ${t.kind === T.Punct ? `"${t.text}"` : 'token'}`, offset: t.start });
      skipLine(toks, p);
      continue;
    }
    const next = toks[p.i + 1];
    if (next.kind === T.Punct && (next.text === '=' || next.text === ':')) {
      p.i += 2;
      const vs = toks[p.i].start;
      const ve = skipExpression(toks, p);
      attrs.push({ name: t.text, start: t.start, valueStart: vs, valueEnd: Math.max(vs, ve) });
      continue;
    }
    // A block: type, labels, then `{`.
    const labels: string[] = [];
    let j = p.i + 1;
    while (toks[j].kind === T.String || toks[j].kind === T.Ident) {
      const lt = toks[j];
      labels.push(lt.text);
      j++;
    }
    if (toks[j].kind === T.Punct && toks[j].text === '{') {
      p.i = j + 1;
      const block: HclBlock = { type: t.text, labels, start: t.start, end: toks[j].end, bodyStart: toks[j].end, attrs: [], blocks: [] };
      if (depth >= MAX_DEPTH) {
        errors.push({ message: 'blocks nested too deeply', offset: t.start });
        skipBalanced(toks, p);
      } else {
        const body = parseBody(toks, p, errors, true, depth + 1);
        block.attrs = body.attrs;
        block.blocks = body.blocks;
        if (toks[p.i].kind === T.Punct && toks[p.i].text === '}') p.i++;
      }
      block.end = toks[Math.max(0, p.i - 1)].end;
      blocks.push(block);
      continue;
    }
    errors.push({ message: `expected "=" or "{" after "${t.text}"`, offset: t.start });
    p.i = j;
    skipLine(toks, p);
  }
}

function skipLine(toks: Token[], p: { i: number }): void {
  while (toks[p.i].kind !== T.Newline && toks[p.i].kind !== T.Eof) {
    if (toks[p.i].kind === T.Punct && toks[p.i].text === '{') {
      p.i++;
      skipBalanced(toks, p);
      continue;
    }
    if (toks[p.i].kind === T.Punct && toks[p.i].text === '}') return;
    p.i++;
  }
}

/** After an opening brace: skips to just past the matching close. */
function skipBalanced(toks: Token[], p: { i: number }): void {
  let depth = 1;
  while (toks[p.i].kind !== T.Eof) {
    const t = toks[p.i];
    if (t.kind === T.Punct && (t.text === '{' || t.text === '[' || t.text === '(')) depth++;
    else if (t.kind === T.Punct && (t.text === '}' || t.text === ']' || t.text === ')')) {
      depth--;
      if (depth === 0) {
        p.i++;
        return;
      }
    }
    p.i++;
  }
}

/** Skips an expression: to a newline or a closing brace at bracket depth 0. Returns its end offset. */
function skipExpression(toks: Token[], p: { i: number }): number {
  let depth = 0;
  let end = toks[p.i].start;
  for (;;) {
    const t = toks[p.i];
    if (t.kind === T.Eof) return end;
    if (depth === 0 && t.kind === T.Newline) return end;
    if (t.kind === T.Punct) {
      if (t.text === '{' || t.text === '[' || t.text === '(') depth++;
      else if (t.text === '}' || t.text === ']' || t.text === ')') {
        if (depth === 0) return end;
        depth--;
      }
    }
    end = t.end;
    p.i++;
  }
}

// ---------------------------------------------------------------------------------------------
// Values

/** A literal HCL value as data; anything computed stays an expression with its source text. */
export type HclValue =
  | string
  | number
  | boolean
  | null
  | HclValue[]
  | { [key: string]: HclValue }
  | { $expr: string }
  | { $call: string; args: HclValue[] };

export function isExpr(v: HclValue): v is { $expr: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { $expr?: unknown }).$expr === 'string';
}

export function isCall(v: HclValue): v is { $call: string; args: HclValue[] } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { $call?: unknown }).$call === 'string';
}

/** Evaluates the literal parts of text[start, end). Never throws; unknown parts become `$expr`. */
export function hclValue(text: string, start: number, end: number): HclValue {
  const toks = valueTokens(tokenizeHcl(text, start, end));
  const p = { i: 0 };
  const v = readValue(text, toks, p, 0);
  if (toks[p.i].kind !== T.Eof) return { $expr: text.slice(start, end).trim() };
  return v;
}

/**
 * Newlines matter only between the elements of an object (`{ a = 1 <newline> b = 2 }`), where
 * they separate like commas; inside brackets and parentheses, and around commas, they do not.
 */
function valueTokens(raw: Token[]): Token[] {
  const out: Token[] = [];
  const open: string[] = [];
  for (const t of raw) {
    if (t.kind === T.Newline) {
      const prev = out[out.length - 1];
      const inObject = open[open.length - 1] === '{';
      if (inObject && prev && !(prev.kind === T.Punct && (prev.text === ',' || prev.text === '{'))) out.push({ kind: T.Punct, start: t.start, end: t.start, text: ',' });
      continue;
    }
    if (t.kind === T.Punct) {
      if (t.text === '{' || t.text === '[' || t.text === '(') open.push(t.text);
      else if (t.text === '}' || t.text === ']' || t.text === ')') {
        open.pop();
        // A separator we added right before a closing brace is harmless, but keep the tokens tidy.
        const prev = out[out.length - 1];
        if (prev && prev.kind === T.Punct && prev.text === ',' && prev.start === prev.end) out.pop();
      }
    }
    out.push(t);
  }
  return out;
}

function readValue(text: string, toks: Token[], p: { i: number }, depth: number): HclValue {
  const t = toks[p.i];
  if (depth > MAX_DEPTH) return exprUntilSeparator(text, toks, p);
  if (t.kind === T.String) {
    const after = toks[p.i + 1];
    if (isSeparator(after)) {
      p.i++;
      return t.text;
    }
    return exprUntilSeparator(text, toks, p);
  }
  if (t.kind === T.Heredoc) {
    p.i++;
    return heredocBody(text.slice(t.start, t.end));
  }
  if (t.kind === T.Number && isSeparator(toks[p.i + 1])) {
    p.i++;
    return Number(t.text);
  }
  if (t.kind === T.Ident) {
    if ((t.text === 'true' || t.text === 'false' || t.text === 'null') && isSeparator(toks[p.i + 1])) {
      p.i++;
      return t.text === 'null' ? null : t.text === 'true';
    }
    const open = toks[p.i + 1];
    if (open.kind === T.Punct && open.text === '(') {
      const start = p.i;
      p.i += 2;
      const args: HclValue[] = [];
      while (toks[p.i].kind !== T.Eof && !(toks[p.i].kind === T.Punct && toks[p.i].text === ')')) {
        const before = p.i;
        args.push(readValue(text, toks, p, depth + 1));
        if (toks[p.i].kind === T.Punct && (toks[p.i].text === ',' || toks[p.i].text === '...')) p.i++;
        if (p.i === before) p.i++;
      }
      if (toks[p.i].kind === T.Punct && toks[p.i].text === ')') p.i++;
      if (!isSeparator(toks[p.i])) {
        p.i = start;
        return exprUntilSeparator(text, toks, p);
      }
      return { $call: t.text, args };
    }
    return exprUntilSeparator(text, toks, p);
  }
  if (t.kind === T.Punct && t.text === '[') {
    const start = p.i;
    p.i++;
    const items: HclValue[] = [];
    if (toks[p.i].kind === T.Ident && toks[p.i].text === 'for') {
      p.i = start;
      return exprUntilSeparator(text, toks, p);
    }
    while (toks[p.i].kind !== T.Eof && !(toks[p.i].kind === T.Punct && toks[p.i].text === ']')) {
      const before = p.i;
      items.push(readValue(text, toks, p, depth + 1));
      if (toks[p.i].kind === T.Punct && toks[p.i].text === ',') p.i++;
      if (p.i === before) p.i++;
    }
    if (toks[p.i].kind === T.Punct) p.i++;
    if (!isSeparator(toks[p.i])) {
      p.i = start;
      return exprUntilSeparator(text, toks, p);
    }
    return items;
  }
  if (t.kind === T.Punct && t.text === '{') {
    const start = p.i;
    p.i++;
    if (toks[p.i].kind === T.Ident && toks[p.i].text === 'for') {
      p.i = start;
      return exprUntilSeparator(text, toks, p);
    }
    const obj: { [key: string]: HclValue } = {};
    while (toks[p.i].kind !== T.Eof && !(toks[p.i].kind === T.Punct && toks[p.i].text === '}')) {
      const kt = toks[p.i];
      let key: string | undefined;
      if (kt.kind === T.Ident || kt.kind === T.Number) key = kt.text;
      else if (kt.kind === T.String) key = kt.text;
      const sep = toks[p.i + 1];
      if (key !== undefined && sep.kind === T.Punct && (sep.text === '=' || sep.text === ':')) {
        p.i += 2;
        obj[key] = readValue(text, toks, p, depth + 1);
      } else {
        const before = p.i;
        exprUntilSeparator(text, toks, p);
        if (p.i === before) p.i++;
      }
      if (toks[p.i].kind === T.Punct && toks[p.i].text === ',') p.i++;
    }
    if (toks[p.i].kind === T.Punct) p.i++;
    if (!isSeparator(toks[p.i])) {
      p.i = start;
      return exprUntilSeparator(text, toks, p);
    }
    return obj;
  }
  return exprUntilSeparator(text, toks, p);
}

function isSeparator(t: Token): boolean {
  return t.kind === T.Eof || (t.kind === T.Punct && (t.text === ',' || t.text === ']' || t.text === '}' || t.text === ')'));
}

function exprUntilSeparator(text: string, toks: Token[], p: { i: number }): { $expr: string } {
  const start = toks[p.i].start;
  let end = start;
  let depth = 0;
  while (toks[p.i].kind !== T.Eof) {
    const t = toks[p.i];
    if (t.kind === T.Punct) {
      if (t.text === '{' || t.text === '[' || t.text === '(') depth++;
      else if (t.text === '}' || t.text === ']' || t.text === ')') {
        if (depth === 0) break;
        depth--;
      } else if (t.text === ',' && depth === 0) break;
    }
    end = t.end;
    p.i++;
  }
  return { $expr: text.slice(start, end) };
}

function unquote(raw: string): string {
  const inner = raw.length >= 2 && raw.endsWith('"') ? raw.slice(1, -1) : raw.slice(1);
  return inner.replace(/\\(["\\nrt])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}

function heredocBody(raw: string): string {
  const nl = raw.indexOf('\n');
  if (nl < 0) return '';
  const lastNl = raw.lastIndexOf('\n');
  return lastNl > nl ? raw.slice(nl + 1, lastNl) : '';
}
