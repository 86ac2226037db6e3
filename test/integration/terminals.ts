/**
 * Bash terminals for the in-editor tests, driven through shell integration and waited on by its
 * events: a terminal is ready when shell integration reports its first prompt; a line is typed
 * only then, or once the line before it has ended, so the first execution to start in the terminal
 * after it is typed is that line's, and the line is done when shell integration reports that
 * execution's end. Nothing depends on the command line shell integration reports: under load it
 * can come back with the output of the shell hook's prompt check appended.
 *
 * Lines are typed (sendText), not sent with `executeCommand`: that one pairs its execution with the
 * start event by the reported text (which may differ, see above), and first types Ctrl-C when VS
 * Code's model of the prompt, which lags under load, still shows text on it.
 *
 * Each terminal gets a HOME of its own whose .bashrc leaves the command line to bash's history,
 * where VS Code's script reads it (a HISTCONTROL in the machine's ~/.bashrc would make it report
 * only the first simple command of a line), and may define shell functions before the first prompt.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { BlastRadiusApi } from '../../src/extension/extension';
import type { WatchedCommand } from '../../src/extension/terminal-watching';
import { handled, HANG_GUARD_MS, neverCame, nextEvent } from './helpers';

/**
 * Shadows the destructive tools the tests type, so nothing real is ever destroyed, even on a machine
 * where terraform is installed and the folder holds state.
 */
export const TERRAFORM_STUB = 'terraform() { echo "terraform stub: $*"; return 3; }';

const homes: string[] = [];

/** A fresh HOME whose .bashrc sets a plain prompt, keeps every line in history and adds `lines`. */
export function bashHome(...lines: string[]): string {
  const home = mkdtempSync(path.join(os.tmpdir(), 'br-terminal-home-'));
  homes.push(home);
  writeFileSync(path.join(home, '.bashrc'), ["PS1='$ '", 'unset HISTCONTROL', 'HISTFILE=/dev/null', ...lines, ''].join('\n'));
  return home;
}

/** Removes the HOME folders `bashHome` made. */
export function removeBashHomes(): void {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
}

const CONFIDENCE = ['low', 'medium', 'high'];

export interface Running {
  /** The exit code shell integration reported when the command ended. */
  ended: Promise<number | undefined>;
}

export class Bash implements vscode.Disposable {
  private constructor(
    readonly terminal: vscode.Terminal,
    readonly name: string,
  ) {}

  /**
   * Opens a bash terminal and resolves once shell integration reports its first prompt (the
   * working folder it reports comes with it), so that a command sent now is read at a prompt.
   * `home` is the terminal's HOME (by default a fresh one from `bashHome()`).
   */
  static async open(name: string, cwd: string, options: { home?: string; env?: Record<string, string> } = {}): Promise<Bash> {
    const env = { HOME: options.home ?? bashHome(), ...options.env };
    const terminal = vscode.window.createTerminal({ name, shellPath: '/bin/bash', cwd, env });
    const prompt = terminal.shellIntegration?.cwd
      ? Promise.resolve()
      : nextEvent(`shell integration to report the first prompt of terminal "${name}" (onDidChangeTerminalShellIntegration with a working folder)`, vscode.window.onDidChangeTerminalShellIntegration, (e) => e.terminal === terminal && e.shellIntegration.cwd !== undefined);
    try {
      await prompt;
    } catch (e) {
      terminal.dispose();
      throw e;
    }
    return new Bash(terminal, name);
  }

  /** Types `line`; `ended` resolves when shell integration reports the end of its execution. */
  start(line: string): Running {
    return this.send(line, () => undefined);
  }

  /**
   * Like `start`, and `watched` resolves with what terminal watching made of the command once it is
   * done with it (it ended, and its judgement is recorded or not).
   */
  watch(api: BlastRadiusApi, line: string): Running & { watched: Promise<WatchedCommand> } {
    let watched: Promise<WatchedCommand> | undefined;
    const running = this.send(line, (mine) => {
      watched = nextEvent(`terminal watching to finish with "${line}" in terminal "${this.name}" (onDidFinishCommand)`, api.terminals.onDidFinishCommand, (c) => mine(c.execution));
    });
    assert.ok(watched);
    return { ...running, watched };
  }

  /** Types `line`; `listen` subscribes first, given a test for "this line's execution". */
  private send(line: string, listen: (mine: (execution: vscode.TerminalShellExecution) => boolean) => void): Running {
    assert.ok(this.terminal.shellIntegration, `terminal "${this.name}" has shell integration`);
    const reported: string[] = [];
    const sent: { execution?: vscode.TerminalShellExecution } = {};
    const mine = (execution: vscode.TerminalShellExecution): boolean => execution === sent.execution;
    listen(mine);
    const ended = handled(new Promise<number | undefined>((resolve, reject) => {
      const timer = setTimeout(() => {
        for (const l of listeners) l.dispose();
        const seen = reported.length ? `shell integration reported ${reported.join(', ')} in this terminal meanwhile` : 'shell integration reported nothing in this terminal meanwhile';
        reject(neverCame(`the end of "${line}" in terminal "${this.name}" (onDidEndTerminalShellExecution)`, HANG_GUARD_MS, seen));
      }, HANG_GUARD_MS);
      const listeners = [
        vscode.window.onDidStartTerminalShellExecution((e) => {
          if (e.terminal !== this.terminal) return;
          reported.push(`the start of ${JSON.stringify(e.execution.commandLine.value)} (${CONFIDENCE[e.execution.commandLine.confidence]} confidence)`);
          sent.execution ??= e.execution;
        }),
        vscode.window.onDidEndTerminalShellExecution((e) => {
          if (e.terminal !== this.terminal) return;
          reported.push(`the end of ${JSON.stringify(e.execution.commandLine.value)} (exit ${e.exitCode})`);
          if (!mine(e.execution)) return;
          clearTimeout(timer);
          for (const l of listeners) l.dispose();
          resolve(e.exitCode);
        }),
      ];
    }));
    this.terminal.sendText(line, true);
    return { ended };
  }

  /** Runs `line` and resolves with its exit code once shell integration reports its end. */
  run(line: string): Promise<number | undefined> {
    return this.start(line).ended;
  }

  dispose(): void {
    this.terminal.dispose();
  }
}
