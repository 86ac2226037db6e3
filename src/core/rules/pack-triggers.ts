/**
 * What makes the engine load a rule pack (registry.ts): for each pack, the programs, redirects and
 * prefix assignments its rules trigger on. Computed here from the registry; the build puts the
 * value it computes from this very function in its place (scripts/build.mjs), so that the engine
 * in dist/ knows which pack's bundle a line needs without loading any.
 */
import { RULE_PACKS } from './index';

/** A pack's triggers; packTriggers lists the packs in the registry's order. */
export interface PackTriggers {
  /** The pack's name (RulePack.name). */
  pack: string;
  /** Programs some rule of the pack triggers on. */
  programs: readonly string[];
  /** Some rule of the pack judges every command that writes a file through a redirect. */
  redirect: boolean;
  /** Variables whose assignment before a program some rule of the pack judges. */
  assignments: readonly string[];
}

let packs: readonly PackTriggers[] | undefined;

export function packTriggers(): readonly PackTriggers[] {
  packs ??= RULE_PACKS.map((p) => ({
    pack: p.name,
    programs: [...new Set(p.rules.flatMap((r) => r.triggers.flatMap((t) => t.programs)))],
    redirect: p.rules.some((r) => r.onRedirect === true),
    assignments: [...new Set(p.rules.flatMap((r) => r.onAssignment ?? []))],
  }));
  return packs;
}
