import type { RulePack } from '../rule';

export const systemPack: RulePack = {
  name: 'system',
  description: 'TODO(#2): rules being written.',
  rules: [],
};
