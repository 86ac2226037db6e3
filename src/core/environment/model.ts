/**
 * The vocabulary of where a command acts: facts (a kube context, an AWS account, a Terraform
 * workspace, a database host), the target they describe, and the view of the line and the
 * environment a resolver reads them through.
 */
import { normalizePath as lexicalPath } from '../path-text';
import type { SimpleCommand } from '../shell/model';
import type { CommandContext } from '../types';
import { commandVariable, dynamic } from './args';
import type { EnvironmentReader, FileRead } from './reader';
import { type LineState } from './line';

/**
 * What a fact is compared with in the user's declaration: `name` and `folder` against name
 * patterns and the defaults, the identities against their own lists.
 */
export type FactKind = 'name' | 'folder' | 'cluster' | 'account' | 'project' | 'subscription' | 'host' | 'branch' | 'remote' | 'neutral';

export interface EnvFact {
  /** For messages: `kube context`, `AWS account`, `Terraform workspace`. */
  label: string;
  value: string;
  kind: FactKind;
  /** Where it came from: `the line`, a file (`~/.kube/config`) or a variable (`AWS_PROFILE`). */
  from: string;
  /** Set by something on this line, or read from a file changed during the agent's session. */
  changed?: boolean;
  /** The other names this one was chosen among (contexts, profiles, workspaces, folders): for `live`. */
  siblings?: readonly string[];
  /** Part of the short description of the target (`kube context x, namespace y`). */
  shown?: boolean;
}

export type Family = 'kubernetes' | 'argocd' | 'aws' | 'gcp' | 'azure' | 'terraform' | 'pulumi' | 'database' | 'git';

export interface EnvTarget {
  family: Family;
  facts: EnvFact[];
  /** Why part of the target could not be told (a config that cannot be read or parsed). */
  unknown: string[];
  /** Identity kinds that exist but cannot be resolved without the network (static AWS keys: the account). */
  unresolved?: FactKind[];
  /** The endpoint is this machine: a loopback address or a local socket. */
  local?: boolean;
}

/** What a resolver reads: the command, the caller's environment and files, and what the line changed so far. */
export interface Probe {
  cmd: SimpleCommand;
  ctx: CommandContext;
  reader?: EnvironmentReader;
  state: LineState;
  /** A variable as the command sees it. */
  variable(name: string): { value?: string; fromLine: boolean };
  /** A file, `~` expanded and relative paths taken from the command's folder. */
  file(path: string): FileRead & { path: string };
  /** A parsed file, cached by its stamp; `undefined` text means missing. */
  parsed<T>(path: string, id: string, parse: (text: string) => T): { path: string; value?: T; error?: string; missing?: boolean; changed?: boolean };
  list(path: string): readonly string[] | undefined;
  /** Parses YAML with the adapter's parser; throws (an unknown environment) when there is none. */
  yaml: (text: string) => unknown;
  /** The folder the command runs in (absolute when the context knows it). */
  dir(): string | undefined;
  /** An absolute path for `p` (from the command's folder, `~` expanded); undefined when unknown. */
  resolve(p: string): string | undefined;
  /** `~/…` for a path inside the home, for messages. */
  pretty(path: string): string;
}

/**
 * Path helpers: the engine does string work only. A Windows absolute path is a drive (`C:\x`,
 * `C:/x`) or a share (`\\server\share`).
 */
const WINDOWS_ABSOLUTE = /^(?:[A-Za-z]:[\\/]|\\\\)/;

/** Whether `p` names a folder from a root: `/…`, or a Windows drive or share. */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || WINDOWS_ABSOLUTE.test(p);
}

/**
 * `p` with `.`, `..` and repeated separators resolved (path-text.ts). A Windows absolute path (a
 * line typed in PowerShell or cmd.exe, or a workspace on Windows) is compared in one form: forward
 * slashes and an upper-case drive letter, `C:/proj/envs/prod`, never above its drive or share.
 * Not follow's `/C:/proj` (path-flavour.ts): the environment reader hands paths to the file system
 * as they are, and Windows opens this form.
 */
export function normalizePath(p: string): string {
  const m = WINDOWS_ABSOLUTE.test(p) ? /^(\/\/[^/]+\/[^/]+|[A-Za-z]:)(.*)$/.exec(p.replace(/\\/g, '/')) : null;
  if (!m) return lexicalPath(p);
  const rest = lexicalPath(`/${m[2]}`);
  const root = m[1].length === 2 ? m[1].toUpperCase() : m[1];
  return rest === '/' ? `${root}/` : `${root}${rest}`;
}

/** `rel` from `base`; under a Windows base a relative path's backslashes are separators too. */
export function joinPath(base: string, rel: string): string {
  if (isAbsolutePath(rel)) return normalizePath(rel);
  const windows = WINDOWS_ABSOLUTE.test(base);
  return normalizePath(`${(windows ? normalizePath(base) : base).replace(/\/+$/, '')}/${windows ? rel.replace(/\\/g, '/') : rel}`);
}

export function dirName(p: string): string {
  const cut = p.replace(/\/+$/, '').lastIndexOf('/');
  return cut <= 0 ? '/' : p.slice(0, cut);
}

export function baseName(p: string): string {
  const s = p.replace(/\/+$/, '');
  return s.slice(s.lastIndexOf('/') + 1);
}

/** Parsed files by path and stamp: a kubeconfig is parsed once while it stays the same. */
const PARSED = new Map<string, { stamp: string; value: unknown; error?: string }>();
const PARSED_LIMIT = 64;

export function makeProbe(cmd: SimpleCommand, ctx: CommandContext, state: LineState): Probe {
  const reader = ctx.environment;
  const home = ctx.home;
  const base = ctx.cwd ?? ctx.workspaceRoot;
  const dir = (): string | undefined => {
    const c = cmd.cwd;
    if (c === undefined) return base;
    if (dynamic(c)) return undefined;
    if (c === '~' || c.startsWith('~/')) return home ? joinPath(home, c.slice(2)) : undefined;
    if (isAbsolutePath(c)) return normalizePath(c);
    return base ? joinPath(base, c) : undefined;
  };
  const resolve = (p: string): string | undefined => {
    if (dynamic(p)) return undefined;
    if (p === '~' || p.startsWith('~/')) return home ? joinPath(home, p.slice(2)) : undefined;
    if (isAbsolutePath(p)) return normalizePath(p);
    const d = dir();
    return d ? joinPath(d, p) : undefined;
  };
  const file = (p: string): FileRead & { path: string } => {
    const abs = resolve(p);
    if (!abs || !reader) return { missing: true, path: p };
    return { ...reader.file(abs), path: abs };
  };
  const changedSince = (r: FileRead): boolean => 'text' in r && reader?.sessionStart !== undefined && r.mtimeMs !== undefined && r.mtimeMs >= reader.sessionStart;
  return {
    cmd,
    ctx,
    reader,
    state,
    variable: (name) => commandVariable(cmd, name, reader ? (n) => reader.variable(n) : undefined),
    file,
    parsed<T>(p: string, id: string, parse: (text: string) => T) {
      const r = file(p);
      if ('missing' in r) return { path: r.path, missing: true };
      if ('error' in r) return { path: r.path, error: r.error };
      const changed = changedSince(r);
      const key = `${id}${reader?.yaml ? '' : '/no-yaml'}\u0000${r.path}`;
      const hit = r.stamp !== undefined ? PARSED.get(key) : undefined;
      if (hit && hit.stamp === r.stamp) return { path: r.path, value: hit.value as T, error: hit.error, changed };
      let value: T | undefined;
      let error: string | undefined;
      try {
        value = parse(r.text);
      } catch (e) {
        error = `could not be parsed (${String(e instanceof Error ? e.message : e).split('\n')[0].slice(0, 120)})`;
      }
      if (r.stamp !== undefined) {
        if (PARSED.size >= PARSED_LIMIT) PARSED.delete(PARSED.keys().next().value!);
        PARSED.set(key, { stamp: r.stamp, value, error });
      }
      return { path: r.path, value, error, changed };
    },
    list: (p) => {
      const abs = resolve(p);
      return abs && reader ? reader.list(abs) : undefined;
    },
    yaml: (text) => {
      if (!reader?.yaml) throw new Error('no YAML parser was loaded to read it');
      return reader.yaml(text);
    },
    dir,
    resolve,
    pretty: (p) => (home && (p === home || p.startsWith(`${home}/`)) ? `~${p.slice(home.length)}` : p),
  };
}
