/**
 * Package scripts: `npm run X` (`run-script`, `rum`, `urn`), `npm test|start|stop|restart`, a
 * bare `npm install` (the package's own install lifecycle), `pnpm`, `yarn` and `bun` the same ways,
 * and `yarn X` / `pnpm X` / `bun X` where X is the package's script. Each runs the script's text
 * with `sh -c` in the package's folder, after its `pre` script and before its `post` script where
 * the tool runs those; the text may run other scripts, which are followed in turn.
 *
 * The package is the nearest package.json at or above the folder (`--prefix`, `-C`, `--dir`,
 * `--cwd` move it), or the workspaces named with `-w`/`--workspace`/`--filter`/`workspace NAME`
 * or all of them (`--workspaces`, `-r`, `workspaces foreach`) when their files are at hand.
 */
import type { Node as JsonNode } from 'jsonc-parser';
import { jsonc, yaml } from '../parsers/on-demand';
import type { SimpleCommand, Word } from '../shell/model';
import type { ShellKind, Span } from '../types';
import { dirOf, displayPath, type FollowEnv, type Invocation, LineIndex, listFollowed, readFollowed, resolvePath, step, type Unit } from './state';

type Tool = 'npm' | 'pnpm' | 'yarn' | 'bun';

interface Request {
  tool: Tool;
  span: Span;
  /** The script to run, or a lifecycle whose scripts npm picks. */
  script?: Word;
  lifecycle?: 'test' | 'start' | 'stop' | 'restart' | 'install';
  /** Words appended to the script's text. */
  args: Word[];
  dir?: Word;
  /** Workspaces by name or path; `all` for every one. */
  workspaces?: Word[] | 'all';
  ignoreScripts?: boolean;
  /** The script may instead be a binary of that name (`yarn tsc`): no script is no finding. */
  orBinary?: boolean;
  /** Scripts by name or pattern (`run-s clean build:*`, `turbo run build lint`), each with its hooks. */
  patterns?: Word[];
}

interface Manifest {
  scripts: Map<string, { value: string; line: number }>;
  workspaces: string[];
  name?: string;
  packageManager?: string;
}

/** npm options that take a value (`--prefix dir`); any other `--x` is a flag. */
const NPM_VALUE = new Set(['--prefix', '-C', '-w', '--workspace', '--loglevel', '--userconfig', '--globalconfig', '--cache', '--registry', '--script-shell', '--tag', '--otp', '-c', '--call', '--package', '--before', '--omit', '--include']);
const PNPM_VALUE = new Set(['-C', '--dir', '--filter', '-F', '--filter-prod', '--reporter', '--workspace-concurrency', '--resume-from', '--changed-files-ignore-pattern', '--test-pattern', '--loglevel', '--config', '--store-dir']);
const YARN_VALUE = new Set(['--cwd', '--mutex', '--network-timeout', '--modules-folder', '--cache-folder', '--link-folder', '--global-folder', '--registry', '--use-yarnrc']);
const BUN_VALUE = new Set(['--cwd', '--filter', '-F', '-c', '--config', '--env-file', '--shell', '-r', '--preload']);

/** yarn's own commands: `yarn NAME` with one of these never runs a script. */
const YARN_COMMANDS = new Set(['add', 'audit', 'autoclean', 'bin', 'cache', 'check', 'config', 'constraints', 'create', 'dedupe', 'dlx', 'exec', 'explain', 'generate-lock-entry', 'global', 'help', 'import', 'info', 'init', 'install', 'licenses', 'link', 'list', 'login', 'logout', 'node', 'npm', 'outdated', 'owner', 'pack', 'patch', 'patch-commit', 'plugin', 'policies', 'publish', 'rebuild', 'remove', 'search', 'set', 'stage', 'tag', 'team', 'unlink', 'unplug', 'up', 'upgrade', 'upgrade-interactive', 'version', 'versions', 'why']);
/** pnpm's own commands that never run a script of the package. */
const PNPM_COMMANDS = new Set(['add', 'update', 'up', 'upgrade', 'remove', 'rm', 'uninstall', 'un', 'link', 'ln', 'unlink', 'import', 'rebuild', 'rb', 'prune', 'fetch', 'patch', 'patch-commit', 'audit', 'list', 'ls', 'll', 'la', 'outdated', 'why', 'licenses', 'exec', 'dlx', 'create', 'publish', 'pack', 'server', 'store', 'root', 'bin', 'setup', 'init', 'deploy', 'doctor', 'config', 'c', 'get', 'set', 'env', 'help', 'approve-builds', 'self-update', 'cat-file', 'cat-index', 'find-hash', 'dedupe', 'ignored-builds']);
/** bun's own commands (`bun test` is bun's test runner, not the package's script). */
const BUN_COMMANDS = new Set(['test', 'install', 'i', 'add', 'a', 'remove', 'rm', 'update', 'upgrade', 'x', 'init', 'create', 'c', 'pm', 'link', 'unlink', 'publish', 'outdated', 'patch', 'patch-commit', 'build', 'audit', 'info', 'exec', 'repl', 'why', 'completions', 'discord', 'help']);

const NPM_RUN = new Set(['run', 'run-script', 'rum', 'urn']);
const LIFECYCLE: Readonly<Record<string, Request['lifecycle']>> = { test: 'test', t: 'test', tst: 'test', start: 'start', stop: 'stop', restart: 'restart' };
const NPM_INSTALL = new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add', 'ci', 'clean-install', 'ic', 'install-clean', 'isntall-clean']);

export function packageScripts(cmd: SimpleCommand, env: FollowEnv): Invocation | undefined {
  const req = requestOf(cmd);
  if (!req) return undefined;
  const what = wordsBetween(cmd, req.span);
  if (req.patterns?.some((p) => p.dynamic)) return { span: req.span, what, units: [], problems: [], unknown: ['a script to run is named at run time, so it cannot be read'] };
  if (req.script?.dynamic) return { span: req.span, what, units: [], problems: [], unknown: [`the script to run is named at run time (${req.script.raw}), so it cannot be read`] };
  if (req.dir?.dynamic) return { span: req.span, what, units: [], problems: [], unknown: [`the package folder is named at run time (${req.dir.raw}), so its scripts cannot be read`] };
  const start = req.dir ? resolvePath(env.cwd, req.dir.value, env.ctx.home) : env.cwd;
  const root = findManifest(start, env, !req.dir);
  if (!root) return req.orBinary ? undefined : { span: req.span, what, units: [], problems: [] };
  const packages = req.workspaces ? workspacePackages(root, req, env) : [root];
  const units: Unit[] = [];
  let found = false;
  for (const pkg of packages) {
    for (const m of pkg.manifests) {
      const picked = scriptsToRun(req, m, pkg, env);
      if (picked.main) found = true;
      units.push(...picked.units);
    }
  }
  // `yarn tsc` with no script of that name runs the binary, which the rules judged already.
  if (req.orBinary && !found) return undefined;
  return { span: req.span, what, units, problems: [] };
}

interface Package {
  abs: string;
  dir: string;
  manifests: Manifest[];
}

/** The nearest package.json at or above `dir` (only `dir` itself when a flag named it). */
function findManifest(dir: string, env: FollowEnv, walkUp: boolean): Package | undefined {
  let cur = dir;
  const home = env.ctx.home?.replace(/\/+$/, '');
  for (let hops = 0; hops < 16; hops++) {
    const pkg = readPackage(`${cur === '/' ? '' : cur}/package.json`, env);
    if (pkg) return pkg;
    if (!walkUp || cur === '/' || cur === home) return undefined;
    cur = dirOf(cur);
  }
  return undefined;
}

function readPackage(abs: string, env: FollowEnv): Package | undefined {
  const got = readFollowed(env.state, abs, env.named);
  if (got.kind !== 'text') return undefined;
  const manifests = got.texts.map(parseManifest).filter((m): m is Manifest => !!m);
  return manifests.length ? { abs, dir: dirOf(abs), manifests } : undefined;
}

export function parseManifest(text: string): Manifest | undefined {
  const errors: { error: number; offset: number; length: number }[] = [];
  const tree = jsonc().parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (!tree || tree.type !== 'object' || errors.length) return undefined;
  const lines = new LineIndex(text);
  const scripts = new Map<string, { value: string; line: number }>();
  const scriptsNode = jsonc().findNodeAtLocation(tree, ['scripts']);
  if (scriptsNode?.type === 'object') {
    for (const prop of scriptsNode.children ?? []) {
      const [key, value] = prop.children ?? [];
      if (key?.type === 'string' && value?.type === 'string' && typeof key.value === 'string' && typeof value.value === 'string') {
        scripts.set(key.value, { value: value.value, line: lines.lineOf(value.offset) });
      }
    }
  }
  const ws = jsonc().findNodeAtLocation(tree, ['workspaces']);
  const list = ws?.type === 'array' ? ws : ws?.type === 'object' ? jsonc().findNodeAtLocation(ws, ['packages']) : undefined;
  const workspaces = (list?.children ?? []).filter((c: JsonNode) => c.type === 'string').map((c: JsonNode) => String(c.value));
  const name = jsonc().findNodeAtLocation(tree, ['name']);
  const pm = jsonc().findNodeAtLocation(tree, ['packageManager']);
  return {
    scripts,
    workspaces,
    ...(name?.type === 'string' ? { name: String(name.value) } : {}),
    ...(pm?.type === 'string' ? { packageManager: String(pm.value) } : {}),
  };
}

/** What one manifest runs for the request: the script and its hooks, each a unit. */
function scriptsToRun(req: Request, m: Manifest, pkg: Package, env: FollowEnv): { units: Unit[]; main: boolean } {
  const file = displayPath(pkg.abs, env.ctx, env.state.flavour);
  const units: Unit[] = [];
  const shell = scriptShell(req.tool, m, env);
  const unit = (name: string, args: readonly Word[]): boolean => {
    const s = m.scripts.get(name);
    if (!s) return false;
    const extra = args.map((a) => a.raw).join(' ');
    const text = extra ? `${s.value} ${extra}` : s.value;
    const u: Unit = { text, cwd: pkg.dir, key: `pkg\u0000${pkg.abs}\u0000${name}\u0000${text}`, at: () => step(file, s.line, s.value, `scripts.${name}`) };
    if (shell) u.shell = shell;
    units.push(u);
    return true;
  };
  const hooks = !req.ignoreScripts && runsHooks(req.tool, m, pkg, env);
  const withHooks = (name: string, args: readonly Word[]): boolean => {
    if (hooks) unit(`pre${name}`, []);
    const ran = unit(name, args);
    if (hooks) unit(`post${name}`, []);
    return ran;
  };
  if (req.script) return { units, main: withHooks(req.script.value, req.args) };
  if (req.patterns) {
    const res = req.patterns.map(scriptPattern);
    let any = false;
    for (const name of m.scripts.keys()) if (res.some((re) => re.test(name))) any = withHooks(name, []) || any;
    return { units, main: any };
  }
  switch (req.lifecycle) {
    case 'install':
      // npm's order for the package's own lifecycle on a bare install.
      if (req.ignoreScripts) return { units, main: false };
      for (const n of ['preinstall', 'install', 'postinstall', 'prepublish', 'preprepare', 'prepare', 'postprepare']) unit(n, []);
      return { units, main: true };
    case 'start':
      if (withHooks('start', req.args)) return { units, main: true };
      // npm (and pnpm) start a package without a start script with `node server.js`, when there is one.
      if (readFollowed(env.state, `${pkg.dir}/server.js`, false).kind === 'text') {
        units.push({ text: 'node server.js', cwd: pkg.dir, key: `pkg\u0000${pkg.abs}\u0000start:server.js`, at: () => step(file, 1, 'node server.js (no start script: the default)', 'scripts.start') });
      }
      return { units, main: true };
    case 'restart':
      if (withHooks('restart', req.args)) return { units, main: true };
      withHooks('stop', []);
      withHooks('start', req.args);
      return { units, main: true };
    case 'test':
    case 'stop':
      return { units, main: withHooks(req.lifecycle, req.args) };
    default:
      return { units, main: false };
  }
}

/**
 * Whether the tool runs `preX`/`postX` around X: npm and bun do, Yarn 1 does and Yarn 2+ does
 * not, pnpm only with `enable-pre-post-scripts` in .npmrc. Unknown counts as yes (more is read).
 */
function runsHooks(tool: Tool, m: Manifest, pkg: Package, env: FollowEnv): boolean {
  if (tool === 'yarn') return !/^yarn@([2-9]|\d\d)/.test(m.packageManager ?? '');
  if (tool !== 'pnpm') return true;
  const rc = readFollowed(env.state, `${pkg.dir}/.npmrc`, false);
  return rc.kind === 'text' && rc.texts.some((t) => /^\s*enable-pre-post-scripts\s*=\s*true\s*$/m.test(t));
}

/**
 * The shell a runner gives a script, where it is not a POSIX one: on Windows npm and pnpm
 * (`script-shell`, default cmd.exe) and Yarn 1 run scripts with cmd.exe; Yarn 2+ and Bun have
 * their own shells, written like sh.
 */
function scriptShell(tool: Tool, m: Manifest, env: FollowEnv): ShellKind | undefined {
  if (env.state.flavour.name !== 'win32') return undefined;
  if (tool === 'bun' || (tool === 'yarn' && /^yarn@([2-9]|\d\d)/.test(m.packageManager ?? ''))) return 'bash';
  return 'cmd';
}

/** The packages of the root's workspaces the request names (by path or name), or all of them. */
function workspacePackages(root: Package, req: Request, env: FollowEnv): Package[] {
  const patterns = new Set<string>();
  for (const m of root.manifests) for (const w of m.workspaces) patterns.add(w);
  if (req.tool === 'pnpm') for (const w of pnpmWorkspaces(root.dir, env)) patterns.add(w);
  const wanted = req.workspaces === 'all' ? undefined : req.workspaces!;
  const out: Package[] = [];
  const seen = new Set<string>();
  const add = (p: Package | undefined): void => {
    if (p && !seen.has(p.abs)) {
      seen.add(p.abs);
      out.push(p);
    }
  };
  // A workspace named by its folder needs no listing.
  const byName: string[] = [];
  for (const w of wanted ?? []) {
    if (w.dynamic) continue;
    const v = w.value.replace(/^\{(.*)\}$/, '$1');
    if (v === '.' || v === './' || v.includes('/')) add(readPackage(`${resolvePath(root.dir, v)}/package.json`, env));
    else byName.push(v);
  }
  if (wanted && !byName.length) return out;
  for (const dir of expandWorkspaces(root.dir, [...patterns], env)) {
    if (env.state.exhausted) break;
    const pkg = readPackage(`${dir}/package.json`, env);
    if (!pkg) continue;
    if (!wanted || pkg.manifests.some((m) => m.name !== undefined && byName.some((n) => n === m.name || (n.includes('*') && new RegExp(`^${n.split('*').map(escapeRe).join('.*')}$`).test(m.name!))))) add(pkg);
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function pnpmWorkspaces(dir: string, env: FollowEnv): string[] {
  const got = readFollowed(env.state, `${dir}/pnpm-workspace.yaml`, false);
  if (got.kind !== 'text') return [];
  try {
    const doc = yaml().parse(got.texts[0], { maxAliasCount: 16 }) as { packages?: unknown } | null;
    return Array.isArray(doc?.packages) ? doc.packages.filter((p): p is string => typeof p === 'string' && !p.startsWith('!')) : [];
  } catch {
    return [];
  }
}

/** Workspace patterns to folders: literal paths, and `*` as the last segment (one level). */
function expandWorkspaces(root: string, patterns: readonly string[], env: FollowEnv): string[] {
  const out: string[] = [];
  for (const p of patterns.slice(0, 32)) {
    const clean = p.replace(/\/+$/, '').replace(/^\.\//, '');
    if (!clean || clean.startsWith('!')) continue;
    const star = clean.indexOf('*');
    if (star === -1) {
      out.push(resolvePath(root, clean));
      continue;
    }
    const parent = clean.slice(0, star).replace(/\/+$/, '');
    if (parent.includes('*') || clean.slice(star).replace(/^\*+/, '').includes('/')) continue;
    const dir = resolvePath(root, parent || '.');
    for (const e of listFollowed(env.state, dir) ?? []) if (e.endsWith('/') && !e.startsWith('.') && e !== 'node_modules/') out.push(`${dir}/${e.slice(0, -1)}`);
  }
  return out;
}

/**
 * npm-run-all's script patterns: `*` stands for one `:`-separated part of a name, `**` for any
 * number of them (`build:*` is `build:js`, not `build:js:min`).
 */
function scriptPattern(w: Word): RegExp {
  const v = w.value.replace(/\s.*$/, '');
  let re = '';
  for (let i = 0; i < v.length; i++) {
    if (v.startsWith('**', i)) {
      re += '.+';
      i++;
    } else if (v[i] === '*') re += '[^:]+';
    else re += escapeRe(v[i]);
  }
  return new RegExp(`^${re}$`);
}

/** Runners that run the package's scripts by name: npm-run-all, run-s, run-p; turbo and lerna in every workspace. */
const SCRIPT_RUNNERS: Readonly<Record<string, { values: ReadonlySet<string>; sub?: string; everyWorkspace?: boolean; filter?: readonly string[] }>> = {
  'npm-run-all': { values: new Set(['--npm-path', '--max-parallel']) },
  'run-s': { values: new Set(['--npm-path']) },
  'run-p': { values: new Set(['--npm-path', '--max-parallel']) },
  turbo: { values: new Set(['--filter', '-F', '--concurrency', '--output-logs', '--log-order', '--cache-dir', '--graph', '--env-mode', '--ui', '--log-prefix', '--cache', '--team', '--token', '--profile', '--summarize']), sub: 'run', everyWorkspace: true, filter: ['--filter', '-F'] },
  lerna: { values: new Set(['--scope', '--ignore', '--concurrency', '--since', '--npm-client']), sub: 'run', everyWorkspace: true, filter: ['--scope'] },
};

function scriptRunner(cmd: SimpleCommand): Request | undefined {
  const spec = SCRIPT_RUNNERS[cmd.program];
  if (!spec) return undefined;
  const patterns: Word[] = [];
  const filters: Word[] = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const w = cmd.args[i];
    const v = w.value;
    if (v === '--') break;
    if (v.startsWith('-')) {
      const eq = v.indexOf('=');
      const name = eq === -1 ? v : v.slice(0, eq);
      const value = eq === -1 ? (spec.values.has(name) ? cmd.args[++i] : undefined) : { ...w, value: v.slice(eq + 1) };
      if (value && spec.filter?.includes(name)) filters.push(value);
      continue;
    }
    patterns.push(w);
  }
  if (spec.sub) {
    // `turbo run build lint`, `lerna run test`; turbo also takes `turbo build`.
    if (patterns[0]?.value === spec.sub) patterns.shift();
    else if (cmd.program === 'lerna') return undefined;
  }
  if (!patterns.length) return undefined;
  return {
    tool: 'npm',
    span: spanOf(cmd, patterns[patterns.length - 1]),
    patterns,
    args: [],
    ...(spec.everyWorkspace ? { workspaces: filters.length ? filters : ('all' as const) } : {}),
  };
}

/** Reads the line's words into what the tool would run. */
function requestOf(cmd: SimpleCommand): Request | undefined {
  const runner = scriptRunner(cmd);
  if (runner) return runner;
  const last = cmd.via[cmd.via.length - 1];
  if (last?.kind === 'wrapper' && last.runner && (last.program === 'yarn' || last.program === 'pnpm' || last.program === 'bun')) {
    // `yarn clean`, `pnpm clean`: the extractor read the word as a binary; it may be a script.
    const tool = last.program;
    const opts = options(tool, last.runner.options);
    return { tool, span: { start: last.runner.word.span.start, end: cmd.programWord.span.end }, script: cmd.programWord, args: cmd.args, dir: opts.dir, workspaces: opts.workspaces, orBinary: true };
  }
  const tool = cmd.program as Tool;
  if (tool !== 'npm' && tool !== 'pnpm' && tool !== 'yarn' && tool !== 'bun') return undefined;
  const words = cmd.args;
  const opts = options(tool, words);
  const [sub, ...rest] = opts.positionals;
  if (!sub || sub.dynamic) return sub ? { tool, span: spanOf(cmd, sub), script: sub, args: [], dir: opts.dir } : undefined;
  const base = { tool, dir: opts.dir, workspaces: opts.workspaces, ignoreScripts: opts.ignoreScripts };
  const argsAfter = (w: Word): Word[] => scriptArgs(tool, words, w);
  switch (tool) {
    case 'npm': {
      if (NPM_RUN.has(sub.value)) {
        const script = rest[0];
        return script ? { ...base, span: spanOf(cmd, script), script, args: argsAfter(script) } : undefined;
      }
      const life = LIFECYCLE[sub.value];
      if (life) return { ...base, span: spanOf(cmd, sub), lifecycle: life, args: argsAfter(sub) };
      if (NPM_INSTALL.has(sub.value) && rest.length === 0 && !opts.workspaces) return { ...base, span: spanOf(cmd, sub), lifecycle: 'install', args: [] };
      return undefined;
    }
    case 'pnpm': {
      if (sub.value === 'run' || sub.value === 'run-script') {
        const script = rest[0];
        return script ? { ...base, span: spanOf(cmd, script), script, args: argsAfter(script) } : undefined;
      }
      const life = LIFECYCLE[sub.value];
      if (life) return { ...base, span: spanOf(cmd, sub), lifecycle: life, args: argsAfter(sub) };
      if ((sub.value === 'install' || sub.value === 'i') && rest.length === 0) return { ...base, span: spanOf(cmd, sub), lifecycle: 'install', args: [] };
      if (PNPM_COMMANDS.has(sub.value) || sub.value === 'install' || sub.value === 'i') return undefined;
      return { ...base, span: spanOf(cmd, sub), script: sub, args: argsAfter(sub), orBinary: true };
    }
    case 'yarn': {
      if (sub.value === 'run') {
        const script = rest[0];
        return script ? { ...base, span: spanOf(cmd, script), script, args: argsAfter(script) } : undefined;
      }
      if (sub.value === 'workspace' && rest.length >= 2) {
        const [ws, next, ...more] = rest;
        const script = next.value === 'run' ? more[0] : next;
        if (!script || YARN_COMMANDS.has(script.value)) return undefined;
        return { ...base, span: spanOf(cmd, script), script, args: argsAfter(script), workspaces: [ws] };
      }
      if (sub.value === 'workspaces') {
        const run = rest.findIndex((w) => w.value === 'run');
        const script = run === -1 ? undefined : rest[run + 1];
        return script ? { ...base, span: spanOf(cmd, script), script, args: argsAfter(script), workspaces: 'all' } : undefined;
      }
      if (sub.value === 'install' && rest.length === 0) return { ...base, span: spanOf(cmd, sub), lifecycle: 'install', args: [] };
      if (YARN_COMMANDS.has(sub.value)) return undefined;
      // `yarn test`, `yarn start`, `yarn build`: the package's script of that name.
      return { ...base, span: spanOf(cmd, sub), script: sub, args: argsAfter(sub), orBinary: LIFECYCLE[sub.value] === undefined };
    }
    case 'bun': {
      const script = sub.value === 'run' ? rest[0] : sub;
      if (!script || (sub.value !== 'run' && BUN_COMMANDS.has(sub.value))) return undefined;
      // `bun run ./x.ts`, `bun x.ts`: a file, read as source (interpreters.ts).
      if (/[/]|\.[cm]?[jt]sx?$/.test(script.value)) return undefined;
      return { ...base, span: spanOf(cmd, script), script, args: argsAfter(script), orBinary: true };
    }
  }
  return undefined;
}

interface Options {
  positionals: Word[];
  dir?: Word;
  workspaces?: Word[] | 'all';
  ignoreScripts?: boolean;
}

/** The tool's options (anywhere before `--` for npm, before the script for the others). */
function options(tool: Tool, words: readonly Word[]): Options {
  const valued = tool === 'npm' ? NPM_VALUE : tool === 'pnpm' ? PNPM_VALUE : tool === 'yarn' ? YARN_VALUE : BUN_VALUE;
  const out: Options = { positionals: [] };
  const ws: Word[] = [];
  let all = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const v = w.value;
    if (v === '--') break;
    if (!v.startsWith('-') || v === '-') {
      out.positionals.push(w);
      // Past the script's name, options are the script's (npm reads its own anywhere).
      if (tool !== 'npm' && out.positionals.length >= 2 && out.positionals[0].value !== 'workspace' && out.positionals[0].value !== 'workspaces') break;
      if (tool !== 'npm' && out.positionals.length >= 1 && !['run', 'run-script', 'workspace', 'workspaces', 'foreach'].includes(out.positionals[0].value)) break;
      continue;
    }
    const eq = v.indexOf('=');
    const name = eq === -1 ? v : v.slice(0, eq);
    const value = eq === -1 ? (valued.has(name) ? words[++i] : undefined) : { ...w, value: v.slice(eq + 1) };
    if (!value && valued.has(name) && eq === -1) continue;
    if (name === '--prefix' || (tool === 'npm' && name === '-C') || (tool === 'pnpm' && (name === '-C' || name === '--dir')) || ((tool === 'yarn' || tool === 'bun') && name === '--cwd')) out.dir = value;
    else if (tool === 'npm' && (name === '-w' || name === '--workspace') && value) ws.push(value);
    else if ((tool === 'pnpm' || tool === 'bun') && (name === '--filter' || name === '-F') && value) {
      if (value.value === '*' || value.value === '**') all = true;
      else ws.push(value);
    } else if ((tool === 'npm' && (name === '--workspaces' || name === '-ws')) || (tool === 'pnpm' && (name === '-r' || name === '--recursive'))) all = true;
    else if (name === '--ignore-scripts') out.ignoreScripts = true;
  }
  if (all) out.workspaces = 'all';
  else if (ws.length) out.workspaces = ws;
  return out;
}

/** The words a tool appends to the script: after its name for pnpm, yarn and bun; for npm, positionals and all after `--`. */
function scriptArgs(tool: Tool, words: readonly Word[], script: Word): Word[] {
  const i = words.indexOf(script);
  if (i === -1) return [];
  const after = words.slice(i + 1);
  if (tool !== 'npm') return after[0]?.value === '--' && tool !== 'yarn' ? after.slice(1) : after;
  const dd = after.findIndex((w) => w.value === '--');
  const before = dd === -1 ? after : after.slice(0, dd);
  // npm reads its own options anywhere before `--` (`--prefix web` is npm's, not the script's).
  const positional: Word[] = [];
  for (let k = 0; k < before.length; k++) {
    const v = before[k].value;
    if (v.startsWith('-')) {
      if (!v.includes('=') && NPM_VALUE.has(v)) k++;
      continue;
    }
    positional.push(before[k]);
  }
  return [...positional, ...(dd === -1 ? [] : after.slice(dd + 1))];
}

function spanOf(cmd: SimpleCommand, last: Word): Span {
  return { start: cmd.programWord.span.start, end: Math.max(cmd.programWord.span.end, last.span.end) };
}

function wordsBetween(cmd: SimpleCommand, span: Span): string {
  const runner = cmd.via[cmd.via.length - 1];
  const words = [...(runner?.kind === 'wrapper' && runner.runner ? [runner.runner.word, ...runner.runner.options] : []), cmd.programWord, ...cmd.args].filter((w) => w.span.start >= span.start && w.span.end <= span.end);
  const text = words.map((w) => w.raw).join(' ') || cmd.program;
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/**
 * `concurrently "tsc -w" "npm:watch-*"`: each argument is a command line it runs in a shell, or
 * (`npm:`, `yarn:`, `pnpm:`, `bun:`) the package's scripts by pattern.
 */
export function concurrentlyCommands(cmd: SimpleCommand, env: FollowEnv): Invocation | undefined {
  // concurrently's options that take a value (its --help); the rest are flags.
  const VALUES = new Set(['-n', '--names', '--name-separator', '-c', '--prefix-colors', '-p', '--prefix', '-l', '--prefix-length', '-t', '--timestamp-format', '-s', '--success', '-m', '--max-processes', '--restart-tries', '--restart-after', '--default-input-target', '--teardown', '--cwd']);
  const commands: Word[] = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const v = cmd.args[i].value;
    if (v.startsWith('-')) {
      if (!v.includes('=') && VALUES.has(v)) i++;
      continue;
    }
    commands.push(cmd.args[i]);
  }
  if (!commands.length) return undefined;
  const span = spanOf(cmd, commands[commands.length - 1]);
  const what = wordsBetween(cmd, span);
  const units: Unit[] = [];
  const unknown: string[] = [];
  const scripts: Word[] = [];
  for (const c of commands) {
    if (c.dynamic) {
      unknown.push(`a command it runs is built at run time (${c.raw})`);
      continue;
    }
    const m = /^(npm|yarn|pnpm|bun):(.+)$/.exec(c.value);
    if (m) scripts.push({ ...c, value: m[2] });
    else units.push({ text: c.value, cwd: env.cwd, key: `concurrently\u0000${cmd.span.start}\u0000${c.value}`, at: () => step('(command line)', 1, c.value, 'concurrently') });
  }
  if (scripts.length) {
    const pkg = findManifest(env.cwd, env, true);
    for (const m of pkg?.manifests ?? []) units.push(...scriptsToRun({ tool: 'npm', span, patterns: scripts, args: [] }, m, pkg!, env).units);
  }
  return { span, what, units, problems: [], unknown };
}
