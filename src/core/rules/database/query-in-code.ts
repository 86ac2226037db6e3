import type { SimpleCommand, Word } from '../../shell/model';
import { DYN } from '../../shell/words';
import type { Severity, Span } from '../../types';
import { looksProduction, productionContext, raised, targetAssignments, unwrapRunner } from '../cli-options';
import type { CommandRule, RuleMatch } from '../rule';
import { scanSql } from '../sql-scan';
import { fromProgram, rank, remoteHosts, scanCypher } from './helpers';

// ---------------------------------------------------------------------------------------------
// DB008: SQL, Cypher and ORM calls that destroy data, inside interpreter one-liners and consoles

interface Code {
  text: string;
  span: Span;
  /** How the code runs, for the message: `python -c`, `rails runner`, `manage.py shell`. */
  how: string;
  /** The code is SQL itself (manage.py dbshell, rails dbconsole), not a program. */
  sql?: boolean;
}

const MAX_CODE = 32 * 1024;

/** Flags that introduce program text, per interpreter. */
function evalFlags(program: string): readonly string[] {
  if (program.startsWith('node') || program === 'bun') return ['-e', '--eval', '-p', '--print'];
  if (program === 'php') return ['-r'];
  if (program === 'perl') return ['-e', '-E'];
  if (program === 'ruby') return ['-e'];
  return ['-c'];
}

const wordText = (w: Word): string => w.value.split(DYN).join(' ');

function stdinCode(cmd: SimpleCommand, how: string, sql = false): Code | undefined {
  if (cmd.stdinText === undefined) return undefined;
  return { text: cmd.stdinText.split(DYN).join(' '), span: cmd.stdinSpan ?? cmd.span, how, sql };
}

/** The program text a command runs, if it is one we can read. */
function codeOf(cmd: SimpleCommand): Code | undefined {
  const { program, args } = unwrapRunner(cmd);
  const isPython = /^(python[\d.]*|pypy3?|py)$/.test(program);
  if (isPython || /^(node|nodejs|bun|ruby|perl|php)$/.test(program)) {
    const first = args.findIndex((a) => !a.value.startsWith('-'));
    const flags = evalFlags(program);
    const at = args.findIndex((a, i) => flags.includes(a.value) && (first === -1 || i < first));
    if (at !== -1 && args[at + 1]) return { text: wordText(args[at + 1]), span: args[at + 1].span, how: `${program} ${args[at].value}` };
    const script = first === -1 ? undefined : args[first];
    // `python manage.py shell -c '…'`, `python manage.py shell <<EOF`, `python manage.py dbshell <<EOF`.
    if (script && /(^|\/)manage\.py$/.test(script.value)) return djangoCode(cmd, args.slice(first + 1));
    // `php artisan tinker --execute='…'`
    if (script && program === 'php' && /(^|\/)artisan$/.test(script.value)) return artisanCode(cmd, args.slice(first + 1));
    if (!script || script.value === '-') return stdinCode(cmd, `${program} (script on stdin)`);
    return undefined;
  }
  if (program === 'deno' && args[0]?.value === 'eval' && args[1]) return { text: wordText(args[1]), span: args[1].span, how: 'deno eval' };
  if (program === 'django-admin') return djangoCode(cmd, args);
  if (program === 'rails' || /(^|\/)rails$/.test(program)) {
    const sub = args.find((a) => !a.value.startsWith('-'));
    if (!sub) return undefined;
    if (sub.value === 'runner' || sub.value === 'r') {
      const code = args[args.indexOf(sub) + 1 + (args[args.indexOf(sub) + 1]?.value.startsWith('-') ? 2 : 0)];
      return code && !/\.rb$/.test(code.value) ? { text: wordText(code), span: code.span, how: 'rails runner' } : undefined;
    }
    if (sub.value === 'console' || sub.value === 'c') return stdinCode(cmd, 'rails console');
    if (sub.value === 'dbconsole' || sub.value === 'db') return stdinCode(cmd, 'rails dbconsole', true);
  }
  return undefined;
}

function djangoCode(cmd: SimpleCommand, args: Word[]): Code | undefined {
  const sub = args.find((a) => !a.value.startsWith('-'));
  if (sub?.value === 'shell' || sub?.value === 'shell_plus') {
    const at = args.findIndex((a) => a.value === '-c' || a.value === '--command');
    if (at !== -1 && args[at + 1]) return { text: wordText(args[at + 1]), span: args[at + 1].span, how: 'manage.py shell -c' };
    const eq = args.find((a) => a.value.startsWith('--command='));
    if (eq) return { text: eq.value.slice(10), span: eq.span, how: 'manage.py shell --command' };
    return stdinCode(cmd, 'manage.py shell');
  }
  if (sub?.value === 'dbshell') return stdinCode(cmd, 'manage.py dbshell', true);
  return undefined;
}

function artisanCode(cmd: SimpleCommand, args: Word[]): Code | undefined {
  const sub = args.find((a) => !a.value.startsWith('-'));
  if (sub?.value === 'tinker') {
    const eq = args.find((a) => a.value.startsWith('--execute='));
    if (eq) return { text: eq.value.slice(10), span: eq.span, how: 'artisan tinker --execute' };
    const at = args.findIndex((a) => a.value === '--execute');
    if (at !== -1 && args[at + 1]) return { text: wordText(args[at + 1]), span: args[at + 1].span, how: 'artisan tinker --execute' };
    return stdinCode(cmd, 'artisan tinker');
  }
  if (sub?.value === 'db') return stdinCode(cmd, 'artisan db', true);
  return undefined;
}

interface Hit {
  severity: Severity;
  what: string;
}

/** Calls that run their first string argument as SQL or Cypher. */
const QUERY_CALL = /\b(execute|executescript|executemany|exec|query|raw|run|sql|text|prepare|do|unsafe|\$?executeRaw(?:Unsafe)?|\$?queryRaw(?:Unsafe)?|execute_sql|exec_query|exec_update|exec_delete|select_all|statement|unprepared|executeQuery|execute_query|executeWrite|write|command)\s*\(\s*(?:[frbuFRBU]{1,2})?(['"`])((?:\\.|(?!\2)[^\\]){0,4000})\2/g;

/** Tagged templates: sql`…`, Prisma's $executeRaw`…`. */
const TAGGED = /(?:\bsql|\$executeRaw(?:Unsafe)?|\$queryRaw(?:Unsafe)?)\s*`([^`]{0,4000})`/g;

/** ORM calls that delete every row or drop every table, read with the strings still in place. */
const ORM: readonly [RegExp, Severity, string][] = [
  [/\.drop_all\s*\(/, 'critical', 'drops every table the metadata knows (drop_all)'],
  [/\.dropDatabase\s*\(/, 'critical', 'drops the whole database (dropDatabase)'],
  [/\bcall_command\s*\(\s*['"](flush|reset_db)['"]/, 'high', 'empties or drops the database (call_command flush/reset_db)'],
  [/\.objects\s*\.\s*all\s*\(\s*\)\s*\.\s*delete\s*\(\s*\)/, 'high', 'deletes every row of the model (.objects.all().delete())'],
  [/\.query\s*\(\s*[\w.]+\s*\)\s*\.\s*delete\s*\(/, 'high', 'deletes every row of the table (query(Model).delete() with no filter)'],
  [/\.__table__\s*\.\s*drop\s*\(/, 'high', 'drops the model\'s table (__table__.drop())'],
  [/(^|[^\w.])[A-Z]\w*(?:::[A-Z]\w*)*\s*\.\s*(delete_all|destroy_all)\b/, 'high', 'deletes every row of the model (delete_all/destroy_all with no conditions)'],
  [/\.connection\s*\.\s*(drop_table|drop_database|truncate|truncate_tables|purge_database)\b/, 'high', 'drops or truncates tables through the database connection'],
  [/\.sync\s*\(\s*\{\s*force\s*:\s*true/, 'high', 'drops and recreates every table (sync({force: true}))'],
  [/\.sync\s*\(\s*\{\s*alter\s*:\s*true/, 'medium', 'alters every table to match the models, dropping columns they no longer have (sync({alter: true}))'],
  [/\.destroy\s*\(\s*\{\s*(where\s*:\s*\{\s*\}|truncate\s*:\s*true)/, 'high', 'deletes every row of the model (destroy with an empty where or truncate)'],
  [/\bdeleteMany\s*\(\s*(\{\s*(where\s*:\s*\{\s*\}\s*)?\})?\s*\)/, 'high', 'deletes every record (deleteMany with no filter)'],
  [/\.synchronize\s*\(\s*true\s*\)/, 'high', 'drops every table before synchronizing the schema (synchronize(true))'],
  [/\bSchema::(drop|dropIfExists|dropAllTables|dropAllViews)\s*\(/, 'high', 'drops tables (Schema::drop)'],
  [/\bDB::table\s*\([^)]{0,200}\)\s*->\s*(truncate|delete)\s*\(\s*\)/, 'high', 'deletes every row of the table (DB::table()->truncate() or ->delete() with no where)'],
  [/(^|[^\w$>])[A-Z]\w*::truncate\s*\(\s*\)/, 'high', 'truncates the model\'s table (Model::truncate())'],
  [/\.(flushall|flushAll|FLUSHALL)\s*\(/, 'critical', 'deletes every key of the Redis server (flushall)'],
  [/\.(flushdb|flushDb|FLUSHDB)\s*\(/, 'high', 'deletes every key of the Redis database (flushdb)'],
];

function scanCode(code: string): Hit[] {
  const text = code.slice(0, MAX_CODE);
  const hits: Hit[] = [];
  for (const [re, severity, what] of ORM) if (re.test(text)) hits.push({ severity, what });
  const literal = (s: string): void => {
    const body = s.replace(/\\n/g, '\n').replace(/\\(['"`])/g, '$1');
    if (/\bMATCH\b[\s\S]*\bDELETE\b|\bDROP\s+(DATABASE|USER|ROLE)\b[\s\S]*$/i.test(body) && /\bMATCH\b|\bDROP\s+DATABASE\b/i.test(body) && !/\bFROM\b/i.test(body)) {
      for (const h of scanCypher(body)) hits.push(h);
      return;
    }
    for (const h of scanSql(body, 'generic').hits) hits.push(h);
  };
  // SQL run against an in-memory SQLite database (and nothing else) touches nothing that outlives the process.
  if (/['"]:memory:['"]/.test(text) && !/(connect|Database|open)\s*\(\s*['"](?!:memory:)[^'"]+['"]/.test(text)) return hits;
  let m: RegExpExecArray | null;
  let guard = 0;
  QUERY_CALL.lastIndex = 0;
  while ((m = QUERY_CALL.exec(text)) && guard++ < 50) literal(m[3]);
  TAGGED.lastIndex = 0;
  guard = 0;
  while ((m = TAGGED.exec(text)) && guard++ < 50) literal(m[1]);
  return hits;
}

const INTERPRETERS = ['python', 'python2', 'python3', 'pypy', 'pypy3', 'py', 'node', 'nodejs', 'bun', 'deno', 'ruby', 'perl', 'php', 'django-admin', 'python3.10', 'python3.11', 'python3.12', 'python3.13'];

export const queryInCode: CommandRule = {
  id: 'DB008',
  name: 'query-in-code',
  category: 'database',
  severity: 'critical',
  triggers: [
    { programs: INTERPRETERS },
    { programs: ['rails'], subcommands: ['runner', 'r', 'console', 'c', 'dbconsole', 'db'] },
    { programs: ['bundle', 'poetry', 'pipenv', 'uv', 'pdm', 'rye', 'hatch', 'npx', 'pnpm', 'yarn', 'bunx'], subcommands: ['runner', 'r', 'console', 'c', 'dbconsole', 'db', 'shell', 'dbshell', 'tinker', '-c', '-e', '--eval'] },
  ],
  summary: 'An interpreter one-liner, heredoc or framework console (python -c, node -e, ruby -e, manage.py shell/dbshell, rails runner/console/dbconsole, artisan tinker) that runs SQL or Cypher dropping or emptying data, or an ORM call that deletes every row or drops every table.',
  rationale: 'The same DROP TABLE or DELETE without WHERE that a SQL client would be stopped for runs just as well from a one-line script or a framework console, and ORM helpers (drop_all, delete_all, sync({force: true}), deleteMany()) empty tables without any SQL on the line.',
  alternative: 'Write the change as a reviewed migration, filter deletions explicitly, and run data fixes against a copy first.',
  examples: {
    fire: [
      `python -c "import sqlite3; sqlite3.connect('app.db').execute('DROP TABLE users')"`,
      `node -e "require('pg').Pool().query('TRUNCATE orders')"`,
      `python manage.py shell -c "from app.models import User; User.objects.all().delete()"`,
      `rails runner 'User.delete_all'`,
      `python -c "from app import db; db.drop_all()"`,
      "python manage.py dbshell <<'SQL'\nDROP TABLE users;\nSQL",
    ],
    pass: [
      `python -c "print('DROP TABLE users')"`,
      `python -c "import sqlite3; sqlite3.connect('app.db').execute('DELETE FROM users WHERE id = 1')"`,
      `python manage.py shell -c "User.objects.filter(id=1).delete()"`,
      `rails runner 'User.where(active: false).delete_all'`,
      'python manage.py migrate',
      'node -e "console.log(1)"',
    ],
  },
  check(cmd): RuleMatch | undefined {
    const code = codeOf(cmd);
    if (!code) return undefined;
    const hits = code.sql ? scanSql(code.text.slice(0, MAX_CODE), 'generic').hits : scanCode(code.text);
    if (!hits.length) return undefined;
    const best = hits.reduce((a, b) => (rank(b.severity) > rank(a.severity) ? b : a));
    const prod = looksProduction(...cmd.assignments.map((a) => a.value.value), ...targetAssignments(cmd), ...remoteHosts(cmd));
    return {
      severity: prod ? raised(best.severity) : best.severity,
      message: `The code run by ${code.how} ${best.what}${hits.length > 1 ? ` (and ${hits.length - 1} more)` : ''}${prod ? '; it targets what looks like production' : ''}.`,
      span: fromProgram(cmd, code.span),
      context: productionContext(prod),
    };
  },
};
