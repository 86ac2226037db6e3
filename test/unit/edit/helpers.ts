import type { Category } from '../../../src/core/types';

export const CATEGORIES_FOR_TEST: readonly Category[] = [
  'filesystem', 'git', 'cloud', 'iam', 'iac', 'kubernetes', 'containers', 'database', 'publishing', 'remote-exec', 'system', 'unanalyzable', 'source', 'ci', 'secrets', 'self-protection', 'environment',
];
