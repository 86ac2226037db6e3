import type { RulePack } from '../rule';
import { actsOnProduction } from './acts-on-production';

export const environmentPack: RulePack = {
  name: 'environment',
  description: 'Where a command lands: changes to production that no other rule flags.',
  rules: [actsOnProduction],
};
