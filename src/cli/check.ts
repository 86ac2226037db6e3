/**
 * `blast-radius check`: one command line from argv, or a stream of JSON Lines on stdin.
 * Speed matters here (an agent may call this before every command), so the certainly-benign
 * path answers from the pre-filter alone; the grammar, the engine, git and the policy files are
 * loaded only when a line needs them.
 */
import path from 'node:path';
import { prefilterAllows } from '../core/prefilter';
import type { Policy } from '../core/policy';
import type { CommandContext, CommandResult, Decision, ShellKind } from '../core/types';
import { hostEnv } from '../node/hooks/paths';
import { type CliIo, EXIT } from './io';
import { lazy } from './lazy';
import { renderResult } from './render';

export const SHELLS: readonly ShellKind[] = ['bash', 'sh', 'zsh', 'pwsh', 'cmd'];

export interface CheckOptions {
  /** Where the command runs; already resolved against the process's cwd. */
  cwd: string;
  /** `--workspace`, resolved; otherwise the git top-level, else cwd. */
  workspace?: string;
  strictness?: string;
  shell: ShellKind;
  format: 'text' | 'json';
}

export function exitCodeFor(decision: Decision): number {
  return decision === 'gate' ? EXIT.gate : decision === 'warn' ? EXIT.warn : EXIT.allow;
}

/**
 * A result as `check --format json` and `check --jsonl` print it: the result's own decision is the
 * answer; its findings are printed without theirs, as the format has always been.
 */
export function resultJson(result: CommandResult): string {
  return JSON.stringify({ ...result, findings: result.findings.map(({ decision: _decision, ...f }) => f) });
}

function benign(command: string): CommandResult {
  return { command, score: 0, severity: 'none', decision: 'allow', findings: [] };
}

type Engine = ReturnType<typeof lazy.engine>;

/**
 * Everything the slow path needs, loaded once per process: the engine, the grammar when a line
 * needs it (a plain line such as `terraform destroy -auto-approve` is judged without it), plus
 * caches for the git context of each cwd and the policy of each workspace.
 */
class Evaluator {
  private engine?: Engine;
  /** Per cwd and shell: the same object for every line, so the engine's per-context caches hold; renewForLine readies it for each line. */
  private readonly contexts = new Map<string, CommandContext>();
  /** Per cwd: what git and the environment say about the place (read once; the branch again per line). */
  private readonly places = new Map<string, CommandContext>();
  /** Per cwd: the repository holding it, whose `HEAD` each line reads again. */
  private readonly gitLocations = new Map<string, ReturnType<ReturnType<typeof lazy.commandContext>['gitLocationOf']>>();
  private readonly policies = new Map<string, Policy>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly io: CliIo,
    private readonly workspace: string | undefined,
    private readonly strictness: string | undefined,
  ) {}

  /**
   * The result of one line: synchronous once the grammar is loaded (or when the line does not need
   * it), so a stream of lines is not a chain of promises.
   */
  evaluate(command: string, cwd: string, shell: ShellKind): CommandResult | Promise<CommandResult> {
    if (prefilterAllows(command, shell, { follow: true })) return benign(command);
    const engine = (this.engine ??= lazy.engine());
    // The context hands the engine what following needs, so it can tell whether the files a line
    // runs (`bash x.sh`, `npm run clean`) need the grammar too. What a line before may have
    // changed (what a folder holds, the branch checked out) is read again for this one.
    lazy.commandContext().renewForLine(this.context(cwd, shell), this.gitLocations.get(cwd));
    if (engine.needsShellGrammar(command, shell)) return lazy.grammarFiles().loadGrammars(engine.grammarsNeeded(command, shell)).then(() => this.judge(engine, command, cwd, shell));
    return this.judge(engine, command, cwd, shell);
  }

  private judge(engine: Engine, command: string, cwd: string, shell: ShellKind): CommandResult | Promise<CommandResult> {
    const ctx = this.context(cwd, shell);
    const policy = this.policy(ctx);
    // The pre-filter has just said no: the engine need not ask it again.
    const { result, patches } = engine.judgeCommand(command, { ctx, policy, noPrefilter: true });
    // A patch in the line (`apply_patch <<'EOF'`, `git apply`, `patch`) is judged as the edits it makes.
    return patches.length ? lazy.hookEdit().judgeCommandPatches(result, patches, ctx, policy, ctx.home ?? hostEnv({ env: this.io.env ?? process.env }).home) : result;
  }

  private context(cwd: string, shell: ShellKind): CommandContext {
    const key = `${shell}\u0000${cwd}`;
    let ctx = this.contexts.get(key);
    if (ctx) return ctx;
    let place = this.places.get(cwd);
    if (!place) {
      const env = this.io.env ?? process.env;
      const { agentProjectDirs, commandContextAt } = lazy.commandContext();
      place = commandContextAt({ cwd, workspace: this.workspace, folders: agentProjectDirs(env), env, home: this.io.home, yaml: (t) => lazy.hookEdit().parseYaml(t) });
      this.places.set(cwd, place);
      this.gitLocations.set(cwd, lazy.commandContext().gitLocationOf(cwd));
    }
    ctx = { ...place, shell };
    // What the line runs from files (package scripts, Makefiles, scripts) is read to judge it.
    const follow = lazy.followFiles();
    ctx.files = follow.followReaderFor(ctx);
    lazy.engine().useFollowing(follow.FOLLOWING);
    this.contexts.set(key, ctx);
    return ctx;
  }

  private policy(ctx: CommandContext): Policy {
    const root = ctx.workspaceRoot ?? ctx.cwd ?? this.io.cwd;
    const cached = this.policies.get(root);
    if (cached) return cached;
    const { loadEffectivePolicy } = lazy.policyFiles();
    const loaded = loadEffectivePolicy({
      cwd: ctx.cwd ?? this.io.cwd,
      workspaceRoot: root,
      env: this.io.env ?? process.env,
      strictnessFlag: this.strictness,
      home: this.io.home,
    });
    for (const w of loaded.warnings) {
      if (this.warned.has(w)) continue;
      this.warned.add(w);
      this.io.stderr(`blast-radius: warning: ${w}\n`);
    }
    this.policies.set(root, loaded.policy);
    return loaded.policy;
  }
}

/** Scores one command line and prints it; the exit code carries the decision. */
export async function runCheckOnce(command: string, opts: CheckOptions, io: CliIo): Promise<number> {
  const evaluator = new Evaluator(io, opts.workspace, opts.strictness);
  const result = await evaluator.evaluate(command, opts.cwd, opts.shell);
  io.stdout(opts.format === 'json' ? `${resultJson(result)}\n` : renderResult(result, { color: io.color, columns: io.columns }));
  return exitCodeFor(result.decision);
}

/** Longest input line accepted; longer lines are answered with an error and skipped. */
export const MAX_JSONL_LINE = 4 * 1024 * 1024;

/**
 * Splits a stream into lines as chunks arrive, so a co-process gets each answer as soon as its
 * line is complete. An over-long line is reported as `undefined` (once) instead of buffered.
 */
export async function* readLines(chunks: AsyncIterable<string | Uint8Array>, maxLine = MAX_JSONL_LINE): AsyncGenerator<string | undefined> {
  for await (const batch of readLineBatches(chunks, maxLine)) yield* batch;
}

/**
 * As readLines, but the lines each chunk completes come as one batch: a stream of many lines is
 * answered batch by batch (one write each), and a co-process sending one line at a time still
 * gets each answer before it sends the next.
 */
export async function* readLineBatches(chunks: AsyncIterable<string | Uint8Array>, maxLine = MAX_JSONL_LINE): AsyncGenerator<(string | undefined)[]> {
  const decoder = new TextDecoder('utf-8');
  let buf = '';
  // Where to look for the next line break: the text before it has none.
  let scanFrom = 0;
  let overflow = false;
  for await (const chunk of chunks) {
    buf += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const batch: (string | undefined)[] = [];
    let from = 0;
    let nl: number;
    while ((nl = buf.indexOf('\n', Math.max(from, scanFrom))) !== -1) {
      const line = buf.slice(from, nl);
      from = nl + 1;
      if (overflow) {
        overflow = false;
        continue;
      }
      batch.push(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
    if (from > 0) buf = buf.slice(from);
    if (overflow) buf = '';
    else if (buf.length > maxLine) {
      overflow = true;
      buf = '';
      batch.push(undefined);
    }
    scanFrom = buf.length;
    if (batch.length) yield batch;
  }
  buf += decoder.decode();
  if (buf.length && !overflow) yield [buf.endsWith('\r') ? buf.slice(0, -1) : buf];
}

interface JsonlRequest {
  command: string;
  cwd?: string;
  shell?: ShellKind;
}

function parseRequest(line: string): JsonlRequest | string {
  if (!line.trim()) return 'empty line';
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    return `not valid JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'expected a JSON object with a "command" string';
  const o = v as Record<string, unknown>;
  if (typeof o.command !== 'string') return '"command" must be a string';
  if (o.cwd !== undefined && typeof o.cwd !== 'string') return '"cwd" must be a string';
  if (o.shell !== undefined && !(SHELLS as readonly unknown[]).includes(o.shell)) return `"shell" must be one of ${SHELLS.join(', ')}`;
  return { command: o.command, cwd: o.cwd, shell: o.shell as ShellKind | undefined };
}

/**
 * Reads one request per line and writes one result per line, in order. A line that cannot be
 * used gets `{"error": …}` in its place; only a failure to read stdin ends the run early.
 */
export async function runCheckJsonl(opts: Omit<CheckOptions, 'format'>, io: CliIo): Promise<number> {
  const evaluator = new Evaluator(io, opts.workspace, opts.strictness);
  const stdin = io.stdin ?? (process.stdin as AsyncIterable<string | Uint8Array>);
  let n = 0;
  const answer = async (line: string | undefined): Promise<string> => {
    n++;
    if (line === undefined) return JSON.stringify({ error: `line ${n}: longer than ${MAX_JSONL_LINE} characters; skipped` });
    const req = parseRequest(line);
    if (typeof req === 'string') return JSON.stringify({ error: `line ${n}: ${req}` });
    try {
      const cwd = req.cwd ? path.resolve(opts.cwd, req.cwd) : opts.cwd;
      const result = evaluator.evaluate(req.command, cwd, req.shell ?? opts.shell);
      return resultJson(result instanceof Promise ? await result : result);
    } catch (e) {
      return JSON.stringify({ error: `line ${n}: internal error: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
  try {
    for await (const batch of readLineBatches(stdin)) {
      // The lines one chunk completed are answered with one write, in order.
      let out = '';
      for (const line of batch) out += `${await answer(line)}\n`;
      io.stdout(out);
    }
  } catch (e) {
    io.stderr(`blast-radius: cannot read stdin: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.internal;
  }
  return EXIT.allow;
}
