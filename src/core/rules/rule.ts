import type { SimpleCommand, Word } from '../shell/model';
import type { EnvVerdict } from '../environment/index';
import type { CommandContext, RuleMeta, ScoreContext, Severity, Span } from '../types';

/**
 * Which invocations can trigger a rule, as data. The terminal gate's shims and the engine's
 * pre-filter both read this, so an invocation that matches no trigger of any rule is waved
 * through without a parse.
 * - programs: program basenames (lower-case) that can trigger the rule.
 * - subcommands: if given, at least one of these words must appear among the arguments.
 *   Flags (`--force`) count as words here.
 */
export interface Trigger {
  programs: readonly string[];
  subcommands?: readonly string[];
}

export interface RuleExamples {
  /** Command lines on which this rule must fire. */
  fire: readonly string[];
  /** Look-alikes on which this rule must stay silent. */
  pass: readonly string[];
}

/** What a rule reports for one command. The engine turns it into a scored Finding. */
export interface RuleMatch {
  /** Defaults to the rule's severity. Rules lower or raise it by what the target is. */
  severity?: Severity;
  /** Defaults to the command's span. */
  span?: Span;
  /** What would be destroyed and why, in one sentence. Defaults to the rule's summary. */
  message?: string;
  /** Defaults to the rule's alternative. */
  alternative?: string;
  context?: ScoreContext;
  /**
   * The command runs a file this match can only guess at (`diskpart /s wipe.txt`): once following
   * reads that file (follow/), what the file says replaces this match. It stands when the file
   * cannot be read, or nothing reads files.
   */
  untilRead?: true;
}

/** Read-only helpers a rule gets alongside the command. */
export interface RuleEnv {
  ctx: CommandContext;
  /** Where this command acts (read on first call, then kept); undefined for programs that act nowhere in particular. */
  environment?: () => EnvVerdict | undefined;
}

/** A command rule: what every rule declares (RuleMeta), what can trigger it, its examples and check. */
export interface CommandRule extends RuleMeta {
  triggers: readonly Trigger[];
  /**
   * Also judge every command that writes a file through a shell redirect (`> file`, `>> file`),
   * whatever its program: a redirect target is not a word the triggers can name.
   */
  onRedirect?: true;
  /**
   * Also judge every command that a `NAME=value` prefix sets one of these variables for
   * (`NODE_TLS_REJECT_UNAUTHORIZED=0 npm install`), whatever its program.
   */
  onAssignment?: readonly string[];
  examples: RuleExamples;
  check(cmd: SimpleCommand, env: RuleEnv): RuleMatch | RuleMatch[] | undefined;
}

/** A rule pack: one file, one category of damage. */
export interface RulePack {
  name: string;
  description: string;
  rules: readonly CommandRule[];
}

/** Static values of the arguments, or undefined for dynamic ones. */
export function staticArgs(cmd: SimpleCommand): (string | undefined)[] {
  return cmd.args.map((w) => (w.dynamic ? undefined : w.value));
}

/** Words that are not flags (do not start with `-`), after an optional `--`. */
export function positionals(args: readonly Word[]): Word[] {
  const out: Word[] = [];
  let afterDashDash = false;
  for (const w of args) {
    if (!afterDashDash && w.value === '--') {
      afterDashDash = true;
      continue;
    }
    if (!afterDashDash && w.value.startsWith('-') && w.value.length > 1) continue;
    out.push(w);
  }
  return out;
}

/**
 * Short and long flags as a set. `-rf` yields `r` and `f`; `--force` yields `force`;
 * `--force=x` yields `force`. Stops at `--`.
 */
export function flagSet(args: readonly Word[], opts: { shortWithValue?: string } = {}): Set<string> {
  const out = new Set<string>();
  for (const w of args) {
    const v = w.value;
    if (v === '--') break;
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      out.add(eq === -1 ? v.slice(2) : v.slice(2, eq));
    } else if (v.startsWith('-') && v.length > 1 && !/^-\d/.test(v)) {
      for (const ch of v.slice(1)) {
        out.add(ch);
        if (opts.shortWithValue?.includes(ch)) break;
      }
    }
  }
  return out;
}

/** True if any argument equals one of the given words. */
export function hasArg(cmd: SimpleCommand, ...words: string[]): boolean {
  return cmd.args.some((w) => words.includes(w.value));
}

/** The span covering the given words, or the command's span when there are none. */
export function spanOf(cmd: SimpleCommand, words: readonly Word[]): Span {
  if (words.length === 0) return cmd.span;
  let start = Infinity;
  let end = -Infinity;
  for (const w of words) {
    start = Math.min(start, w.span.start);
    end = Math.max(end, w.span.end);
  }
  return { start, end };
}

/** Span from the program word to the last given word. */
export function spanFromProgram(cmd: SimpleCommand, words: readonly Word[]): Span {
  const s = spanOf(cmd, words);
  return { start: Math.min(cmd.programWord.span.start, s.start), end: Math.max(cmd.programWord.span.end, s.end) };
}
