/**
 * Commands that switch protection off: deleting, emptying or rewriting the files that keep Blast
 * Radius in the loop (an agent's hook settings, our policy, the launcher every hook runs, our
 * state), uninstalling it, and starting an agent with its hooks off. Whatever the agent's reason,
 * the next step it takes is then unchecked, so each is critical and only a person decides.
 *
 * Shell writes are judged by where they go, not by what they write: the command line cannot show
 * what the file held before, so a write that only adds protection cannot be told from one that
 * removes it. Protection is added with `blast-radius hooks install`, which stays quiet, or by an
 * edit the edit rules can compare (SELF001-004, SELF008-010).
 */
import type { RulePack } from '../rule';
import { agentHooksSwitchedOff } from './agent-hooks-switched-off';
import { protectionFileTampered } from './protection-file-tampered';
import { protectionUninstalled } from './protection-uninstalled';

export const selfProtectionPack: RulePack = {
  name: 'self-protection',
  description: 'Commands that switch Blast Radius off: deleting or rewriting the files that keep it in the loop, uninstalling it, starting agents with their hooks off.',
  rules: [protectionFileTampered, protectionUninstalled, agentHooksSwitchedOff],
};
