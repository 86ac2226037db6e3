import type { CommandContext } from '../../src/core/types';

/** The context every corpus line and rule example is judged in unless it says otherwise. */
export const TEST_CONTEXT: CommandContext = {
  cwd: '/home/dev/project',
  workspaceRoot: '/home/dev/project',
  home: '/home/dev',
  gitBranch: 'feature/login',
  defaultBranch: 'main',
  tempDirs: ['/tmp'],
  shell: 'bash',
};
