import type { RulePack } from '../rule';

export const publishingPack: RulePack = {
  name: 'publishing',
  description: 'TODO(#2): rules being written.',
  rules: [],
};
