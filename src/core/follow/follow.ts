/**
 * Following what a command line really runs: `npm run clean` runs a line of package.json, `make
 * reset` a Makefile recipe, `./scripts/cleanup.sh` a file. Each follower (one per mechanism)
 * turns an invocation into units of text to judge as shell, each knowing which line of which file
 * it came from; this module judges them with the engine (handed in, so the engine stays the one
 * place that decides) and reports what they do at the invoking words, with the chain of steps.
 *
 * Pure: files come through the reader in the context (see state.ts). Bounded: depth, files,
 * bytes and time; a budget running out ends following without a word.
 */
import { redactSecrets } from '../audit';
import { scoreOf } from '../policy';
import type { SimpleCommand } from '../shell/model';
import { DYN } from '../shell/words';
import type { CommandContext, Finding, ShellKind, Span } from '../types';
import type { PathFlavour } from '../path-flavour';
export { chainText } from './chain';
import { diskpartScript, judgeDiskpartScript, runsDiskpartScript } from './diskpart';
import { interpreterFile } from './interpreters';
import { invokeTasks } from './invoke-tasks';
import { justRecipes } from './justfile';
import { makeTargets } from './makefile';
import { concurrentlyCommands, packageScripts } from './package-scripts';
import { shellScript } from './shell-scripts';
import { FOLLOW_LIMITS, type Follower, type FollowState, innerContext, type Invocation, outOfTime, resolvePath, spend, type Unit } from './state';
export type { Follower, FollowEnv, Invocation, Unit } from './state';
import { taskfileTasks } from './taskfile';
import { noteWrites } from './written';

/** Programs each follower answers for; any other command costs one lookup. */
const FOLLOWERS: ReadonlyMap<string, Follower[]> = (() => {
  const m = new Map<string, Follower[]>();
  const add = (f: Follower, ...programs: string[]): void => {
    for (const p of programs) m.set(p, [...(m.get(p) ?? []), f]);
  };
  add(packageScripts, 'npm', 'pnpm', 'yarn', 'bun', 'npm-run-all', 'run-s', 'run-p', 'turbo', 'lerna');
  add(concurrentlyCommands, 'concurrently');
  add(makeTargets, 'make', 'gmake');
  add(justRecipes, 'just');
  add(taskfileTasks, 'task', 'go-task');
  add(invokeTasks, 'invoke', 'inv', 'fab');
  add(shellScript, 'sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'yash', 'rbash', 'source', '.');
  add(interpreterFile, 'python', 'python2', 'python3', 'pypy', 'pypy3', 'node', 'nodejs', 'tsx', 'ts-node', 'ts-node-esm', 'ruby', 'perl', 'go', 'deno', 'bun');
  return m;
})();

function followersOf(cmd: SimpleCommand): Follower[] {
  const list = FOLLOWERS.get(/^python\d(\.\d+)?$/.test(cmd.program) ? 'python3' : cmd.program) ?? [];
  // `yarn clean`, `pnpm clean`: the word after the runner may be the package's script.
  const last = cmd.via[cmd.via.length - 1];
  if (last?.kind === 'wrapper' && last.runner) return [packageScripts, ...list];
  // `./scripts/x.sh`, `~/bin/tool`: a program run by its path.
  if (cmd.programPath !== undefined && !list.includes(shellScript)) return [...list, shellScript];
  return list;
}

/** Whether following a line's commands may read anything: a line without a runner pays nothing. */
export function mayFollow(commands: readonly SimpleCommand[]): boolean {
  return commands.some((cmd) => (!cmd.remote && !cmd.programWord.dynamic && followersOf(cmd).length > 0) || runsDiskpartScript(cmd));
}

/** Judges text as a command line in a context; the engine's own analysis, recursion included. */
export type Judge = (text: string, ctx: CommandContext, state: FollowState) => Finding[];

/**
 * Follows every command of a line (or of a followed text) that runs something in a file, in the
 * order they run, and returns what they do as findings at the invoking words.
 */
export function followCommands(commands: readonly SimpleCommand[], ctx: CommandContext, state: FollowState, judge: Judge): Finding[] {
  const out: Finding[] = [];
  const ordered = [...commands].sort((a, b) => a.span.start - b.span.start);
  // Followers join and compare paths in the core's form; the judge sees them as the platform writes them.
  const inner = innerContext(ctx, state.flavour);
  for (const cmd of ordered) {
    if (outOfTime(state)) break;
    if (!cmd.remote && !cmd.programWord.dynamic) {
      const followers = followersOf(cmd);
      if (followers.length) {
        const cwd = cwdOf(cmd, inner, state.flavour);
        for (const f of followers) {
          if (cwd === DYN) {
            if (state.depth === 0) out.push(cannotFollow(cmd, `${cmd.program} runs in a folder computed at run time (${cmd.cwd?.split(DYN).join('…')}), so what it runs there cannot be read`));
            break;
          }
          if (cwd === undefined) break;
          let inv: Invocation | undefined;
          try {
            inv = f(cmd, { ctx: inner, state, cwd, named: state.depth === 0 });
          } catch (e) {
            inv = { span: cmd.span, what: cmd.program, units: [], problems: [`following it failed (${String(e).slice(0, 160)})`] };
          }
          if (!inv) continue;
          out.push(...judgeInvocation(inv, ctx, state, judge));
          break;
        }
      }
    }
    // `diskpart /s wipe.txt`, in any shell (diskpart.ts): its script is judged as diskpart, not shell.
    if (runsDiskpartScript(cmd)) out.push(...followDiskpart(cmd, ctx, state, judge));
    noteWrites(cmd, inner, state);
  }
  return out;
}

function followDiskpart(cmd: SimpleCommand, ctx: CommandContext, state: FollowState, judge: Judge): Finding[] {
  const inner = innerContext(ctx, state.flavour);
  const cwd = cwdOf(cmd, inner, state.flavour);
  if (cwd === undefined || cwd === DYN) return [];
  const inv = diskpartScript(cmd, { ctx: inner, state, cwd, named: state.depth === 0 });
  return inv ? judgeInvocation(inv, ctx, state, judge) : [];
}

/** The folder a command runs in: the context's, moved by an earlier `cd`; DYN when computed. */
function cwdOf(cmd: SimpleCommand, ctx: CommandContext, flavour: PathFlavour): string | undefined {
  if (!ctx.cwd || !ctx.cwd.startsWith('/')) return undefined;
  if (cmd.cwd === undefined) return ctx.cwd;
  if (cmd.cwd.includes(DYN) || cmd.cwd.startsWith('~') && !ctx.home) return DYN;
  if (cmd.dialect !== 'posix') return windowsCwd(cmd.cwd, cmd.cwdSameDriveOnly === true, ctx, flavour);
  return resolvePath(ctx.cwd, flavour.name === 'posix' ? cmd.cwd : flavour.inner(cmd.cwd) ?? cmd.cwd.replace(/\\/g, '/'), ctx.home);
}

/**
 * The folder a PowerShell or cmd.exe `cd` on the line moved to (powershell.ts, folderTimeline),
 * in the core's form. A drive or share path is known where the reader's platform writes paths
 * that way; elsewhere it names nothing here: undefined (the command is not followed). `\x` is on
 * the drive the line starts on. `ctx` is the followers' (innerContext).
 */
function windowsCwd(cwd: string, sameDriveOnly: boolean, ctx: CommandContext, flavour: PathFlavour): string | undefined {
  const start = ctx.cwd!;
  const startDrive = /^\/([A-Z]):(?:\/|$)/.exec(start)?.[1];
  if (/^[A-Za-z]:[\\/]|^[\\/]{2}/.test(cwd)) {
    if (flavour.name !== 'win32') return undefined;
    // `cd X:\p` without /d from another drive sets X:'s folder and stays.
    if (sameDriveOnly && startDrive !== cwd[0].toUpperCase()) return start;
    return flavour.inner(cwd);
  }
  if (/^[\\/]/.test(cwd)) {
    if (flavour.name === 'posix') return cwd.startsWith('/') ? resolvePath(start, cwd) : undefined;
    return startDrive ? resolvePath(`/${startDrive}:`, `.${cwd.replace(/\\/g, '/')}`) : undefined;
  }
  return resolvePath(start, cwd.replace(/\\/g, '/'), ctx.home);
}

/**
 * The shell a followed text is judged in: the unit's own (npm runs scripts with cmd.exe on
 * Windows), else a POSIX shell (a script, a recipe), whatever shell the line was typed in.
 */
function unitShell(unit: Unit, ctx: CommandContext): ShellKind | undefined {
  if (unit.shell) return unit.shell;
  return ctx.shell === 'pwsh' || ctx.shell === 'cmd' ? 'bash' : ctx.shell;
}

function judgeInvocation(inv: Invocation, ctx: CommandContext, state: FollowState, judge: Judge): Finding[] {
  const out: Finding[] = [];
  for (const p of [...inv.problems, ...(state.depth === 0 ? (inv.unknown ?? []) : [])]) out.push(unanalyzableAt(`${inv.what}: ${p}`, inv.span));
  if (state.depth >= FOLLOW_LIMITS.depth) {
    if (inv.units.length) spend(state, 'depth');
    return out;
  }
  for (const unit of inv.units) {
    if (state.judged.has(unit.key)) continue;
    if (outOfTime(state)) break;
    state.judged.add(unit.key);
    state.depth++;
    let inner: Finding[];
    try {
      // A script judged here sees the words it is run with, not the caller's.
      inner =
        unit.language === 'diskpart'
          ? judgeDiskpartScript(unit.text, unit.at(0).file)
          : judge(unit.text, { ...ctx, cwd: state.flavour.native(unit.cwd), shell: unitShell(unit, ctx), positional: unit.positional }, state);
    } finally {
      state.depth--;
    }
    for (const f of inner) out.push(throughChain(f, inv.span, unit));
  }
  return out;
}

/** A finding in followed text, moved to the invoking words with its step first. */
function throughChain(f: Finding, span: Span, unit: Unit): Finding {
  const first = unit.at(f.span.start);
  const via = [{ ...first, text: redactSecrets(first.text).text }, ...(f.via ?? [])];
  const message = unit.note && !f.message.includes(unit.note) ? `${f.message} ${unit.note}` : f.message;
  const out: Finding = { ...f, span, message: redactSecrets(message).text, via };
  delete out.file;
  return out;
}

/** Something the line runs that cannot be read: never silence. */
export function unanalyzableAt(message: string, span: Span): Finding {
  return {
    ruleId: 'UNK001',
    category: 'unanalyzable',
    severity: 'medium',
    score: scoreOf('medium'),
    message: redactSecrets(message).text,
    span,
    alternative: 'Read what it runs first, or run the steps it would take as commands of their own so they can be checked.',
  };
}

function cannotFollow(cmd: SimpleCommand, message: string): Finding {
  return unanalyzableAt(message, cmd.programWord.span);
}
