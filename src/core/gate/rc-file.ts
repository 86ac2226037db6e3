/**
 * The one line "Blast Radius: Enable Shell Hook" adds to ~/.bashrc or ~/.zshrc, and how it is added
 * and taken out again. The line does nothing outside the terminals Blast Radius guards (where the
 * extension sets BLAST_RADIUS_GATE), and sources the hook only when it is a file the user owns.
 */
import { GATE_ENV } from './scripts';

export type HookShell = 'bash' | 'zsh';

/** Every line we add ends with this comment, and only such lines are ever removed. */
export const RC_MARKER = '# blast-radius-gate';

export const RC_FILES: Readonly<Record<HookShell, string>> = { bash: '.bashrc', zsh: '.zshrc' };

export function rcLine(shell: HookShell): string {
  const v = GATE_ENV.dir;
  const hook = `"$${v}/hook.${shell}"`;
  return `[ -n "\${${v}-}" ] && [ -f ${hook} ] && [ -O ${hook} ] && . ${hook} ${RC_MARKER}: checks each command line in terminals Blast Radius guards; remove with "Blast Radius: Disable Shell Hook"`;
}

function isOurs(line: string): boolean {
  return line.includes(RC_MARKER);
}

/** The text with our line at the end (replacing an older one of ours); unchanged when already there. */
export function withRcLine(text: string, shell: HookShell): { text: string; changed: boolean } {
  const line = rcLine(shell);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.length ? text.split(/\r?\n/) : [];
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const ours = lines.filter(isOurs);
  if (ours.length === 1 && ours[0] === line) return { text, changed: false };
  const kept = lines.filter((l) => !isOurs(l));
  kept.push(line);
  return { text: `${kept.join(eol)}${eol}`, changed: true };
}

/** The text without our lines; unchanged when there were none. */
export function withoutRcLine(text: string): { text: string; changed: boolean } {
  if (!text.includes(RC_MARKER)) return { text, changed: false };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const endsWithEol = /\r?\n$/.test(text);
  const lines = text.split(/\r?\n/);
  if (endsWithEol) lines.pop();
  const kept = lines.filter((l) => !isOurs(l));
  return { text: kept.length ? `${kept.join(eol)}${endsWithEol ? eol : ''}` : '', changed: true };
}

export function hasRcLine(text: string): boolean {
  return text.split(/\r?\n/).some(isOurs);
}
