/**
 * `make [-C dir] [-f file] [VAR=value] [target…]`: the recipes make would run, in order. The
 * goal is each target named, else `.DEFAULT_GOAL` or the first ordinary target; each target's
 * prerequisites that have rules come first. Recipe lines lose their `@`, `-` and `+` prefixes and
 * each runs in its own shell (one shell with `.ONESHELL:`), in make's folder, with the variables
 * defined in the file (and on the line) put in; `$@`, `$<`, `$^` and `$*` are the target's.
 * Anything make computes (`$(shell …)`, functions) stays computed, as `$(…)` or `${NAME}`.
 */
import type { SimpleCommand, Word } from '../shell/model';
import { spanFromProgram } from '../rules/rule';
import { dirOf, displayPath, type FollowEnv, type Invocation, pathInText, readFollowed, resolvePath, step, type Unit, wordsOf } from './state';

interface RecipeLine {
  /** The logical line, continuations joined, prefixes kept. */
  text: string;
  line: number;
  file: string;
  original: string;
}

interface Rule {
  target: string;
  prereqs: string[];
  recipe: RecipeLine[];
}

interface Makefile {
  vars: Map<string, string>;
  rules: Map<string, Rule[]>;
  patterns: Rule[];
  first?: string;
  oneshell: boolean;
}

/** Bounds on one make invocation. */
const MAX_TARGETS = 64;
const MAX_RECIPE_LINES = 512;
const MAX_INCLUDES = 8;

/** make options that take the next word as their value. */
const VALUE_OPTIONS = new Set(['-C', '-f', '-I', '-o', '-W', '-E', '--directory', '--file', '--makefile', '--include-dir', '--old-file', '--assume-old', '--new-file', '--assume-new', '--what-if', '--eval', '-O', '--output-sync', '--jobserver-style']);
/** Options after which no recipe runs. */
const NO_RUN = new Set(['-n', '--just-print', '--dry-run', '--recon', '-q', '--question', '-t', '--touch', '-v', '--version', '-h', '--help']);
const SPECIAL = /^\.(PHONY|SUFFIXES|DEFAULT|PRECIOUS|INTERMEDIATE|NOTINTERMEDIATE|SECONDARY|SECONDEXPANSION|DELETE_ON_ERROR|IGNORE|LOW_RESOLUTION_TIME|SILENT|EXPORT_ALL_VARIABLES|NOTPARALLEL|ONESHELL|POSIX|WAIT)$/;

export function makeTargets(cmd: SimpleCommand, env: FollowEnv): Invocation | undefined {
  let dir = env.cwd;
  const files: Word[] = [];
  const goals: Word[] = [];
  const overrides = new Map<string, string>();
  const shown: Word[] = [];
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const w = args[i];
    const v = w.value;
    if (v === '--') {
      goals.push(...args.slice(i + 1));
      break;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq === -1 ? v : v.slice(0, eq);
      const value = eq === -1 ? (VALUE_OPTIONS.has(name) ? args[++i] : undefined) : { ...w, value: v.slice(eq + 1) };
      if (NO_RUN.has(name)) return undefined;
      if (name === '--directory' && value) {
        if (value.dynamic) return computed(cmd, value, 'the folder make runs in');
        dir = resolvePath(dir, value.value, env.ctx.home);
        shown.push(value);
      }
      if ((name === '--file' || name === '--makefile') && value) files.push(value);
      continue;
    }
    if (v.startsWith('-') && v.length > 1) {
      // Short options bundle (`-sC dir`, `-Cdir`, `-j4`): a value option takes the rest or the next word.
      for (let k = 1; k < v.length; k++) {
        const o = `-${v[k]}`;
        if (NO_RUN.has(o)) return undefined;
        if (VALUE_OPTIONS.has(o)) {
          const rest = v.slice(k + 1);
          const value = rest ? { ...w, value: rest } : args[++i];
          if (value && o === '-C') {
            if (value.dynamic) return computed(cmd, value, 'the folder make runs in');
            dir = resolvePath(dir, value.value, env.ctx.home);
            shown.push(value);
          }
          if (value && o === '-f') files.push(value);
          break;
        }
        // -j and -l take an optional number.
        if ((o === '-j' || o === '-l') && k === v.length - 1 && /^\d+(\.\d+)?$/.test(args[i + 1]?.value ?? '')) i++;
      }
      continue;
    }
    const eq = /^([A-Za-z_.][\w.-]*)\s*(?::{1,3}=|\+=|\?=|=)(.*)$/s.exec(v);
    if (eq) {
      overrides.set(eq[1], eq[2]);
      continue;
    }
    goals.push(w);
  }
  const named = [...goals, ...files, ...shown];
  const span = spanFromProgram(cmd, named);
  const what = wordsOf(cmd, span);
  for (const f of files) if (f.dynamic) return computed(cmd, f, 'the Makefile');
  if (files.some((f) => f.value === '-')) return undefined;
  for (const g of goals) if (g.dynamic) return computed(cmd, g, 'the target');
  // Without -f, the first of make's default names; with -f (any number), each file in order.
  const paths = files.length ? files.map((f) => resolvePath(dir, f.value, env.ctx.home)) : ['GNUmakefile', 'makefile', 'Makefile'].map((n) => `${dir}/${n}`);
  const sources: { abs: string; texts: string[] }[] = [];
  for (const abs of paths) {
    const got = readFollowed(env.state, abs, env.named);
    if (got.kind === 'spent') return undefined;
    if (got.kind === 'missing' || got.kind === 'program') {
      // A makefile that is not there: make stops with an error and runs nothing.
      if (files.length) return undefined;
      continue;
    }
    if (got.kind === 'problem') return { span, what, units: [], problems: [`${pathInText(abs, env.ctx, env.state.flavour)} cannot be followed: ${got.why}`] };
    sources.push({ abs, texts: got.texts });
    if (!files.length) break;
  }
  if (!sources.length) return undefined;
  const units: Unit[] = [];
  const problems: string[] = [];
  // The disk's text of every file, then each file's unsaved text in its place.
  const variants = [sources.map((s) => ({ abs: s.abs, text: s.texts[0] }))];
  sources.forEach((s, k) => {
    for (const t of s.texts.slice(1)) variants.push(variants[0].map((v, j) => (j === k ? { abs: v.abs, text: t } : v)));
  });
  for (const v of variants) {
    const inv = makefileInvocation(v, env, dir, goals.map((g) => g.value), overrides);
    units.push(...inv.units);
    problems.push(...inv.problems);
  }
  return { span, what, units, problems };
}

function computed(cmd: SimpleCommand, w: Word, what: string): Invocation {
  const span = spanFromProgram(cmd, [w]);
  return { span, what: wordsOf(cmd, span), units: [], problems: [], unknown: [`${what} is named at run time (${w.raw}), so what it runs cannot be read`] };
}

/** The units of one Makefile's text for the goals (the default goal when none). */
export function makefileInvocation(sources: readonly { abs: string; text: string }[], env: FollowEnv, dir: string, goals: readonly string[] = [], overrides: ReadonlyMap<string, string> = new Map()): { units: Unit[]; problems: string[] } {
  const abs = sources[0]?.abs ?? `${dir}/Makefile`;
  const mf: Makefile = { vars: builtinVars(dir, sources.map((s) => s.abs).join(' ')), rules: new Map(), patterns: [], oneshell: false };
  const problems: string[] = [];
  for (const s of sources) parseInto(mf, s.abs, s.text, env, dir, problems, 0);
  for (const [k, v] of overrides) mf.vars.set(k, v);
  const wanted = goals.length ? [...goals] : [expand(mf.vars.get('.DEFAULT_GOAL') ?? '', mf, undefined).trim() || mf.first].filter((g): g is string => !!g);
  const units: Unit[] = [];
  const done = new Set<string>();
  let lines = 0;
  const visit = (target: string, depth: number): void => {
    if (done.has(target) || done.size >= MAX_TARGETS || depth > 32 || lines >= MAX_RECIPE_LINES) return;
    done.add(target);
    const explicit = mf.rules.get(target);
    let rules = explicit ?? [];
    let stem: string | undefined;
    if (!rules.some((r) => r.recipe.length)) {
      // No recipe of its own: a pattern rule may build it (`%.o: %.c`).
      for (const p of mf.patterns) {
        const m = matchPattern(p.target, target);
        if (m !== undefined && p.recipe.length) {
          rules = [...rules, { ...p, target, prereqs: p.prereqs.map((x) => x.replace('%', m)) }];
          stem = m;
          break;
        }
      }
    }
    for (const r of rules) for (const pre of r.prereqs) visit(pre, depth + 1);
    for (const r of rules) {
      const auto = { target, prereqs: r.prereqs, stem };
      const recipe = r.recipe.slice(0, MAX_RECIPE_LINES - lines);
      lines += recipe.length;
      if (mf.oneshell && recipe.length > 1) {
        const body = recipe.map((l, k) => (k === 0 ? stripPrefix(l.text) : l.text.replace(/^[@+-]+/, ''))).map((l) => expand(l, mf, auto)).join('\n');
        const first = recipe[0];
        const starts: number[] = [];
        let off = 0;
        for (const l of body.split('\n')) {
          starts.push(off);
          off += l.length + 1;
        }
        units.push({
          text: body,
          cwd: dir,
          key: `make\u0000${abs}\u0000${target}\u0000${body}`,
          at: (offset) => {
            let k = 0;
            while (k + 1 < starts.length && starts[k + 1] <= offset) k++;
            const l = recipe[Math.min(k, recipe.length - 1)] ?? first;
            return step(displayPath(l.file, env.ctx, env.state.flavour), l.line, l.original, `target ${target}`);
          },
        });
        continue;
      }
      for (const l of recipe) {
        const body = expand(stripPrefix(l.text), mf, auto);
        if (!body.trim()) continue;
        units.push({ text: body, cwd: dir, key: `make\u0000${abs}\u0000${target}\u0000${l.line}\u0000${body}`, at: () => step(displayPath(l.file, env.ctx, env.state.flavour), l.line, l.original, `target ${target}`) });
      }
    }
  };
  for (const g of wanted) visit(g, 0);
  return { units, problems };
}

function builtinVars(dir: string, abs: string): Map<string, string> {
  return new Map([
    ['MAKE', 'make'], ['RM', 'rm -f'], ['CC', 'cc'], ['CXX', 'g++'], ['CPP', '$(CC) -E'], ['AR', 'ar'], ['AS', 'as'], ['LD', 'ld'],
    ['FC', 'f77'], ['LEX', 'lex'], ['YACC', 'yacc'], ['INSTALL', 'install'], ['SHELL', '/bin/sh'], ['CURDIR', dir],
    ['MAKEFILE_LIST', abs], ['MAKEFLAGS', ''], ['MAKECMDGOALS', ''], ['ARFLAGS', 'rv'], ['CFLAGS', ''], ['CXXFLAGS', ''],
    ['CPPFLAGS', ''], ['LDFLAGS', ''], ['LDLIBS', ''], ['TARGET_ARCH', ''], ['OUTPUT_OPTION', '-o $@'],
  ]);
}

function stripPrefix(line: string): string {
  return line.replace(/^[\s@+-]+/, '');
}

function matchPattern(pattern: string, target: string): string | undefined {
  const i = pattern.indexOf('%');
  if (i === -1) return undefined;
  const pre = pattern.slice(0, i);
  const post = pattern.slice(i + 1);
  if (target.length < pre.length + post.length || !target.startsWith(pre) || !target.endsWith(post)) return undefined;
  return target.slice(pre.length, target.length - post.length);
}

/** Logical lines: a backslash at the end joins the next line. */
function logicalLines(text: string): { text: string; line: number; original: string }[] {
  const phys = text.split('\n');
  const out: { text: string; line: number; original: string }[] = [];
  for (let i = 0; i < phys.length && out.length < 20000; i++) {
    const first = i;
    let t = phys[i].replace(/\r$/, '');
    while (/(^|[^\\])(\\\\)*\\$/.test(t) && i + 1 < phys.length) {
      i++;
      t = `${t.slice(0, -1)} ${phys[i].replace(/\r$/, '').replace(/^\s+/, '')}`;
    }
    out.push({ text: t, line: first + 1, original: phys[first].replace(/\r$/, '') });
  }
  return out;
}

const ASSIGN = /^\s*((?:(?:override|export|private)\s+)*)([^\s:#=$()]+|\$\([^)]*\)|\$\{[^}]*\})\s*(::=|:::=|:=|\?=|\+=|!=|=)\s*(.*)$/s;

function parseInto(mf: Makefile, abs: string, text: string, env: FollowEnv, dir: string, problems: string[], depth: number): void {
  let current: Rule[] = [];
  let define: { name: string; body: string[] } | undefined;
  const prefix = (): string => mf.vars.get('.RECIPEPREFIX') || '\t';
  for (const l of logicalLines(text)) {
    if (define) {
      if (/^\s*endef\b/.test(l.text)) {
        mf.vars.set(define.name, define.body.join('\n'));
        define = undefined;
      } else define.body.push(l.text);
      continue;
    }
    if (l.text.startsWith(prefix()) && current.length) {
      const body = l.text.slice(prefix().length);
      for (const r of current) r.recipe.push({ text: body, line: l.line, file: abs, original: l.original });
      continue;
    }
    const code = stripComment(l.text);
    if (!code.trim()) continue;
    const def = /^\s*(?:(?:override|export)\s+)*define\s+([^\s=]+)/.exec(code);
    if (def) {
      define = { name: def[1], body: [] };
      current = [];
      continue;
    }
    if (/^\s*(ifeq|ifneq|ifdef|ifndef|else|endif)\b/.test(code)) continue;
    const inc = /^\s*(-?include|sinclude)\s+(.+)$/.exec(code);
    if (inc) {
      current = [];
      if (depth >= MAX_INCLUDES) continue;
      for (const name of expand(inc[2], mf, undefined).split(/\s+/).filter(Boolean).slice(0, 8)) {
        if (/[$*?[]/.test(name)) continue;
        const path = resolvePath(dir, name, env.ctx.home);
        const got = readFollowed(env.state, path, false);
        if (got.kind === 'text') parseInto(mf, path, got.texts[got.texts.length - 1], env, dir, problems, depth + 1);
        else if (got.kind === 'problem' && inc[1] === 'include') problems.push(`${pathInText(path, env.ctx, env.state.flavour)} (included by ${pathInText(abs, env.ctx, env.state.flavour)}) cannot be followed: ${got.why}`);
      }
      continue;
    }
    if (/^\s*(export|unexport|vpath)\b/.test(code) && !ASSIGN.test(code)) continue;
    const colon = ruleColon(code);
    const asg = ASSIGN.exec(code);
    if (asg && (colon === -1 || colon > code.indexOf(asg[3]))) {
      current = [];
      const name = expand(asg[2], mf, undefined).trim();
      const op = asg[3];
      const value = asg[4].trim();
      if (op === '?=' && mf.vars.has(name)) continue;
      if (op === '!=') mf.vars.set(name, `$(${value})`);
      else if (op === '+=') mf.vars.set(name, `${mf.vars.get(name) ?? ''} ${value}`.trim());
      else if (op === ':=' || op === '::=') mf.vars.set(name, expand(value, mf, undefined));
      else mf.vars.set(name, value);
      continue;
    }
    if (colon === -1) {
      current = [];
      continue;
    }
    let rest = code.slice(colon + 1);
    if (rest.startsWith(':')) rest = rest.slice(1);
    const semi = rest.indexOf(';');
    const inline = semi === -1 ? undefined : rest.slice(semi + 1);
    let prereqText = semi === -1 ? rest : rest.slice(0, semi);
    // Target-specific variables (`prod: ENV = production`) set nothing to run.
    if (ASSIGN.test(prereqText) && !/^\s*[^=]*:/.test(prereqText)) {
      current = [];
      continue;
    }
    // Static pattern rules: `objs: %.o: %.c` take the targets with the last part as prerequisites.
    const second = ruleColon(prereqText);
    if (second !== -1) prereqText = prereqText.slice(second + 1);
    const targets = expand(code.slice(0, colon).replace(/&$/, ''), mf, undefined).split(/\s+/).filter(Boolean);
    const prereqs = expand(prereqText, mf, undefined).split(/[\s|]+/).filter(Boolean);
    current = [];
    for (const t of targets.slice(0, 64)) {
      if (t === '.ONESHELL') mf.oneshell = true;
      if (SPECIAL.test(t)) continue;
      const rule: Rule = { target: t, prereqs, recipe: [] };
      if (inline !== undefined && inline.trim()) rule.recipe.push({ text: inline.trim(), line: l.line, file: abs, original: l.original });
      if (t.includes('%')) mf.patterns.push(rule);
      else {
        const list = mf.rules.get(t) ?? [];
        list.push(rule);
        mf.rules.set(t, list);
        if (mf.first === undefined && (!t.startsWith('.') || t.includes('/'))) mf.first = t;
      }
      current.push(rule);
    }
  }
}

function stripComment(s: string): string {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '#' && depth === 0) return s.slice(0, i);
  }
  return s;
}

/** The colon that ends a rule's targets: not inside `$(…)`, not part of `:=`. */
function ruleColon(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) {
      depth++;
      i++;
    } else if ((c === ')' || c === '}') && depth > 0) depth--;
    else if (c === ':' && depth === 0) {
      if (s[i + 1] === '=' || (s[i + 1] === ':' && (s[i + 2] === '=' || (s[i + 2] === ':' && s[i + 3] === '=')))) return -1;
      return i;
    } else if (c === '=' && depth === 0) return -1;
  }
  return -1;
}

interface Auto {
  target: string;
  prereqs: readonly string[];
  stem?: string;
}

/** Make's expansion of `$(VAR)`, `${VAR}`, `$X` and `$$`, bounded; what only runs at make time stays computed. */
export function expand(text: string, mf: Makefile, auto: Auto | undefined, depth = 0): string {
  if (!text.includes('$')) return text;
  if (depth > 16) return text.replace(/\$[({][^)}]*[)}]/g, '${MAKE_VALUE}');
  let out = '';
  for (let i = 0; i < text.length && out.length < 65536; i++) {
    const c = text[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const n = text[i + 1];
    if (n === undefined) break;
    if (n === '$') {
      out += '$';
      i++;
      continue;
    }
    if (n === '(' || n === '{') {
      const close = n === '(' ? ')' : '}';
      let d = 1;
      let j = i + 2;
      for (; j < text.length && d > 0; j++) {
        if (text[j] === n) d++;
        else if (text[j] === close) d--;
      }
      const inner = text.slice(i + 2, j - 1);
      out += reference(inner, mf, auto, depth);
      i = j - 1;
      continue;
    }
    out += reference(n, mf, auto, depth);
    i++;
  }
  return out;
}

function reference(name: string, mf: Makefile, auto: Auto | undefined, depth: number): string {
  const autoValue = automatic(name, auto);
  if (autoValue !== undefined) return autoValue;
  const fn = /^([a-z-]+)\s+([\s\S]*)$/.exec(name);
  if (fn) {
    const arg = expand(fn[2], mf, auto, depth + 1);
    switch (fn[1]) {
      // `$(shell cmd)` is the shell's `$(cmd)`; `$(wildcard x)` the shell's glob.
      case 'shell':
        return `$(${arg})`;
      case 'wildcard':
        return arg;
      case 'abspath':
      case 'realpath':
        return arg;
      case 'strip':
        return arg.trim();
      default:
        return '${MAKE_VALUE}';
    }
  }
  const key = expand(name, mf, auto, depth + 1);
  const value = mf.vars.get(key);
  if (value !== undefined) return expand(value, mf, auto, depth + 1);
  // Not defined in the file: from the environment, known only when make runs.
  return /^[A-Za-z_]\w*$/.test(key) ? `\${${key}}` : '${MAKE_VALUE}';
}

function automatic(name: string, auto: Auto | undefined): string | undefined {
  if (!auto) return undefined;
  switch (name) {
    case '@':
      return auto.target;
    case '<':
      return auto.prereqs[0] ?? '';
    case '^':
    case '+':
    case '?':
      return auto.prereqs.join(' ');
    case '*':
      return auto.stem ?? auto.target.replace(/\.[^./]*$/, '');
    case '@D':
      return dirOf(auto.target.includes('/') ? auto.target : `./${auto.target}`);
    case '@F':
      return auto.target.slice(auto.target.lastIndexOf('/') + 1);
    default:
      return undefined;
  }
}
