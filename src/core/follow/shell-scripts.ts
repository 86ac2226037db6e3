/**
 * Shell scripts a line runs: `./x.sh`, `bash x.sh`, `sh < x.sh`, `cat x.sh | bash`, `source x`,
 * and a program run by its path whose first line names its interpreter (a Python script runs
 * through the source reader, `#!/usr/bin/make -f` as a Makefile). A script runs in the caller's
 * folder; its own folder is known to it (`$(dirname "$0")`), and is substituted where a script
 * computes it the usual ways.
 */
import type { SimpleCommand, Word } from '../shell/model';
import { spanFromProgram } from '../rules/rule';
import type { Span } from '../types';
import { sourceUnits, languageOfShebang, type Shebang } from './interpreters';
import { makefileInvocation } from './makefile';
import { dirOf, displayPath, type FollowEnv, type Invocation, LineIndex, pathInText, readFollowed, resolvePath, step, type Unit, wordsOf } from './state';

export const SCRIPT_SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'yash', 'rbash']);

/** Installed programs, found like any on PATH: not read. */
const SYSTEM_BIN = /^\/(usr\/(local\/)?)?s?bin\/|^\/opt\/homebrew\/|^\/nix\/store\/|^\/snap\/bin\//;

/** Shell options that take a value (`-o pipefail`, `--rcfile f`). */
const SHELL_VALUE_OPTIONS = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);

export function shellScript(cmd: SimpleCommand, env: FollowEnv): Invocation | undefined {
  if (cmd.program === 'source' || cmd.program === '.') {
    const file = cmd.args.find((a) => a.value !== '--');
    if (!file) return undefined;
    // `source x.sh a b` sets $1…; without words the script sees the caller's, unknown here.
    const after = cmd.args.slice(cmd.args.indexOf(file) + 1);
    return scriptFile(cmd, env, file, spanFromProgram(cmd, [file]), 'shell', after.length ? after : undefined);
  }
  if (SCRIPT_SHELLS.has(cmd.program)) return shellWithScript(cmd, env);
  if (cmd.programPath !== undefined) return byPath(cmd, env);
  return undefined;
}

function shellWithScript(cmd: SimpleCommand, env: FollowEnv): Invocation | undefined {
  let i = 0;
  let stdin = false;
  for (; i < cmd.args.length; i++) {
    const v = cmd.args[i].value;
    if (v === '--' || v === '-') {
      if (v === '-') stdin = true;
      i++;
      break;
    }
    if (!/^[-+]/.test(v)) break;
    // `-c` runs a string (the extractor reads it); `-s` reads the script from stdin.
    if (!v.startsWith('--') && v.slice(1).includes('c')) return undefined;
    if (!v.startsWith('--') && v.slice(1).includes('s')) stdin = true;
    if (SHELL_VALUE_OPTIONS.has(v)) i++;
  }
  const script = stdin ? undefined : cmd.args[i];
  if (script) return scriptFile(cmd, env, script, spanFromProgram(cmd, [script]), 'shell', cmd.args.slice(i + 1));
  // `bash < x.sh`: the file on stdin is the script.
  const from = cmd.redirects.find((r) => r.op === '<' && r.target);
  // `bash < /dev/null`: an empty script, nothing runs.
  if (from?.target?.value === '/dev/null' && !from.target.dynamic) return undefined;
  if (from?.target) return scriptFile(cmd, env, from.target, spanFromProgram(cmd, [from.target]), 'shell');
  // `cat x.sh | bash`: what cat prints is the script.
  const prev = cmd.pipeline?.previous ?? [];
  const cat = prev.length === 1 && prev[0].program === 'cat' ? prev[0] : undefined;
  const files = cat?.args.filter((a) => !a.value.startsWith('-')) ?? [];
  if (cat && files.length === 1 && cmd.stdinText === undefined) {
    return scriptFile(cmd, env, files[0], { start: Math.min(cat.span.start, cmd.programWord.span.start), end: cmd.programWord.span.end }, 'shell');
  }
  return undefined;
}

/** A program named by its path: a script (read, by its first line) or a compiled program (not). */
function byPath(cmd: SimpleCommand, env: FollowEnv): Invocation | undefined {
  const path = cmd.programPath!;
  if (path.startsWith('/') && SYSTEM_BIN.test(path)) return undefined;
  return scriptFile(cmd, env, cmd.programWord, cmd.programWord.span, 'by-first-line', cmd.args);
}

/**
 * Reads the script a word names and turns it into units: shell text, or (by its first line) a
 * program in another language.
 */
export function scriptFile(cmd: SimpleCommand, env: FollowEnv, word: Word, span: Span, how: 'shell' | 'by-first-line', args?: readonly Word[]): Invocation | undefined {
  const what = wordsOf(cmd, span);
  if (word.dynamic) return { span, what, units: [], problems: [], unknown: [`the script it runs is named at run time (${word.raw}), so it cannot be read`] };
  const abs = resolvePath(env.cwd, word.value, env.ctx.home);
  const got = readFollowed(env.state, abs, env.named);
  if (got.kind === 'spent') return undefined;
  if (got.kind === 'program') return undefined;
  if (got.kind === 'missing') return { span, what, units: [], problems: [], unknown: [`${pathInText(abs, env.ctx, env.state.flavour)} does not exist (yet), so what it would run cannot be read`] };
  if (got.kind === 'problem') return { span, what, units: [], problems: [`${pathInText(abs, env.ctx, env.state.flavour)} cannot be followed: ${got.why}`] };
  const units: Unit[] = [];
  const problems: string[] = [];
  for (const text of got.texts) {
    const bang = how === 'by-first-line' ? languageOfShebang(text) : undefined;
    if (bang && bang.kind !== 'shell') {
      const more = foreignScript(bang, abs, text, env);
      units.push(...more.units);
      problems.push(...more.problems);
      continue;
    }
    units.push(...shellUnits(abs, text, env, args));
  }
  return { span, what, units, problems };
}

function foreignScript(bang: Exclude<Shebang, { kind: 'shell' }>, abs: string, text: string, env: FollowEnv): { units: Unit[]; problems: string[] } {
  if (bang.kind === 'source') return sourceUnits(bang.language, abs, text, env);
  if (bang.kind === 'make') {
    const inv = makefileInvocation([{ abs, text }], env, dirOf(abs));
    return { units: inv.units, problems: inv.problems };
  }
  return { units: [], problems: [`${pathInText(abs, env.ctx, env.state.flavour)} runs with ${bang.interpreter}, which Blast Radius does not read`] };
}

/** A shell script as one unit: its own folder substituted where it computes it the usual ways. */
/**
 * A script's text with the words it is run with: `"$@"` is one word per argument, which a
 * variable cannot hold, so a script run with several is judged once per word (at most eight).
 */
function shellUnits(abs: string, text: string, env: FollowEnv, words: readonly Word[] | undefined): Unit[] {
  const unit = shellUnit(abs, text, env);
  if (!words) return [unit];
  const args = words.slice(0, 64).map((w) => (w.dynamic ? null : w.value));
  if (args.length <= 1 || !/\$\{?[@*]/.test(text)) return [{ ...unit, positional: { args } }];
  return args.slice(0, 8).map((each, k) => ({ ...unit, key: `${unit.key}\u0000@${k}`, positional: { args, each } }));
}

export function shellUnit(abs: string, text: string, env: FollowEnv, cwd = env.cwd): Unit {
  const file = displayPath(abs, env.ctx, env.state.flavour);
  const original = new LineIndex(text);
  const known = withScriptPaths(text, abs);
  const index = known === text ? original : new LineIndex(known);
  return {
    text: known,
    cwd,
    key: `sh\u0000${abs}\u0000${text}`,
    at: (offset) => {
      const line = index.lineOf(offset);
      return step(file, line, original.line(line));
    },
  };
}

/**
 * Where a script computes its own path or folder the usual ways (`$0`, `${BASH_SOURCE[0]}`,
 * `$(dirname "$0")`, `$(cd "$(dirname "$0")" && pwd)`, `$(realpath "$0")`), the value is known:
 * put it in, so `rm -rf "$DIR/dist"` reads as the folder it is. Only for a path of plain
 * characters (it goes in bare, inside quotes or not); never adds or removes a line.
 */
export function withScriptPaths(text: string, abs: string): string {
  if (!/\$0|\$\{0\}|BASH_SOURCE/.test(text) || !/^\/[A-Za-z0-9_./@%+=:,~-]*$/.test(abs)) return text;
  // Each pattern in double quotes as a whole, or bare: never one quote of a pair.
  const both = (re: string): string => `(?:"${re}"|${re})`;
  const self = both('\\$(?:0\\b|\\{0\\}|\\{BASH_SOURCE(?:\\[0\\])?\\}|BASH_SOURCE\\b)');
  const lit = `(?:"(/[^\\s"'$\`()]*)"|(/[^\\s"'$\`()]*))`;
  let out = text
    .replace(new RegExp(both(`\\$\\((?:realpath|readlink -[fe]|greadlink -f)(?: --)? ${self}\\)`), 'g'), abs)
    .replace(new RegExp(self, 'g'), abs);
  for (let round = 0; round < 4; round++) {
    const before = out;
    out = out
      .replace(new RegExp(both(`(?:\\$\\(dirname(?: --)? ${lit}\\)|\`dirname(?: --)? ${lit}\`)`), 'g'), (_m, ...g: (string | undefined)[]) => dirOf(g.slice(0, 8).find((x) => typeof x === 'string') ?? '/'))
      .replace(new RegExp(both(`\\$\\(\\s*cd(?: -P)?(?: --)? ${lit}(?: &>\\s?/dev/null| >\\s?/dev/null(?: 2>&1)?| 2>\\s?/dev/null)?\\s*(?:&&|;)\\s*pwd(?: -P)?\\s*\\)`), 'g'), (_m, ...g: (string | undefined)[]) => g.slice(0, 4).find((x) => typeof x === 'string') ?? '/');
    if (out === before) break;
  }
  return out;
}

