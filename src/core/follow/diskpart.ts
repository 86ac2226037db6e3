/**
 * `diskpart /s wipe.txt`: diskpart runs the statements of a script file, one a line (Microsoft's
 * DiskPart reference, "diskpart scripts and examples"). The file is read like any followed file and
 * judged as a diskpart script, statement by statement (FS011's judge, rules/filesystem/helpers.ts),
 * never as shell. Once it is read, what it says replaces FS011's guess that diskpart erases a disk
 * (RuleMatch.untilRead): a script that only lists stays quiet. A file that cannot be read (a
 * computed name, a missing file, a folder moved by `cd` in cmd.exe or PowerShell, which the reader
 * does not track) leaves that guess standing.
 *
 * diskpart exists only on Windows, so a line for any shell that runs it is followed.
 */
import { scoreOf } from '../policy';
import { diskpartScriptWord, diskpartVerdict } from '../rules/filesystem/helpers';
import { windowsFormatDisk } from '../rules/filesystem/windows-format-disk';
import { spanFromProgram } from '../rules/rule';
import type { SimpleCommand } from '../shell/model';
import type { Finding } from '../types';
import { displayPath, type FollowEnv, type Invocation, LineIndex, readFollowed, resolvePath, step, wordsOf } from './state';

/** True when a command may run a diskpart script from a file: the follower is asked about it. */
export function runsDiskpartScript(cmd: SimpleCommand): boolean {
  return cmd.program === 'diskpart' && !cmd.remote && !!diskpartScriptWord(cmd);
}

/**
 * The script file `diskpart /s` runs, as one unit in the diskpart language; undefined when it
 * cannot be read (FS011's stand-in finding then stands).
 */
export function diskpartScript(cmd: SimpleCommand, env: FollowEnv): Invocation | undefined {
  const word = diskpartScriptWord(cmd);
  if (!word || word.dynamic || !word.value) return undefined;
  const abs = scriptPath(word.value, env);
  if (!abs) return undefined;
  const got = readFollowed(env.state, abs, env.named);
  if (got.kind !== 'text') return undefined;
  const span = spanFromProgram(cmd, [word]);
  const file = displayPath(abs, env.ctx, env.state.flavour);
  env.state.readFor.add(cmd);
  return {
    span,
    what: wordsOf(cmd, span),
    problems: [],
    units: got.texts.map((text) => {
      const index = new LineIndex(text);
      return { text, cwd: env.cwd, key: `diskpart\u0000${abs}\u0000${text}`, language: 'diskpart' as const, at: (offset: number) => step(file, index.lineOf(offset), index.line(index.lineOf(offset))) };
    }),
  };
}

/**
 * The file a script word names, from the folder diskpart runs in. A Windows path's backslashes
 * separate folders; a path from a drive root (`C:\x.txt`, `\\server\share`) is only known when the
 * reader's platform is Windows (FollowReader.flavour); elsewhere it names nothing here: undefined.
 */
function scriptPath(p: string, env: FollowEnv): string | undefined {
  if (/^[A-Za-z]:/.test(p) || p.startsWith('\\')) {
    // A drive or share path is known where the reader's platform writes paths that way (path-flavour.ts).
    return env.state.flavour.name === 'win32' ? env.state.flavour.inner(p) : undefined;
  }
  return resolvePath(env.cwd, p.replace(/\\/g, '/'), env.ctx.home);
}

/** What a diskpart script does: its worst statement, as one FS011 finding at that statement. */
export function judgeDiskpartScript(text: string, file: string): Finding[] {
  const verdict = diskpartVerdict(text, `The diskpart script ${file}`);
  if (!verdict) return [];
  let start = 0;
  for (let n = 1; n < verdict.step.line; n++) start = text.indexOf('\n', start) + 1;
  return [
    {
      ruleId: windowsFormatDisk.id,
      category: windowsFormatDisk.category,
      severity: verdict.severity,
      score: scoreOf(verdict.severity, { targetClass: 'system-root' }),
      message: verdict.message,
      span: { start, end: start + 1 },
      alternative: windowsFormatDisk.alternative,
    },
  ];
}
