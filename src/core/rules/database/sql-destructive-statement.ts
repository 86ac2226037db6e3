import { kindName } from '../../plain-text';
import type { SimpleCommand } from '../../shell/model';
import { DYN } from '../../shell/words';
import { type CliSpec, looksProduction, optionValue, optionValues, parseArgs, productionContext, raised, shown, targetAssignments } from '../cli-options';
import { awsCall, gcloudCall, matchPath } from '../cloud-cli';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { scanSql, type SqlDialect, type SqlHit } from '../sql-scan';
import { dropMysqlPasswords, fromProgram, optionScripts, rank, remoteHosts, type Script, set, stdinScript } from './helpers';

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
  // Clients of other engines that take SQL in an option and otherwise read it from stdin.
  usql: {
    dialect: 'generic',
    spec: { unknownLong: 'bool', shortValued: 'cfoPvJ', valued: set('command', 'file', 'out', 'pset', 'set', 'variable', 'config') },
    sql: ['c', 'command'],
    host: [],
    db: [],
    positionalDb: 0,
    noStdin: ['f', 'file', 'help', 'version', 'V'],
  },
  mycli: {
    dialect: 'mysql',
    spec: { unknownLong: 'bool', shortValued: 'ehuPSDpR', valued: set('execute', 'host', 'user', 'port', 'socket', 'database', 'login-path', 'defaults-file', 'myclirc', 'prompt') },
    sql: ['e', 'execute'],
    host: ['h', 'host'],
    db: ['D', 'database'],
    positionalDb: 0,
    noStdin: ['help', 'version', 'V'],
  },
  litecli: {
    dialect: 'sqlite',
    spec: { unknownLong: 'bool', shortValued: 'eDR', valued: set('execute', 'database', 'liteclirc', 'prompt') },
    sql: ['e', 'execute'],
    host: [],
    db: ['D', 'database'],
    positionalDb: 0,
    noStdin: ['help', 'version', 'V'],
  },
  trino: {
    dialect: 'generic',
    spec: { unknownLong: 'value', bool: set('help', 'version', 'debug', 'password', 'ignore-errors', 'progress') },
    sql: ['execute'],
    host: ['server'],
    db: ['catalog', 'schema'],
    positionalDb: 0,
    noStdin: ['f', 'file', 'help', 'version'],
  },
  beeline: {
    dialect: 'generic',
    spec: { unknownLong: 'value', shortValued: 'eufnpdi', bool: set('help', 'silent', 'verbose') },
    sql: ['e'],
    host: ['u'],
    db: [],
    noStdin: ['f', 'i', 'help'],
  },
  'impala-shell': {
    dialect: 'generic',
    spec: { unknownLong: 'value', shortValued: 'qifdu', bool: set('help', 'version', 'ssl', 'k', 'kerberos', 'B') },
    sql: ['q', 'query'],
    host: ['i', 'impalad'],
    db: ['d', 'database'],
    noStdin: ['f', 'query_file', 'help', 'version'],
  },
  vsql: {
    dialect: 'postgres',
    spec: { unknownLong: 'bool', shortValued: 'cdfhpUvoPF', valued: set('command', 'dbname', 'file', 'host', 'port', 'username') },
    sql: ['c', 'command'],
    host: ['h', 'host'],
    db: ['d', 'dbname'],
    positionalDb: 0,
    noStdin: ['f', 'file', 'l', 'list', 'help', 'version', 'V'],
  },
};

const CLIENT_ALIASES: Readonly<Record<string, string>> = {
  mariadb: 'mysql',
  sqlite: 'sqlite3',
  clickhouse: 'clickhouse-client',
  'psql.exe': 'psql',
  presto: 'trino',
  hive: 'beeline',
  'spark-sql': 'beeline',
};

interface SqlRun {
  scripts: Script[];
  dialect: SqlDialect;
  /** Host, database, connection strings: what the production test reads. */
  targets: string[];
  /** For the message: `database app on db.example.com`. */
  label: string;
}

function sqlClientRun(cmd: SimpleCommand): SqlRun | undefined {
  if (cmd.program === 'sqlplus' || cmd.program === 'sql') return sqlplusRun(cmd);
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

/**
 * Oracle's SQL*Plus (and SQLcl, `sql`): `sqlplus [-S] [-L] logon [@script]`; without a script it
 * reads the statements from stdin (a heredoc or here-string).
 */
function sqlplusRun(cmd: SimpleCommand): SqlRun | undefined {
  const words = cmd.args.map((a) => a.value);
  if (words.some((w) => /^-(h|help|v|version|V)$/i.test(w) || w.startsWith('@'))) return undefined;
  const logon = words.find((w) => !w.startsWith('-') && w !== '/nolog');
  const s = stdinScript(cmd);
  if (!s || (cmd.program === 'sql' && !/[/@]/.test(logon ?? ''))) return undefined;
  // user/password@host:port/service: only the part after @ names where it runs.
  const at = logon?.includes('@') ? logon.slice(logon.lastIndexOf('@') + 1) : undefined;
  return { scripts: [s], dialect: 'generic', targets: [at, ...remoteHosts(cmd), ...targetAssignments(cmd)].filter((v): v is string => v !== undefined), label: describeTarget(cmd.program, [], at ? [at] : []) };
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
      label: `Spanner ${kindName('database', shown(db))}${inst ? ` on ${kindName('instance', shown(inst))}` : ''}`,
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
      label: `D1 ${kindName('database', shown(db?.value))}${remote ? ' (remote, deployed)' : ''}`,
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
      label: `Turso ${kindName('database', shown(db?.value))}`,
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
      label: `BigQuery${project ? ` ${kindName('project', shown(project))}` : ''}`,
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

export const sqlDestructiveStatement: CommandRule = {
  id: 'DB001',
  name: 'sql-destructive-statement',
  category: 'database',
  severity: 'critical',
  triggers: [
    { programs: ['psql', 'mysql', 'mariadb', 'sqlite3', 'sqlite', 'duckdb', 'clickhouse-client', 'clickhouse', 'sqlcmd', 'cqlsh', 'snowsql', 'bq', 'turso'] },
    { programs: ['usql', 'mycli', 'litecli', 'trino', 'presto', 'beeline', 'hive', 'spark-sql', 'impala-shell', 'vsql', 'sqlplus', 'sql'] },
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
