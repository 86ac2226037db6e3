import { kindName } from '../../plain-text';
import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { looksProduction, optionValues, optionWords, parseArgs, type ParsedArgs, productionContext, raised, shown, unwrapRunner } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { remoteHosts, set } from './helpers';

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
    // Without --dump-sql, --force runs the diff, and the diff drops columns (and with --complete tables) the mapping no longer has.
    if (a.value === 'doctrine:schema:update' && force && !p.options.has('dump-sql')) return { severity: 'medium', what: 'makes the database match the mapping, dropping columns and tables it no longer has (doctrine:schema:update --force)', words: [a] };
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
    if (pos.length >= 2 && pos[1].value === 'zero') return { severity: 'high', what: `unapplies every migration of ${kindName('app', pos[0].value)}, dropping its tables (migrate ${pos[0].value} zero)`, words: [cmd, ...pos.slice(0, 2)] };
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
  {
    programs: ['rails', 'rake'],
    match: (args, p) => {
      const hit = RAILS_TASKS(args, p);
      if (hit) return hit;
      // db:rollback STEP=n with more than one step unwinds several migrations at once.
      const rb = word(args, 'db:rollback') ?? word(args, 'db:migrate:down');
      const step = args.find((a) => /^STEP=\d+$/.test(a.value));
      if (rb && step && Number(step.value.slice(5)) > 1) return { severity: 'medium', what: `rolls back ${step.value.slice(5)} migrations, dropping what they created (${rb.value} ${step.value})`, words: [rb, step] };
      return undefined;
    },
    targets: (p) => optionValues(p, 'e', 'environment'),
  },
  { programs: ['manage.py', 'django-admin'], script: { interpreters: ['python', 'python3', 'python2', 'py', 'pypy3'], names: /(^|\/)manage\.py$/ }, match: DJANGO_TASKS, targets: djangoTargets },
  { programs: ['artisan'], script: { interpreters: ['php'], names: /(^|\/)artisan$/ }, match: ARTISAN_TASKS, targets: (p) => optionValues(p, 'env', 'database') },
  { programs: ['console'], script: { interpreters: ['php'], names: /(^|\/)bin\/console$/ }, match: SYMFONY_TASKS, targets: (p) => optionValues(p, 'env', 'e') },
  {
    programs: ['sequelize', 'sequelize-cli'],
    match: verbTable({
      'db:drop': ['high', 'drops the database (sequelize db:drop)'],
      'db:migrate:undo:all': ['high', 'reverts every migration, dropping the tables they created (db:migrate:undo:all)'],
      'db:seed:undo:all': ['medium', 'removes every seeded row (db:seed:undo:all)'],
    }),
    targets: (p) => optionValues(p, 'env', 'url'),
  },
  {
    programs: ['knex'],
    match: (args, p) => {
      const rb = word(args, 'migrate:rollback');
      if (rb && p.options.has('all')) return { severity: 'high', what: 'reverts every migration, dropping the tables they created (knex migrate:rollback --all)', words: [rb, ...optionWords(p, 'all')] };
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
      // A relative step (`-1`) looks like an option; it is the revision argument.
      const target = args.slice(i + 1).find((a) => !a.value.startsWith('-') || /^-\d+$/.test(a.value));
      if (target?.value === 'base') return { severity: 'high', what: 'reverts every migration, dropping the tables they created (alembic downgrade base)', words: [args[i], target] };
      const rel = target && /^-(\d+)$/.exec(target.value);
      return { severity: 'low', what: rel ? `reverts the last ${rel[1] === '1' ? 'migration' : `${rel[1]} migrations`} (alembic downgrade ${target.value})` : `reverts migrations down to ${shown(target?.value) || 'the given revision'} (alembic downgrade)`, words: [args[i], ...(target ? [target] : [])] };
    },
    targets: (p) => optionValues(p, 'x', 'name', 'n'),
  },
  {
    programs: ['flyway'],
    match: verbTable({ clean: ['critical', 'drops every object in the configured schemas (flyway clean)'], undo: ['medium', 'undoes the last versioned migration (flyway undo)'] }),
    targets: (_p, args) => args.map((a) => /^-(?:url|environment|user|schemas)=(.*)$/.exec(a.value)?.[1]),
  },
  {
    programs: ['liquibase'],
    match: verbTable({
      'drop-all': ['critical', 'drops every database object (liquibase drop-all)'],
      dropAll: ['critical', 'drops every database object (liquibase dropAll)'],
      'rollback-count': ['medium', 'rolls back changesets (liquibase rollback-count)'],
      rollbackCount: ['medium', 'rolls back changesets (liquibase rollbackCount)'],
      'rollback-to-date': ['medium', 'rolls back every changeset applied since a date (liquibase rollback-to-date)'],
      rollbackToDate: ['medium', 'rolls back every changeset applied since a date (liquibase rollbackToDate)'],
      rollback: ['medium', 'rolls back every changeset applied after a tag (liquibase rollback)'],
    }),
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
    match: verbTable({ 'schema:drop': ['high', 'drops every table (typeorm schema:drop)'], 'schema:sync': ['medium', 'makes the database match the entities, dropping columns and tables they no longer have (typeorm schema:sync)'] }),
  },
  {
    programs: ['mix'],
    match: (args, p) => {
      const drop = word(args, 'ecto.drop');
      if (drop) return { severity: 'high', what: 'drops the database (mix ecto.drop)', words: [drop] };
      const reset = word(args, 'ecto.reset');
      if (reset) return { severity: 'high', what: 'drops and recreates the database (mix ecto.reset)', words: [reset] };
      const rb = word(args, 'ecto.rollback');
      if (rb && p.options.has('all')) return { severity: 'high', what: 'reverts every migration, dropping the tables they created (ecto.rollback --all)', words: [rb] };
      return undefined;
    },
  },
  {
    programs: ['diesel', 'sqlx'],
    match: (args, p) => {
      const d = word(args, 'database');
      const verb = args.find((a) => a.value === 'reset' || a.value === 'drop');
      if (d && verb) return { severity: 'high', what: `${verb.value === 'drop' ? 'drops' : 'drops and recreates'} the database (${kindName('database', verb.value)})`, words: [d, verb] };
      const m = word(args, 'migration') ?? word(args, 'migrate');
      const undo = args.find((a) => a.value === 'redo' || a.value === 'revert');
      const all = p.options.has('all') || args.some((a, i) => a.value === '--target-version' && args[i + 1]?.value === '0') || args.some((a) => a.value === '--target-version=0');
      if (m && undo && all) return { severity: 'high', what: `reverts every migration${undo.value === 'redo' ? ' and runs them again' : ''}, dropping what they created (${m.value} ${undo.value} --all)`, words: [m, undo] };
      return undefined;
    },
    targets: (p) => optionValues(p, 'database-url', 'D'),
  },
  {
    programs: ['dotnet'],
    match: (args) => {
      const [ef, database, drop, target] = args.filter((a) => !a.value.startsWith('-'));
      if (ef?.value === 'ef' && database?.value === 'database' && drop?.value === 'drop') return { severity: 'high', what: 'drops the database (dotnet ef database drop)', words: [ef, database, drop] };
      if (ef?.value === 'ef' && database?.value === 'database' && drop?.value === 'update' && target?.value === '0') return { severity: 'high', what: 'reverts every migration, dropping the tables they created (dotnet ef database update 0)', words: [ef, database, drop, target] };
      return undefined;
    },
    targets: (p) => optionValues(p, 'connection', 'environment'),
  },
  {
    // Flask-Migrate wraps Alembic: `flask db downgrade base` reverts every migration.
    programs: ['flask'],
    script: { interpreters: ['python', 'python3', 'py'], names: /^flask$/ },
    match: (args) => {
      const i = args.findIndex((a) => a.value === 'downgrade');
      if (i > 0 && args[i - 1].value === 'db') {
        if (args.some((a) => a.value === '--sql')) return undefined; // Offline mode prints the SQL.
        const target = args.slice(i + 1).find((a) => !a.value.startsWith('-'));
        if (target?.value === 'base') return { severity: 'high', what: 'reverts every migration, dropping the tables they created (flask db downgrade base)', words: [args[i - 1], args[i], target] };
        return undefined;
      }
      // Project commands such as `flask drop-db` or `flask reset-db` (Flask's tutorial init-db drops every table).
      const custom = args.find((a) => /^(drop|reset|wipe|purge|nuke|flush|clear)[-_]?(db|database|tables|all|data)$|^(db|database)[-_](drop|reset|wipe|purge)$/.test(a.value));
      if (custom) return { severity: 'medium', what: `runs the project's ${custom.value} command, which by its name empties or drops the database`, words: [custom] };
      return undefined;
    },
    targets: (p) => optionValues(p, 'app', 'env'),
  },
  {
    // golang-migrate: `down` without N (it asks first) or `down -all`, and `drop`.
    programs: ['migrate'],
    match: (args) => {
      const pos = positionalsAfterOptions(args, MIGRATE_VALUED);
      const verb = pos[0];
      if (!verb) return undefined;
      if (verb.value === 'drop') return { severity: 'critical', what: 'drops everything in the database (migrate drop)', words: [verb] };
      if (verb.value === 'down' && (args.some((a) => a.value === '-all' || a.value === '--all') || pos.length === 1)) {
        const all = args.some((a) => a.value === '-all' || a.value === '--all');
        return { severity: 'high', what: `applies every down migration, dropping what they created (migrate down${all ? ' -all' : ' with no count asks once, then reverts them all'})`, words: [verb] };
      }
      if (verb.value === 'force') return { severity: 'medium', what: `sets the schema version to ${shown(pos[1]?.value)} without running migrations (migrate force); the schema and the version can disagree`, words: pos.slice(0, 2) };
      return undefined;
    },
    targets: (_p, args) => args.filter((_a, i) => /^-?-database$/.test(args[i - 1]?.value ?? '')).map((a) => a.value),
  },
  {
    programs: ['goose'],
    match: (args) => {
      const reset = word(args, 'reset');
      if (reset) return { severity: 'high', what: 'rolls back every migration (goose reset)', words: [reset] };
      const to = word(args, 'down-to');
      const v = to ? args[args.indexOf(to) + 1] : undefined;
      if (to && v && /^0+$/.test(v.value)) return { severity: 'high', what: 'rolls back every migration (goose down-to 0)', words: [to, v] };
      return undefined;
    },
    targets: (_p, args) => args.filter((a) => !a.value.startsWith('-')).map((a) => a.value),
  },
  {
    programs: ['atlas'],
    match: (args, p) => {
      if (p.options.has('dry-run')) return undefined;
      const schema = word(args, 'schema');
      const clean = word(args, 'clean');
      if (schema && clean) return { severity: 'high', what: 'drops every object in the schema or database (atlas schema clean)', words: [schema, clean] };
      const apply = word(args, 'apply');
      if (schema && apply && p.options.has('auto-approve')) return { severity: 'medium', what: 'applies the schema diff without review (atlas schema apply --auto-approve); columns and tables missing from the desired schema are dropped', words: [schema, apply, ...optionWords(p, 'auto-approve')] };
      return undefined;
    },
    targets: (p) => optionValues(p, 'url', 'u', 'env'),
  },
  {
    programs: ['dbmate'],
    match: verbTable({ drop: ['high', 'drops the database (dbmate drop)'] }),
    targets: (p) => optionValues(p, 'url', 'u', 'env-file'),
  },
  {
    programs: ['sea-orm-cli'],
    match: (args) => {
      const m = word(args, 'migrate');
      const verb = args.find((a) => a.value === 'fresh' || a.value === 'refresh' || a.value === 'reset');
      if (m && verb) return { severity: 'high', what: `${verb.value === 'reset' ? 'rolls back every migration' : verb.value === 'fresh' ? 'drops every table and re-applies every migration' : 'rolls back and re-applies every migration'} (sea-orm-cli migrate ${verb.value})`, words: [m, verb] };
      return undefined;
    },
    targets: (p) => optionValues(p, 'database-url', 'u'),
  },
  {
    programs: ['mikro-orm', 'mikro-orm-esm'],
    match: (args, p) => {
      const run = p.options.has('run') || p.options.has('r');
      const drop = word(args, 'schema:drop');
      if (drop && run) return { severity: 'high', what: `drops every table${p.options.has('drop-db') ? ' and the database' : ''} (mikro-orm schema:drop --run)`, words: [drop] };
      const fresh = word(args, 'schema:fresh');
      if (fresh && run) return { severity: 'high', what: 'drops and recreates every table (mikro-orm schema:fresh --run)', words: [fresh] };
      const mfresh = word(args, 'migration:fresh');
      if (mfresh) return { severity: 'high', what: 'drops every table and re-runs every migration (mikro-orm migration:fresh)', words: [mfresh] };
      const update = word(args, 'schema:update');
      if (update && run && !p.options.has('safe')) return { severity: 'medium', what: 'updates the schema to match the entities, dropping columns and tables they no longer have (mikro-orm schema:update --run)', words: [update] };
      return undefined;
    },
  },
  {
    // AdonisJS: `node ace migration:fresh`.
    programs: ['ace'],
    script: { interpreters: ['node', 'nodejs'], names: /(^|\/)ace(\.js)?$/ },
    match: (args, p) => {
      const hit = verbTable({
        'migration:fresh': ['high', 'drops every table and re-runs every migration (ace migration:fresh)'],
        'migration:reset': ['high', 'rolls back every migration (ace migration:reset)'],
        'migration:refresh': ['high', 'rolls back and re-runs every migration (ace migration:refresh)'],
        'db:wipe': ['high', 'drops every table, view and type (ace db:wipe)'],
        'db:truncate': ['high', 'truncates every table (ace db:truncate)'],
      })(args, p);
      if (hit) return hit;
      const rb = word(args, 'migration:rollback');
      if (rb) return /^--batch=0$/.test(args.find((a) => a.value.startsWith('--batch'))?.value ?? '') ? { severity: 'high', what: 'rolls back every batch of migrations (ace migration:rollback --batch=0)', words: [rb] } : { severity: 'medium', what: 'rolls back the last batch of migrations (ace migration:rollback)', words: [rb] };
      return undefined;
    },
    targets: (p) => optionValues(p, 'connection', 'c'),
  },
  {
    programs: ['drizzle-kit'],
    match: (args, p) => {
      const push = word(args, 'push');
      if (push && (p.options.has('force') || p.options.has('f'))) return { severity: 'high', what: 'pushes the schema and accepts every data-loss statement without asking (drizzle-kit push --force)', words: [push, ...optionWords(p, 'force', 'f')] };
      return undefined;
    },
  },
  {
    programs: ['hasura'],
    match: (args) => {
      const apply = word(args, 'apply');
      const down = args.findIndex((a) => a.value === '--down' || a.value.startsWith('--down='));
      if (apply && down !== -1) {
        const n = args[down].value.includes('=') ? args[down].value.split('=')[1] : args[down + 1]?.value;
        return n === 'all' ? { severity: 'high', what: 'applies every down migration (hasura migrate apply --down all)', words: [apply, args[down]] } : { severity: 'medium', what: `applies ${shown(n)} down migrations (hasura migrate apply --down)`, words: [apply, args[down]] };
      }
      const clear = word(args, 'clear');
      if (clear && word(args, 'metadata')) return { severity: 'medium', what: 'clears the Hasura metadata: tracked tables, relationships and permissions are gone (hasura metadata clear)', words: [clear] };
      return undefined;
    },
    targets: (p) => optionValues(p, 'endpoint', 'envfile'),
  },
];

/** golang-migrate's options that take a value. */
const MIGRATE_VALUED = new Set(['-path', '--path', '-source', '--source', '-database', '--database', '-lock-timeout', '--lock-timeout', '-prefetch', '--prefetch']);

/** Positional words after single-dash options with values (Go's flag package). */
function positionalsAfterOptions(args: readonly Word[], valued: ReadonlySet<string>): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v.startsWith('-')) {
      if (valued.has(v)) i++;
      continue;
    }
    out.push(args[i]);
  }
  return out;
}

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
  'migrate:rollback', 'doctrine:database:drop', 'doctrine:schema:drop', 'doctrine:schema:update', 'doctrine:fixtures:load', 'db:drop', 'db:migrate:undo:all', 'db:seed:undo:all',
  'downgrade', 'clean', 'drop-all', 'dropAll', 'schema:drop', 'ecto.drop', 'ecto.reset', 'ecto.rollback', 'drop',
  'db:rollback', 'db:migrate:down', 'schema:sync', 'redo', 'revert', 'update', 'undo', 'rollback-count', 'rollbackCount', 'rollback-to-date', 'rollbackToDate',
  'rollback', 'down', 'force', 'down-to', 'fresh', 'refresh', 'schema:fresh', 'migration:fresh', 'schema:update', 'migration:reset', 'migration:refresh',
  'db:truncate', 'migration:rollback', 'apply', 'clear', 'drop-db', 'reset-db', 'wipe-db', 'db-drop', 'db-reset', 'drop-tables', 'reset_db',
];

const RUNNER_PROGRAMS = ['bundle', 'poetry', 'pipenv', 'pdm', 'uv', 'rye', 'hatch', 'npm', 'pnpm', 'yarn', 'bun', 'sail', 'heroku', 'railway'];

export const migrationToolReset: CommandRule = {
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
      'flask db downgrade base',
      'migrate -path db/migrations -database postgres://localhost/app down -all',
      'goose postgres "$DB" reset',
      'atlas schema clean -u postgres://localhost/app',
      'npx prisma db push --accept-data-loss',
      'bundle exec rails db:drop',
      'RAILS_ENV=production rake db:schema:load',
      'python manage.py flush --noinput',
      'php artisan migrate:fresh --seed',
      'flyway -cleanDisabled=false clean',
      'alembic downgrade base',
    ],
    pass: ['npx prisma migrate dev', 'npx prisma db push', 'bundle exec rails db:migrate', 'python manage.py migrate', 'php artisan migrate', 'alembic upgrade head', 'flyway migrate', 'flask db upgrade', 'migrate -path db/migrations -database postgres://localhost/app down 1', 'goose postgres "$DB" down', 'atlas schema inspect -u postgres://localhost/app'],
  },
  check: frameworkReset,
};
