/**
 * What the engine cannot see through. The findings come from the extractor and the engine
 * itself (a computed program name, an encoded payload, a parse error near a risky program, a
 * line too long to read); this pack gives them an id, documentation and examples.
 */
import type { RulePack } from '../rule';
import { cannotBeChecked } from './cannot-be-checked';

export const unanalyzablePack: RulePack = {
  name: 'unanalyzable',
  description: 'Commands the engine cannot fully read: computed, encoded or malformed. Never a silent pass.',
  rules: [cannotBeChecked],
};
