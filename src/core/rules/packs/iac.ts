import type { RulePack } from '../rule';

export const iacPack: RulePack = {
  name: 'iac',
  description: 'TODO(#2): rules being written.',
  rules: [],
};
