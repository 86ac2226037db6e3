/**
 * `task [name…]` (go-task, Taskfile.yml): the commands a task runs, its `deps` first, then each
 * of its `cmds` (a command line, `cmd:`, `defer:`, or `task:` calling another task), in the
 * task's `dir` or the Taskfile's folder. The Taskfile is the nearest one at or above the folder
 * (`-d`, `-t` name another); `includes:` make `ns:name` tasks. `{{.NAME}}` is the variable's value
 * where the file or the line shows it, else computed (`${NAME}`). Read with the `yaml` parser.
 */
import type { LineCounter, Node as YamlNode, YAMLMap } from 'yaml';
import { yaml } from '../parsers/on-demand';
import type { SimpleCommand, Word } from '../shell/model';
import { spanFromProgram } from '../rules/rule';
import { dirOf, displayPath, type FollowEnv, type Invocation, pathInText, readFollowed, resolvePath, step, type Unit, wordsOf } from './state';

const NAMES = ['Taskfile.yml', 'taskfile.yml', 'Taskfile.yaml', 'taskfile.yaml', 'Taskfile.dist.yml', 'taskfile.dist.yml', 'Taskfile.dist.yaml', 'taskfile.dist.yaml'];
const NO_RUN = new Set(['-n', '--dry', '-l', '--list', '-a', '--list-all', '--summary', '-i', '--init', '--status', '-h', '--help', '--version', '--json', '--completion']);
const VALUE = new Set(['-d', '--dir', '-t', '--taskfile', '-o', '--output', '-C', '--concurrency', '-I', '--interval', '--output-group-begin', '--output-group-end', '--sort']);

interface Taskfile {
  abs: string;
  dir: string;
  lines: LineCounter;
  text: string;
  vars: Map<string, string>;
  tasks: YAMLMap | undefined;
  includes: Map<string, { path: string; dir?: string }>;
}

export function taskfileTasks(cmd: SimpleCommand, env: FollowEnv): Invocation | undefined {
  let dirWord: Word | undefined;
  let fileWord: Word | undefined;
  const names: Word[] = [];
  const vars = new Map<string, string>();
  let cliArgs = '';
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') {
      cliArgs = args.slice(i + 1).map((a) => a.raw).join(' ');
      break;
    }
    if (NO_RUN.has(v)) return undefined;
    if (VALUE.has(v)) {
      if (v === '-d' || v === '--dir') dirWord = args[i + 1];
      if (v === '-t' || v === '--taskfile') fileWord = args[i + 1];
      i++;
      continue;
    }
    if (v.startsWith('--dir=')) dirWord = { ...args[i], value: v.slice(6) };
    else if (v.startsWith('--taskfile=')) fileWord = { ...args[i], value: v.slice(11) };
    else if (v.startsWith('-')) continue;
    else if (/^[A-Za-z_]\w*=/.test(v)) vars.set(v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1));
    else names.push(args[i]);
  }
  const span = spanFromProgram(cmd, [...names.slice(0, 1), ...(fileWord ? [fileWord] : []), ...(dirWord ? [dirWord] : [])]);
  const what = wordsOf(cmd, span);
  if ([dirWord, fileWord, ...names].some((w) => w?.dynamic)) return { span, what, units: [], problems: [], unknown: ['the task or Taskfile is named at run time, so what it runs cannot be read'] };
  const start = dirWord ? resolvePath(env.cwd, dirWord.value, env.ctx.home) : env.cwd;
  const abs = fileWord ? resolvePath(env.cwd, fileWord.value, env.ctx.home) : findTaskfile(start, env, !dirWord);
  if (!abs) return undefined;
  const got = readFollowed(env.state, abs, env.named);
  if (got.kind === 'spent' || got.kind === 'missing' || got.kind === 'program') return undefined;
  if (got.kind === 'problem') return { span, what, units: [], problems: [`${pathInText(abs, env.ctx, env.state.flavour)} cannot be followed: ${got.why}`] };
  const units: Unit[] = [];
  const problems: string[] = [];
  for (const text of got.texts) {
    const tf = parseTaskfile(abs, text, dirWord ? start : dirOf(abs));
    if (!tf) {
      problems.push(`${pathInText(abs, env.ctx, env.state.flavour)} is not YAML that task can read`);
      continue;
    }
    for (const [k, v] of vars) tf.vars.set(k, v);
    tf.vars.set('CLI_ARGS', cliArgs);
    const done = new Set<string>();
    const run = (name: string, from: Taskfile, depth: number): void => {
      if (done.size >= 64 || depth > 16) return;
      const found = lookup(name, from, env);
      if (!found) return;
      const key = `${found.tf.abs}\u0000${found.name}`;
      if (done.has(key)) return;
      done.add(key);
      units.push(...taskUnits(found.tf, found.name, found.node, env, (n) => run(n, found.tf, depth + 1)));
    };
    for (const n of names.length ? names.map((w) => w.value) : ['default']) run(n, tf, 0);
  }
  return { span, what, units, problems };
}

function findTaskfile(dir: string, env: FollowEnv, walkUp: boolean): string | undefined {
  let cur = dir;
  const home = env.ctx.home?.replace(/\/+$/, '');
  for (let hops = 0; hops < 16; hops++) {
    for (const n of NAMES) {
      const p = `${cur === '/' ? '' : cur}/${n}`;
      const kind = readFollowed(env.state, p, env.named).kind;
      if (kind === 'spent') return undefined;
      if (kind !== 'missing') return p;
    }
    if (!walkUp || cur === '/' || cur === home) return undefined;
    cur = dirOf(cur);
  }
  return undefined;
}

function parseTaskfile(abs: string, text: string, dir: string): Taskfile | undefined {
  const lines = new (yaml().LineCounter)();
  let doc;
  try {
    doc = yaml().parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  } catch {
    return undefined;
  }
  if (doc.errors.length || !yaml().isMap(doc.contents)) return undefined;
  const root = doc.contents;
  const vars = new Map<string, string>([['ROOT_DIR', dir], ['TASKFILE_DIR', dirOf(abs)], ['USER_WORKING_DIR', dir]]);
  const v = root.get('vars', true);
  if (yaml().isMap(v)) for (const item of v.items) if (yaml().isScalar(item.key) && yaml().isScalar(item.value)) vars.set(String(item.key.value), String(item.value.value));
  const includes = new Map<string, { path: string; dir?: string }>();
  const inc = root.get('includes', true);
  if (yaml().isMap(inc)) {
    for (const item of inc.items) {
      if (!yaml().isScalar(item.key)) continue;
      const ns = String(item.key.value);
      if (yaml().isScalar(item.value)) includes.set(ns, { path: String(item.value.value) });
      else if (yaml().isMap(item.value)) {
        const tfp = item.value.get('taskfile');
        const d = item.value.get('dir');
        if (typeof tfp === 'string') includes.set(ns, { path: tfp, ...(typeof d === 'string' ? { dir: d } : {}) });
      }
    }
  }
  const tasks = root.get('tasks', true);
  return { abs, dir, lines, text, vars, tasks: yaml().isMap(tasks) ? tasks : undefined, includes };
}

/** A task by name, through `includes:` for `ns:name`. */
function lookup(name: string, tf: Taskfile, env: FollowEnv): { tf: Taskfile; name: string; node: YamlNode } | undefined {
  const own = tf.tasks?.get(name, true) as YamlNode | undefined;
  if (own !== undefined && own !== null) return { tf, name, node: own };
  const colon = name.indexOf(':');
  if (colon === -1) return undefined;
  const inc = tf.includes.get(name.slice(0, colon));
  if (!inc) return undefined;
  let path = resolvePath(tf.dir, inc.path, env.ctx.home);
  if (!/\.ya?ml$/.test(path)) path = `${path}/Taskfile.yml`;
  const got = readFollowed(env.state, path, false);
  if (got.kind !== 'text') return undefined;
  const sub = parseTaskfile(path, got.texts[0], inc.dir ? resolvePath(tf.dir, inc.dir) : dirOf(path));
  if (!sub) return undefined;
  for (const [k, v] of tf.vars) if (!sub.vars.has(k)) sub.vars.set(k, v);
  return lookup(name.slice(colon + 1), sub, env);
}

function taskUnits(tf: Taskfile, name: string, node: YamlNode, env: FollowEnv, call: (name: string) => void): Unit[] {
  const file = displayPath(tf.abs, env.ctx, env.state.flavour);
  const label = `tasks.${name}`;
  const units: Unit[] = [];
  let cwd = tf.dir;
  const vars = new Map(tf.vars);
  vars.set('TASK', name);
  let cmds: YamlNode | undefined = node;
  if (yaml().isMap(node)) {
    const d = node.get('dir');
    if (typeof d === 'string') cwd = resolvePath(tf.dir, template(d, vars));
    const v = node.get('vars', true);
    if (yaml().isMap(v)) for (const item of v.items) if (yaml().isScalar(item.key) && yaml().isScalar(item.value)) vars.set(String(item.key.value), String(item.value.value));
    const deps = node.get('deps', true);
    if (yaml().isSeq(deps)) {
      for (const dep of deps.items) {
        if (yaml().isScalar(dep)) call(String(dep.value));
        else if (yaml().isMap(dep) && typeof dep.get('task') === 'string') call(String(dep.get('task')));
      }
    }
    cmds = node.get('cmds', true);
  }
  const add = (text: string, at: YamlNode): void => {
    const body = template(text, vars);
    if (!body.trim()) return;
    const line = tf.lines.linePos(at.range?.[0] ?? 0).line;
    units.push({ text: body, cwd, key: `task\u0000${tf.abs}\u0000${name}\u0000${line}\u0000${body}`, at: () => step(file, line, text.split('\n')[0], label) });
  };
  const items = yaml().isSeq(cmds) ? cmds.items : cmds !== undefined && cmds !== null ? [cmds] : [];
  for (const item of items.slice(0, 256)) {
    if (yaml().isScalar(item) && typeof item.value === 'string') add(item.value, item);
    else if (yaml().isMap(item)) {
      for (const k of ['cmd', 'defer']) {
        const v = item.get(k, true);
        if (yaml().isScalar(v) && typeof v.value === 'string') add(v.value, v);
      }
      const t = item.get('task');
      if (typeof t === 'string') call(template(t, vars));
    }
  }
  return units;
}

/** `{{.NAME}}` to the variable's value; unknown names stay computed. */
function template(text: string, vars: ReadonlyMap<string, string>): string {
  if (!text.includes('{{')) return text;
  return text.replace(/\{\{-?\s*\.([A-Za-z_]\w*)\s*-?\}\}/g, (_m, n: string) => vars.get(n) ?? `\${${n}}`).replace(/\{\{[^}]{0,200}\}\}/g, '${TASK_VALUE}');
}
