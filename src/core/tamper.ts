/**
 * The record of attempts to switch protection off, as plain data: which findings count, what one
 * entry holds, and the line `hooks status` and the editor's status bar show for it. The hook, the
 * CLI and the extension write entries (src/node/tamper-log.ts does the I/O); the user reads them.
 */
import type { Category, JudgedFinding } from './types';

/** Findings of this category are attempts to switch protection off. */
export const TAMPER_CATEGORY: Category = 'self-protection';

export type TamperOutcome = 'refused' | 'asked' | 'held' | 'flagged' | 'warned' | 'allowed';

export interface TamperEntry {
  /** ISO time. */
  time: string;
  /** Who saw it: `claude-code hook`, `codex hook`, `editor`, `terminal`… */
  source: string;
  /** The command line, or the file that was edited, written or deleted. */
  command?: string;
  path?: string;
  ruleIds: string[];
  /** The first finding's message: what was switched off. */
  message: string;
  outcome: TamperOutcome;
}

/** The findings that are tampering, strongest first as given. */
export function tamperFindings<T extends Pick<JudgedFinding, 'category'>>(findings: readonly T[]): T[] {
  return findings.filter((f) => f.category === TAMPER_CATEGORY);
}

/** Reads one stored line back; undefined for anything that is not an entry. */
export function parseTamperEntry(line: string): TamperEntry | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  const o = v as Partial<TamperEntry> | null;
  if (!o || typeof o !== 'object' || typeof o.time !== 'string' || typeof o.message !== 'string' || typeof o.outcome !== 'string') return undefined;
  return {
    time: o.time,
    source: typeof o.source === 'string' ? o.source : 'unknown',
    ...(typeof o.command === 'string' ? { command: o.command } : {}),
    ...(typeof o.path === 'string' ? { path: o.path } : {}),
    ruleIds: Array.isArray(o.ruleIds) ? o.ruleIds.filter((r): r is string => typeof r === 'string') : [],
    message: o.message,
    outcome: o.outcome,
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2026-12-06 14:03`, in local time. */
export function shortTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

const OUTCOME_WORDS: Readonly<Record<TamperOutcome, string>> = {
  refused: 'refused',
  asked: 'asked the user',
  held: 'held for the user',
  flagged: 'flagged',
  warned: 'let through with a warning',
  allowed: 'let through',
};

/**
 * One line: `2026-12-06 14:03, \`sed -i … ~/.codex/config.toml\` (Codex … removed) — refused`.
 * `shorten` turns paths into their `~` form for display.
 */
export function tamperLine(e: TamperEntry, shorten: (s: string) => string = (s) => s): string {
  const what = e.command !== undefined ? `\`${clip(shorten(e.command), 80)}\`` : e.path !== undefined ? `a change to ${shorten(e.path)}` : 'a change';
  const message = clip(shorten(e.message), 110).replace(/[.:;,]$/, '');
  return `${shortTime(e.time)}, ${what} (${message}; ${e.ruleIds.join(', ') || 'no rule'}, seen by the ${e.source}) — ${OUTCOME_WORDS[e.outcome] ?? e.outcome}`;
}
