/**
 * `just [recipe [args…]]…`: the recipes just would run, dependencies first (and those after
 * `&&` after), in the justfile's folder. The justfile is the nearest `justfile` (any case, or
 * `.justfile`) at or above the folder, or the one `-f` names. Each body line runs in a shell of its
 * own; a body starting with `#!` is one script for that interpreter. `{{name}}` is the variable's
 * or parameter's value where the file or the line shows it, else computed (`${name}`).
 */
import type { SimpleCommand, Word } from '../shell/model';
import { spanFromProgram } from '../rules/rule';
import { languageOfShebang, sourceUnits } from './interpreters';
import { makefileInvocation } from './makefile';
import { dirOf, displayPath, type FollowEnv, type Invocation, listFollowed, pathInText, readFollowed, resolvePath, step, type Unit, wordsOf } from './state';

interface Param {
  name: string;
  default?: string;
  variadic: boolean;
}

interface Recipe {
  name: string;
  params: Param[];
  before: { name: string; args: string[] }[];
  after: { name: string; args: string[] }[];
  body: { text: string; line: number }[];
  line: number;
  noCd: boolean;
}

interface Justfile {
  abs: string;
  vars: Map<string, string>;
  recipes: Map<string, Recipe>;
  aliases: Map<string, string>;
  first?: string;
  workdir?: string;
  lines: string[];
}

const NO_RUN = new Set(['-n', '--dry-run', '-l', '--list', '--summary', '--show', '-s', '--evaluate', '--dump', '--choose', '--edit', '-e', '--init', '--fmt', '--variables', '-h', '--help', '-V', '--version', '--groups', '--completions', '--man', '--check', '--changelog']);
const VALUE = new Set(['-f', '--justfile', '-d', '--working-directory', '--shell', '--shell-arg', '--dotenv-filename', '--dotenv-path', '-E', '--color', '--command-color', '--chooser', '--list-heading', '--list-prefix', '--timestamp-format', '-c', '--command']);

export function justRecipes(cmd: SimpleCommand, env: FollowEnv): Invocation | undefined {
  let file: Word | undefined;
  let workdir: Word | undefined;
  const words: Word[] = [];
  const overrides = new Map<string, string>();
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (NO_RUN.has(v)) return undefined;
    if (v === '--set' && args[i + 2]) {
      overrides.set(args[i + 1].value, args[i + 2].value);
      i += 2;
      continue;
    }
    if (VALUE.has(v)) {
      if (v === '-f' || v === '--justfile') file = args[i + 1];
      if (v === '-d' || v === '--working-directory') workdir = args[i + 1];
      i++;
      continue;
    }
    if (v.startsWith('--justfile=')) file = { ...args[i], value: v.slice(11) };
    else if (v.startsWith('--working-directory=')) workdir = { ...args[i], value: v.slice(20) };
    else if (v.startsWith('-') && !words.length) continue;
    else if (!words.length && /^[A-Za-z_][\w-]*=/.test(v)) overrides.set(v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1));
    else words.push(args[i]);
  }
  const span = spanFromProgram(cmd, [...words.slice(0, 1), ...(file ? [file] : [])]);
  const what = wordsOf(cmd, span);
  if (file?.dynamic || words[0]?.dynamic) return { span, what, units: [], problems: [], unknown: [`the ${file?.dynamic ? 'justfile' : 'recipe'} is named at run time, so what it runs cannot be read`] };
  const abs = file ? resolvePath(env.cwd, file.value, env.ctx.home) : findJustfile(env.cwd, env);
  if (!abs) return undefined;
  const got = readFollowed(env.state, abs, env.named);
  if (got.kind === 'spent' || got.kind === 'missing' || got.kind === 'program') return undefined;
  if (got.kind === 'problem') return { span, what, units: [], problems: [`${pathInText(abs, env.ctx, env.state.flavour)} cannot be followed: ${got.why}`] };
  const units: Unit[] = [];
  const problems: string[] = [];
  for (const text of got.texts) {
    const jf = parseJustfile(abs, text, env);
    for (const [k, v] of overrides) jf.vars.set(k, v);
    const dir = workdir && !workdir.dynamic ? resolvePath(env.cwd, workdir.value, env.ctx.home) : jf.workdir ? resolvePath(dirOf(abs), jf.workdir) : dirOf(abs);
    const calls = callsOf(jf, words.map((w) => w.value));
    const done = new Set<string>();
    const run = (name: string, callArgs: readonly string[], depth: number): void => {
      const r = jf.recipes.get(jf.aliases.get(name) ?? name);
      const key = `${name}\u0000${callArgs.join('\u0000')}`;
      if (!r || done.has(key) || done.size >= 64 || depth > 16) return;
      done.add(key);
      const bound = bind(r, callArgs, jf);
      for (const d of r.before) run(d.name, d.args.map((a) => evaluate(a, jf, bound, 0)), depth + 1);
      units.push(...recipeUnits(r, jf, bound, r.noCd ? env.cwd : dir, env, problems));
      for (const d of r.after) run(d.name, d.args.map((a) => evaluate(a, jf, bound, 0)), depth + 1);
    };
    for (const c of calls) run(c.name, c.args, 0);
  }
  return { span, what, units, problems };
}

/** The nearest justfile at or above `dir`, any case (as just looks for it). */
function findJustfile(dir: string, env: FollowEnv): string | undefined {
  let cur = dir;
  const home = env.ctx.home?.replace(/\/+$/, '');
  for (let hops = 0; hops < 16; hops++) {
    const names = listFollowed(env.state, cur);
    const hit = names?.find((n) => /^\.?justfile$/i.test(n));
    if (hit) return `${cur === '/' ? '' : cur}/${hit}`;
    if (!names) {
      // Without a listing, the usual spellings.
      for (const n of ['justfile', 'Justfile', '.justfile']) {
        const p = `${cur === '/' ? '' : cur}/${n}`;
        if (readFollowed(env.state, p, env.named).kind !== 'missing') return p;
      }
    }
    if (cur === '/' || cur === home) return undefined;
    cur = dirOf(cur);
  }
  return undefined;
}

/** `just a x b` → a(x) then b, by each recipe's parameters; no words is the default recipe. */
function callsOf(jf: Justfile, words: readonly string[]): { name: string; args: string[] }[] {
  if (!words.length) return jf.first ? [{ name: jf.first, args: [] }] : [];
  const out: { name: string; args: string[] }[] = [];
  for (let i = 0; i < words.length && out.length < 32; ) {
    const name = words[i++];
    const r = jf.recipes.get(jf.aliases.get(name) ?? name);
    const args: string[] = [];
    if (r) {
      const variadic = r.params.some((p) => p.variadic);
      const max = variadic ? Infinity : r.params.length;
      while (i < words.length && args.length < max && (args.length < r.params.filter((p) => p.default === undefined && !p.variadic).length || !jf.recipes.has(words[i]))) args.push(words[i++]);
    }
    out.push({ name, args });
  }
  return out;
}

/** The recipe's parameters bound to the arguments, or to their defaults (expressions, evaluated). */
function bind(r: Recipe, args: readonly string[], jf: Justfile): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  r.params.forEach((p, k) => {
    const given = p.variadic ? args.slice(k).join(' ') || undefined : args[k];
    out.set(p.name, given ?? (p.default === undefined ? undefined : evaluate(p.default, jf, out, 0)));
  });
  return out;
}

function recipeUnits(r: Recipe, jf: Justfile, bound: Map<string, string | undefined>, cwd: string, env: FollowEnv, problems: string[]): Unit[] {
  const file = displayPath(jf.abs, env.ctx, env.state.flavour);
  const label = `recipe ${r.name}`;
  if (!r.body.length) return [];
  const first = r.body[0].text.trimStart();
  if (first.startsWith('#!')) {
    const script = r.body.map((b) => interpolate(b.text.replace(/^\s+/, ''), jf, bound)).join('\n');
    const bang = languageOfShebang(script);
    if (bang?.kind === 'source') {
      const got = sourceUnits(bang.language, jf.abs, script, env, cwd);
      problems.push(...got.problems);
      return got.units.map((u) => ({ ...u, at: (o: number) => ({ ...u.at(o), line: u.at(o).line + r.body[0].line - 1, label }) }));
    }
    if (bang?.kind === 'make') return makefileInvocation([{ abs: jf.abs, text: script }], env, cwd).units;
    if (bang && bang.kind === 'other') {
      problems.push(`${file} recipe ${r.name} runs with ${bang.interpreter}, which Blast Radius does not read`);
      return [];
    }
    return [{ text: script, cwd, key: `just\u0000${jf.abs}\u0000${r.name}\u0000${script}`, at: (o) => lineStep(script, o, r, jf, file, label) }];
  }
  return r.body
    .map((b) => ({ b, text: interpolate(b.text.trim().replace(/^[@-]+/, ''), jf, bound) }))
    .filter((x) => x.text.trim() && !x.text.trimStart().startsWith('#'))
    .map(({ b, text }) => ({ text, cwd, key: `just\u0000${jf.abs}\u0000${r.name}\u0000${b.line}\u0000${text}`, at: () => step(file, b.line, jf.lines[b.line - 1] ?? b.text, label) }));
}

function lineStep(script: string, offset: number, r: Recipe, jf: Justfile, file: string, label: string): ReturnType<typeof step> {
  const k = script.slice(0, offset).split('\n').length - 1;
  const line = r.body[Math.min(k, r.body.length - 1)].line;
  return step(file, line, jf.lines[line - 1] ?? '', label);
}

/** `{{expr}}` to its value where known; a name only known when just runs reads as `${name}`. */
function interpolate(text: string, jf: Justfile, bound: Map<string, string | undefined>): string {
  if (!text.includes('{{')) return text;
  // `{{{{` is a literal `{{`.
  return text
    .split('{{{{')
    .map((part) => part.replace(/\{\{([^}]{0,200})\}\}/g, (_m, expr: string) => evaluate(expr.trim(), jf, bound, 0)))
    .join('{{');
}

function evaluate(expr: string, jf: Justfile, bound: Map<string, string | undefined>, depth: number): string {
  if (depth > 8) return '${JUST_VALUE}';
  const parts = splitTop(expr);
  if (parts.length > 1) {
    // `a + b` joins, `a / b` joins with a slash.
    let out = evaluate(parts[0].text, jf, bound, depth + 1);
    for (const p of parts.slice(1)) out = p.op === '/' ? `${out}/${evaluate(p.text, jf, bound, depth + 1)}` : out + evaluate(p.text, jf, bound, depth + 1);
    return out;
  }
  const s = /^'([^']*)'$|^"((?:[^"\\]|\\.)*)"$/.exec(expr);
  if (s) return s[1] ?? s[2].replace(/\\(.)/g, '$1');
  const b = /^`([^`]*)`$/.exec(expr);
  if (b) return `$(${b[1]})`;
  if (/^[A-Za-z_][\w-]*$/.test(expr)) {
    if (bound.has(expr)) return bound.get(expr) ?? `\${${expr.replace(/-/g, '_')}}`;
    const v = jf.vars.get(expr);
    return v !== undefined ? evaluate(v, jf, new Map(), depth + 1) : `\${${expr.replace(/-/g, '_')}}`;
  }
  if (/^(justfile_directory|justfile_dir|source_directory)\(\)$/.test(expr)) return dirOf(jf.abs);
  if (/^justfile\(\)$/.test(expr)) return jf.abs;
  return '${JUST_VALUE}';
}

/** Splits `a + b / c` at the top level (not inside quotes or parentheses). */
function splitTop(expr: string): { op: string; text: string }[] {
  const out: { op: string; text: string }[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  let op = '';
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if ((c === '+' || c === '/') && depth === 0) {
      out.push({ op, text: expr.slice(start, i).trim() });
      op = c;
      start = i + 1;
    }
  }
  out.push({ op, text: expr.slice(start).trim() });
  return out.filter((p) => p.text);
}

function parseJustfile(abs: string, text: string, env: FollowEnv, depth = 0): Justfile {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const jf: Justfile = { abs, vars: new Map(), recipes: new Map(), aliases: new Map(), lines };
  let attrs: string[] = [];
  for (let i = 0; i < lines.length && i < 20000; i++) {
    const l = lines[i];
    if (!l.trim() || l.trimStart().startsWith('#')) continue;
    if (/^\s/.test(l)) continue;
    const attr = /^\[(.*)\]\s*$/.exec(l);
    if (attr) {
      attrs.push(attr[1]);
      continue;
    }
    const set = /^set\s+working-directory\s*:=\s*(.+)$/.exec(l);
    if (set) {
      jf.workdir = evaluate(set[1].trim(), jf, new Map(), 0);
      continue;
    }
    const alias = /^alias\s+([\w-]+)\s*:=\s*([\w-]+)\s*$/.exec(l);
    if (alias) {
      jf.aliases.set(alias[1], alias[2]);
      continue;
    }
    const imp = /^import(\?)?\s+(['"])([^'"]+)\2/.exec(l);
    if (imp) {
      if (depth < 4) {
        const path = resolvePath(dirOf(abs), imp[3], env.ctx.home);
        const got = readFollowed(env.state, path, false);
        if (got.kind === 'text') {
          const sub = parseJustfile(path, got.texts[0], env, depth + 1);
          for (const [k, v] of sub.recipes) if (!jf.recipes.has(k)) jf.recipes.set(k, v);
          for (const [k, v] of sub.vars) if (!jf.vars.has(k)) jf.vars.set(k, v);
        }
      }
      continue;
    }
    const asg = /^(?:export\s+)?([A-Za-z_][\w-]*)\s*:=\s*(.*)$/.exec(l);
    if (asg) {
      jf.vars.set(asg[1], asg[2].trim());
      continue;
    }
    if (/^(set|mod|export|unexport)\b/.test(l)) continue;
    const head = /^@?([A-Za-z_][\w-]*)([^:]*?):(?!=)(.*)$/.exec(l);
    if (!head) {
      attrs = [];
      continue;
    }
    const [deps, after] = head[3].split('&&');
    const recipe: Recipe = { name: head[1], params: params(head[2]), before: depsOf(deps ?? ''), after: depsOf(after ?? ''), body: [], line: i + 1, noCd: attrs.some((a) => /\bno-cd\b/.test(a)) };
    attrs = [];
    for (let j = i + 1; j < lines.length; j++) {
      if (lines[j].trim() && !/^\s/.test(lines[j])) break;
      if (lines[j].trim()) recipe.body.push({ text: lines[j], line: j + 1 });
      i = j;
    }
    if (!jf.recipes.has(recipe.name)) jf.recipes.set(recipe.name, recipe);
    if (jf.first === undefined && !recipe.name.startsWith('_')) jf.first = recipe.name;
  }
  return jf;
}

function params(text: string): Param[] {
  const out: Param[] = [];
  const re = /([+*]?)\$?([A-Za-z_][\w-]*)(?:\s*=\s*('[^']*'|"(?:[^"\\]|\\.)*"|`[^`]*`|[^\s]+))?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && out.length < 32) {
    out.push({ name: m[2], default: m[3], variadic: m[1] === '+' || m[1] === '*' });
  }
  return out;
}

function depsOf(text: string): { name: string; args: string[] }[] {
  const out: { name: string; args: string[] }[] = [];
  const re = /\(\s*([A-Za-z_][\w-]*)([^)]*)\)|([A-Za-z_][\w-]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && out.length < 32) {
    if (m[3]) out.push({ name: m[3], args: [] });
    else out.push({ name: m[1], args: (m[2].match(/'[^']*'|"(?:[^"\\]|\\.)*"|[^\s]+/g) ?? []) });
  }
  return out;
}
