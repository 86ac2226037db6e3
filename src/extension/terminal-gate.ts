/**
 * The confirm gate for terminal commands. VS Code only observes a terminal command once it has
 * started, so the gate is built underneath: shims first on every guarded terminal's PATH (and, opt
 * in, a shell hook that checks whole command lines) ask this module over a loopback channel before
 * a risky program runs. Allow runs at once, warn runs with a notification, gate waits for a person
 * in a modal dialog (one at a time); anything else, including no answer in time, means the command
 * does not run. With no editor to ask, the shims ask the CLI, which refuses what needs a person.
 */
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { redactSecrets } from '../core/audit';
import { environmentKey } from '../core/engine';
import {
  alwaysAllowRefusal,
  alwaysAllowScope,
  answerForOutcome,
  BUTTON_TITLES,
  type ConfirmChoice,
  type ConfirmDialog,
  confirmDialog,
  type ConfirmOutcome,
  immediateAnswer,
  refusalSummary,
  warnNotificationText,
} from '../core/gate/answer';
import type { AskPlace, GateAsk } from '../core/gate/command-records';
import { ConfirmQueue } from '../core/gate/confirm-queue';
import type { GateAnswer, GateRequest } from '../core/gate/protocol';
import { type HookShell, RC_FILES, hasRcLine, rcLine, withoutRcLine, withRcLine } from '../core/gate/rc-file';
import { GATE_ENV, type GatePaths } from '../core/gate/scripts';
import { existingTerminalsNotice, gateTooltipLines, type TerminalGuard, terminalGuard } from '../core/gate/terminals';
import { triggerIndex } from '../core/rules/index';
import { stoppedCommandDecision } from '../core/stop';
import type { CommandContext, CommandResult } from '../core/types';
import { shortCommand } from '../core/ui-text';
import { type DecideContext, GateChannel, newGateToken, processAncestors } from '../node/gate-channel';
import { writeFileAtomic } from '../node/atomic-write';
import { EDITOR_ASK_VERSION, EDITOR_KEY_ENV, type EditorAsk, hookCallIdentity, parseEditorAsk, RecentHookAnswers, signedText } from '../core/gate/hook-editor';
import { HOOK_AGENT_NAMES, isHookAgent } from '../core/hook-answer';
import { parsePayload, type ToolCall } from '../cli/hook-agents';
import { editorRegistryDir, removeEditorWindow, writeEditorWindow } from '../node/editor-registry';
import { cacheDir } from '../node/hooks/paths';
import type { CommandFinding, Severity } from '../core/types';
import { scoreOf } from '../core/policy';
import { commandContext, judgeLine } from './command-context';
import { findBash, installGate, type InstallResult, pathFolders } from './gate-files';
import { type LimiterHost, NotificationLimiter } from './notification-limiter';
import { errorText, type FlaggedEvent, type State } from './state';
import { lineEventOf, shellNameOf, type TerminalCommand, type TerminalCommands } from './terminal-commands';

/** How long a hook call's answer serves the other hooks of the same call (they run back to back). */
const HOOK_ANSWER_REUSE_MS = 60_000;

/** Dialogs queued or on screen at once; more are refused at once. */
const MAX_PENDING_DIALOGS = 32;
const COOLDOWN_MS = 10_000;
const TEST_ANSWER_ENV = 'BLAST_RADIUS_TEST_MODAL_ANSWER';
/** Shims are refreshed at most this often (when a terminal opens). */
const RESCAN_MS = 30_000;

/** What a test build may set as the dialog's answer: a button, Escape, never answering, or Run once after the timeout. */
type TestAnswer = ConfirmChoice | 'escape' | 'none' | 'late-run-once';
const TEST_ANSWERS: readonly string[] = ['dont-run', 'run-once', 'always-allow', 'escape', 'none', 'late-run-once'];

interface Pending {
  req: GateRequest;
  result: CommandResult;
  cwd?: string;
  workspace?: string;
  origin: string;
  /** An agent hook's request: the dialog's own deadline (the agent stops waiting), and its words. */
  timeoutSeconds?: number;
  question?: string;
  notAllowable?: string;
  /** Set once the request has its outcome; a later click on a stale dialog then changes nothing. */
  settled: boolean;
  /** Resolves when `settled` is set. */
  whenSettled: Promise<ConfirmOutcome>;
  settle(outcome: ConfirmOutcome): void;
}

function pendingRequest(fields: Pick<Pending, 'req' | 'result' | 'cwd' | 'workspace' | 'origin' | 'timeoutSeconds' | 'question' | 'notAllowable'>): Pending {
  let resolve: (o: ConfirmOutcome) => void = () => undefined;
  const whenSettled = new Promise<ConfirmOutcome>((r) => (resolve = r));
  const p: Pending = {
    ...fields,
    settled: false,
    whenSettled,
    settle: (outcome) => {
      p.settled = true;
      resolve(outcome);
    },
  };
  return p;
}

/** How a gate-level request ended, in the log and the audit trail (the command line redacted). */
function outcomeWords(command: string, outcome: ConfirmOutcome, previous?: PreviousRefusal): string {
  const line = redactSecrets(command).text;
  if (outcome === 'run-once') return `answered Run once: "${shortCommand(line, 120)}" ran`;
  if (outcome === 'always-allow') return `answered Always allow: "${shortCommand(line, 120)}" ran and was added to the allow-list`;
  return refusalSummary(line, outcome, previous);
}

/**
 * How a gate-level ask ended, on its event and in the audit trail, in the same words as the log:
 * a dismissal is never "answered Don't run". `where` is who asked and in which folder.
 */
function recordOutcome(state: State, event: FlaggedEvent, result: CommandResult, outcome: ConfirmOutcome, where: string, previous?: PreviousRefusal): void {
  const ran = outcome === 'run-once' || outcome === 'always-allow';
  const status = outcome === 'always-allow' ? 'allowed' : ran ? 'ran' : 'blocked';
  const words = outcomeWords(result.command, outcome, previous);
  state.events.update(event.id, { status, attribution: `${event.attribution}; ${words}` });
  state.audit.record({
    kind: 'decision',
    eventId: event.id,
    command: result.command,
    score: result.score,
    severity: result.severity,
    decision: 'gate',
    ruleIds: result.findings.map((f) => f.ruleId),
    status,
    detail: `confirm gate: ${words}; ${where}`,
  });
}

/** The refusals after which the same command is refused for a while without a dialog. */
type PreviousRefusal = 'dont-run' | 'dismissed' | 'timeout';

/** Reads a file that may be missing ('' then). */
async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

/** Replaces a file's text in one step, keeping its permissions (0o644 for a new file). */
function replaceText(file: string, text: string): Promise<void> {
  return writeFileAtomic(file, text, { keepMode: true, mode: 0o644 });
}

/**
 * VS Code's PortAutoForwardAction.Ignore. The port attributes API (workspace.registerPortAttributesProvider)
 * is still a proposed API in VS Code 1.100 (the "portsAttributes" proposal), so @types/vscode has no
 * type for it and an extension without the proposal gets an error when it calls it.
 */
const AUTO_FORWARD_IGNORE = 5;

interface PortAttributesProvider {
  providePortAttributes(attributes: { port: number; pid?: number; commandLine?: string }, token: vscode.CancellationToken): { autoForwardAction: number } | undefined;
}

type RegisterPortAttributes = (selector: { portRange?: [number, number] }, provider: PortAttributesProvider) => vscode.Disposable;

/** Where the window keeps its channel's port and token, so terminals that survive a reload stay guarded. */
const CHANNEL_STATE_KEY = 'blastRadius.gate.channel';

interface SavedChannel {
  port?: number;
  token?: string;
}

class TerminalGate implements vscode.Disposable {
  private readonly token: string;
  /** This window's signing key for agent hooks' answers (core/gate/hook-editor.ts): in memory only. */
  private readonly signingKey: KeyObject;
  private readonly publicKey: string;
  /** This window's entry in the per-user list of editor windows, once written. */
  private registryFile: string | undefined;
  private hookAsks = 0;
  /**
   * Answers to hook calls by call identity: VS Code runs every hook file registered for the event,
   * so one tool call can ask twice (our project hook for VS Code and for Copilot CLI, both in
   * .github/hooks/); the second gets the first's answer instead of a second dialog.
   */
  private readonly hookAnswers = new RecentHookAnswers<ConfirmOutcome>(HOOK_ANSWER_REUSE_MS);
  private readonly savedPort: number | undefined;
  private readonly channel: GateChannel;
  private readonly queue: ConfirmQueue<Pending>;
  /** Terminals opened after the gate set their environment. */
  private readonly guarded = new WeakSet<vscode.Terminal>();
  /** Notes of warn-level commands let run, at most one on screen. */
  private readonly notes: NotificationLimiter<void>;
  private readonly testMode: boolean;
  private testAnswer: TestAnswer | undefined;
  private readonly toldShells = new Set<string>();
  private paths: GatePaths | undefined;
  private port: number | undefined;
  private programs: string[] = [];
  private installedAt = 0;
  private hookShells: HookShell[] = [];
  private dialogsShown = 0;
  private lastDialog: ConfirmDialog | undefined;
  /** What the last answer given after the request had ended was told. */
  private lastLateNotice: string | undefined;
  /** What the last Always allow was confirmed with. */
  private lastAllowNotice: string | undefined;
  /** How each command refused lately was refused, so that the cool-down says it as it was. */
  private readonly refusedAs = new Map<string, PreviousRefusal>();
  /** Keeps the gate's loopback port out of port forwarding: only our port, never forwarded or announced. */
  readonly portAttributes: PortAttributesProvider = {
    providePortAttributes: ({ port }) => (port === this.port ? { autoForwardAction: AUTO_FORWARD_IGNORE } : undefined),
  };
  /** Whether VS Code took the port attributes provider: 'registered', or why not. */
  private portAttributesState = 'not yet';
  private disposed = false;
  running = false;
  /** Running, but the channel does not listen yet or the shims are still being written. */
  private starting = false;
  /** Why the gate is not running, for the tooltip. */
  private offReason: string | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** The gate started, began listening or stopped: what the tooltip says changed. */
  readonly onDidChange = this.changed.event;
  /** Resolves when the channel listens and the scripts are written (or starting failed). */
  ready: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: State,
    private readonly commands: TerminalCommands,
    private readonly options: GateOptions = {},
  ) {
    const host: LimiterHost = { showWarning: (text, ...buttons) => vscode.window.showWarningMessage(text, ...buttons), guard: (what, f) => state.guard(what, f) };
    this.notes = new NotificationLimiter<void>(host, 'confirm gate note', (missed) => ({
      text: `Blast Radius: ${missed.length} more command${missed.length === 1 ? '' : 's'} with warnings ran; see Recent Events.`,
    }));
    this.testMode = state.context.extensionMode === vscode.ExtensionMode.Test;
    // The same port and token after a reload: the environment collection then does not change, so
    // terminals that survived the reload are not marked stale and keep asking this window.
    const saved = state.context.workspaceState.get<SavedChannel>(CHANNEL_STATE_KEY);
    const pair = generateKeyPairSync('ed25519');
    this.signingKey = pair.privateKey;
    this.publicKey = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    this.token = typeof saved?.token === 'string' && /^[0-9a-f]{64}$/.test(saved.token) ? saved.token : newGateToken();
    this.savedPort = typeof saved?.port === 'number' && Number.isInteger(saved.port) && saved.port > 1024 && saved.port < 65536 ? saved.port : undefined;
    const fromEnv = this.testMode ? process.env[TEST_ANSWER_ENV] : undefined;
    if (fromEnv && TEST_ANSWERS.includes(fromEnv)) this.testAnswer = fromEnv as TestAnswer;
    this.channel = new GateChannel({
      token: this.token,
      decide: (req, ctx) => this.decide(req, ctx),
      log: (level, message) => state.log[level](message),
    });
    this.queue = new ConfirmQueue<Pending>({
      ask: (p) => this.ask(p),
      timeoutMs: () => this.timeoutSeconds() * 1000,
      maxPending: MAX_PENDING_DIALOGS,
      cooldownMs: COOLDOWN_MS,
    });
  }

  private timeoutSeconds(): number {
    return this.state.config.settings.gateTimeoutSeconds;
  }

  /** Says what the gate is doing now (the status bar listens). */
  private phase(running: boolean, starting: boolean, offReason?: string): void {
    this.running = running;
    this.starting = running && starting;
    this.offReason = running ? undefined : offReason;
    this.changed.fire();
  }

  start(): void {
    const { state } = this;
    const context = state.context;
    state.own(
      this.changed,
      vscode.window.onDidOpenTerminal(state.guard('confirm gate: terminal opened', (t: vscode.Terminal) => this.opened(t))),
      this.commands.attachGate({ guards: (t) => this.running && this.guarded.has(t) }),
    );
    if (this.options.commands !== false) {
      this.registerHookCommands();
      if (this.testMode) this.registerTestCommand();
    }

    if (process.platform === 'win32') {
      state.log.info('confirm gate: not available on Windows yet; terminal commands are reported after they start');
      this.phase(false, false, 'not available on Windows yet');
      return;
    }
    if (context.globalStorageUri.scheme !== 'file') {
      state.log.info('confirm gate: global storage is not on a local disk; terminal commands are reported after they start');
      this.phase(false, false, "the extension's storage is not on a local disk");
      return;
    }
    const storage = context.globalStorageUri.fsPath;
    const binDir = path.join(storage, 'bin');
    const gateDir = path.join(storage, 'gate');

    const env = context.environmentVariableCollection;
    const options: vscode.EnvironmentVariableMutatorOptions = { applyAtProcessCreation: true, applyAtShellIntegration: true };
    env.replace(GATE_ENV.dir, gateDir, options);
    // Agent hooks learn the window's public key from their environment: VS Code runs its agents'
    // hooks (and other extensions their agents) from this extension host, and terminals get it too.
    process.env[EDITOR_KEY_ENV] = this.publicKey;
    env.replace(EDITOR_KEY_ENV, this.publicKey, options);
    // The launcher puts this folder first on PATH; should it not have, the gate does.
    const pathMutator = env.get('PATH');
    if (!pathMutator || !pathMutator.value.split(path.delimiter).includes(binDir)) env.prepend('PATH', `${binDir}${path.delimiter}`, options);
    const described = env.description;
    const more = ' It also routes risky terminal commands through the Blast Radius confirm gate (BLAST_RADIUS_GATE*).';
    const text = typeof described === 'string' ? described : described?.value;
    if (!text?.includes('confirm gate')) env.description = new vscode.MarkdownString(`${text ?? ''}${more}`.trim());

    this.phase(true, true);
    const existing = vscode.window.terminals.length;
    if (existing > 0) void vscode.window.showInformationMessage(existingTerminalsNotice(existing));

    this.ready = this.listenAndInstall(binDir, gateDir).catch((e: unknown) => {
      state.log.error(`confirm gate could not start: ${errorText(e)}`);
      if (!this.disposed) this.phase(false, false, 'it could not start; see the log');
    });
  }

  private async listenAndInstall(binDir: string, gateDir: string): Promise<void> {
    const { state } = this;
    const env = state.context.environmentVariableCollection;
    const options: vscode.EnvironmentVariableMutatorOptions = { applyAtProcessCreation: true, applyAtShellIntegration: true };
    const started = performance.now();
    let port: number;
    try {
      port = await this.channel.listen(this.savedPort ?? 0);
    } catch {
      port = await this.channel.listen(0);
    }
    if (this.disposed) return;
    this.port = port;
    this.keepPortLocal(port);
    await state.context.workspaceState.update(CHANNEL_STATE_KEY, { port, token: this.token } satisfies SavedChannel);
    env.replace(GATE_ENV.port, String(port), options);
    env.replace(GATE_ENV.token, this.token, options);
    await this.writeRegistry();
    state.own(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.writeRegistry()));

    const folders = pathFolders(process.env.PATH, [binDir]);
    const bash = await findBash(folders);
    if (!bash) {
      this.phase(false, false, 'no bash found');
      state.log.warn('confirm gate: no bash found; the command shims are not installed and terminal commands are reported after they start');
      return;
    }
    this.paths = { binDir, gateDir, bash };
    const result = await this.install();
    this.hookShells = await this.readHookShells();
    if (this.disposed) return;
    this.phase(true, false);
    state.log.info(
      `confirm gate listening on 127.0.0.1:${port}; ${result.programs.length} shims in ${binDir} (${result.written} written${result.removed.length ? `, removed ${result.removed.join(', ')}` : ''}); ` +
        `shell hook ${this.hookShells.length ? `on for ${this.hookShells.join(', ')}` : 'off'}; ready in ${Math.round(performance.now() - started)} ms`,
    );
  }

  /**
   * The channel is for the shims in this machine's terminals: in a remote window (Codespaces,
   * Remote-SSH, code-server) VS Code would otherwise auto-forward it and list it in the Ports view.
   */
  private keepPortLocal(port: number): void {
    const register = (vscode.workspace as unknown as { registerPortAttributesProvider?: RegisterPortAttributes }).registerPortAttributesProvider;
    if (typeof register !== 'function') {
      this.portAttributesState = 'not in this version of VS Code';
    } else {
      try {
        // The range's end is exclusive.
        this.state.own(register.call(vscode.workspace, { portRange: [port, port + 1] }, this.portAttributes));
        this.portAttributesState = 'registered';
        return;
      } catch (e) {
        // VS Code 1.100 keeps the API behind the "portsAttributes" proposal.
        this.portAttributesState = `refused: ${errorText(e)}`;
      }
    }
    this.state.log.info(
      `confirm gate: VS Code does not let this extension keep 127.0.0.1:${port} out of port forwarding (the port attributes API is proposed in this version); ` +
        `in a remote window, "remote.portsAttributes": { "${port}": { "onAutoForward": "ignore" } } in your settings keeps it local`,
    );
  }

  /** Writes the gate's files for the programs installed now (shims are only ever added, see installGate). */
  private async install(): Promise<InstallResult> {
    const paths = this.paths!;
    const result = await installGate({ index: triggerIndex(), paths, searchFolders: pathFolders(process.env.PATH, [paths.binDir]) });
    this.programs = result.programs;
    this.installedAt = Date.now();
    return result;
  }

  /** A program installed since the last look gets its shim when the next terminal opens. */
  private refreshShims(): void {
    if (!this.paths || this.disposed || Date.now() - this.installedAt < RESCAN_MS) return;
    this.installedAt = Date.now();
    this.install().then(
      (r) => {
        if (r.written) this.state.log.info(`confirm gate: refreshed the shims (${r.written} written, ${r.programs.length} programs)`);
      },
      (e: unknown) => this.state.log.warn(`confirm gate: could not refresh the shims: ${errorText(e)}`),
    );
  }

  /** A terminal opened after the gate started: guarded while the gate runs; said once per kind when it cannot be fully guarded. */
  private opened(terminal: vscode.Terminal): void {
    if (this.running) {
      this.guarded.add(terminal);
      this.refreshShims();
    }
    const guard = this.guardOf(terminal);
    if (guard.level === 'guarded') return;
    this.state.log.info(`confirm gate: terminal "${terminal.name}" is ${guard.level === 'unguarded' ? 'unguarded' : 'partly guarded'}: ${guard.note}`);
    const kind = `${guard.level}:${shellNameOf(terminal)}`;
    if (this.toldShells.has(kind)) return;
    this.toldShells.add(kind);
    void vscode.window.showInformationMessage(`Blast Radius: terminal "${terminal.name}" is ${guard.level === 'unguarded' ? 'not guarded' : 'only partly guarded'} by the confirm gate: ${guard.note}.`);
  }

  guardOf(terminal: vscode.Terminal): TerminalGuard {
    const shell = shellNameOf(terminal);
    return terminalGuard({
      shell,
      platform: process.platform,
      openedBeforeGate: !this.guarded.has(terminal),
      gateRunning: this.running,
      hookEnabled: (this.hookShells as string[]).includes(shell),
    });
  }

  status(): { running: boolean; starting: boolean; programs: number } {
    return { running: this.running, starting: this.starting, programs: this.programs.length };
  }

  tooltipLines(): string[] {
    const terminals = vscode.window.terminals.map((t) => ({ name: t.name, guard: this.guardOf(t) }));
    const lines = gateTooltipLines({ running: this.running, starting: this.starting, offReason: this.offReason, programs: this.programs.length, port: this.port, hookShells: this.hookShells }, terminals);
    // Agent hooks started from this window ask it (core/gate/hook-editor.ts).
    if (this.running && this.registryFile) lines.push(`Agent hooks: gate-level calls of agents started in this window wait for this dialog${this.hookAsks ? ` (${this.hookAsks} so far)` : ''}`);
    return lines;
  }

  /** Where a request comes from, in words, from the terminal whose shell is among its ancestors. */
  private originOf(req: GateRequest, { terminal, depth = -1 }: AskPlace<vscode.Terminal>): string {
    const program = req.line.split(/\s/, 1)[0] || 'a command';
    if (req.kind !== 'shim') return terminal ? `typed in terminal "${terminal.name}"` : 'typed in a terminal';
    if (!terminal) return `"${program}" run outside the editor's terminals`;
    // ask.bash, then the shim, then whoever ran the program: the shell itself, or a script.
    return depth <= 2 ? `"${program}" run in terminal "${terminal.name}"` : `"${program}" run by a script or program in terminal "${terminal.name}"`;
  }

  /** Lists this window where agent hooks look for the window that has their folder open. */
  private async writeRegistry(): Promise<void> {
    if (this.disposed || this.port === undefined) return;
    const cache = cacheDir({ env: process.env, home: os.homedir(), platform: process.platform });
    if (!cache) return;
    try {
      const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
      this.registryFile = await writeEditorWindow(editorRegistryDir(cache), {
        v: EDITOR_ASK_VERSION,
        pid: process.pid,
        port: this.port,
        requestKey: this.token.slice(0, 32),
        key: this.publicKey,
        folders,
      });
    } catch (e) {
      this.state.log.warn(`confirm gate: agent hooks cannot find this window (${errorText(e)}); their gate-level calls are judged by the CLI`);
    }
  }

  /**
   * An agent's pre-tool hook asks (core/gate/hook-editor.ts): the same dialog as for a terminal
   * command, before the tool runs, answered with this window's signature over the request's nonce,
   * the digest of the tool input as sent and the verdict. What the dialog shows is read from that
   * input here, not taken from the request's words.
   */
  private async decideHook(req: GateRequest, dctx: DecideContext): Promise<GateAnswer> {
    const ask = parseEditorAsk(req.line);
    if (!ask) return { verdict: 'deny', reason: 'not run: an unreadable request from an agent hook' };
    const inputSha = createHash('sha256').update(ask.payload, 'utf8').digest('hex');
    const signed = (a: GateAnswer): GateAnswer => ({ ...a, signature: sign(null, Buffer.from(signedText(ask.nonce, inputSha, a.verdict === 'confirmed' ? 'confirmed' : 'deny'), 'utf8'), this.signingKey).toString('base64') });
    this.hookAsks++;
    const agent = isHookAgent(ask.agent) ? ask.agent : 'claude-code';
    const parsed = parsePayload(agent, ask.payload);
    const call: ToolCall | undefined = parsed.ok ? parsed.call : undefined;
    const who = ask.dialect === 'vscode' || parsed.dialect === 'vscode' ? "VS Code's agent" : HOOK_AGENT_NAMES[agent];
    const tool = call ? ` (${call.tool})` : '';
    const cwd = path.isAbsolute(ask.cwd) ? ask.cwd : undefined;
    const ctx = commandContext(cwd);
    let result: CommandResult;
    let question: string | undefined;
    let notAllowable: string | undefined;
    // Without the shell grammar (it failed to load) the dialog shows what the CLI found.
    if (call?.kind === 'shell' && (await this.commands.waitForGrammar())) {
      // The command is judged here, as a terminal's would be: the dialog is the terminal gate's.
      const judged = judgeLine(call.command, { ctx: { ...ctx, shell: call.shell }, policy: this.state.config.policy() });
      result = judged.findings.length ? { ...judged, decision: 'gate' } : hookResult(call.command, ask);
    } else if (call?.kind === 'shell') {
      result = hookResult(call.command, ask);
    } else if (call?.kind === 'cells') {
      result = hookResult(describeCall(call, ask), ask);
      question = 'let the agent run this notebook cell?';
      notAllowable = "An agent's notebook cell can be allowed once, never for good.";
    } else {
      result = hookResult(describeCall(call, ask), ask);
      question = 'let the agent make this change?';
      notAllowable = "An agent's file change can be allowed once, never for good.";
    }
    const timeoutSeconds = Math.min(this.timeoutSeconds(), Math.max(1, Math.floor((ask.deadline - Date.now()) / 1000)));
    const origin = `asked by ${who}${tool}`;
    const identity = hookCallIdentity(ask.payload);
    const callKey = identity === undefined ? undefined : createHash('sha256').update(identity, 'utf8').digest('hex');
    let untilTimer: ReturnType<typeof setTimeout> | undefined;
    const until = new Promise<ConfirmOutcome>((r) => (untilTimer = setTimeout(() => r('timeout'), Math.max(0, ask.deadline - Date.now()))));
    if (callKey && this.hookAnswers.get(callKey)) dctx.waiting();
    // Another hook of this very call asked already: its answer is this one's, without a second
    // dialog or event; a call that hook gave up on unanswered ('abandoned') is asked here, as if alone.
    const { answer: outcome, shared } = await this.hookAnswers
      .once(callKey, () => this.hookDialog({ req, dctx, ask, result, call, ctx, cwd, who, tool, origin, timeoutSeconds, question, notAllowable }), (o) => o !== 'abandoned', until)
      .finally(() => clearTimeout(untilTimer));
    if (shared) this.state.log.info(`confirm gate: ${outcomeWords(result.command, outcome)} (${origin}; the same call was asked by another hook and answered once)`);
    return signed(answerForOutcome(result, outcome, timeoutSeconds));
  }

  /** The dialog for one hook call, held until a person answers or the agent stops waiting. */
  private async hookDialog(a: {
    req: GateRequest;
    dctx: DecideContext;
    ask: EditorAsk;
    result: CommandResult;
    call: ToolCall | undefined;
    ctx: CommandContext;
    cwd: string | undefined;
    who: string;
    tool: string;
    origin: string;
    timeoutSeconds: number;
    question: string | undefined;
    notAllowable: string | undefined;
  }): Promise<ConfirmOutcome> {
    const { req, dctx, ask, result, call, ctx, cwd, who, tool, origin, timeoutSeconds, question, notAllowable } = a;
    const pending = pendingRequest({ req, result, cwd, workspace: ctx.workspaceRoot, origin, timeoutSeconds, question, notAllowable });
    const event = this.state.commandEvent(result, { command: result.command, cwd, decision: 'gate', attribution: `held by the confirm gate: ${origin}`, status: 'open' });
    this.state.log.warn(`confirm gate: holding ${result.findings[0]?.ruleId ?? ''} for ${who}${tool}: ${redactSecrets(shortCommand(result.command, 120)).text}`);
    // The agent stops waiting at its deadline: the request ends then, whatever the dialog does.
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    dctx.signal.addEventListener('abort', onAbort);
    const timer = setTimeout(onAbort, Math.max(0, ask.deadline - Date.now()));
    const key = `hook\u0000${cwd ?? ''}\u0000${result.command}`;
    if (this.queue.accepts(key)) dctx.waiting();
    let outcome: ConfirmOutcome;
    try {
      outcome = await this.queue.request(key, pending, stop.signal);
    } finally {
      clearTimeout(timer);
      dctx.signal.removeEventListener('abort', onAbort);
    }
    if (outcome === 'abandoned' && Date.now() >= ask.deadline) outcome = 'timeout';
    if (outcome === 'always-allow' && !(call?.kind === 'shell' && (await this.allowForGood(result, ctx.workspaceRoot)))) outcome = 'run-once';
    pending.settle(outcome);
    recordOutcome(this.state, event, result, outcome, `${origin}${cwd ? ` in ${cwd}` : ''}`);
    this.state.log.info(`confirm gate: ${outcomeWords(result.command, outcome)} (${origin})`);
    return outcome;
  }

  private async decide(req: GateRequest, dctx: DecideContext): Promise<GateAnswer | 'unknown'> {
    if (this.disposed) return 'unknown';
    if (req.kind === 'hook') return this.decideHook(req, dctx);
    const shell = req.kind === 'zsh' ? ('zsh' as const) : ('bash' as const);
    // With the line: a line that needs the PowerShell grammar (`pwsh -c …`, PowerShell sent as bash) loads it too.
    if (!(await this.commands.waitForGrammar(undefined, req.line, shell))) {
      this.state.log.warn('confirm gate: the shell grammar has not loaded; the terminal was told to ask the CLI');
      return 'unknown';
    }
    const cwd = req.cwd || undefined;
    const ctx = { ...commandContext(cwd), shell };
    const policy = this.state.config.policy();
    // A patch in the line is judged as the edits it would make, before they are made.
    const judged = judgeLine(req.line, { ctx, policy });
    // Agents stopped by the user: whatever has a finding waits for a person (src/core/stop.ts).
    const result = this.state.stop.active ? { ...judged, decision: stoppedCommandDecision(judged) } : judged;
    const immediate = immediateAnswer(result);
    if (immediate && result.decision === 'allow') return immediate;
    const ancestors = processAncestors(req.pid);
    const place = this.commands.placeOf(ancestors);
    const origin = `${this.originOf(req, place)}${this.state.stop.active ? '; agents are stopped by you' : ''}`;
    // The command this request belongs to learns of it now: a gate-level one is held from here on.
    const command = this.commands.asked(req, ancestors, result.decision, place);
    const ask = command.asks[command.asks.length - 1];
    if (immediate) {
      this.recordWarn(result, cwd, origin, command, ask);
      return immediate;
    }
    return this.confirm(pendingRequest({ req, result, cwd, workspace: ctx.workspaceRoot, origin }), ask, dctx);
  }

  private recordWarn(result: CommandResult, cwd: string | undefined, origin: string, command: TerminalCommand, ask: GateAsk): void {
    const audit = `confirm gate: warn, run; ${origin}${cwd ? ` in ${cwd}` : ''}`;
    // Terminal watching recorded the line as typed already, with these findings: that is this command's event.
    const recorded = ask.direct ? lineEventOf(this.state, command, result) : undefined;
    if (recorded) {
      this.state.audit.record({ kind: 'command', eventId: recorded.id, command: result.command, score: result.score, severity: result.severity, decision: 'warn', ruleIds: result.findings.map((f) => f.ruleId), status: recorded.status, detail: audit });
    } else {
      const event = this.state.commandEvent(result, { command: result.command, cwd, decision: 'warn', attribution: `checked by the confirm gate: ${origin}`, status: 'ran', audit });
      if (ask.direct) command.eventId ??= event.id;
      ask.eventId = event.id;
    }
    this.notes.show({ text: warnNotificationText(result, origin) }, undefined);
  }

  private async confirm(pending: Pending, ask: GateAsk, dctx: DecideContext): Promise<GateAnswer> {
    const { state } = this;
    const { result, cwd, origin } = pending;
    const event = state.commandEvent(result, { command: result.command, cwd, decision: 'gate', attribution: `held by the confirm gate: ${origin}`, status: 'open' });
    ask.eventId = event.id;
    const top = result.findings[0];
    state.log.warn(`confirm gate: holding ${top?.ruleId ?? ''} ${result.score}: ${redactSecrets(shortCommand(result.command, 120)).text} (${origin})`);
    const key = `${cwd ?? ''}\u0000${result.command}`;
    if (this.queue.accepts(key)) dctx.waiting();
    let outcome = await this.queue.request(key, pending, dctx.signal);
    pending.settle(outcome);
    const previous = outcome === 'cooldown' ? this.refusedAs.get(key) : undefined;
    if (outcome === 'dont-run' || outcome === 'dismissed' || outcome === 'timeout') this.rememberRefusal(key, outcome);
    if (outcome === 'always-allow' && !(await this.allowForGood(result, pending.workspace))) outcome = 'run-once';
    const ran = outcome === 'run-once' || outcome === 'always-allow';
    if (ran) state.confirmations.add(result.command, cwd);
    if (state.stop.active) state.stop.noteCommand(result.command, ran);
    ask.outcome = outcome;
    recordOutcome(state, event, result, outcome, `${origin}${cwd ? ` in ${cwd}` : ''}`, previous);
    state.log.info(`confirm gate: ${outcomeWords(result.command, outcome, previous)}`);
    return answerForOutcome(result, outcome, this.timeoutSeconds(), previous);
  }

  private rememberRefusal(key: string, outcome: PreviousRefusal): void {
    this.refusedAs.delete(key);
    this.refusedAs.set(key, outcome);
    // Only the last few matter: the cool-down lasts seconds.
    while (this.refusedAs.size > 256) this.refusedAs.delete(this.refusedAs.keys().next().value!);
  }

  /** Shows the modal (or, in a test build with an answer set, pretends to). */
  private async ask(p: Pending): Promise<ConfirmChoice | undefined> {
    const seconds = p.timeoutSeconds ?? this.timeoutSeconds();
    const until = new Date(Date.now() + seconds * 1000).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const dialog = confirmDialog(p.result, { cwd: p.cwd, origin: p.origin, timeoutSeconds: seconds, until, workspace: p.workspace, question: p.question, notAllowable: p.notAllowable });
    this.dialogsShown++;
    this.lastDialog = dialog;
    let choice: ConfirmChoice | undefined;
    if (this.testMode && this.testAnswer !== undefined) {
      const answer = this.testAnswer;
      if (answer === 'none') return new Promise<undefined>(() => undefined);
      if (answer === 'late-run-once') {
        // A person who clicks Run once after the terminal was told "not run".
        await p.whenSettled;
        choice = 'run-once';
      } else choice = answer === 'escape' ? undefined : answer;
    } else {
      type Item = vscode.MessageItem & { choice: ConfirmChoice };
      const items: Item[] = dialog.buttons.map((b) => ({ title: b.title, isCloseAffordance: b.isCloseAffordance, choice: b.choice }));
      // VS Code cannot close a modal for us: after the timeout it stays until answered, and the
      // answer then changes nothing. Whoever gives it is told so, unless it was Don't run anyway.
      choice = (await vscode.window.showWarningMessage(dialog.message, { modal: true, detail: dialog.detail }, ...items))?.choice;
    }
    if (p.settled && choice && choice !== 'dont-run') this.tooLate(p);
    return choice;
  }

  /** An answer to a dialog whose command had already been refused (no answer in time). */
  private tooLate(p: Pending): void {
    const text = `Too late: "${shortCommand(p.result.command, 60)}" was not run; run it again to be asked again.`;
    this.lastLateNotice = text;
    this.state.log.info(`confirm gate: an answer came after the command was refused; it changed nothing: ${redactSecrets(shortCommand(p.result.command, 120)).text}`);
    void vscode.window.showWarningMessage(`Blast Radius: ${text}`);
  }

  /**
   * Adds a user-level allow entry for this exact command in this workspace, bound to what the
   * dialog showed: the environment the line acts in and, for a line that runs files (npm run
   * clean), the digest of those files (`chain`), so it stops applying once either changes. Never
   * for what the dialog did not offer it for (critical, production, `*`, no workspace): that is run
   * once. Then says what it added, with a way to manage the list.
   */
  private async allowForGood(result: CommandResult, workspace: string | undefined): Promise<boolean> {
    const refused = alwaysAllowRefusal(result, workspace);
    if (refused || !workspace) {
      this.state.log.info(`confirm gate: Always allow is not offered for this command (${refused ?? 'no workspace'}); it runs once: ${redactSecrets(shortCommand(result.command, 120)).text}`);
      return false;
    }
    const command = result.command;
    const env = environmentKey(result.findings);
    const chain = result.chain;
    try {
      const environment = env.key || undefined;
      await this.state.config.addAllowEntry({ command, workspace, ...(environment ? { environment } : {}), ...(chain ? { chain } : {}) });
      const scope = alwaysAllowScope(result, workspace);
      this.state.audit.record({ kind: 'setting', command, detail: `confirm gate: always allow ${redactSecrets(scope).text}` });
      const text = `Blast Radius: added to your allow-list: ${scope}.`;
      this.lastAllowNotice = text;
      const manage = 'Manage Allow-List';
      void vscode.window.showInformationMessage(text, manage).then((picked) => {
        if (picked === manage) void vscode.commands.executeCommand('blastRadius.listAllowEntries');
      });
      return true;
    } catch (e) {
      this.state.log.error(`confirm gate: could not add the allow entry (the command runs once): ${errorText(e)}`);
      return false;
    }
  }

  // --- the opt-in shell hook -----------------------------------------------------------------

  private rcTargets(home: string): { shell: HookShell; file: string }[] {
    const targets: { shell: HookShell; file: string }[] = [{ shell: 'bash', file: path.join(home, RC_FILES.bash) }];
    targets.push({ shell: 'zsh', file: path.join(home, RC_FILES.zsh) });
    return targets;
  }

  private async readHookShells(home = os.homedir()): Promise<HookShell[]> {
    const out: HookShell[] = [];
    for (const t of this.rcTargets(home)) {
      const text = await readText(t.file).catch(() => '');
      if (hasRcLine(text)) out.push(t.shell);
    }
    return out;
  }

  private registerHookCommands(): void {
    const { state } = this;
    const homeOf = (arg: unknown): string => {
      // Only a test build may point the commands at another home folder.
      const home = this.testMode && arg && typeof arg === 'object' ? (arg as { home?: unknown }).home : undefined;
      return typeof home === 'string' && path.isAbsolute(home) ? home : os.homedir();
    };
    const confirmed = (arg: unknown): boolean => this.testMode && !!arg && typeof arg === 'object' && (arg as { confirm?: unknown }).confirm === true;
    const zshPresent = async (home: string): Promise<boolean> => {
      if ((await readText(path.join(home, RC_FILES.zsh)).catch(() => '')) !== '') return true;
      for (const d of pathFolders(process.env.PATH)) {
        if (await stat(path.join(d, 'zsh')).then(() => true, () => false)) return true;
      }
      return false;
    };

    state.own(
      vscode.commands.registerCommand('blastRadius.enableShellHook', async (arg?: unknown): Promise<string[] | undefined> => {
        try {
          const home = homeOf(arg);
          const targets = [];
          for (const t of this.rcTargets(home)) if (t.shell === 'bash' || (await zshPresent(home))) targets.push(t);
          const detail = [
            'These lines will be added at the end of your shell startup files:',
            '',
            ...targets.flatMap((t) => [`${t.file}:`, rcLine(t.shell), '']),
            'They do nothing outside the terminals Blast Radius guards. There, each whole command line is checked before it runs, so commands run by an absolute path (/bin/rm) wait for your confirmation too.',
            'VS Code\'s shell integration keeps working. "Blast Radius: Disable Shell Hook" removes the lines.',
          ].join('\n');
          const action = 'Add the lines';
          if (!confirmed(arg)) {
            const choice = await vscode.window.showWarningMessage('Blast Radius: check whole command lines in your terminals?', { modal: true, detail }, action);
            if (choice !== action) return undefined;
          }
          const changed: string[] = [];
          for (const t of targets) {
            const before = await readText(t.file);
            const next = withRcLine(before, t.shell);
            if (!next.changed) continue;
            await replaceText(t.file, next.text);
            changed.push(t.file);
          }
          this.hookShells = await this.readHookShells(home);
          state.audit.record({ kind: 'setting', detail: `shell hook enabled in ${targets.map((t) => t.file).join(', ')}` });
          void vscode.window.showInformationMessage(
            changed.length ? `Blast Radius: added the shell hook to ${changed.join(' and ')}. Open a new terminal to use it.` : 'Blast Radius: the shell hook is already in your startup files.',
          );
          return targets.map((t) => t.file);
        } catch (e) {
          state.log.error(`enableShellHook failed: ${errorText(e)}`);
          void vscode.window.showErrorMessage('Blast Radius: could not add the shell hook; see the log (Blast Radius: Show Log).');
          return undefined;
        }
      }),
      vscode.commands.registerCommand('blastRadius.disableShellHook', async (arg?: unknown): Promise<string[] | undefined> => {
        try {
          const home = homeOf(arg);
          const changed: string[] = [];
          for (const t of this.rcTargets(home)) {
            const before = await readText(t.file);
            const next = withoutRcLine(before);
            if (!next.changed) continue;
            await replaceText(t.file, next.text);
            changed.push(t.file);
          }
          this.hookShells = await this.readHookShells(home);
          if (changed.length) state.audit.record({ kind: 'setting', detail: `shell hook removed from ${changed.join(', ')}` });
          void vscode.window.showInformationMessage(
            changed.length ? `Blast Radius: removed the shell hook from ${changed.join(' and ')}. Terminals opened from now on check only the programs the rules name.` : 'Blast Radius: the shell hook was not in your startup files.',
          );
          return changed;
        } catch (e) {
          state.log.error(`disableShellHook failed: ${errorText(e)}`);
          void vscode.window.showErrorMessage('Blast Radius: could not remove the shell hook; see the log (Blast Radius: Show Log).');
          return undefined;
        }
      }),
    );
  }

  /** Test builds only: set the dialog's answer and read the gate's state. */
  private registerTestCommand(): void {
    this.state.own(
      vscode.commands.registerCommand('_blastRadius.gateTest', async (arg?: { modalAnswer?: string | null }) => {
        if (arg && 'modalAnswer' in arg) {
          const a = arg.modalAnswer;
          this.testAnswer = typeof a === 'string' && TEST_ANSWERS.includes(a) ? (a as TestAnswer) : undefined;
        }
        await this.ready;
        return {
          running: this.running,
          port: this.port,
          binDir: this.paths?.binDir,
          gateDir: this.paths?.gateDir,
          programs: this.programs,
          dialogsShown: this.dialogsShown,
          pendingDialogs: this.queue.pending,
          lastDialog: this.lastDialog,
          lastLateNotice: this.lastLateNotice,
          hookAsks: this.hookAsks,
          editorKey: this.publicKey,
          registryFile: this.registryFile,
          lastAllowNotice: this.lastAllowNotice,
          buttons: BUTTON_TITLES,
          modalAnswer: this.testAnswer,
          tooltip: this.tooltipLines(),
          portAttributes: {
            state: this.portAttributesState,
            forGatePort: this.port === undefined ? undefined : this.portAttributes.providePortAttributes({ port: this.port }, new vscode.CancellationTokenSource().token),
            forOtherPort: this.portAttributes.providePortAttributes({ port: this.port === 8080 ? 8081 : 8080 }, new vscode.CancellationTokenSource().token),
          },
        };
      }),
    );
  }

  dispose(): void {
    this.disposed = true;
    this.running = false;
    this.starting = false;
    this.queue.dispose();
    if (this.registryFile) removeEditorWindow(this.registryFile);
    if (process.env[EDITOR_KEY_ENV] === this.publicKey) delete process.env[EDITOR_KEY_ENV];
    void this.channel.close();
  }
}

export interface GateOptions {
  /** Register the gate's commands (Enable/Disable Shell Hook, the test hook); false for a second gate in tests. */
  commands?: boolean;
}

/** What the rest of the extension sees of the gate: what the tooltip says, and when that changes. */
export interface GateView {
  tooltipLines(): string[];
  /** What the gate is doing now, for the welcome view: running (listening or starting) and for how many programs. */
  status(): { running: boolean; starting: boolean; programs: number };
  readonly onDidChange: vscode.Event<void>;
  /** Resolves when the gate listens with its shims written (or starting failed). */
  readonly ready: Promise<void>;
}

export function registerTerminalGate(state: State, commands: TerminalCommands, options: GateOptions = {}): GateView {
  const gate = new TerminalGate(state, commands, options);
  state.own(gate);
  gate.start();
  return { tooltipLines: () => gate.tooltipLines(), status: () => gate.status(), onDidChange: gate.onDidChange, get ready() { return gate.ready; } };
}

/** The tooltip's lines when there is no gate at all (terminal watching could not start). */
export function noGateTooltip(): string[] {
  return gateTooltipLines({ running: false, offReason: 'terminal watching could not start', programs: 0, hookShells: [] }, []);
}

/** What a file tool would change, in the dialog's first line. */
function describeCall(call: ToolCall | undefined, ask: EditorAsk): string {
  if (!call) return `a ${ask.agent} tool call Blast Radius could not read`;
  switch (call.kind) {
    case 'write':
      return `${call.tool}: write ${call.path}`;
    case 'edit':
    case 'replace':
      return `${call.tool}: edit ${call.path}`;
    case 'insert':
      return `${call.tool}: insert into ${call.path}`;
    case 'multi':
      return `${call.tool}: edit ${[...new Set(call.calls.map((c) => c.path))].join(', ')}`;
    case 'cells':
      return `${call.tool}: run cell ${call.cellId} of ${call.path}`;
    case 'patch': {
      const files = [...call.patch.matchAll(/^\*\*\* (?:Add|Update|Delete) File: (.+)$/gm)].map((m) => m[1].trim());
      return `${call.tool}: ${files.length ? files.join(', ') : 'a patch'}`;
    }
    default:
      return `${call.tool}`;
  }
}

const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/** A result for the dialog from the CLI's findings (a file change, or a command this window would not hold). */
function hookResult(command: string, ask: EditorAsk): CommandResult {
  const findings: CommandFinding[] = ask.findings.map((f) => {
    const severity = (SEVERITIES as readonly string[]).includes(f.severity) ? (f.severity as Severity) : 'medium';
    // A hook of an older version sends no score: its severity's, never a "score 0" that reads as harmless.
    return {
      ruleId: f.ruleId,
      severity,
      score: f.score ?? scoreOf(severity),
      decision: 'gate',
      message: f.where ? `${f.where}: ${f.message}` : f.message,
      alternative: f.alternative,
      span: { start: 0, end: 0 },
    } as unknown as CommandFinding;
  });
  const score = Math.max(0, ...findings.map((f) => f.score));
  return { command, score, severity: findings[0]?.severity ?? 'medium', decision: 'gate', findings } as unknown as CommandResult;
}
