import type { RulePack } from '../rule';

export const containersPack: RulePack = {
  name: 'containers',
  description: 'TODO(#2): rules being written.',
  rules: [],
};
