import type { RulePack } from '../rule';

export const iamPack: RulePack = {
  name: 'iam',
  description: 'TODO(#2): rules being written.',
  rules: [],
};
