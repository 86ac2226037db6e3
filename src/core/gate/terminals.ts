/**
 * Which terminals the confirm gate can hold commands in, in words for the status bar tooltip, the
 * log and the one-time notices. Plain data in, text out.
 */

export type GuardLevel = 'guarded' | 'shims-only' | 'unguarded';

export interface TerminalGuard {
  level: GuardLevel;
  /** One sentence: what is and is not checked before it runs in this terminal. */
  note: string;
}

export interface GuardInput {
  /** The shell's program name, lower case, without directory or `.exe`. */
  shell: string;
  platform: string;
  /** The terminal was open before the gate started: it has none of the gate's environment. */
  openedBeforeGate: boolean;
  gateRunning: boolean;
  /** The opt-in whole-line hook is in the user's rc file for this shell. */
  hookEnabled?: boolean;
}

const POSIX_SHELLS = new Set(['bash', 'sh', 'dash', 'ksh', 'mksh', 'ash', 'yash']);

export function terminalGuard(input: GuardInput): TerminalGuard {
  if (!input.gateRunning) return { level: 'unguarded', note: 'the confirm gate is not running in this window' };
  if (input.platform === 'win32') return { level: 'unguarded', note: 'the confirm gate does not support Windows shells yet: risky commands are reported after they start' };
  if (input.openedBeforeGate) return { level: 'unguarded', note: 'opened before the confirm gate started: restart it to be asked before risky commands' };
  if (input.shell === 'bash' || input.shell === 'zsh') {
    return input.hookEnabled
      ? { level: 'guarded', note: 'each command line is checked before it runs, and programs the rules name wait for a confirmation' }
      : { level: 'guarded', note: 'programs the rules name wait for a confirmation; commands run by an absolute path (/bin/rm) are only reported (the shell hook would check them)' };
  }
  if (POSIX_SHELLS.has(input.shell)) return { level: 'guarded', note: 'programs the rules name wait for a confirmation; commands run by an absolute path are only reported' };
  if (input.shell === 'fish') return { level: 'shims-only', note: 'fish: programs the rules name wait for a confirmation, but there is no whole-line check for fish' };
  if (input.shell === 'pwsh' || input.shell === 'powershell') {
    return { level: 'shims-only', note: "PowerShell: external programs the rules name wait for a confirmation; PowerShell's own commands (Remove-Item, rm) are only reported" };
  }
  return { level: 'shims-only', note: `${input.shell || 'unknown shell'}: programs the rules name, run through PATH, wait for a confirmation; nothing else is checked` };
}

export interface GateSummary {
  running: boolean;
  /** Running, but not listening yet (or its shims are still being written): nothing waits for a confirmation yet. */
  starting?: boolean;
  /** Why it is not running, when known: one clause ("not available on Windows yet"). */
  offReason?: string;
  programs: number;
  port?: number;
  hookShells: readonly string[];
}

/** Markdown lines for the status bar tooltip: the gate, then every terminal it cannot fully guard. */
export function gateTooltipLines(summary: GateSummary, terminals: readonly { name: string; guard: TerminalGuard }[]): string[] {
  const lines: string[] = [];
  if (!summary.running) lines.push(`**Confirm gate**: not running${summary.offReason ? ` (${summary.offReason})` : ''}; risky terminal commands are reported after they start.`);
  else if (summary.starting) lines.push('**Confirm gate**: starting; until it listens, risky terminal commands are reported after they start.');
  else {
    const hook = summary.hookShells.length ? `; whole-line check on for ${summary.hookShells.join(' and ')}` : '; whole-line check off (Blast Radius: Enable Shell Hook)';
    lines.push(`**Confirm gate**: on for ${summary.programs} programs${hook}.`);
  }
  const weak = terminals.filter((t) => t.guard.level !== 'guarded');
  for (const t of weak) lines.push(`- $(warning) Terminal "${t.name.replace(/[\\`*_[\]]/g, '\\$&')}" is ${t.guard.level === 'unguarded' ? 'unguarded' : 'partly guarded'}: ${t.guard.note}.`);
  return lines;
}

/** The one notice for terminals that were open before the gate started. */
export function existingTerminalsNotice(count: number): string {
  return count === 1
    ? 'Blast Radius: 1 terminal was opened before the confirm gate started; risky commands there run without asking. Restart it (or open a new one) to be asked first.'
    : `Blast Radius: ${count} terminals were opened before the confirm gate started; risky commands there run without asking. Restart them (or open new ones) to be asked first.`;
}
