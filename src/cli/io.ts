/**
 * What the CLI needs from the outside world. The entry point passes the real process; tests
 * pass fakes and run the CLI in-process.
 */
export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  /** Directory relative paths and the default `--cwd` resolve against. */
  cwd: string;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Chunks of standard input, for `check --jsonl`. Defaults to process.stdin. */
  stdin?: AsyncIterable<string | Uint8Array>;
  /** Colour the text output (the entry sets this for a TTY without NO_COLOR). */
  color?: boolean;
  /** Terminal width for the text output; long lines are cut to fit. */
  columns?: number;
  /** Defaults to os.homedir(). */
  home?: string;
  /**
   * The process a `hook` call answers for (its pid and parent pid), whose parents tell whether
   * the agent can ask. Defaults to this process; the warm hook server passes its caller's.
   */
  caller?: { pid: number; ppid: number };
  /**
   * For a `hook` call that goes to the editor (editor-ask.ts): takes the question instead of the
   * hook asking and printing itself. hook.js sets it, so that the warm server never waits for a
   * person; the caller then asks, and prints the answer.
   */
  deferEditor?: (q: import('./editor-ask').EditorQuestion) => void;
  /** When the hook process started (ms since the epoch); defaults to now. */
  startedAt?: number;
}

/** Exit codes: callers treat anything but 0 and 10 as "gate". */
export const EXIT = {
  allow: 0,
  warn: 10,
  gate: 20,
  usage: 64,
  internal: 70,
} as const;

/** Thrown for a bad command line; runCli turns it into exit 64 and a one-line message. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose usage line to print (`check`, `rules`), or undefined for the top level. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
