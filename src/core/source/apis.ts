/**
 * The library calls the static reading of interpreter source knows, per language: the ones that
 * compute a path or a command (`os.path.join`, `Path.home()`, `fs.mkdtempSync`, `File.expand_path`,
 * `filepath.Join`) and the ones that delete, overwrite or run something (`shutil.rmtree`,
 * `fs.rmSync`, `FileUtils.rm_rf`, `os.RemoveAll`, `subprocess.run`, `child_process.exec`,
 * `system`, `exec.Command`, …), each written as the shell command that does the same.
 * Names are canonical: imports and aliases are resolved by the caller (`import shutil as sh`,
 * `const { rmSync } = require('node:fs')`, `include FileUtils`).
 */
import type { SourceLanguage } from './lex';
import { alts, asGlob, asStr, basename, concat, dirname, eachOf, HOME, joinPath, literal, str, TMP, truthy, unk, type Val } from './values';

export interface CallArgs {
  pos: Val[];
  kw: Map<string, Val>;
  /** The receiver of a method call (`p` in `p.unlink()`). */
  recv?: Val;
  /** A tagged template (`` $`rm -rf ${d}` ``): its literal text and its values, alternating. */
  tpl?: { lits: string[]; vals: Val[] };
}

export interface ApiEnv {
  lang: SourceLanguage;
  /** The script's own folder and file, when known. */
  scriptDir?: string;
  scriptFile?: string;
}

/** What a call does, as the shell would do it. */
export type Action =
  | { op: 'rm'; flags: string; targets: Val[]; contents?: boolean }
  | { op: 'rmdir'; targets: Val[] }
  | { op: 'mv' | 'cp'; flags?: string; from: Val; to: Val }
  | { op: 'write'; target: Val }
  | { op: 'truncate'; target: Val }
  | { op: 'argv'; words: Val[] }
  | { op: 'shell'; text: Val }
  | { op: 'template'; lits: string[]; vals: Val[] }
  /** Code in the same language run from a literal (`eval("…")`, `exec("…")`). */
  | { op: 'code'; text: string };

type ValueFn = (a: CallArgs, env: ApiEnv) => Val;
type SinkFn = (a: CallArgs, env: ApiEnv) => Action[] | undefined;

const arg = (a: CallArgs, i: number, kw?: string): Val | undefined => (kw !== undefined ? a.kw.get(kw) : undefined) ?? a.pos[i];
const joinAll = (vals: Val[]): Val => vals.reduce<Val>((acc, v) => joinPath(acc, v), str(''));
const tuple = (...items: Val[]): Val => ({ k: 'list', items, tuple: true });
const first = (a: CallArgs): Val => a.pos[0] ?? unk('X');
const globList = (v: Val | undefined): Val => {
  if (!v) return unk('files');
  if (v.k === 'list') return { k: 'list', items: v.items.map(asGlob) };
  return { k: 'list', items: [asGlob(v)] };
};
/** What listing a folder gives: every name in it (`*`), joined to the folder when `full`. */
const listing = (dir: Val | undefined, full: boolean): Val => {
  const star = str('*', { glob: true });
  return { k: 'list', items: [full && dir ? asGlob(joinPath(dir, star)) : star] };
};

/** `HOME` is the home folder; other variables are computed values that keep their name. */
export function envVar(name: Val | undefined, fallback?: Val): Val {
  const n = literal(name);
  if (n === 'HOME' || n === 'USERPROFILE') return HOME;
  if (n === 'PWD') return str('.');
  if (fallback) return fallback;
  if (n && /^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) return { k: 'str', p: [{ h: 'dyn', name: n, env: true }] };
  return unk('env');
}

/** `~` and `~/x` in a literal become the home folder (`expanduser`, `File.expand_path`). */
export function expandUser(v: Val): Val {
  const s = asStr(v);
  if (s.k !== 'str') return v;
  const head = s.p[0];
  if (typeof head === 'string' && (head === '~' || head.startsWith('~/'))) {
    const rest = head.slice(1);
    return { k: 'str', p: rest ? [{ h: 'home' }, rest, ...s.p.slice(1)] : [{ h: 'home' }, ...s.p.slice(1)], path: s.path };
  }
  return v;
}

/** printf-style formatting: `%s`-like directives take the arguments in order. */
export function sprintf(fmt: Val, args: Val[], directive: RegExp): Val {
  const f = asStr(fmt);
  if (f.k !== 'str') return unk('X');
  let out: Val = str('');
  let k = 0;
  for (const p of f.p) {
    if (typeof p !== 'string') {
      out = concat(out, { k: 'str', p: [p] });
      continue;
    }
    let last = 0;
    directive.lastIndex = 0;
    let m: RegExpExecArray | null;
    for (let guard = 0; (m = directive.exec(p)) && guard < 256; guard++) {
      out = concat(out, str(p.slice(last, m.index)));
      if (m[0] === '%%') out = concat(out, str('%'));
      else out = concat(out, asStr(args[k++] ?? unk('X')));
      last = m.index + m[0].length;
    }
    out = concat(out, str(p.slice(last)));
  }
  return out;
}

const PRINTF = /%%|%[-+ #0]*\d*(?:\.\d+)?[sdifrvqxXeEgGc]/g;

/** Python's `'…'.format(…)`: `{}`, `{0}`, `{name}`, with conversions and specs ignored. */
function pyFormat(fmt: Val, a: CallArgs): Val {
  const f = asStr(fmt);
  if (f.k !== 'str') return unk('X');
  let out: Val = str('');
  let k = 0;
  for (const p of f.p) {
    if (typeof p !== 'string') {
      out = concat(out, { k: 'str', p: [p] });
      continue;
    }
    const re = /\{\{|\}\}|\{([^{}!:]*)(?:![rsa])?(?::[^{}]*)?\}/g;
    let last = 0;
    let m: RegExpExecArray | null;
    for (let guard = 0; (m = re.exec(p)) && guard < 256; guard++) {
      out = concat(out, str(p.slice(last, m.index)));
      if (m[0] === '{{' || m[0] === '}}') out = concat(out, str(m[0][0]));
      else {
        const key = m[1];
        const v = key === '' ? a.pos[k++] : /^\d+$/.test(key) ? a.pos[Number(key)] : a.kw.get(key.split(/[.[]/)[0]);
        out = concat(out, asStr(v ?? unk(key || 'X')));
      }
      last = m.index + m[0].length;
    }
    out = concat(out, str(p.slice(last)));
  }
  return out;
}

/** A list joined with a separator (`' '.join(xs)`, `xs.join(' ')`, `strings.Join`). */
function joinList(list: Val | undefined, sep: Val | undefined): Val {
  if (!list) return unk('X');
  if (list.k !== 'list') return asStr(list);
  const s = asStr(sep ?? str(' '));
  let out: Val = str('');
  list.items.forEach((item, i) => {
    out = concat(i ? concat(out, s) : out, asStr(item));
  });
  if (list.more) out = concat(list.items.length ? concat(out, s) : out, asStr(list.more));
  return out;
}

const asPath = (v: Val): Val => (v.k === 'str' ? { ...v, path: true } : v);

// ---- values ------------------------------------------------------------------------------

/** A list or set made from an iterable (`set(xs)`, `new Set(xs)`, `Array.from(xs)`), or an empty one. */
const listFrom = (v: Val | undefined): Val => (!v ? { k: 'list', items: [] } : v.k === 'list' ? { k: 'list', items: v.items, ...(v.more ? { more: v.more } : {}) } : { k: 'list', items: [], more: unk('item') });

/**
 * The property of an object value that says it is an instance of a library class whose methods
 * run shell commands: invoke's `Context` (`run`, `sudo`: "execute a shell command", locally),
 * Fabric's `Connection` (`run`, `sudo` on the remote host, `local` on this machine) and what a
 * Fabric `@task` is given (a Connection to the hosts `fab -H` names, else a local Context: its
 * `run` is read as run here, the stricter reading).
 */
export const RUNNER_CLASS = '\u0001class';

export function runnerObject(cls: 'invoke.Context' | 'fabric.Connection' | 'fabric.task', host?: Val): Val {
  const props = new Map<string, Val>([[RUNNER_CLASS, str(cls)]]);
  if (host) props.set('host', host);
  return { k: 'obj', props };
}

/** `c.run("…")`, `c.sudo("…")`, `conn.local("…")` on such an object: the shell command it runs. */
function runnerMethod(recv: Val & { k: 'obj' }, name: string, a: CallArgs): Action[] | undefined {
  const cls = literal(recv.props.get(RUNNER_CLASS));
  if (cls === undefined) return undefined;
  const cmd = arg(a, 0, 'command');
  if (!cmd) return undefined;
  const remote = cls === 'fabric.Connection';
  if (name === 'local' && cls !== 'invoke.Context') return shell(cmd);
  if (name !== 'run' && name !== 'sudo') return undefined;
  // invoke's sudo runs `sudo -S -p PROMPT -H -u USER COMMAND` through the shell.
  const text = name === 'sudo' ? concat(str('sudo '), asStr(cmd)) : cmd;
  if (!remote) return shell(text);
  return [{ op: 'argv', words: [str('ssh'), recv.props.get('host') ?? unk('host'), asStr(text)] }];
}

const PY_VALUES: Record<string, ValueFn> = {
  'invoke.Context': () => runnerObject('invoke.Context'),
  'invoke.context.Context': () => runnerObject('invoke.Context'),
  'fabric.Context': () => runnerObject('invoke.Context'),
  'fabric.Connection': (a) => runnerObject('fabric.Connection', arg(a, 0, 'host')),
  'fabric.connection.Connection': (a) => runnerObject('fabric.Connection', arg(a, 0, 'host')),
  list: (a) => listFrom(a.pos[0]),
  set: (a) => listFrom(a.pos[0]),
  frozenset: (a) => listFrom(a.pos[0]),
  tuple: (a) => listFrom(a.pos[0]),
  sorted: (a) => listFrom(a.pos[0]),
  'collections.deque': (a) => listFrom(a.pos[0]),
  'os.path.join': (a) => joinAll(a.pos),
  'posixpath.join': (a) => joinAll(a.pos),
  'os.path.expanduser': (a) => expandUser(first(a)),
  'os.path.abspath': (a) => first(a),
  'os.path.realpath': (a) => first(a),
  'os.path.normpath': (a) => first(a),
  'os.path.expandvars': (a) => first(a),
  'os.fspath': (a) => first(a),
  str: (a) => (a.pos[0] ? asStr(a.pos[0]) : str('')),
  'os.path.dirname': (a) => dirname(first(a)),
  'os.path.basename': (a) => basename(first(a)),
  'os.getcwd': () => str('.'),
  'os.getcwdb': () => str('.'),
  'pathlib.Path.cwd': () => str('.', { path: true }),
  'pathlib.Path.home': () => asPath(HOME),
  'pathlib.Path': (a) => (a.pos.length ? asPath(joinAll(a.pos)) : str('.', { path: true })),
  'pathlib.PurePath': (a) => asPath(joinAll(a.pos)),
  'pathlib.PosixPath': (a) => asPath(joinAll(a.pos)),
  'os.getenv': (a) => envVar(a.pos[0], arg(a, 1, 'default')),
  'os.environ.get': (a) => envVar(a.pos[0], a.pos[1]),
  'tempfile.mkdtemp': () => TMP,
  'tempfile.TemporaryDirectory': () => TMP,
  'tempfile.gettempdir': () => str('/tmp'),
  'tempfile.mkstemp': () => tuple(unk('fd'), TMP),
  'tempfile.NamedTemporaryFile': () => TMP,
  'glob.glob': (a) => (a.kw.get('root_dir') ? globList(joinPath(a.kw.get('root_dir')!, first(a))) : globList(a.pos[0])),
  'glob.iglob': (a) => globList(a.pos[0]),
  'os.listdir': (a) => listing(a.pos[0], false),
  'os.scandir': (a) => listing(a.pos[0] ?? str('.'), true),
  'shlex.split': (a) => asStr(first(a)),
  'shlex.quote': (a) => first(a),
  'shlex.join': (a) => joinList(a.pos[0], str(' ')),
};

const JS_VALUES: Record<string, ValueFn> = {
  Set: (a) => listFrom(a.pos[0]),
  Array: () => ({ k: 'list', items: [] }),
  'Array.from': (a) => listFrom(a.pos[0]),
  'Array.of': (a) => ({ k: 'list', items: a.pos }),
  'path.join': (a) => joinAll(a.pos),
  'path.posix.join': (a) => joinAll(a.pos),
  'path.resolve': (a) => joinAll(a.pos),
  'path.posix.resolve': (a) => joinAll(a.pos),
  'path.normalize': (a) => first(a),
  'path.dirname': (a) => dirname(first(a)),
  'path.basename': (a) => basename(first(a)),
  'os.homedir': () => HOME,
  'os.tmpdir': () => str('/tmp'),
  'os.userInfo': () => ({ k: 'obj', props: new Map([['homedir', HOME]]) }),
  'process.cwd': () => str('.'),
  'Deno.cwd': () => str('.'),
  'Deno.env.get': (a) => envVar(a.pos[0]),
  'Deno.makeTempDir': () => TMP,
  'Deno.makeTempDirSync': () => TMP,
  'fs.mkdtemp': () => TMP,
  'fs.mkdtempSync': () => TMP,
  'fs.readdir': (a) => listing(a.pos[0], false),
  'fs.readdirSync': (a) => listing(a.pos[0], false),
  'glob.sync': (a) => globList(a.pos[0]),
  'glob.glob': (a) => globList(a.pos[0]),
  'glob.globSync': (a) => globList(a.pos[0]),
  glob: (a) => globList(a.pos[0]),
  globSync: (a) => globList(a.pos[0]),
  'fast-glob': (a) => globList(a.pos[0]),
  'fast-glob.sync': (a) => globList(a.pos[0]),
  'fast-glob.glob': (a) => globList(a.pos[0]),
  'fast-glob.globSync': (a) => globList(a.pos[0]),
  globby: (a) => globList(a.pos[0]),
  'globby.globby': (a) => globList(a.pos[0]),
  'globby.globbySync': (a) => globList(a.pos[0]),
  'globby.sync': (a) => globList(a.pos[0]),
  'tinyglobby.glob': (a) => globList(a.pos[0]),
  'tinyglobby.globSync': (a) => globList(a.pos[0]),
  'url.fileURLToPath': (a) => first(a),
  fileURLToPath: (a) => first(a),
  URL: (a) => (a.pos[1] ? joinPath(dirname(a.pos[1]), first(a)) : first(a)),
  String: (a) => (a.pos[0] ? asStr(a.pos[0]) : str('')),
};

const RUBY_VALUES: Record<string, ValueFn> = {
  'Set.new': (a) => listFrom(a.pos[0]),
  Array: (a) => listFrom(a.pos[0]),
  'File.join': (a) => joinAll(a.pos.flatMap((v) => (v.k === 'list' ? v.items : [v]))),
  'File.expand_path': (a) => {
    const p = expandUser(first(a));
    return a.pos[1] && p === first(a) ? joinPath(expandUser(a.pos[1]), p) : p;
  },
  'File.absolute_path': (a) => (a.pos[1] ? joinPath(a.pos[1], first(a)) : first(a)),
  'File.realpath': (a) => first(a),
  'File.dirname': (a) => dirname(first(a)),
  'File.basename': (a) => basename(first(a)),
  'Dir.home': () => HOME,
  'Dir.pwd': () => str('.'),
  'Dir.getwd': () => str('.'),
  'Dir.tmpdir': () => str('/tmp'),
  'Dir.mktmpdir': () => TMP,
  'Tempfile.new': () => TMP,
  'Tempfile.create': () => TMP,
  'Dir.glob': (a) => globList(a.pos[0]),
  'Dir.[]': (a) => globList(a.pos.length > 1 ? { k: 'list', items: a.pos } : a.pos[0]),
  'Dir.children': (a) => listing(a.pos[0], false),
  'Dir.entries': (a) => listing(a.pos[0], false),
  'Dir.each_child': (a) => listing(a.pos[0], false),
  'Pathname.new': (a) => asPath(first(a)),
  Pathname: (a) => asPath(first(a)),
  'ENV.fetch': (a) => envVar(a.pos[0], a.pos[1]),
  'Shellwords.escape': (a) => first(a),
  'Shellwords.join': (a) => joinList(a.pos[0], str(' ')),
  format: (a) => sprintf(first(a), a.pos.slice(1), PRINTF),
  sprintf: (a) => sprintf(first(a), a.pos.slice(1), PRINTF),
};

const PERL_VALUES: Record<string, ValueFn> = {
  'File.Spec.catfile': (a) => joinAll(a.pos),
  'File.Spec.catdir': (a) => joinAll(a.pos),
  'File.Spec.Functions.catfile': (a) => joinAll(a.pos),
  'File.Spec.Functions.catdir': (a) => joinAll(a.pos),
  catfile: (a) => joinAll(a.pos),
  catdir: (a) => joinAll(a.pos),
  'File.Spec.tmpdir': () => str('/tmp'),
  'File.Spec.rel2abs': (a) => first(a),
  dirname: (a) => dirname(first(a)),
  'File.Basename.dirname': (a) => dirname(first(a)),
  basename: (a) => basename(first(a)),
  abs_path: (a) => first(a),
  realpath: (a) => first(a),
  'Cwd.abs_path': (a) => first(a),
  'Cwd.realpath': (a) => first(a),
  getcwd: () => str('.'),
  cwd: () => str('.'),
  'Cwd.getcwd': () => str('.'),
  'Cwd.cwd': () => str('.'),
  tempdir: () => TMP,
  'File.Temp.tempdir': () => TMP,
  'File.Temp.newdir': () => TMP,
  'File.HomeDir.my_home': () => HOME,
  glob: (a) => globList(a.pos[0]),
  join: (a) => joinList({ k: 'list', items: a.pos.slice(1) }, a.pos[0]),
  sprintf: (a) => sprintf(first(a), a.pos.slice(1), PRINTF),
  lc: (a) => first(a),
  shift: () => unk('arg'),
  pop: () => unk('arg'),
};

const GO_VALUES: Record<string, ValueFn> = {
  'filepath.Join': (a) => joinAll(a.pos),
  'path.Join': (a) => joinAll(a.pos),
  'os.UserHomeDir': () => tuple(HOME, unk('err')),
  'os.Getwd': () => tuple(str('.'), unk('err')),
  'os.TempDir': () => str('/tmp'),
  'os.MkdirTemp': () => tuple(TMP, unk('err')),
  'ioutil.TempDir': () => tuple(TMP, unk('err')),
  'os.CreateTemp': () => tuple(TMP, unk('err')),
  'ioutil.TempFile': () => tuple(TMP, unk('err')),
  'filepath.Abs': (a) => tuple(first(a), unk('err')),
  'filepath.Dir': (a) => dirname(first(a)),
  'path.Dir': (a) => dirname(first(a)),
  'filepath.Base': (a) => basename(first(a)),
  'filepath.Clean': (a) => first(a),
  'filepath.Glob': (a) => tuple(globList(a.pos[0]), unk('err')),
  'os.ReadDir': (a) => tuple(listing(a.pos[0], false), unk('err')),
  'os.Getenv': (a) => envVar(a.pos[0]),
  'os.LookupEnv': (a) => tuple(envVar(a.pos[0]), unk('ok')),
  'fmt.Sprintf': (a) => sprintf(first(a), a.pos.slice(1), PRINTF),
  'strings.Join': (a) => joinList(a.pos[0], a.pos[1]),
  'strings.Fields': (a) => first(a),
  'strings.Split': (a) => first(a),
};

/** Methods on a value (`p.parent`, `'-'.join(xs)`, `s.format(…)`); undefined when unknown. */
export function methodValue(recv: Val, name: string, a: CallArgs, env: ApiEnv): Val | undefined {
  const isPath = recv.k === 'str' && recv.path === true;
  switch (name) {
    case 'joinpath':
    case 'join':
      if (recv.k === 'list') return joinList(recv, a.pos[0] ?? (env.lang === 'ruby' ? str('') : str(',')));
      if (env.lang === 'python' && recv.k === 'str' && !isPath) return joinList(a.pos[0], recv);
      if (isPath || name === 'joinpath') return joinAll([recv, ...a.pos]);
      return undefined;
    case 'resolve':
    case 'absolute':
    case 'realpath':
    case 'expand_path':
    case 'to_s':
    case 'to_path':
    case 'toString':
    case 'strip':
    case 'rstrip':
    case 'lstrip':
    case 'trim':
    case 'chomp':
    case 'split':
    case 'shellsplit':
    case 'shellescape':
    case 'encode':
    case 'decode':
    case 'as_posix':
    case 'cleanpath':
      return recv;
    case 'expanduser':
      return expandUser(recv);
    case 'format':
      return env.lang === 'python' ? pyFormat(recv, a) : undefined;
    case 'replace':
    case 'gsub':
    case 'sub': {
      const r = literal(recv);
      const from = literal(a.pos[0]);
      const to = literal(a.pos[1]);
      if (r !== undefined && from !== undefined && to !== undefined) return str(name === 'sub' ? r.replace(from, to) : r.split(from).join(to));
      return undefined;
    }
    case 'concat':
      return a.pos.reduce<Val>((acc, v) => concat(acc, v), recv);
    case 'iterdir':
    case 'children':
      return listing(recv, true);
    case 'glob':
      return globList(joinPath(recv, first(a)));
    case 'rglob':
      return globList(joinPath(recv, concat(str('**/'), first(a))));
    case 'TempDir':
      return TMP;
    case 'Name':
      return basename(recv);
    case 'then':
      return undefined;
    default:
      return undefined;
  }
}

/** Properties of a value (`p.parent`, `p.name`, `entry.path`, `url.pathname`). */
export function propertyValue(recv: Val, name: string): Val | undefined {
  if (recv.k === 'obj') return recv.props.get(name);
  if (recv.k === 'list' && recv.tuple) return undefined;
  if (recv.k !== 'str') return undefined;
  switch (name) {
    case 'parent':
      return asPath(dirname(recv));
    case 'name':
      return basename(recv);
    case 'path':
    case 'pathname':
    case 'href':
      return recv;
    default:
      return undefined;
  }
}

const VALUES: Readonly<Record<SourceLanguage, Record<string, ValueFn>>> = {
  python: PY_VALUES,
  javascript: JS_VALUES,
  typescript: JS_VALUES,
  ruby: RUBY_VALUES,
  perl: PERL_VALUES,
  go: GO_VALUES,
};

export function valueFn(lang: SourceLanguage, name: string): ValueFn | undefined {
  return Object.prototype.hasOwnProperty.call(VALUES[lang], name) ? VALUES[lang][name] : undefined;
}

// ---- sinks -------------------------------------------------------------------------------

const rm = (flags: string, ...targets: (Val | undefined)[]): Action[] => [{ op: 'rm', flags, targets: targets.map((t) => t ?? unk('X')) }];
const shell = (v: Val | undefined): Action[] => [{ op: 'shell', text: v ?? unk('cmd') }];

/** A program and its arguments given as a list (or a string, which a shell reads). */
function argvOrShell(v: Val | undefined, viaShell: boolean): Action[] {
  if (!v) return [];
  if (v.k === 'list') {
    if (viaShell && v.items[0]) return shell(v.items[0]);
    return [{ op: 'argv', words: v.more ? [...v.items, v.more] : v.items }];
  }
  return shell(v);
}

/** Node's `rm`: recursive and force come from the options. */
function nodeRm(a: CallArgs): Action[] {
  const o = a.pos[1];
  const recursive = o?.k === 'obj' && truthy(o.props.get('recursive'));
  const force = o?.k === 'obj' && truthy(o.props.get('force'));
  return rm(`${recursive ? 'r' : ''}${force ? 'f' : ''}`, a.pos[0]);
}

function nodeSpawn(a: CallArgs): Action[] {
  const [cmd, second, third] = a.pos;
  const args = second?.k === 'list' ? second : undefined;
  const opts = (args ? third : second) as Val | undefined;
  const viaShell = opts?.k === 'obj' && truthy(opts.props.get('shell'));
  if (viaShell) return shell(args ? concat(concat(asStr(cmd ?? unk('cmd')), str(' ')), asStr(args)) : cmd);
  return [{ op: 'argv', words: [cmd ?? unk('cmd'), ...(args ? [...args.items, ...(args.more ? [args.more] : [])] : [])] }];
}

/** Ruby's and Perl's `system`/`exec`: one string is a shell command, several words are argv. */
function systemLike(a: CallArgs): Action[] {
  const pos = a.pos.filter((v, i) => !(v.k === 'obj' && (i === 0 || i === a.pos.length - 1)));
  if (pos.length === 0) return [];
  if (pos.length === 1) {
    const only = pos[0];
    if (only.k === 'list' && only.more === undefined) return [{ op: 'argv', words: only.items }];
    if (only.k === 'list') return [{ op: 'argv', words: [...only.items, only.more!] }];
    return shell(only);
  }
  // `system(['ls', 'ls'], '-l')`: the first word may be [program, argv0].
  const head = pos[0].k === 'list' ? pos[0].items[0] ?? unk('cmd') : pos[0];
  return [{ op: 'argv', words: [head, ...pos.slice(1).flatMap((v) => (v.k === 'list' ? [...v.items, ...(v.more ? [v.more] : [])] : [v]))] }];
}

/** Python's `open(p, 'w')`, Ruby's `File.open(p, 'w')`: a mode that truncates. */
function truncatingMode(mode: Val | undefined): boolean {
  const m = literal(mode);
  return m !== undefined && /w/.test(m) && !/[ax]/.test(m);
}

const PY_SINKS: Record<string, SinkFn> = {
  'shutil.rmtree': (a) => rm('rf', arg(a, 0, 'path')),
  'os.remove': (a) => rm('', arg(a, 0, 'path')),
  'os.unlink': (a) => rm('', arg(a, 0, 'path')),
  'os.rmdir': (a) => [{ op: 'rmdir', targets: [arg(a, 0, 'path') ?? unk('X')] }],
  'os.removedirs': (a) => [{ op: 'rmdir', targets: [arg(a, 0, 'name') ?? unk('X')] }],
  'shutil.move': (a) => [{ op: 'mv', from: arg(a, 0, 'src') ?? unk('X'), to: arg(a, 1, 'dst') ?? unk('X') }],
  'os.rename': (a) => [{ op: 'mv', from: arg(a, 0, 'src') ?? unk('X'), to: arg(a, 1, 'dst') ?? unk('X') }],
  'os.replace': (a) => [{ op: 'mv', from: arg(a, 0, 'src') ?? unk('X'), to: arg(a, 1, 'dst') ?? unk('X') }],
  'os.renames': (a) => [{ op: 'mv', from: arg(a, 0, 'old') ?? unk('X'), to: arg(a, 1, 'new') ?? unk('X') }],
  'shutil.copy': (a) => [{ op: 'cp', from: arg(a, 0, 'src') ?? unk('X'), to: arg(a, 1, 'dst') ?? unk('X') }],
  'shutil.copy2': (a) => [{ op: 'cp', from: arg(a, 0, 'src') ?? unk('X'), to: arg(a, 1, 'dst') ?? unk('X') }],
  'shutil.copyfile': (a) => [{ op: 'cp', from: arg(a, 0, 'src') ?? unk('X'), to: arg(a, 1, 'dst') ?? unk('X') }],
  'shutil.copytree': (a) => [{ op: 'cp', flags: 'r', from: arg(a, 0, 'src') ?? unk('X'), to: arg(a, 1, 'dst') ?? unk('X') }],
  'os.truncate': (a) => (literal(a.pos[1]) === '0' ? [{ op: 'truncate', target: first(a) }] : []),
  open: (a) => (truncatingMode(arg(a, 1, 'mode')) ? [{ op: 'write', target: first(a) }] : []),
  'io.open': (a) => (truncatingMode(arg(a, 1, 'mode')) ? [{ op: 'write', target: first(a) }] : []),
  'codecs.open': (a) => (truncatingMode(arg(a, 1, 'mode')) ? [{ op: 'write', target: first(a) }] : []),
  'os.system': (a) => shell(arg(a, 0, 'command')),
  // invoke's module-level run and sudo: Context().run and Context().sudo.
  'invoke.run': (a) => runnerMethod(runnerObject('invoke.Context') as Val & { k: 'obj' }, 'run', a),
  'invoke.sudo': (a) => runnerMethod(runnerObject('invoke.Context') as Val & { k: 'obj' }, 'sudo', a),
  'os.popen': (a) => shell(arg(a, 0, 'cmd')),
  'subprocess.getoutput': (a) => shell(arg(a, 0, 'cmd')),
  'subprocess.getstatusoutput': (a) => shell(arg(a, 0, 'cmd')),
  'commands.getoutput': (a) => shell(a.pos[0]),
  'subprocess.run': (a) => argvOrShell(arg(a, 0, 'args'), truthy(a.kw.get('shell'))),
  'subprocess.call': (a) => argvOrShell(arg(a, 0, 'args'), truthy(a.kw.get('shell'))),
  'subprocess.check_call': (a) => argvOrShell(arg(a, 0, 'args'), truthy(a.kw.get('shell'))),
  'subprocess.check_output': (a) => argvOrShell(arg(a, 0, 'args'), truthy(a.kw.get('shell'))),
  'subprocess.Popen': (a) => argvOrShell(arg(a, 0, 'args'), truthy(a.kw.get('shell'))),
  'asyncio.create_subprocess_shell': (a) => shell(a.pos[0]),
  'asyncio.create_subprocess_exec': (a) => [{ op: 'argv', words: a.pos }],
  'pty.spawn': (a) => argvOrShell(a.pos[0], false),
  'os.execv': (a) => argvOrShell(a.pos[1], false),
  'os.execve': (a) => argvOrShell(a.pos[1], false),
  'os.execvp': (a) => argvOrShell(a.pos[1], false),
  'os.execvpe': (a) => argvOrShell(a.pos[1], false),
  'os.execl': (a) => [{ op: 'argv', words: a.pos.slice(1) }],
  'os.execlp': (a) => [{ op: 'argv', words: a.pos.slice(1) }],
  'os.execle': (a) => [{ op: 'argv', words: a.pos.slice(1, -1) }],
  'os.execlpe': (a) => [{ op: 'argv', words: a.pos.slice(1, -1) }],
  'os.spawnv': (a) => argvOrShell(a.pos[2], false),
  'os.spawnvp': (a) => argvOrShell(a.pos[2], false),
  'os.spawnve': (a) => argvOrShell(a.pos[2], false),
  'os.spawnvpe': (a) => argvOrShell(a.pos[2], false),
  'os.spawnl': (a) => [{ op: 'argv', words: a.pos.slice(2) }],
  'os.spawnlp': (a) => [{ op: 'argv', words: a.pos.slice(2) }],
  'os.spawnle': (a) => [{ op: 'argv', words: a.pos.slice(2, -1) }],
  'os.spawnlpe': (a) => [{ op: 'argv', words: a.pos.slice(2, -1) }],
  'os.posix_spawn': (a) => argvOrShell(arg(a, 1, 'argv'), false),
  'os.posix_spawnp': (a) => argvOrShell(arg(a, 1, 'argv'), false),
  exec: (a) => codeOf(a.pos[0]),
  eval: (a) => codeOf(a.pos[0]),
};

function codeOf(v: Val | undefined): Action[] {
  const text = literal(v);
  return text !== undefined ? [{ op: 'code', text }] : [];
}

/** Node's file system calls, shared by fs, fs/promises, fs-extra and graceful-fs. */
const FS_CALLS: Record<string, SinkFn> = {
  rm: nodeRm,
  rmSync: nodeRm,
  rmdir: (a) => (a.pos[1]?.k === 'obj' && truthy(a.pos[1].props.get('recursive')) ? rm('rf', a.pos[0]) : [{ op: 'rmdir', targets: [first(a)] }]),
  rmdirSync: (a) => (a.pos[1]?.k === 'obj' && truthy(a.pos[1].props.get('recursive')) ? rm('rf', a.pos[0]) : [{ op: 'rmdir', targets: [first(a)] }]),
  unlink: (a) => rm('', a.pos[0]),
  unlinkSync: (a) => rm('', a.pos[0]),
  remove: (a) => rm('rf', a.pos[0]),
  removeSync: (a) => rm('rf', a.pos[0]),
  emptyDir: (a) => [{ op: 'rm', flags: 'rf', targets: [first(a)], contents: true }],
  emptyDirSync: (a) => [{ op: 'rm', flags: 'rf', targets: [first(a)], contents: true }],
  emptydir: (a) => [{ op: 'rm', flags: 'rf', targets: [first(a)], contents: true }],
  emptydirSync: (a) => [{ op: 'rm', flags: 'rf', targets: [first(a)], contents: true }],
  writeFile: (a) => nodeWrite(a),
  writeFileSync: (a) => nodeWrite(a),
  outputFile: (a) => nodeWrite(a),
  outputFileSync: (a) => nodeWrite(a),
  writeJson: (a) => nodeWrite(a),
  writeJsonSync: (a) => nodeWrite(a),
  outputJson: (a) => nodeWrite(a),
  outputJsonSync: (a) => nodeWrite(a),
  createWriteStream: (a) => {
    const o = a.pos[1];
    const flags = o?.k === 'obj' ? literal(o.props.get('flags')) : undefined;
    return flags && /a/.test(flags) ? [] : [{ op: 'write', target: first(a) }];
  },
  rename: (a) => [{ op: 'mv', from: first(a), to: a.pos[1] ?? unk('X') }],
  renameSync: (a) => [{ op: 'mv', from: first(a), to: a.pos[1] ?? unk('X') }],
  move: (a) => [{ op: 'mv', from: first(a), to: a.pos[1] ?? unk('X') }],
  moveSync: (a) => [{ op: 'mv', from: first(a), to: a.pos[1] ?? unk('X') }],
  copyFile: (a) => [{ op: 'cp', from: first(a), to: a.pos[1] ?? unk('X') }],
  copyFileSync: (a) => [{ op: 'cp', from: first(a), to: a.pos[1] ?? unk('X') }],
  cp: (a) => [{ op: 'cp', flags: 'r', from: first(a), to: a.pos[1] ?? unk('X') }],
  cpSync: (a) => [{ op: 'cp', flags: 'r', from: first(a), to: a.pos[1] ?? unk('X') }],
  copy: (a) => [{ op: 'cp', flags: 'r', from: first(a), to: a.pos[1] ?? unk('X') }],
  copySync: (a) => [{ op: 'cp', flags: 'r', from: first(a), to: a.pos[1] ?? unk('X') }],
  open: (a) => nodeOpen(a),
  openSync: (a) => nodeOpen(a),
  truncate: (a) => (a.pos[1] === undefined || literal(a.pos[1]) === '0' ? [{ op: 'truncate', target: first(a) }] : []),
  truncateSync: (a) => (a.pos[1] === undefined || literal(a.pos[1]) === '0' ? [{ op: 'truncate', target: first(a) }] : []),
};

/** `fs.open(p, 'w')`: the flags `w` and `w+` empty the file; `wx` refuses an existing one. */
function nodeOpen(a: CallArgs): Action[] {
  const flags = literal(a.pos[1]);
  return flags !== undefined && /^w\+?$/.test(flags) ? [{ op: 'write', target: first(a) }] : [];
}

function nodeWrite(a: CallArgs): Action[] {
  const o = a.pos[2];
  const flag = o?.k === 'obj' ? literal(o.props.get('flag')) : undefined;
  return flag && /a/.test(flag) ? [] : [{ op: 'write', target: first(a) }];
}

const CHILD_PROCESS: Record<string, SinkFn> = {
  exec: (a) => shell(a.pos[0]),
  execSync: (a) => shell(a.pos[0]),
  spawn: nodeSpawn,
  spawnSync: nodeSpawn,
  execFile: nodeSpawn,
  execFileSync: nodeSpawn,
  fork: (a) => [{ op: 'argv', words: [str('node'), first(a), ...(a.pos[1]?.k === 'list' ? a.pos[1].items : [])] }],
};

/** Modules whose calls are Node's file system. */
export const FS_MODULES = new Set(['fs', 'fs.promises', 'fs-extra', 'fs-extra.promises', 'graceful-fs', 'fse', 'fsp', 'fsPromises', 'fsExtra', 'fs_extra']);

const JS_SINKS: Record<string, SinkFn> = {
  rimraf: (a) => rm('rf', a.pos[0]),
  'rimraf.sync': (a) => rm('rf', a.pos[0]),
  'rimraf.rimraf': (a) => rm('rf', a.pos[0]),
  'rimraf.rimrafSync': (a) => rm('rf', a.pos[0]),
  'rimraf.native': (a) => rm('rf', a.pos[0]),
  'rimraf.nativeSync': (a) => rm('rf', a.pos[0]),
  'rimraf.manual': (a) => rm('rf', a.pos[0]),
  'rimraf.manualSync': (a) => rm('rf', a.pos[0]),
  rimrafSync: (a) => rm('rf', a.pos[0]),
  del: (a) => rm('rf', globList(a.pos[0])),
  'del.sync': (a) => rm('rf', globList(a.pos[0])),
  'del.deleteAsync': (a) => rm('rf', globList(a.pos[0])),
  'del.deleteSync': (a) => rm('rf', globList(a.pos[0])),
  deleteAsync: (a) => rm('rf', globList(a.pos[0])),
  deleteSync: (a) => rm('rf', globList(a.pos[0])),
  'shelljs.rm': (a) => shelljsRm(a),
  'shelljs.exec': (a) => shell(a.pos[0]),
  'shelljs.mv': (a) => [{ op: 'mv', from: a.pos[a.pos.length - 2] ?? unk('X'), to: a.pos[a.pos.length - 1] ?? unk('X') }],
  execa: (a) => [{ op: 'argv', words: [first(a), ...(a.pos[1]?.k === 'list' ? a.pos[1].items : [])] }],
  'execa.execa': (a) => [{ op: 'argv', words: [first(a), ...(a.pos[1]?.k === 'list' ? a.pos[1].items : [])] }],
  'execa.execaSync': (a) => [{ op: 'argv', words: [first(a), ...(a.pos[1]?.k === 'list' ? a.pos[1].items : [])] }],
  'execa.execaCommand': (a) => shell(a.pos[0]),
  'execa.execaCommandSync': (a) => shell(a.pos[0]),
  'Deno.remove': (a) => (a.pos[1]?.k === 'obj' && truthy(a.pos[1].props.get('recursive')) ? rm('rf', a.pos[0]) : rm('', a.pos[0])),
  'Deno.removeSync': (a) => (a.pos[1]?.k === 'obj' && truthy(a.pos[1].props.get('recursive')) ? rm('rf', a.pos[0]) : rm('', a.pos[0])),
  'Deno.writeTextFile': (a) => [{ op: 'write', target: first(a) }],
  'Deno.writeTextFileSync': (a) => [{ op: 'write', target: first(a) }],
  'Deno.writeFile': (a) => [{ op: 'write', target: first(a) }],
  'Deno.writeFileSync': (a) => [{ op: 'write', target: first(a) }],
  'Deno.rename': (a) => [{ op: 'mv', from: first(a), to: a.pos[1] ?? unk('X') }],
  'Deno.renameSync': (a) => [{ op: 'mv', from: first(a), to: a.pos[1] ?? unk('X') }],
  'Deno.truncate': (a) => [{ op: 'truncate', target: first(a) }],
  'Deno.truncateSync': (a) => [{ op: 'truncate', target: first(a) }],
  'Deno.Command': (a) => {
    const o = a.pos[1];
    const args = o?.k === 'obj' ? o.props.get('args') : undefined;
    return [{ op: 'argv', words: [first(a), ...(args?.k === 'list' ? args.items : [])] }];
  },
  'Deno.run': (a) => {
    const o = a.pos[0];
    const cmd = o?.k === 'obj' ? o.props.get('cmd') : undefined;
    return argvOrShell(cmd, false);
  },
  'Bun.spawn': (a) => bunSpawn(a),
  'Bun.spawnSync': (a) => bunSpawn(a),
  'Bun.write': (a) => [{ op: 'write', target: first(a) }],
  eval: (a) => codeOf(a.pos[0]),
  Function: (a) => codeOf(a.pos[a.pos.length - 1]),
  'vm.runInThisContext': (a) => codeOf(a.pos[0]),
  'vm.runInNewContext': (a) => codeOf(a.pos[0]),
};

function bunSpawn(a: CallArgs): Action[] {
  const o = a.pos[0];
  if (o?.k === 'obj') return argvOrShell(o.props.get('cmd'), false);
  return argvOrShell(o, false);
}

function shelljsRm(a: CallArgs): Action[] {
  const flag = literal(a.pos[0]);
  const opts = flag !== undefined && /^-[a-zA-Z]+$/.test(flag) ? flag.slice(1) : '';
  const targets = (opts ? a.pos.slice(1) : a.pos).flatMap((v) => (v.k === 'list' ? v.items : [v]));
  return [{ op: 'rm', flags: /[rR]/.test(opts) ? `r${opts.includes('f') ? 'f' : ''}` : opts.includes('f') ? 'f' : '', targets: targets.map(asGlob) }];
}

const RUBY_FILEUTILS: Record<string, SinkFn> = {
  rm_rf: (a) => rm('rf', ...listArgs(a)),
  rmtree: (a) => rm('rf', ...listArgs(a)),
  rm_r: (a) => rm('r', ...listArgs(a)),
  remove_dir: (a) => rm('rf', ...listArgs(a)),
  remove_entry: (a) => rm('rf', ...listArgs(a)),
  remove_entry_secure: (a) => rm('rf', ...listArgs(a)),
  rm: (a) => rm('', ...listArgs(a)),
  remove: (a) => rm('', ...listArgs(a)),
  rm_f: (a) => rm('f', ...listArgs(a)),
  safe_unlink: (a) => rm('f', ...listArgs(a)),
  remove_file: (a) => rm('', ...listArgs(a)),
  rmdir: (a) => [{ op: 'rmdir', targets: listArgs(a) }],
  mv: (a) => [{ op: 'mv', from: first(a), to: a.pos[1] ?? unk('X') }],
  move: (a) => [{ op: 'mv', from: first(a), to: a.pos[1] ?? unk('X') }],
  cp: (a) => [{ op: 'cp', from: first(a), to: a.pos[1] ?? unk('X') }],
  copy: (a) => [{ op: 'cp', from: first(a), to: a.pos[1] ?? unk('X') }],
  cp_r: (a) => [{ op: 'cp', flags: 'r', from: first(a), to: a.pos[1] ?? unk('X') }],
  copy_entry: (a) => [{ op: 'cp', flags: 'r', from: first(a), to: a.pos[1] ?? unk('X') }],
  sh: (a) => systemLike(a),
};

/** `FileUtils.rm_rf(['a', 'b'])` and `rm_rf 'a', 'b'` both name several paths. */
function listArgs(a: CallArgs): Val[] {
  const out = a.pos.flatMap((v) => (v.k === 'list' ? [...v.items, ...(v.more ? [v.more] : [])] : v.k === 'obj' ? [] : [v]));
  return out.length ? out : [unk('X')];
}

const RUBY_SINKS: Record<string, SinkFn> = {
  'File.delete': (a) => rm('', ...listArgs(a)),
  'File.unlink': (a) => rm('', ...listArgs(a)),
  'Dir.rmdir': (a) => [{ op: 'rmdir', targets: [first(a)] }],
  'Dir.delete': (a) => [{ op: 'rmdir', targets: [first(a)] }],
  'Dir.unlink': (a) => [{ op: 'rmdir', targets: [first(a)] }],
  'File.write': (a) => (a.kw.get('mode') && !truncatingMode(a.kw.get('mode')) ? [] : [{ op: 'write', target: first(a) }]),
  'File.binwrite': (a) => [{ op: 'write', target: first(a) }],
  'IO.write': (a) => [{ op: 'write', target: first(a) }],
  'File.open': (a) => (truncatingMode(a.pos[1]) ? [{ op: 'write', target: first(a) }] : []),
  'File.new': (a) => (truncatingMode(a.pos[1]) ? [{ op: 'write', target: first(a) }] : []),
  'File.rename': (a) => [{ op: 'mv', from: first(a), to: a.pos[1] ?? unk('X') }],
  'File.truncate': (a) => (literal(a.pos[1]) === '0' ? [{ op: 'truncate', target: first(a) }] : []),
  system: systemLike,
  exec: systemLike,
  spawn: systemLike,
  'Kernel.system': systemLike,
  'Kernel.exec': systemLike,
  'Kernel.spawn': systemLike,
  'Process.spawn': systemLike,
  'Process.exec': systemLike,
  'Open3.capture2': systemLike,
  'Open3.capture2e': systemLike,
  'Open3.capture3': systemLike,
  'Open3.popen2': systemLike,
  'Open3.popen2e': systemLike,
  'Open3.popen3': systemLike,
  'Open3.pipeline': systemLike,
  'IO.popen': (a) => argvOrShell(a.pos[0], false),
  'PTY.spawn': systemLike,
  eval: (a) => codeOf(a.pos[0]),
  instance_eval: (a) => codeOf(a.pos[0]),
  class_eval: (a) => codeOf(a.pos[0]),
};

const PERL_SINKS: Record<string, SinkFn> = {
  unlink: (a) => rm('', ...listArgs(a)),
  rmdir: (a) => [{ op: 'rmdir', targets: listArgs(a) }],
  rmtree: (a) => perlRmtree(a),
  remove_tree: (a) => perlRmtree(a),
  'File.Path.rmtree': (a) => perlRmtree(a),
  'File.Path.remove_tree': (a) => perlRmtree(a),
  move: (a) => [{ op: 'mv', from: first(a), to: a.pos[1] ?? unk('X') }],
  mv: (a) => [{ op: 'mv', from: first(a), to: a.pos[1] ?? unk('X') }],
  'File.Copy.move': (a) => [{ op: 'mv', from: first(a), to: a.pos[1] ?? unk('X') }],
  copy: (a) => [{ op: 'cp', from: first(a), to: a.pos[1] ?? unk('X') }],
  'File.Copy.copy': (a) => [{ op: 'cp', from: first(a), to: a.pos[1] ?? unk('X') }],
  rename: (a) => [{ op: 'mv', from: first(a), to: a.pos[1] ?? unk('X') }],
  system: systemLike,
  exec: systemLike,
  // IPC::Open3 and IPC::Open2: the handles first, then the command as for system.
  open3: (a) => systemLike({ ...a, pos: a.pos.slice(3) }),
  'IPC.Open3.open3': (a) => systemLike({ ...a, pos: a.pos.slice(3) }),
  open2: (a) => systemLike({ ...a, pos: a.pos.slice(2) }),
  'IPC.Open2.open2': (a) => systemLike({ ...a, pos: a.pos.slice(2) }),
  truncate: (a) => (literal(a.pos[1]) === '0' ? [{ op: 'truncate', target: first(a) }] : []),
  open: (a) => perlOpen(a),
  eval: (a) => codeOf(a.pos[0]),
};

/** `rmtree($a, $b)`, `remove_tree($d, { keep_root => 1 })` (then only what is inside goes). */
function perlRmtree(a: CallArgs): Action[] {
  const last = a.pos[a.pos.length - 1];
  const keepRoot = last?.k === 'obj' && truthy(last.props.get('keep_root'));
  return [{ op: 'rm', flags: 'rf', targets: listArgs(a), contents: keepRoot || undefined }];
}

/** `open(FH, '>', $p)`, `open(FH, ">$p")`, `open(FH, '-|', 'cmd', @args)`, `open(FH, "cmd |")`. */
function perlOpen(a: CallArgs): Action[] {
  const mode = a.pos[1];
  const m = literal(mode);
  if (a.pos.length >= 3 && m !== undefined) {
    const mm = m.trim();
    if (mm === '>' || mm === '+>' || mm.startsWith('>:') || mm.startsWith('+>:')) return [{ op: 'write', target: a.pos[2] }];
    if (mm === '-|' || mm === '|-') return a.pos.length === 3 ? shell(a.pos[2]) : [{ op: 'argv', words: a.pos.slice(2) }];
    return [];
  }
  if (a.pos.length === 2 && mode?.k === 'str') {
    const head = mode.p[0];
    const tail = mode.p[mode.p.length - 1];
    if (typeof head === 'string' && /^\s*\|/.test(head)) return shell({ ...mode, p: [head.replace(/^\s*\|/, ''), ...mode.p.slice(1)] });
    if (typeof tail === 'string' && /\|\s*$/.test(tail)) return shell({ ...mode, p: [...mode.p.slice(0, -1), tail.replace(/\s*\|\s*$/, '')] });
    if (typeof head === 'string' && /^\s*\+?>(?!>)/.test(head)) return [{ op: 'write', target: { ...mode, p: [head.replace(/^\s*\+?>\s*/, ''), ...mode.p.slice(1)] } }];
  }
  return [];
}

const GO_SINKS: Record<string, SinkFn> = {
  'os.RemoveAll': (a) => rm('rf', a.pos[0]),
  'os.Remove': (a) => rm('', a.pos[0]),
  'os.Rename': (a) => [{ op: 'mv', from: first(a), to: a.pos[1] ?? unk('X') }],
  'os.WriteFile': (a) => [{ op: 'write', target: first(a) }],
  'ioutil.WriteFile': (a) => [{ op: 'write', target: first(a) }],
  'os.Create': (a) => [{ op: 'write', target: first(a) }],
  'os.Truncate': (a) => (literal(a.pos[1]) === '0' ? [{ op: 'truncate', target: first(a) }] : []),
  'exec.Command': (a) => [{ op: 'argv', words: a.pos }],
  'exec.CommandContext': (a) => [{ op: 'argv', words: a.pos.slice(1) }],
  'syscall.Exec': (a) => argvOrShell(a.pos[1], false),
  'os.StartProcess': (a) => argvOrShell(a.pos[1], false),
  'syscall.Unlink': (a) => rm('', a.pos[0]),
  'syscall.Rmdir': (a) => [{ op: 'rmdir', targets: [first(a)] }],
  'unix.Unlink': (a) => rm('', a.pos[0]),
  'unix.Rmdir': (a) => [{ op: 'rmdir', targets: [first(a)] }],
};

/** Methods on a path object that delete or overwrite it (`Path.unlink`, `Pathname#rmtree`). */
export function pathMethodSink(lang: SourceLanguage, recv: Val, name: string, a: CallArgs): Action[] | undefined {
  const isPath = recv.k === 'str' && recv.path === true;
  const known = recv.k === 'str' || recv.k === 'unk' || recv.k === 'alts';
  if (lang === 'python') {
    if (recv.k === 'obj') return runnerMethod(recv, name, a);
    if (!known) return undefined;
    if (name === 'unlink') return rm('', recv);
    if (name === 'rmdir') return [{ op: 'rmdir', targets: [recv] }];
    if (!isPath) return undefined;
    if (name === 'write_text' || name === 'write_bytes') return [{ op: 'write', target: recv }];
    if (name === 'rename' || name === 'replace') return [{ op: 'mv', from: recv, to: first(a) }];
    if (name === 'open' && truncatingMode(arg(a, 0, 'mode'))) return [{ op: 'write', target: recv }];
    return undefined;
  }
  if (lang === 'ruby') {
    if (name === 'rmtree' && known) return rm('rf', recv);
    if (!isPath) return undefined;
    if (name === 'delete' || name === 'unlink') return rm('', recv);
    if (name === 'rmdir') return [{ op: 'rmdir', targets: [recv] }];
    if (name === 'write' || name === 'binwrite') return [{ op: 'write', target: recv }];
    if (name === 'rename') return [{ op: 'mv', from: recv, to: first(a) }];
    return undefined;
  }
  if (lang === 'javascript' || lang === 'typescript') {
    // Bun.file(p).delete() / .unlink().
    if ((name === 'delete' || name === 'unlink') && isPath) return rm('', recv);
  }
  return undefined;
}

const SINKS: Readonly<Record<SourceLanguage, Record<string, SinkFn>>> = {
  python: PY_SINKS,
  javascript: JS_SINKS,
  typescript: JS_SINKS,
  ruby: RUBY_SINKS,
  perl: PERL_SINKS,
  go: GO_SINKS,
};

/**
 * The sink a canonical name stands for. `bareFileUtils`: Ruby code that includes FileUtils (or a
 * Rakefile) may call `rm_rf`, `rm`, `mv` and `sh` without the module.
 */
export function sinkFn(lang: SourceLanguage, name: string, bareFileUtils = false): SinkFn | undefined {
  const own = SINKS[lang];
  if (Object.prototype.hasOwnProperty.call(own, name)) return own[name];
  if (lang === 'javascript' || lang === 'typescript') {
    const dot = name.lastIndexOf('.');
    const mod = dot === -1 ? '' : name.slice(0, dot);
    const fn = name.slice(dot + 1);
    if (FS_MODULES.has(mod) && Object.prototype.hasOwnProperty.call(FS_CALLS, fn)) return FS_CALLS[fn];
    if (mod === 'child_process' && Object.prototype.hasOwnProperty.call(CHILD_PROCESS, fn)) return CHILD_PROCESS[fn];
    // Distinctive names, whatever they were imported as.
    if (dot === -1 && /^(rmSync|rmdirSync|unlinkSync|removeSync|emptyDirSync)$/.test(fn)) return FS_CALLS[fn];
    if (dot === -1 && /^(execSync|spawnSync|execFileSync)$/.test(fn)) return CHILD_PROCESS[fn];
  }
  if (lang === 'ruby') {
    const m = /^FileUtils(?:\.(?:Verbose))?\.(\w+[?!]?)$/.exec(name);
    if (m && Object.prototype.hasOwnProperty.call(RUBY_FILEUTILS, m[1])) return RUBY_FILEUTILS[m[1]];
    if (/^FileUtils\.(DryRun|NoWrite)\./.test(name)) return () => [];
    if (!name.includes('.') && Object.prototype.hasOwnProperty.call(RUBY_FILEUTILS, name) && (bareFileUtils || /^(rm_rf|rm_r|rmtree|remove_dir|remove_entry|remove_entry_secure|rm_f)$/.test(name))) return RUBY_FILEUTILS[name];
  }
  return undefined;
}

let knownModules: Map<SourceLanguage, Set<string>> | undefined;

/**
 * A module the tables above know calls of (`os`, `shutil`, `subprocess`): an import of it names
 * the library, never a file of the project, so it is not looked for beside the script.
 */
export function knownModule(lang: SourceLanguage, name: string): boolean {
  if (!knownModules) {
    knownModules = new Map();
    for (const l of Object.keys(VALUES) as SourceLanguage[]) {
      const set = new Set<string>(['sys', 'os', 'io', 'time', 're', 'json', 'logging', 'argparse', 'typing', 'pathlib', 'collections', 'functools', 'itertools', 'datetime']);
      for (const table of [VALUES[l], SINKS[l]]) for (const k of Object.keys(table)) if (k.includes('.')) set.add(k.slice(0, k.indexOf('.')));
      knownModules.set(l, set);
    }
  }
  return knownModules.get(lang)?.has(name.split('.')[0]) ?? false;
}

/** Names that take their arguments without parentheses when they are sinks (Ruby, Perl). */
export function sinkNameForBareCall(lang: SourceLanguage, name: string, bareFileUtils: boolean): boolean {
  return sinkFn(lang, name, bareFileUtils) !== undefined;
}

export { alts, eachOf };
