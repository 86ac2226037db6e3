import type { Span } from '../types';

/**
 * One word of a command as the shell would see it after quote removal.
 * `value` is the static text when the word has no expansions; when it does, `value` holds the
 * static parts with each expansion replaced by `\u0000` and `dynamic` is true.
 */
export interface Word {
  value: string;
  /** The word as written, quotes included. */
  raw: string;
  span: Span;
  /** Contains a parameter expansion, command substitution or arithmetic we cannot resolve. */
  dynamic: boolean;
  /** Contains an unquoted glob character (`*`, `?`, `[`) that the shell would expand. */
  glob: boolean;
  /** Was written entirely inside quotes or escapes (so `*` is literal, `~` not expanded). */
  quoted: boolean;
}

export interface Redirect {
  /** `>`, `>>`, `<`, `<<`, `<<<`, `&>`, `>|` … */
  op: string;
  target?: Word;
  /** For heredocs and here-strings: the text fed on stdin (static part). */
  body?: string;
  bodySpan?: Span;
}

/**
 * How far a `find` expression narrows what it acts on (findScope in extract.ts): a deletion's
 * weight follows it, so `find /var/log -name '*.gz' -mtime +7 -delete` is not `find / -delete`.
 */
export interface FindScope {
  /** Independent tests beyond -name and age that narrow the set (size, owner, permissions, a path pattern). */
  steps: number;
  /** An age test (-mtime +7, -newer f): narrows logs and scratch, not the user's own files, most of which are old. */
  aged: boolean;
  /** -maxdepth 0 to 2: only the top of the tree, unless the action itself recurses (`-exec rm -r`). */
  shallow: boolean;
  /** It has a -name or -iname test. */
  named: boolean;
  /** -inum or -samefile: one file. */
  single: boolean;
  /** -empty: only empty files and directories. */
  onlyEmpty: boolean;
  /** The actions are -ok/-okdir: find asks before each one. */
  asks: boolean;
}

/** How a command was reached: each wrapper, shell or remote hop on the way. */
export type Via =
  /**
   * `runner`: for `yarn clean` / `pnpm clean`, where a word the runner does not know runs a binary
   * of that name or, when the package has one, the script of that name: the runner's own word and
   * the options before the name.
   */
  | { kind: 'wrapper'; program: string; runner?: { word: Word; options: Word[] } }
  | { kind: 'shell-c'; program: string }
  | { kind: 'eval' }
  | { kind: 'remote'; program: string; host?: string }
  /** `run`: what a new container's file system holds from the host (binds, volumes, working folder). */
  | { kind: 'container'; program: string; run?: ContainerRun }
  | { kind: 'stdin-args'; program: string; asks?: true }
  | { kind: 'find-exec'; scope?: FindScope }
  | { kind: 'substitution' }
  | { kind: 'heredoc-shell'; program: string }
  | { kind: 'function'; name: string }
  /**
   * A deletion or command found in code an interpreter runs (`python3 -c`), at its 1-based line;
   * `at` is the invoking words (the program through its code), where a finding is reported.
   */
  | { kind: 'source'; program: string; how: string; line: number; text: string; at: Span };

/** A simple command that would execute, with everything a rule needs to judge it. */
export interface SimpleCommand {
  /** Program name as it resolves: basename, quotes and leading backslash removed, lower-cased for Windows shells. */
  program: string;
  /** The word naming the program (for its span and whether it was dynamic). */
  programWord: Word;
  /** The path written, if the program was invoked by path (`/bin/rm`). */
  programPath?: string;
  /** Arguments after the program, wrappers already peeled off. */
  args: Word[];
  redirects: Redirect[];
  /** `NAME=value` assignments that prefix the command. */
  assignments: { name: string; value: Word }[];
  /** Span of the whole simple command in the original line. */
  span: Span;
  /** Wrappers, shells and hops that led here, outermost first. */
  via: Via[];
  /** Index of this command inside its pipeline, and the commands before it in the same pipeline. */
  pipeline?: { index: number; length: number; previous: SimpleCommand[] };
  /**
   * The command that runs this one once per item it receives (PowerShell ForEach-Object and its
   * `%` and `foreach` aliases): in its per-item script block `$_` and `$PSItem` are those items.
   */
  fedBy?: SimpleCommand;
  /**
   * The loop whose body holds this command (PowerShell `foreach ($f in <pipeline>) { … }`,
   * `(<pipeline>).ForEach({ … })`): the last command of the pipeline whose output it iterates,
   * and the variables naming each item there (`f`; `_` and `psitem` in .ForEach).
   */
  each?: { source: SimpleCommand; variables: string[] };
  /**
   * For a .NET method call read as a command (program `.delete`: `$f.Delete()`): the variable it
   * is called on, lower-case without `$`, or `items` when it is called on what `each.source`
   * outputs (`(Get-Item C:\x).Delete()`). Without one, what it is called on is not known.
   */
  receiver?: { variable?: string; items?: true };
  /** Arguments also arrive on stdin (xargs, parallel): targets are not all visible. */
  argsFromStdin?: boolean;
  /** Text fed on stdin by a heredoc or here-string, if any. */
  stdinText?: string;
  stdinSpan?: Span;
  /** Runs with elevated rights (sudo, doas, runas). */
  elevated?: boolean;
  /** Runs on another machine or container, so local paths mean nothing about the target. */
  remote?: boolean;
  /** Commands run inside this command's arguments (`$(…)`, backticks, `<(…)`), already extracted. */
  innerCommands?: SimpleCommand[];
  /**
   * Directory set by an earlier `cd`/`pushd` in the same line: relative paths resolve against it,
   * then against the context's cwd. Contains `\u0000` when the `cd` target was computed.
   */
  cwd?: string;
  /**
   * cmd.exe's `cd X:\p` without /d, before the line says which drive it is on: `cwd` holds only when
   * the line starts on drive X: (otherwise cd sets that drive's folder and stays where it was).
   */
  cwdSameDriveOnly?: boolean;
  /**
   * Variables set earlier in the same line (`export AWS_PROFILE=prod && …`, `KUBECONFIG=x; …`),
   * by name; a computed part is `\u0000`. The environment a tool reads starts from these.
   */
  lineVars?: Readonly<Record<string, string>>;
  /** Which shell language the command is written in; program names and flags differ. */
  dialect: Dialect;
}

export type Dialect = 'posix' | 'pwsh' | 'cmd';

export interface ParseIssue {
  message: string;
  span: Span;
  /** True when the problem means the engine could not see what would run. */
  blocksAnalysis: boolean;
}

export interface ExtractResult {
  commands: SimpleCommand[];
  issues: ParseIssue[];
  /** The line was longer than the engine reads; only its start was analysed. */
  truncated: boolean;
  /** Part of the line needed the shell grammar, which was not loaded: the result is incomplete. */
  needsGrammar?: true;
}

/** A command on its way through the wrappers, before it becomes a SimpleCommand. */
export interface Draft {
  words: (Word & { offsets?: number[] })[];
  assignments: { name: string; value: Word }[];
  redirects: Redirect[];
  span: Span;
  via: Via[];
  elevated: boolean;
  remote: boolean;
  argsFromStdin?: boolean;
  stdinText?: string;
  stdinSpan?: Span;
  inner: SimpleCommand[];
  /** Variables set earlier on the line (see SimpleCommand.lineVars). */
  lineVars?: Readonly<Record<string, string>>;
}

/** What a `docker|podman run` (or `compose run`) line binds in: see container-run.ts. */
export interface Bind {
  /** The host path as written (`$PWD`, `/srv/data`, `./src`), or a named volume. */
  source: Word;
  /** Where it appears in the container (absolute). */
  target: string;
  /** A named volume (`pgdata:/var/lib/postgresql/data`) rather than a host folder. */
  volume: boolean;
  readOnly: boolean;
}

export interface ContainerRun {
  kind: 'run' | 'compose-run';
  binds: Bind[];
  /** `-w` / `--workdir`, a container path. */
  workdir?: string;
  /** The image (run) or the service (compose run). */
  image?: Word;
  /** compose: `-f` files and `--project-directory`. */
  composeFiles: Word[];
  projectDir?: Word;
  /** `--volumes-from`: another container's volumes, unknown here. */
  volumesFrom: boolean;
  /** `--privileged`, `--device`, or the host's namespaces: the container's `/dev` and more are the host's. */
  hostAccess: boolean;
  /** The host folder the container command was given in, relative to the line's (after a `cd`). */
  hostCwd?: string;
}
