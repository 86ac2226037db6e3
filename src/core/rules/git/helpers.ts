import { kindName } from '../../plain-text';
/**
 * What several git rules share.
 */
import { type OptionSpec, shown, withStdinArgs } from '../../shell/cli-args';
import type { SimpleCommand, Word } from '../../shell/model';
import { formatCount } from '../../impact/model';
import type { BranchClass, CommandContext, RepositoryState, ScopeClass } from '../../types';
import { classifyPath } from '../paths';

export const GIT = ['git'];

/** `git [global options] SUB args…`, with the `-c name=value` settings given on the line. */
export interface GitCommand {
  sub: Word;
  args: Word[];
  config: Map<string, string>;
}

/** Global options that take the next word as their value. */
const GLOBAL_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix', '--attr-source', '--list-cmds']);

function gitCommand(cmd: SimpleCommand): GitCommand | undefined {
  const config = new Map<string, string>();
  const args = cmd.args;
  const n = Math.min(args.length, 64);
  for (let i = 0; i < n; i++) {
    const v = args[i].value;
    if (!v.startsWith('-')) return { sub: args[i], args: withStdinArgs(cmd, args.slice(i + 1)), config };
    if (GLOBAL_WITH_VALUE.has(v)) {
      const next = args[i + 1]?.value;
      if (v === '-c' && next) setConfig(config, next);
      i++;
    } else if (v.startsWith('-c') && v.length > 2 && !v.startsWith('--')) setConfig(config, v.slice(2));
  }
  return undefined;
}

function setConfig(config: Map<string, string>, kv: string): void {
  const eq = kv.indexOf('=');
  // `-c name` alone means true.
  if (eq === -1) config.set(kv.toLowerCase(), 'true');
  else config.set(kv.slice(0, eq).toLowerCase(), kv.slice(eq + 1));
}

export function sub(cmd: SimpleCommand, ...names: string[]): GitCommand | undefined {
  const g = gitCommand(cmd);
  return g && names.includes(g.sub.value) ? g : undefined;
}

// Branches ------------------------------------------------------------------------------------

const DEFAULT_NAMES = ['main', 'master', 'trunk'];

/** Branches that deploy somewhere (`production`, `prod`, `live`, `stable`) are guarded like the default one. */
const DEPLOY_BRANCH = /^(?:prod|production|prd|live|stable)$/;

/** Release lines (`release`, `release/2.x`, `releases/1.4`) are shared history too. */
const RELEASE_BRANCH = /^releases?(?:[/-].{1,100})?$/;

function isDefaultBranch(name: string, ctx: CommandContext): boolean {
  return name === ctx.defaultBranch || DEFAULT_NAMES.includes(name) || DEPLOY_BRANCH.test(name) || RELEASE_BRANCH.test(name);
}

export interface BranchTarget {
  /** Shown in messages. */
  label: string;
  branch: BranchClass;
  tag?: boolean;
  scope: ScopeClass[];
}

/** Classifies a branch named on the line (a refspec's destination or a `branch -D` argument). */
export function namedBranch(name: string, ctx: CommandContext): BranchTarget {
  if (name.includes('\u0000')) return { label: shown(name), branch: 'unnamed', scope: [] };
  if (name.startsWith('refs/tags/')) return { label: `${kindName('tag', name.slice(10))}`, branch: 'feature', tag: true, scope: [] };
  const short = name.replace(/^refs\/heads\//, '');
  if (short.includes('*')) return { label: `every branch matching ${short}`, branch: 'default', scope: [] };
  const scope: ScopeClass[] = DEPLOY_BRANCH.test(short) ? ['production'] : [];
  if (short === 'HEAD' || short === '@') return currentBranch(ctx);
  return { label: short, branch: isDefaultBranch(short, ctx) ? 'default' : 'feature', scope };
}

/**
 * The branch a command acts on when the line does not name one. When that is the default
 * branch, or we do not know which branch is checked out, the target is "unnamed": the agent
 * never said which branch it meant, and it may well be the default one.
 */
export function currentBranch(ctx: CommandContext): BranchTarget {
  const b = ctx.gitBranch;
  if (!b) return { label: 'the current branch', branch: 'unnamed', scope: [] };
  if (isDefaultBranch(b, ctx)) return { label: `the current branch (${b})`, branch: 'unnamed', scope: DEPLOY_BRANCH.test(b) ? ['production'] : [] };
  return { label: `the current branch (${b})`, branch: 'feature', scope: [] };
}

export function protectedTarget(t: BranchTarget): boolean {
  return t.branch === 'default' || t.branch === 'unnamed';
}

const BRANCH_RANK: Record<BranchClass, number> = { feature: 0, unnamed: 1, default: 2 };

/** The most protected target: default over unnamed over feature, a branch over a tag. */
export function worst(targets: BranchTarget[]): BranchTarget | undefined {
  const rank = (t: BranchTarget): number => BRANCH_RANK[t.branch] * 2 + (t.tag ? 0 : 1);
  let out: BranchTarget | undefined;
  for (const t of targets) if (!out || rank(t) > rank(out)) out = t;
  return out;
}

export function names(targets: BranchTarget[]): string {
  const labels = [...new Set(targets.map((t) => t.label))];
  return labels.length > 3 ? `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} more` : labels.join(', ');
}

/** Paths that stand for the whole working tree. */
export function wholeTree(p: Word): boolean {
  const v = p.value;
  return v === '.' || v === './' || v === ':/' || v === ':' || v === '*' || v === '/' || v === ':(top)' || v === '..' || v === '../' || (p.glob && !v.includes('/') && v.startsWith('*'));
}

export function pathList(paths: Word[]): string {
  const vs = paths.slice(0, 4).map((p) => shown(p.value, 40));
  return paths.length > 4 ? `${vs.join(', ')} and ${paths.length - 4} more` : vs.join(', ');
}

// git push --force / --delete / --mirror ----------------------------------------------------

export const PUSH_SPEC: OptionSpec = {
  shortWithValue: 'o',
  withValue: ['repo', 'push-option', 'receive-pack', 'exec', 'recurse-submodules'],
  known: ['all', 'branches', 'mirror', 'tags', 'follow-tags', 'no-follow-tags', 'atomic', 'no-atomic', 'dry-run', 'porcelain', 'delete', 'prune', 'force', 'no-force', 'force-with-lease', 'no-force-with-lease', 'force-if-includes', 'no-force-if-includes', 'repo', 'set-upstream', 'thin', 'no-thin', 'quiet', 'verbose', 'progress', 'no-progress', 'recurse-submodules', 'no-recurse-submodules', 'verify', 'no-verify', 'ipv4', 'ipv6', 'push-option', 'receive-pack', 'exec', 'signed', 'no-signed'],
};

// Measured impact ------------------------------------------------------------------------------

/**
 * The folder git runs in: the line's cwd, moved by each `-C`. Undefined when `--git-dir` or
 * `--work-tree` point git elsewhere, the folder is computed, or the command runs on another machine.
 */
export function gitFolder(cmd: SimpleCommand, ctx: CommandContext): string | undefined {
  if (cmd.remote) return undefined;
  let dir: Word = { ...(cmd.programWord ?? cmd.args[0]), value: '.', raw: '.', quoted: false, glob: false, dynamic: false };
  const n = Math.min(cmd.args.length, 64);
  for (let i = 0; i < n; i++) {
    const v = cmd.args[i].value;
    if (!v.startsWith('-')) break;
    if (v === '--git-dir' || v === '--work-tree' || v.startsWith('--git-dir=') || v.startsWith('--work-tree=')) return undefined;
    if (v === '-C' && cmd.args[i + 1]) {
      const next = cmd.args[i + 1];
      if (next.dynamic) return undefined;
      dir = next.value.startsWith('/') || next.value.startsWith('~') ? next : { ...next, value: `${dir.value}/${next.value}` };
    }
    if (GLOBAL_WITH_VALUE.has(v)) i++;
  }
  const t = classifyPath(dir, cmd, ctx);
  return t.cls === 'dynamic' ? undefined : t.path;
}

/** The state of the repository git would act on, when the adapter can read it (see ImpactReader.repository). */
export function repositoryOf(cmd: SimpleCommand, ctx: CommandContext): RepositoryState | undefined {
  if (!ctx.impact?.repository) return undefined;
  const dir = gitFolder(cmd, ctx);
  return dir ? ctx.impact.repository(dir) : undefined;
}

/** "3 files (120 lines of text)" for the files a discard loses. */
export function filesAndLines(files: number, lines: number): string {
  return `${formatCount(files)} ${files === 1 ? 'file' : 'files'}${lines ? ` (${formatCount(lines)} ${lines === 1 ? 'line' : 'lines'} of text)` : ''}`;
}
