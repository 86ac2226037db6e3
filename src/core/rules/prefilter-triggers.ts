/**
 * What the pre-filter needs of the command rules: which programs (and which of their words) make
 * a line worth a full look, and which prefix assignments (`GIT_SSL_NO_VERIFY=1 …`) some rule
 * judges. Computed here from the registry. The build puts the value it computes from this very
 * function in its place (scripts/build.mjs), so that the hook's first bundle clears an everyday
 * call without loading, or even holding, a single rule.
 */
import { COMMAND_RULES, type TriggerEntry, triggerIndex } from './index';

export interface PrefilterTriggers {
  /**
   * program → what makes an invocation of it worth a full look (see triggerIndex); a program
   * any invocation of which is worth one lists no words.
   */
  programs: ReadonlyMap<string, TriggerEntry>;
  /** Variables whose assignment before a program some rule judges, whatever the program. */
  assignments: ReadonlySet<string>;
}

let triggers: PrefilterTriggers | undefined;

export function prefilterTriggers(): PrefilterTriggers {
  if (!triggers) {
    const programs = new Map<string, TriggerEntry>();
    for (const [p, e] of triggerIndex()) programs.set(p, { any: e.any, subcommands: e.any ? new Set() : e.subcommands });
    triggers = { programs, assignments: new Set(COMMAND_RULES.flatMap((r) => r.onAssignment ?? [])) };
  }
  return triggers;
}
