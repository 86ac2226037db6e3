/**
 * Blast Radius's own settings. An agent must not be able to switch the guard off by editing a
 * file: any edit to VS Code settings, a workspace file, the repository policy or the user policy
 * that lowers protection is critical, whoever makes it.
 */
import type { EditRule } from '../../rule';
import { allowEntryAdded } from './allow-entry-added';
import { guardDisabled } from './guard-disabled';
import { ruleWeakened } from './rule-weakened';
import { strictnessLowered } from './strictness-lowered';

export const SELF_RULES: readonly EditRule[] = [strictnessLowered, ruleWeakened, allowEntryAdded, guardDisabled];
