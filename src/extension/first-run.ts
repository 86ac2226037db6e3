/**
 * What a new user meets first: the Recent Events view's empty state (package.json viewsWelcome),
 * which says what is protected right now through context keys this module keeps true, and "Try It
 * Safely", which shows the confirm gate on a demo folder of its own (a small git repository with
 * an uncommitted edit), never on the user's files.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { protectedAgents, onDidChangeAgentsSummary } from './agent-hooks';
import type { GateView } from './terminal-gate';
import { errorText, type State } from './state';

/** The context keys the welcome entries of package.json read. */
export const WELCOME_KEYS = {
  /** 'on' | 'starting' | 'off': the confirm gate. */
  gate: 'blastRadius.gate',
  /** Whether gate-level edits and deletions are held (blastRadius.gate.holdChanges). */
  holdChanges: 'blastRadius.holdChanges',
  /** Whether protection is paused. */
  paused: 'blastRadius.paused',
  /** Whether any agent's hook is installed. */
  agentsProtected: 'blastRadius.agentsProtected',
  /** Per agent: `blastRadius.agent.<id>` (claude-code, codex, gemini-cli, copilot-cli, cursor). */
  agentPrefix: 'blastRadius.agent.',
} as const;

/** The demo's terminal, named so a person knows what it is for. */
export const DEMO_TERMINAL = 'Blast Radius: try it safely';
/**
 * What the demo types (and the person runs with Enter): it would discard the demo's uncommitted
 * edit, which git has no copy of. A rule about git, not about where the folder is, so the gate asks
 * wherever the extension keeps its storage (a temp folder in a test, or a sandbox).
 */
export const DEMO_LINE = 'git reset --hard';
/** Without git, the demo deletes its folder instead (the gate asks when the storage is not a temp folder). */
export const DEMO_LINE_WITHOUT_GIT = 'rm -rf src';

const APP_COMMITTED = "// The demo's app, as committed.\nexports.hello = () => 'hello';\n";
const APP_EDITED = "// The demo's app, with an edit not committed yet: git reset --hard would discard it.\nexports.hello = () => 'hello, world';\n";

function demoReadme(line: string): string {
  return [
    '# Blast Radius demo',
    '',
    'A folder of its own for "Blast Radius: Try It Safely". Nothing here is yours: losing it loses nothing.',
    '',
    `In the terminal "${DEMO_TERMINAL}", press Enter to run \`${line}\`. The confirm gate asks before it runs.`,
    `Don't run (the default) keeps everything here; Run once ${line === DEMO_LINE ? "discards the demo's uncommitted edit to src/app.js" : "deletes the demo's src/"} and nothing else.`,
    '',
  ].join('\n');
}

function git(cwd: string, ...args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('git', ['-c', 'user.name=Blast Radius demo', '-c', 'user.email=demo@blast-radius.invalid', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], { cwd, timeout: 10_000, windowsHide: true }, (err: Error | null) => (err ? reject(err) : resolve())),
  );
}

/** Writes the demo afresh: a git repository with one commit and an edit after it. The line to type, or undefined without git. */
async function writeDemo(folder: string): Promise<string> {
  await rm(folder, { recursive: true, force: true });
  await mkdir(path.join(folder, 'src'), { recursive: true });
  await writeFile(path.join(folder, 'src', 'app.js'), APP_COMMITTED);
  await writeFile(path.join(folder, 'src', 'notes.md'), '# Notes\n\nWork that exists nowhere else is what a careless command loses. Here it is only a demo.\n');
  try {
    await git(folder, 'init', '-q');
    await git(folder, 'add', '-A');
    await git(folder, 'commit', '-q', '-m', 'The demo as it was');
    await writeFile(path.join(folder, 'src', 'app.js'), APP_EDITED);
    await writeFile(path.join(folder, 'README.md'), demoReadme(DEMO_LINE));
    return DEMO_LINE;
  } catch {
    await rm(path.join(folder, '.git'), { recursive: true, force: true });
    await writeFile(path.join(folder, 'README.md'), demoReadme(DEMO_LINE_WITHOUT_GIT));
    return DEMO_LINE_WITHOUT_GIT;
  }
}

export interface WelcomeState {
  gate: 'on' | 'starting' | 'off';
  programs: number;
  holdChanges: boolean;
  paused: boolean;
  agents: readonly string[];
}

export interface FirstRunView {
  /** The facts the welcome view shows, as set in the context keys. */
  welcome(): WelcomeState;
}

export function registerFirstRun(state: State, gate: GateView | undefined): FirstRunView {
  let last: WelcomeState | undefined;
  const current = (): WelcomeState => {
    const g = gate?.status();
    return {
      gate: !g?.running ? 'off' : g.starting ? 'starting' : 'on',
      programs: g?.programs ?? 0,
      holdChanges: state.config.settings.holdChanges,
      paused: state.config.paused,
      agents: protectedAgents(),
    };
  };
  const update = (): void => {
    const now = current();
    const set = (key: string, value: unknown): void => void vscode.commands.executeCommand('setContext', key, value);
    if (now.gate !== last?.gate) set(WELCOME_KEYS.gate, now.gate);
    if (now.holdChanges !== last?.holdChanges) set(WELCOME_KEYS.holdChanges, now.holdChanges);
    if (now.paused !== last?.paused) set(WELCOME_KEYS.paused, now.paused);
    if (now.agents.join() !== last?.agents.join()) {
      set(WELCOME_KEYS.agentsProtected, now.agents.length > 0);
      for (const id of new Set([...(last?.agents ?? []), ...now.agents])) set(`${WELCOME_KEYS.agentPrefix}${id}`, now.agents.includes(id));
    }
    last = now;
  };
  const guarded = state.guard('welcome view', update);
  state.own(state.config.onDidChange(guarded), onDidChangeAgentsSummary(guarded), ...(gate ? [gate.onDidChange(guarded)] : []));
  update();

  // Returns where the demo is (tests read it); a failure is logged and said, never thrown at the caller.
  state.own(
    vscode.commands.registerCommand('blastRadius.tryItSafely', () =>
      tryItSafely(state, gate).catch((e: unknown) => {
        state.log.error(`try it safely failed: ${errorText(e)}`);
        return undefined;
      }),
    ),
  );
  return { welcome: () => last ?? current() };
}

/**
 * Writes the demo folder afresh in the extension's storage, opens a terminal there and types the
 * deletion without running it: Enter is the person's. The gate then asks as it would for an agent.
 */
async function tryItSafely(state: State, gate: GateView | undefined): Promise<{ folder: string; terminal: string; line: string } | undefined> {
  const storage = state.context.globalStorageUri;
  if (storage.scheme !== 'file') {
    void vscode.window.showWarningMessage("Blast Radius: the demo needs the extension's storage on a local disk, and it is not here.");
    return undefined;
  }
  const folder = path.join(storage.fsPath, 'demo');
  let line: string;
  try {
    line = await writeDemo(folder);
  } catch (e) {
    state.log.error(`try it safely: could not write the demo folder ${folder}: ${errorText(e)}`);
    void vscode.window.showErrorMessage('Blast Radius: could not write the demo folder; see the log (Blast Radius: Show Log).');
    return undefined;
  }
  for (const t of vscode.window.terminals) if (t.name === DEMO_TERMINAL) t.dispose();
  const terminal = vscode.window.createTerminal({ name: DEMO_TERMINAL, cwd: folder });
  terminal.show();
  // Typed, not run: the person presses Enter.
  terminal.sendText(line, false);
  const running = gate?.status().running ?? false;
  state.log.info(`try it safely: demo folder ${folder}; typed "${line}" in terminal "${DEMO_TERMINAL}"`);
  const text = running
    ? `Blast Radius: press Enter in the terminal to run "${line}" in a demo folder of its own. The confirm gate asks first: Don't run keeps the demo as it is, Run once changes only the demo.`
    : `Blast Radius: the confirm gate is not running (the status bar tooltip says why), so "${line}" in the demo folder would run and be reported after it starts.`;
  void vscode.window.showInformationMessage(text);
  return { folder, terminal: DEMO_TERMINAL, line };
}
