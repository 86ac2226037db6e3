import { kindName } from '../../plain-text';
import type { SimpleCommand, Word } from '../../shell/model';
import { looksProduction, optionValue, optionWords, parseArgs, productionContext, shown, targetAssignments } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { dropMysqlPasswords, remoteHosts, set } from './helpers';

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
  if (cmd.program === 'dropuser' || cmd.program === 'dropuserdb') {
    const p = parseArgs(cmd.args, { unknownLong: 'bool', shortValued: 'hpU', valued: set('host', 'port', 'username') });
    if (p.options.has('help') || p.options.has('version') || p.options.has('V')) return undefined;
    const role = p.positionals[0];
    const host = optionValue(p, 'h', 'host');
    const prod = looksProduction(role?.value, host, ...hosts, ...assigns);
    return {
      severity: prod ? 'critical' : 'high',
      message: `drops the ${kindName('PostgreSQL role', shown(role?.value) || '(asked for)')}${host ? ` at ${shown(host)}` : ''}: everything that signs in with it is locked out and its grants are gone${prod ? '; it looks like production' : ''}.`,
      span: spanFromProgram(cmd, role ? [role] : []),
      context: productionContext(prod),
    };
  }
  if (cmd.program === 'pg_resetwal' || cmd.program === 'pg_resetxlog') {
    const p = parseArgs(cmd.args, { unknownLong: 'bool', shortValued: 'cDeloOmxu', valued: set('pgdata', 'commit-timestamp-ids', 'epoch', 'next-wal-file', 'multixact-ids', 'next-oid', 'multixact-offset', 'next-transaction-id', 'wal-segsize', 'char-signedness') });
    if (p.options.has('n') || p.options.has('dry-run') || p.options.has('help') || p.options.has('V') || p.options.has('version')) return undefined;
    const dir = optionValue(p, 'D', 'pgdata') ?? p.positionals[0]?.value;
    return {
      severity: 'critical',
      message: `${cmd.program} throws away the write-ahead log of the cluster in ${shown(dir) || 'PGDATA'}${p.options.has('f') || p.options.has('force') ? ' (forced)' : ''}: committed transactions can be lost and the database left inconsistent.`,
      span: spanFromProgram(cmd, cmd.args.slice(0, 3)),
      context: { targetClass: 'system-root' },
    };
  }
  if (cmd.program === 'pg_dropcluster') {
    const pos = cmd.args.filter((a) => !a.value.startsWith('-'));
    return { severity: 'critical', message: `deletes the ${kindName('PostgreSQL cluster', pos.map((w) => shown(w.value)).join(' '))} and every database in it.`, span: spanFromProgram(cmd, pos) };
  }
  if (cmd.program === 'heroku') {
    const sub = cmd.args.find((a) => !a.value.startsWith('-'));
    if (sub?.value !== 'pg:reset') return undefined;
    const p = parseArgs(cmd.args, { unknownLong: 'value', shortValued: 'ar' });
    const app = optionValue(p, 'app', 'a', 'confirm');
    return { severity: 'critical', message: `deletes all data in the ${kindName('Heroku Postgres database', shown(p.positionals[1]?.value) || 'DATABASE_URL')} of ${kindName('app', shown(app) || '(current)')}.`, span: spanFromProgram(cmd, [sub]), context: productionContext(true) };
  }
  if (cmd.program === 'pg_restore' || cmd.program === 'mongorestore') {
    const p = parseArgs(cmd.args, { unknownLong: 'bool', shortValued: cmd.program === 'pg_restore' ? 'dfFhIjLnNpPsStTUW' : 'hudpco', valued: set('dbname', 'host', 'port', 'username', 'file', 'uri', 'db', 'nsInclude', 'nsFrom', 'nsTo') });
    const clean = cmd.program === 'pg_restore' ? p.options.has('c') || p.options.has('clean') : p.options.has('drop');
    if (!clean || p.options.has('l') || p.options.has('list') || p.options.has('dryRun')) return undefined;
    const db = optionValue(p, 'd', 'dbname', 'db', 'uri');
    const host = optionValue(p, 'h', 'host');
    const prod = looksProduction(db, host, ...hosts, ...assigns);
    // pg_restore --clean --create drops the archived database itself and creates it again.
    if (cmd.program === 'pg_restore' && (p.options.has('C') || p.options.has('create'))) {
      return {
        severity: prod ? 'critical' : 'high',
        message: `drops the database named in the dump${host ? ` at ${shown(host)}` : ''} and creates it again before restoring (--clean --create): everything written to it since the dump is gone${prod ? '; it looks like production' : ''}.`,
        span: spanFromProgram(cmd, optionWords(p, 'c', 'clean', 'C', 'create')),
        context: productionContext(prod),
      };
    }
    return {
      severity: prod ? 'high' : 'medium',
      message: `drops the existing ${cmd.program === 'pg_restore' ? 'objects' : 'collections'} in ${shown(db) || 'the target database'}${host ? ` at ${shown(host)}` : ''} before restoring the dump over them${prod ? '; the database looks like production' : ''}.`,
      span: spanFromProgram(cmd, optionWords(p, 'c', 'clean', 'drop')),
      context: productionContext(prod),
    };
  }
  return restoreOver(cmd, [...hosts, ...assigns]);
}

/** Restores that replace what is there: neo4j-admin load/restore with overwrite, pgBackRest delta or forced restores, influx restore --full. */
function restoreOver(cmd: SimpleCommand, extra: string[]): RuleMatch | undefined {
  const p = parseArgs(cmd.args, { unknownLong: 'bool', valued: set('from', 'from-path', 'database', 'stanza', 'pg1-path', 'bucket', 'host', 'org', 'token', 'config', 'set', 'type', 'target', 'repo', 'log-level-console') });
  const pos = p.positionals.map((w) => w.value);
  const flag = (name: string): boolean => p.options.has(name) && optionValue(p, name) !== 'false';
  if (cmd.program === 'neo4j-admin') {
    const verb = p.positionals.find((w) => w.value === 'load' || w.value === 'restore');
    const overwrite = flag('overwrite-destination') || cmd.args.some((a) => /^--overwrite-destination(=true)?$/.test(a.value)) || p.options.has('force');
    if (!verb || !overwrite) return undefined;
    const db = optionValue(p, 'database') ?? pos[pos.indexOf(verb.value) + 1];
    const prod = looksProduction(db, ...extra);
    return { severity: prod ? 'critical' : 'high', message: `replaces the ${kindName('Neo4j database', shown(db) || '(named in the command)')} with the ${verb.value === 'load' ? 'dump' : 'backup'} (neo4j-admin ${verb.value} ${p.options.has('force') ? '--force' : '--overwrite-destination'}): everything written since is gone${prod ? '; it looks like production' : ''}.`, span: spanFromProgram(cmd, [verb]), context: productionContext(prod) };
  }
  if (cmd.program === 'pgbackrest') {
    const verb = p.positionals.find((w) => w.value === 'restore');
    if (!verb || !(flag('delta') || flag('force'))) return undefined;
    const stanza = optionValue(p, 'stanza');
    const prod = looksProduction(stanza, ...extra);
    return { severity: prod ? 'critical' : 'high', message: `restores ${kindName('stanza', shown(stanza) || '(default)')} over the existing data directory (pgbackrest ${p.options.has('force') ? '--force' : '--delta'} restore): files that differ from the backup are replaced and newer data is lost${prod ? '; it looks like production' : ''}.`, span: spanFromProgram(cmd, [verb]), context: productionContext(prod) };
  }
  if (cmd.program === 'influx' && pos[0] === 'restore' && p.options.has('full')) {
    const prod = looksProduction(optionValue(p, 'host'), ...extra);
    return { severity: prod ? 'critical' : 'high', message: `replaces every bucket, user and token on the InfluxDB server with the backup (influx restore --full)${prod ? '; it looks like production' : ''}.`, span: spanFromProgram(cmd, p.positionals.slice(0, 1)), context: productionContext(prod) };
  }
  return undefined;
}

function dropMatch(cmd: SimpleCommand, db: string | undefined, host: string | undefined, extra: string[], spanWords: Word[], what: string): RuleMatch {
  const prod = looksProduction(db, host, ...extra);
  const scratch = !prod && db !== undefined && TEST_DB.test(db);
  return {
    severity: scratch ? 'high' : 'critical',
    message: `drops the ${kindName(what, shown(db) || '(unnamed)')}${host ? ` at ${shown(host)}` : ''} with all its data${scratch ? ' (its name suggests a test database)' : ''}${prod ? '; it looks like production' : ''}.`,
    span: spanFromProgram(cmd, spanWords),
    context: productionContext(prod),
  };
}

export const dropDatabaseUtility: CommandRule = {
  id: 'DB003',
  name: 'drop-database-utility',
  category: 'database',
  severity: 'critical',
  triggers: [
    { programs: ['dropdb', 'pg_dropcluster', 'dropuser', 'pg_resetwal', 'pg_resetxlog'] },
    { programs: ['mysqladmin'], subcommands: ['drop', 'DROP'] },
    { programs: ['heroku'], subcommands: ['pg:reset'] },
    { programs: ['pg_restore'], subcommands: ['-c', '--clean'] },
    { programs: ['mongorestore'], subcommands: ['--drop'] },
    { programs: ['neo4j-admin'], subcommands: ['load', 'restore'] },
    { programs: ['pgbackrest'], subcommands: ['restore'] },
    { programs: ['influx'], subcommands: ['restore'] },
  ],
  summary: 'Drops a whole database, cluster or role with a utility (`dropdb`, `dropuser`, `mysqladmin drop`, `pg_dropcluster`, `heroku pg:reset`), resets the write-ahead log (`pg_resetwal`), or restores a dump over existing objects with --clean/--drop.',
  rationale: 'These remove every table of a database in one step and need no SQL, so they are easy to run against the wrong host or the wrong database name.',
  alternative: 'Dump the database first (`pg_dump -Fc`), double-check host and name, and drop scratch databases only by their exact test name.',
  examples: {
    fire: ['dropdb -h db.internal app_production', 'mysqladmin -u root -f drop shop', 'sudo -u postgres dropdb appdb', 'heroku pg:reset DATABASE_URL --confirm shop', 'dropuser app_user', 'pg_resetwal -f /var/lib/postgresql/15/main'],
    pass: ['createdb app_dev', 'mysqladmin -u root status', 'dropdb --help', 'pg_restore -d app_dev dump.bin', 'createuser app', 'pg_resetwal -n /var/lib/postgresql/data'],
  },
  check: dropUtility,
};
