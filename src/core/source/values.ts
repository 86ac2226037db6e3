/**
 * What the static reading of interpreter source knows about a value: a string or path made of
 * literal text and holes (the home folder, a fresh temp folder, something computed), a list, an
 * object of options, one of several values, a module or API name. And how such a value is
 * written back as shell words, so the command engine judges `shutil.rmtree(Path.home())` as it
 * judges `rm -rf ~`.
 */
import { ARTIFACT_DIRS, ARTIFACT_FILE, normalizePath } from '../path-text';

/** A parameter of a function in the source: its value comes from each call. */
export interface ParamRef {
  fn: number;
  index: number;
}

export type Hole =
  /** Computed at run time; `name` is what the source calls it (for `"$name"`). */
  /** `args`: it comes from the script's command-line arguments (sys.argv, process.argv, ARGV). */
  | { h: 'dyn'; name: string; env?: boolean; param?: ParamRef; args?: true }
  | { h: 'home' }
  /** A fresh folder from mkdtemp and the like. */
  | { h: 'tmp' };

export type Piece = string | Hole;

export type Val =
  /** `path`: a path object (pathlib.Path, Pathname), whose methods act on the file. */
  | { k: 'str'; p: Piece[]; glob?: boolean; path?: boolean }
  /** `more`: items only known at run time follow (a spread, `+ extra`). `tuple`: Go's results. */
  | { k: 'list'; items: Val[]; more?: Val; tuple?: boolean }
  | { k: 'obj'; props: Map<string, Val> }
  | { k: 'bool'; v: boolean }
  | { k: 'num'; v: number }
  /** One of these at run time (a loop variable, a ternary). */
  | { k: 'alts'; items: Val[] }
  /** A module or a name the source does not define (`shutil`, `fs.promises`, `FileUtils`). */
  | { k: 'mod'; name: string }
  /** The environment (`os.environ`, `process.env`, `ENV`, `%ENV`). */
  | { k: 'env' }
  /** `nothing`: the language's no-value (None, undefined, null, nil, undef), known to be one. */
  | { k: 'unk'; name: string; param?: ParamRef; nothing?: true; args?: true };

export const MAX_ALTS = 8;

export function str(text: string, extra: { glob?: boolean; path?: boolean } = {}): Val {
  return { k: 'str', p: text ? [text] : [], ...extra };
}

export function unk(name: string, param?: ParamRef): Val {
  return param ? { k: 'unk', name, param } : { k: 'unk', name };
}

/** None, undefined, null, nil, undef: a file API given one deletes nothing (it throws). */
export const NOTHING: Val = { k: 'unk', name: 'none', nothing: true };

export function isNothing(v: Val): boolean {
  return v.k === 'unk' && v.nothing === true;
}

/** The script's command-line arguments: a list known only at run time, each item marked as one. */
export function argumentList(name: string): Val {
  return { k: 'list', items: [], more: { k: 'unk', name, args: true } };
}

/** True when some part of `v` comes from the script's command-line arguments. */
export function fromArguments(v: Val, depth = 0): boolean {
  if (depth > 16) return false;
  switch (v.k) {
    case 'unk':
      return v.args === true;
    case 'str':
      return v.p.some((p) => typeof p !== 'string' && p.h === 'dyn' && p.args === true);
    case 'list':
      return v.items.slice(0, 64).some((i) => fromArguments(i, depth + 1)) || (!!v.more && fromArguments(v.more, depth + 1));
    case 'alts':
      return v.items.some((i) => fromArguments(i, depth + 1));
    case 'obj':
      return [...v.props.values()].slice(0, 64).some((i) => fromArguments(i, depth + 1));
    default:
      return false;
  }
}

export const HOME: Val = { k: 'str', p: [{ h: 'home' }] };
export const TMP: Val = { k: 'str', p: [{ h: 'tmp' }] };

/** A short name for a computed value: the last word of what the source calls it. */
export function holeName(name: string): string {
  const parts = name.split(/[^A-Za-z0-9_]+/).filter((x) => /^[A-Za-z_]/.test(x));
  const last = parts[parts.length - 1] ?? 'X';
  return last.length > 40 ? last.slice(0, 40) : last;
}

/** The value as a string (or a string of alternatives). */
export function asStr(v: Val): Val {
  switch (v.k) {
    case 'str':
      return v;
    case 'alts':
      return alts(v.items.map(asStr));
    case 'num':
      return str(String(v.v));
    case 'bool':
      return str(v.v ? 'true' : 'false');
    case 'unk':
      return { k: 'str', p: [{ h: 'dyn', name: holeName(v.name), ...(v.param ? { param: v.param } : {}), ...(v.args ? { args: true as const } : {}) }] };
    case 'mod':
      return { k: 'str', p: [{ h: 'dyn', name: holeName(v.name) }] };
    case 'list': {
      // A list where a string is expected: its items joined by blanks (`' '.join(…)`-like).
      let out: Val = str('');
      v.items.forEach((item, i) => {
        out = concat(i ? concat(out, str(' ')) : out, asStr(item));
      });
      return v.more ? concat(v.items.length ? concat(out, str(' ')) : out, asStr(v.more)) : out;
    }
    default:
      return { k: 'str', p: [{ h: 'dyn', name: 'X' }] };
  }
}

/** The value as a glob pattern the shell expands. */
export function asGlob(v: Val): Val {
  const s = asStr(v);
  return s.k === 'str' ? { ...s, glob: true } : s;
}

export function alts(items: Val[]): Val {
  const flat: Val[] = [];
  for (const i of items) {
    if (i.k === 'alts') flat.push(...i.items);
    else flat.push(i);
  }
  if (flat.length === 1) return flat[0];
  return { k: 'alts', items: flat.slice(0, MAX_ALTS * 2) };
}

function pieces(v: Val & { k: 'str' }): Piece[] {
  return v.p;
}

/** A value built larger than this (`a = a + a` in a loop) is only known at run time. */
const MAX_PIECES = 64;
const MAX_TEXT = 16 * 1024;
const MAX_ITEMS = 256;

function mergePieces(a: Piece[], b: Piece[]): Piece[] {
  if (a.length + b.length > MAX_PIECES) return [{ h: 'dyn', name: 'X' }];
  const out = [...a];
  let size = 0;
  for (const p of b) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else if (p !== '') out.push(p);
  }
  for (const p of out) if (typeof p === 'string') size += p.length;
  return size > MAX_TEXT ? [{ h: 'dyn', name: 'X' }] : out;
}

/** `a + b` for strings and lists. */
export function concat(a: Val, b: Val): Val {
  if (a.k === 'alts') return alts(a.items.map((x) => concat(x, b)));
  if (b.k === 'alts') return alts(b.items.map((x) => concat(a, x)));
  if (a.k === 'list' && b.k === 'list') {
    if (a.more) return { k: 'list', items: a.items, more: a.more };
    if (a.items.length + b.items.length > MAX_ITEMS) return { k: 'list', items: a.items, more: unk('items') };
    return { k: 'list', items: [...a.items, ...b.items], ...(b.more ? { more: b.more } : {}) };
  }
  if (a.k === 'list') return a.more ? a : { k: 'list', items: a.items, more: b };
  const sa = asStr(a);
  const sb = asStr(b);
  if (sa.k !== 'str' || sb.k !== 'str') return unk('X');
  return { k: 'str', p: mergePieces(pieces(sa), pieces(sb)), ...(sa.glob || sb.glob ? { glob: true } : {}), ...(sa.path ? { path: true } : {}) };
}

/** True when the path starts at the root, the home or a temp folder. */
function absolute(v: Val & { k: 'str' }): boolean {
  const first = v.p[0];
  if (first === undefined) return false;
  if (typeof first === 'string') return first.startsWith('/');
  return first.h === 'home' || first.h === 'tmp';
}

/** `os.path.join(a, b)`: an absolute part starts over, as every language's join does. */
export function joinPath(a: Val, b: Val): Val {
  if (a.k === 'alts') return alts(a.items.map((x) => joinPath(x, b)));
  if (b.k === 'alts') return alts(b.items.map((x) => joinPath(a, x)));
  const sa = asStr(a);
  const sb = asStr(b);
  if (sa.k !== 'str' || sb.k !== 'str') return unk('X');
  // A path object stays one (pathlib's `/`, Pathname#join); os.path.join gives a string.
  const flags = { ...(sa.glob || sb.glob ? { glob: true } : {}), ...(sa.path || (sa.p.length === 0 && sb.path) ? { path: true } : {}) };
  if (absolute(sb) || sa.p.length === 0) return { k: 'str', p: sb.p, ...flags };
  if (sb.p.length === 0) return { k: 'str', p: sa.p, ...flags };
  const last = sa.p[sa.p.length - 1];
  const sep = typeof last === 'string' && last.endsWith('/') ? '' : '/';
  return { k: 'str', p: mergePieces(mergePieces(sa.p, [sep]), sb.p), ...flags };
}

/** `os.path.dirname(p)`, `path.dirname(p)`, `.parent`. */
export function dirname(v: Val): Val {
  if (v.k === 'alts') return alts(v.items.map(dirname));
  const s = asStr(v);
  if (s.k !== 'str') return unk('X');
  const last = s.p[s.p.length - 1];
  if (typeof last === 'string') {
    const trimmed = last.length > 1 ? last.replace(/\/+$/, '') : last;
    const cut = trimmed.lastIndexOf('/');
    if (cut > 0) return { k: 'str', p: [...s.p.slice(0, -1), trimmed.slice(0, cut)], ...(s.path ? { path: true } : {}) };
    if (cut === 0) return { k: 'str', p: [...s.p.slice(0, -1), s.p.length === 1 ? '/' : ''].filter((p) => p !== ''), ...(s.path ? { path: true } : {}) };
    if (s.p.length === 1) return str('.', { ...(s.path ? { path: true } : {}) });
  }
  return { k: 'str', p: mergePieces(s.p, ['/..']), ...(s.path ? { path: true } : {}) };
}

/** `os.path.basename(p)`. */
export function basename(v: Val): Val {
  const s = asStr(v);
  if (s.k !== 'str') return unk('X');
  const last = s.p[s.p.length - 1];
  if (typeof last === 'string') {
    const trimmed = last.replace(/\/+$/, '');
    const cut = trimmed.lastIndexOf('/');
    if (cut !== -1 || s.p.length === 1) return str(trimmed.slice(cut + 1));
  }
  return unk('name');
}

/** What a loop over `v` binds its variable to. */
export function eachOf(v: Val): Val {
  if (v.k === 'list') {
    const items = v.more ? [...v.items, asStr(v.more)] : v.items;
    return items.length ? alts(items) : unk('item');
  }
  if (v.k === 'alts') return alts(v.items.map(eachOf));
  if (v.k === 'str' && !v.glob && v.p.every((p) => typeof p === 'string') && v.p.length) return unk('item');
  return v;
}

/** Every combination of the alternatives in `v`, at most MAX_ALTS. */
export function variants(v: Val): Val[] {
  if (v.k === 'alts') {
    const out: Val[] = [];
    for (const i of v.items) {
      for (const x of variants(i)) if (out.length < MAX_ALTS) out.push(x);
    }
    return out;
  }
  if (v.k === 'list') {
    let acc: Val[][] = [[]];
    for (const item of v.items) {
      const vs = variants(item);
      const next: Val[][] = [];
      for (const a of acc) for (const x of vs) if (next.length < MAX_ALTS) next.push([...a, x]);
      acc = next;
    }
    return acc.map((items) => ({ ...v, items }));
  }
  return [v];
}

/** Variants of several values at once (the arguments of one call). */
export function variantsOf(vals: Val[]): Val[][] {
  const listed = variants({ k: 'list', items: vals });
  return listed.map((l) => (l.k === 'list' ? l.items : [l]));
}

/** Every function parameter a value depends on. */
export function paramsIn(v: Val, out: ParamRef[] = [], depth = 0): ParamRef[] {
  if (depth > 16 || out.length > 32) return out;
  switch (v.k) {
    case 'unk':
      if (v.param) out.push(v.param);
      break;
    case 'str':
      for (const p of v.p) if (typeof p !== 'string' && p.h === 'dyn' && p.param) out.push(p.param);
      break;
    case 'list':
      for (const i of v.items) paramsIn(i, out, depth + 1);
      if (v.more) paramsIn(v.more, out, depth + 1);
      break;
    case 'alts':
      for (const i of v.items) paramsIn(i, out, depth + 1);
      break;
    case 'obj':
      for (const i of v.props.values()) paramsIn(i, out, depth + 1);
      break;
  }
  return out;
}

/** Known to be true (`recursive: true`, `shell=True`). */
export function truthy(v: Val | undefined): boolean {
  if (!v) return false;
  if (v.k === 'bool') return v.v;
  if (v.k === 'num') return v.v !== 0;
  if (v.k === 'str') return v.p.length > 0;
  return v.k === 'list' || v.k === 'obj';
}

/** The literal text of a value, when all of it is known. */
export function literal(v: Val | undefined): string | undefined {
  if (!v) return undefined;
  if (v.k === 'num') return String(v.v);
  if (v.k !== 'str') return undefined;
  let out = '';
  for (const p of v.p) {
    if (typeof p !== 'string') return undefined;
    out += p;
  }
  return out;
}

/**
 * The part of a value the reader knows for certain, or undefined: a literal, a path made of
 * literals and well-known folders (the home, a fresh temp folder), or anything under a fresh temp
 * folder (it stays temp whatever follows). An object keeps its known properties only, so a
 * property computed at run time reads as computed, as it would without the object. What a
 * function returns or a module exports is passed on only when known: anything else stays the
 * computed name it is today.
 */
export function knownPart(v: Val, depth = 0): Val | undefined {
  if (depth > 8) return undefined;
  switch (v.k) {
    case 'str': {
      const first = v.p[0];
      if (first !== undefined && typeof first !== 'string' && first.h === 'tmp') return v;
      return v.p.every((p) => typeof p === 'string' || p.h !== 'dyn') ? v : undefined;
    }
    case 'num':
    case 'bool':
      return v;
    case 'unk':
      return v.nothing ? v : undefined;
    case 'list': {
      if (v.more || v.items.length > 64) return undefined;
      const items: Val[] = [];
      for (const i of v.items) {
        const k = knownPart(i, depth + 1);
        if (!k) return undefined;
        items.push(k);
      }
      return { ...v, items };
    }
    case 'alts': {
      const items: Val[] = [];
      for (const i of v.items) {
        const k = knownPart(i, depth + 1);
        if (!k) return undefined;
        items.push(k);
      }
      return alts(items);
    }
    case 'obj': {
      const props = new Map<string, Val>();
      for (const [name, p] of [...v.props].slice(0, 64)) {
        const k = knownPart(p, depth + 1);
        if (k) props.set(name, k);
      }
      return props.size ? { k: 'obj', props } : undefined;
    }
    default:
      return undefined;
  }
}

// ---- shell words -------------------------------------------------------------------------

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteWord(s: string): string {
  if (s === '') return "''";
  if (SAFE_WORD.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A glob pattern: its wildcards stay bare so the engine sees a glob; the rest is quoted. */
function quoteGlob(s: string): string {
  let out = '';
  let run = '';
  const flush = (): void => {
    if (run) out += quoteWord(run);
    run = '';
  };
  for (const ch of s) {
    if ('*?[]{},'.includes(ch)) {
      flush();
      out += ch;
    } else run += ch;
  }
  flush();
  return out;
}

function holeWord(h: Hole): string {
  if (h.h === 'home') return '~';
  if (h.h === 'tmp') return '"$(mktemp -d)"';
  return `"$${h.env ? h.name : safeVar(h.name)}"`;
}

/** Names the engine gives a meaning of their own are not used for a computed value. */
const KNOWN_NAMES = new Set(['HOME', 'PWD', 'OLDPWD', 'TMPDIR', 'TMP', 'TEMP', 'USERPROFILE', 'IFS', 'PATH', 'CDPATH']);

function safeVar(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KNOWN_NAMES.has(name) ? name : 'X';
}

function joinedText(ps: Piece[]): string {
  return ps.map((p) => (typeof p === 'string' ? p : '\0')).join('');
}

/** A path's known tail names build output: `os.path.join(root, 'build')`. */
function artifactTail(tail: string): string | undefined {
  const rel = normalizePath(tail.replace(/^\/+/, ''));
  if (rel === '.' || rel.startsWith('..') || rel.startsWith('/')) return undefined;
  const segs = rel.split('/');
  if (segs.some((s) => ARTIFACT_DIRS.has(s)) || ARTIFACT_FILE.test(segs[segs.length - 1])) return rel;
  return undefined;
}

/**
 * A path as one shell word. Literal paths are normalised; the home is `~`, a fresh temp folder
 * `"$(mktemp -d)"`, a computed part `"$name"`. A computed folder whose known tail is build output
 * (`join(root, 'dist')`) is written as that tail, so the engine's build-output rules apply.
 */
export function pathWord(v: Val): string {
  const s = asStr(v);
  if (s.k !== 'str') return '"$X"';
  const ps = s.p;
  const lastDyn = findLastIndex(ps, (p) => typeof p !== 'string' && (p.h === 'dyn' || ps.indexOf(p) > 0));
  if (lastDyn !== -1) {
    const tail = joinedText(ps.slice(lastDyn + 1));
    const art = tail.includes('\0') ? undefined : artifactTail(tail);
    if (art !== undefined) return s.glob ? quoteGlob(art) : quoteWord(art);
    return ps.map((p, i) => (typeof p === 'string' ? (s.glob ? quoteGlob(p) : quoteWord(p)) : i === 0 || p.h === 'dyn' ? holeWord(p) : holeWord({ h: 'dyn', name: 'X' }))).join('');
  }
  const first = ps[0];
  const rest = ps.filter((p): p is string => typeof p === 'string').join('');
  const q = s.glob ? quoteGlob : quoteWord;
  if (first !== undefined && typeof first !== 'string') {
    if (rest === '') return holeWord(first);
    if (!rest.startsWith('/')) return holeWord(first) + q(rest);
    const norm = normalizePath(rest);
    const inner = norm === '/' ? '' : norm.slice(1);
    const under = inner.startsWith('..') ? `/${q(inner)}` : inner ? `/${q(inner)}` : '';
    return first.h === 'home' ? `~${under}` : `${holeWord(first)}${under}`;
  }
  if (rest === '') return "''";
  const norm = s.glob && /[*?[]/.test(rest) ? rest : normalizePath(rest);
  const word = q(norm);
  return norm.startsWith('-') ? `./${word}` : word;
}

/** An argument word (a list item of `subprocess.run([...])`): not normalised. */
export function argWord(v: Val): string {
  const s = asStr(v);
  if (s.k !== 'str') return '"$X"';
  if (s.p.length === 0) return "''";
  return s.p.map((p, i) => (typeof p === 'string' ? (s.glob ? quoteGlob(p) : quoteWord(p)) : i === 0 || p.h === 'dyn' ? holeWord(p) : holeWord({ h: 'dyn', name: 'X' }))).join('');
}

/**
 * A command line given as a string (`os.system(f"rm -rf {d}")`): the literal text is shell code;
 * each hole goes in as a word the shell expands, whatever quotes the text has around it.
 */
export function shellText(v: Val): string {
  const s = asStr(v);
  if (s.k !== 'str') return '"$X"';
  let out = '';
  let quote: '' | "'" | '"' = '';
  for (const p of s.p) {
    if (typeof p === 'string') {
      for (let i = 0; i < p.length; i++) {
        const c = p[i];
        if (quote === "'") {
          if (c === "'") quote = '';
        } else if (c === '\\') {
          out += c + (p[i + 1] ?? '');
          i++;
          continue;
        } else if (c === quote) quote = '';
        else if (!quote && (c === "'" || c === '"')) quote = c;
        out += c;
      }
      continue;
    }
    const expansion = p.h === 'home' ? '$HOME' : p.h === 'tmp' ? '$(mktemp -d)' : `$${p.env ? p.name : safeVar(p.name)}`;
    if (quote === '"') out += expansion;
    else if (quote === "'") out += `'"${expansion}"'`;
    else out += `"${expansion}"`;
  }
  return out;
}

function findLastIndex<T>(xs: readonly T[], f: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (f(xs[i])) return i;
  return -1;
}
