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

export const dropDatabaseUtility: CommandRule = {
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
