/**
 * A small, bounded option parser for the command-line tools the git, IaC, Kubernetes, container
 * and publishing packs judge. Rules must read options the way the tool itself would: a value
 * that follows `-m` is not a flag, `-fu` holds `-f`, `--force=false` is not a force, and the
 * first word that is not an option is not always the subcommand. Pure and synchronous.
 */
import type { SimpleCommand, Word } from '../shell/model';
import type { ScopeClass } from '../types';

/** No real command line has more arguments than this; the rest is not read. */
export const MAX_ARGS = 512;

export interface OptionSpec {
  /**
   * - gnu: `-abc` bundles short flags, `--name[=value]` is long (git, docker, kubectl, npm).
   * - go: `-name` and `--name` are the same long option, nothing bundles (terraform, terragrunt).
   */
  style?: 'gnu' | 'go';
  /** Short options that take a value, attached (`-ofoo`, `-o=foo`) or as the next word. */
  shortWithValue?: string;
  /** Short options whose value is optional and only ever attached (`git commit -S<key>`). */
  shortOptionalValue?: string;
  /** Long option names (no dashes) that take the next word as their value unless written `name=value`. */
  withValue?: readonly string[];
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
  valueWord?: Word;
}

export interface ParsedArgs {
  opts: Opt[];
  positionals: Word[];
  /** How many positionals came before a `--` separator; -1 when there was none. */
  dashDash: number;
  /** Index into the parsed words just after the last word read (for stopAtPositional). */
  end: number;
}

const FALSE_VALUES = new Set(['false', '0', 'no', 'off']);

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

/** Parses `args` as the tool would. Never throws; reads at most MAX_ARGS words. */
export function parseArgs(args: readonly Word[], spec: OptionSpec = {}): ParsedArgs {
  const opts: Opt[] = [];
  const positionals: Word[] = [];
  let dashDash = -1;
  const style = spec.style ?? 'gnu';
  const withValue = spec.withValue ?? [];
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
    const isLong = v.startsWith('--') || (style === 'go' && v.startsWith('-'));
    if (v.length > 1 && v.startsWith('-') && isLong) {
      const body = v.slice(v.startsWith('--') ? 2 : 1);
      const eq = body.indexOf('=');
      const raw = eq === -1 ? body : body.slice(0, eq);
      const name = resolveLong(raw, spec);
      if (eq !== -1) opts.push({ name, value: body.slice(eq + 1), word: w });
      else if (withValue.includes(name) && i + 1 < n) {
        opts.push({ name, value: args[i + 1].value, word: w, valueWord: args[i + 1] });
        i++;
      } else opts.push({ name, word: w });
      continue;
    }
    if (v.length > 1 && v.startsWith('-') && !/^-\d/.test(v)) {
      const letters = v.slice(1);
      for (let k = 0; k < letters.length; k++) {
        const ch = letters[k];
        if (spec.shortWithValue?.includes(ch)) {
          let rest = letters.slice(k + 1);
          if (rest.startsWith('=')) rest = rest.slice(1);
          if (rest) opts.push({ name: ch, value: rest, word: w });
          else if (i + 1 < n) {
            opts.push({ name: ch, value: args[i + 1].value, word: w, valueWord: args[i + 1] });
            i++;
          } else opts.push({ name: ch, word: w });
          break;
        }
        if (spec.shortOptionalValue?.includes(ch)) {
          const rest = letters.slice(k + 1);
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

const PROD_TOKENS = new Set(['prod', 'production', 'prd', 'live']);

/**
 * True when a name reads like production: a token `prod`, `production`, `prd` or `live`
 * (optionally numbered, `prod2`) between separators, as in `api-prod`, `envs/production`,
 * `prod.tfvars` or `gke_acme_prod-eu`.
 */
export function looksProduction(name: string | undefined): boolean {
  if (!name) return false;
  const s = name.length > 400 ? name.slice(0, 400) : name;
  for (const tok of s.toLowerCase().split(/[^a-z0-9]+/)) {
    if (PROD_TOKENS.has(tok) || /^(prod|prd)\d{1,2}$/.test(tok)) return true;
  }
  return false;
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
