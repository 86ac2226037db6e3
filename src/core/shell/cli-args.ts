/**
 * The one option parser every command rule pack reads arguments with. Rules must read options
 * the way the tool itself would: a value that follows `-m` is not a flag, `-fu` holds `-f`,
 * `--force=false` is not a force, and the first word that is not an option is not always the
 * subcommand. One loop over the words, driven by a spec that says how the tool spells its
 * options, gives the ordered list of options read; there are two views of it. This file's view,
 * for the git, IaC, Kubernetes, container and publishing packs, keeps that order (the last
 * `--force`/`--no-force` wins) and where `--` fell. cli-options.ts groups the same list by name
 * for the cloud, IAM, database and system packs. Pure and synchronous.
 */
import { defaultProductionName } from '../production-spec';
import type { SimpleCommand, Word } from './model';
import type { ScopeClass } from '../types';

/** No real command line has more arguments than this; the rest is not read. */
export const MAX_ARGS = 512;

/** Option names, as a list or a set. */
type Names = readonly string[] | ReadonlySet<string>;

export interface OptionSpec {
  /**
   * - gnu: `-abc` bundles short flags, `--name[=value]` is long (git, docker, kubectl, npm).
   * - go: `-name` and `--name` are the same long option, nothing bundles (terraform, terragrunt).
   */
  style?: 'gnu' | 'go';
  /** Short options that take a value, attached (`-ofoo`, `-o=foo`) or as the next word. */
  shortWithValue?: string;
  /** `-o=` gives `-o` an empty value, as `--name=` does, instead of taking the next word. */
  emptyShortValue?: boolean;
  /** Short options whose value is optional and only ever attached (`git commit -S<key>`). */
  shortOptionalValue?: string;
  /** Long option names (no dashes) that take the next word as their value unless written `name=value`. */
  withValue?: Names;
  /** Long options that never take a value; neither does any `no-…` option not in withValue. */
  bool?: Names;
  /**
   * What any other long option without `=` does:
   * - bool (the default): takes no value;
   * - value: takes the next word unless it is an option;
   * - multi: takes every following word up to the next option (aws: `--instance-ids i-1 i-2`).
   */
  unknownLong?: 'bool' | 'value' | 'multi';
  /** Single-dash options (`-cmd`, `-separator` in sqlite3) that take the next word whole as their value. */
  singleDashValued?: Names;
  /** Every other single-dash option is a whole name (`-readonly`, `-header=on`), as in sqlite3 and flyway. */
  singleDashLong?: boolean;
  /** Every long name the tool knows, so unique abbreviations resolve as git and getopt resolve them. */
  known?: readonly string[];
  /** Everything after the first positional is positional (how Go's flag package and global options work). */
  stopAtPositional?: boolean;
}

export interface Opt {
  /** One letter for short options, the long name otherwise (abbreviations resolved). */
  name: string;
  value?: string;
  word: Word;
  /** The word holding the value, when it is a separate word. */
  valueWord?: Word;
}

export interface ParsedArgs {
  /** Every option read, in order; a `multi` option appears once per value. */
  opts: Opt[];
  positionals: Word[];
  /** How many positionals came before a `--` separator; -1 when there was none. */
  dashDash: number;
  /** Index into the parsed words just after the last word read (for stopAtPositional). */
  end: number;
}

const FALSE_VALUES = new Set(['false', '0', 'no', 'off']);

/** Whether `name` is one of `names`. */
function has(names: Names | undefined, name: string): boolean {
  if (names === undefined) return false;
  return 'has' in names ? names.has(name) : names.includes(name);
}

/** An option word rather than a value: `-x` or `--x`, but not `-`, `-5` or `-1d`. */
function isOption(v: string): boolean {
  return v.length > 1 && v.startsWith('-') && !/^-\d/.test(v);
}

function resolveLong(name: string, spec: OptionSpec): string {
  const known = spec.known;
  if (!known || known.includes(name)) return name;
  let hit: string | undefined;
  for (const k of known) {
    if (!k.startsWith(name)) continue;
    if (hit !== undefined) return name; // Ambiguous: the tool itself refuses the option.
    hit = k;
  }
  return hit ?? name;
}

/** Option `name` in word `w` takes `next` as its value when there is one; returns the words read (0 or 1). */
function takeNext(opts: Opt[], name: string, w: Word, next: Word | undefined): number {
  if (next === undefined) {
    opts.push({ name, word: w });
    return 0;
  }
  opts.push({ name, value: next.value, word: w, valueWord: next });
  return 1;
}

/** Parses `args` as the tool would. Never throws; reads at most MAX_ARGS words and no value past them. */
export function parseArgs(args: readonly Word[], spec: OptionSpec = {}): ParsedArgs {
  return scanArgs(args.length > MAX_ARGS ? args.slice(0, MAX_ARGS) : args, spec);
}

/**
 * The tokenizer behind both views. Reads at most MAX_ARGS words, though an option among them
 * may take the word just past them as its value (cli-options.ts has always read it).
 */
export function scanArgs(args: readonly Word[], spec: OptionSpec): ParsedArgs {
  const opts: Opt[] = [];
  const positionals: Word[] = [];
  let dashDash = -1;
  const go = spec.style === 'go';
  const unknownLong = spec.unknownLong ?? 'bool';
  const n = Math.min(args.length, MAX_ARGS);
  let i = 0;
  for (; i < n; i++) {
    const w = args[i];
    const v = w.value;
    if (dashDash !== -1) {
      positionals.push(w);
      continue;
    }
    if (v === '--') {
      dashDash = positionals.length;
      if (spec.stopAtPositional) {
        i++;
        break;
      }
      continue;
    }
    if (v.length > 1 && (v.startsWith('--') || (go && v.startsWith('-')))) {
      const body = v.slice(v.startsWith('--') ? 2 : 1);
      const eq = body.indexOf('=');
      const name = resolveLong(eq === -1 ? body : body.slice(0, eq), spec);
      const next = args[i + 1];
      if (eq !== -1) opts.push({ name, value: body.slice(eq + 1), word: w });
      else if (has(spec.withValue, name)) i += takeNext(opts, name, w, next);
      else if (unknownLong === 'bool' || has(spec.bool, name) || name.startsWith('no-') || next === undefined || isOption(next.value)) opts.push({ name, word: w });
      else {
        i += takeNext(opts, name, w, next);
        while (unknownLong === 'multi' && i + 1 < n && !isOption(args[i + 1].value)) i += takeNext(opts, name, w, args[i + 1]);
      }
      continue;
    }
    if (isOption(v)) {
      const body = v.slice(1);
      if (has(spec.singleDashValued, body)) {
        i += takeNext(opts, body, w, args[i + 1]);
        continue;
      }
      if (spec.singleDashLong) {
        const eq = body.indexOf('=');
        opts.push(eq === -1 ? { name: body, word: w } : { name: body.slice(0, eq), value: body.slice(eq + 1), word: w });
        continue;
      }
      for (let k = 0; k < body.length; k++) {
        const ch = body[k];
        if (spec.shortWithValue?.includes(ch)) {
          const rest = body.slice(k + 1);
          const attached = rest.startsWith('=') ? rest.slice(1) : rest;
          if (attached || (rest && spec.emptyShortValue)) opts.push({ name: ch, value: attached, word: w });
          else i += takeNext(opts, ch, w, args[i + 1]);
          break;
        }
        if (spec.shortOptionalValue?.includes(ch)) {
          const rest = body.slice(k + 1);
          opts.push(rest ? { name: ch, value: rest, word: w } : { name: ch, word: w });
          break;
        }
        opts.push({ name: ch, word: w });
      }
      continue;
    }
    positionals.push(w);
    if (spec.stopAtPositional) {
      i++;
      break;
    }
  }
  return { opts, positionals, dashDash, end: i };
}

/**
 * Whether a boolean option ends up on: the last of `names` (or its `no-` form) wins, and an
 * explicit `=false`/`=0` turns it off.
 */
export function isOn(p: ParsedArgs, ...names: string[]): boolean {
  let on = false;
  for (const o of p.opts) {
    if (names.includes(o.name)) on = o.value === undefined || !FALSE_VALUES.has(o.value.toLowerCase());
    else if (o.name.startsWith('no-') && names.includes(o.name.slice(3))) on = false;
  }
  return on;
}

/** The option words among `names` that are on, for spans. */
export function optWords(p: ParsedArgs, ...names: string[]): Word[] {
  return p.opts.filter((o) => names.includes(o.name) && (o.value === undefined || !FALSE_VALUES.has(o.value.toLowerCase()))).map((o) => o.word);
}

/** How many times an option was given (`-ff`, `-v -v`). */
export function countOf(p: ParsedArgs, ...names: string[]): number {
  return p.opts.filter((o) => names.includes(o.name)).length;
}

/** The last value given to any of `names`. */
export function valueOf(p: ParsedArgs, ...names: string[]): string | undefined {
  let out: string | undefined;
  for (const o of p.opts) if (names.includes(o.name) && o.value !== undefined) out = o.value;
  return out;
}

/** Every value given to any of `names`, in order. */
export function valuesOf(p: ParsedArgs, ...names: string[]): string[] {
  const out: string[] = [];
  for (const o of p.opts) if (names.includes(o.name) && o.value !== undefined) out.push(o.value);
  return out;
}

/** The option entry (word and value word) for `names`, last one wins. */
export function optOf(p: ParsedArgs, ...names: string[]): Opt | undefined {
  let out: Opt | undefined;
  for (const o of p.opts) if (names.includes(o.name)) out = o;
  return out;
}

/** Marks the run-time part of a word's value (see Word.value). */
export const DYNAMIC = '\u0000';

/** A value with expansions shows them as `…` in messages. */
export function shown(value: string, max = 60): string {
  if (value === DYNAMIC) return '(names known only at run time)';
  const v = value.split(DYNAMIC).join('…');
  return v.length > max ? `${v.slice(0, max - 1)}…` : v;
}

/**
 * True when a name reads like production: a whole part `prod`, `production` or `prd`
 * (optionally numbered, `prod2`) between separators, as in `api-prod`, `envs/production`,
 * `prod.tfvars` or `gke_acme_prod-eu`. The one definition (environment/production.ts), which
 * also reads the names a command's configuration gives; `live` counts only among
 * environment-named siblings, which a single name on the line does not have.
 */
export function looksProduction(name: string | undefined): boolean {
  return !!name && defaultProductionName(name);
}

/** `production` in a scope list when any of the names looks like production. */
export function productionScope(...names: (string | undefined)[]): ScopeClass[] {
  return names.some((n) => looksProduction(n)) ? ['production'] : [];
}

/**
 * True when the command's confirmation prompt is answered on stdin: `yes | cmd`,
 * `echo y | cmd`, `printf 'yes\n' | cmd` or a here-string starting with y.
 */
export function answersYes(cmd: SimpleCommand): boolean {
  if (cmd.stdinText !== undefined && /^\s*y(es)?\b/i.test(cmd.stdinText.slice(0, 64))) return true;
  const prev = cmd.pipeline?.previous ?? [];
  return prev.some((c) => c.program === 'yes' || ((c.program === 'echo' || c.program === 'printf') && c.args.some((a) => /^y(es)?(\\n)?$/i.test(a.value.trim()))));
}

/**
 * Arguments as the program will see them under `xargs` or `parallel`: `{}` placeholders are
 * filled from stdin, and without placeholders stdin's words are appended. Either way they are
 * unknown, so they become dynamic words that rules treat as "could be anything".
 */
export function withStdinArgs(cmd: SimpleCommand, words: readonly Word[]): Word[] {
  if (!cmd.argsFromStdin) return [...words];
  let placeholder = false;
  const out = words.map((w) => {
    if (!w.value.includes('{}')) return w;
    placeholder = true;
    return { ...w, value: w.value.split('{}').join(DYNAMIC), dynamic: true };
  });
  if (!placeholder) {
    const at = cmd.span.end;
    out.push({ value: DYNAMIC, raw: '', span: { start: at, end: at }, dynamic: true, glob: false, quoted: false });
  }
  return out;
}
