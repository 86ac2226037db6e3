/**
 * A rule's metadata by its id, command rules and edit rules alike: what the hover and other
 * surfaces say about a rule beyond one finding (why it matters, the safer way in general).
 */
import { EDIT_RULES } from './edit/rules/index';
import { COMMAND_RULES } from './rules/index';
import type { RuleMeta } from './types';

let byId: Map<string, RuleMeta> | undefined;

/** The rule with this id, or undefined (a finding of our own, such as the stop's, has none). */
export function ruleMetaById(id: string): RuleMeta | undefined {
  if (!byId) {
    byId = new Map();
    for (const r of [...COMMAND_RULES, ...EDIT_RULES]) byId.set(r.id, r);
  }
  return byId.get(id);
}
