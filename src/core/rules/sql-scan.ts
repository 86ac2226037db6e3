import { kindName } from '../plain-text';
/**
 * Finds the statements in a SQL text that destroy data: DROP DATABASE/SCHEMA/TABLE, TRUNCATE,
 * DELETE and UPDATE without a WHERE, ALTER TABLE … DROP COLUMN. Built on the shared SQL lexer, so
 * comments, string literals and dollar quoting hide what they contain (`SELECT 'DROP TABLE x'`
 * is quiet). Client-side syntax the lexer does not know is removed first: psql backslash
 * commands, sqlite dot commands, MySQL `#` comments and backslash escapes, sqlcmd `GO` lines.
 */
import { indexOfWord, nameAt, parseSql, type SqlStatement } from '../parsers/sql';
import type { Severity } from '../types';

export type SqlDialect = 'postgres' | 'mysql' | 'sqlite' | 'tsql' | 'cql' | 'clickhouse' | 'generic';

export interface SqlHit {
  severity: Severity;
  /** What the statement destroys, e.g. `drops table users`. */
  what: string;
}

/** SQL longer than this is read only in part; a destructive statement at its start still counts. */
const MAX_SQL = 64 * 1024;
const MAX_STATEMENTS = 500;
const MAX_NAMES = 4;

/** Also the databases a psql script connects to with `\c name`, for the production test. */
export interface SqlScan {
  hits: SqlHit[];
  connects: string[];
}

export function scanSql(input: string, dialect: SqlDialect): SqlScan {
  const connects: string[] = [];
  const text = prepare(input.slice(0, MAX_SQL), dialect, connects);
  const script = parseSql(text);
  const statements = script.statements.slice(0, MAX_STATEMENTS);
  const hits: SqlHit[] = [];
  statements.forEach((st, i) => {
    const hit = classify(st, dialect);
    if (!hit) return;
    if (hit.dml && rolledBack(statements, i)) return;
    hits.push({ severity: hit.severity, what: hit.what });
  });
  return { hits, connects };
}

/** Removes client commands and dialect quirks the lexer would misread. Keeps offsets roughly. */
function prepare(text: string, dialect: SqlDialect, connects: string[]): string {
  let t = dialect === 'mysql' ? mysqlNormalize(text) : text;
  if (dialect === 'postgres' || dialect === 'sqlite' || dialect === 'tsql' || dialect === 'generic') {
    const lines = t.split('\n');
    for (let i = 0; i < lines.length && i < 20_000; i++) {
      const line = lines[i].trim();
      if (dialect === 'postgres' && line.startsWith('\\')) {
        const m = /^\\(?:c|connect)\s+("?)([^\s"]+)\1/.exec(line);
        if (m && connects.length < 10) connects.push(m[2]);
        lines[i] = '';
      } else if (dialect === 'sqlite' && line.startsWith('.')) lines[i] = '';
      else if (dialect === 'tsql' && /^go(\s+\d+)?$/i.test(line)) lines[i] = ';';
    }
    t = lines.join('\n');
  }
  return t;
}

/**
 * MySQL reads `#` as a comment and `\'` as an escaped quote. Rewrites both into what the
 * shared lexer understands: the comment becomes spaces, `\'` becomes `''`.
 */
function mysqlNormalize(text: string): string {
  let out = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && (quote === "'" || quote === '"') && i + 1 < text.length) {
        const next = text[i + 1];
        out += next === quote ? quote + quote : '  ';
        i++;
        continue;
      }
      if (c === quote) quote = '';
      out += c;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      quote = c;
      out += c;
      continue;
    }
    if (c === '#') {
      const e = text.indexOf('\n', i);
      const end = e === -1 ? text.length : e;
      out += ' '.repeat(end - i);
      i = end - 1;
      continue;
    }
    out += c;
  }
  return out;
}

interface Classified {
  severity: Severity;
  what: string;
  /** DELETE/UPDATE: a later ROLLBACK undoes it. */
  dml?: boolean;
}

function words(st: SqlStatement, from: number, count: number): string[] {
  return st.tokens.slice(from, from + count).map((t) => (t.kind === 'word' ? t.text : t.kind === 'punct' ? t.text : ''));
}

/** Names after position i: `a, b.c` → ['a', 'b.c'], skipping IF EXISTS / ONLY. */
function namesFrom(st: SqlStatement, i: number): { names: string[]; next: number } {
  let k = i;
  const skip = new Set(['IF', 'EXISTS', 'ONLY', 'TABLE', 'TEMPORARY', 'TEMP']);
  while (k < st.tokens.length && st.tokens[k].kind === 'word' && skip.has(st.tokens[k].text)) k++;
  const names: string[] = [];
  while (k < st.tokens.length && names.length < 50) {
    const name = nameAt(st, k);
    if (!name) break;
    names.push(name);
    while (k < st.tokens.length && (st.tokens[k].kind === 'word' || st.tokens[k].kind === 'quoted')) {
      k++;
      if (st.tokens[k]?.text === '.') k++;
      else break;
    }
    if (st.tokens[k]?.text === '*') k++;
    if (st.tokens[k]?.text !== ',') break;
    k++;
  }
  return { names, next: k };
}

function list(names: string[]): string {
  if (names.length === 0) return '';
  const shownNames = names.slice(0, MAX_NAMES).map((n) => (n.length > 60 ? `${n.slice(0, 59)}…` : n)).join(', ');
  return names.length > MAX_NAMES ? `${shownNames} and ${names.length - MAX_NAMES} more` : shownNames;
}

function classify(st: SqlStatement, dialect: SqlDialect): Classified | undefined {
  let start = 0;
  const first = st.tokens[0];
  if (!first || first.kind !== 'word') return undefined;
  if (first.text === 'EXPLAIN') {
    // Plain EXPLAIN only plans; EXPLAIN ANALYZE runs the statement.
    const k = st.tokens.findIndex((t, i) => i > 0 && t.kind === 'word' && t.text === 'ANALYZE');
    if (k === -1 || k > 3) return undefined;
    start = k + 1;
    while (st.tokens[start] && st.tokens[start].kind === 'punct') start++;
  }
  if (st.tokens[start]?.text === 'WITH') {
    const d = indexOfWord(st, 'DELETE', start + 1);
    const u = indexOfWord(st, 'UPDATE', start + 1);
    const at = [d, u].filter((x) => x !== -1).sort((a, b) => a - b)[0];
    if (at === undefined) return undefined;
    start = at;
  }
  const [w0, w1, w2] = words(st, start, 3);
  if (w0 === 'DROP') {
    if (w1 === 'DATABASE' || (w1 === 'SCHEMA' && dialect === 'mysql') || w1 === 'KEYSPACE') {
      const { names } = namesFrom(st, start + 2);
      return { severity: 'critical', what: `drops the ${kindName(w1 === 'KEYSPACE' ? 'keyspace' : 'database', list(names) || '(unnamed)')}` };
    }
    if (w1 === 'SCHEMA') {
      const { names } = namesFrom(st, start + 2);
      const cascade = indexOfWord(st, 'CASCADE', start) !== -1;
      return cascade
        ? { severity: 'critical', what: `drops ${kindName('schema', list(names))} with everything in it (CASCADE)` }
        : { severity: 'medium', what: `drops ${kindName('schema', list(names))} (fails unless it is empty)` };
    }
    if (w1 === 'TABLE' || (w1 === 'TEMPORARY' && w2 === 'TABLE')) {
      const { names } = namesFrom(st, start + 2);
      // ClickHouse: ON CLUSTER runs the DROP on every shard and replica at once.
      const onCluster = dialect === 'clickhouse' || dialect === 'generic' ? onClusterAt(st, start) : false;
      return { severity: onCluster ? 'critical' : 'high', what: `${names.length > 1 ? `drops ${kindName('tables', list(names))} and all their rows` : `drops ${kindName('table', list(names))} and all its rows`}${onCluster ? ' on every node of the cluster (ON CLUSTER)' : ''}` };
    }
    if (w1 === 'OWNED') return { severity: 'high', what: 'drops every object owned by a role (DROP OWNED)' };
    if (w1 === 'ROLE' || w1 === 'USER' || w1 === 'GROUP' || w1 === 'LOGIN') {
      const { names } = namesFrom(st, start + 2);
      return { severity: 'high', what: `drops ${names.length ? `the ${kindName(w1 === 'LOGIN' ? 'login' : w1.toLowerCase(), list(names))}` : `a ${w1 === 'LOGIN' ? 'login' : w1.toLowerCase()}`}: everything that signs in with it is locked out and its grants are gone` };
    }
    if (w1 === 'TABLESPACE') {
      const { names } = namesFrom(st, start + 2);
      const contents = indexOfWord(st, 'CONTENTS', start) !== -1;
      return { severity: contents ? 'critical' : 'high', what: `drops ${kindName('tablespace', list(names))}${contents ? ' with every table in it (INCLUDING CONTENTS)' : ''}` };
    }
    if (w1 === 'CLUSTER') {
      const { names } = namesFrom(st, start + 2);
      return { severity: 'high', what: `drops ${kindName('cluster', list(names) || '(unnamed)')}` };
    }
    if (w1 === 'MATERIALIZED' || w1 === 'VIEW' || w1 === 'INDEX') {
      const { names } = namesFrom(st, start + (w1 === 'MATERIALIZED' ? 3 : 2));
      return { severity: 'low', what: `drops ${kindName(w1 === 'INDEX' ? 'index' : 'view', list(names))} (can be recreated from its definition)` };
    }
    return undefined;
  }
  if (w0 === 'RESET' && (w1 === 'MASTER' || (w1 === 'BINARY' && w2 === 'LOGS'))) return { severity: 'high', what: 'deletes every binary log (RESET MASTER): replicas and point-in-time recovery lose their source' };
  if (w0 === 'RESET' && (w1 === 'REPLICA' || w1 === 'SLAVE')) return { severity: 'medium', what: 'forgets the replication position of this replica (RESET REPLICA)' };
  if (w0 === 'PURGE' && (w1 === 'BINARY' || w1 === 'MASTER') && w2 === 'LOGS') return { severity: 'medium', what: 'deletes binary logs (PURGE BINARY LOGS): point-in-time recovery before them is no longer possible' };
  if (w0 === 'SELECT' || w0 === 'CALL' || w0 === 'PERFORM') {
    if (st.tokens.some((t) => t.kind === 'word' && t.text === 'PG_DROP_REPLICATION_SLOT')) return { severity: 'medium', what: 'drops a replication slot: the replica or change-data consumer reading it loses its place' };
    return undefined;
  }
  if (w0 === 'TRUNCATE') {
    const { names } = namesFrom(st, start + 1);
    return { severity: 'high', what: `empties ${kindName(names.length > 1 ? 'tables' : 'table', list(names))} (TRUNCATE)` };
  }
  if (w0 === 'DELETE') {
    const from = indexOfWord(st, 'FROM', start);
    const { names } = from === -1 ? namesFrom(st, start + 1) : namesFrom(st, from + 1);
    if (!whereIsTrivial(st, start)) return undefined;
    return { severity: 'high', what: `deletes every row of ${list(names) || 'the table'} (DELETE without WHERE)`, dml: true };
  }
  if (w0 === 'UPDATE') {
    const { names } = namesFrom(st, start + 1);
    if (indexOfWord(st, 'SET', start) === -1 || !whereIsTrivial(st, start)) return undefined;
    return { severity: 'high', what: `overwrites every row of ${list(names) || 'the table'} (UPDATE without WHERE)`, dml: true };
  }
  if (w0 === 'ALTER' && w1 === 'TABLE') {
    const { names } = namesFrom(st, start + 2);
    let depth = 0;
    for (let i = start + 3; i < st.tokens.length; i++) {
      const t = st.tokens[i];
      if (t.text === '(') depth++;
      else if (t.text === ')') depth = Math.max(0, depth - 1);
      if (depth > 0 || t.kind !== 'word') continue;
      if (t.text === 'DROP') {
        const next = st.tokens[i + 1];
        const what = next?.kind === 'word' ? next.text : '';
        if (what === 'PARTITION') return { severity: 'high', what: `drops a partition of ${list(names)} and its rows` };
        if (['CONSTRAINT', 'INDEX', 'KEY', 'PRIMARY', 'FOREIGN', 'CHECK', 'DEFAULT', 'NOT', 'IDENTITY', 'EXPRESSION', 'PROJECTION', 'STATISTICS'].includes(what)) continue;
        const col = what === 'COLUMN' ? namesFrom(st, i + 2).names : namesFrom(st, i + 1).names;
        return { severity: 'medium', what: `drops ${kindName('column', list(col.filter((c) => c !== 'if' && c !== 'exists')))} of ${list(names)} and its data` };
      }
      if (t.text === 'DELETE' && dialect === 'clickhouse') {
        if (!whereIsTrivial(st, i)) return undefined;
        return { severity: 'high', what: `deletes every row of ${list(names)}` };
      }
    }
  }
  return undefined;
}

/** `… ON CLUSTER name`: a ClickHouse statement that runs on every node. */
function onClusterAt(st: SqlStatement, from: number): boolean {
  const on = indexOfWord(st, 'ON', from);
  return on !== -1 && st.tokens[on + 1]?.kind === 'word' && st.tokens[on + 1].text === 'CLUSTER';
}

/** True when there is no top-level WHERE after `from`, or it is always true (`1=1`, `TRUE`). */
function whereIsTrivial(st: SqlStatement, from: number): boolean {
  const w = indexOfWord(st, 'WHERE', from);
  if (w === -1) return true;
  const rest: string[] = [];
  for (let i = w + 1; i < st.tokens.length && rest.length < 6; i++) {
    const t = st.tokens[i];
    if (t.kind === 'word' && ['ORDER', 'LIMIT', 'RETURNING', 'SETTINGS'].includes(t.text)) break;
    rest.push(t.text);
  }
  const cond = rest.join(' ');
  return cond === '1 = 1' || cond === 'TRUE' || cond === '1' || cond === '( 1 = 1 )';
}

/** A DELETE/UPDATE inside BEGIN … ROLLBACK (no COMMIT in between) never takes effect. */
function rolledBack(statements: readonly SqlStatement[], i: number): boolean {
  const head = (k: number): string => {
    const t = statements[k].tokens[0];
    return t && t.kind === 'word' ? t.text : '';
  };
  let open = false;
  for (let k = i - 1; k >= 0; k--) {
    const w = head(k);
    if (w === 'COMMIT' || w === 'END' || w === 'ROLLBACK' || w === 'ABORT') return false;
    if (w === 'BEGIN' || (w === 'START' && statements[k].tokens[1]?.text === 'TRANSACTION')) {
      open = true;
      break;
    }
  }
  if (!open) return false;
  for (let k = i + 1; k < statements.length; k++) {
    const w = head(k);
    if (w === 'COMMIT' || w === 'END') return false;
    if (w === 'ROLLBACK' || w === 'ABORT') {
      // ROLLBACK TO SAVEPOINT undoes only part of the transaction.
      return !statements[k].tokens.slice(1, 3).some((t) => t.text === 'TO');
    }
  }
  return false;
}
