/**
 * What a new user meets first: the Recent Events view's empty state (package.json viewsWelcome),
 * which says what is protected right now through context keys this module keeps true, and "Try It
 * Safely", which shows the confirm gate on a demo folder of its own, never on the user's files.
 */
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
/** What the demo types (and the person runs with Enter). */
export const DEMO_LINE = 'rm -rf src';

const DEMO_FILES: Readonly<Record<string, string>> = {
  'README.md': [
    '# Blast Radius demo',
    '',
    'A folder of its own for "Blast Radius: Try It Safely". Nothing here is yours: deleting it loses nothing.',
    '',
    `In the terminal "${DEMO_TERMINAL}", press Enter to run \`${DEMO_LINE}\`. The confirm gate asks before rm runs.`,
    "Don't run (the default) leaves src/ here; Run once deletes this demo's src/ and nothing else.",
    '',
  ].join('\n'),
  'src/app.js': "// The demo's app: delete it, nothing is lost.\nexports.hello = () => 'hello';\n",
  'src/notes.md': '# Notes\n\nWork that exists nowhere else would be lost by rm -rf. Here it is only a demo.\n',
  'src/config.json': '{ "demo": true }\n',
};

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

  state.own(vscode.commands.registerCommand('blastRadius.tryItSafely', state.guard('try it safely', () => tryItSafely(state, gate))));
  return { welcome: () => last ?? current() };
}

/**
 * Writes the demo folder afresh in the extension's storage, opens a terminal there and types the
 * deletion without running it: Enter is the person's. The gate then asks as it would for an agent.
 */
async function tryItSafely(state: State, gate: GateView | undefined): Promise<{ folder: string; terminal: string } | undefined> {
  const storage = state.context.globalStorageUri;
  if (storage.scheme !== 'file') {
    void vscode.window.showWarningMessage("Blast Radius: the demo needs the extension's storage on a local disk, and it is not here.");
    return undefined;
  }
  const folder = path.join(storage.fsPath, 'demo');
  try {
    await rm(folder, { recursive: true, force: true });
    for (const [relative, text] of Object.entries(DEMO_FILES)) {
      const file = path.join(folder, relative);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, text);
    }
  } catch (e) {
    state.log.error(`try it safely: could not write the demo folder ${folder}: ${errorText(e)}`);
    void vscode.window.showErrorMessage('Blast Radius: could not write the demo folder; see the log (Blast Radius: Show Log).');
    return undefined;
  }
  for (const t of vscode.window.terminals) if (t.name === DEMO_TERMINAL) t.dispose();
  const terminal = vscode.window.createTerminal({ name: DEMO_TERMINAL, cwd: folder });
  terminal.show();
  // Typed, not run: the person presses Enter.
  terminal.sendText(DEMO_LINE, false);
  const running = gate?.status().running ?? false;
  state.log.info(`try it safely: demo folder ${folder}; typed "${DEMO_LINE}" in terminal "${DEMO_TERMINAL}"`);
  const text = running
    ? `Blast Radius: press Enter in the terminal to run "${DEMO_LINE}" in a demo folder of its own. The confirm gate asks first: Don't run keeps the files, Run once deletes only the demo's.`
    : `Blast Radius: the confirm gate is not running (the status bar tooltip says why), so "${DEMO_LINE}" in the demo folder would run and be reported after it starts.`;
  void vscode.window.showInformationMessage(text);
  return { folder, terminal: DEMO_TERMINAL };
}
