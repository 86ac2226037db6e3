/**
 * Files run by an interpreter: `python x.py`, `python -m tools.wipe` (a module of the project),
 * `node x.js`, `tsx`/`ts-node x.ts`, `ruby x.rb`, `perl x.pl`, `go run main.go` (or a package
 * folder), `deno run x.ts`, `bun x.ts`. The source is read statically by source-scan.ts, which
 * turns each deletion or shell-out it finds into the equivalent command line; those are judged
 * like the same command typed, in the folder the program runs in.
 */
import type { SimpleCommand, Word } from '../shell/model';
import { spanFromProgram } from '../rules/rule';
import { fnv1a } from '../fnv';
import { sourceScan } from '../parsers/on-demand';
import type { SourceLanguage } from '../source/scan';
import { moduleResolver } from './modules';
import { dirOf, displayPath, type FollowEnv, type Invocation, listFollowed, outOfTime, pathInText, readFollowed, resolvePath, step, type Unit, wordsOf } from './state';

export type Shebang =
  | { kind: 'shell' }
  | { kind: 'source'; language: SourceLanguage }
  | { kind: 'make' }
  | { kind: 'other'; interpreter: string };

/** What runs a script, by its first line; undefined without one. */
export function languageOfShebang(text: string): Shebang | undefined {
  if (!text.startsWith('#!')) return undefined;
  const line = text.slice(2, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n')).trim();
  const words = line.split(/\s+/);
  let i = 0;
  const base = (w: string | undefined): string => (w ?? '').slice((w ?? '').lastIndexOf('/') + 1);
  if (base(words[0]) === 'env') {
    i = 1;
    while (i < words.length && words[i].startsWith('-')) i++;
  }
  const prog = base(words[i]);
  if (/^(sh|bash|zsh|dash|ksh|ash|mksh|yash|rbash)$/.test(prog)) return { kind: 'shell' };
  if (/^(python\d?(\.\d+)?|pypy3?)$/.test(prog)) return { kind: 'source', language: 'python' };
  if (prog === 'node' || prog === 'nodejs') return { kind: 'source', language: 'javascript' };
  if (prog === 'bun') return { kind: 'source', language: 'typescript' };
  if (prog === 'deno' || prog === 'tsx' || prog === 'ts-node' || (prog === 'npx' && /^(tsx|ts-node)$/.test(words[i + 1] ?? ''))) return { kind: 'source', language: 'typescript' };
  if (prog === 'ruby') return { kind: 'source', language: 'ruby' };
  if (prog === 'perl') return { kind: 'source', language: 'perl' };
  if (prog === 'make' || prog === 'gmake') return { kind: 'make' };
  return { kind: 'other', interpreter: prog || line.slice(0, 40) };
}

export function languageOfPath(path: string, fallback: SourceLanguage): SourceLanguage {
  if (/\.py[w]?$/i.test(path)) return 'python';
  if (/\.(m|c)?tsx?$/i.test(path)) return 'typescript';
  if (/\.(m|c)?jsx?$/i.test(path)) return 'javascript';
  if (/\.rb$/i.test(path)) return 'ruby';
  if (/\.(pl|pm)$/i.test(path)) return 'perl';
  if (/\.go$/i.test(path)) return 'go';
  return fallback;
}

/**
 * The source read statically: each step a command line to judge, run in `env.cwd`. The reading
 * stops when the command's time budget is spent (what was found until then is judged, and a
 * spent budget says nothing, as everywhere in following).
 */
/** Said of what a script does to a path or a command it computes from its own arguments. */
export const FROM_ARGUMENTS = "It is computed from the script's command-line arguments, so it acts on whatever the caller passes.";

export function sourceUnits(language: SourceLanguage, abs: string, text: string, env: FollowEnv, cwd = env.cwd, lines?: (line: number) => boolean): { units: Unit[]; problems: string[] } {
  const file = displayPath(abs, env.ctx, env.state.flavour);
  // One reading per file and text for the whole line: `npm test` runs scripts/build.mjs from
  // several scripts, and what the source does does not depend on the words it is run with.
  const cacheKey = `${language}\u0000${abs}\u0000${text.length}\u0000${fnv1a(text)}`;
  let scan = env.state.scans.get(cacheKey);
  if (!scan) {
    scan = sourceScan().scanSource(language, text, { scriptDir: dirOf(abs), outOfTime: () => outOfTime(env.state), modules: moduleResolver(language, abs, env) });
    env.state.scans.set(cacheKey, scan);
  }
  // `lines`: only the steps of the code that runs (a task runner's chosen tasks).
  const steps = lines ? scan.steps.filter((s) => lines(s.line)) : scan.steps;
  const units: Unit[] = steps.slice(0, 200).map((s, i) => ({
    text: s.command,
    cwd,
    key: `src\u0000${abs}\u0000${i}\u0000${s.command}`,
    at: () => step(file, s.line, s.text),
    ...(s.fromArguments ? { note: FROM_ARGUMENTS } : {}),
  }));
  return { units, problems: scan.issues.slice(0, 5).map((m) => `${file}: ${m}`) };
}

interface InterpreterSpec {
  language: SourceLanguage;
  /** Options that take the next word as their value. */
  withValue: readonly string[];
  /** Options whose value is the program text (inline code; shell/inline-code.ts reads it). */
  inline: readonly string[];
  /** Subcommand words before the file (`deno run`, `go run`, `tsx watch`); others mean no file. */
  sub?: { words: readonly string[]; required: boolean };
}

const PYTHON: InterpreterSpec = { language: 'python', withValue: ['-W', '-X', '--check-hash-based-pycs'], inline: ['-c'] };
const NODE: InterpreterSpec = {
  language: 'javascript',
  withValue: ['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--input-type', '--title', '--env-file', '--inspect-port', '--stack-size', '--max-old-space-size', '--openssl-config', '--redirect-warnings', '--watch-path'],
  inline: ['-e', '--eval', '-p', '--print'],
};

const SPECS: Readonly<Record<string, InterpreterSpec>> = {
  python: PYTHON,
  node: NODE,
  nodejs: NODE,
  tsx: { language: 'typescript', withValue: ['--tsconfig', '--env-file', '-r', '--require', '--import'], inline: ['-e', '--eval', '-p', '--print'], sub: { words: ['watch'], required: false } },
  'ts-node': { language: 'typescript', withValue: ['-P', '--project', '-r', '--require', '-O', '--compiler-options', '-C', '--compiler', '--cwd', '--dir', '-I', '--ignore'], inline: ['-e', '--eval', '-p', '--print'] },
  ruby: { language: 'ruby', withValue: ['-I', '-r', '-C', '-E', '--encoding'], inline: ['-e'] },
  perl: { language: 'perl', withValue: ['-I', '-M', '-m'], inline: ['-e', '-E'] },
  deno: { language: 'typescript', withValue: ['-c', '--config', '--import-map', '--lock', '--cert', '--location', '--seed', '-L', '--log-level', '--env-file', '--inspect'], inline: [], sub: { words: ['run'], required: false } },
  bun: { language: 'typescript', withValue: ['--cwd', '-r', '--preload', '--env-file', '--tsconfig-override', '-c', '--config'], inline: ['-e', '--eval', '-p', '--print'], sub: { words: ['run'], required: false } },
  go: { language: 'go', withValue: ['-exec', '-tags', '-ldflags', '-gcflags', '-asmflags', '-mod', '-modfile', '-overlay', '-pgo', '-p', '-toolexec', '-C'], inline: [], sub: { words: ['run'], required: true } },
};

/** Deno and Bun subcommands that are not a file to run. */
const NOT_A_FILE = new Set(['test', 'install', 'add', 'remove', 'upgrade', 'x', 'init', 'create', 'pm', 'link', 'unlink', 'publish', 'outdated', 'update', 'patch', 'build', 'fmt', 'lint', 'check', 'compile', 'bench', 'doc', 'info', 'eval', 'repl', 'task', 'serve', 'cache', 'coverage', 'jupyter', 'lsp', 'types', 'vendor', 'audit', 'exec', 'completions']);

function specOf(program: string): InterpreterSpec | undefined {
  if (/^python\d?(\.\d+)?$|^pypy3?$/.test(program)) return PYTHON;
  if (program === 'ts-node-esm') return SPECS['ts-node'];
  return SPECS[program];
}

export function interpreterFile(cmd: SimpleCommand, env: FollowEnv): Invocation | undefined {
  const spec = specOf(cmd.program);
  if (!spec) return undefined;
  const args = cmd.args;
  let i = 0;
  let cwd = env.cwd;
  let subSeen = false;
  for (; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') {
      i++;
      break;
    }
    if (spec.sub && !subSeen && spec.sub.words.includes(v)) {
      subSeen = true;
      continue;
    }
    if (!v.startsWith('-') || v === '-') break;
    // `node --test dir/` runs test files, `--run x` a package script, `--check` only parses.
    if ((cmd.program === 'node' || cmd.program === 'nodejs') && /^--(test|run|check)(=|$)|^-c$/.test(v)) return undefined;
    if (spec.inline.includes(v) || spec.inline.some((f) => f.length === 2 && v.startsWith(f) && !v.startsWith('--'))) return undefined;
    if (cmd.program === 'ruby' && (v === '-C' || v.startsWith('-C')) ) {
      const dir = v === '-C' ? args[i + 1]?.value : v.slice(2);
      if (dir !== undefined) cwd = resolvePath(cwd, dir, env.ctx.home);
    }
    if (cmd.program === 'go' && v === '-C' && args[i + 1]) cwd = resolvePath(cwd, args[i + 1].value, env.ctx.home);
    if (v === '-m' && spec === PYTHON) return pythonModule(cmd, env, args[i + 1], cwd);
    if (spec.withValue.includes(v)) i++;
  }
  if (spec.sub?.required && !subSeen) return undefined;
  const target = args[i];
  if (!target || target.value === '-') return undefined;
  if ((cmd.program === 'deno' || cmd.program === 'bun') && !subSeen && NOT_A_FILE.has(target.value)) return undefined;
  // `bun run build`: a package script when the word names no file (package-scripts.ts answers).
  if (cmd.program === 'bun' && !/[/.]/.test(target.value)) return undefined;
  if (/^(https?|npm|jsr|node):/.test(target.value)) return undefined;
  if (cmd.program === 'go') return goRun(cmd, env, args.slice(i), cwd);
  const span = spanFromProgram(cmd, [target]);
  const what = wordsOf(cmd, span);
  if (target.dynamic) return { span, what, units: [], problems: [], unknown: [`the file it runs is named at run time (${target.raw}), so it cannot be read`] };
  const abs = resolvePath(cwd, target.value, env.ctx.home);
  const found = nodeEntry(cmd.program, abs, env);
  const got = readFollowed(env.state, found, env.named);
  if (got.kind === 'spent' || got.kind === 'program') return undefined;
  if (got.kind === 'missing') return { span, what, units: [], problems: [], unknown: [`${pathInText(found, env.ctx, env.state.flavour)} does not exist (yet), so what it would run cannot be read`] };
  if (got.kind === 'problem') return { span, what, units: [], problems: [`${pathInText(found, env.ctx, env.state.flavour)} cannot be followed: ${got.why}`] };
  const language = cmd.program === 'node' || cmd.program === 'nodejs' ? languageOfPath(found, 'javascript') : languageOfPath(found, spec.language);
  const units: Unit[] = [];
  const problems: string[] = [];
  for (const text of got.texts) {
    const more = sourceUnits(language, found, text, env, cwd);
    units.push(...more.units);
    problems.push(...more.problems);
  }
  return { span, what, units, problems };
}

/**
 * Node runs `node server` as server.js when there is no file named server, and a folder as its
 * index.js: the first of these that the reader finds (without counting a miss as a finding).
 */
function nodeEntry(program: string, abs: string, env: FollowEnv): string {
  if (program !== 'node' && program !== 'nodejs') return abs;
  if (/\.[cm]?[jt]sx?$|\.json$/.test(abs)) return abs;
  for (const c of [abs, `${abs}.js`, `${abs}/index.js`]) {
    const kind = readFollowed(env.state, c, env.named).kind;
    if (kind === 'text' || kind === 'program' || kind === 'spent') return c;
  }
  return abs;
}

/** `python -m tools.wipe`: the project's own module, when it is one; an installed one is not read. */
function pythonModule(cmd: SimpleCommand, env: FollowEnv, name: Word | undefined, cwd: string): Invocation | undefined {
  if (!name || name.dynamic) return name ? { span: spanFromProgram(cmd, [name]), what: wordsOf(cmd, spanFromProgram(cmd, [name])), units: [], problems: [], unknown: [`the module it runs is named at run time (${name.raw}), so it cannot be read`] } : undefined;
  if (!/^[A-Za-z_][\w.]*$/.test(name.value)) return undefined;
  const rel = name.value.split('.').join('/');
  const span = spanFromProgram(cmd, [name]);
  for (const file of [`${rel}.py`, `${rel}/__main__.py`]) {
    const abs = resolvePath(cwd, file, env.ctx.home);
    const got = readFollowed(env.state, abs, env.named);
    if (got.kind === 'missing') continue;
    if (got.kind === 'spent' || got.kind === 'program') return undefined;
    const what = wordsOf(cmd, span);
    if (got.kind === 'problem') return { span, what, units: [], problems: [`${pathInText(abs, env.ctx, env.state.flavour)} cannot be followed: ${got.why}`] };
    const units: Unit[] = [];
    const problems: string[] = [];
    for (const text of got.texts) {
      const more = sourceUnits('python', abs, text, env, cwd);
      units.push(...more.units);
      problems.push(...more.problems);
    }
    return { span, what, units, problems };
  }
  return undefined;
}

/** `go run main.go util.go`, `go run .`, `go run ./cmd/wipe`: the package's files (tests aside). */
function goRun(cmd: SimpleCommand, env: FollowEnv, rest: readonly Word[], cwd: string): Invocation | undefined {
  const files = rest.filter((_w, k) => k === 0 || rest.slice(0, k).every((p) => p.value.endsWith('.go'))).filter((w) => w.value.endsWith('.go'));
  const pkg = files.length ? undefined : rest[0];
  const words = files.length ? files : pkg ? [pkg] : [];
  if (!words.length) return undefined;
  const span = spanFromProgram(cmd, words);
  const what = wordsOf(cmd, span);
  if (words.some((w) => w.dynamic)) return { span, what, units: [], problems: [], unknown: ['the package it runs is named at run time, so it cannot be read'] };
  let paths: string[];
  if (files.length) paths = files.map((f) => resolvePath(cwd, f.value, env.ctx.home));
  else {
    // Only a folder of this module: `.`, `./cmd/x`, `../tools`; an import path is downloaded, not here.
    if (!/^\.\.?(\/|$)/.test(pkg!.value) || pkg!.value.includes('...') || pkg!.value.includes('@')) return undefined;
    const dir = resolvePath(cwd, pkg!.value, env.ctx.home);
    const names = listFollowed(env.state, dir);
    if (!names) return { span, what, units: [], problems: [`the folder ${pathInText(dir, env.ctx, env.state.flavour)} cannot be listed`] };
    paths = names.filter((n) => n.endsWith('.go') && !n.endsWith('_test.go')).slice(0, 32).map((n) => `${dir}/${n}`);
  }
  const units: Unit[] = [];
  const problems: string[] = [];
  const unknown: string[] = [];
  for (const p of paths) {
    const got = readFollowed(env.state, p, env.named);
    if (got.kind === 'spent') break;
    if (got.kind === 'missing' || got.kind === 'program') {
      if (got.kind === 'missing') unknown.push(`${pathInText(p, env.ctx, env.state.flavour)} does not exist (yet), so what it would run cannot be read`);
      continue;
    }
    if (got.kind === 'problem') {
      problems.push(`${pathInText(p, env.ctx, env.state.flavour)} cannot be followed: ${got.why}`);
      continue;
    }
    for (const text of got.texts) {
      const more = sourceUnits('go', p, text, env, cwd);
      units.push(...more.units);
      problems.push(...more.problems);
    }
  }
  return { span, what, units, problems, unknown };
}
