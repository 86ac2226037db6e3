/**
 * Patches written into a command line are file edits, not commands: `apply_patch <<'EOF'` (the
 * patch format Codex sends through its shell tool, also as `apply_patch '<patch>'` and inside
 * `bash -lc`), and a unified diff fed as a heredoc or here-string to `git apply` or `patch`.
 * This file only finds them and says how the tool would apply them (plain data); the adapters
 * read the files they change and judge them with the edit engine (edit/shell-patches.ts).
 * A patch read from a file, a variable or a program's output is not written into the line and is
 * not ours; one that `cat <<'EOF'`, `echo` or `printf` pipes in is.
 */
import { isOn, type OptionSpec, parseArgs, valueOf, valuesOf } from './cli-args';
import type { Span } from '../types';
import { staticPrint } from './extract';
import type { SimpleCommand, Word } from './model';
import { DYN } from './words';

export { PATCH_PROGRAMS } from './patch-programs';

export type PatchTool = 'apply_patch' | 'git apply' | 'patch';

export interface ShellPatch {
  tool: PatchTool;
  /** `codex`: `*** Begin Patch` … `*** End Patch`; `unified`: a unified diff (git's dialect included). */
  format: 'codex' | 'unified';
  /** The patch text; parts the shell would compute (`$X` in an unquoted heredoc) are left out. */
  text: string;
  /** Where the patch text is written in the line (the command's span when it cannot be pinned). */
  span: Span;
  /**
   * The folders the tool changes into before it reads the names in the patch, in order, each
   * relative to the one before and the first to the command's cwd: an earlier `cd`, `git -C`,
   * `git --work-tree`, `patch -d`. A folder only known at run time holds `\u0000`.
   */
  dirs: string[];
  /** Leading path components removed from the names in a unified diff (`-p`); undefined: the tool's default. */
  strip?: number;
  /** `-R`: the diff is applied backwards. */
  reverse: boolean;
  /** `patch ORIGFILE`: the file changed, whatever the diff's headers name. */
  target?: string;
  /** `git apply --directory=ROOT`: prepended to every name in the diff. */
  prefix?: string;
  /** Lines of context the tool may find changed and still apply a hunk (GNU patch: 2). */
  fuzz: number;
  /** Part of the text is computed by the shell, so what is judged is only what is written. */
  dynamic: boolean;
  /** Runs on another machine or in a container: the local files say nothing about the target. */
  remote: boolean;
}

/** At most this many patches are taken from one line. */
const MAX_PATCHES = 16;

/** Every patch written into the commands of one line, in order. */
export function shellPatches(commands: readonly SimpleCommand[]): ShellPatch[] {
  const out: ShellPatch[] = [];
  for (const cmd of commands) {
    if (out.length >= MAX_PATCHES) break;
    if (cmd.dialect !== 'posix') continue;
    const p = cmd.program === 'apply_patch' || cmd.program === 'applypatch' ? applyPatchCall(cmd) : cmd.program === 'git' ? gitApply(cmd) : cmd.program === 'patch' ? patchCall(cmd) : undefined;
    if (p) out.push(p);
  }
  return out;
}

interface HowApplied {
  dirs?: string[];
  strip?: number;
  reverse?: boolean;
  target?: string;
  prefix?: string;
  fuzz?: number;
}

function patchOf(cmd: SimpleCommand, tool: PatchTool, format: ShellPatch['format'], src: { text: string; span: Span }, how: HowApplied = {}): ShellPatch {
  return {
    tool,
    format,
    text: src.text.split(DYN).join(''),
    span: src.span,
    dirs: [...(cmd.cwd !== undefined ? [cmd.cwd] : []), ...(how.dirs ?? [])],
    ...(how.strip !== undefined ? { strip: how.strip } : {}),
    reverse: how.reverse ?? false,
    ...(how.target !== undefined ? { target: how.target } : {}),
    ...(how.prefix !== undefined ? { prefix: how.prefix } : {}),
    fuzz: how.fuzz ?? 0,
    dynamic: src.text.includes(DYN),
    remote: cmd.remote === true,
  };
}

/**
 * The text on stdin when the line shows it, with where it is written: a heredoc or here-string,
 * or what the one stage before prints (`cat <<'EOF' | git apply`, `printf '%s' '…' | patch`).
 */
function stdinOf(cmd: SimpleCommand): { text: string; span: Span } | undefined {
  if (cmd.stdinText !== undefined) return { text: cmd.stdinText, span: cmd.stdinSpan ?? cmd.span };
  const before = cmd.pipeline && cmd.pipeline.index > 0 && cmd.pipeline.previous.length === 1 ? cmd.pipeline.previous[0] : undefined;
  if (before?.program === 'cat' && before.stdinText !== undefined && before.args.every((a) => a.value === '-')) return { text: before.stdinText, span: before.stdinSpan ?? before.span };
  return staticPrint(before);
}

/**
 * Codex's `apply_patch`: the patch on stdin, or as the argument (`apply_patch '<patch>'`, which is
 * how Codex shows a call whose command was an argument list).
 */
function applyPatchCall(cmd: SimpleCommand): ShellPatch | undefined {
  const stdin = stdinOf(cmd);
  if (stdin) return patchOf(cmd, 'apply_patch', 'codex', stdin);
  const arg = cmd.args.find((a) => a.value.includes('*** Begin Patch'));
  return arg ? patchOf(cmd, 'apply_patch', 'codex', { text: arg.value, span: arg.span }) : undefined;
}

/** `git` global options that take the next word as their value. */
const GIT_GLOBAL_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix', '--attr-source', '--exec-path']);

/** `git [-C DIR] [--work-tree DIR] … apply [options] [-|<patch>…]` with the diff on stdin. */
function gitApply(cmd: SimpleCommand): ShellPatch | undefined {
  const dirs: string[] = [];
  const args = cmd.args;
  let i = 0;
  for (; i < Math.min(args.length, 64); i++) {
    const v = args[i].value;
    if (!v.startsWith('-')) break;
    const eq = v.indexOf('=');
    const name = eq === -1 ? v : v.slice(0, eq);
    const value = eq !== -1 ? v.slice(eq + 1) : GIT_GLOBAL_WITH_VALUE.has(v) ? args[++i]?.value : undefined;
    // Names in the diff are read from the folder git runs in (the work tree's top, with --work-tree).
    if ((name === '-C' || name === '--work-tree') && value !== undefined) dirs.push(value);
  }
  if (args[i]?.value !== 'apply') return undefined;
  const parsed = parseArgs(args.slice(i + 1), GIT_APPLY_SPEC);
  // Another patch source than stdin: a file we do not read.
  if (parsed.positionals.some((w) => w.value !== '-')) return undefined;
  // --check, --stat, --numstat and --summary only report, unless --apply is given too.
  if (isOn(parsed, 'check', 'stat', 'numstat', 'summary') && !isOn(parsed, 'apply')) return undefined;
  const stdin = stdinOf(cmd);
  if (!stdin) return undefined;
  const p = valueOf(parsed, 'p');
  const strip = p !== undefined && /^\d{1,3}$/.test(p) ? Number(p) : 1;
  const prefix = valueOf(parsed, 'directory');
  return patchOf(cmd, 'git apply', 'unified', stdin, { dirs, strip, reverse: isOn(parsed, 'R', 'reverse'), ...(prefix ? { prefix } : {}) });
}

const GIT_APPLY_SPEC: OptionSpec = {
  shortWithValue: 'pC',
  withValue: ['directory', 'include', 'exclude', 'whitespace', 'build-fake-ancestor'],
};

/** GNU (and BSD) `patch [options] [ORIGFILE [PATCHFILE]]` with the diff on stdin. */
function patchCall(cmd: SimpleCommand): ShellPatch | undefined {
  const parsed = parseArgs(cmd.args, PATCH_SPEC);
  if (isOn(parsed, 'dry-run', 'C', 'check')) return undefined;
  const input = valueOf(parsed, 'i', 'input');
  if (input !== undefined && input !== '-') return undefined;
  // `-o -` prints the patched file instead of writing it.
  if (valueOf(parsed, 'o', 'output') === '-') return undefined;
  const positionals: Word[] = parsed.positionals;
  if (positionals.length > 1 && positionals[1].value !== '-') return undefined;
  const stdin = stdinOf(cmd);
  if (!stdin) return undefined;
  const p = valueOf(parsed, 'p', 'strip');
  const fuzz = valueOf(parsed, 'F', 'fuzz');
  const target = positionals[0]?.value;
  return patchOf(cmd, 'patch', 'unified', stdin, {
    dirs: valuesOf(parsed, 'd', 'directory'),
    ...(p !== undefined && /^\d{1,3}$/.test(p) ? { strip: Number(p) } : {}),
    reverse: isOn(parsed, 'R', 'reverse'),
    ...(target !== undefined ? { target } : {}),
    fuzz: fuzz !== undefined && /^\d{1,2}$/.test(fuzz) ? Number(fuzz) : 2,
  });
}

const PATCH_SPEC: OptionSpec = {
  shortWithValue: 'pdioDFrzBVYgx',
  withValue: ['strip', 'directory', 'input', 'output', 'ifdef', 'fuzz', 'reject-file', 'suffix', 'prefix', 'basename-prefix', 'version-control', 'get', 'debug', 'quoting-style', 'reject-format', 'read-only'],
  known: ['strip', 'directory', 'input', 'output', 'ifdef', 'fuzz', 'reject-file', 'suffix', 'prefix', 'basename-prefix', 'version-control', 'get', 'debug', 'quoting-style', 'reject-format', 'read-only', 'dry-run', 'reverse', 'forward', 'force', 'batch', 'silent', 'quiet', 'verbose', 'backup', 'check'],
};
