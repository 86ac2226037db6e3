import type { RulePack } from '../rule';

export const gitPack: RulePack = {
  name: 'git',
  description: 'TODO(#2): rules being written.',
  rules: [],
};
