/**
 * `invoke clean`, `inv docs.build`, `fab deploy`: the `@task` functions of tasks.py (or the
 * `tasks/` package) and Fabric 2's fabfile.py (or `fabfile/`), named as invoke resolves them:
 * the function's name with underscores as dashes (invoke's `auto_dash_names`), `@task(name=…)` and
 * `aliases=`, the root's default task (`@task(default=True)`) when no task is named, a sub-module
 * by its dotted name (`docs.build`), and the tasks `pre=`/`post=` (or `@task(a, b)`) run first or
 * after. Invoke looks for the file from the working folder up (`-r` to start elsewhere, `-c` for
 * another name); Fabric 2 uses invoke's loader with `fabfile`.
 *
 * What a task runs is read by the source reader (source/scan.ts), which takes the task's first
 * parameter as invoke's Context or Fabric's Connection (`c.run`, `c.sudo`, `c.local`): the steps of
 * the tasks that run, the functions they call, and the module's own top-level code (importing it
 * runs that). Their commands run in the folder invoke was started in.
 */
import type { SimpleCommand, Word } from '../shell/model';
import { spanFromProgram } from '../rules/rule';
import { sourceUnits } from './interpreters';
import { dirOf, type FollowEnv, type Invocation, pathInText, readFollowed, resolvePath, type Unit, within, wordsOf } from './state';

/** invoke's core flags that take a value (`invoke --help`), and Fabric's on top. */
const INVOKE_VALUE = new Set(['-c', '--collection', '-r', '--search-root', '-f', '--config', '-D', '--list-depth', '-F', '--list-format', '--prefix', '--print-completion-script', '-T', '--command-timeout', '--complete']);
const FAB_VALUE = new Set(['-H', '--hosts', '-i', '--identity', '-S', '--ssh-config', '-t', '--connect-timeout', '-x']);
/** Flags after which nothing runs: help, listings, versions, completion; `-R`/`--dry` only echoes. */
const NOTHING_RUNS = /^(-h|--help|-l|--list|-V|--version|--complete|--print-completion-script|-R|--dry)(=|$)/;

interface PyTask {
  fn: string;
  names: string[];
  default: boolean;
  pre: string[];
  post: string[];
  start: number;
  end: number;
}

interface PyModule {
  abs: string;
  text: string;
  tasks: PyTask[];
  /** Every def, by name, with its lines (helpers a task calls). */
  defs: Map<string, { start: number; end: number }>;
  /** An explicit namespace (`ns = Collection(…)`): names may come from what is not read here. */
  explicit: boolean;
}

const indentOf = (l: string): number => l.length - l.trimStart().length;
const blank = (l: string): boolean => /^\s*(#.*)?$/.test(l);

/** The functions of a Python file, with their decorators and line ranges (1-based, inclusive). */
export function pythonTasks(abs: string, text: string): PyModule {
  const lines = text.split('\n').slice(0, 20_000);
  const tasks: PyTask[] = [];
  const defs = new Map<string, { start: number; end: number }>();
  let decorators: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (blank(l)) continue;
    const t = l.trim();
    if (t.startsWith('@')) {
      // A decorator may span lines until its parentheses close.
      let d = t;
      let depth = [...t].reduce((n, c) => n + (c === '(' || c === '[' ? 1 : c === ')' || c === ']' ? -1 : 0), 0);
      while (depth > 0 && i + 1 < lines.length && d.length < 4000) {
        i++;
        d += ` ${lines[i].trim()}`;
        depth += [...lines[i]].reduce((n, c) => n + (c === '(' || c === '[' ? 1 : c === ')' || c === ']' ? -1 : 0), 0);
      }
      decorators.push(d);
      continue;
    }
    const def = /^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(/.exec(t);
    if (!def) {
      decorators = [];
      continue;
    }
    const ind = indentOf(l);
    let end = i;
    for (let j = i + 1; j < lines.length; j++) {
      if (blank(lines[j])) continue;
      if (indentOf(lines[j]) <= ind && !/^\s*[)\]]/.test(lines[j])) break;
      end = j;
    }
    const fn = def[1];
    if (ind === 0) defs.set(fn, { start: i + 1, end: end + 1 });
    const task = decorators.find((d) => /^@(?:invoke\.|fabric\.)?task\b/.test(d));
    if (task && ind === 0) {
      const args = /^@[\w.]+\s*\((.*)\)\s*$/.exec(task)?.[1] ?? '';
      const strs = (key: string): string[] => {
        const m = new RegExp(`\\b${key}\\s*=\\s*[[(]([^\\])]*)[\\])]`).exec(args);
        return m ? [...m[1].matchAll(/['"]([^'"]+)['"]/g)].map((x) => x[1]) : [];
      };
      const ids = (key: string): string[] => {
        const m = new RegExp(`\\b${key}\\s*=\\s*[[(]([^\\])]*)[\\])]`).exec(args);
        return m ? m[1].split(',').map((s) => s.trim()).filter((s) => /^[A-Za-z_][\w.]*$/.test(s)) : [];
      };
      const named = /\bname\s*=\s*['"]([^'"]+)['"]/.exec(args)?.[1];
      // `@task(clean, build)`: positional arguments are tasks run first.
      const positional = args.split(',').map((s) => s.trim()).filter((s) => /^[A-Za-z_][\w.]*$/.test(s));
      tasks.push({
        fn,
        names: [named ?? fn.replace(/_/g, '-'), ...strs('aliases')],
        default: /\bdefault\s*=\s*True\b/.test(args),
        pre: [...positional, ...ids('pre')],
        post: ids('post'),
        start: i + 1,
        end: end + 1,
      });
    }
    decorators = [];
    i = end;
  }
  return { abs, text, tasks, defs, explicit: /^(ns|namespace)\s*=\s*Collection\b/m.test(text) };
}

/**
 * Where invoke (or fab) looks for its collection: from the folder up (a package before a module
 * of the same name, as Python's import prefers it), within the workspace.
 */
function findCollection(start: string, name: string, env: FollowEnv): { abs: string; texts: string[] } | 'spent' | { problem: string } | undefined {
  let dir = start;
  for (let guard = 0; guard < 32; guard++) {
    for (const file of [`${dir.replace(/\/+$/, '')}/${name}/__init__.py`, `${dir.replace(/\/+$/, '')}/${name}.py`]) {
      const got = readFollowed(env.state, file, env.named);
      if (got.kind === 'text') return { abs: file, texts: got.texts };
      if (got.kind === 'spent') return 'spent';
      if (got.kind === 'problem') return { problem: `${pathInText(file, env.ctx, env.state.flavour)} cannot be followed: ${got.why}` };
    }
    const up = dirOf(dir);
    if (up === dir || dir === env.ctx.home || (env.state.roots.length && !env.state.roots.some((r) => within(up, r)))) break;
    dir = up;
  }
  return undefined;
}

export function invokeTasks(cmd: SimpleCommand, env: FollowEnv): Invocation | undefined {
  const fab = cmd.program === 'fab';
  let collection = fab ? 'fabfile' : 'tasks';
  let root = env.cwd;
  const named: Word[] = [];
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    const v = w.value;
    if (NOTHING_RUNS.test(v)) return undefined;
    // Fabric: everything after `--` is a command run on the hosts (`fab -H h -- rm -rf x`), judged as ssh is elsewhere.
    if (v === '--') break;
    if (v.startsWith('-')) {
      const [flag, inline] = v.includes('=') ? [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)] : [v, undefined];
      const takes = INVOKE_VALUE.has(flag) || (fab && FAB_VALUE.has(flag));
      const value = inline ?? (takes ? args[i + 1]?.value : undefined);
      if (takes && inline === undefined) i++;
      if ((flag === '-c' || flag === '--collection') && value) collection = value.replace(/\.py$/, '');
      if ((flag === '-r' || flag === '--search-root') && value) root = resolvePath(env.cwd, value, env.ctx.home);
      // A task's own flag may take the next word as its value; a word that names no task is one.
      continue;
    }
    named.push(w);
  }
  if (named.some((w) => w.dynamic)) {
    const span = spanFromProgram(cmd, named);
    return { span, what: wordsOf(cmd, span), units: [], problems: [], unknown: [`the task it runs is named at run time (${named.find((w) => w.dynamic)!.raw}), so it cannot be read`] };
  }
  const found = findCollection(root, collection, env);
  // No tasks file: invoke says "Can't find any collection" and runs nothing.
  if (found === undefined || found === 'spent') return undefined;
  const span = spanFromProgram(cmd, named.length ? named : []);
  const what = wordsOf(cmd, span);
  if ('problem' in found) return { span, what, units: [], problems: [found.problem] };
  const units: Unit[] = [];
  const problems: string[] = [];
  for (const text of found.texts) {
    const mod = pythonTasks(found.abs, text);
    const picked = pickTasks(mod, named.map((w) => w.value), env);
    if (picked.unknown.length && mod.explicit) problems.push(`${picked.unknown.join(', ')}: ${pathInText(found.abs, env.ctx, env.state.flavour)} builds its namespace in code, and no task of that name is read in it`);
    for (const sub of picked.modules) units.push(...sub);
    const keep = linesToKeep(mod, picked.tasks);
    const more = sourceUnits('python', found.abs, text, env, env.cwd, keep);
    units.push(...more.units);
    problems.push(...more.problems);
  }
  return { span, what, units, problems };
}

/** The tasks the words name (with those they run before and after), and sub-modules' units for dotted names. */
function pickTasks(mod: PyModule, words: readonly string[], env: FollowEnv): { tasks: PyTask[]; modules: Unit[][]; unknown: string[] } {
  const byName = (n: string): PyTask | undefined => mod.tasks.find((t) => t.names.includes(n));
  const out: PyTask[] = [];
  const modules: Unit[][] = [];
  const unknown: string[] = [];
  const add = (t: PyTask, depth: number): void => {
    if (out.includes(t) || depth > 8) return;
    for (const p of t.pre) {
      const pre = byName(p) ?? mod.tasks.find((x) => x.fn === p);
      if (pre) add(pre, depth + 1);
    }
    out.push(t);
    for (const p of t.post) {
      const post = byName(p) ?? mod.tasks.find((x) => x.fn === p);
      if (post) add(post, depth + 1);
    }
  };
  if (!words.length) {
    const d = mod.tasks.find((t) => t.default);
    if (d) add(d, 0);
    return { tasks: out, modules, unknown };
  }
  for (const w of words.slice(0, 16)) {
    const t = byName(w);
    if (t) {
      add(t, 0);
      continue;
    }
    const dot = w.indexOf('.');
    if (dot > 0) {
      const sub = subModuleUnits(mod, w.slice(0, dot), w.slice(dot + 1), env);
      if (sub) {
        modules.push(sub);
        continue;
      }
    }
    // A word that is no task is a task flag's value (`invoke deploy --env prod`) or a name invoke rejects.
    if (/^[A-Za-z_][\w.-]*$/.test(w) && !mod.tasks.length) unknown.push(w);
    else if (/^[A-Za-z_][\w.-]*$/.test(w) && mod.explicit) unknown.push(w);
  }
  return { tasks: out, modules, unknown };
}

/** `docs.build`: the module docs.py (or docs/) beside the tasks file, read for its task `build`. */
function subModuleUnits(mod: PyModule, ns: string, rest: string, env: FollowEnv): Unit[] | undefined {
  // Beside tasks.py, or inside the tasks/ package.
  const dir = dirOf(mod.abs);
  const name = ns.replace(/-/g, '_');
  if (!new RegExp(`\\b(import\\s+[\\w, ]*\\b${name}\\b|from\\s+\\.?\\s*import\\s+[\\w, ]*\\b${name}\\b)`).test(mod.text)) return undefined;
  const found = findCollection(dir, name, { ...env, ctx: { ...env.ctx, home: dir } });
  if (!found || found === 'spent' || 'problem' in found) return undefined;
  const units: Unit[] = [];
  for (const text of found.texts) {
    const sub = pythonTasks(found.abs, text);
    const picked = pickTasks(sub, [rest], env);
    for (const m of picked.modules) units.push(...m);
    units.push(...sourceUnits('python', found.abs, text, env, env.cwd, linesToKeep(sub, picked.tasks)).units);
  }
  return units;
}

/** The lines whose steps run: the tasks', the module's top level, and the functions a kept body calls. */
function linesToKeep(mod: PyModule, tasks: readonly PyTask[]): (line: number) => boolean {
  const ranges: { start: number; end: number }[] = tasks.map((t) => ({ start: t.start, end: t.end }));
  const lines = mod.text.split('\n');
  const seen = new Set(tasks.map((t) => t.fn));
  for (let k = 0; k < ranges.length && k < 64; k++) {
    const body = lines.slice(ranges[k].start - 1, ranges[k].end).join('\n');
    for (const m of body.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) {
      const d = mod.defs.get(m[1]);
      if (d && !seen.has(m[1])) {
        seen.add(m[1]);
        ranges.push(d);
      }
    }
  }
  const defs = [...mod.defs.values()];
  return (line) => ranges.some((r) => line >= r.start && line <= r.end) || !defs.some((r) => line >= r.start && line <= r.end);
}
