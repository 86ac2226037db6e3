import { type CommandRule, spanFromProgram } from '../rule';

// ---------------------------------------------------------------------------------------------
// SYS010

export const shellHistoryClear: CommandRule = {
  id: 'SYS010',
  name: 'shell-history-clear',
  category: 'system',
  severity: 'low',
  triggers: [{ programs: ['history'], subcommands: ['-c', '-cw', '-wc'] }],
  summary: 'Clears the shell history (`history -c`).',
  rationale: 'The history is how a human reconstructs what an agent did; clearing it removes the trail without fixing anything.',
  alternative: 'Leave the history alone; if a secret was typed, delete that one entry (`history -d N`).',
  examples: { fire: ['history -c', 'history -cw'], pass: ['history', 'history 20'] },
  check(cmd) {
    if (cmd.program !== 'history') return undefined;
    const c = cmd.args.find((a) => a.value === '-c' || a.value === '-cw' || a.value === '-wc');
    return c ? { message: 'clears the shell history of this session.', span: spanFromProgram(cmd, [c]) } : undefined;
  },
};
