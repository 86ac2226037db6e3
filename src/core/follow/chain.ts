/**
 * A followed finding's chain in words, as every surface shows it (the CLI's text, the agents'
 * reasons, the dialog, the events): `npm run clean → package.json scripts.clean → rm -rf src`.
 * Apart from the followers so an adapter can show a chain without loading them.
 */
import type { FollowStep, Span } from '../types';

export interface Chained {
  span: Span;
  via?: readonly FollowStep[];
}

/** The chain from the invoking words on the line to the line that does it; undefined when nothing was followed. */
export function chainText(command: string, f: Chained, max = 400): string | undefined {
  if (!f.via?.length) return undefined;
  const invoking = command.slice(f.span.start, f.span.end).replace(/\s+/g, ' ').trim();
  const parts = [invoking.length > 80 ? `${invoking.slice(0, 79)}…` : invoking];
  for (const s of f.via) parts.push(`${s.file}${s.label ? ` ${s.label}` : `:${s.line}`}`, s.text);
  const text = parts.join(' → ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
