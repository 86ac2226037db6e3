/**
 * Databases emptied or dropped from the command line: SQL handed to a client (`psql -c`,
 * `mysql -e`, heredocs), NoSQL shells (`mongosh --eval`, `redis-cli FLUSHALL`), the drop
 * utilities (`dropdb`, `mysqladmin drop`) and the reset commands of migration tools and
 * frameworks (`prisma migrate reset`, `rails db:drop`, `flyway clean`). A host, database or
 * environment that looks like production raises the severity one step.
 */
import type { SimpleCommand, Word } from '../../shell/model';
import { DYN } from '../../shell/words';
import type { Severity, Span } from '../../types';
import {
  type CliSpec,
  looksProduction,
  optionValue,
  optionValues,
  optionWords,
  type ParsedArgs,
  parseArgs,
  productionContext,
  raised,
  shown,
  targetAssignments,
  unwrapRunner,
} from '../cli-options';
import { awsCall, gcloudCall, matchPath } from '../cloud-cli';
import type { CommandRule, RuleMatch, RulePack } from '../rule';
import { spanFromProgram, spanOf } from '../rule';
import { scanSql, type SqlDialect, type SqlHit } from '../sql-scan';

const ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
const rank = (s: Severity): number => ORDER.indexOf(s);

/** A piece of text that a client will run, and where it sits in the line. */
interface Script {
  text: string;
  span: Span;
  /** How it arrives, for the message. */
  from: string;
}

/** A span from the program word to the script, wherever the script sits (argument, heredoc, pipe). */
function fromProgram(cmd: SimpleCommand, span: Span): Span {
  const p = cmd.programWord.span;
  return { start: Math.min(p.start, span.start), end: Math.max(p.end, span.end) };
}

/** Hosts of the ssh hops that led here: `ssh prod-db psql …` runs on prod-db. */
function remoteHosts(cmd: SimpleCommand): string[] {
  const out: string[] = [];
  for (const v of cmd.via) if (v.kind === 'remote' && v.host) out.push(v.host);
  return out;
}

/** The text an earlier pipeline stage prints, when it is a literal `echo`/`printf`/`cat <<EOF`. */
function pipedText(cmd: SimpleCommand): Script | undefined {
  const prev = cmd.pipeline?.previous;
  if (!prev || prev.length !== 1) return undefined;
  const p = prev[0];
  if ((p.program === 'echo' || p.program === 'printf') && p.args.length) {
    const args = p.args.filter((a, i) => !(i === 0 && /^-[neE]+$/.test(a.value)));
    return { text: args.map((a) => a.value.split(DYN).join(' ')).join(' ').replace(/\\n/g, '\n'), span: spanOf(p, args), from: `piped from ${p.program}` };
  }
  if (p.program === 'cat' && p.stdinText !== undefined) return { text: p.stdinText, span: p.stdinSpan ?? p.span, from: 'piped from a heredoc' };
  return undefined;
}

function stdinScript(cmd: SimpleCommand): Script | undefined {
  if (cmd.stdinText !== undefined) return { text: cmd.stdinText.split(DYN).join(' '), span: cmd.stdinSpan ?? cmd.span, from: 'on stdin' };
  return pipedText(cmd);
}

function optionScripts(cmd: SimpleCommand, p: ParsedArgs, names: readonly string[]): Script[] {
  const out: Script[] = [];
  for (const n of names) {
    for (const o of p.options.get(n) ?? []) {
      if (o.value === undefined) continue;
      const ws = o.valueWord ? [o.word, o.valueWord] : [o.word];
      out.push({ text: o.value.split(DYN).join(' '), span: spanFromProgram(cmd, ws), from: `in ${o.word.value.replace(/=.*$/, '')}` });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// DB001: SQL clients

interface SqlClient {
  dialect: SqlDialect;
  spec: CliSpec;
  /** Options whose value is SQL. */
  sql: readonly string[];
  host: readonly string[];
  db: readonly string[];
  /** Index of the positional naming the database (or file, or connection URI). */
  positionalDb?: number;
  /** Positionals from this index on are SQL (sqlite3 FILE SQL…). */
  positionalSql?: number;
  /** With any of these options, stdin is not the script (`-f file`) or nothing runs. */
  noStdin?: readonly string[];
  /** Options that make the session read-only. */
  readOnly?: readonly string[];
  /** A sub-command that must come first (`cockroach sql`, `clickhouse client`). */
  sub?: string;
}

const set = (...xs: string[]): ReadonlySet<string> => new Set(xs);

const SQL_CLIENTS: Readonly<Record<string, SqlClient>> = {
  psql: {
    dialect: 'postgres',
    spec: { unknownLong: 'bool', shortValued: 'cdfhpUvoLPTFR', valued: set('command', 'dbname', 'file', 'host', 'port', 'username', 'set', 'variable', 'output', 'log-file', 'pset', 'field-separator', 'record-separator', 'table-attr') },
    sql: ['c', 'command'],
    host: ['h', 'host'],
    db: ['d', 'dbname'],
    positionalDb: 0,
    noStdin: ['f', 'file', 'l', 'list', 'help', 'version', 'V'],
  },
  mysql: {
    dialect: 'mysql',
    spec: { unknownLong: 'bool', shortValued: 'eDhuPS', valued: set('execute', 'database', 'host', 'user', 'port', 'socket', 'defaults-file', 'login-path', 'default-character-set', 'init-command') },
    sql: ['e', 'execute', 'init-command'],
    host: ['h', 'host', 'login-path'],
    db: ['D', 'database'],
    positionalDb: 0,
    noStdin: ['help', 'version', 'V'],
  },
  sqlite3: {
    dialect: 'sqlite',
    spec: { unknownLong: 'bool', singleDashLong: true, singleDashValued: set('cmd', 'separator', 'nullvalue', 'newline', 'init', 'vfs', 'A', 'lookaside', 'pagecache', 'maxsize', 'mmap', 'nonce') },
    sql: ['cmd'],
    host: [],
    db: [],
    positionalDb: 0,
    positionalSql: 1,
    readOnly: ['readonly'],
    noStdin: ['version', 'help'],
  },
  duckdb: {
    dialect: 'sqlite',
    spec: { unknownLong: 'bool', singleDashLong: true, singleDashValued: set('cmd', 'c', 's', 'separator', 'nullvalue', 'newline', 'init') },
    sql: ['cmd', 'c', 's'],
    host: [],
    db: [],
    positionalDb: 0,
    positionalSql: 1,
    readOnly: ['readonly'],
    noStdin: ['version', 'help'],
  },
  'clickhouse-client': {
    dialect: 'clickhouse',
    spec: { unknownLong: 'bool', shortValued: 'qhudfC', valued: set('query', 'host', 'port', 'user', 'password', 'database', 'format', 'queries-file', 'config-file', 'param') },
    sql: ['q', 'query'],
    host: ['h', 'host'],
    db: ['d', 'database'],
    noStdin: ['queries-file', 'help', 'version'],
  },
  cockroach: {
    dialect: 'postgres',
    spec: { unknownLong: 'bool', shortValued: 'edfu', valued: set('execute', 'url', 'host', 'database', 'user', 'certs-dir', 'port', 'file', 'format', 'set') },
    sql: ['e', 'execute'],
    host: ['url', 'host'],
    db: ['d', 'database'],
    noStdin: ['f', 'file', 'help'],
    sub: 'sql',
  },
  sqlcmd: {
    dialect: 'tsql',
    spec: { unknownLong: 'bool', shortValued: 'SdUPQqiotlHachswyYfvG' },
    sql: ['Q', 'q'],
    host: ['S'],
    db: ['d'],
    noStdin: ['i', '?'],
  },
  cqlsh: {
    dialect: 'cql',
    spec: { unknownLong: 'bool', shortValued: 'ekupf', valued: set('execute', 'keyspace', 'username', 'password', 'file', 'cqlshrc', 'cqlversion', 'encoding', 'request-timeout', 'connect-timeout') },
    sql: ['e', 'execute'],
    host: [],
    db: ['k', 'keyspace'],
    positionalDb: 0,
    noStdin: ['f', 'file', 'help', 'version'],
  },
  snowsql: {
    dialect: 'generic',
    spec: { unknownLong: 'value', shortValued: 'qadsurwfco', bool: set('help', 'version', 'noup') },
    sql: ['q', 'query'],
    host: ['a', 'accountname', 'c', 'connection'],
    db: ['d', 'dbname'],
    noStdin: ['f', 'filename', 'help'],
  },
};

const CLIENT_ALIASES: Readonly<Record<string, string>> = {
  mariadb: 'mysql',
  sqlite: 'sqlite3',
  clickhouse: 'clickhouse-client',
  'psql.exe': 'psql',
};

function dropMysqlPasswords(args: readonly Word[]): Word[] {
  // `-pSecret` is mysql's attached password; read as flags it would look like `-S ecret`.
  return args.filter((a) => !(/^-p./.test(a.value) && !a.value.startsWith('--')));
}

interface SqlRun {
  scripts: Script[];
  dialect: SqlDialect;
  /** Host, database, connection strings: what the production test reads. */
  targets: string[];
  /** For the message: `database app on db.example.com`. */
  label: string;
}

function sqlClientRun(cmd: SimpleCommand): SqlRun | undefined {
  const name = CLIENT_ALIASES[cmd.program] ?? cmd.program;
  const client = SQL_CLIENTS[name];
  if (!client) return undefined;
  let args = name === 'mysql' ? dropMysqlPasswords(cmd.args) : cmd.args;
  if (client.sub || (cmd.program === 'clickhouse' && args[0]?.value === 'client')) {
    const want = client.sub ?? 'client';
    if (args[0]?.value !== want) return undefined;
    args = args.slice(1);
  }
  const p = parseArgs(args, client.spec);
  if (client.readOnly?.some((o) => p.options.has(o))) return undefined;
  const scripts = optionScripts(cmd, p, client.sql);
  if (client.positionalSql !== undefined) {
    for (const w of p.positionals.slice(client.positionalSql)) scripts.push({ text: w.value.split(DYN).join(' '), span: spanFromProgram(cmd, [w]), from: 'as an argument' });
  }
  if (!scripts.length && !client.noStdin?.some((o) => p.options.has(o))) {
    const s = stdinScript(cmd);
    if (s) scripts.push(s);
  }
  const hosts = [...optionValues(p, ...client.host), ...remoteHosts(cmd)];
  const dbs = optionValues(p, ...client.db);
  const positionalDb = client.positionalDb !== undefined ? p.positionals[client.positionalDb]?.value : undefined;
  if (positionalDb && !(client.positionalSql !== undefined && client.positionalDb === undefined)) dbs.push(positionalDb);
  return {
    scripts,
    dialect: client.dialect,
    targets: [...hosts, ...dbs, ...targetAssignments(cmd)],
    label: describeTarget(cmd.program, dbs, hosts),
  };
}

function describeTarget(tool: string, dbs: string[], hosts: string[]): string {
  const db = dbs.length ? ` on ${shown(dbs[0], 60)}` : '';
  const host = hosts.length ? ` at ${shown(hosts[0], 60)}` : '';
  return `${tool}${db}${host}`;
}

/** SQL sent through cloud APIs and edge databases: rds-data, Spanner, D1, Turso, BigQuery. */
function apiSqlRun(cmd: SimpleCommand): SqlRun | undefined {
  if (cmd.program === 'aws') {
    const c = awsCall(cmd);
    if (c.inert) return undefined;
    const svc = c.positionals[0]?.value;
    const op = c.positionals[1]?.value;
    if ((svc !== 'rds-data' && svc !== 'redshift-data') || !op || !/execute-statement$/.test(op)) return undefined;
    const db = optionValue(c.args, 'database');
    const cluster = optionValue(c.args, 'resource-arn', 'cluster-identifier', 'workgroup-name');
    return {
      scripts: optionScripts(cmd, c.args, ['sql']),
      dialect: svc === 'rds-data' ? 'postgres' : 'generic',
      targets: [db, cluster, ...c.targets].filter((v): v is string => v !== undefined),
      label: `aws ${svc}${db ? ` on ${shown(db)}` : ''}${cluster ? ` (${shown(cluster, 60)})` : ''}`,
    };
  }
  if (cmd.program === 'gcloud') {
    const c = gcloudCall(cmd);
    const at = matchPath(c, ['spanner', 'databases', 'execute-sql']);
    if (at === -1 || c.inert) return undefined;
    const db = c.positionals[at]?.value;
    const inst = optionValue(c.args, 'instance');
    return {
      scripts: optionScripts(cmd, c.args, ['sql']),
      dialect: 'generic',
      targets: [db, inst, ...c.targets].filter((v): v is string => v !== undefined),
      label: `Spanner database ${shown(db)}${inst ? ` on instance ${shown(inst)}` : ''}`,
    };
  }
  if (cmd.program === 'wrangler') {
    const p = parseArgs(cmd.args, { unknownLong: 'value', bool: set('remote', 'local', 'yes', 'json', 'preview'), shortValued: 'yc' });
    const [d1, exec, db] = p.positionals;
    if (d1?.value !== 'd1' || exec?.value !== 'execute') return undefined;
    const remote = p.options.has('remote');
    return {
      scripts: optionScripts(cmd, p, ['command']),
      dialect: 'sqlite',
      targets: [db?.value, remote ? 'production' : undefined, optionValue(p, 'env', 'e')].filter((v): v is string => v !== undefined),
      label: `D1 database ${shown(db?.value)}${remote ? ' (remote, deployed)' : ''}`,
    };
  }
  if (cmd.program === 'turso') {
    const p = parseArgs(cmd.args, { unknownLong: 'value', bool: set('help') });
    const [dbw, shell, db, ...sql] = p.positionals;
    if (dbw?.value !== 'db' || shell?.value !== 'shell') return undefined;
    return {
      scripts: sql.length ? sql.map((w) => ({ text: w.value, span: spanFromProgram(cmd, [w]), from: 'as an argument' })) : [stdinScript(cmd)].filter((s): s is Script => s !== undefined),
      dialect: 'sqlite',
      targets: [db?.value].filter((v): v is string => v !== undefined),
      label: `Turso database ${shown(db?.value)}`,
    };
  }
  if (cmd.program === 'bq') {
    const p = parseArgs(cmd.args, { unknownLong: 'bool', valued: set('project_id', 'location', 'format', 'parameter', 'destination_table') });
    const [q, ...sql] = p.positionals;
    if (q?.value !== 'query' || p.options.has('dry_run')) return undefined;
    const project = optionValue(p, 'project_id');
    return {
      scripts: sql.length ? sql.map((w) => ({ text: w.value, span: spanFromProgram(cmd, [w]), from: 'as an argument' })) : [stdinScript(cmd)].filter((s): s is Script => s !== undefined),
      dialect: 'generic',
      targets: [project, ...targetAssignments(cmd)].filter((v): v is string => v !== undefined),
      label: `BigQuery${project ? ` project ${shown(project)}` : ''}`,
    };
  }
  return undefined;
}

function judgeSql(cmd: SimpleCommand, run: SqlRun): RuleMatch | undefined {
  let best: { hit: SqlHit; script: Script } | undefined;
  const all: SqlHit[] = [];
  const connects: string[] = [];
  for (const script of run.scripts.slice(0, 20)) {
    const scan = scanSql(script.text, run.dialect);
    connects.push(...scan.connects);
    for (const hit of scan.hits) {
      all.push(hit);
      if (!best || rank(hit.severity) > rank(best.hit.severity)) best = { hit, script };
    }
  }
  if (!best) return undefined;
  const prod = looksProduction(...run.targets, ...connects);
  const severity = prod ? raised(best.hit.severity) : best.hit.severity;
  const others = all.filter((h) => h !== best.hit).slice(0, 2).map((h) => h.what);
  const more = all.length - 1 - others.length;
  return {
    severity,
    message: `${best.hit.what} (${run.label}, SQL ${best.script.from})${others.length ? `; also ${others.join('; ')}${more > 0 ? ` and ${more} more` : ''}` : ''}${prod ? '; the database looks like production' : ''}.`,
    span: fromProgram(cmd, best.script.span),
    context: productionContext(prod),
  };
}

const sqlStatement: CommandRule = {
  id: 'DB001',
  name: 'sql-destructive-statement',
  category: 'database',
  severity: 'critical',
  triggers: [
    { programs: ['psql', 'mysql', 'mariadb', 'sqlite3', 'sqlite', 'duckdb', 'clickhouse-client', 'clickhouse', 'sqlcmd', 'cqlsh', 'snowsql', 'bq', 'turso'] },
    { programs: ['cockroach'], subcommands: ['sql'] },
    { programs: ['aws'], subcommands: ['execute-statement', 'batch-execute-statement'] },
    { programs: ['gcloud'], subcommands: ['execute-sql'] },
    { programs: ['wrangler'], subcommands: ['execute'] },
  ],
  summary: 'Runs SQL that drops a database, schema or table, truncates a table, or deletes/updates every row (no WHERE), through a database client.',
  rationale:
    'These statements destroy rows that usually exist nowhere else; in autocommit mode they take effect at once, and restoring means a backup restore that loses everything written since. Comments, string literals and dollar quotes are skipped, so only statements that will run count.',
  alternative: 'Run it inside BEGIN … ROLLBACK first to see the row counts, add a WHERE clause, take a dump of the table (`pg_dump -t`), and run it against production only through a reviewed migration.',
  examples: {
    fire: [
      'psql -h prod-db.internal -d app -c "DROP TABLE users"',
      "mysql -u root -e 'DROP DATABASE shop'",
      'sqlite3 app.db "DELETE FROM sessions"',
      "psql \"$DATABASE_URL\" <<'EOF'\nTRUNCATE orders;\nEOF",
      'docker exec -i pg psql -U postgres -c "drop schema public cascade"',
      'psql -c "UPDATE accounts SET balance = 0"',
    ],
    pass: [
      'psql -c "SELECT \'DROP TABLE x\'"',
      'psql -c "DELETE FROM sessions WHERE expires_at < now()"',
      "mysql -e 'SELECT * FROM users LIMIT 5'",
      'psql -c "-- DROP TABLE users\nSELECT 1"',
      'sqlite3 -readonly app.db "DELETE FROM t"',
      'psql -f migrations/001_init.sql',
    ],
  },
  check(cmd) {
    const run = sqlClientRun(cmd) ?? apiSqlRun(cmd);
    return run ? judgeSql(cmd, run) : undefined;
  },
};

// ---------------------------------------------------------------------------------------------
// DB002: MongoDB and Redis

const MAX_JS = 64 * 1024;

/** JavaScript with string literals and comments blanked out, same length, so offsets still map. */
function maskJs(code: string): string {
  let out = '';
  let i = 0;
  const n = Math.min(code.length, MAX_JS);
  while (i < n) {
    const c = code[i];
    if (c === '/' && code[i + 1] === '/') {
      const e = code.indexOf('\n', i);
      const end = e === -1 ? n : Math.min(e, n);
      out += ' '.repeat(end - i);
      i = end;
      continue;
    }
    if (c === '/' && code[i + 1] === '*') {
      const e = code.indexOf('*/', i + 2);
      const end = e === -1 ? n : Math.min(e + 2, n);
      out += ' '.repeat(end - i);
      i = end;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < n && code[j] !== c) j += code[j] === '\\' ? 2 : 1;
      const end = Math.min(j + 1, n);
      out += c + '_'.repeat(Math.max(0, end - i - 2)) + (end - i >= 2 ? c : '');
      i = end;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

interface MongoHit {
  severity: Severity;
  what: string;
}

function collectionBefore(original: string, masked: string, at: number): string {
  // `db.users.drop()` → users; `db.getCollection("users").drop()` → users.
  const head = masked.slice(Math.max(0, at - 200), at);
  const orig = original.slice(Math.max(0, at - 200), at);
  const gc = /getCollection\(\s*(['"`])_*\1\s*\)\s*$/.exec(head);
  if (gc) {
    const q = orig.slice(gc.index).match(/\(\s*(['"`])(.*?)\1/);
    return q ? q[2] : 'a collection';
  }
  const dot = /([A-Za-z_$][\w$]*)\s*$/.exec(head);
  return dot ? dot[1] : 'a collection';
}

function scanMongo(code: string): MongoHit[] {
  const masked = maskJs(code);
  const hits: MongoHit[] = [];
  if (/\.\s*dropDatabase\s*\(/.test(masked) || /runCommand\s*\(\s*\{\s*dropDatabase\s*:/.test(masked)) hits.push({ severity: 'critical', what: 'drops the whole database (dropDatabase)' });
  const re = /\.\s*(drop|deleteMany|remove|updateMany)\s*\(\s*(\{\s*\}\s*)?(,|\))/g;
  let m: RegExpExecArray | null;
  let guard = 0;
  while ((m = re.exec(masked)) && guard++ < 50) {
    const fn = m[1];
    const emptyFilter = m[2] !== undefined;
    const coll = shown(collectionBefore(code, masked, m.index), 60);
    if (fn === 'drop' && !emptyFilter && m[3] === ')') hits.push({ severity: 'high', what: `drops collection ${coll} and every document in it` });
    else if ((fn === 'deleteMany' || fn === 'remove') && emptyFilter) hits.push({ severity: 'high', what: `deletes every document in ${coll} (${fn}({}))` });
    else if (fn === 'updateMany' && emptyFilter) hits.push({ severity: 'high', what: `overwrites every document in ${coll} (updateMany({}))` });
  }
  return hits;
}

const MONGO_SPEC: CliSpec = {
  unknownLong: 'bool',
  shortValued: 'uphf',
  valued: set('eval', 'host', 'port', 'username', 'password', 'authenticationDatabase', 'file', 'apiVersion', 'tlsCAFile', 'tlsCertificateKeyFile'),
};

function mongoShell(cmd: SimpleCommand): RuleMatch | undefined {
  const p = parseArgs(cmd.args, MONGO_SPEC);
  const scripts = optionScripts(cmd, p, ['eval']);
  if (!scripts.length && !p.options.has('f') && !p.options.has('file') && !p.positionals.some((w) => /\.js$/.test(w.value))) {
    const s = stdinScript(cmd);
    if (s) scripts.push(s);
  }
  let best: { hit: MongoHit; script: Script } | undefined;
  for (const s of scripts) for (const hit of scanMongo(s.text)) if (!best || rank(hit.severity) > rank(best.hit.severity)) best = { hit, script: s };
  if (!best) return undefined;
  const conn = p.positionals[0]?.value;
  const host = optionValue(p, 'host');
  const prod = looksProduction(conn, host, ...remoteHosts(cmd), ...targetAssignments(cmd));
  return {
    severity: prod ? raised(best.hit.severity) : best.hit.severity,
    message: `${best.hit.what} (${cmd.program}${conn ? ` ${shown(conn.replace(/\/\/[^@/]*@/, '//…@'), 60)}` : ''}${host ? ` at ${shown(host)}` : ''})${prod ? '; the database looks like production' : ''}.`,
    span: fromProgram(cmd, best.script.span),
    context: productionContext(prod),
  };
}

const REDIS_SPEC: CliSpec = {
  unknownLong: 'bool',
  shortValued: 'hpsaunridD',
  valued: set('user', 'pass', 'cacert', 'cacertdir', 'cert', 'key', 'sni', 'pattern', 'quoted-pattern', 'count', 'rdb', 'functions-rdb', 'eval', 'memkeys-samples', 'tls-ciphers', 'tls-ciphersuites', 'cluster'),
};

function redisCommands(cmd: SimpleCommand, p: ParsedArgs): { words: string[]; span: Span; from: string }[] {
  const out: { words: string[]; span: Span; from: string }[] = [];
  if (p.positionals.length) out.push({ words: p.positionals.map((w) => w.value), span: spanFromProgram(cmd, p.positionals.slice(0, 2)), from: 'as arguments' });
  else {
    const s = stdinScript(cmd);
    if (s) for (const line of s.text.split('\n').slice(0, 200)) if (line.trim()) out.push({ words: line.trim().split(/\s+/), span: s.span, from: s.from });
  }
  return out;
}

function redisCli(cmd: SimpleCommand): RuleMatch | undefined {
  const p = parseArgs(cmd.args, REDIS_SPEC);
  const host = optionValue(p, 'h', 'u');
  const dbIndex = optionValue(p, 'n');
  let best: { severity: Severity; what: string; span: Span } | undefined;
  for (const c of redisCommands(cmd, p)) {
    const verb = (c.words[0] ?? '').toUpperCase();
    let hit: { severity: Severity; what: string } | undefined;
    if (verb === 'FLUSHALL') hit = { severity: 'critical', what: 'deletes every key in every database of the Redis server (FLUSHALL)' };
    else if (verb === 'FLUSHDB') hit = { severity: 'high', what: `deletes every key in Redis database ${dbIndex ?? '0'} (FLUSHDB)` };
    else if (verb === 'SHUTDOWN' && c.words.some((w) => /^nosave$/i.test(w))) hit = { severity: 'medium', what: 'stops the Redis server without saving (SHUTDOWN NOSAVE)' };
    else if ((verb === 'DEL' || verb === 'UNLINK') && cmd.argsFromStdin) hit = { severity: 'medium', what: 'deletes every key that the earlier pipeline stage lists' };
    if (hit && (!best || rank(hit.severity) > rank(best.severity))) best = { ...hit, span: c.span };
  }
  if (!best) return undefined;
  const prod = looksProduction(host, ...remoteHosts(cmd), ...targetAssignments(cmd));
  return {
    severity: prod ? raised(best.severity) : best.severity,
    message: `${best.what}${host ? ` at ${shown(host)}` : ''}${prod ? '; the server looks like production' : ''}.`,
    span: fromProgram(cmd, best.span),
    context: productionContext(prod),
  };
}

const nosqlCommand: CommandRule = {
  id: 'DB002',
  name: 'nosql-destructive-command',
  category: 'database',
  severity: 'critical',
  triggers: [{ programs: ['mongosh', 'mongo', 'redis-cli', 'valkey-cli', 'keydb-cli'] }],
  summary: 'Drops a MongoDB database or collection, deletes every document, or flushes a Redis server (FLUSHALL/FLUSHDB).',
  rationale: 'dropDatabase, drop() and deleteMany({}) remove data at once with no undo; FLUSHALL empties every Redis database, including queues and sessions that the application treats as durable.',
  alternative: 'Delete by an explicit filter, back up first (`mongodump`, `redis-cli --rdb`), and run destructive maintenance against a copy before production.',
  examples: {
    fire: ['mongosh mongodb://localhost/app --eval "db.dropDatabase()"', 'mongosh app --eval \'db.users.deleteMany({})\'', 'redis-cli -h prod-cache FLUSHALL', 'redis-cli flushdb'],
    pass: ['mongosh app --eval \'db.users.find({}).limit(5)\'', 'mongosh app --eval \'db.sessions.deleteMany({expired: true})\'', 'redis-cli GET session:1', 'mongosh app --eval \'print("db.dropDatabase()")\''],
  },
  check(cmd) {
    if (cmd.program === 'mongosh' || cmd.program === 'mongo') return mongoShell(cmd);
    if (cmd.program === 'redis-cli' || cmd.program === 'valkey-cli' || cmd.program === 'keydb-cli') return redisCli(cmd);
    return undefined;
  },
};

// ---------------------------------------------------------------------------------------------
// DB003: drop utilities

const TEST_DB = /(^|[_-])(test|tests|testing|tmp|temp|scratch|ci)([_-]|$)/i;

function dropUtility(cmd: SimpleCommand): RuleMatch | undefined {
  const assigns = targetAssignments(cmd);
  const hosts = remoteHosts(cmd);
  if (cmd.program === 'dropdb') {
    const p = parseArgs(cmd.args, { unknownLong: 'bool', shortValued: 'hpUd', valued: set('host', 'port', 'username', 'maintenance-db') });
    if (p.options.has('help') || p.options.has('version') || p.options.has('V')) return undefined;
    const db = p.positionals[0];
    const host = optionValue(p, 'h', 'host');
    return dropMatch(cmd, db?.value, host, [...hosts, ...assigns], [db].filter((w): w is Word => !!w), 'PostgreSQL database');
  }
  if (cmd.program === 'mysqladmin') {
    const p = parseArgs(dropMysqlPasswords(cmd.args), { unknownLong: 'bool', shortValued: 'hPuSc', valued: set('host', 'port', 'user', 'socket', 'defaults-file') });
    const at = p.positionals.findIndex((w) => w.value.toLowerCase() === 'drop');
    if (at === -1) return undefined;
    const db = p.positionals[at + 1];
    return dropMatch(cmd, db?.value, optionValue(p, 'h', 'host'), [...hosts, ...assigns], [p.positionals[at], ...(db ? [db] : [])], 'MySQL database');
  }
  if (cmd.program === 'pg_dropcluster') {
    const pos = cmd.args.filter((a) => !a.value.startsWith('-'));
    return { severity: 'critical', message: `deletes the PostgreSQL cluster ${pos.map((w) => shown(w.value)).join(' ')} and every database in it.`, span: spanFromProgram(cmd, pos) };
  }
  if (cmd.program === 'heroku') {
    const sub = cmd.args.find((a) => !a.value.startsWith('-'));
    if (sub?.value !== 'pg:reset') return undefined;
    const p = parseArgs(cmd.args, { unknownLong: 'value', shortValued: 'ar' });
    const app = optionValue(p, 'app', 'a', 'confirm');
    return { severity: 'critical', message: `deletes all data in the Heroku Postgres database ${shown(p.positionals[1]?.value) || 'DATABASE_URL'} of app ${shown(app) || '(current)'}.`, span: spanFromProgram(cmd, [sub]), context: productionContext(true) };
  }
  if (cmd.program === 'pg_restore' || cmd.program === 'mongorestore') {
    const p = parseArgs(cmd.args, { unknownLong: 'bool', shortValued: cmd.program === 'pg_restore' ? 'dfFhIjLnNpPsStTUW' : 'hudpco', valued: set('dbname', 'host', 'port', 'username', 'file', 'uri', 'db', 'nsInclude', 'nsFrom', 'nsTo') });
    const clean = cmd.program === 'pg_restore' ? p.options.has('c') || p.options.has('clean') : p.options.has('drop');
    if (!clean || p.options.has('l') || p.options.has('list') || p.options.has('dryRun')) return undefined;
    const db = optionValue(p, 'd', 'dbname', 'db', 'uri');
    const host = optionValue(p, 'h', 'host');
    const prod = looksProduction(db, host, ...hosts, ...assigns);
    return {
      severity: prod ? 'high' : 'medium',
      message: `drops the existing ${cmd.program === 'pg_restore' ? 'objects' : 'collections'} in ${shown(db) || 'the target database'}${host ? ` at ${shown(host)}` : ''} before restoring the dump over them${prod ? '; the database looks like production' : ''}.`,
      span: spanFromProgram(cmd, optionWords(p, 'c', 'clean', 'drop')),
      context: productionContext(prod),
    };
  }
  return undefined;
}

function dropMatch(cmd: SimpleCommand, db: string | undefined, host: string | undefined, extra: string[], spanWords: Word[], what: string): RuleMatch {
  const prod = looksProduction(db, host, ...extra);
  const scratch = !prod && db !== undefined && TEST_DB.test(db);
  return {
    severity: scratch ? 'high' : 'critical',
    message: `drops the ${what} ${shown(db) || '(unnamed)'}${host ? ` at ${shown(host)}` : ''} with all its data${scratch ? ' (its name suggests a test database)' : ''}${prod ? '; it looks like production' : ''}.`,
    span: spanFromProgram(cmd, spanWords),
    context: productionContext(prod),
  };
}

const dropDatabaseCli: CommandRule = {
  id: 'DB003',
  name: 'drop-database-utility',
  category: 'database',
  severity: 'critical',
  triggers: [
    { programs: ['dropdb', 'pg_dropcluster'] },
    { programs: ['mysqladmin'], subcommands: ['drop', 'DROP'] },
    { programs: ['heroku'], subcommands: ['pg:reset'] },
    { programs: ['pg_restore'], subcommands: ['-c', '--clean'] },
    { programs: ['mongorestore'], subcommands: ['--drop'] },
  ],
  summary: 'Drops a whole database with a utility (`dropdb`, `mysqladmin drop`, `pg_dropcluster`, `heroku pg:reset`), or restores a dump over existing objects with --clean/--drop.',
  rationale: 'These remove every table of a database in one step and need no SQL, so they are easy to run against the wrong host or the wrong database name.',
  alternative: 'Dump the database first (`pg_dump -Fc`), double-check host and name, and drop scratch databases only by their exact test name.',
  examples: {
    fire: ['dropdb -h db.internal app_production', 'mysqladmin -u root -f drop shop', 'sudo -u postgres dropdb appdb', 'heroku pg:reset DATABASE_URL --confirm shop'],
    pass: ['createdb app_dev', 'mysqladmin -u root status', 'dropdb --help', 'pg_restore -d app_dev dump.bin'],
  },
  check: dropUtility,
};

// ---------------------------------------------------------------------------------------------
// DB004: migration tools and frameworks

interface ResetMatch {
  severity: Severity;
  what: string;
  words: Word[];
}

type ResetMatcher = (args: Word[], p: ParsedArgs) => ResetMatch | undefined;

const word = (args: Word[], v: string): Word | undefined => args.find((a) => a.value === v);

function verbTable(table: Readonly<Record<string, [Severity, string]>>): ResetMatcher {
  return (args) => {
    for (const a of args) {
      const hit = table[a.value];
      if (hit) return { severity: hit[0], what: hit[1], words: [a] };
    }
    return undefined;
  };
}

const RAILS_TASKS = verbTable({
  'db:drop': ['high', 'drops the database (rails db:drop)'],
  'db:drop:all': ['high', 'drops every configured database (db:drop:all)'],
  'db:reset': ['high', 'drops and recreates the database (db:reset)'],
  'db:schema:load': ['high', 'recreates every table from schema.rb, emptying them (db:schema:load)'],
  'db:structure:load': ['high', 'recreates every table from structure.sql, emptying them (db:structure:load)'],
  'db:purge': ['high', 'empties the database (db:purge)'],
  'db:purge:all': ['high', 'empties every configured database (db:purge:all)'],
  'db:migrate:reset': ['high', 'drops, recreates and re-migrates the database (db:migrate:reset)'],
  'db:seed:replant': ['high', 'truncates every table before seeding (db:seed:replant)'],
  'db:truncate_all': ['high', 'truncates every table (db:truncate_all)'],
  'db:fixtures:load': ['medium', 'replaces table contents with fixtures (db:fixtures:load)'],
});

const ARTISAN_TASKS = verbTable({
  'migrate:fresh': ['high', 'drops every table and re-runs all migrations (migrate:fresh)'],
  'migrate:reset': ['high', 'rolls back every migration (migrate:reset)'],
  'migrate:refresh': ['high', 'rolls back and re-runs every migration (migrate:refresh)'],
  'db:wipe': ['high', 'drops every table, view and type (db:wipe)'],
  'migrate:rollback': ['medium', 'rolls back the last batch of migrations (migrate:rollback)'],
});

const SYMFONY_TASKS: ResetMatcher = (args, p) => {
  const force = p.options.has('force') || p.options.has('f');
  for (const a of args) {
    if (a.value === 'doctrine:database:drop' && force) return { severity: 'high', what: 'drops the database (doctrine:database:drop --force)', words: [a] };
    if (a.value === 'doctrine:schema:drop' && force) return { severity: 'high', what: 'drops every table (doctrine:schema:drop --force)', words: [a] };
    if (a.value === 'doctrine:fixtures:load' && !p.options.has('append')) return { severity: 'medium', what: 'purges the database before loading fixtures (doctrine:fixtures:load without --append)', words: [a] };
  }
  return undefined;
};

const DJANGO_TASKS: ResetMatcher = (args) => {
  const i = args.findIndex((a) => !a.value.startsWith('-'));
  const cmd = args[i];
  if (!cmd) return undefined;
  if (cmd.value === 'flush') return { severity: 'high', what: 'deletes every row of every table (manage.py flush)', words: [cmd] };
  if (cmd.value === 'reset_db') return { severity: 'high', what: 'drops and recreates the database (reset_db)', words: [cmd] };
  if (cmd.value === 'migrate') {
    const pos = args.slice(i + 1).filter((a) => !a.value.startsWith('-'));
    if (pos.length >= 2 && pos[1].value === 'zero') return { severity: 'high', what: `unapplies every migration of app ${pos[0].value}, dropping its tables (migrate ${pos[0].value} zero)`, words: [cmd, ...pos.slice(0, 2)] };
  }
  return undefined;
};

/** Django's settings module names the environment: `--settings=config.settings.production`. */
function djangoTargets(p: ParsedArgs): string[] {
  return optionValues(p, 'settings', 'database');
}

interface Framework {
  /** Program names (after runners are peeled). */
  programs: readonly string[];
  /** Scripts run through an interpreter: `python manage.py …`, `php artisan …`. */
  script?: { interpreters: readonly string[]; names: RegExp };
  match: ResetMatcher;
  /** Values that name the environment or database, for the production test. */
  targets?: (p: ParsedArgs, args: readonly Word[]) => (string | undefined)[];
}

const FRAMEWORKS: readonly Framework[] = [
  {
    programs: ['prisma'],
    match: (args, p) => {
      const migrate = word(args, 'migrate');
      const reset = word(args, 'reset');
      if (migrate && reset && migrate.span.start < reset.span.start) return { severity: 'high', what: 'drops the database and re-applies every migration (prisma migrate reset)', words: [migrate, reset] };
      const db = word(args, 'db');
      const push = word(args, 'push');
      if (db && push && (p.options.has('accept-data-loss') || p.options.has('force-reset'))) {
        return { severity: 'high', what: p.options.has('force-reset') ? 'resets the database before pushing the schema (db push --force-reset)' : 'pushes a schema change that drops columns or tables (db push --accept-data-loss)', words: [db, push, ...optionWords(p, 'accept-data-loss', 'force-reset')] };
      }
      return undefined;
    },
  },
  { programs: ['rails', 'rake'], match: RAILS_TASKS, targets: (p) => optionValues(p, 'e', 'environment') },
  { programs: ['manage.py', 'django-admin'], script: { interpreters: ['python', 'python3', 'python2', 'py', 'pypy3'], names: /(^|\/)manage\.py$/ }, match: DJANGO_TASKS, targets: djangoTargets },
  { programs: ['artisan'], script: { interpreters: ['php'], names: /(^|\/)artisan$/ }, match: ARTISAN_TASKS, targets: (p) => optionValues(p, 'env', 'database') },
  { programs: ['console'], script: { interpreters: ['php'], names: /(^|\/)bin\/console$/ }, match: SYMFONY_TASKS, targets: (p) => optionValues(p, 'env', 'e') },
  {
    programs: ['sequelize', 'sequelize-cli'],
    match: verbTable({
      'db:drop': ['high', 'drops the database (sequelize db:drop)'],
      'db:migrate:undo:all': ['medium', 'reverts every migration (db:migrate:undo:all)'],
      'db:seed:undo:all': ['medium', 'removes every seeded row (db:seed:undo:all)'],
    }),
    targets: (p) => optionValues(p, 'env', 'url'),
  },
  {
    programs: ['knex'],
    match: (args, p) => {
      const rb = word(args, 'migrate:rollback');
      if (rb && p.options.has('all')) return { severity: 'medium', what: 'rolls back every migration (knex migrate:rollback --all)', words: [rb, ...optionWords(p, 'all')] };
      return undefined;
    },
    targets: (p) => optionValues(p, 'env'),
  },
  {
    programs: ['alembic'],
    match: (args, p) => {
      if (p.options.has('sql')) return undefined;
      const i = args.findIndex((a) => a.value === 'downgrade');
      if (i === -1) return undefined;
      const target = args.slice(i + 1).find((a) => !a.value.startsWith('-'));
      if (target?.value === 'base') return { severity: 'high', what: 'reverts every migration, dropping the tables they created (alembic downgrade base)', words: [args[i], target] };
      return { severity: 'low', what: `reverts migrations down to ${shown(target?.value)} (alembic downgrade)`, words: [args[i]] };
    },
    targets: (p) => optionValues(p, 'x', 'name', 'n'),
  },
  {
    programs: ['flyway'],
    match: verbTable({ clean: ['critical', 'drops every object in the configured schemas (flyway clean)'] }),
    targets: (_p, args) => args.map((a) => /^-(?:url|environment|user|schemas)=(.*)$/.exec(a.value)?.[1]),
  },
  {
    programs: ['liquibase'],
    match: verbTable({ 'drop-all': ['critical', 'drops every database object (liquibase drop-all)'], dropAll: ['critical', 'drops every database object (liquibase dropAll)'] }),
    targets: (p) => optionValues(p, 'url'),
  },
  {
    programs: ['supabase'],
    match: (args, p) => {
      const db = word(args, 'db');
      const reset = word(args, 'reset');
      if (!db || !reset) return undefined;
      const linked = p.options.has('linked') || p.options.has('db-url');
      return { severity: linked ? 'critical' : 'high', what: linked ? 'resets the linked remote database, deleting its data (supabase db reset --linked)' : 'recreates the local database, deleting its data (supabase db reset)', words: [db, reset] };
    },
    targets: (p) => optionValues(p, 'db-url'),
  },
  {
    programs: ['typeorm', 'typeorm-ts-node-commonjs', 'typeorm-ts-node-esm'],
    match: verbTable({ 'schema:drop': ['high', 'drops every table (typeorm schema:drop)'] }),
  },
  {
    programs: ['mix'],
    match: (args, p) => {
      const drop = word(args, 'ecto.drop');
      if (drop) return { severity: 'high', what: 'drops the database (mix ecto.drop)', words: [drop] };
      const reset = word(args, 'ecto.reset');
      if (reset) return { severity: 'high', what: 'drops and recreates the database (mix ecto.reset)', words: [reset] };
      const rb = word(args, 'ecto.rollback');
      if (rb && p.options.has('all')) return { severity: 'medium', what: 'rolls back every migration (ecto.rollback --all)', words: [rb] };
      return undefined;
    },
  },
  {
    programs: ['diesel', 'sqlx'],
    match: (args) => {
      const d = word(args, 'database');
      const verb = args.find((a) => a.value === 'reset' || a.value === 'drop');
      if (d && verb) return { severity: 'high', what: `${verb.value === 'drop' ? 'drops' : 'drops and recreates'} the database (database ${verb.value})`, words: [d, verb] };
      return undefined;
    },
    targets: (p) => optionValues(p, 'database-url', 'D'),
  },
  {
    programs: ['dotnet'],
    match: (args) => {
      const [ef, database, drop] = args.filter((a) => !a.value.startsWith('-'));
      if (ef?.value === 'ef' && database?.value === 'database' && drop?.value === 'drop') return { severity: 'high', what: 'drops the database (dotnet ef database drop)', words: [ef, database, drop] };
      return undefined;
    },
    targets: (p) => optionValues(p, 'connection', 'environment'),
  },
];

/** Which framework runs, with its arguments: direct, via a runner, or as `python manage.py`. */
function frameworkCall(cmd: SimpleCommand): { fw: Framework; args: Word[]; program: string } | undefined {
  const { program, args } = unwrapRunner(cmd);
  for (const fw of FRAMEWORKS) {
    if (fw.programs.includes(program)) return { fw, args, program };
    if (fw.script && fw.script.interpreters.some((i) => program === i || program.startsWith(i))) {
      const first = args.findIndex((a) => !a.value.startsWith('-'));
      if (first !== -1 && fw.script.names.test(args[first].value)) return { fw, args: args.slice(first + 1), program: args[first].value };
    }
  }
  return undefined;
}

const ENV_ASSIGNMENTS = /^(RAILS_ENV|RACK_ENV|APP_ENV|NODE_ENV|MIX_ENV|DJANGO_SETTINGS_MODULE|FLASK_ENV|ENV|ENVIRONMENT|STAGE|DATABASE_URL|DB_URL|DB_HOST|PGHOST|PGDATABASE|DISABLE_DATABASE_ENVIRONMENT_CHECK)$/;

function frameworkReset(cmd: SimpleCommand): RuleMatch | undefined {
  const call = frameworkCall(cmd);
  if (!call) return undefined;
  const p = parseArgs(call.args, { unknownLong: 'bool', valued: set('env', 'environment', 'settings', 'database', 'url', 'db-url', 'database-url', 'connection', 'x', 'e') });
  if (p.options.has('help') || p.options.has('dry-run') || p.options.has('pretend')) return undefined;
  const hit = call.fw.match(call.args, p);
  if (!hit) return undefined;
  const envs = cmd.assignments.filter((a) => ENV_ASSIGNMENTS.test(a.name));
  const bypass = envs.some((a) => a.name === 'DISABLE_DATABASE_ENVIRONMENT_CHECK' && a.value.value !== '' && a.value.value !== '0');
  const taskEnvs = call.args.filter((a) => /^(RAILS_ENV|RACK_ENV)=/.test(a.value)).map((a) => a.value);
  // `heroku run -a shop-prod …`: the app or environment the runner targets.
  const runnerTargets = cmd.program === call.program ? [] : cmd.args.filter((_a, i) => i > 0 && /^(-a|--app|-e|--environment)$/.test(cmd.args[i - 1].value)).map((a) => a.value);
  const targets = [...envs.map((a) => a.value.value), ...taskEnvs, ...runnerTargets, ...(call.fw.targets?.(p, call.args) ?? []), ...remoteHosts(cmd)];
  const prod = bypass || looksProduction(...targets);
  return {
    severity: prod ? raised(hit.severity) : hit.severity,
    message: `${hit.what}${prod ? `; it targets what looks like production${bypass ? ' (DISABLE_DATABASE_ENVIRONMENT_CHECK bypasses the guard)' : ''}` : ''}.`,
    span: spanFromProgram(cmd, hit.words),
    context: productionContext(prod),
  };
}

const RESET_WORDS = [
  'migrate', 'reset', 'push', 'db:drop', 'db:drop:all', 'db:reset', 'db:schema:load', 'db:structure:load', 'db:purge', 'db:purge:all', 'db:migrate:reset',
  'db:seed:replant', 'db:truncate_all', 'db:fixtures:load', 'flush', 'reset_db', 'zero', 'migrate:fresh', 'migrate:reset', 'migrate:refresh', 'db:wipe',
  'migrate:rollback', 'doctrine:database:drop', 'doctrine:schema:drop', 'doctrine:fixtures:load', 'db:drop', 'db:migrate:undo:all', 'db:seed:undo:all',
  'downgrade', 'clean', 'drop-all', 'dropAll', 'schema:drop', 'ecto.drop', 'ecto.reset', 'ecto.rollback', 'drop',
];

const RUNNER_PROGRAMS = ['bundle', 'poetry', 'pipenv', 'pdm', 'uv', 'rye', 'hatch', 'npm', 'pnpm', 'yarn', 'bun', 'sail', 'heroku', 'railway'];

const frameworkDbReset: CommandRule = {
  id: 'DB004',
  name: 'migration-tool-reset',
  category: 'database',
  severity: 'critical',
  triggers: [
    {
      programs: [
        ...new Set([...FRAMEWORKS.flatMap((f) => [...f.programs, ...(f.script?.interpreters ?? [])]), ...RUNNER_PROGRAMS, 'python3.11', 'python3.12', 'python3.13']),
      ],
      subcommands: [...new Set(RESET_WORDS)],
    },
  ],
  summary: 'Resets, drops or wipes a database through a migration tool or framework (prisma migrate reset, rails db:drop, manage.py flush, artisan migrate:fresh, flyway clean, …).',
  rationale:
    'These commands are meant for throwaway development databases, but they run against whatever the environment points at: with a production DATABASE_URL or RAILS_ENV they delete every row of the real database.',
  alternative: 'Check which database the environment points at first; for schema changes write a forward migration; reset only a local database whose URL you have read.',
  examples: {
    fire: [
      'npx prisma migrate reset --force',
      'npx prisma db push --accept-data-loss',
      'bundle exec rails db:drop',
      'RAILS_ENV=production rake db:schema:load',
      'python manage.py flush --noinput',
      'php artisan migrate:fresh --seed',
      'flyway -cleanDisabled=false clean',
      'alembic downgrade base',
    ],
    pass: ['npx prisma migrate dev', 'npx prisma db push', 'bundle exec rails db:migrate', 'python manage.py migrate', 'php artisan migrate', 'alembic upgrade head', 'flyway migrate'],
  },
  check: frameworkReset,
};

export const databasePack: RulePack = {
  name: 'database',
  description: 'Dropping, truncating and wiping databases: SQL through clients, NoSQL shells, drop utilities and framework reset commands.',
  rules: [sqlStatement, nosqlCommand, dropDatabaseCli, frameworkDbReset],
};
