import { FORK_BOMB } from '../../shell/extract';
import type { CommandRule } from '../rule';

/** The extractor records a fork bomb as a command of its own (extract.ts: forkBomb); this rule reports it. */
export const forkBomb: CommandRule = {
  id: 'SYS020',
  name: 'fork-bomb',
  category: 'system',
  severity: 'high',
  triggers: [{ programs: [FORK_BOMB] }],
  summary: 'Defines a function that starts copies of itself through a pipe or in the background, and calls it: a fork bomb.',
  rationale: 'Each call starts two more until the process table is full; the machine stops answering, every session on it with it, and often only a reboot ends it.',
  alternative: 'Do not run it; to test process limits, set them first (`ulimit -u 50`) in a throwaway container.',
  examples: {
    fire: [':(){ :|:& };:', 'bomb() { bomb | bomb & }; bomb', 'f() { f & f; }; f'],
    pass: ['f() { echo hi; }; f', ':(){ :|:& }', 'echo ":(){ :|:& };:"'],
  },
  check(cmd) {
    return { span: cmd.span, message: `Starts a fork bomb: the function calls itself twice at a time until no process can start${cmd.remote ? ' on the remote machine' : ''}.` };
  },
};
