import { kindName } from '../plain-text';
/**
 * Option reading for the command-line tools the cloud, IAM, database and system packs judge
 * (aws, gcloud, az, psql, mysql, pkill, …): the one parser in cli-args.ts, seen as options
 * grouped by name. Each tool spells options its own way; a small spec per tool says which
 * options take a value so that `--profile prod s3 rb` and `--db-instance-identifier db` are read
 * the way the tool reads them. Also the shared "does this name look like production" test and
 * the peeling of task runners (`bundle exec`, `poetry run`, `pnpm exec`) that the extractor
 * leaves in place. Pure and bounded: every loop runs over the argument list once.
 */
import type { SimpleCommand, Word } from '../shell/model';
import { DYN } from '../shell/words';
import type { ScoreContext, Severity } from '../types';
import { looksProduction as looksLikeProduction, scanArgs } from '../shell/cli-args';

export interface OptionValue {
  /** The option word as written (`--name=x` or `--name`). */
  word: Word;
  /** Its value: after `=`, the next word, an attached short value, or undefined for a flag. */
  value?: string;
  /** The word holding the value, when it is a separate word. */
  valueWord?: Word;
}

export interface ParsedArgs {
  /** Words that are not options or option values, in order. */
  positionals: Word[];
  /** Option name without leading dashes → every occurrence. */
  options: Map<string, OptionValue[]>;
}

export interface CliSpec {
  /** Long options (no dashes) that never take a value. */
  bool?: ReadonlySet<string>;
  /** Long options that take the next word as their value. */
  valued?: ReadonlySet<string>;
  /** Short option letters that take a value (attached `-ufoo` or separate `-u foo`). */
  shortValued?: string;
  /**
   * What an unknown long option without `=` does:
   * - bool: takes no value;
   * - value: takes the next word unless it is an option;
   * - multi: takes every following word up to the next option (aws: `--instance-ids i-1 i-2`).
   */
  unknownLong: 'bool' | 'value' | 'multi';
  /** Single-dash long options (`-cmd`, `-separator` in sqlite3) that take a value. */
  singleDashValued?: ReadonlySet<string>;
  /** Every single-dash option is a whole name (`-readonly`, `-header`), as in sqlite3 and flyway. */
  singleDashLong?: boolean;
}

/** Reads options and positionals the way most GNU-style tools do: `--` ends the options, `-u=` is an empty value. */
export function parseArgs(args: readonly Word[], spec: CliSpec): ParsedArgs {
  const p = scanArgs(args, {
    withValue: spec.valued,
    bool: spec.bool,
    shortWithValue: spec.shortValued,
    emptyShortValue: true,
    unknownLong: spec.unknownLong,
    singleDashValued: spec.singleDashValued,
    singleDashLong: spec.singleDashLong,
  });
  const options = new Map<string, OptionValue[]>();
  for (const o of p.opts) {
    const list = options.get(o.name);
    if (list) list.push(o);
    else options.set(o.name, [o]);
  }
  return { positionals: p.positionals, options };
}

/** The first value of any of the named options. */
export function optionValue(p: ParsedArgs, ...names: string[]): string | undefined {
  for (const n of names) {
    const list = p.options.get(n);
    if (!list) continue;
    for (const o of list) if (o.value !== undefined) return o.value;
  }
  return undefined;
}

/** Every value of the named options, in order of the names. */
export function optionValues(p: ParsedArgs, ...names: string[]): string[] {
  const out: string[] = [];
  for (const n of names) for (const o of p.options.get(n) ?? []) if (o.value !== undefined) out.push(o.value);
  return out;
}

/** The option words (and their value words) for spans. */
export function optionWords(p: ParsedArgs, ...names: string[]): Word[] {
  const out: Word[] = [];
  for (const n of names) {
    for (const o of p.options.get(n) ?? []) {
      out.push(o.word);
      if (o.valueWord) out.push(o.valueWord);
    }
  }
  return out;
}

export function hasOption(p: ParsedArgs, ...names: string[]): boolean {
  return names.some((n) => p.options.has(n));
}

/**
 * A boolean switch as tools write it: `--force`, `--force=true`, `--force true` are on;
 * `--force=false`, `--no-force` are off. The last occurrence wins. Undefined when absent.
 */
export function switchValue(p: ParsedArgs, name: string): boolean | undefined {
  let result: boolean | undefined;
  let at = -1;
  for (const o of p.options.get(name) ?? []) {
    if (o.word.span.start < at) continue;
    at = o.word.span.start;
    result = o.value === undefined ? true : !/^(false|0|no|off)$/i.test(o.value);
  }
  for (const o of p.options.get(`no-${name}`) ?? []) {
    if (o.word.span.start < at) continue;
    at = o.word.span.start;
    result = false;
  }
  return result;
}

/** Positional values as strings (dynamic parts shown as `…`). */
export function positionalValues(p: ParsedArgs): string[] {
  return p.positionals.map((w) => shown(w.value));
}

/** A value for a message: expansions shown as `…`, long values cut. */
export function shown(v: string | undefined, max = 80): string {
  if (v === undefined) return '';
  // A bare `.` in a sentence reads as a full stop ("missing from . (s3 sync --delete)").
  if (v === '.') return 'the current folder (.)';
  const s = v.split(DYN).join('…');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** True when any value reads like production, by the one definition all packs share (cli-args.ts). */
export function looksProduction(...values: (string | undefined)[]): boolean {
  return values.some((v) => looksLikeProduction(v));
}

/** Environment variables whose value says which account, project or database a tool talks to. */
export const TARGET_ENV_VARS: ReadonlySet<string> = new Set([
  'AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'CLOUDSDK_CORE_PROJECT', 'GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT', 'AZURE_SUBSCRIPTION_ID',
  'DATABASE_URL', 'DB_URL', 'DB_HOST', 'DB_NAME', 'PGHOST', 'PGDATABASE', 'PGSERVICE', 'MYSQL_HOST', 'MYSQL_DATABASE', 'MONGO_URL', 'MONGODB_URI',
  'REDIS_URL', 'REDIS_HOST', 'RAILS_ENV', 'RACK_ENV', 'NODE_ENV', 'APP_ENV', 'DJANGO_SETTINGS_MODULE', 'FLASK_ENV', 'ENV', 'ENVIRONMENT', 'STAGE',
  'MIX_ENV', 'SPRING_PROFILES_ACTIVE', 'ASPNETCORE_ENVIRONMENT',
]);

/** Values of assignments (`AWS_PROFILE=prod aws …`, `env DATABASE_URL=… prisma …`) that name a target. */
export function targetAssignments(cmd: SimpleCommand): string[] {
  return cmd.assignments.filter((a) => TARGET_ENV_VARS.has(a.name)).map((a) => `${a.name}=${a.value.value}`);
}

/** `label value` for a message, or undefined when there is no value. */
export function labelled(label: string, value: string | undefined): string | undefined {
  return value === undefined ? undefined : kindName(label, value);
}

export function productionContext(prod: boolean): ScoreContext | undefined {
  return prod ? { scope: ['production'] } : undefined;
}

const ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/** One step up, for a target that looks like production. */
export function raised(s: Severity, by = 1): Severity {
  return ORDER[Math.min(ORDER.length - 1, ORDER.indexOf(s) + by)];
}

export function atLeast(s: Severity, floor: Severity): Severity {
  return ORDER.indexOf(s) >= ORDER.indexOf(floor) ? s : floor;
}

/** Task runners that run the next word as a program, and the words that introduce it. */
const RUNNERS: Readonly<Record<string, readonly string[]>> = {
  bundle: ['exec'],
  poetry: ['run'],
  pipenv: ['run'],
  pdm: ['run'],
  uv: ['run'],
  rye: ['run'],
  hatch: ['run'],
  npm: ['exec', 'x'],
  pnpm: ['exec', 'dlx'],
  yarn: ['exec', 'dlx'],
  bun: ['x', 'run'],
  sail: [],
  heroku: ['run', 'run:detached'],
  railway: ['run'],
};

/** Runners that run a binary named directly after them (`yarn prisma …`, `pnpm prisma …`). */
const DIRECT_RUNNERS: ReadonlySet<string> = new Set(['yarn', 'pnpm', 'bun', 'sail']);

/** Runners' options that take a value, so the program word is found after them. */
const RUNNER_VALUED = new Set(['--with', '--python', '-p', '--package', '--env-file', '--directory', '--project', '-C', '--filter', '--cwd', '--group', '-g', '-a', '--app', '-s', '--size', '-e', '--env', '-r', '--remote', '--service']);

/**
 * The program a runner would start, and its arguments: `bundle exec rails db:drop` → rails,
 * `uv run --with x alembic downgrade base` → alembic. The command itself when it is no runner.
 */
export function unwrapRunner(cmd: SimpleCommand): { program: string; args: Word[] } {
  let program = cmd.program;
  let args: Word[] = cmd.args;
  for (let hop = 0; hop < 4; hop++) {
    const verbs = RUNNERS[program];
    if (!verbs) break;
    let i = 0;
    while (i < args.length && args[i].value.startsWith('-')) {
      if (RUNNER_VALUED.has(args[i].value)) i++;
      i++;
    }
    const sub = args[i]?.value;
    if (sub !== undefined && verbs.includes(sub)) i++;
    else if (!(DIRECT_RUNNERS.has(program) && sub !== undefined && sub !== 'run')) break;
    while (i < args.length && args[i].value.startsWith('-')) {
      if (args[i].value === '--') {
        i++;
        break;
      }
      if (RUNNER_VALUED.has(args[i].value)) i++;
      i++;
    }
    const next = args[i];
    if (!next || next.dynamic) break;
    const v = next.value;
    program = v.slice(v.lastIndexOf('/') + 1);
    args = args.slice(i + 1);
  }
  return { program, args };
}
