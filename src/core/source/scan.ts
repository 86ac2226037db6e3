/**
 * Reads interpreter source (Python, JavaScript/TypeScript, Ruby, Perl, Go) without running it,
 * and lists what it would delete, overwrite or run: each such call with its line and an
 * equivalent shell command line for the command engine to judge (`shutil.rmtree(Path.home())` is
 * `rm -rf ~`, `subprocess.run(['git', 'push', '-f'])` is `git push -f`).
 *
 * How: a tokenizer per language (lex.ts), then a light reading of the tokens: imports and
 * aliases, assignments, loops over literal lists, functions and their parameters, and a small
 * evaluator for the values that make paths and commands (values.ts, apis.ts). A
 * helper function whose parameter reaches a deletion (`def run(cmd): subprocess.run(cmd)`) is
 * judged at each of its calls, with that call's arguments. What cannot be known stays a named
 * hole (`rm -rf "$target"`), which the engine judges as a computed path.
 *
 * Pure, synchronous, bounded (input size, tokens, evaluation steps, steps reported) and never
 * throws: a failure is an issue in the result.
 */
import { redactSecrets } from '../audit';
import { type Action, type ApiEnv, type CallArgs, envVar, FS_MODULES, knownModule, methodValue, runnerObject, pathMethodSink, propertyValue, sinkFn, sprintf, valueFn } from './apis';
import { lex, LineMap, type SourceLanguage, type StrPart, type Tok } from './lex';
import {
  alts, argumentList, argWord, asGlob, asStr, concat, eachOf, fromArguments, isNothing, joinPath, knownPart, literal, NOTHING, paramsIn, pathWord, shellText, str, unk, type Val, variantsOf,
} from './values';

export type { SourceLanguage } from './lex';

export interface SourceStep {
  /** 1-based line of the call in the source. */
  line: number;
  /** That line, trimmed, clipped, secrets redacted. */
  text: string;
  /** An equivalent shell command line to judge. */
  command: string;
  /** What it acts on is computed from the script's command-line arguments (sys.argv, process.argv…). */
  fromArguments?: true;
}

export interface SourceScan {
  steps: SourceStep[];
  /** What could not be read, one sentence each. */
  issues: string[];
  /**
   * The caller's clock (`outOfTime`) ran out before the whole source was read: the steps are
   * what was found until then, and no issue says so (the caller knows its own budget).
   */
  spent?: boolean;
}

export interface SourceScanOptions {
  /** The script's own folder (absolute), for `__dirname`, `__file__`, `$FindBin::Bin`. */
  scriptDir?: string;
  /** Asked now and then while reading; true stops the reading (see `SourceScan.spent`). */
  outOfTime?: () => boolean;
  /**
   * A module of the project the source imports (`./paths`, `.util`, a sibling `util`), read
   * through the caller's bounded reader: what it exports, or undefined when it cannot be read.
   */
  modules?: (spec: string) => ModuleExports | undefined;
}

/** What a module of the project gives the names it exports, as far as the reader knows them. */
export interface ModuleExports {
  /** The value of an exported constant, when the reader knows it (see `knownPart`). */
  value(name: string): Val | undefined;
  /** What a call of an exported function gives, when the reader knows it. */
  returns(name: string): Val | undefined;
}

/**
 * In the source, a character standing for text only known at run time (a shell variable the line
 * expands into `python3 -c "…$DIR…"`): inside a string it is a hole (`rm -rf "$VALUE"`).
 */
export const RUNTIME_TEXT = '\u0000';
const RUNTIME_HOLE: Val = { k: 'str', p: [{ h: 'dyn', name: 'VALUE' }] };

/** The most source read; the rest is an issue. */
export const MAX_SOURCE = 512 * 1024;
export const MAX_STEPS = 64;
const MAX_TEXT = 200;
const EVAL_BUDGET = 400_000;
const MAX_PARSE_DEPTH = 120;
const MAX_CHAIN = 4;
const MAX_CODE_DEPTH = 2;
const MAX_BINDINGS = 50_000;

export function scanSource(language: SourceLanguage, text: string, opts: SourceScanOptions = {}): SourceScan {
  return scanAt(language, text, opts, 0);
}

/**
 * A module's exports, read statically and lazily: nothing is evaluated until a name is asked
 * for, and a name whose value is not known for certain answers undefined. Never throws.
 */
export function moduleExports(language: SourceLanguage, text: string, opts: SourceScanOptions = {}): ModuleExports {
  let sc: Scanner | undefined;
  let failed = false;
  const scanner = (): Scanner | undefined => {
    if (sc || failed) return sc;
    try {
      const source = typeof text === 'string' ? text : String(text);
      sc = new Scanner(language, source.length > MAX_SOURCE ? source.slice(0, MAX_SOURCE) : source, opts, 0);
      sc.prepare();
    } catch {
      failed = true;
      sc = undefined;
    }
    return sc;
  };
  const safely = (f: (s: Scanner) => Val | undefined): Val | undefined => {
    const s = scanner();
    if (!s) return undefined;
    try {
      return f(s);
    } catch {
      return undefined;
    }
  };
  return {
    value: (name) => safely((s) => s.exportedValue(name)),
    returns: (name) => safely((s) => s.exportedReturns(name)),
  };
}

function scanAt(language: SourceLanguage, text: string, opts: SourceScanOptions, codeDepth: number): SourceScan {
  try {
    const source = typeof text === 'string' ? text : String(text);
    const sc = new Scanner(language, source.length > MAX_SOURCE ? source.slice(0, MAX_SOURCE) : source, opts, codeDepth);
    if (source.length > MAX_SOURCE) sc.issues.push(`the source is ${source.length} characters long; only the first ${MAX_SOURCE} were read`);
    return sc.run();
  } catch (e) {
    return { steps: [], issues: [`reading the source failed (${String(e).slice(0, 160)})`] };
  }
}

/**
 * Names of values that stand for something of another module: a function imported from a module
 * of the project whose calls give a known value (`RETURNS<index>RETURNS<name>`), and such a
 * module itself (`MODULE<index>MODULE<name as before>`), whose members are read from it.
 */
const RETURNS = '\u0002';
const MODULE = '\u0003';

class BudgetExceeded extends Error {}
/** Reading what one call returns took more than its share (`RETURN_BUDGET`): the call stays computed. */
class ReturnTooComplex extends Error {}

/** Evaluation steps one reading of what a function returns may take, out of the source's budget. */
const RETURN_BUDGET = 20_000;
class OutOfTime extends Error {}

/** Evaluation steps between two looks at the caller's clock. */
const CLOCK_EVERY = 2048;

interface Stream {
  toks: Tok[];
  match: Int32Array;
  /** Innermost open bracket around each token, or -1. */
  outer: Int32Array;
  /** Position for name lookups (a string's interpolation looks up from the string's place). */
  at(i: number): number;
}

interface FnDef {
  id: number;
  name: string;
  params: { name: string; rest?: boolean; dflt?: number; binding?: Binding }[];
  /** Token range: the definition's first token to the body's end (exclusive). */
  start: number;
  end: number;
  decorated: boolean;
  /** A method (its first parameter may be self or cls). */
  method: boolean;
  /** Deletions and commands whose arguments come from the parameters, as chains of calls. */
  sinks: CallRef[][];
  /** Perl's `@_`: every argument. */
  restAll?: Binding;
  /** Python: the decorators' names, as written (`task`, `invoke.task`). */
  decorators?: string[];
  /** An arrow function's expression body (`() => mkdtempSync(…)`): what it returns. */
  body?: number;
  /** What a call gives when it does not depend on the arguments (null: not known). */
  ret?: Val | null;
  returning?: boolean;
  /** Calls whose value was read again with their arguments (bounded). */
  evals?: number;
}

interface Binding {
  name: string;
  at: number;
  until: number;
  kind: 'expr' | 'param' | 'val';
  expr?: number;
  stop?: number;
  each?: boolean;
  pick?: number;
  prop?: string;
  aug?: string;
  val?: Val;
  fn?: FnDef;
  index?: number;
  memo?: Val;
  busy?: boolean;
  /** An attribute's assignment: where it is (its value reads from there); seen from anywhere. */
  attr?: number;
  /** A declaration (`let x`, `const x = …`): a later plain assignment changes it where it is seen. */
  decl?: boolean;
  /** An import of a module of the project: the name it has there (`*`: the module itself). */
  imp?: { spec: string; name: string };
}

interface EvalCtx {
  cap: number;
  over?: Map<Binding, Val>;
  depth: number;
  stopAt?: number;
  hook?: (call: Callee, args: CallArgs, at: number) => void;
}

/** What a call calls: an API or a function by its canonical name, or a method on a value. */
interface Callee {
  name?: string;
  recv?: Val;
  method?: string;
  fn?: FnDef;
  tagged?: boolean;
}

/** Where a call is, to evaluate it again with other values for its function's parameters. */
interface CallRef {
  head: number;
  at: number;
  line: number;
}

interface UserCall {
  fn: FnDef;
  ref: CallRef;
  member: boolean;
}

interface R {
  v: Val;
  end: number;
}

const KEYWORD_HEADS = new Set(['def', 'function', 'sub', 'func', 'class', 'module', 'fn', 'lambda']);
const RUBY_STOP = new Set(['if', 'unless', 'while', 'until', 'rescue', 'do', 'and', 'or', 'then', 'end']);
const PERL_STOP = new Set(['if', 'unless', 'while', 'until', 'for', 'foreach', 'or', 'and', 'xor']);
const MEMBER_OPS = new Set(['.', '?.', '&.', '::', '->']);
const BINARY_OPS = new Set(['+', '-', '*', '/', '%', '.', '==', '!=', '===', '!==', '<', '>', '<=', '>=', '<<', '>>', '&', '|', '^', '**', '=~', '!~', 'in', 'is', 'not', 'instanceof', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'x', 'cmp', '..', '...']);
const WORD_OPS = new Set(['in', 'is', 'not', 'instanceof', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'x', 'cmp']);
const UNARY_OPS = new Set(['!', '-', '+', '~', '\\', '&', '*', '**', '...']);
/** Methods that add to a list or set: each argument is an item, or (`spread`) each of its items. */
const ADDERS: Partial<Record<SourceLanguage, Record<string, 'item' | 'spread' | 'second'>>> = {
  python: { append: 'item', add: 'item', extend: 'spread', update: 'spread', insert: 'second', appendleft: 'item' },
  javascript: { push: 'item', unshift: 'item', add: 'item' },
  typescript: { push: 'item', unshift: 'item', add: 'item' },
  ruby: { push: 'item', append: 'item', unshift: 'item', prepend: 'item', add: 'item', concat: 'spread' },
};

const PASS_UNARY = new Set(['\\', '&', '*', '**', '...']);
const TARGET_OPS = new Set(['.', ',', '*']);
const ITERATORS = new Set(['each', 'forEach', 'map', 'flatMap', 'filter', 'some', 'every', 'each_with_index', 'each_entry', 'collect', 'select', 'reject', 'flat_map', 'find_all', 'each_with_object', 'sort_by', 'group_by']);

class Scanner {
  readonly issues: string[] = [];
  private readonly steps: SourceStep[] = [];
  private readonly seen = new Set<string>();
  private readonly main: Stream;
  private readonly lines: LineMap;
  private readonly fns: FnDef[] = [];
  private readonly bindings = new Map<string, Binding[]>();
  private readonly userCalls: UserCall[] = [];
  private readonly api: ApiEnv;
  private budget = EVAL_BUDGET;
  private sinceClock = 0;
  private spent = false;
  private bareFileUtils = false;
  private methods?: Map<string, FnDef>;
  private bindingCount = 0;
  /** More steps were found than are listed. */
  private truncated = false;
  private visited = new Uint8Array(0);
  /** Token ranges that never run (Perl's `… if 0;`). */
  private readonly dead: [number, number][] = [];
  /** The innermost function around each token, once the structure is read. */
  private fnOf?: Int32Array;
  private readonly streams = new WeakMap<Tok[], Stream>();
  /**
   * What the source adds to a list or set by name (`dirs.push(x)`, `dirs.add(x)`, `ds.append(x)`,
   * `ds.extend(xs)`): the open parenthesis of each call, read wherever it is in the file (a list
   * filled in one function and emptied in another is still the same list).
   */
  private readonly additions = new Map<string, { open: number; spread: boolean; from: number }[]>();
  private readonly adding = new Set<string>();
  private readonly scriptDir: Val;
  private readonly scriptFile: Val;
  /** Modules of the project the source names (see `moduleRef`), by index. */
  private readonly modRefs: string[] = [];
  private readonly modCache = new Map<string, ModuleExports | null>();
  /** What calls of functions imported from those modules give, by index (see `imported`). */
  private readonly returnsOf: Val[] = [];
  private prepared = false;
  /** While a function's returns are read: the budget below which that reading gives up. */
  private floor = -1;

  constructor(
    private readonly lang: SourceLanguage,
    text: string,
    private readonly opts: SourceScanOptions,
    private readonly codeDepth: number,
  ) {
    const lexed = lex(lang, text);
    this.issues.push(...lexed.issues.slice(0, 10));
    this.lines = new LineMap(text);
    this.main = this.stream(lexed.toks, (i) => i);
    const dir = opts.scriptDir && opts.scriptDir.startsWith('/') ? opts.scriptDir.replace(/\/+$/, '') || '/' : '.';
    this.scriptDir = str(dir);
    this.scriptFile = str(`${dir === '/' ? '' : dir}/${lang === 'python' ? 'script.py' : 'script'}`);
    this.api = { lang, scriptDir: dir, scriptFile: literal(this.scriptFile) };
  }

  private stream(toks: Tok[], at: (i: number) => number): Stream {
    const cached = this.streams.get(toks);
    if (cached) return cached;
    const match = new Int32Array(toks.length).fill(-1);
    const outer = new Int32Array(toks.length).fill(-1);
    const stack: number[] = [];
    const close: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i];
      outer[i] = stack.length ? stack[stack.length - 1] : -1;
      if (t.k !== 'op') continue;
      if (t.v === '(' || t.v === '[' || t.v === '{') stack.push(i);
      else if (close[t.v]) {
        // Tolerate a stray closer: pop back to its opener if there is one.
        const k = findLast(stack, (j) => toks[j].v === close[t.v]);
        if (k === -1) continue;
        const open = stack[k];
        stack.length = k;
        match[open] = i;
        match[i] = open;
        outer[i] = stack.length ? stack[stack.length - 1] : -1;
      }
    }
    const s: Stream = { toks, match, outer, at };
    this.streams.set(toks, s);
    return s;
  }

  run(): SourceScan {
    try {
      if (this.opts.outOfTime?.()) throw new OutOfTime();
      this.prepare();
      if (this.opts.outOfTime?.()) throw new OutOfTime();
      this.walk();
      this.wrappers();
    } catch (e) {
      if (e instanceof BudgetExceeded) this.issues.push('the source is too complex to read fully within the time allowed; only part of it was read');
      else if (e instanceof OutOfTime) this.spent = true;
      else throw e;
    }
    return this.spent ? { steps: this.steps, issues: this.issues.slice(0, 20), spent: true } : { steps: this.steps, issues: this.issues.slice(0, 20) };
  }

  /** Reads the structure once (functions, bindings, imports). */
  prepare(): void {
    if (this.prepared) return;
    this.prepared = true;
    this.structure();
  }

  // ---- a module's exports -------------------------------------------------------------------

  private exportMap?: Map<string, string>;

  /** JavaScript's exported names, each with the local name it stands for. */
  private jsExported(): Map<string, string> {
    if (this.exportMap) return this.exportMap;
    const out = new Map<string, string>();
    const toks = this.main.toks;
    for (let i = 0; i < toks.length && out.size < 512; i++) {
      if (!this.isId(i, 'export') || !this.stmtStart(i)) continue;
      let j = i + 1;
      const dflt = this.isId(j, 'default');
      if (dflt) j++;
      if (this.isId(j, 'async')) j++;
      if (this.isId(j, 'const') || this.isId(j, 'let') || this.isId(j, 'var') || this.isId(j, 'function') || this.isId(j, 'class')) {
        let k = j + 1;
        if (this.isOp(k, '*')) k++;
        if (this.isId(k)) out.set(dflt ? 'default' : this.tok(k)!.v, this.tok(k)!.v);
      } else if (dflt && this.isId(j) && !this.isOp(j + 1, '(') && !this.isOp(j + 1, '.')) out.set('default', this.tok(j)!.v);
      else if (this.isOp(j, '{') && this.main.match[j] !== -1 && !this.isId(this.main.match[j] + 1, 'from')) {
        for (let k = j + 1; k < this.main.match[j]; k++) {
          if (!this.isId(k) || this.isId(k, 'type')) continue;
          const local = this.tok(k)!.v;
          let name = local;
          if (this.isId(k + 1, 'as') && this.isId(k + 2)) {
            name = this.tok(k + 2)!.v;
            k += 2;
          }
          out.set(name, local);
        }
      }
    }
    this.exportMap = out;
    return out;
  }

  /** The value a name has at the end of the file, from a binding outside any function. */
  private atEnd(name: string): Val | undefined {
    const list = this.bindings.get(name);
    if (!list) return undefined;
    for (let k = list.length - 1; k >= 0; k--) {
      const b = list[k];
      if (b.kind === 'param' || (b.at >= 0 && this.fnAt(b.at))) continue;
      return this.valueOf(b, { cap: Infinity, depth: 1 });
    }
    return undefined;
  }

  /** What the module gives an exported name, as the source defines it (not only known parts). */
  private exportedRaw(name: string): Val | undefined {
    if (this.lang === 'python') return name.startsWith('__') ? undefined : this.atEnd(name);
    if (this.lang !== 'javascript' && this.lang !== 'typescript') return undefined;
    const cjs = this.atEnd(`module.exports.${name}`) ?? this.atEnd(`exports.${name}`);
    if (cjs) return cjs;
    if (this.bindings.has('module.exports')) {
      const whole = this.atEnd('module.exports');
      if (whole && whole.k === 'obj') return whole.props.get(name);
      if (whole && name === 'default') return whole;
    }
    const local = this.jsExported().get(name);
    return local === undefined ? undefined : this.atEnd(local);
  }

  /** An exported constant's value, when known. */
  exportedValue(name: string): Val | undefined {
    const v = this.exportedRaw(name);
    if (!v || this.userFn(v) || this.importedFn(v)) return undefined;
    return knownPart(v);
  }

  /** What a call of an exported function gives, when known. */
  exportedReturns(name: string): Val | undefined {
    const v = this.exportedRaw(name);
    if (!v) return undefined;
    const imported = this.importedFn(v);
    if (imported) return imported;
    const fn = this.userFn(v);
    return fn ? this.returnOf(fn, undefined, false, { cap: Infinity, depth: 1 }) : undefined;
  }

  // ---- modules and what functions return ---------------------------------------------------

  /** The exports of a module of the project (read once per source), or undefined. */
  private moduleOf(spec: string): ModuleExports | undefined {
    if (!this.opts.modules) return undefined;
    let m = this.modCache.get(spec);
    if (m === undefined) {
      try {
        m = this.opts.modules(spec) ?? null;
      } catch {
        m = null;
      }
      this.modCache.set(spec, m);
    }
    return m ?? undefined;
  }

  /** A module of the project as a value: its members are read from it, else named as today. */
  private moduleRef(spec: string, fallback: string): Val {
    let idx = this.modRefs.indexOf(spec);
    if (idx === -1) {
      idx = this.modRefs.length;
      this.modRefs.push(spec);
    }
    return { k: 'mod', name: `${MODULE}${idx}${MODULE}${fallback}` };
  }

  /** What an import of a module of the project binds a name to, when the module says. */
  private imported(spec: string, name: string): Val | undefined {
    const ex = this.moduleOf(spec);
    if (!ex) return undefined;
    const r = ex.returns(name);
    if (r && this.returnsOf.length < 256) {
      this.returnsOf.push(r);
      return { k: 'mod', name: `${RETURNS}${this.returnsOf.length - 1}${RETURNS}${name}` };
    }
    return ex.value(name);
  }

  /** What a call of an imported function gives (see `imported`). */
  private importedFn(v: Val): Val | undefined {
    if (v.k !== 'mod' || !v.name.startsWith(RETURNS)) return undefined;
    const [, idx, name] = v.name.split(RETURNS);
    return name !== undefined && !name.includes('.') ? this.returnsOf[Number(idx)] : undefined;
  }

  /**
   * What a call of a function of the source gives: the values of its `return`s (an arrow's
   * body), when every one is known; with the call's arguments when it depends on them. Anything
   * else is undefined, and the call is a computed value as before.
   */
  private returnOf(fn: FnDef, a: CallArgs | undefined, member: boolean, c: EvalCtx): Val | undefined {
    if (fn.returning || c.depth > 40) return undefined;
    fn.returning = true;
    const floor = this.floor;
    this.floor = Math.max(floor, this.budget - RETURN_BUDGET);
    try {
      if (fn.ret === undefined) fn.ret = this.returnsIn(fn, undefined) ?? null;
      const raw = fn.ret;
      if (raw === null) return undefined;
      const known = knownPart(raw);
      if (known && raw.k !== 'obj') return known;
      if (!a || !paramsIn(raw).some((p) => p.fn === fn.id) || (fn.evals ?? 0) >= 32) return known;
      fn.evals = (fn.evals ?? 0) + 1;
      const again = this.returnsIn(fn, this.paramValues(fn, a, member, c.over));
      return again ? knownPart(again) : known;
    } catch (e) {
      // The innermost reading whose share ran out gives up; one around it goes on with what is left of its own.
      if (!(e instanceof ReturnTooComplex)) throw e;
      if (fn.ret === undefined) fn.ret = null;
      return undefined;
    } finally {
      this.floor = floor;
      fn.returning = false;
    }
  }

  /** The value of every `return` of `fn` (its own, not those of functions inside it), as one. */
  private returnsIn(fn: FnDef, over: Map<Binding, Val> | undefined): Val | undefined {
    const c: EvalCtx = { cap: Infinity, depth: 1, over };
    if (fn.body !== undefined) return this.expr(this.main, fn.body, c).v;
    const vals: Val[] = [];
    for (let i = fn.start; i < fn.end && i < this.main.toks.length; i++) {
      if (this.fnOf?.[i] !== fn.id) continue;
      if (this.isId(i, 'yield')) return undefined;
      if (!this.isId(i, 'return') || this.isOp(i + 1, '.') || this.isOp(i - 1, '.')) continue;
      const next = this.main.toks[i + 1];
      if (!next || next.nl || this.isOp(i + 1, ';') || this.isOp(i + 1, '}')) vals.push(NOTHING);
      else vals.push(this.expr(this.main, i + 1, c).v);
      if (vals.length > 8) return undefined;
    }
    if (this.lang === 'ruby') {
      // A Ruby method returns its last expression's value when no `return` ends it.
      const last = this.rubyLastExpression(fn);
      if (last === null) return undefined;
      if (last !== undefined) vals.push(this.expr(this.main, last, c).v);
    }
    return vals.length ? alts(vals) : undefined;
  }

  /**
   * Where a Ruby method's last statement starts, when it is a plain expression (or an assignment,
   * whose value is its right side); undefined for an empty body or a last `return` (read above);
   * null when the value is decided by a construct not read here (`if`/`case`/`begin` blocks,
   * `rescue`/`ensure`, `raise`, `yield`).
   */
  private rubyLastExpression(fn: FnDef): number | null | undefined {
    const toks = this.main.toks;
    const endTok = fn.end - 1;
    if (!this.isId(endTok, 'end')) return undefined;
    const defLine = this.lines.line(toks[fn.start].start);
    let last = -1;
    for (let i = fn.start + 1; i < endTok; i++) {
      if (this.fnOf?.[i] !== fn.id) continue;
      if (this.isId(i, 'ensure') || this.isId(i, 'rescue')) return null;
      if (this.stmtStart(i) && this.lines.line(toks[i].start) > defLine) last = i;
    }
    if (last === -1) return undefined;
    const t = toks[last];
    if (t.k === 'id' && ['return', 'next', 'break'].includes(t.v)) return undefined;
    if (t.k !== 'id' && t.k !== 'str' && t.k !== 'num') return null;
    if (t.k === 'id' && ['end', 'if', 'unless', 'case', 'while', 'until', 'for', 'begin', 'else', 'elsif', 'when', 'raise', 'yield', 'puts', 'print', 'p'].includes(t.v)) return null;
    if (t.k === 'id' && this.isOp(last + 1, '=')) return last + 2;
    return last;
  }

  // ---- tokens -----------------------------------------------------------------------------

  private tok(i: number, s = this.main): Tok | undefined {
    return s.toks[i];
  }

  private isOp(i: number, v: string, s = this.main): boolean {
    const t = s.toks[i];
    return !!t && t.k === 'op' && t.v === v;
  }

  private isId(i: number, v?: string, s = this.main): boolean {
    const t = s.toks[i];
    return !!t && t.k === 'id' && (v === undefined || t.v === v);
  }

  /** A statement may start at token `i`. */
  private stmtStart(i: number): boolean {
    if (i === 0) return true;
    const t = this.main.toks[i];
    // Perl ends statements with `;` only; a new line may continue one.
    if (t.nl && this.lang !== 'perl') return true;
    const p = this.main.toks[i - 1];
    if (p.k === 'op' && p.v === ';') return true;
    if ((this.lang === 'javascript' || this.lang === 'typescript' || this.lang === 'perl' || this.lang === 'go') && p.k === 'op' && (p.v === '{' || p.v === '}')) return true;
    if (this.lang === 'python' && p.k === 'op' && p.v === ':' && this.main.outer[i - 1] === -1) return true;
    return false;
  }

  private fnAt(pos: number): FnDef | undefined {
    if (this.fnOf) {
      const id = pos >= 0 && pos < this.fnOf.length ? this.fnOf[pos] : -1;
      return id === -1 ? undefined : this.fns[id];
    }
    let best: FnDef | undefined;
    for (const f of this.fns) if (f.start <= pos && pos < f.end && (!best || f.start >= best.start)) best = f;
    return best;
  }

  private scopeEnd(pos: number): number {
    return this.fnAt(pos)?.end ?? this.main.toks.length;
  }

  private bind(b: Omit<Binding, 'until'> & { until?: number }): Binding {
    // An object's attribute (`self.tmp`, `this.dir`, `@dir`) is set in one method and used in
    // another: it is seen everywhere in the file, the last assignment standing.
    const attribute = /^(self|this|cls)\./.test(b.name) || /^@\w/.test(b.name);
    // Where a plain binding stops being seen is known once every function's end is (finish()).
    const full: Binding = attribute && b.kind === 'expr' ? { ...b, until: this.main.toks.length, attr: b.at } : { ...b, until: b.until ?? -1 };
    if (this.bindingCount++ > MAX_BINDINGS) return full;
    const list = this.bindings.get(b.name);
    if (list) list.push(full);
    else this.bindings.set(b.name, [full]);
    return full;
  }

  private spend(n = 1): void {
    this.budget -= n;
    if (this.budget < 0) throw new BudgetExceeded();
    if (this.budget < this.floor) throw new ReturnTooComplex();
    this.sinceClock += n;
    if (this.sinceClock >= CLOCK_EVERY) {
      this.sinceClock = 0;
      if (this.opts.outOfTime?.()) throw new OutOfTime();
    }
  }

  // ---- structure ----------------------------------------------------------------------------

  private structure(): void {
    switch (this.lang) {
      case 'python':
        this.pythonStructure();
        break;
      case 'javascript':
      case 'typescript':
        this.jsStructure();
        break;
      case 'ruby':
        this.rubyStructure();
        break;
      case 'perl':
        this.perlStructure();
        break;
      case 'go':
        this.goStructure();
        break;
    }
    this.collectAdditions();
    const fnOf = new Int32Array(this.main.toks.length).fill(-1);
    // Outer functions first, inner ones paint over them.
    for (const f of [...this.fns].sort((a, b) => a.start - b.start || b.end - a.end)) fnOf.fill(f.id, Math.max(0, f.start), Math.min(fnOf.length, f.end));
    this.fnOf = fnOf;
    for (const list of this.bindings.values()) {
      for (const b of list) if (b.until === -1) b.until = this.scopeEnd(b.at);
      for (const b of list) {
        if (b.until !== -2) continue;
        let decl: Binding | undefined;
        for (const d of list) if ((d.decl || d.kind === 'param') && d.until >= 0 && d.at <= b.at && b.at < d.until && (!decl || d.at > decl.at)) decl = d;
        b.until = decl ? decl.until : this.main.toks.length;
      }
      list.sort((a, b) => a.at - b.at);
    }
  }

  /** `name.push(…)` and the like, for each name (see `additions`). */
  private collectAdditions(): void {
    const adders = ADDERS[this.lang];
    if (!adders) return;
    const toks = this.main.toks;
    let count = 0;
    for (let i = 1; i + 3 < toks.length && count < 512; i++) {
      const t = toks[i];
      if (t.k !== 'op' || (t.v !== '.' && t.v !== '?.')) continue;
      const recv = toks[i - 1];
      const method = toks[i + 1];
      if (recv.k !== 'id' || method.k !== 'id' || !this.isOp(i + 2, '(') || this.main.match[i + 2] === -1) continue;
      const kind = adders[method.v];
      if (kind === undefined) continue;
      // The receiver is a plain name or an attribute (`self.tmp`, `this.dirs`), not a call's result.
      let head = i - 1;
      while (head >= 2 && this.isOp(head - 1, '.') && toks[head - 2].k === 'id') head -= 2;
      // A condition's parenthesis (`if (x) dirs.add(d)`) ends a statement's head, not a call.
      const condition = this.isOp(head - 1, ')') && ['if', 'while', 'for', 'foreach', 'unless', 'until', 'elsif'].some((w) => this.isId(this.main.match[head - 1] - 1, w));
      if (head > 0 && (this.isOp(head - 1, '.') || ((this.isOp(head - 1, ')') || this.isOp(head - 1, ']')) && !toks[head].nl && !condition))) continue;
      const name = toks.slice(head, i).map((x) => x.v).join('');
      const list = this.additions.get(name) ?? [];
      list.push({ open: i + 2, spread: kind === 'spread', from: kind === 'second' ? 1 : 0 });
      this.additions.set(name, list);
      count++;
    }
  }

  /** A list the source fills later by name, with what it adds (see `additions`). */
  private withAdditions(name: string, v: Val, c: EvalCtx): Val {
    const adds = this.additions.get(name);
    if (!adds || v.k !== 'list' || this.adding.has(name) || c.depth > 20) return v;
    this.adding.add(name);
    try {
      const items = [...v.items];
      let more = v.more;
      for (const add of adds.slice(0, 32)) {
        const a = this.args(this.main, add.open, { cap: Infinity, over: c.over, depth: c.depth + 1 });
        for (const x of a.args.pos.slice(add.from)) {
          if (!add.spread) items.push(x);
          else if (x.k === 'list') {
            items.push(...x.items);
            if (x.more) more = x.more;
          } else more = unk('item');
        }
      }
      return { ...v, items: items.slice(0, 64), ...(more ? { more } : {}) };
    } finally {
      this.adding.delete(name);
    }
  }

  private addFn(f: Omit<FnDef, 'id' | 'sinks'>): FnDef {
    const fn: FnDef = { ...f, id: this.fns.length, sinks: [] };
    if (this.fns.length < 4000) this.fns.push(fn);
    return fn;
  }

  /** Parameters become bindings whose values come from each call. */
  private bindParams(fn: FnDef): void {
    fn.params.forEach((p, index) => {
      p.binding = this.bind({ name: p.name, at: fn.start, until: fn.end, kind: 'param', fn, index });
    });
    if (fn.name) this.bind({ name: fn.name, at: -1, until: this.main.toks.length, kind: 'val', val: { k: 'mod', name: `\u0001fn${fn.id}` } });
  }

  /** Splits `( … )` at top-level commas into token ranges. */
  private commaSplit(open: number, s = this.main): [number, number][] {
    const close = s.match[open];
    if (close === -1) return [];
    const out: [number, number][] = [];
    let from = open + 1;
    for (let j = open + 1; j <= close; j++) {
      const t = s.toks[j];
      if (j === close || (t.k === 'op' && t.v === ',')) {
        if (j > from) out.push([from, j]);
        from = j + 1;
        continue;
      }
      if (t.k === 'op' && (t.v === '(' || t.v === '[' || t.v === '{') && s.match[j] !== -1) j = s.match[j];
    }
    return out;
  }

  /** Parameter names from `( … )` in the language's syntax. */
  private paramList(open: number): FnDef['params'] {
    const out: FnDef['params'] = [];
    const ranges = this.commaSplit(open);
    for (const [a, b] of ranges) {
      let j = a;
      let rest = false;
      while (j < b && this.tok(j)!.k === 'op' && ['*', '**', '...', '&', '/'].includes(this.tok(j)!.v)) {
        rest = rest || this.tok(j)!.v !== '&';
        j++;
      }
      const t = this.tok(j);
      if (!t || t.k !== 'id') continue;
      let dflt: number | undefined;
      for (let k = j + 1; k < b; k++) if (this.isOp(k, '=')) dflt = k + 1;
      if (this.lang === 'go' && this.isOp(j + 1, '...')) rest = true;
      out.push({ name: t.v, rest, dflt });
    }
    return out;
  }

  private pythonStructure(): void {
    const s = this.main;
    const n = s.toks.length;
    for (let i = 0; i < n; i++) {
      const t = s.toks[i];
      if (t.k !== 'id') continue;
      const start = this.stmtStart(i);
      if (t.v === 'import' && start) this.pyImport(i);
      else if (t.v === 'from' && start) this.pyFromImport(i);
      else if (t.v === 'def' && this.isOp(i + 2, '(')) this.pyDef(i);
      else if (t.v === 'for') this.pyFor(i, start);
      else if (t.v === 'with' && start) this.pyWith(i);
      else if (start) this.pyAssign(i);
    }
    this.pyTasks();
  }

  /**
   * invoke's and Fabric's `@task` functions are given a context as their first parameter, whose
   * `run` and `sudo` run shell commands (see apis.ts `RUNNER_CLASS`).
   */
  private pyTasks(): void {
    const tasks: { fn: FnDef; cls: 'fabric.task' | 'invoke.Context' }[] = [];
    for (const fn of this.fns) {
      const first = fn.params[0]?.binding;
      if (!fn.decorators || !first) continue;
      const task = fn.decorators.map((d) => {
        const [head, ...rest] = d.split('.');
        const imported = this.bindings.get(head)?.find((b) => b.kind === 'val' && b.at === -1 && b.val?.k === 'mod');
        const name = imported?.val?.k === 'mod' ? [imported.val.name, ...rest].join('.') : d;
        return /^(invoke|fabric)(?:\.tasks?)?\.task$/.exec(name)?.[1];
      }).find((lib) => lib !== undefined);
      if (!task) continue;
      first.kind = 'val';
      first.val = runnerObject(task === 'fabric' ? 'fabric.task' : 'invoke.Context');
      tasks.push({ fn, cls: task === 'fabric' ? 'fabric.task' : 'invoke.Context' });
    }
    // A helper a task hands its context to (`def drop(c): c.run(…)` called as `drop(c)`) is given
    // the same context: one level, by name.
    const byName = new Map(this.fns.filter((f) => f.name && f.params[0]?.binding && !f.decorators?.length).map((f) => [f.name, f]));
    for (const { fn, cls } of tasks) {
      const param = fn.params[0].name;
      for (let i = fn.start; i < fn.end && i < this.main.toks.length; i++) {
        const helper = this.isId(i) && this.isOp(i + 1, '(') && this.isId(i + 2, param) && !this.isOp(i - 1, '.') ? byName.get(this.tok(i)!.v) : undefined;
        const b = helper?.params[0].binding;
        if (!b || b.kind === 'val') continue;
        b.kind = 'val';
        b.val = runnerObject(cls);
      }
    }
  }

  /** The names of the decorators right above the statement at `head` (`@task`, `@app.route(…)`). */
  private decoratorNames(head: number): string[] {
    const out: string[] = [];
    for (let line = this.prevStatement(head); line !== -1 && this.isOp(line, '@') && out.length < 16; line = this.prevStatement(line)) {
      let name = '';
      for (let j = line + 1; this.isId(j) && j < line + 32; j += 2) {
        name += (name ? '.' : '') + this.tok(j)!.v;
        if (!this.isOp(j + 1, '.')) break;
      }
      if (name) out.push(name);
    }
    return out;
  }

  private pyImport(i: number): void {
    let j = i + 1;
    for (let guard = 0; guard < 64; guard++) {
      const names: string[] = [];
      while (this.isId(j)) {
        names.push(this.tok(j)!.v);
        if (!this.isOp(j + 1, '.')) break;
        j += 2;
      }
      if (!names.length) return;
      j++;
      // `import util` of a sibling file: its module-level names are read from it.
      const imp = names.length === 1 && this.opts.modules && !knownModule('python', names[0]) ? { imp: { spec: names[0], name: '*' } } : {};
      if (this.isId(j, 'as') && this.isId(j + 1)) {
        this.bind({ name: this.tok(j + 1)!.v, at: -1, until: this.main.toks.length, kind: 'val', val: { k: 'mod', name: names.join('.') }, ...imp });
        j += 2;
      } else this.bind({ name: names[0], at: -1, until: this.main.toks.length, kind: 'val', val: { k: 'mod', name: names[0] }, ...imp });
      if (!this.isOp(j, ',')) return;
      j++;
    }
  }

  private pyFromImport(i: number): void {
    let j = i + 1;
    const mod: string[] = [];
    let dots = '';
    while ((this.isId(j) && !this.isId(j, 'import')) || this.isOp(j, '.') || this.isOp(j, '...')) {
      if (this.isId(j)) mod.push(this.tok(j)!.v);
      else if (!mod.length) dots += this.tok(j)!.v;
      j++;
    }
    if (!this.isId(j, 'import')) return;
    // `from .paths import X`, `from . import util`, `from paths import X` of a sibling file.
    const local = this.opts.modules !== undefined && (dots !== '' || (mod.length === 1 && !knownModule('python', mod[0])));
    const spec = `${dots}${mod.join('.')}`;
    j++;
    if (this.isOp(j, '(')) j++;
    for (let guard = 0; guard < 128 && this.isId(j); guard++) {
      const name = this.tok(j)!.v;
      let alias = name;
      if (this.isId(j + 1, 'as') && this.isId(j + 2)) {
        alias = this.tok(j + 2)!.v;
        j += 2;
      }
      const imp = !local ? {} : mod.length ? { imp: { spec, name } } : { imp: { spec: `${dots}${name}`, name: '*' } };
      this.bind({ name: alias, at: -1, until: this.main.toks.length, kind: 'val', val: { k: 'mod', name: [...mod, name].join('.') }, ...imp });
      j++;
      if (!this.isOp(j, ',')) break;
      j++;
    }
  }

  private pyDef(i: number): void {
    const nameTok = this.tok(i + 1);
    if (!nameTok || nameTok.k !== 'id') return;
    const open = i + 2;
    const close = this.main.match[open];
    if (close === -1) return;
    const head = this.isId(i - 1, 'async') ? i - 1 : i;
    const col = this.lines.column(this.tok(head)!.start);
    let end = this.main.toks.length;
    for (let k = close + 1; k < this.main.toks.length; k++) {
      const t = this.main.toks[k];
      if (t.nl && this.lines.column(t.start) <= col && k > close + 1) {
        end = k;
        break;
      }
    }
    const prevLine = this.prevStatement(head);
    const decorated = prevLine !== -1 && this.isOp(prevLine, '@');
    const enclosing = this.fnAt(head);
    const method = this.lines.column(this.tok(head)!.start) > 0 && !enclosing;
    const fn = this.addFn({ name: nameTok.v, params: this.paramList(open), start: head, end, decorated, method, ...(decorated ? { decorators: this.decoratorNames(head) } : {}) });
    this.bindParams(fn);
  }

  /** The first token of the logical line before the one at `i`, or -1. */
  private prevStatement(i: number): number {
    for (let k = i - 1; k >= 0; k--) if (this.main.toks[k].nl) return k;
    return -1;
  }

  /** Targets before `in`/`=`: names, dotted names, tuples. Returns names with their index. */
  private targets(from: number, to: number): { name: string; index?: number; at: number }[] {
    const out: { name: string; index?: number; at: number }[] = [];
    let index = 0;
    let multi = false;
    for (let j = from; j < to; j++) {
      const t = this.tok(j)!;
      if (t.k === 'op' && t.v === ',') {
        multi = true;
        index++;
        continue;
      }
      if (t.k === 'op' && (t.v === '(' || t.v === ')' || t.v === '[' || t.v === ']' || t.v === '*')) continue;
      if (t.k !== 'id') return [];
      let name = t.v;
      while (this.isOp(j + 1, '.') && this.isId(j + 2) && j + 2 < to) {
        name += `.${this.tok(j + 2)!.v}`;
        j += 2;
      }
      out.push({ name, index, at: j });
    }
    return multi ? out : out.map((o) => ({ name: o.name, at: o.at }));
  }

  private pyFor(i: number, start: boolean): void {
    let j = i + 1;
    while (j < this.main.toks.length && !this.isId(j, 'in') && j < i + 24) j++;
    if (!this.isId(j, 'in')) return;
    const outer = this.main.outer[i];
    const at = start || outer === -1 ? i : outer;
    const until = start || outer === -1 ? this.scopeEnd(i) : this.main.match[outer] === -1 ? this.main.toks.length : this.main.match[outer];
    for (const tg of this.targets(i + 1, j)) this.bind({ name: tg.name, at, until, kind: 'expr', expr: j + 1, each: true, pick: tg.index });
  }

  private pyWith(i: number): void {
    let j = i + 1;
    for (let guard = 0; guard < 8; guard++) {
      const exprStart = j;
      // Find `as` at this nesting level.
      while (j < this.main.toks.length && !this.isId(j, 'as') && !this.isOp(j, ':') && !this.main.toks[j].nl) {
        if (this.isOp(j, '(') && this.main.match[j] !== -1) j = this.main.match[j];
        j++;
      }
      if (!this.isId(j, 'as') || !this.isId(j + 1)) return;
      this.bind({ name: this.tok(j + 1)!.v, at: j, kind: 'expr', expr: exprStart, stop: j });
      j += 2;
      if (!this.isOp(j, ',')) return;
      j++;
    }
  }

  private pyAssign(i: number): void {
    let j = i;
    const limit = Math.min(this.main.toks.length, i + 32);
    while (j < limit && !this.isOp(j, '=') && !this.isAug(j)) {
      const t = this.main.toks[j];
      if (j > i && t.nl) return;
      if (t.k === 'op' && t.v === ':' ) {
        // An annotation: `x: int = 3`.
        let k = j + 1;
        while (k < limit && !this.isOp(k, '=') && !this.main.toks[k].nl) k++;
        if (!this.isOp(k, '=')) return;
        const tg = this.targets(i, j);
        for (const x of tg) this.bind({ name: x.name, at: i, kind: 'expr', expr: k + 1, pick: x.index });
        return;
      }
      // Targets are names, dotted names and tuples of them; a call or subscript is not one.
      if (t.k === 'op' && !TARGET_OPS.has(t.v) && !((t.v === '(' || t.v === '[') && j === i) && !((t.v === ')' || t.v === ']') && this.main.match[j] === i)) return;
      j++;
    }
    if (j >= limit) return;
    const aug = this.isAug(j) ? this.tok(j)!.v.slice(0, -1) : undefined;
    for (const x of this.targets(i, j)) this.bind({ name: x.name, at: i, kind: 'expr', expr: j + 1, pick: x.index, aug });
  }

  private isAug(j: number): boolean {
    const t = this.tok(j);
    return !!t && t.k === 'op' && (t.v === '+=' || t.v === '||=' || t.v === '.=' || t.v === '??=');
  }

  // ---- JavaScript / TypeScript

  private jsStructure(): void {
    const s = this.main;
    const n = s.toks.length;
    for (let i = 0; i < n; i++) {
      const t = s.toks[i];
      if (t.k === 'op' && t.v === '=>') {
        this.jsArrow(i);
        continue;
      }
      if (t.k !== 'id') continue;
      if (t.v === 'import' && this.stmtStart(i) && !this.isOp(i + 1, '(') && !this.isOp(i + 1, '.')) this.jsImport(i);
      else if ((t.v === 'const' || t.v === 'let' || t.v === 'var') && !this.isOp(i - 1, '(')) this.jsDeclare(i + 1, i);
      else if (t.v === 'function') this.jsFunction(i);
      else if (t.v === 'for' && this.isOp(i + 1, '(')) this.jsFor(i);
      else if (this.stmtStart(i) && this.isOp(i + 1, '(') && this.jsMethodDef(i)) continue;
      else if (this.stmtStart(i) && !['return', 'if', 'while', 'throw', 'else', 'case', 'await', 'yield', 'typeof', 'new'].includes(t.v)) this.jsReassign(i);
    }
  }

  private jsImport(i: number): void {
    let j = i + 1;
    let mod: string | undefined;
    let spec: string | undefined;
    let end = i + 1;
    for (; end < this.main.toks.length && end < i + 200; end++) {
      const t = this.main.toks[end];
      if (t.k === 'str') {
        mod = normalizeModule(t.v);
        // A module of the project (`./paths`, `../harness/paths`): what it exports is read from it.
        if (t.v.startsWith('.') && this.opts.modules) spec = t.v;
        break;
      }
      if (t.k === 'op' && t.v === ';') break;
    }
    if (mod === undefined) return;
    const file = this.main.toks.length;
    if (this.isId(j, 'type')) j++;
    // TypeScript's import-equals form: import X = require of module m.
    const imp = (name: string): { imp?: { spec: string; name: string } } => (spec !== undefined ? { imp: { spec, name } } : {});
    if (this.isId(j) && this.isOp(j + 1, '=')) {
      this.bind({ name: this.tok(j)!.v, at: -1, until: file, kind: 'val', val: { k: 'mod', name: mod }, ...imp('*') });
      return;
    }
    for (; j < end; j++) {
      if (this.isOp(j, '*') && this.isId(j + 1, 'as') && this.isId(j + 2)) {
        this.bind({ name: this.tok(j + 2)!.v, at: -1, until: file, kind: 'val', val: { k: 'mod', name: mod }, ...imp('*') });
        j += 2;
      } else if (this.isOp(j, '{')) {
        const close = this.main.match[j] === -1 ? end : this.main.match[j];
        for (let k = j + 1; k < close; k++) {
          if (!this.isId(k) || this.isId(k, 'type')) continue;
          const name = this.tok(k)!.v;
          let alias = name;
          if (this.isId(k + 1, 'as') && this.isId(k + 2)) {
            alias = this.tok(k + 2)!.v;
            k += 2;
          }
          this.bind({ name: alias, at: -1, until: file, kind: 'val', val: { k: 'mod', name: name === 'default' ? mod : `${mod}.${name}` }, ...imp(name) });
        }
        j = close;
      } else if (this.isId(j) && !this.isId(j, 'from')) {
        this.bind({ name: this.tok(j)!.v, at: -1, until: file, kind: 'val', val: { k: 'mod', name: mod }, ...imp('default') });
      }
    }
  }

  /** `const a = …, { b, c: d } = …, [e] = …`. */
  private jsDeclare(j: number, declTok: number): void {
    for (let guard = 0; guard < 32 && j < this.main.toks.length; guard++) {
      const targetStart = j;
      let targetEnd = j + 1;
      if (this.isOp(j, '{') || this.isOp(j, '[')) targetEnd = this.main.match[j] === -1 ? j + 1 : this.main.match[j] + 1;
      else if (!this.isId(j)) return;
      let k = targetEnd;
      // A type annotation: `const x: string = …`.
      if (this.isOp(k, ':')) {
        while (k < this.main.toks.length && !this.isOp(k, '=') && !this.isOp(k, ';') && !(this.main.toks[k].nl && k > targetEnd + 1 && !this.isOp(k - 1, ':'))) {
          if (this.isOp(k, '<') || this.isOp(k, '(') || this.isOp(k, '{') || this.isOp(k, '[')) k = Math.max(k, this.main.match[k]);
          k++;
        }
      }
      // `for (const x of …)` is a loop (jsFor).
      if (this.isId(k, 'of') || this.isId(k, 'in')) return;
      if (!this.isOp(k, '=')) {
        // `let dir;`: declared here, its value comes from a later assignment.
        if (this.isId(targetStart) && (this.isOp(k, ';') || this.isOp(k, ',') || this.tok(k)?.nl)) this.bind({ name: this.tok(targetStart)!.v, at: declTok, kind: 'val', val: unk(this.tok(targetStart)!.v), decl: true });
        if (this.isOp(k, ',')) {
          j = k + 1;
          continue;
        }
        return;
      }
      const expr = k + 1;
      if (this.isId(targetStart) && this.startsFunction(expr)) {
        // `const sh = (c) => …`: the function stands for its name (jsArrow, jsFunction).
        const end = this.skipExpr(expr);
        if (!this.isOp(end, ',')) return;
        j = end + 1;
        continue;
      }
      if (this.isOp(targetStart, '{')) {
        for (let m = targetStart + 1; m < targetEnd - 1; m++) {
          if (!this.isId(m)) continue;
          const prop = this.tok(m)!.v;
          let name = prop;
          if (this.isOp(m + 1, ':') && this.isId(m + 2)) {
            name = this.tok(m + 2)!.v;
            m += 2;
          }
          this.bind({ name, at: declTok, kind: 'expr', expr, prop });
          // Skip a default value.
          if (this.isOp(m + 1, '=')) m = this.skipExpr(m + 2) - 1;
        }
      } else if (this.isOp(targetStart, '[')) {
        let index = 0;
        for (let m = targetStart + 1; m < targetEnd - 1; m++) {
          if (this.isOp(m, ',')) index++;
          else if (this.isId(m)) this.bind({ name: this.tok(m)!.v, at: declTok, kind: 'expr', expr, pick: index });
        }
      } else this.bind({ name: this.tok(targetStart)!.v, at: declTok, kind: 'expr', expr, decl: true });
      const end = this.skipExpr(expr);
      if (!this.isOp(end, ',')) return;
      j = end + 1;
    }
  }

  /** A function literal starts at `j`: `function`, `async (…) =>`, `(…) =>`, `(…): T =>`, `x =>`. */
  private startsFunction(j: number): boolean {
    if (this.isId(j, 'async')) j++;
    if (this.isId(j, 'function')) return true;
    if (this.isId(j) && this.isOp(j + 1, '=>')) return true;
    if (!this.isOp(j, '(') || this.main.match[j] === -1) return false;
    const close = this.main.match[j];
    if (this.isOp(close + 1, '=>')) return true;
    if (this.lang !== 'typescript' || !this.isOp(close + 1, ':')) return false;
    for (let k = close + 2; k < this.main.toks.length && k < close + 48; k++) {
      if (this.isOp(k, '=>')) return this.returnTypeStart(k) === close;
      if (this.isOp(k, ';') || this.isOp(k, '=') || this.isOp(k, '{') || this.main.toks[k].nl) return false;
    }
    return false;
  }

  /**
   * The `)` closing the parameters of an arrow whose `=>` is at `arrow`, past a TypeScript
   * return type (`(): Promise<void> =>`), or -1.
   */
  private returnTypeStart(arrow: number): number {
    if (this.lang !== 'typescript') return -1;
    for (let k = arrow - 2; k > 0 && k > arrow - 48; k--) {
      if (this.isOp(k, ')') && this.isOp(k + 1, ':') && this.main.match[k] !== -1) return k;
      if (this.isOp(k, ';') || this.isOp(k, '=') || this.isOp(k, '=>') || this.isOp(k, '{') || this.main.toks[k].nl) return -1;
    }
    return -1;
  }

  /** The end of an expression starting at `j`: the next top-level `,`, `;` or new statement. */
  private skipExpr(j: number): number {
    const s = this.main;
    const start = j;
    for (let guard = 0; j < s.toks.length && guard < 100_000; guard++) {
      const t = s.toks[j];
      if (j > start && t.nl && this.lang !== 'javascript' && this.lang !== 'typescript') return j;
      if (j > start && t.nl) {
        const p = s.toks[j - 1];
        const continues = (p.k === 'op' && !['}', ')', ']'].includes(p.v)) || (t.k === 'op' && ['.', '?.', '+', '?', ':', '||', '&&', '??'].includes(t.v));
        if (!continues) return j;
      }
      if (t.k === 'op') {
        if (t.v === ',' || t.v === ';' || t.v === ')' || t.v === ']' || t.v === '}') return j;
        if ((t.v === '(' || t.v === '[' || t.v === '{') && s.match[j] !== -1) {
          j = s.match[j] + 1;
          continue;
        }
      }
      j++;
    }
    return j;
  }

  private jsFunction(i: number): void {
    let j = i + 1;
    if (this.isOp(j, '*')) j++;
    const nameTok = this.isId(j) ? this.tok(j) : undefined;
    if (nameTok) j++;
    if (!this.isOp(j, '(')) return;
    const close = this.main.match[j];
    if (close === -1) return;
    const body = this.findBody(close + 1);
    if (body === -1) return;
    const start = this.isId(i - 1, 'async') ? i - 1 : i;
    let name = nameTok?.v ?? '';
    // `const clean = function (…) {…}`.
    if (!name && this.isOp(start - 1, '=') && this.isId(start - 2)) name = this.tok(start - 2)!.v;
    const fn = this.addFn({ name, params: this.paramList(j), start, end: this.main.match[body] + 1, decorated: false, method: false });
    this.callbackOrParams(fn, start);
  }

  /** The `{` of a body after `)`, skipping a TypeScript return type; -1 when there is none. */
  private findBody(j: number): number {
    const limit = Math.min(this.main.toks.length, j + 64);
    if (this.isOp(j, ':')) {
      for (let k = j + 1; k < limit; k++) {
        if (this.isOp(k, '{') && !this.isOp(k - 1, ':') && !this.isOp(k - 1, '|') && !this.isOp(k - 1, '<') && !this.isOp(k - 1, '&') && !this.isOp(k - 1, ',')) return this.main.match[k] === -1 ? -1 : k;
        // A type in the return type (`Promise<{ root: string; ready: boolean }>`) is skipped whole.
        if (this.isOp(k, '(') || this.isOp(k, '[') || this.isOp(k, '{')) k = Math.max(k, this.main.match[k]);
        if (this.isOp(k, ';') || this.isOp(k, '=>')) return -1;
      }
      return -1;
    }
    return this.isOp(j, '{') && this.main.match[j] !== -1 ? j : -1;
  }

  private jsMethodDef(i: number): boolean {
    const close = this.main.match[i + 1];
    if (close === -1) return false;
    const name = this.tok(i)!.v;
    if (['if', 'for', 'while', 'switch', 'catch', 'function', 'return', 'with', 'super'].includes(name)) return false;
    const body = this.findBody(close + 1);
    if (body === -1) return false;
    const fn = this.addFn({ name, params: this.paramList(i + 1), start: i, end: this.main.match[body] + 1, decorated: false, method: true });
    this.bindParams(fn);
    return true;
  }

  private jsArrow(i: number): void {
    let params: FnDef['params'];
    let start = i - 1;
    // `(): Promise<void> =>`: a TypeScript return type between the parameters and the arrow.
    let close = i - 1;
    if (!this.isOp(close, ')')) close = this.returnTypeStart(i);
    if (this.isOp(close, ')')) {
      const open = this.main.match[close];
      if (open === -1) return;
      params = this.paramList(open);
      start = open;
    } else if (this.isId(i - 1)) params = [{ name: this.tok(i - 1)!.v }];
    else return;
    if (this.isId(start - 1, 'async')) start--;
    const body = i + 1;
    let end: number;
    const block = this.isOp(body, '{') && this.main.match[body] !== -1;
    if (block) end = this.main.match[body] + 1;
    else end = this.skipExpr(body);
    let name = '';
    if (this.isOp(start - 1, '=') && this.isId(start - 2)) name = this.tok(start - 2)!.v;
    const fn = this.addFn({ name, params, start, end, decorated: false, method: false, ...(block ? {} : { body }) });
    this.callbackOrParams(fn, start);
  }

  /**
   * A function given to an iterator (`dirs.forEach((d) => …)`, `.map(function (d) {…})`) binds
   * its first parameter to each item; `.then((dir) => …)` to the value. Otherwise its
   * parameters take their values from its calls.
   */
  private callbackOrParams(fn: FnDef, start: number): void {
    const open = start - 1;
    if (this.isOp(open, '(') && this.isId(open - 1) && this.isOp(open - 2, '.') && fn.params.length) {
      const method = this.tok(open - 1)!.v;
      const head = this.chainHead(open - 3);
      if (head !== -1 && (ITERATORS.has(method) || method === 'then')) {
        this.bind({ name: fn.params[0].name, at: fn.start, until: fn.end, kind: 'expr', expr: head, stop: open - 2, each: method !== 'then' });
        fn.params.slice(1).forEach((p) => this.bind({ name: p.name, at: fn.start, until: fn.end, kind: 'val', val: unk(p.name) }));
        return;
      }
    }
    this.bindParams(fn);
  }

  /** The first token of the member chain ending at `j` (`a.b(c).d` → `a`), or -1. */
  private chainHead(j: number): number {
    const s = this.main;
    for (let guard = 0; j >= 0 && guard < 256; guard++) {
      const t = s.toks[j];
      if (t.k === 'op' && (t.v === ')' || t.v === ']' || t.v === '}')) {
        const open = s.match[j];
        if (open === -1) return -1;
        const before = s.toks[open - 1];
        if (before && (before.k === 'id' || (before.k === 'op' && (before.v === ')' || before.v === ']')))) {
          j = open - 1;
          continue;
        }
        return open;
      }
      if (t.k !== 'id' && t.k !== 'str' && t.k !== 'num') return -1;
      const p = s.toks[j - 1];
      if (p && p.k === 'op' && (p.v === '.' || p.v === '?.' || p.v === '->' || p.v === '::' || p.v === '&.')) {
        j -= 2;
        continue;
      }
      return j;
    }
    return -1;
  }

  private jsFor(i: number): void {
    const open = i + 1;
    const close = this.main.match[open];
    if (close === -1) return;
    let j = open + 1;
    if (this.isId(j, 'const') || this.isId(j, 'let') || this.isId(j, 'var')) j++;
    if (this.isId(j) && this.isId(j + 1, 'of')) this.bind({ name: this.tok(j)!.v, at: i, kind: 'expr', expr: j + 2, stop: close, each: true });
    else if (this.isOp(j, '[') && this.main.match[j] !== -1 && this.isId(this.main.match[j] + 1, 'of')) {
      let index = 0;
      for (let m = j + 1; m < this.main.match[j]; m++) {
        if (this.isOp(m, ',')) index++;
        else if (this.isId(m)) this.bind({ name: this.tok(m)!.v, at: i, kind: 'expr', expr: this.main.match[j] + 2, stop: close, each: true, pick: index });
      }
    } else if (this.isId(j) && this.isId(j + 1, 'in')) this.bind({ name: this.tok(j)!.v, at: i, kind: 'val', val: unk(this.tok(j)!.v) });
  }

  private jsReassign(i: number): void {
    let j = i;
    let name = this.tok(i)!.v;
    while (this.isOp(j + 1, '.') && this.isId(j + 2)) {
      name += `.${this.tok(j + 2)!.v}`;
      j += 2;
    }
    const op = this.tok(j + 1);
    if (!op || op.k !== 'op') return;
    // A plain assignment changes the variable where it is declared, maybe outside this function.
    if (op.v === '=') this.bind({ name, at: i, kind: 'expr', expr: j + 2, until: -2 });
    else if (op.v === '+=' || op.v === '||=' || op.v === '??=') this.bind({ name, at: i, kind: 'expr', expr: j + 2, aug: op.v.slice(0, -1), until: -2 });
  }

  // ---- Ruby

  private rubyStructure(): void {
    const s = this.main;
    const n = s.toks.length;
    const stack: { kind: string; at: number; fn?: FnDef }[] = [];
    let loopLine = -1;
    for (let i = 0; i < n; i++) {
      const t = s.toks[i];
      const start = this.stmtStart(i);
      if (t.k === 'op' && t.v === '{' && this.isOp(i + 1, '|')) {
        this.rubyBlock(i, i + 1, s.match[i] === -1 ? n : s.match[i] + 1);
        continue;
      }
      if (t.k !== 'id') continue;
      const afterValue = i > 0 && s.toks[i - 1].k === 'op' && ['=', '(', ',', '||=', '<<'].includes(s.toks[i - 1].v);
      switch (t.v) {
        case 'def': {
          const fn = this.rubyDef(i);
          if (fn) stack.push({ kind: 'def', at: i, fn });
          break;
        }
        case 'class':
        case 'module':
        case 'begin':
        case 'case':
          if (start || afterValue) stack.push({ kind: t.v, at: i });
          break;
        case 'if':
        case 'unless':
          if (start || afterValue) stack.push({ kind: t.v, at: i });
          break;
        case 'while':
        case 'until':
        case 'for':
          if (start || afterValue) {
            stack.push({ kind: t.v, at: i });
            loopLine = this.lines.line(t.start);
          }
          if (t.v === 'for' && start) this.rubyFor(i);
          break;
        case 'do': {
          if (loopLine === this.lines.line(t.start)) {
            loopLine = -1;
            break;
          }
          const entry: { kind: string; at: number; fn?: FnDef } = { kind: 'do', at: i };
          stack.push(entry);
          break;
        }
        case 'end': {
          const top = stack.pop();
          if (top?.fn) top.fn.end = i + 1;
          if (top?.kind === 'do') this.rubyBlock(top.at, top.at + 1, i + 1);
          break;
        }
        case 'include':
          if (this.isId(i + 1, 'FileUtils')) this.bareFileUtils = true;
          break;
        case 'require':
          if (this.tok(i + 1)?.k === 'str' && this.tok(i + 1)!.v === 'rake') this.bareFileUtils = true;
          break;
        default:
          if (start) this.rubyAssign(i);
      }
    }
    for (const f of this.fns) this.bindParams(f);
  }

  private rubyDef(i: number): FnDef | undefined {
    let j = i + 1;
    if (this.isId(j, 'self') && this.isOp(j + 1, '.')) j += 2;
    const nameTok = this.tok(j);
    if (!nameTok || nameTok.k !== 'id') return undefined;
    let params: FnDef['params'] = [];
    if (this.isOp(j + 1, '(')) {
      params = this.paramList(j + 1);
      const close = this.main.match[j + 1];
      // An endless method (`def x = …`) has no `end`.
      if (close !== -1 && this.isOp(close + 1, '=')) return undefined;
    } else if (this.isOp(j + 1, '=')) return undefined;
    else {
      for (let k = j + 1; k < this.main.toks.length && !this.main.toks[k].nl; k++) if (this.isId(k) && !this.isOp(k - 1, '=')) params.push({ name: this.tok(k)!.v });
    }
    return this.addFn({ name: nameTok.v, params, start: i, end: this.main.toks.length, decorated: false, method: true });
  }

  /** `RECV.each do |x| … end`, `Dir.mktmpdir { |d| … }`: what the block's parameters hold. */
  private rubyBlock(open: number, bar: number, end: number): void {
    if (!this.isOp(bar, '|')) return;
    const names: string[] = [];
    let j = bar + 1;
    for (; j < end && !this.isOp(j, '|'); j++) if (this.isId(j)) names.push(this.tok(j)!.v);
    if (!names.length) return;
    // The call the block belongs to ends right before `do`/`{`.
    let last = open - 1;
    let head = this.chainHead(last);
    if (head === -1) return;
    let each = true;
    let stop: number | undefined;
    // `x.each(…)`: the items of x; otherwise what the call gives (a temp folder, a list).
    if (this.isOp(last, ')') && this.main.match[last] !== -1) last = this.main.match[last] - 1;
    if (this.isId(last) && ITERATORS.has(this.tok(last)!.v) && this.isOp(last - 1, '.')) stop = last - 1;
    else each = true;
    if (stop !== undefined && stop <= head) head = this.chainHead(stop - 1);
    names.forEach((name, index) => {
      if (index === 0) this.bind({ name, at: open, until: end, kind: 'expr', expr: head, stop: stop ?? open, each });
      else this.bind({ name, at: open, until: end, kind: 'val', val: unk(name) });
    });
  }

  private rubyFor(i: number): void {
    let j = i + 1;
    while (j < i + 16 && !this.isId(j, 'in')) j++;
    if (!this.isId(j, 'in')) return;
    for (const tg of this.targets(i + 1, j)) this.bind({ name: tg.name, at: i, kind: 'expr', expr: j + 1, each: true, pick: tg.index });
  }

  private rubyAssign(i: number): void {
    let j = i;
    const limit = Math.min(this.main.toks.length, i + 24);
    while (j < limit && !this.isOp(j, '=') && !this.isAug(j)) {
      const t = this.main.toks[j];
      if (j > i && t.nl) return;
      if (t.k === 'op' && !TARGET_OPS.has(t.v)) return;
      j++;
    }
    if (j >= limit) return;
    const aug = this.isAug(j) ? this.tok(j)!.v.slice(0, -1) : undefined;
    for (const x of this.targets(i, j)) this.bind({ name: x.name.replace(/^self\./, ''), at: i, kind: 'expr', expr: j + 1, pick: x.index, aug });
  }

  // ---- Perl

  private perlStructure(): void {
    const s = this.main;
    const n = s.toks.length;
    const shifts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const t = s.toks[i];
      if (t.k !== 'id') continue;
      const start = this.stmtStart(i);
      if (t.v === 'sub' && this.isId(i + 1) && this.isOp(i + 2, '{') && s.match[i + 2] !== -1) {
        const fn = this.addFn({ name: this.tok(i + 1)!.v, params: [], start: i, end: s.match[i + 2] + 1, decorated: false, method: false });
        this.bind({ name: fn.name, at: -1, until: n, kind: 'val', val: { k: 'mod', name: `\u0001fn${fn.id}` } });
        // `@_` is every argument of the call.
        fn.restAll = this.bind({ name: '@_', at: fn.start, until: fn.end, kind: 'param', fn, index: 0 });
      } else if (t.v === 'if' && !start && (this.isOp(i + 2, ';') || this.isOp(i + 2, '}')) && ((this.tok(i + 1)?.k === 'num' && this.tok(i + 1)!.v === '0') || this.isId(i + 1, '$running_under_some_shell'))) {
        // `eval 'exec perl -S $0 ${1+"$@"}' if 0;`: never runs (a shell's trick to start perl).
        let from = i;
        while (from > 0 && !this.stmtStart(from)) from--;
        this.dead.push([from, i + 2]);
      } else if ((t.v === 'my' || t.v === 'our' || t.v === 'local') && start) this.perlAssign(i + 1, i, shifts);
      else if (/^[$@%]/.test(t.v) && start && (this.isOp(i + 1, '=') || this.isAug(i + 1))) this.perlAssign(i, i, shifts);
      else if ((t.v === 'for' || t.v === 'foreach') && start) this.perlFor(i);
      else if (t.v === 'for' || t.v === 'foreach') this.perlForModifier(i);
      else if ((t.v === 'map' || t.v === 'grep') && this.isOp(i + 1, '{') && s.match[i + 1] !== -1) {
        const close = s.match[i + 1];
        this.bind({ name: '$_', at: i + 1, until: close, kind: 'expr', expr: close + 1, each: true });
      }
    }
  }

  private perlAssign(j: number, at: number, shifts: Map<number, number>): void {
    const names: string[] = [];
    let k = j;
    if (this.isOp(k, '(') && this.main.match[k] !== -1) {
      for (let m = k + 1; m < this.main.match[k]; m++) if (this.isId(m)) names.push(this.tok(m)!.v);
      k = this.main.match[k] + 1;
    } else if (this.isId(k) && /^[$@%]/.test(this.tok(k)!.v)) {
      names.push(this.tok(k)!.v);
      k++;
    } else return;
    const aug = this.isAug(k) ? this.tok(k)!.v.slice(0, -1) : undefined;
    if (!this.isOp(k, '=') && !aug) return;
    const expr = k + 1;
    const fn = this.fnAt(at);
    // Parameters: `my ($a, $b) = @_;`, `my $x = shift;`.
    if (fn && this.isId(expr, '@_')) {
      names.forEach((name, index) => {
        fn.params[index] = { name };
        fn.params[index].binding = this.bind({ name, at, until: fn.end, kind: 'param', fn, index });
      });
      return;
    }
    if (fn && this.isId(expr, 'shift') && (this.isOp(expr + 1, ';') || this.isId(expr + 1, '@_') || (this.isOp(expr + 1, '(') && this.isOp(expr + 2, ')')))) {
      const index = shifts.get(fn.id) ?? 0;
      shifts.set(fn.id, index + 1);
      fn.params[index] = { name: names[0] };
      fn.params[index].binding = this.bind({ name: names[0], at, until: fn.end, kind: 'param', fn, index });
      return;
    }
    names.forEach((name, index) => this.bind({ name, at, kind: 'expr', expr, pick: names.length > 1 ? index : undefined, aug }));
  }

  private perlFor(i: number): void {
    let j = i + 1;
    if (this.isId(j, 'my') || this.isId(j, 'our')) j++;
    let name = '$_';
    if (this.isId(j) && this.tok(j)!.v.startsWith('$')) {
      name = this.tok(j)!.v;
      j++;
    }
    if (!this.isOp(j, '(') || this.main.match[j] === -1) return;
    const close = this.main.match[j];
    const body = close + 1;
    const until = this.isOp(body, '{') && this.main.match[body] !== -1 ? this.main.match[body] : this.main.toks.length;
    this.bind({ name, at: i, until, kind: 'expr', expr: j, each: true });
  }

  private perlForModifier(i: number): void {
    let start = i;
    while (start > 0 && !this.stmtStart(start)) start--;
    let end = i + 1;
    while (end < this.main.toks.length && !this.isOp(end, ';') && !this.isOp(end, '}')) end++;
    this.bind({ name: '$_', at: start - 1, until: end, kind: 'expr', expr: i + 1, stop: end, each: true });
  }

  // ---- Go

  private goStructure(): void {
    const s = this.main;
    const n = s.toks.length;
    for (let i = 0; i < n; i++) {
      const t = s.toks[i];
      if (t.k !== 'id') continue;
      const start = this.stmtStart(i);
      if (t.v === 'import') this.goImport(i);
      else if (t.v === 'func') this.goFunc(i);
      else if (t.v === 'for' && start) this.goFor(i);
      else if ((t.v === 'var' || t.v === 'const') && this.isId(i + 1)) {
        let k = i + 2;
        while (k < n && !this.isOp(k, '=') && !s.toks[k].nl && k < i + 16) k++;
        if (this.isOp(k, '=')) this.bind({ name: this.tok(i + 1)!.v, at: i, kind: 'expr', expr: k + 1 });
      } else if (start) this.goAssign(i);
    }
  }

  private goImport(i: number): void {
    const one = (j: number): number => {
      let alias: string | undefined;
      if (this.isId(j) || this.isOp(j, '.')) {
        alias = this.tok(j)!.v;
        j++;
      }
      const t = this.tok(j);
      if (!t || t.k !== 'str') return j + 1;
      const last = t.v.split('/').pop() ?? t.v;
      if (alias !== '_' && alias !== '.') this.bind({ name: alias ?? last, at: -1, until: this.main.toks.length, kind: 'val', val: { k: 'mod', name: last } });
      return j + 1;
    };
    if (this.isOp(i + 1, '(') && this.main.match[i + 1] !== -1) {
      const close = this.main.match[i + 1];
      for (let j = i + 2; j < close; ) j = one(j);
    } else one(i + 1);
  }

  private goFunc(i: number): void {
    let j = i + 1;
    let method = false;
    if (this.isOp(j, '(') && this.isId(j + 1) && this.main.match[j] !== -1 && this.isId(this.main.match[j] + 1)) {
      j = this.main.match[j] + 1;
      method = true;
    }
    let name = '';
    if (this.isId(j)) {
      name = this.tok(j)!.v;
      j++;
    }
    if (!this.isOp(j, '(') || this.main.match[j] === -1) return;
    const params = this.goParams(j);
    let k = this.main.match[j] + 1;
    for (let guard = 0; k < this.main.toks.length && guard < 64; guard++) {
      if (this.isOp(k, '{')) break;
      if (this.isOp(k, '(') && this.main.match[k] !== -1) k = this.main.match[k];
      k++;
    }
    if (!this.isOp(k, '{') || this.main.match[k] === -1) return;
    const fn = this.addFn({ name, params, start: i, end: this.main.match[k] + 1, decorated: false, method });
    this.bindParams(fn);
  }

  /** Go parameters: `a, b string, rest ...string`. */
  private goParams(open: number): FnDef['params'] {
    const out: FnDef['params'] = [];
    for (const [a, b] of this.commaSplit(open)) {
      const t = this.tok(a);
      if (!t || t.k !== 'id') continue;
      out.push({ name: t.v, rest: this.isOp(a + 1, '...') || (b > a + 1 && this.isOp(a + 1, '...')) });
    }
    return out;
  }

  private goFor(i: number): void {
    let j = i + 1;
    const names: string[] = [];
    while (this.isId(j) || this.isOp(j, ',')) {
      if (this.isId(j)) names.push(this.tok(j)!.v);
      j++;
    }
    if (!this.isOp(j, ':=') || !this.isId(j + 1, 'range')) return;
    // The body's brace: not a composite literal's (`range []string{"a", "b"} {`), which closes on its line.
    let body = j + 2;
    while (body < this.main.toks.length) {
      if (this.isOp(body, '{')) {
        const close = this.main.match[body];
        if (close === -1 || this.lines.line(this.main.toks[close].start) !== this.lines.line(this.main.toks[body].start) || this.main.toks[close + 1]?.nl) break;
        body = close;
      } else if (this.isOp(body, '(') || this.isOp(body, '[')) body = Math.max(body, this.main.match[body]);
      body++;
      if (body > j + 256) return;
    }
    if (!this.isOp(body, '{')) return;
    const until = this.main.match[body] === -1 ? this.main.toks.length : this.main.match[body];
    if (names.length >= 2 && names[1] !== '_') this.bind({ name: names[1], at: i, until, kind: 'expr', expr: j + 2, stop: body, each: true });
    if (names[0] && names[0] !== '_') this.bind({ name: names[0], at: i, until, kind: 'val', val: unk(names[0]) });
  }

  private goAssign(i: number): void {
    let j = i;
    const names: string[] = [];
    while (j < this.main.toks.length && j < i + 16) {
      if (this.isId(j)) names.push(this.tok(j)!.v);
      else if (!this.isOp(j, ',')) break;
      j++;
    }
    if (!this.isOp(j, ':=') && !this.isOp(j, '=')) return;
    names.forEach((name, index) => {
      if (name !== '_') this.bind({ name, at: i, kind: 'expr', expr: j + 1, pick: names.length > 1 ? index : undefined });
    });
  }

  // ---- values ---------------------------------------------------------------------------------

  private valueOf(b: Binding, c: EvalCtx): Val {
    if (b.kind === 'val') {
      if (b.imp) {
        const { spec, name } = b.imp;
        b.imp = undefined;
        const got = name === '*' ? (this.opts.modules ? this.moduleRef(spec, b.val?.k === 'mod' ? b.val.name : b.name) : undefined) : this.imported(spec, name);
        if (got) b.val = got;
      }
      return b.val ?? unk(b.name);
    }
    if (b.kind === 'param') return c.over?.get(b) ?? unk(b.name, b.fn ? { fn: b.fn.id, index: b.index ?? 0 } : undefined);
    if (!c.over && b.memo) return b.memo;
    if (b.busy || c.depth > 40) return unk(b.name);
    b.busy = true;
    try {
      const r = this.expr(this.main, b.expr ?? 0, { cap: b.at, over: c.over, depth: c.depth + 1, stopAt: b.stop });
      let v = r.v;
      if (b.aug) {
        const prev = this.lookup(b.name, b.at, sub(c, { cap: b.at, depth: c.depth + 1 }));
        v = b.aug === '||' || b.aug === '??' ? (prev.k === 'unk' || prev.k === 'mod' ? v : prev) : concat(prev, v);
      }
      if (b.each) v = eachOf(v);
      if (b.pick !== undefined) v = pick(v, b.pick);
      if (b.prop !== undefined) v = this.member(v, b.prop);
      if (!c.over) b.memo = v;
      return v;
    } finally {
      b.busy = false;
    }
  }

  private lookup(name: string, pos: number, c: EvalCtx): Val {
    const at = Math.min(pos, c.cap);
    const list = this.bindings.get(name);
    const found = list ? this.bound(list, at, c) : undefined;
    if (found) return named(this.withAdditions(name, found, c), name);
    const known = this.constant(name);
    if (known) return known;
    return { k: 'mod', name };
  }

  private bound(list: Binding[], at: number, c: EvalCtx): Val | undefined {
    {
      // The last binding made before `at` (they are sorted), then back to one whose scope holds `at`.
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid].at < at) lo = mid + 1;
        else hi = mid;
      }
      if (list[0].attr !== undefined) {
        // An attribute: its last assignment anywhere in the file.
        for (let k = list.length - 1; k >= 0; k--) if (!list[k].busy) return this.valueOf(list[k], c);
      } else {
        for (let k = lo - 1; k >= 0; k--) {
          const b = list[k];
          if (at < b.until) return this.valueOf(b, c);
        }
      }
    }
    return undefined;
  }

  /** Names every script can use: its own file and folder, the environment, the arguments. */
  private constant(name: string): Val | undefined {
    switch (this.lang) {
      case 'python':
        if (name === '__file__') return this.scriptFile;
        if (name === 'sys.executable') return str('python3');
        if (name === 'sys.argv') return argumentList('argv');
        if (name === 'os.sep' || name === 'os.path.sep') return str('/');
        if (name === 'os.curdir') return str('.');
        if (name === 'os.pardir') return str('..');
        if (name === 'os.environ') return { k: 'env' };
        return undefined;
      case 'javascript':
      case 'typescript':
        if (name === '__dirname' || name === 'import.meta.dirname') return this.scriptDir;
        if (name === '__filename' || name === 'import.meta.filename' || name === 'import.meta.url') return this.scriptFile;
        if (name === 'process.env' || name === 'Bun.env') return { k: 'env' };
        if (name === 'process.argv' || name === 'Deno.args' || name === 'Bun.argv') return argumentList('argv');
        if (name === 'process.execPath') return str('node');
        if (name === 'path.sep') return str('/');
        return undefined;
      case 'ruby':
        if (name === '__FILE__' || name === '$0' || name === '$PROGRAM_NAME') return this.scriptFile;
        if (name === '__dir__') return this.scriptDir;
        if (name === 'ENV') return { k: 'env' };
        if (name === 'ARGV') return argumentList('argv');
        if (name === 'Rails.root') return str('.', { path: true });
        return undefined;
      case 'perl':
        if (name === '__FILE__' || name === '$0') return this.scriptFile;
        if (name === '$FindBin::Bin' || name === '$FindBin::RealBin' || name === '$Bin' || name === '$RealBin') return this.scriptDir;
        if (name === '$ENV' || name === '%ENV') return { k: 'env' };
        if (name === '@ARGV') return argumentList('argv');
        if (name === '$^X') return str('perl');
        return undefined;
      case 'go':
        if (name === 'os.Args') return argumentList('args');
        return undefined;
    }
  }

  private member(v: Val, name: string): Val {
    if (isNothing(v)) return NOTHING;
    if (v.k === 'mod' && v.name.startsWith(MODULE)) {
      const [, idx, fallback] = v.name.split(MODULE);
      const spec = this.modRefs[Number(idx)];
      return (spec !== undefined ? this.imported(spec, name) : undefined) ?? this.member({ k: 'mod', name: fallback }, name);
    }
    if (v.k === 'mod') return this.constant(`${v.name}.${name}`) ?? { k: 'mod', name: `${v.name}.${name}` };
    if (v.k === 'env') return envVar(str(name));
    if (v.k === 'alts') return alts(v.items.map((x) => this.member(x, name)));
    if (v.k === 'unk') return unk(name, undefined);
    return propertyValue(v, name) ?? unk(name);
  }

  private index(v: Val, key: Val): Val {
    if (v.k === 'env') return envVar(key);
    if (v.k === 'mod') {
      const f = valueFn(this.lang, `${v.name}.[]`);
      if (f) return f({ pos: [key], kw: new Map() }, this.api);
      // A module's member taken by its literal name: the required child_process module, indexed with 'execSync'.
      const member = literal(key);
      if ((this.lang === 'javascript' || this.lang === 'typescript') && member !== undefined && /^[A-Za-z_$][\w$]*$/.test(member)) return this.member(v, member);
      if (this.lang === 'perl' && v.name === '@_') return unk('arg');
      return unk(holeOf(v.name));
    }
    if (v.k === 'list') {
      const n = literal(key);
      if (n !== undefined && /^-?\d+$/.test(n)) {
        const i = Number(n);
        return v.items[i < 0 ? v.items.length + i : i] ?? (v.more ? asStr(v.more) : unk('item'));
      }
      // `sys.argv[i]`: an item of a list known only at run time is one of its items.
      return !v.items.length && v.more ? asStr(v.more) : unk('item');
    }
    if (v.k === 'obj') {
      const k = literal(key);
      return (k !== undefined ? v.props.get(k) : undefined) ?? unk(k ?? 'item');
    }
    if (v.k === 'alts') return alts(v.items.map((x) => this.index(x, key)));
    return unk('item');
  }

  // ---- expressions ------------------------------------------------------------------------------

  private expr(s: Stream, i: number, c: EvalCtx): R {
    this.spend();
    if (c.depth > MAX_PARSE_DEPTH) return { v: unk('X'), end: this.skipTo(s, i) };
    const r = this.orExpr(s, i, c);
    const t = s.toks[r.end];
    if (!t || r.end >= (c.stopAt ?? Infinity)) return r;
    if (this.lang === 'python' && t.k === 'id' && t.v === 'if' && !t.nl) {
      const cond = this.orExpr(s, r.end + 1, sub(c, { depth: c.depth + 1 }));
      if (this.isId(cond.end, 'else', s)) {
        const other = this.expr(s, cond.end + 1, sub(c, { depth: c.depth + 1 }));
        return { v: alts([r.v, other.v]), end: other.end };
      }
      return { v: r.v, end: cond.end };
    }
    if (this.lang !== 'python' && this.lang !== 'go' && t.k === 'op' && t.v === '?') {
      const a = this.expr(s, r.end + 1, sub(c, { depth: c.depth + 1 }));
      if (this.isOp(a.end, ':', s)) {
        const b = this.expr(s, a.end + 1, sub(c, { depth: c.depth + 1 }));
        return { v: alts([a.v, b.v]), end: b.end };
      }
      return { v: alts([r.v, a.v]), end: a.end };
    }
    return r;
  }

  private skipTo(s: Stream, i: number): number {
    const t = s.toks[i];
    if (t && t.k === 'op' && (t.v === '(' || t.v === '[' || t.v === '{') && s.match[i] !== -1) return s.match[i] + 1;
    return i + 1;
  }

  private orExpr(s: Stream, i: number, c: EvalCtx): R {
    let r = this.binExpr(s, i, c);
    for (let guard = 0; guard < 64 && r.end < (c.stopAt ?? Infinity); guard++) {
      const t = s.toks[r.end];
      if (!t) break;
      const or = (t.k === 'op' && (t.v === '||' || t.v === '??' || (t.v === '//' && this.lang === 'perl'))) || (this.lang === 'python' && t.k === 'id' && t.v === 'or');
      const and = (t.k === 'op' && t.v === '&&') || (this.lang === 'python' && t.k === 'id' && t.v === 'and');
      if (!or && !and) break;
      if (t.nl && this.lang !== 'javascript' && this.lang !== 'typescript') break;
      const right = this.binExpr(s, r.end + 1, sub(c, { depth: c.depth + 1 }));
      r = { v: and ? right.v : orValue(r.v, right.v), end: right.end };
    }
    return r;
  }

  private binExpr(s: Stream, i: number, c: EvalCtx): R {
    let r = this.unary(s, i, c);
    for (let guard = 0; guard < 256 && r.end < (c.stopAt ?? Infinity); guard++) {
      const t = s.toks[r.end];
      if (!t) break;
      if (t.nl && this.lang !== 'javascript' && this.lang !== 'typescript' && this.lang !== 'perl') break;
      const op = t.k === 'op' ? t.v : t.k === 'id' && WORD_OPS.has(t.v) && !(this.lang === 'python' && t.v === 'in' && c.stopAt !== undefined) ? t.v : undefined;
      if (op === undefined) break;
      if (!BINARY_OPS.has(op)) break;
      // Member access is not a binary operator except in Perl, where `.` joins strings.
      if (op === '.' && this.lang !== 'perl') break;
      if (op === '|' && this.lang === 'ruby') break;
      if ((op === '..' || op === '...') && (this.lang === 'javascript' || this.lang === 'typescript' || this.lang === 'go')) break;
      if (op === '<' && (this.lang === 'typescript')) break;
      let next = r.end + 1;
      if (op === 'not' && this.isId(next, 'in', s)) next++;
      if (op === 'is' && this.isId(next, 'not', s)) next++;
      const right = this.unary(s, next, sub(c, { depth: c.depth + 1 }));
      r = { v: this.binary(op, r.v, right.v), end: right.end };
    }
    return r;
  }

  private binary(op: string, a: Val, b: Val): Val {
    switch (op) {
      case '+':
        if (a.k === 'num' && b.k === 'num') return { k: 'num', v: a.v + b.v };
        if (this.lang === 'ruby' && a.k === 'str' && a.path) return joinPath(a, b);
        return concat(a, b);
      case '.':
        return concat(a, b);
      case '/':
        if (this.lang === 'python' && (a.k === 'str' || b.k === 'str' || a.k === 'alts')) return joinPath(a, b);
        return unk('X');
      case '%':
        if ((this.lang === 'python' || this.lang === 'ruby') && a.k === 'str') {
          const args = b.k === 'list' ? b.items : [b];
          return sprintf(a, args, PERCENT_FORMAT);
        }
        return unk('X');
      default:
        return unk('X');
    }
  }

  private unary(s: Stream, i: number, c: EvalCtx): R {
    const t = s.toks[i];
    if (!t) return { v: unk('X'), end: i };
    if (t.k === 'op' && UNARY_OPS.has(t.v)) {
      const r = this.unary(s, i + 1, sub(c, { depth: c.depth + 1 }));
      if (t.v === '-' && r.v.k === 'num') return { v: { k: 'num', v: -r.v.v }, end: r.end };
      return { v: PASS_UNARY.has(t.v) ? r.v : unk('X'), end: r.end };
    }
    if (t.k === 'id' && ['not', 'typeof', 'void', 'delete', 'defined'].includes(t.v) && !this.isOp(i + 1, '.', s)) {
      const r = this.unary(s, i + 1, sub(c, { depth: c.depth + 1 }));
      return { v: unk('X'), end: r.end };
    }
    if (t.k === 'id' && ['await', 'yield', 'my', 'our', 'local', 'scalar'].includes(t.v) && s.toks[i + 1] && !this.isOp(i + 1, '.', s) && !this.isOp(i + 1, '(', s)) {
      return this.unary(s, i + 1, sub(c, { depth: c.depth + 1 }));
    }
    return this.postfix(s, i, c);
  }

  /** A primary and its member accesses, calls and subscripts. */
  private postfix(s: Stream, i: number, c: EvalCtx): R {
    const p = this.primary(s, i, c);
    let v = p.v;
    // Ruby calls a method named alone, without parentheses or arguments (`rm_rf(target)`).
    const bare = this.lang === 'ruby' && s.toks[i]?.k === 'id' && !this.isOp(p.end, '(', s) && !this.isOp(p.end, '=', s) ? this.userFn(v) : undefined;
    if (bare && bare.params.every((q) => q.dflt !== undefined || q.rest) && !this.bareArgsFollow(s, p.end, v)) v = this.call({ name: (v as Val & { k: 'mod' }).name, fn: bare }, { pos: [], kw: new Map() }, s.at(i), c);
    let j = p.end;
    let qname: string | undefined = p.name;
    const stopAt = c.stopAt ?? Infinity;
    for (let guard = 0; guard < 256 && j < stopAt; guard++) {
      this.spend();
      const t = s.toks[j];
      if (!t) break;
      if (t.k === 'op' && MEMBER_OPS.has(t.v) && s.toks[j + 1]?.k === 'id' && !(t.v === '::' && (this.lang === 'python' || this.lang === 'javascript'))) {
        if (t.v === '->' && this.lang !== 'perl') break;
        const nameTok = s.toks[j + 1];
        const name = nameTok.v;
        const after = j + 2;
        const recv = v;
        const memberName = qname !== undefined ? `${qname}.${name}` : undefined;
        // `self.tmp`, `this.dir`: an attribute the source assigns.
        const member = memberName !== undefined && this.bindings.has(memberName) ? this.lookup(memberName, s.at(j + 1), c) : this.member(v, name);
        if (this.isOp(after, '(', s) && !(this.lang === 'ruby' && s.toks[after].sp)) {
          const a = this.args(s, after, c);
          v = this.call({ recv, method: name, name: member.k === 'mod' ? member.name : undefined, fn: this.userFn(member) ?? this.userMethod(name) }, a.args, s.at(j + 1), c);
          j = a.end;
          qname = undefined;
          continue;
        }
        if ((this.lang === 'ruby' || this.lang === 'perl') && this.bareArgsFollow(s, after, member)) {
          const a = this.bareArgs(s, after, c);
          v = this.call({ recv, method: name, name: member.k === 'mod' ? member.name : undefined, fn: this.userFn(member) ?? this.userMethod(name) }, a.args, s.at(j + 1), c);
          j = a.end;
          qname = undefined;
          continue;
        }
        if ((this.lang === 'ruby' || (this.lang === 'perl' && t.v === '->')) && member.k === 'mod' && (valueFn(this.lang, member.name) || sinkFn(this.lang, member.name, this.bareFileUtils)) && !this.isOp(after, '=', s)) {
          // `Dir.home`, `Dir.mktmpdir`, `File::Spec->tmpdir`: a call without parentheses.
          v = this.call({ name: member.name }, { pos: [], kw: new Map() }, s.at(j + 1), c);
          qname = undefined;
          j = after;
          continue;
        }
        if (this.lang === 'ruby' && member.k !== 'mod' && !this.isOp(after, '=', s)) {
          // Ruby calls methods without parentheses: `dir.rmtree`, `path.delete`.
          const known = methodValue(recv, name, { pos: [], kw: new Map() }, this.api);
          if (c.hook) c.hook({ recv, method: name, fn: this.userMethod(name) }, { pos: [], kw: new Map(), recv }, s.at(j + 1));
          v = known ?? member;
        } else v = member;
        qname = memberName;
        j = after;
        continue;
      }
      if (t.k === 'op' && t.v === '(' && !(t.sp && (this.lang === 'ruby' || this.lang === 'perl') && qname === undefined)) {
        if (t.nl && (this.lang === 'python' || this.lang === 'ruby' || this.lang === 'go')) break;
        // This walk reads the parenthesis as a call's: one that is never closed (`f((((`) is
        // not a head for the walk to start at again, which made a run of them quadratic.
        if (c.hook && s === this.main && j < this.visited.length) this.visited[j] = 1;
        const a = this.args(s, j, c);
        v = this.call({ name: v.k === 'mod' ? v.name : undefined, fn: this.userFn(v) }, a.args, s.at(j - 1 >= 0 ? j - 1 : j), c);
        j = a.end;
        qname = undefined;
        continue;
      }
      if (t.k === 'op' && (t.v === '[' || (t.v === '{' && this.lang === 'perl' && !t.sp))) {
        if (t.nl && this.lang !== 'javascript' && this.lang !== 'typescript') break;
        if (s.match[j] === -1) break;
        let base = v;
        if (this.lang === 'perl' && qname && /^\$\w/.test(qname)) base = this.lookup(`${t.v === '[' ? '@' : '%'}${qname.slice(1)}`, s.at(j), c);
        if (this.lang === 'perl' && qname === '$_' && t.v === '[') base = this.lookup('@_', s.at(j), c);
        const key = t.v === '{' && this.isId(j + 1, undefined, s) && s.match[j] === j + 2 ? { v: str(s.toks[j + 1].v), end: j + 2 } : this.expr(s, j + 1, sub(c, { depth: c.depth + 1, stopAt: s.match[j] }));
        v = this.index(base, key.v);
        j = s.match[j] + 1;
        qname = undefined;
        continue;
      }
      if (t.k === 'op' && t.v === '->' && this.lang === 'perl' && (this.isOp(j + 1, '[', s) || this.isOp(j + 1, '{', s))) {
        j++;
        continue;
      }
      if (t.k === 'str' && t.q === 'template' && !t.sp) {
        const parts = this.templateParts(s, j, c);
        v = this.call({ name: v.k === 'mod' ? v.name : undefined, tagged: true }, { pos: [], kw: new Map(), tpl: parts }, s.at(j), c);
        j++;
        qname = undefined;
        continue;
      }
      if (t.k === 'op' && t.v === '!' && (this.lang === 'typescript' || this.lang === 'javascript') && !t.sp && !this.isOp(j + 1, '=', s)) {
        j++;
        continue;
      }
      if (t.k === 'id' && (t.v === 'as' || t.v === 'satisfies') && this.lang === 'typescript') {
        j = this.skipType(s, j + 1);
        continue;
      }
      // Ruby and Perl call a known sink or helper without parentheses: `system "ls"`, `rmtree $d`.
      if ((this.lang === 'ruby' || this.lang === 'perl') && qname !== undefined && j === p.end && this.bareArgsFollow(s, j, v)) {
        const a = this.bareArgs(s, j, c);
        v = this.call({ name: v.k === 'mod' ? v.name : undefined, fn: this.userFn(v) }, a.args, s.at(i), c);
        j = a.end;
        qname = undefined;
        continue;
      }
      if (this.lang === 'perl' && qname !== undefined && j === p.end && v.k === 'mod' && (v.name === 'unlink' || v.name === 'rmdir') && (this.isOp(j, ';', s) || this.isId(j, 'for', s) || this.isId(j, 'foreach', s) || this.isId(j, 'if', s))) {
        // `unlink;` and `unlink for @files;` work on $_.
        v = this.call({ name: v.name }, { pos: [this.lookup('$_', s.at(j), c)], kw: new Map() }, s.at(i), c);
        break;
      }
      break;
    }
    return { v, end: j };
  }

  private skipType(s: Stream, j: number): number {
    for (let guard = 0; j < s.toks.length && guard < 64; guard++) {
      const t = s.toks[j];
      if (t.k === 'id' || (t.k === 'op' && (t.v === '.' || t.v === '|' || t.v === '&'))) {
        j++;
        continue;
      }
      if (t.k === 'op' && (t.v === '<' || t.v === '[' || t.v === '(')) {
        if (t.v === '<') {
          let depth = 0;
          for (; j < s.toks.length; j++) {
            if (this.isOp(j, '<', s)) depth++;
            else if (this.isOp(j, '>', s) && --depth === 0) break;
            else if (this.isOp(j, '>>', s) && (depth -= 2) <= 0) break;
          }
          j++;
          continue;
        }
        if (s.match[j] === -1) break;
        j = s.match[j] + 1;
        continue;
      }
      break;
    }
    return j;
  }

  /** `mod` stands for a function the source defines (`\u0001fn<id>`). */
  private userFn(v: Val): FnDef | undefined {
    if (v.k !== 'mod' || !v.name.startsWith('\u0001fn')) return undefined;
    return this.fns[Number(v.name.slice(3))];
  }

  private userMethod(name: string): FnDef | undefined {
    if (!this.methods) {
      this.methods = new Map();
      for (const f of this.fns) if (f.method && f.name && !this.methods.has(f.name)) this.methods.set(f.name, f);
    }
    return this.methods.get(name);
  }

  /** Ruby and Perl: arguments without parentheses follow a sink or a helper. */
  private bareArgsFollow(s: Stream, j: number, callee: Val): boolean {
    const t = s.toks[j];
    if (!t || t.nl || !t.sp) return false;
    if (callee.k !== 'mod') return false;
    const name = callee.name;
    const known = this.userFn(callee) !== undefined || sinkFn(this.lang, name, this.bareFileUtils) !== undefined || (valueFn(this.lang, name) !== undefined && this.lang === 'perl');
    if (!known) return false;
    if (t.k === 'str' || t.k === 'num') return true;
    if (t.k === 'id') return !(this.lang === 'ruby' ? RUBY_STOP : PERL_STOP).has(t.v) && !['do', 'then', 'x', 'eq', 'ne', 'or', 'and'].includes(t.v);
    return t.k === 'op' && ['[', ':', '$', '@', '%', '\\', '-', '*', '('].includes(t.v) && !(t.v === '-' && s.toks[j + 1]?.k === 'num');
  }

  private bareArgs(s: Stream, j: number, c: EvalCtx): { args: CallArgs; end: number } {
    const args: CallArgs = { pos: [], kw: new Map() };
    const stops = this.lang === 'ruby' ? RUBY_STOP : PERL_STOP;
    for (let guard = 0; guard < 64 && j < s.toks.length; guard++) {
      const t = s.toks[j];
      if (!t || (t.k === 'id' && stops.has(t.v)) || (t.k === 'op' && [';', ')', ']', '}', '{'].includes(t.v))) break;
      j = this.oneArg(s, j, args, sub(c, { depth: c.depth + 1 }));
      if (!this.isOp(j, ',', s) && !this.isOp(j, '=>', s)) break;
      j++;
    }
    return { args, end: j };
  }

  /** One argument into `args` (keywords, spreads, Perl list flattening); returns where it ends. */
  private oneArg(s: Stream, j: number, args: CallArgs, c: EvalCtx): number {
    const t = s.toks[j];
    // Keyword arguments: Python `name=value`, Ruby `name: value`.
    if (t.k === 'id' && this.lang === 'python' && this.isOp(j + 1, '=', s)) {
      const r = this.expr(s, j + 2, c);
      args.kw.set(t.v, r.v);
      return r.end;
    }
    if (t.k === 'id' && this.lang === 'ruby' && this.isOp(j + 1, ':', s) && !s.toks[j + 1].sp) {
      const r = this.expr(s, j + 2, c);
      args.kw.set(t.v, r.v);
      return r.end;
    }
    if ((t.k === 'op' && (t.v === '*' || t.v === '...' || t.v === '**')) || (this.lang === 'go' && this.isOp(j + 1, '...', s))) {
      const kwSpread = t.v === '**';
      const r = this.expr(s, t.k === 'op' && (t.v === '*' || t.v === '...' || t.v === '**') ? j + 1 : j, c);
      let end = r.end;
      if (this.isOp(end, '...', s)) end++;
      if (!kwSpread) pushSpread(args.pos, r.v);
      return end;
    }
    const r = this.expr(s, j, c);
    let end = r.end;
    if (this.lang === 'go' && this.isOp(end, '...', s)) {
      pushSpread(args.pos, r.v);
      return end + 1;
    }
    // Ruby `:key => value` and string keys go with the options.
    if (this.lang === 'ruby' && this.isOp(end, '=>', s)) {
      const value = this.expr(s, end + 1, c);
      const key = literal(r.v);
      if (key !== undefined) args.kw.set(key, value.v);
      return value.end;
    }
    if (this.lang === 'perl' && r.v.k === 'list') pushSpread(args.pos, r.v);
    else args.pos.push(r.v);
    end = r.end;
    return end;
  }

  private args(s: Stream, open: number, c: EvalCtx): { args: CallArgs; end: number } {
    const close = s.match[open];
    const args: CallArgs = { pos: [], kw: new Map() };
    if (close === -1) return { args, end: open + 1 };
    let j = open + 1;
    const inner: EvalCtx = sub(c, { depth: c.depth + 1, stopAt: close });
    for (let guard = 0; guard < 256 && j < close; guard++) {
      const before = j;
      j = this.oneArg(s, j, args, inner);
      if (this.isOp(j, ',', s) || (this.lang === 'perl' && this.isOp(j, '=>', s))) {
        j++;
        continue;
      }
      if (j >= close) break;
      // Something this reading does not follow: go on at the next argument.
      j = Math.max(before + 1, this.nextComma(s, j, close));
      if (this.isOp(j, ',', s)) j++;
    }
    return { args, end: close + 1 };
  }

  private nextComma(s: Stream, j: number, close: number): number {
    for (; j < close; j++) {
      if (this.isOp(j, ',', s)) return j;
      const t = s.toks[j];
      if (t.k === 'op' && (t.v === '(' || t.v === '[' || t.v === '{') && s.match[j] !== -1) j = s.match[j];
    }
    return close;
  }

  private primary(s: Stream, i: number, c: EvalCtx): R & { name?: string } {
    this.spend();
    // The walk need not start again at a token a walk from an earlier head has read.
    if (c.hook && s === this.main && i < this.visited.length) this.visited[i] = 1;
    const t = s.toks[i];
    if (!t) return { v: unk('X'), end: i + 1 };
    if (t.k === 'num') return { v: { k: 'num', v: Number(t.v.replace(/_/g, '')) || 0 }, end: i + 1 };
    if (t.k === 'str') return this.stringValue(s, i, c);
    if (t.k === 'op') return this.bracketValue(s, i, c);
    return this.nameValue(s, i, c);
  }

  private stringValue(s: Stream, i: number, c: EvalCtx): R {
    const t = s.toks[i];
    if (t.q === 'regex') return { v: unk('pattern'), end: i + 1 };
    if (t.q === 'shell') return { v: unk('output'), end: i + 1 };
    if (t.q === 'words') return { v: { k: 'list', items: t.v.split(/\s+/).filter(Boolean).map((w) => str(w)) }, end: i + 1 };
    if (t.q === 'glob') return { v: { k: 'list', items: [str(t.v, { glob: true })] }, end: i + 1 };
    let v = this.partsValue(s, i, t.parts ?? [t.v], c);
    let j = i + 1;
    // Adjacent literals join (`'a' 'b'` in Python, Ruby).
    while ((this.lang === 'python' || this.lang === 'ruby') && s.toks[j]?.k === 'str' && s.toks[j].q === 'plain' && (!s.toks[j].nl || s.outer[j] !== -1)) {
      v = concat(v, this.partsValue(s, j, s.toks[j].parts ?? [s.toks[j].v], c));
      j++;
    }
    return { v, end: j };
  }

  private partsValue(s: Stream, i: number, parts: StrPart[], c: EvalCtx): Val {
    let v: Val = str('');
    for (const p of parts) {
      if (typeof p === 'string') v = concat(v, p.includes(RUNTIME_TEXT) ? withRuntimeText(p) : str(p));
      else if (p.expr.length) {
        const inner = this.stream(p.expr, () => s.at(i));
        v = concat(v, asStr(this.expr(inner, 0, sub(c, { depth: c.depth + 1, stopAt: undefined, hook: undefined })).v));
      }
    }
    return v;
  }

  private templateParts(s: Stream, i: number, c: EvalCtx): { lits: string[]; vals: Val[] } {
    const lits: string[] = [''];
    const vals: Val[] = [];
    for (const p of s.toks[i].parts ?? []) {
      if (typeof p === 'string') lits[lits.length - 1] += p;
      else {
        const inner = this.stream(p.expr, () => s.at(i));
        vals.push(p.expr.length ? this.expr(inner, 0, sub(c, { depth: c.depth + 1, stopAt: undefined, hook: undefined })).v : unk('X'));
        lits.push('');
      }
    }
    return { lits, vals };
  }

  private bracketValue(s: Stream, i: number, c: EvalCtx): R & { name?: string } {
    const t = s.toks[i];
    const close = s.match[i];
    const inner: EvalCtx = sub(c, { depth: c.depth + 1, stopAt: close });
    if (t.v === '(' && close !== -1) {
      // An arrow function's parameters: skip the function, its body is read on its own.
      if (this.isOp(close + 1, '=>', s)) return { v: unk('fn'), end: this.skipArrowBody(s, close + 2) };
      const items: Val[] = [];
      let comma = false;
      for (let j = i + 1, guard = 0; j < close && guard < 256; guard++) {
        const r = this.expr(s, j, inner);
        if (this.lang === 'perl' && r.v.k === 'list') pushSpread(items, r.v);
        else items.push(r.v);
        j = this.isOp(r.end, ',', s) || this.isOp(r.end, '=>', s) ? ((comma = true), r.end + 1) : Math.max(r.end, this.nextComma(s, r.end, close) + 1);
      }
      if (items.length === 1 && !comma && this.lang !== 'perl') return { v: items[0], end: close + 1 };
      return { v: { k: 'list', items }, end: close + 1 };
    }
    if (t.v === '[' && close !== -1) {
      // Go: `[]string{"a", "b"}`.
      if (this.lang === 'go' && close === i + 1 || (this.lang === 'go' && this.isOp(i + 1, '...', s))) {
        let j = close + 1;
        while (j < s.toks.length && !this.isOp(j, '{', s) && j < close + 8) j++;
        if (this.isOp(j, '{', s) && s.match[j] !== -1) return { v: this.listItems(s, j, c), end: s.match[j] + 1 };
        return { v: unk('X'), end: close + 1 };
      }
      return { v: this.listItems(s, i, c), end: close + 1 };
    }
    if (t.v === '{' && close !== -1) {
      if (this.lang === 'ruby' && this.isOp(i + 1, '|', s)) return { v: unk('block'), end: close + 1 };
      return { v: this.objectValue(s, i, c), end: close + 1 };
    }
    if (t.v === '->' && this.lang === 'ruby') return { v: unk('fn'), end: i + 1 };
    return { v: unk('X'), end: i + 1 };
  }

  private skipArrowBody(s: Stream, j: number): number {
    if (this.isOp(j, '{', s) && s.match[j] !== -1) return s.match[j] + 1;
    const r = this.expr(s, j, { cap: Infinity, depth: MAX_PARSE_DEPTH - 4 });
    return r.end;
  }

  private listItems(s: Stream, open: number, c: EvalCtx): Val {
    const close = s.match[open];
    const items: Val[] = [];
    let more: Val | undefined;
    const inner: EvalCtx = sub(c, { depth: c.depth + 1, stopAt: close });
    for (let j = open + 1, guard = 0; j < close && guard < 512; guard++) {
      const t = s.toks[j];
      if (this.lang === 'python' && t.k === 'id' && t.v === 'for') {
        // A comprehension: its items are computed.
        return { k: 'list', items: [], more: items[0] ? asStr(items[0]) : unk('item') };
      }
      const spread = t.k === 'op' && (t.v === '...' || t.v === '*');
      const r = this.expr(s, spread ? j + 1 : j, inner);
      if (spread) {
        if (r.v.k === 'list' && !r.v.more) items.push(...r.v.items);
        else more = r.v.k === 'list' ? r.v.more : r.v;
      } else if (this.lang === 'perl' && r.v.k === 'list') pushSpread(items, r.v);
      else items.push(r.v);
      if (this.isId(r.end, 'for', s) && this.lang === 'python') return { k: 'list', items: [], more: asStr(r.v) };
      j = this.isOp(r.end, ',', s) ? r.end + 1 : Math.max(r.end, this.nextComma(s, r.end, close) + 1);
    }
    return more ? { k: 'list', items, more } : { k: 'list', items };
  }

  private objectValue(s: Stream, open: number, c: EvalCtx): Val {
    const close = s.match[open];
    const props = new Map<string, Val>();
    const inner: EvalCtx = sub(c, { depth: c.depth + 1, stopAt: close });
    for (let j = open + 1, guard = 0; j < close && guard < 256; guard++) {
      const t = s.toks[j];
      let key: string | undefined;
      let k: number;
      if (t.k === 'op' && t.v === '...') {
        j = this.nextComma(s, j, close) + 1;
        continue;
      }
      if ((t.k === 'id' || t.k === 'str' || t.k === 'num') && (this.isOp(j + 1, ':', s) || this.isOp(j + 1, '=>', s))) {
        key = t.k === 'str' ? literal(this.partsValue(s, j, t.parts ?? [t.v], c)) : t.v;
        k = j + 2;
      } else if (t.k === 'id' && (this.isOp(j + 1, ',', s) || j + 1 === close)) {
        props.set(t.v, this.lookup(t.v, s.at(j), c));
        j += 2;
        continue;
      } else {
        j = this.nextComma(s, j, close) + 1;
        continue;
      }
      const r = this.expr(s, k, inner);
      if (key !== undefined && props.size < 64) props.set(key, r.v);
      j = this.isOp(r.end, ',', s) ? r.end + 1 : Math.max(r.end, this.nextComma(s, r.end, close) + 1);
    }
    return { k: 'obj', props };
  }

  private nameValue(s: Stream, i: number, c: EvalCtx): R & { name?: string } {
    const t = s.toks[i];
    const v = t.v;
    switch (v) {
      case 'True':
      case 'true':
        return { v: { k: 'bool', v: true }, end: i + 1 };
      case 'False':
      case 'false':
        return { v: { k: 'bool', v: false }, end: i + 1 };
      case 'None':
      case 'null':
      case 'undefined':
      case 'nil':
      case 'undef':
        return { v: NOTHING, end: i + 1 };
    }
    if ((v === 'function' || v === 'func') && (this.lang !== 'python')) {
      let j = i + 1;
      while (j < s.toks.length && !this.isOp(j, '(', s)) j++;
      const close = s.match[j];
      if (close === -1) return { v: unk('fn'), end: i + 1 };
      let body = close + 1;
      while (body < s.toks.length && !this.isOp(body, '{', s) && body < close + 32) body++;
      return { v: unk('fn'), end: s.match[body] === -1 ? close + 1 : s.match[body] + 1 };
    }
    if (v === 'lambda' && this.lang === 'python') {
      let j = i + 1;
      while (j < s.toks.length && !this.isOp(j, ':', s)) j++;
      const r = this.expr(s, j + 1, sub(c, { depth: c.depth + 1, hook: undefined }));
      return { v: unk('fn'), end: r.end };
    }
    if (v === 'new' && (this.lang === 'javascript' || this.lang === 'typescript') && this.isId(i + 1, undefined, s)) {
      let j = i + 1;
      let callee = this.lookup(s.toks[j].v, s.at(j), c);
      j++;
      while (this.isOp(j, '.', s) && this.isId(j + 1, undefined, s)) {
        callee = this.member(callee, s.toks[j + 1].v);
        j += 2;
      }
      if (this.isOp(j, '(', s)) {
        const a = this.args(s, j, c);
        return { v: this.call({ name: callee.k === 'mod' ? callee.name : undefined }, a.args, s.at(i + 1), c), end: a.end };
      }
      return { v: this.call({ name: callee.k === 'mod' ? callee.name : undefined }, { pos: [], kw: new Map() }, s.at(i + 1), c), end: j };
    }
    if (v === 'import' && this.lang !== 'python' && this.lang !== 'go' && this.isOp(i + 1, '.', s) && this.isId(i + 2, 'meta', s) && this.isOp(i + 3, '.', s) && this.isId(i + 4, undefined, s)) {
      const name = `import.meta.${s.toks[i + 4].v}`;
      return { v: this.constant(name) ?? unk(name), end: i + 5, name };
    }
    // Perl `${name}` and `@{…}`.
    if ((v === '$' || v === '@' || v === '$#') && this.isOp(i + 1, '{', s) && s.match[i + 1] !== -1) {
      const close = s.match[i + 1];
      if (close === i + 3 && this.isId(i + 2, undefined, s)) {
        const name = `${v === '@' ? '@' : '$'}${s.toks[i + 2].v}`;
        return { v: this.lookup(name, s.at(i), c), end: close + 1, name };
      }
      return { v: unk('X'), end: close + 1 };
    }
    // Perl `$x[0]` reads `@x`, `$x{k}` reads `%x`: postfix handles those with the name.
    return { v: this.lookup(v, s.at(i), c), end: i + 1, name: v };
  }

  // ---- calls -------------------------------------------------------------------------------------

  /** Evaluates a call's value and reports it to the hook (sinks, helper calls). */
  private call(callee: Callee, a: CallArgs, at: number, c: EvalCtx): Val {
    this.spend();
    if (c.hook) c.hook(callee, { ...a, recv: callee.recv }, at);
    const name = callee.name;
    if (name === 'require' || name === 'import') {
      const m = literal(a.pos[0]);
      if (m !== undefined && m.startsWith('.') && this.opts.modules) return this.moduleRef(m, normalizeModule(m));
      return m !== undefined ? { k: 'mod', name: normalizeModule(m) } : unk('module');
    }
    if (name !== undefined && name.startsWith('\u0001fn') && callee.fn) {
      const r = this.returnOf(callee.fn, a, callee.recv !== undefined, c);
      if (r) return r;
    }
    if (name !== undefined && name.startsWith(RETURNS)) {
      const r = this.importedFn({ k: 'mod', name });
      if (r) return r;
    }
    if (name !== undefined) {
      const f = valueFn(this.lang, name) ?? (callee.method && callee.recv?.k === 'env' ? undefined : undefined);
      if (f) return f(a, this.api);
    }
    if (callee.recv && callee.method) {
      if (callee.recv.k === 'env' && (callee.method === 'get' || callee.method === 'fetch')) return envVar(a.pos[0], a.pos[1]);
      if (callee.recv.k !== 'mod') return methodValue(callee.recv, callee.method, a, this.api) ?? unk(callee.method);
    }
    // `getattr(os, "system")`: the module's member by its literal name.
    if (name === 'getattr' && a.pos[0]?.k === 'mod' && /^[A-Za-z_]\w*$/.test(literal(a.pos[1]) ?? '')) return this.member(a.pos[0], literal(a.pos[1])!);
    if (name === 'getattr' || name === 'open' || name === 'print') return unk('X');
    return unk(name ? holeOf(name) : 'X');
  }

  // ---- the walk ---------------------------------------------------------------------------------

  /** Every member chain, evaluated once from its head; its calls go to the hook. */
  private walk(): void {
    const s = this.main;
    this.visited = new Uint8Array(s.toks.length);
    for (const [from, to] of this.dead) this.visited.fill(1, from, to);
    for (let i = 0; i < s.toks.length; i++) {
      if ((i & 4095) === 4095 && this.opts.outOfTime?.()) throw new OutOfTime();
      if (this.visited[i]) continue;
      if (this.steps.length >= MAX_STEPS && this.truncated) break;
      const t = s.toks[i];
      if (t.k === 'str' && t.q === 'shell') {
        const v = this.partsValue(s, i, t.parts ?? [t.v], { cap: Infinity, depth: 0 });
        this.sinkCall([{ op: 'shell', text: v }], { head: i, at: i, line: this.lineOf(i) });
        continue;
      }
      if (!this.isHead(i)) continue;
      this.postfix(s, i, { cap: Infinity, depth: 0, hook: (callee, args, at) => this.onCall(callee, args, at, i) });
    }
  }

  private isHead(i: number): boolean {
    const s = this.main;
    const t = s.toks[i];
    if (t.k !== 'id' && !(t.k === 'op' && t.v === '(')) return false;
    const p = s.toks[i - 1];
    if (p && p.k === 'op' && MEMBER_OPS.has(p.v)) return false;
    // A parenthesis right after a name or a call is that call's; one that starts a line is a group.
    if (t.k === 'op' && p && !t.nl && (p.k === 'id' || (p.k === 'op' && (p.v === ')' || p.v === ']')))) return false;
    if (p && p.k === 'id' && KEYWORD_HEADS.has(p.v)) return false;
    if (p && p.k === 'id' && this.lang === 'javascript' && p.v === 'async' && this.isOp(i + 1, '(')) return false;
    // A method definition in a class body (`rmSync(p) { … }`) is not a call.
    if ((this.lang === 'javascript' || this.lang === 'typescript') && t.k === 'id' && this.isOp(i + 1, '(')) {
      const close = s.match[i + 1];
      if (close !== -1 && this.isOp(close + 1, '{') && this.stmtStart(i)) return false;
    }
    // Go: `func (r *R) RemoveAll(…)`.
    if (this.lang === 'go' && p && p.k === 'op' && p.v === ')' && s.match[i - 1] !== -1 && this.isId(s.match[i - 1] - 1, 'func')) return false;
    return true;
  }

  private lineOf(i: number): number {
    const t = this.main.toks[i];
    return t ? this.lines.line(t.start) : 1;
  }

  private onCall(callee: Callee, args: CallArgs, at: number, head: number): void {
    const ref: CallRef = { head, at, line: this.lineOf(at) };
    if (callee.fn) {
      if (this.userCalls.length < 2000) this.userCalls.push({ fn: callee.fn, ref, member: callee.recv !== undefined });
      return;
    }
    const actions = this.actionsFor(callee, args);
    if (actions?.length) this.sinkCall(actions, ref);
  }

  private actionsFor(callee: Callee, args: CallArgs): Action[] | undefined {
    if (callee.tagged) {
      const name = callee.name ?? '';
      if (args.tpl && /^(\$|zx\.\$|execa\.\$|Bun\.\$|bun\.\$|\$\.sync)$/.test(name)) return [{ op: 'template', lits: args.tpl.lits, vals: args.tpl.vals }];
      return undefined;
    }
    if (callee.name !== undefined) {
      const f = sinkFn(this.lang, callee.name, this.bareFileUtils);
      if (f) return f(args, this.api);
      // A method on a module we know by another name (`fsp.rm` where fsp names the fs/promises module).
    }
    if (callee.recv && callee.method && callee.recv.k !== 'mod') return pathMethodSink(this.lang, callee.recv, callee.method, args);
    if (callee.recv?.k === 'mod' && callee.method && (this.lang === 'javascript' || this.lang === 'typescript') && FS_MODULES.has(callee.recv.name)) {
      const f = sinkFn(this.lang, `fs.${callee.method}`);
      if (f) return f(args, this.api);
    }
    return undefined;
  }

  /** A sink's actions: emitted, or kept on the function whose parameters they depend on. */
  private sinkCall(actions: Action[], ref: CallRef): void {
    const fn = this.taintedBy(actions, this.fnAt(ref.at));
    if (fn && fn.name) {
      if (fn.sinks.length < 32) fn.sinks.push([ref]);
      return;
    }
    this.emit(actions, ref.line);
  }

  /** The function among `inner` and those around it whose parameters the actions depend on. */
  private taintedBy(actions: Action[], inner: FnDef | undefined): FnDef | undefined {
    if (!inner) return undefined;
    const ids = new Set<number>();
    for (const a of actions) for (const v of actionVals(a)) for (const p of paramsIn(v)) ids.add(p.fn);
    if (!ids.size) return undefined;
    for (let f: FnDef | undefined = inner; f; f = this.fnAt(f.start - 1)) if (ids.has(f.id)) return f;
    return undefined;
  }

  // ---- helpers called with their arguments -----------------------------------------------------------

  private wrappers(): void {
    const queue = this.fns.filter((f) => f.sinks.length);
    const done = new Set<string>();
    for (let guard = 0; queue.length && guard < 512; guard++) {
      const fn = queue.shift()!;
      const sites = this.userCalls.filter((u) => u.fn.id === fn.id);
      const chains = fn.sinks.splice(0);
      if (!sites.length) {
        // Nothing here calls it (a command-line entry point, a callback): read it as called with
        // values only known at run time.
        for (const chain of chains) this.emit(this.evalChain(chain, undefined), chain[0].line);
        continue;
      }
      for (const site of sites.slice(0, 16)) {
        for (const chain of chains) {
          const key = `${fn.id}:${site.ref.at}:${chain.map((r) => r.at).join(',')}`;
          if (done.has(key)) continue;
          done.add(key);
          const over = this.overridesAt(fn, site, undefined);
          const actions = this.evalChain(chain, over);
          const outer = this.taintedBy(actions, this.fnAt(site.ref.at));
          if (outer && outer.name && chain.length < MAX_CHAIN && outer.id !== fn.id) {
            if (!outer.sinks.length) queue.push(outer);
            outer.sinks.push([site.ref, ...chain]);
            continue;
          }
          this.emit(actions, site.ref.line);
          if (this.truncated) return;
        }
      }
    }
  }

  /** The values a call at `site` gives `fn`'s parameters. */
  private overridesAt(fn: FnDef, site: UserCall, over: Map<Binding, Val> | undefined): Map<Binding, Val> {
    const args: CallArgs = this.callArgsAt(site.ref, over) ?? { pos: [], kw: new Map<string, Val>() };
    return this.paramValues(fn, args, site.member, undefined);
  }

  /** The values a call with `args` gives `fn`'s parameters (on top of `over`, when given). */
  private paramValues(fn: FnDef, args: CallArgs, member: boolean, over: Map<Binding, Val> | undefined): Map<Binding, Val> {
    const m = new Map<Binding, Val>(over ?? []);
    if (fn.restAll) m.set(fn.restAll, { k: 'list', items: args.pos });
    let params = fn.params;
    if (member && params[0] && (params[0].name === 'self' || params[0].name === 'cls')) {
      if (params[0].binding) m.set(params[0].binding, unk('self'));
      params = params.slice(1);
    }
    params.forEach((p, k) => {
      if (!p.binding) return;
      let v: Val | undefined;
      if (p.rest) v = { k: 'list', items: args.pos.slice(k) };
      else v = args.kw.get(p.name) ?? args.pos[k];
      if (v === undefined && p.dflt !== undefined) v = this.expr(this.main, p.dflt, { cap: fn.start, depth: 1 }).v;
      m.set(p.binding, v ?? unk(p.name));
    });
    return m;
  }

  /** Evaluates the call at `ref` again and returns its arguments. */
  private callArgsAt(ref: CallRef, over: Map<Binding, Val> | undefined): CallArgs | undefined {
    let got: CallArgs | undefined;
    this.postfix(this.main, ref.head, {
      cap: Infinity,
      depth: 0,
      over,
      hook: (_callee, args, at) => {
        if (at === ref.at && !got) got = args;
      },
    });
    return got;
  }

  /** A chain of calls from a function to a sink, evaluated with values for its parameters. */
  private evalChain(chain: CallRef[], over: Map<Binding, Val> | undefined): Action[] {
    let cur = over;
    for (let k = 0; k < chain.length - 1; k++) {
      const ref = chain[k];
      let callee: FnDef | undefined;
      let member = false;
      this.postfix(this.main, ref.head, {
        cap: Infinity,
        depth: 0,
        over: cur,
        hook: (c, _args, at) => {
          if (at === ref.at && !callee) {
            callee = c.fn;
            member = c.recv !== undefined;
          }
        },
      });
      if (!callee) return [];
      cur = this.overridesAt(callee, { fn: callee, ref, member }, cur);
    }
    const last = chain[chain.length - 1];
    if (this.main.toks[last.at]?.k === 'str' && this.main.toks[last.at].q === 'shell') {
      const t = this.main.toks[last.at];
      return [{ op: 'shell', text: this.partsValue(this.main, last.at, t.parts ?? [t.v], { cap: Infinity, depth: 0, over: cur }) }];
    }
    let actions: Action[] = [];
    this.postfix(this.main, last.head, {
      cap: Infinity,
      depth: 0,
      over: cur,
      hook: (callee, args, at) => {
        if (at === last.at && !callee.fn) actions = this.actionsFor(callee, args) ?? [];
      },
    });
    return actions;
  }

  // ---- output -----------------------------------------------------------------------------------

  private emit(actions: Action[], line: number): void {
    for (const a of actions) {
      for (const { command, args } of this.render(a)) {
        if (this.steps.length >= MAX_STEPS) {
          if (!this.truncated) this.issues.push(`more than ${MAX_STEPS} deletions and commands; only the first ${MAX_STEPS} are listed`);
          this.truncated = true;
          return;
        }
        // An empty command (zx's $`` with nothing in it, or an unclosed template) runs nothing.
        if (!command.trim()) continue;
        const key = `${line}\u0000${command}`;
        if (this.seen.has(key)) continue;
        this.seen.add(key);
        this.steps.push(args ? { line, text: this.lineText(line), command, fromArguments: true } : { line, text: this.lineText(line), command });
      }
    }
  }

  private lineText(line: number): string {
    const raw = this.lines.lineText(line).trim();
    const clipped = raw.length > MAX_TEXT ? `${raw.slice(0, MAX_TEXT - 1)}…` : raw;
    return redactSecrets(clipped).text;
  }

  /** The shell commands an action amounts to, one per case of its values, each with whether it uses the arguments. */
  private render(a: Action): { command: string; args: boolean }[] {
    const said = (vals: Val[], command: string): { command: string; args: boolean } => ({ command, args: vals.some((v) => fromArguments(v)) });
    switch (a.op) {
      // A path that is None or undefined in one case (`x = cond ? undefined : mkdtemp()`) deletes
      // nothing in that case: the API throws, or an `if (x)` around it skips it.
      case 'rm':
        return pathVariants(a.targets).map((ts) => said(ts, `rm${a.flags ? ` -${a.flags}` : ''} ${ts.map((t) => pathWord(a.contents ? asGlob(joinPath(t, str('*'))) : t)).join(' ')}`));
      case 'rmdir':
        return pathVariants(a.targets).map((ts) => said(ts, `rmdir ${ts.map(pathWord).join(' ')}`));
      case 'mv':
      case 'cp':
        return pathVariants([a.from, a.to]).map(([f, t]) => said([f, t], `${a.op}${a.flags ? ` -${a.flags}` : ''} ${pathWord(f)} ${pathWord(t)}`));
      case 'write':
        return pathVariants([a.target]).map(([t]) => said([t], `: > ${pathWord(t)}`));
      case 'truncate':
        return pathVariants([a.target]).map(([t]) => said([t], `truncate -s 0 ${pathWord(t)}`));
      case 'argv':
        if (!a.words.length) return [];
        return variantsOf(a.words).map((ws) => said(ws, ws.flatMap((w) => (w.k === 'list' ? [...w.items, ...(w.more ? [w.more] : [])] : [w])).map(argWord).join(' ')));
      case 'shell':
        return variantsOf([a.text]).map(([t]) => said([t], shellText(t))).filter((x) => x.command.trim() !== '');
      case 'template':
        return variantsOf(a.vals).map((vs) => said(vs, a.lits.map((l, k) => l + (k < vs.length ? templateWords(vs[k]) : '')).join('')));
      case 'code': {
        if (this.codeDepth >= MAX_CODE_DEPTH) return [];
        const inner = scanAt(this.lang, a.text, this.opts, this.codeDepth + 1);
        return inner.steps.map((x) => ({ command: x.command, args: x.fromArguments === true }));
      }
    }
  }
}

/** A string literal with run-time text in it: each piece of it a hole. */
function withRuntimeText(text: string): Val {
  let v: Val = str('');
  text.split(RUNTIME_TEXT).forEach((piece, k) => {
    v = concat(k ? concat(v, RUNTIME_HOLE) : v, str(piece));
  });
  return v;
}

/** A zx or Bun template value: each interpolation is quoted as one word (a list as several). */
/** A context for a nested evaluation, every field in the same order (one shape for V8). */
function sub(c: EvalCtx, patch: Partial<EvalCtx>): EvalCtx {
  return {
    cap: patch.cap ?? c.cap,
    over: 'over' in patch ? patch.over : c.over,
    depth: patch.depth ?? c.depth,
    stopAt: 'stopAt' in patch ? patch.stopAt : c.stopAt,
    hook: 'hook' in patch ? patch.hook : c.hook,
  };
}

function templateWords(v: Val): string {
  if (v.k === 'list') return [...v.items, ...(v.more ? [v.more] : [])].map(argWord).join(' ');
  return argWord(v);
}

function actionVals(a: Action): Val[] {
  switch (a.op) {
    case 'rm':
    case 'rmdir':
      return a.targets;
    case 'mv':
    case 'cp':
      return [a.from, a.to];
    case 'write':
    case 'truncate':
      return [a.target];
    case 'argv':
      return a.words;
    case 'shell':
      return [a.text];
    case 'template':
      return a.vals;
    case 'code':
      return [];
  }
}

function pushSpread(out: Val[], v: Val): void {
  if (v.k === 'list') {
    out.push(...v.items.slice(0, 256));
    if (v.more) out.push(v.more);
  } else out.push(v);
}

function pick(v: Val, index: number): Val {
  if (v.k === 'list') return v.items[index] ?? (v.more ? asStr(v.more) : unk('item'));
  if (v.k === 'alts') return alts(v.items.map((x) => pick(x, index)));
  return unk('item');
}

/**
 * A value only known at run time, seen through a variable, takes the variable's name
 * (`target = sys.argv[1]` → `"$target"`), which says more in a message than where it came from.
 */
/** The cases of a file call's paths, without those where a path is None or undefined. */
function pathVariants(vals: Val[]): Val[][] {
  return variantsOf(vals).filter((vs) => !vs.some(isNothing));
}

function named(v: Val, name: string): Val {
  const bare = name.replace(/^[$@%&]/, '').replace(/^(self|this|cls)\./, '');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(bare) || bare === '_') return v;
  // A variable holding None is still None: `rmtree(d)` with `d = None` deletes nothing.
  if (v.k === 'unk') {
    if (v.nothing) return v;
    const renamed = unk(bare, v.param);
    return v.args && renamed.k === 'unk' ? { ...renamed, args: true } : renamed;
  }
  if (v.k === 'str' && v.p.length === 1 && typeof v.p[0] !== 'string' && v.p[0].h === 'dyn' && !v.p[0].env) return { ...v, p: [{ ...v.p[0], name: bare }] };
  return v;
}

/** `a || b`: a known value stands; an environment variable that is not set falls back to b. */
function orValue(a: Val, b: Val): Val {
  if (a.k === 'str' && a.p.length === 1 && typeof a.p[0] !== 'string' && a.p[0].h === 'dyn' && a.p[0].env) return b;
  if (a.k === 'unk' || a.k === 'mod') return alts([a, b]);
  if (a.k === 'str' && a.p.some((p) => typeof p !== 'string' && p.h === 'dyn')) return alts([a, b]);
  return a;
}

/** Python's `%` formatting directives (`%s`, `%(name)s`, `%5.2f`): sprintf takes the arguments in order. */
const PERCENT_FORMAT = /%%|%(?:\([^)]*\))?[-+ #0]*\d*(?:\.\d+)?[sdifrxXeEgGc]/g;

function holeOf(name: string): string {
  const parts = name.split(/[^A-Za-z0-9_]+/).filter(Boolean);
  return parts[parts.length - 1] ?? 'X';
}

/** The analysed source's module names: the node-prefixed fs → fs, fs/promises → fs.promises, graceful-fs → fs. */
export function normalizeModule(m: string): string {
  let x = m.replace(/^node:/, '');
  if (x === 'graceful-fs') x = 'fs';
  if (x === 'path/posix') x = 'path';
  if (x === 'bun') x = 'Bun';
  return x.replace(/\//g, '.');
}

function findLast<T>(xs: readonly T[], f: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (f(xs[i])) return i;
  return -1;
}
