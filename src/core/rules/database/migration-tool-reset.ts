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
