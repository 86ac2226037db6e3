import type { SimpleCommand, Word } from '../../shell/model';
import { shown } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { operands } from './helpers';

// ---------------------------------------------------------------------------------------------
// SYS014

const ADMIN_GROUPS = /^(sudo|wheel|admin|root|docker|lxd|libvirt|disk|shadow|administrators)$/i;

function adminGroup(cmd: SimpleCommand): RuleMatch | undefined {
  const say = (user: string | undefined, groups: string[], words: Word[]): RuleMatch => ({
    message: `adds ${shown(user) || 'a user'} to ${groups.join(', ')}, which ${groups.some((g) => /docker|lxd|libvirt|disk/i.test(g)) ? 'is equivalent to root on this machine' : 'grants administrator (root) rights'}.`,
    span: spanFromProgram(cmd, words),
  });
  if (cmd.program === 'usermod') {
    const i = cmd.args.findIndex((a) => /^(-a?G|-aG|-Ga|--groups|--append)$/.test(a.value) || /^-[a-zA-Z]*G$/.test(a.value));
    if (i === -1) return undefined;
    const gi = cmd.args.findIndex((a, k) => k >= i && (/^-[a-zA-Z]*G$/.test(a.value) || a.value === '--groups'));
    const list = cmd.args[gi + 1];
    if (!list) return undefined;
    const groups = list.value.split(',').filter((g) => ADMIN_GROUPS.test(g));
    if (!groups.length) return undefined;
    return say(operands(cmd).filter((w) => w !== list).pop()?.value, groups, [cmd.args[gi], list]);
  }
  if (cmd.program === 'gpasswd') {
    const i = cmd.args.findIndex((a) => a.value === '-a' || a.value === '--add' || a.value === '-M' || a.value === '--members');
    if (i === -1) return undefined;
    const group = operands(cmd).filter((w) => w !== cmd.args[i + 1]).pop();
    if (!group || !ADMIN_GROUPS.test(group.value)) return undefined;
    return say(cmd.args[i + 1]?.value, [group.value], [cmd.args[i], group]);
  }
  if (cmd.program === 'adduser' || cmd.program === 'addgroup') {
    const ops = operands(cmd);
    if (ops.length !== 2 || !ADMIN_GROUPS.test(ops[1].value)) return undefined;
    return say(ops[0].value, [ops[1].value], ops);
  }
  if (cmd.program === 'dseditgroup') {
    const g = operands(cmd).pop();
    if (!g || !ADMIN_GROUPS.test(g.value) || !cmd.args.some((a) => a.value === '-a')) return undefined;
    return say(cmd.args[cmd.args.findIndex((a) => a.value === '-a') + 1]?.value, [g.value], [g]);
  }
  if (cmd.program === 'net') {
    const ops = operands(cmd);
    if (ops[0]?.value.toLowerCase() !== 'localgroup' || !ops[1] || !ADMIN_GROUPS.test(ops[1].value) || !cmd.args.some((a) => /^\/add$/i.test(a.value))) return undefined;
    return say(ops[2]?.value, [ops[1].value], ops.slice(0, 3));
  }
  if (cmd.program === 'add-localgroupmember') {
    const i = cmd.args.findIndex((a) => /^-group$/i.test(a.value));
    const g = cmd.args[i + 1];
    if (i === -1 || !g || !ADMIN_GROUPS.test(g.value)) return undefined;
    const m = cmd.args.findIndex((a) => /^-member$/i.test(a.value));
    return say(m !== -1 ? cmd.args[m + 1]?.value : undefined, [g.value], [cmd.args[i], g]);
  }
  return undefined;
}

export const adminGroupGrant: CommandRule = {
  id: 'SYS014',
  name: 'admin-group-grant',
  category: 'system',
  severity: 'high',
  triggers: [
    { programs: ['usermod', 'gpasswd', 'adduser', 'addgroup', 'dseditgroup', 'add-localgroupmember'] },
    { programs: ['net'], subcommands: ['localgroup'] },
  ],
  summary: 'Adds a user to sudo, wheel, admin, docker or another group that amounts to root.',
  rationale: 'Membership in these groups is root in all but name (docker and lxd can mount the host’s filesystem); it outlives the task that needed it and is easy to forget.',
  alternative: 'Grant the one command needed through a scoped sudoers.d entry reviewed by a human, or run the task in a container built for it.',
  examples: { fire: ['sudo usermod -aG sudo agent', 'usermod -a -G docker ci', 'gpasswd -a dev wheel'], pass: ['usermod -aG video dev', 'groups dev', 'id -nG'] },
  check: adminGroup,
};
