import type { RulePack } from '../rule';

export const remoteExecPack: RulePack = {
  name: 'remote-exec',
  description: 'TODO(#2): rules being written.',
  rules: [],
};
