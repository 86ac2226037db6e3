/**
 * Stop Agents and Resume Agents. Stop interrupts the foreground command of every terminal of the
 * window (src/node/foreground-job.ts: SIGINT, then SIGTERM, never the shell), writes stopped.json
 * (every agent hook call is then denied, src/node/stop-file.ts) and sets `state.stop`, which the
 * confirm gate (every command with a finding waits for a person) and the edit watcher (every agent
 * change is held) read. The stop survives a reload: it is kept in the extension's global state as
 * well as in the file.
 *
 * Only the person resumes, in a modal that says what was held meanwhile. The Resume command takes
 * no arguments, no setting resumes, and the file only ever stops: when it is deleted or edited while
 * agents are stopped, that is recorded as tampering and the file is written back. Resume in another
 * window of the same user (seen through the global state) resumes this one too.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import { redactSecrets } from '../core/audit';
import { resumeDialog, type StopRecord, stopFileText, stopNotice, stopStatusView, type InterruptOutcome } from '../core/stop';
import { interruptForeground, systemChildLister, systemStatReader } from '../node/foreground-job';
import { hostEnv, tildify } from '../node/hooks/paths';
import { recordTampering } from '../node/tamper-log';
import { readStopText, readStoppedCalls, removeStopFile, stopFilePath, stoppedRecord, writeStopFile } from '../node/stop-file';
import { errorText, type State } from './state';

/** Where the window keeps the stop, so that it outlives a reload whatever happens to the file. */
const STOP_STATE_KEY = 'blastRadius.stop';
/** How long a foreground job has after SIGINT before SIGTERM, and after SIGTERM. */
const GRACE_MS = 1500;
/** How long after the file went away another window's Resume has to show in the global state. */
const OTHER_WINDOW_MS = 1500;
/** The context key menus and keybindings read. */
const CONTEXT_KEY = 'blastRadius.agentsStopped';

/** One terminal's interrupt, as Stop reports it (tests and bench/ read it). */
export interface TerminalInterrupt {
  terminal: string;
  outcome: InterruptOutcome;
  /** From SIGINT until the job was gone. */
  ms: number;
}

export interface StopReport {
  stopped: boolean;
  interrupts: TerminalInterrupt[];
}

type TestAnswer = 'resume' | 'cancel';

function isRecord(v: unknown): v is Required<StopRecord> {
  return !!v && typeof v === 'object' && typeof (v as StopRecord).since === 'string' && typeof (v as StopRecord).by === 'string';
}

export interface StopAgentsOptions {
  /** Register the commands (Stop, Resume, the test hook); false for a second window's worth in tests. */
  commands?: boolean;
}

export function registerStopAgents(state: State, options: StopAgentsOptions = {}): void {
  const host = hostEnv();
  const file = stopFilePath(host);
  const shown = tildify(file, host);
  const testMode = state.context.extensionMode === vscode.ExtensionMode.Test;
  let testAnswer: TestAnswer | undefined;
  /** The text this window wrote: anything else in the file was written by someone else. */
  let written: string | undefined;
  /** Stops this window resumed: another window writing one of them back has not heard of the Resume yet. */
  const resumed = new Set<string>();
  let tampering = 0;
  let interrupted: string[] = [];
  let lastInterrupts: TerminalInterrupt[] = [];
  let dialogsShown = 0;
  let lastDialog: { message: string; detail: string } | undefined;

  const saved = (): Required<StopRecord> | undefined => {
    const v = state.context.globalState.get<unknown>(STOP_STATE_KEY);
    return isRecord(v) ? v : undefined;
  };

  /** Writes the file for `record`; a write that fails is said, and the editor's own stop still holds. */
  const writeFile = (record: Required<StopRecord>): void => {
    written = stopFileText(record);
    try {
      writeStopFile(file, written);
    } catch (e) {
      state.log.error(`Stop Agents: could not write ${shown}; agent hooks outside the editor are not stopped: ${errorText(e)}`);
      void vscode.window.showErrorMessage(`Blast Radius: could not write ${shown}, so agent hooks outside the editor do not know agents are stopped. The editor still holds edits and commands; see the log.`);
    }
  };

  const enter = (record: Required<StopRecord>): void => {
    state.stop.set(record);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEY, true);
    void state.context.globalState.update(STOP_STATE_KEY, record);
    // A pause would let everything through; a stop is stronger.
    if (state.config.paused) state.config.resume();
  };

  const leave = (): void => {
    if (state.stop.record?.since) resumed.add(state.stop.record.since);
    state.stop.set(undefined);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEY, false);
    interrupted = [];
    tampering = 0;
  };

  /** The file was deleted or changed by someone else while stopped: recorded, and written back. */
  const tampered = (how: 'deleted' | 'edited'): void => {
    const record = state.stop.record;
    if (!isRecord(record)) return;
    tampering++;
    const message = `the stopped-state file ${shown} was ${how} while agents were stopped; agents stay stopped and the file was written back`;
    state.log.warn(`Stop Agents: ${message}`);
    const failed = recordTampering(host, { source: 'editor', path: file, ruleIds: ['SELF005'], message: `${how === 'deleted' ? 'Deleted' : 'Edited'} ${shown} (the stop the user put on agents): ${message}.`, outcome: 'refused' });
    if (failed) state.log.error(`Stop Agents: could not record the tampering: ${failed}`);
    state.audit.record({ kind: 'setting', path: file, detail: `Stop Agents: ${message}` });
    writeFile(record);
    void vscode.window.showWarningMessage(`Blast Radius: something ${how} the stop file while agents are stopped. Agents stay stopped; only you can resume them.`);
  };

  /** What the file says now, against what this window knows. */
  const check = (): void => {
    const onDisk = stoppedRecord(file);
    if (!state.stop.active) {
      // A stop from another window (or anyone: the file only ever stops) stops this one too;
      // one this window resumed, written back by a window that has not heard yet, does not.
      if (!onDisk || (onDisk.since && resumed.has(onDisk.since))) return;
      const record = { since: onDisk.since ?? new Date().toISOString(), by: onDisk.by ?? 'another window' };
      state.log.warn(`Stop Agents: ${shown} appeared; agents are stopped in this window too`);
      enter(record);
      written = readStopText(file);
      return;
    }
    const text = readStopText(file);
    if (onDisk && text === written) return;
    if (!onDisk) {
      // Written back at once: agents stay stopped. Whether it was another window's Resume shows in
      // the global state a moment later; only then is it called tampering.
      const record = state.stop.record;
      if (isRecord(record)) writeFile(record);
      const since = record?.since;
      setTimeout(
        state.guard('Stop Agents: the stop file went away', () => {
          if (!state.stop.active || state.stop.record?.since !== since) return;
          if (saved()) {
            tampered('deleted');
            return;
          }
          state.log.info('Stop Agents: resumed in another window');
          leave();
          removeStopFile(file);
        }),
        OTHER_WINDOW_MS,
      );
      return;
    }
    tampered('edited');
  };

  /** Test builds only: behave as on a system without a process table (Windows). */
  let noProcessTable = false;
  const interruptAll = async (): Promise<TerminalInterrupt[]> => {
    const read = noProcessTable ? undefined : systemStatReader();
    const children = noProcessTable ? undefined : systemChildLister();
    return Promise.all(
      vscode.window.terminals.map(async (t): Promise<TerminalInterrupt> => {
        if (t.exitStatus !== undefined) return { terminal: t.name, outcome: 'idle', ms: 0 };
        const pid = await t.processId;
        if (!read || pid === undefined) {
          // Nothing to look into (Windows has no process groups to signal): type Ctrl+C into the
          // terminal, as a person would. The pty (ConPTY on Windows) turns it into an interrupt of
          // the foreground command; at an idle prompt it only clears the line.
          t.sendText('\u0003', false);
          return { terminal: t.name, outcome: 'ctrl-c', ms: 0 };
        }
        const r = await interruptForeground(pid, { graceMs: GRACE_MS, read, ...(children ? { children } : {}) });
        return { terminal: t.name, outcome: r.outcome, ms: r.ms };
      }),
    );
  };

  const stop = async (): Promise<StopReport> => {
    const already = state.stop.active;
    if (!already) {
      const record = { since: new Date().toISOString(), by: 'editor' };
      // The file first: agent hooks outside the editor are refused from this moment.
      writeFile(record);
      enter(record);
    }
    const started = performance.now();
    const interrupts = await interruptAll();
    lastInterrupts = interrupts;
    const hit = interrupts.filter((r) => r.outcome === 'interrupted' || r.outcome === 'terminated' || r.outcome === 'survived' || r.outcome === 'ctrl-c');
    interrupted.push(...hit.map((r) => `the command in terminal "${r.terminal}" (${r.outcome === 'ctrl-c' ? 'Ctrl+C sent' : r.outcome})`));
    const detail = `Stop Agents: ${hit.length ? hit.map((r) => (r.outcome === 'ctrl-c' ? `terminal "${r.terminal}" sent Ctrl+C` : `terminal "${r.terminal}" ${r.outcome} in ${Math.round(r.ms)} ms`)).join('; ') : 'no terminal was running a command'} (${Math.round(performance.now() - started)} ms)`;
    state.log.warn(detail);
    state.audit.record({ kind: 'setting', detail });
    void vscode.window.showWarningMessage(stopNotice(interrupts));
    return { stopped: true, interrupts };
  };

  const resume = async (): Promise<boolean> => {
    const record = state.stop.record;
    if (!record) {
      void vscode.window.showInformationMessage('Blast Radius: agents are not stopped.');
      return false;
    }
    const since = record.since ? Date.parse(record.since) : 0;
    const calls = readStoppedCalls(host, Number.isNaN(since) ? 0 : since);
    const dialog = resumeDialog(record, {
      interrupted,
      commands: state.stop.commands.map((c) => ({ line: redactSecrets(c.line).text, ran: c.ran })),
      files: [...state.stop.files],
      hookCalls: calls.map((c) => `${c.agent}: ${c.what}`),
      tampering,
    });
    dialogsShown++;
    lastDialog = { message: dialog.message, detail: dialog.detail };
    const answer = testMode && testAnswer !== undefined ? testAnswer : (await vscode.window.showWarningMessage(dialog.message, { modal: true, detail: dialog.detail }, dialog.button)) === dialog.button ? 'resume' : 'cancel';
    if (answer !== 'resume' || !state.stop.active) return false;
    // The global state first: another window that sees the file go then knows it was a Resume.
    await state.context.globalState.update(STOP_STATE_KEY, undefined);
    leave();
    try {
      removeStopFile(file);
    } catch (e) {
      state.log.error(`Resume Agents: could not remove ${shown}; agent hooks stay stopped until it is gone: ${errorText(e)}`);
      void vscode.window.showErrorMessage(`Blast Radius: could not remove ${shown}; agent hooks stay stopped until it is gone. See the log.`);
    }
    state.log.info('Resume Agents: agents resumed by the user');
    state.audit.record({ kind: 'setting', detail: 'Resume Agents: agents resumed by the user' });
    void vscode.window.showInformationMessage('Blast Radius: agents resumed.');
    return true;
  };

  // --- the status bar item: Stop while agents run, STOPPED (and Resume) while they are stopped.
  const item = state.own(vscode.window.createStatusBarItem('blastRadius.stop', vscode.StatusBarAlignment.Left, 49));
  item.name = 'Blast Radius: Stop Agents';
  const render = (): void => {
    const v = stopStatusView(state.stop.active, state.stop.record ?? {}, state.stop.commands.length + state.stop.files.size);
    item.text = v.text;
    item.tooltip = new vscode.MarkdownString(v.tooltip);
    item.accessibilityInformation = { label: v.accessibilityLabel };
    item.command = state.stop.active ? 'blastRadius.resumeAgents' : 'blastRadius.stopAgents';
    item.backgroundColor = state.stop.active ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    item.show();
  };

  // --- what a reload finds.
  const kept = saved();
  const onDisk = stoppedRecord(file);
  if (kept || onDisk) {
    const record = kept ?? { since: onDisk?.since ?? new Date().toISOString(), by: onDisk?.by ?? 'another window' };
    enter(record);
    const text = readStopText(file);
    written = stopFileText(record);
    if (kept && !onDisk) tampered('deleted');
    else if (kept && text !== written) tampered('edited');
    else if (text !== written) writeFile(record);
    state.log.warn(`agents are stopped (since ${record.since}); Resume Agents resumes them`);
  } else void vscode.commands.executeCommand('setContext', CONTEXT_KEY, false);

  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
  const onFile = state.guard('Stop Agents: the stop file', check);
  state.own(
    watcher,
    watcher.onDidCreate(onFile),
    watcher.onDidChange(onFile),
    watcher.onDidDelete(onFile),
    state.stop.onDidChange(state.guard('Stop Agents: status bar', render)),
  );
  if (options.commands === false) {
    render();
    return;
  }
  state.own(
    // Neither command reads its arguments: nothing an agent passes can stop or resume differently.
    vscode.commands.registerCommand('blastRadius.stopAgents', async () => {
      try {
        return await stop();
      } catch (e) {
        state.log.error(`Stop Agents failed: ${errorText(e)}`);
        void vscode.window.showErrorMessage('Blast Radius: Stop Agents failed part-way; see the log (Blast Radius: Show Log).');
        return { stopped: state.stop.active, interrupts: [] } satisfies StopReport;
      }
    }),
    vscode.commands.registerCommand('blastRadius.resumeAgents', async () => {
      try {
        return await resume();
      } catch (e) {
        state.log.error(`Resume Agents failed: ${errorText(e)}`);
        void vscode.window.showErrorMessage('Blast Radius: Resume Agents failed; see the log (Blast Radius: Show Log).');
        return false;
      }
    }),
  );
  if (testMode) {
    // Test builds only: answer the Resume dialog, read what Stop did.
    state.own(
      vscode.commands.registerCommand('_blastRadius.stopTest', (arg?: { resumeAnswer?: TestAnswer | null; check?: boolean; noProcessTable?: boolean }) => {
        if (typeof arg?.noProcessTable === 'boolean') noProcessTable = arg.noProcessTable;
        if (arg && 'resumeAnswer' in arg) testAnswer = arg.resumeAnswer === 'resume' || arg.resumeAnswer === 'cancel' ? arg.resumeAnswer : undefined;
        if (arg?.check) check();
        return { stopped: state.stop.active, file, tampering, dialogsShown, lastDialog, lastInterrupts, held: { commands: [...state.stop.commands], files: [...state.stop.files] }, status: { text: item.text, command: item.command, background: item.backgroundColor ? (Reflect.get(item.backgroundColor, 'id') as string) : undefined } };
      }),
    );
  }
  render();
}
