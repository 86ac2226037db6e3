/**
 * A SQL lexer that splits a script into statements. It understands line and (nested) block
 * comments, single-quoted strings (with `''` and `E'\''` escapes), quoted identifiers, and
 * PostgreSQL dollar quoting, so `DROP TABLE` inside a string, a comment or a function body is not
 * mistaken for a statement. Migration-tool markers (`-- +goose Down`, `-- migrate:down`) split
 * a file into up and down sections. Linear, never throws.
 */

export type SqlTokenKind = 'word' | 'quoted' | 'string' | 'number' | 'punct';

export interface SqlToken {
  kind: SqlTokenKind;
  /** Words are upper-cased; quoted identifiers keep their case without quotes. */
  text: string;
  start: number;
  end: number;
}

export interface SqlStatement {
  tokens: SqlToken[];
  start: number;
  end: number;
  /** In a down (rollback) section of the file. */
  down: boolean;
  /** Token texts joined by single spaces: equal for statements that differ only in layout. */
  key: string;
}

export interface SqlScript {
  statements: SqlStatement[];
  errors: { message: string; offset: number }[];
}

const MAX_TOKENS_PER_STATEMENT = 4096;

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57) || c === 36;
}

const DOWN_MARKER = /^\s*(\+goose\s+down|migrate:down|\+migrate\s+down|down\b|rollback\b|undo\b|dbmate:down)/i;
const UP_MARKER = /^\s*(\+goose\s+up|migrate:up|\+migrate\s+up|up\b|dbmate:up)/i;

export function parseSql(text: string, startsDown = false): SqlScript {
  const statements: SqlStatement[] = [];
  const errors: { message: string; offset: number }[] = [];
  let tokens: SqlToken[] = [];
  let down = startsDown;
  let stmtDown = down;
  let i = 0;
  const n = text.length;
  const flush = (end: number): void => {
    if (tokens.length) {
      statements.push({ tokens, start: tokens[0].start, end, down: stmtDown, key: tokens.map((t) => t.text).join(' ') });
    }
    tokens = [];
  };
  const push = (t: SqlToken): void => {
    if (!tokens.length) stmtDown = down;
    if (tokens.length < MAX_TOKENS_PER_STATEMENT) tokens.push(t);
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 45 && text.charCodeAt(i + 1) === 45) {
      let e = text.indexOf('\n', i);
      if (e < 0) e = n;
      const body = text.slice(i + 2, e);
      if (DOWN_MARKER.test(body)) down = true;
      else if (UP_MARKER.test(body)) down = false;
      i = e;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (text.charCodeAt(j) === 47 && text.charCodeAt(j + 1) === 42) {
          depth++;
          j += 2;
        } else if (text.charCodeAt(j) === 42 && text.charCodeAt(j + 1) === 47) {
          depth--;
          j += 2;
        } else j++;
      }
      if (depth > 0) errors.push({ message: 'unterminated block comment', offset: i });
      i = j;
      continue;
    }
    if (c === 39 || ((c === 69 || c === 101 || c === 78 || c === 110) && text.charCodeAt(i + 1) === 39)) {
      const backslash = c === 69 || c === 101;
      let j = c === 39 ? i + 1 : i + 2;
      for (;;) {
        if (j >= n) {
          errors.push({ message: 'unterminated string', offset: i });
          break;
        }
        const d = text.charCodeAt(j);
        if (backslash && d === 92) {
          j += 2;
          continue;
        }
        if (d === 39) {
          if (text.charCodeAt(j + 1) === 39) {
            j += 2;
            continue;
          }
          j++;
          break;
        }
        j++;
      }
      push({ kind: 'string', text: "'…'", start: i, end: Math.min(j, n) });
      i = Math.min(j, n);
      continue;
    }
    if (c === 36) {
      // Dollar quoting: $$ … $$ or $tag$ … $tag$.
      let j = i + 1;
      while (j < n && (isWordPart(text.charCodeAt(j)) && text.charCodeAt(j) !== 36)) j++;
      if (text.charCodeAt(j) === 36 && !(text.charCodeAt(i + 1) >= 48 && text.charCodeAt(i + 1) <= 57)) {
        const tag = text.slice(i, j + 1);
        const close = text.indexOf(tag, j + 1);
        const end = close < 0 ? n : close + tag.length;
        if (close < 0) errors.push({ message: `unterminated ${tag} quote`, offset: i });
        push({ kind: 'string', text: "'…'", start: i, end });
        i = end;
        continue;
      }
    }
    if (c === 34 || c === 96 || c === 91) {
      const close = c === 91 ? ']' : text[i];
      let j = i + 1;
      let value = '';
      for (;;) {
        const e = text.indexOf(close, j);
        if (e < 0) {
          value += text.slice(j);
          j = n;
          break;
        }
        if (close !== ']' && text[e + 1] === close) {
          value += text.slice(j, e + 1);
          j = e + 2;
          continue;
        }
        value += text.slice(j, e);
        j = e + 1;
        break;
      }
      push({ kind: 'quoted', text: value, start: i, end: j });
      i = j;
      continue;
    }
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordPart(text.charCodeAt(j))) j++;
      push({ kind: 'word', text: text.slice(i, j).toUpperCase(), start: i, end: j });
      i = j;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < n && ((text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) || text.charCodeAt(j) === 46)) j++;
      push({ kind: 'number', text: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (c === 59) {
      flush(i + 1);
      i++;
      continue;
    }
    push({ kind: 'punct', text: text[i], start: i, end: i + 1 });
    i++;
  }
  flush(n);
  return { statements, errors };
}

/** True when the statement's words, skipping punctuation, start with the given words. */
export function startsWithWords(st: SqlStatement, words: readonly string[]): boolean {
  let k = 0;
  for (const t of st.tokens) {
    if (k >= words.length) return true;
    if (t.kind !== 'word') return false;
    if (t.text !== words[k]) return false;
    k++;
  }
  return k >= words.length;
}

/** Index of the first top-level (not in parentheses) word token equal to `word`, or -1. */
export function indexOfWord(st: SqlStatement, word: string, from = 0): number {
  let depth = 0;
  for (let i = from; i < st.tokens.length; i++) {
    const t = st.tokens[i];
    if (t.kind === 'punct') {
      if (t.text === '(') depth++;
      else if (t.text === ')') depth = Math.max(0, depth - 1);
    } else if (depth === 0 && t.kind === 'word' && t.text === word) return i;
  }
  return -1;
}

/** The name after position i: `schema.table` joined with dots, as written. */
export function nameAt(st: SqlStatement, i: number): string | undefined {
  const parts: string[] = [];
  let k = i;
  while (k < st.tokens.length) {
    const t = st.tokens[k];
    if (t.kind !== 'word' && t.kind !== 'quoted') break;
    parts.push(t.kind === 'word' ? t.text.toLowerCase() : t.text);
    if (st.tokens[k + 1]?.text === '.') k += 2;
    else break;
  }
  return parts.length ? parts.join('.') : undefined;
}
