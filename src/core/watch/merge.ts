/**
 * Applying a held change to a file that moved on since it was held: the change (baseline →
 * proposed) is re-applied as a patch on what the file holds now, so edits made in the meantime are
 * kept. When the patch does not apply cleanly, there is no answer: the caller says so rather than
 * overwrite anything.
 */
import { applyPatch, structuredPatch } from 'diff';

export function reapply(base: string, proposed: string, current: string): string | undefined {
  if (current === base) return proposed;
  if (proposed === base) return current;
  const patch = structuredPatch('base', 'proposed', base, proposed, '', '', { context: 3 });
  const out = applyPatch(current, patch);
  return out === false ? undefined : out;
}
