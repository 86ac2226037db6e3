import type { RulePack } from '../rule';

export const databasePack: RulePack = {
  name: 'database',
  description: 'TODO(#2): rules being written.',
  rules: [],
};
