import { shown } from '../cli-options';
import { type CommandRule, spanFromProgram } from '../rule';
import { operands } from './helpers';

// ---------------------------------------------------------------------------------------------
// SYS011

export const passwordRemoval: CommandRule = {
  id: 'SYS011',
  name: 'password-removal',
  category: 'system',
  severity: 'critical',
  triggers: [{ programs: ['passwd'], subcommands: ['-d', '--delete'] }, { programs: ['usermod'], subcommands: ['-p', '--password'] }],
  summary: 'Removes a user’s password (`passwd -d`), allowing login without one.',
  rationale: 'An account with an empty password can be logged into by anyone who can reach a login prompt or, with some PAM setups, SSH.',
  alternative: 'Lock the account instead (`passwd -l`), or set up key-based login for the access you need.',
  examples: { fire: ['sudo passwd -d root', 'passwd --delete deploy', "usermod -p '' deploy"], pass: ['passwd', 'passwd -l olduser', 'passwd -S dev'] },
  check(cmd) {
    if (cmd.program === 'usermod') {
      const i = cmd.args.findIndex((a) => a.value === '-p' || a.value === '--password');
      if (i === -1 || cmd.args[i + 1]?.value !== '') return undefined;
      const user = operands(cmd).filter((w) => w !== cmd.args[i + 1]).pop();
      return { message: `sets an empty password for ${shown(user?.value)}, allowing login without one.`, span: spanFromProgram(cmd, cmd.args.slice(i, i + 2)) };
    }
    if (cmd.program !== 'passwd') return undefined;
    const flag = cmd.args.find((a) => a.value === '-d' || a.value === '--delete' || /^-[a-zA-Z]*d$/.test(a.value));
    if (!flag) return undefined;
    const user = operands(cmd)[0];
    const who = user?.value ?? (cmd.elevated ? 'root' : 'the current user');
    return { severity: who === 'root' ? 'critical' : 'high', message: `removes the password of ${shown(who)}, so it can log in without one.`, span: spanFromProgram(cmd, [flag, ...(user ? [user] : [])]) };
  },
};
