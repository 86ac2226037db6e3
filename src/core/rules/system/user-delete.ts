import { kindName } from '../../plain-text';
import type { Severity } from '../../types';
import { parseArgs, shown } from '../cli-options';
import { type CommandRule, spanFromProgram } from '../rule';
import { operands } from './helpers';

// ---------------------------------------------------------------------------------------------
// SYS012

export const userDelete: CommandRule = {
  id: 'SYS012',
  name: 'user-delete',
  category: 'system',
  severity: 'critical',
  triggers: [{ programs: ['userdel', 'deluser', 'remove-localuser'] }, { programs: ['net'], subcommands: ['/delete', '/del'] }, { programs: ['dscl'], subcommands: ['-delete'] }],
  summary: 'Deletes a user account, with `-r`/`--remove-home` also its home directory and mail.',
  rationale: 'Removing the account breaks everything running as that user; removing the home directory deletes their files, keys and checkouts with no copy.',
  alternative: 'Lock the account (`usermod -L`, `passwd -l`) and archive the home directory before deleting anything.',
  examples: { fire: ['sudo userdel -r olddev', 'deluser --remove-home bob', 'userdel ci'], pass: ['useradd -m newdev', 'id olddev', 'usermod -L olddev'] },
  check(cmd) {
    if (cmd.program === 'net') {
      const ops = operands(cmd);
      if (ops[0]?.value.toLowerCase() !== 'user' || !cmd.args.some((a) => /^\/del(ete)?$/i.test(a.value))) return undefined;
      return { severity: 'medium', message: `deletes the ${kindName('Windows account', shown(ops[1]?.value))}.`, span: spanFromProgram(cmd, ops.slice(0, 2)) };
    }
    if (cmd.program === 'dscl') {
      const i = cmd.args.findIndex((a) => a.value === '-delete');
      const path = cmd.args[i + 1];
      if (!path || !/^\/Users\/[^/]+$/.test(path.value)) return undefined;
      return { severity: 'medium', message: `deletes the ${kindName('macOS account', shown(path.value.slice(7)))}.`, span: spanFromProgram(cmd, [cmd.args[i], path]) };
    }
    if (cmd.program === 'remove-localuser') return { severity: 'medium', message: 'deletes a Windows local account.', span: cmd.span };
    if (cmd.program !== 'userdel' && cmd.program !== 'deluser') return undefined;
    const p = parseArgs(cmd.args, { unknownLong: 'bool', shortValued: 'R', valued: new Set(['root', 'prefix', 'backup-to', 'conf']) });
    const user = p.positionals[0];
    if (!user) return undefined;
    const home = p.options.has('r') || p.options.has('remove') || p.options.has('remove-home') || p.options.has('remove-all-files');
    const all = p.options.has('remove-all-files');
    const root = user.value === 'root';
    const severity: Severity = root ? 'critical' : home ? 'high' : 'medium';
    return {
      severity,
      message: `deletes ${kindName('user', shown(user.value))}${home ? (all ? ' and every file it owns anywhere on the system' : ' together with its home directory and mail') : ''}${root ? ', breaking the system' : ''}.`,
      span: spanFromProgram(cmd, [user, ...cmd.args.filter((a) => /^(-r|--remove|--remove-home|--remove-all-files)$/.test(a.value))]),
    };
  },
};
