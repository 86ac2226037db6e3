import type { RulePack } from '../rule';

export const filesystemPack: RulePack = {
  name: 'filesystem',
  description: 'TODO(#2): rules being written.',
  rules: [],
};
