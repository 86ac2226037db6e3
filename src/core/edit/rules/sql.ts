/**
 * SQL migrations: statements that the edit adds and that destroy data when the migration runs.
 * Only new statements count (a migration that already had `DROP TABLE` is not this edit's
 * fault); statements in a down/rollback section or file are left alone, since they only run
 * when someone rolls back on purpose. ORM migration files are read through their own API calls
 * and the raw SQL strings they execute.
 */
import type { Severity } from '../../types';
import { indexOfWord, nameAt, parseSql, type SqlStatement, startsWithWords } from '../../parsers/sql';
import type { EditMatch, EditRule } from '../rule';
import type { FileView } from '../view';
import { addedLines, allLines, defineRule, prodContext } from './helpers';

const SQL_FILES = ['**/*.sql'];

/** Statements of the after text that the before text did not have (as a multiset by layout-free key). */
function newStatements(view: FileView): SqlStatement[] {
  return view.memo('sql:new', () => {
    if (view.status === 'deleted') return [];
    const counts = new Map<string, number>();
    for (const s of view.sql('before').statements) counts.set(s.key, (counts.get(s.key) ?? 0) + 1);
    const out: SqlStatement[] = [];
    for (const s of view.sql('after').statements) {
      const c = counts.get(s.key) ?? 0;
      if (c > 0) counts.set(s.key, c - 1);
      else if (!s.down) out.push(s);
    }
    return out;
  });
}

/** Tables created earlier in the same file: dropping them again is scratch work, not data loss. */
function createdTables(view: FileView): Set<string> {
  return view.memo('sql:created', () => {
    const out = new Set<string>();
    for (const s of view.sql('after').statements) {
      if (s.down) continue;
      const i = indexOfWord(s, 'TABLE');
      if (i < 0 || s.tokens[0]?.text !== 'CREATE') continue;
      let k = i + 1;
      if (s.tokens[k]?.text === 'IF' && s.tokens[k + 1]?.text === 'NOT' && s.tokens[k + 2]?.text === 'EXISTS') k += 3;
      const name = nameAt(s, k);
      if (name) out.add(name);
    }
    return out;
  });
}

function span(s: SqlStatement): { start: number; end: number } {
  return { start: s.start, end: Math.max(s.start, s.end) };
}

function stmtText(view: FileView, s: SqlStatement): string {
  const t = view.after.slice(s.start, s.end).replace(/\s+/g, ' ').trim();
  return t.length > 80 ? `${t.slice(0, 77)}…` : t;
}

export const sqlDropDatabase = defineRule({
  id: 'SQL001',
  name: 'drop-database-or-schema',
  category: 'database',
  severity: 'critical',
  files: SQL_FILES,
  summary: 'A migration drops a whole database or schema.',
  rationale: 'DROP DATABASE / DROP SCHEMA … CASCADE removes every table in it at once; when the migration runs in the deploy, production data goes with it.',
  alternative: 'Take a backup, drop objects one by one in a reviewed migration, or rename the schema first and drop it later.',
  examples: {
    fire: [{ path: 'migrations/005_cleanup.sql', before: '', after: 'DROP SCHEMA analytics CASCADE;\n' }],
    pass: [{ path: 'migrations/005_cleanup.sql', before: '', after: "-- DROP SCHEMA analytics CASCADE;\nSELECT 'DROP SCHEMA analytics';\n" }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const s of newStatements(view)) {
      if (startsWithWords(s, ['DROP', 'DATABASE']) || startsWithWords(s, ['DROP', 'SCHEMA'])) {
        out.push({ message: `migration runs "${stmtText(view, s)}"`, afterSpan: span(s), context: prodContext(view) });
      }
    }
    return out;
  },
});

export const sqlDropTable = defineRule({
  id: 'SQL002',
  name: 'drop-table',
  category: 'database',
  severity: 'high',
  files: SQL_FILES,
  summary: 'A migration drops a table that it did not create.',
  rationale: 'DROP TABLE deletes the rows together with the table; a migration runs against production as part of the deploy, where the table has real data.',
  alternative: 'Rename the table (or stop using it) first and drop it in a later release once nothing reads it, with a backup taken.',
  examples: {
    fire: [{ path: 'db/migrations/20240101_drop_orders.sql', before: '', after: 'DROP TABLE orders;\n' }],
    pass: [{ path: 'db/migrations/20240101_tmp.sql', before: '', after: 'CREATE TABLE tmp_import (id int);\nINSERT INTO tmp_import SELECT id FROM orders;\nDROP TABLE tmp_import;\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const created = createdTables(view);
    for (const s of newStatements(view)) {
      if (!startsWithWords(s, ['DROP', 'TABLE'])) continue;
      let k = 2;
      if (s.tokens[k]?.text === 'IF' && s.tokens[k + 1]?.text === 'EXISTS') k += 2;
      const names: string[] = [];
      while (k < s.tokens.length) {
        const n = nameAt(s, k);
        if (!n) break;
        names.push(n);
        k += n.split('.').length * 2 - 1;
        if (s.tokens[k]?.text === ',') k++;
        else break;
      }
      const real = names.filter((n) => !created.has(n));
      if (names.length && !real.length) continue;
      const cascade = indexOfWord(s, 'CASCADE') >= 0;
      out.push({ message: `migration drops table ${real.join(', ') || '(unknown)'}${cascade ? ' with CASCADE' : ''}; its rows are deleted`, afterSpan: span(s), context: prodContext(view) });
    }
    return out;
  },
});

export const sqlTruncate = defineRule({
  id: 'SQL003',
  name: 'truncate',
  category: 'database',
  severity: 'critical',
  files: SQL_FILES,
  summary: 'A migration truncates a table (critical with CASCADE).',
  rationale: 'TRUNCATE deletes every row without a WHERE and without per-row logging; with CASCADE it also empties every table that references it.',
  alternative: 'Delete the rows you mean to with a WHERE clause, in batches, after a backup.',
  examples: {
    fire: [{ path: 'migrations/007.sql', before: '', after: 'TRUNCATE TABLE customers CASCADE;\n' }],
    pass: [{ path: 'migrations/007.sql', before: '', after: "UPDATE customers SET note = 'TRUNCATE TABLE customers' WHERE id = 1;\n" }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const s of newStatements(view)) {
      if (s.tokens[0]?.text !== 'TRUNCATE') continue;
      const cascade = indexOfWord(s, 'CASCADE') >= 0;
      out.push({ severity: cascade ? 'critical' : 'high', message: `migration runs "${stmtText(view, s)}"; every row is deleted${cascade ? ', and rows of referencing tables too' : ''}`, afterSpan: span(s), context: prodContext(view) });
    }
    return out;
  },
});

export const sqlUnboundedWrite = defineRule({
  id: 'SQL004',
  name: 'delete-or-update-without-where',
  category: 'database',
  severity: 'high',
  files: SQL_FILES,
  summary: 'A migration runs DELETE or UPDATE without a WHERE clause.',
  rationale: 'Without WHERE, DELETE empties the table and UPDATE overwrites a column in every row; both are almost always a missing condition rather than the intent.',
  alternative: 'Add the WHERE clause that names the rows you mean; for a deliberate full-table change, write WHERE true and say why in a comment.',
  examples: {
    fire: [{ path: 'migrations/008.sql', before: '', after: 'DELETE FROM sessions;\n' }],
    pass: [{ path: 'migrations/008.sql', before: '', after: "DELETE FROM sessions WHERE created_at < now() - interval '30 days';\n" }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const s of newStatements(view)) {
      const head = s.tokens[0]?.text;
      // Skip CTE prefixes: WITH x AS (...) DELETE ...
      let first = 0;
      if (head === 'WITH') {
        const d = indexOfWord(s, 'DELETE');
        const u = indexOfWord(s, 'UPDATE');
        first = d >= 0 ? d : u;
        if (first < 0) continue;
      }
      const verb = s.tokens[first]?.text;
      if (verb !== 'DELETE' && verb !== 'UPDATE') continue;
      if (verb === 'UPDATE' && indexOfWord(s, 'SET', first) < 0) continue;
      if (indexOfWord(s, 'WHERE', first) >= 0 || indexOfWord(s, 'LIMIT', first) >= 0) continue;
      if (verb === 'DELETE' && indexOfWord(s, 'FROM', first) < 0) continue;
      out.push({ message: `${verb} without WHERE: "${stmtText(view, s)}" touches every row`, afterSpan: span(s), context: prodContext(view) });
    }
    return out;
  },
});

export const sqlDropColumn = defineRule({
  id: 'SQL005',
  name: 'drop-column',
  category: 'database',
  severity: 'medium',
  files: SQL_FILES,
  summary: 'A migration drops a column.',
  rationale: 'The column\'s values are gone once the migration runs, and code still deployed that reads the column breaks until the new release is out.',
  alternative: 'Stop reading and writing the column in one release, back it up if it matters, and drop it in a later one.',
  examples: {
    fire: [{ path: 'migrations/009.sql', before: '', after: 'ALTER TABLE users DROP COLUMN legacy_email;\n' }],
    pass: [{ path: 'migrations/009.sql', before: '', after: 'ALTER TABLE users ADD COLUMN nickname text;\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const s of newStatements(view)) {
      if (!startsWithWords(s, ['ALTER', 'TABLE'])) continue;
      for (let i = 2; i < s.tokens.length; i++) {
        if (s.tokens[i].text !== 'DROP' || s.tokens[i].kind !== 'word') continue;
        const next = s.tokens[i + 1]?.text;
        if (next === 'CONSTRAINT' || next === 'INDEX' || next === 'KEY' || next === 'PRIMARY' || next === 'FOREIGN' || next === 'DEFAULT' || next === 'NOT' || next === 'IDENTITY' || next === 'EXPRESSION') continue;
        if (s.tokens[i - 1]?.text === 'ALTER' || s.tokens[i - 2]?.text === 'ALTER') continue;
        out.push({ message: `migration drops a column: "${stmtText(view, s)}"`, afterSpan: span(s), context: prodContext(view) });
        break;
      }
    }
    return out;
  },
});

export const sqlLockingRewrite = defineRule({
  id: 'SQL006',
  name: 'lock-heavy-rewrite',
  category: 'database',
  severity: 'medium',
  files: SQL_FILES,
  summary: 'A migration rewrites or locks a whole table (column type change, blocking index build, VACUUM FULL).',
  rationale: 'Changing a column type rewrites the table under an exclusive lock and can truncate values; a plain CREATE INDEX blocks writes for the whole build. On a large production table that is an outage.',
  alternative: 'Add a new column and backfill in batches; build indexes with CREATE INDEX CONCURRENTLY; add constraints NOT VALID and validate later.',
  examples: {
    fire: [{ path: 'migrations/010.sql', before: '', after: 'ALTER TABLE events ALTER COLUMN payload TYPE jsonb USING payload::jsonb;\n' }],
    pass: [{ path: 'migrations/010.sql', before: '', after: 'CREATE INDEX CONCURRENTLY events_created_idx ON events (created_at);\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const created = createdTables(view);
    for (const s of newStatements(view)) {
      const words = s.tokens.filter((t) => t.kind === 'word').map((t) => t.text);
      const has = (...seq: string[]): boolean => {
        for (let i = 0; i + seq.length <= words.length; i++) if (seq.every((w, k) => words[i + k] === w)) return true;
        return false;
      };
      let reason: string | undefined;
      let sev: Severity = 'low';
      if (startsWithWords(s, ['ALTER', 'TABLE'])) {
        const table = nameAt(s, s.tokens[2]?.text === 'IF' ? 4 : s.tokens[2]?.text === 'ONLY' ? 3 : 2);
        if (table && created.has(table)) continue;
        if (has('ALTER', 'COLUMN') && (has('TYPE') || has('SET', 'DATA', 'TYPE'))) {
          reason = 'changes a column type, rewriting the table under an exclusive lock';
          sev = 'medium';
        } else if (has('MODIFY', 'COLUMN') || (words[3] === 'MODIFY')) {
          reason = 'modifies a column definition, which rebuilds the table';
          sev = 'medium';
        } else if (has('SET', 'NOT', 'NULL')) reason = 'adds NOT NULL, scanning the whole table under lock';
        else if (has('ADD', 'CONSTRAINT') && (has('FOREIGN', 'KEY') || has('CHECK')) && !has('NOT', 'VALID')) reason = 'adds a constraint that is validated under lock (use NOT VALID, then VALIDATE)';
      } else if (startsWithWords(s, ['CREATE', 'INDEX']) || startsWithWords(s, ['CREATE', 'UNIQUE', 'INDEX'])) {
        const on = indexOfWord(s, 'ON');
        const table = on >= 0 ? nameAt(s, s.tokens[on + 1]?.text === 'ONLY' ? on + 2 : on + 1) : undefined;
        if (!has('CONCURRENTLY') && !(table && created.has(table))) reason = 'builds an index without CONCURRENTLY, blocking writes until it finishes';
      } else if (has('VACUUM', 'FULL') || words[0] === 'CLUSTER') reason = 'rewrites the table under an exclusive lock';
      if (reason) out.push({ severity: sev, message: `migration ${reason}: "${stmtText(view, s)}"`, afterSpan: span(s) });
    }
    return out;
  },
});

// ---------------------------------------------------------------------------------------------
// ORM migrations

const ORM_FILES = [
  '**/migrations/**/*.py', '**/alembic/versions/*.py', '**/db/migrate/*.rb', '**/migrations/**/*.ts', '**/migrations/**/*.js',
  '**/migrations/**/*.cjs', '**/migrations/**/*.mjs', '**/database/migrations/*.php', '**/migrations/*.cs', '**/priv/repo/migrations/*.exs',
  '**/migrations/**/*.go', '**/migrate/**/*.go', '**/db/migration/**/*.java', '**/db/migration/**/*.kt',
];

const ORM_CALLS: { re: RegExp; what: string; severity: Severity }[] = [
  { re: /\b(?:drop_database|dropDatabase|dropSchema|drop_schema|DropSchema)(?!\w)/, what: 'drops a database or schema', severity: 'critical' },
  { re: /\b(?:migrations\.DeleteModel|drop_table|dropTable|dropTableIfExists|Schema::drop(?:IfExists)?|DropTable|op\.drop_table|drop_collection|dropCollection)(?!\w)|\bdrop\s+table\(/, what: 'drops a table', severity: 'high' },
  { re: /\b(?:truncate_table|truncateTable)(?!\w)/, what: 'truncates a table', severity: 'high' },
  { re: /\b(?:migrations\.RemoveField|remove_column|remove_columns|removeColumn|dropColumn|dropColumns|DropColumn|op\.drop_column)(?!\w)|^\s*remove\s+:\w/, what: 'drops a column', severity: 'medium' },
];

/** SQL hidden in strings of migration code (`execute("DROP TABLE x")`, `RunSQL('TRUNCATE …')`). */
const RAW_SQL = /(["'`])((?:DROP\s+(?:TABLE|SCHEMA|DATABASE)|TRUNCATE|DELETE\s+FROM|ALTER\s+TABLE\s+\S+\s+DROP)\b[^"'`]{0,500})\1/i;

const DOWN_FN = /^\s*(?:def\s+(?:down|downgrade|backwards|rollback)\b|(?:public\s+)?(?:async\s+)?(?:function\s+)?down\s*\(|(?:public\s+)?function\s+down\s*\(|(?:public\s+)?(?:override\s+)?(?:protected\s+)?(?:override\s+)?void\s+Down\s*\(|async\s+down\s*\(|down\s*:\s*(?:async\s*)?(?:function|\()|exports\.down\s*=|def\s+down\s+do|func\s+[Dd]own\w*\s*\()/;
const UP_FN = /^\s*(?:def\s+(?:up|upgrade|forwards|change)\b|(?:public\s+)?(?:async\s+)?(?:function\s+)?up\s*\(|(?:public\s+)?function\s+up\s*\(|(?:public\s+)?(?:override\s+)?(?:protected\s+)?(?:override\s+)?void\s+Up\s*\(|async\s+up\s*\(|up\s*:\s*(?:async\s*)?(?:function|\()|exports\.up\s*=|def\s+(?:up|change)\s+do|func\s+[Uu]p\w*\s*\(|class\s+Migration\b|operations\s*=)/;

/** For each after line: true when it sits in a down/rollback function. */
function downLines(view: FileView): boolean[] {
  return view.memo('orm:down', () => {
    const lines = allLines(view, 'after');
    const out: boolean[] = new Array<boolean>(lines.length).fill(false);
    let down = false;
    for (const l of lines) {
      if (DOWN_FN.test(l.text)) down = true;
      else if (UP_FN.test(l.text)) down = false;
      out[l.line] = down;
    }
    return out;
  });
}

export const sqlOrmDestructive = defineRule({
  id: 'SQL007',
  name: 'orm-destructive-migration',
  category: 'database',
  severity: 'critical',
  files: ORM_FILES,
  summary: 'An ORM migration (Django, Rails, Alembic, Knex, TypeORM, Sequelize, Laravel, EF Core, Ecto…) drops tables or columns in its up step.',
  rationale: 'ORM migrations run in the deploy just like SQL files; `drop_table`, `RemoveField` or an `execute("DROP TABLE …")` destroy data the moment they run. The same calls in a down/rollback step are expected and not flagged.',
  alternative: 'Split the change: stop using the table or column first, back it up, and drop it in a later, reviewed migration.',
  examples: {
    fire: [{ path: 'db/migrate/20240101000000_drop_orders.rb', before: '', after: 'class DropOrders < ActiveRecord::Migration[7.1]\n  def up\n    drop_table :orders\n  end\nend\n' }],
    pass: [{ path: 'db/migrate/20240101000000_create_orders.rb', before: '', after: 'class CreateOrders < ActiveRecord::Migration[7.1]\n  def up\n    create_table :orders\n  end\n\n  def down\n    drop_table :orders\n  end\nend\n' }],
  },
  check(view) {
    if (view.status === 'deleted') return [];
    const out: EditMatch[] = [];
    const down = downLines(view);
    for (const l of addedLines(view)) {
      if (down[l.line]) continue;
      const trimmed = l.text.trim();
      if (trimmed.startsWith('#') || trimmed.startsWith('//') || trimmed.startsWith('*')) continue;
      let hit = false;
      for (const c of ORM_CALLS) {
        const m = c.re.exec(l.text);
        if (!m) continue;
        out.push({ severity: c.severity, message: `migration ${c.what} (${m[0].trim()})`, afterSpan: { start: l.start + m.index, end: l.start + m.index + m[0].length }, context: prodContext(view) });
        hit = true;
        break;
      }
      if (hit) continue;
      const raw = RAW_SQL.exec(l.text);
      if (raw) {
        const st = parseSql(raw[2]).statements[0];
        if (!st) continue;
        const verb = st.tokens[0]?.text;
        const noWhere = verb === 'DELETE' && indexOfWord(st, 'WHERE') < 0;
        if (verb === 'DELETE' && !noWhere) continue;
        const sev: Severity = startsWithWords(st, ['DROP', 'SCHEMA']) || startsWithWords(st, ['DROP', 'DATABASE']) ? 'critical' : verb === 'ALTER' ? 'medium' : 'high';
        out.push({ severity: sev, message: `migration executes raw SQL "${raw[2].slice(0, 60)}"`, afterSpan: { start: l.start + raw.index, end: l.start + raw.index + raw[0].length }, context: prodContext(view) });
      }
    }
    return out;
  },
});

export const SQL_RULES: readonly EditRule[] = [sqlDropDatabase, sqlDropTable, sqlTruncate, sqlUnboundedWrite, sqlDropColumn, sqlLockingRewrite, sqlOrmDestructive];
