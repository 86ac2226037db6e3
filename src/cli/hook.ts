/**
 * `blast-radius hook <agent>`: an agent's pre-tool hook. Reads the agent's JSON on stdin, scores
 * shell commands with the command engine (file writes and edits with the edit engine, loaded from
 * its own bundle only for them) and answers in the agent's own format. This runs before every
 * command an agent issues, so the benign path answers from the pre-filter alone, as `check` does.
 *
 * Exit code: 0 with the agent's JSON on stdout, whatever the decision (agents read the JSON only
 * on exit 0); 2 when no answer could be produced at all, which every supported agent treats as
 * "block"; 64 for a bad command line.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cellCommand, MAX_NOTEBOOK_CELLS, notebookCodeCells } from '../core/notebook-cells';
import { readBounded } from '../node/bounded-read';
import { chainText } from '../core/follow/chain';
import type { Policy } from '../core/policy';
import { prefilterAllows } from '../core/prefilter';
import type { CommandContext, CommandResult } from '../core/types';
import { parseArgs, stringFlag } from './args';
import type { HookAnswer } from '../core/hook-answer';
import { EDITOR_KEY_ENV } from '../core/gate/hook-editor';
import type { EditorQuestion } from './editor-ask';
import type { TamperOutcome } from '../core/tamper';
import { type HostEnv, hostEnv } from '../node/hooks/paths';
import { stoppedHookMessage } from '../core/stop';
import { recordStoppedCall, stopFilePath, stoppedRecord } from '../node/stop-file';
import { sessionFirstCall } from '../node/hook-sessions';
import { recordToolCall } from '../node/tool-calls';
import { answerFor, CAN_ASK, gateAction, type HookAgent, HOOK_AGENTS, isHookAgent, parsePayload, type ToolCall, type Verdict } from './hook-agents';
import { clip, type HookEnv, noteTampering, verdictOf } from './hook-verdict';
import { type CliIo, EXIT, UsageError } from './io';
import { lazy } from './lazy';

export const HOOK_USAGE = 'blast-radius hook <claude-code|codex|gemini-cli|copilot-cli|cursor|cline|opencode|windsurf> [--strictness LEVEL]';

export const HOOK_HELP = `Usage:
  ${HOOK_USAGE}

An agent's pre-tool hook: reads the agent's hook JSON on standard input, scores the shell command
or file edit it is about to run (a patch sent through the shell, such as \`apply_patch <<'EOF'\`,
as the edit it makes), and answers in that agent's format. Install it with
\`blast-radius hooks install <agent>\` rather than by hand.

  allow  no objection (the agent's own permission rules still apply)
  warn   no objection, with the finding shown
  gate   ask a human in the agent's own prompt (relaxed, balanced) or deny (strict, paranoid);
         denied wherever the agent cannot ask: always in Codex, Cline, opencode and Windsurf, and in headless, print-mode and
         allow-all runs of the others (told from the agent's payload, environment and process)
  input that cannot be read: ask, or deny where the agent cannot ask

Options:
  --strictness LEVEL  off, relaxed, balanced, strict or paranoid, for this call only

Environment (Linux and macOS; see \`blast-radius hooks status\`):
  BLAST_RADIUS_HOOK_SERVER=off       answer every call in its own process, with no warm server
  BLAST_RADIUS_HOOK_SERVER_IDLE=SEC  how long a warm server waits for a call before it exits (600)
  BLAST_RADIUS_CODE_CACHE=off        no V8 code cache in the per-user cache folder
  BLAST_RADIUS_HOOK_TIMEOUT=SEC      the agent's timeout for this hook, if not 30 s: an editor's
                                     dialog must be answered 5 s before it

In an agent started by a VS Code window with Blast Radius (BLAST_RADIUS_EDITOR_KEY is set), a
gate-level call is asked in that window's confirm dialog before the tool runs, when the window
has the call's folder open; only an answer the window signed counts.

Exit codes: 0 with the agent's answer on stdout; 2 when no answer could be produced (agents
treat 2 as block), and Windsurf's "stop" (the reason on stderr: Cascade reads exit codes only);
64 usage error.
`;

const STRICTNESS = ['off', 'relaxed', 'balanced', 'strict', 'paranoid'] as const;

/** Hook payloads larger than this are not read to the end and get the "ask" answer. */
export const MAX_HOOK_INPUT = 16 * 1024 * 1024;

/**
 * Reads all of standard input. In the real process it reads file descriptor 0 directly, which
 * costs far less than creating `process.stdin`; tests that run the CLI in-process pass `io.stdin`
 * as a plain property instead.
 */
async function readInput(io: CliIo): Promise<string | undefined> {
  const desc = Object.getOwnPropertyDescriptor(io, 'stdin');
  if (desc && 'value' in desc && desc.value) return readStream(desc.value as AsyncIterable<string | Uint8Array>);
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.allocUnsafe(1024 * 1024);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, buf.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') return readStream(process.stdin);
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    total += n;
    // Past the cap the rest is read and dropped, so the agent writing it never sees a broken pipe.
    if (total <= MAX_HOOK_INPUT) chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return total > MAX_HOOK_INPUT ? undefined : Buffer.concat(chunks).toString('utf8');
}

async function readStream(stream: AsyncIterable<string | Uint8Array>): Promise<string | undefined> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const c of stream) {
    const b = Buffer.from(c);
    total += b.length;
    if (total <= MAX_HOOK_INPUT) parts.push(b);
  }
  return total > MAX_HOOK_INPUT ? undefined : Buffer.concat(parts).toString('utf8');
}


/** Loads the user's and the repository's policy for a workspace, reporting problems on stderr. */
export function loadPolicyFor(h: HookEnv, cwd: string, root: string): Policy {
  const { loadEffectivePolicy } = lazy.policyFiles();
  const loaded = loadEffectivePolicy({ cwd, workspaceRoot: root, env: h.env, strictnessFlag: h.strictnessFlag, home: h.home });
  for (const w of loaded.warnings) h.io.stderr(`blast-radius: warning: ${w}\n`);
  return loaded.policy;
}

function hookHost(h: HookEnv): HostEnv {
  return hostEnv({ env: h.env, home: h.home });
}

const OUTCOME: Readonly<Record<HookAnswer['action'], TamperOutcome>> = { allow: 'allowed', warn: 'warned', ask: 'asked', deny: 'refused' };

async function evaluateShell(call: Extract<ToolCall, { kind: 'shell' }>, h: HookEnv, workspace: string | undefined, folders: readonly string[] = [], firstCall?: number, about: { subject: string; notes: readonly string[]; context?: readonly string[] } = { subject: 'command', notes: [] }): Promise<Verdict> {
  if (prefilterAllows(call.command, call.shell, { follow: true })) return { kind: 'allow' };
  const cwd = path.resolve(h.io.cwd, call.cwd ?? '.');
  const { judgeCommand, grammarsNeeded, useFollowing } = lazy.engine();
  // What the line runs from files (package scripts, Makefiles, scripts) is read to judge it.
  const follow = lazy.followFiles();
  useFollowing(follow.FOLLOWING);
  // A line of plain words (`terraform destroy -auto-approve`) is judged without the grammar; one
  // that runs files (`bash x.sh`, `npm run clean`) loads it for what those files say.
  const need = grammarsNeeded(call.command, call.shell);
  if (need.bash || need.powershell) await lazy.grammarFiles().loadGrammars(need);
  const { agentProjectDirs, commandContextAt } = lazy.commandContext();
  // The hook cannot tell when the agent's session began, so any configuration may be the agent's:
  // sessionStart 0 means none of it lowers a score for a local target.
  // Untracked files born since the session's first hook call are the agent's own work, not lost work.
  const ctx: CommandContext = { ...commandContextAt({ cwd, workspace, folders: [...folders, ...agentProjectDirs(h.env)], env: h.env, home: h.home, sessionStart: 0, createdSince: firstCall, yaml: (t) => lazy.hookEdit().parseYaml(t) }), shell: call.shell };
  ctx.files = follow.followReaderFor(ctx);
  const root = ctx.workspaceRoot ?? cwd;
  const policy = loadPolicyFor(h, cwd, root);
  const judged = judgeCommand(call.command, { ctx, policy });
  // A patch in the line (`apply_patch <<'EOF'`, `git apply`, `patch`) is judged as the edits it makes.
  const result: CommandResult = judged.patches.length ? await lazy.hookEdit().judgeCommandPatches(judged.result, judged.patches, ctx, policy, h.home) : judged.result;
  noteTampering(h, { command: call.command }, result.findings);
  // A finding in what the line runs (a package script, a Makefile recipe) says how it runs.
  const findings = result.findings.map((f) => (f.via ? { ...f, chain: chainText(result.command, f) } : f));
  return verdictOf(result.decision, about.subject, findings, policy.strictness, [...about.notes, ...(result.notes ?? [])], about.context);
}

/** Notebooks larger than this are not read (the call is then unreadable: asked about). */
const MAX_NOTEBOOK = 8 * 1024 * 1024;

/**
 * A notebook cell run (VS Code's run_notebook_cell). The call names the cell by the id Copilot
 * Chat gives it in the editor (`#VSC-` and a hash of the cell's in-memory URI, which holds a
 * handle the file does not record), so which cell on disk it is cannot be told: every code cell
 * of the saved notebook is judged, as the commands they run, and the reason says so.
 */
async function evaluateCells(call: Extract<ToolCall, { kind: 'cells' }>, h: HookEnv, workspace: string | undefined, folders: readonly string[], firstCall?: number): Promise<Verdict> {
  const unread = (why: string): Verdict => ({ kind: 'invalid', message: `Blast Radius could not read the notebook this ${call.tool} call runs a cell of (${why}), so it cannot tell what the cell does. Check the cell before approving it.` });
  let file = call.path;
  if (/^file:\/\//i.test(file)) file = fileURLToPath(file);
  else if (/^[a-z][a-z0-9+.-]+:/i.test(file) && !/^[A-Za-z]:[\\/]/.test(file)) return unread(`${file} is not a file on disk`);
  const abs = path.resolve(h.io.cwd, call.cwd ?? '.', file);
  let text: string;
  try {
    const fd = openSync(abs, 'r');
    try {
      const got = readBounded(fd, fstatSync(fd).size, MAX_NOTEBOOK);
      if (got === 'too-large') return unread(`${abs} is larger than ${MAX_NOTEBOOK / 1024 / 1024} MB`);
      text = got.toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return unread(`${abs}: ${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}`);
  }
  const nb = notebookCodeCells(text);
  if (!nb.ok) return unread(`${abs} is ${nb.error}`);
  const lines: string[] = [];
  const skipped: string[] = [];
  for (const cell of nb.cells) {
    const run = cellCommand(cell);
    if ('note' in run) skipped.push(`cell ${cell.index + 1}: ${run.note}`);
    else if (run.command.trim()) lines.push(run.command);
  }
  if (nb.more) skipped.push(`cells after the first ${MAX_NOTEBOOK_CELLS} code cells are not read`);
  if (skipped.length) h.io.stderr(`blast-radius hook: ${call.tool} ${abs}: not judged: ${skipped.join('; ')}\n`);
  const name = path.basename(abs);
  // Which cell runs explains a reason; cells that could not be read are a note even on an allow.
  const context = [`The cell to run (${call.cellId}) is known only to the editor: every code cell of ${name} was judged.`];
  const notes = skipped.map((s) => `${name} ${s}.`);
  const shell = { kind: 'shell' as const, tool: call.tool, command: lines.join('\n'), shell: 'bash' as const, cwd: path.dirname(abs) };
  return evaluateShell(shell, h, workspace, folders, firstCall, { subject: 'notebook cell', notes, context });
}

/** What the stopped call was, in a few words, for the Resume dialog. */
function callWords(call: ToolCall): string {
  if (call.kind === 'shell') return call.command;
  if (call.kind === 'write' || call.kind === 'edit' || call.kind === 'replace' || call.kind === 'cells') return `${call.tool} ${call.path}`;
  return `${call.tool}${call.kind === 'patch' ? ' (a patch)' : ''}`;
}

export async function runHook(argv: readonly string[], io: CliIo): Promise<number> {
  let agent: HookAgent;
  let strictnessFlag: string | undefined;
  try {
    const parsed = parseArgs(argv, [{ name: 'strictness', value: true, choices: STRICTNESS }, { name: 'help', short: 'h' }], 'hook');
    if (parsed.flags.has('help')) {
      io.stdout(HOOK_HELP);
      return EXIT.allow;
    }
    if (parsed.rest !== undefined) throw new UsageError('hook takes no arguments after --');
    const [name, extra] = parsed.positionals;
    if (name === undefined) throw new UsageError(`name the agent: one of ${HOOK_AGENTS.join(', ')}`);
    if (!isHookAgent(name)) throw new UsageError(`unknown agent ${JSON.stringify(name)}; expected one of ${HOOK_AGENTS.join(', ')}`);
    if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}`);
    agent = name;
    strictnessFlag = stringFlag(parsed, 'strictness');
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`blast-radius hook: ${e.message} (usage: ${HOOK_USAGE})\n`);
      return EXIT.usage;
    }
    throw e;
  }

  const env = io.env ?? process.env;
  // The caller's home from the caller's environment: the warm server answers many callers.
  const h: HookEnv = { io, env, home: io.home ?? hostEnv({ env }).home, strictnessFlag, caller: io.caller ?? { pid: process.pid, ppid: process.ppid } };
  let verdict: Verdict;
  let permissionMode: string | undefined;
  let input: string | undefined;
  let dialect: 'vscode' | undefined;
  let callCwd = io.cwd;
  /** A file tool call's tool and the files it will change, for the record the editor's timeline reads. */
  let fileCall: { tool: string; files: string[] } | undefined;
  try {
    input = await readInput(io);
    const parsed = input === undefined ? { ok: false as const, error: `input larger than ${MAX_HOOK_INPUT} bytes` } : parsePayload(agent, input);
    permissionMode = parsed.permissionMode;
    dialect = parsed.dialect;
    if (parsed.ok && 'cwd' in parsed.call && parsed.call.cwd) callCwd = path.resolve(io.cwd, parsed.call.cwd);
    // Stopped by the user: every call is refused, readable or not, before anything is judged.
    const stop = stoppedRecord(stopFilePath(hookHost(h)));
    if (stop) {
      verdict = { kind: 'deny', message: stoppedHookMessage(stop) };
      const failed = recordStoppedCall(hookHost(h), { agent, what: parsed.ok ? callWords(parsed.call) : 'an unreadable call' });
      if (failed) io.stderr(`blast-radius hook ${agent}: could not record the refused call: ${failed}\n`);
    } else if (!parsed.ok) {
      io.stderr(`blast-radius hook ${agent}: ${parsed.error}; a human must decide ("ask", or deny where the run cannot ask)\n`);
      verdict = { kind: 'invalid', message: `Blast Radius could not read this ${agent} hook call (${parsed.error}), so it cannot tell what the call would do. Check the call before approving it.` };
    } else {
      const call = parsed.call;
      // Every call of a session, whatever its tool, so the first one is the session's start.
      const firstCall = sessionFirstCall(hookHost(h), agent, parsed.sessionId);
      if (call.kind === 'other') {
        if (call.note) io.stderr(`blast-radius hook ${agent}: ${call.note}\n`);
        verdict = { kind: 'allow' };
      }
      else if (call.kind === 'shell') verdict = await evaluateShell(call, h, parsed.workspace, parsed.folders, firstCall);
      else if (call.kind === 'cells') verdict = await evaluateCells(call, h, parsed.workspace, parsed.folders ?? [], firstCall);
      else {
        fileCall = { tool: call.tool, files: [] };
        verdict = await lazy.hookEdit().evaluateFileCall(call, h, parsed.workspace, fileCall.files);
      }
    }
  } catch (e) {
    // Our own failure must not let the call through, nor crash the agent's hook.
    const why = e instanceof Error ? e.message : String(e);
    io.stderr(`blast-radius hook ${agent}: internal error: ${e instanceof Error ? (e.stack ?? why) : why}\n`);
    verdict = { kind: 'invalid', message: `Blast Radius failed while checking this call (${clip(why, 200)}). Check the call before approving it.` };
  }
  // VS Code's own agent reads Claude Code's answer format, whichever hook it ran.
  const answerAs: HookAgent = dialect === 'vscode' ? 'claude-code' : agent;
  // Only a call that would ask needs to know whether this run can.
  const wouldAsk = CAN_ASK[answerAs] && (verdict.kind === 'invalid' || (verdict.kind === 'gate' && gateAction(answerAs, verdict.strictness) === 'ask'));
  // Whether VS Code's agent asks a person for "ask" is VS Code's (its own confirmation); the run
  // facts read for the hook's agent are not VS Code's.
  let answer = answerFor(answerAs, verdict, wouldAsk && dialect !== 'vscode' ? lazy.hookAsking().askingFor(agent, h, permissionMode) : undefined);
  // A gate-level call, or one that would ask where nobody can be asked, goes to the editor's dialog
  // when an editor window started this agent; an allowed call never comes here.
  const toEditor = verdict.kind === 'gate' || (verdict.kind === 'invalid' && answer.action === 'deny');
  if (toEditor && input !== undefined && env[EDITOR_KEY_ENV]) {
    const question: EditorQuestion = {
      agent,
      answerAs,
      ...(dialect ? { dialect } : {}),
      payload: input,
      cwd: callCwd,
      strictness: verdict.kind === 'gate' ? verdict.strictness : 'unknown',
      findings: verdict.kind === 'gate' ? [...(verdict.findings ?? [])] : [],
      message: verdict.kind === 'gate' || verdict.kind === 'invalid' ? verdict.message : '',
      fallback: { stdout: answer.stdout, exitCode: answer.exitCode, action: answer.action, ...(answer.stderr ? { stderr: answer.stderr } : {}) },
    };
    if (io.deferEditor) {
      // hook.js asks, and prints what the editor says (the person may let the call run).
      noteFileCall(h, agent, fileCall);
      io.deferEditor(question);
      recordTamper(h, agent, answer.action);
      return answer.exitCode;
    }
    const { askEditor, editorAnswer } = lazy.editorAsk();
    answer = editorAnswer(question, await askEditor(question, { env, home: h.home, startedAt: io.startedAt ?? Date.now() }));
  }
  // Before the answer is out: the tool runs once the agent reads it.
  if (answer.action !== 'deny') noteFileCall(h, agent, fileCall);
  io.stdout(answer.stdout);
  if (answer.stderr) io.stderr(answer.stderr);
  recordTamper(h, agent, answer.action);
  return answer.exitCode;
}

/**
 * Records a file tool call that was not refused, so that the editor names the agent and the tool
 * in the timeline step its change on disk makes (src/node/tool-calls.ts). One append, no waiting.
 */
function noteFileCall(h: HookEnv, agent: HookAgent, call: { tool: string; files: string[] } | undefined): void {
  if (!call?.files.length) return;
  const failed = recordToolCall(hookHost(h), { agent, tool: call.tool, files: call.files });
  if (failed) h.io.stderr(`blast-radius hook ${agent}: could not record the tool call for the editor's timeline: ${failed}\n`);
}

function recordTamper(h: HookEnv, agent: HookAgent, action: HookAnswer['action']): void {
  if (h.tamper) {
    // When it happened is what `hooks status` and the editor show; the answer is already out.
    const failed = lazy.tamperLog().recordTampering(hookHost(h), { ...h.tamper, source: `${agent} hook`, outcome: OUTCOME[action] });
    if (failed) h.io.stderr(`blast-radius hook ${agent}: could not record the attempt to switch protection off: ${failed}\n`);
  }
}
