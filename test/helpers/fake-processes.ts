/** A process table for the process-tree tests, and the agent matcher they use. */
import { isAgentProcess } from '../../src/core/hook-asking';
import type { ProcessEntry, ProcessReader } from '../../src/node/process-tree';

export const is = (agent: 'gemini-cli' | 'copilot-cli') => (argv: readonly string[]) => isAgentProcess(agent, argv);

export function fakeReader(table: Record<number, ProcessEntry & { tty?: [boolean, boolean] }>): ProcessReader {
  return {
    entry: (pid) => table[pid],
    terminals: (pid) => {
      const t = table[pid]?.tty;
      return t ? { stdin: t[0], stdout: t[1] } : {};
    },
  };
}
