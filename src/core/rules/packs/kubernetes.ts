import type { RulePack } from '../rule';

export const kubernetesPack: RulePack = {
  name: 'kubernetes',
  description: 'TODO(#2): rules being written.',
  rules: [],
};
