import type { RulePack } from '../rule';

export const cloudPack: RulePack = {
  name: 'cloud',
  description: 'TODO(#2): rules being written.',
  rules: [],
};
