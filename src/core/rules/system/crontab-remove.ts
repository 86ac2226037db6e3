import { kindName } from '../../plain-text';
import type { SimpleCommand } from '../../shell/model';
import { parseArgs, shown } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';

// ---------------------------------------------------------------------------------------------
// SYS003

function crontab(cmd: SimpleCommand): RuleMatch | undefined {
  if (cmd.program !== 'crontab') return undefined;
  const p = parseArgs(cmd.args, { unknownLong: 'bool', shortValued: 'u' });
  const user = p.options.get('u')?.[0]?.value;
  const who = user ? `${kindName('user', shown(user))}` : cmd.elevated ? 'root' : 'the current user';
  if (p.options.has('r')) {
    if (p.options.has('i')) return undefined;
    return { severity: 'high', message: `deletes every cron job of ${who} at once, without asking (crontab -r).`, span: spanFromProgram(cmd, cmd.args.filter((a) => /^-[a-z]*r/.test(a.value))) };
  }
  if (p.options.has('l') || p.options.has('e') || p.options.has('T') || p.options.has('V')) return undefined;
  const file = p.positionals[0];
  if (file) return { severity: 'low', message: `replaces the whole crontab of ${who} with ${file.value === '-' ? 'stdin' : shown(file.value)}; jobs not in it are gone.`, span: spanFromProgram(cmd, [file]) };
  return undefined;
}

export const crontabRemove: CommandRule = {
  id: 'SYS003',
  name: 'crontab-remove',
  category: 'system',
  severity: 'high',
  triggers: [{ programs: ['crontab'] }],
  summary: 'Deletes all of a user’s cron jobs (`crontab -r`), or replaces the whole crontab from a file.',
  rationale: '`crontab -r` sits next to `-e` on the keyboard and deletes every scheduled job without confirmation; there is no backup unless someone made one.',
  alternative: 'Save it first (`crontab -l > crontab.bak`), then edit with `crontab -e` or remove with `crontab -ri`.',
  examples: {
    fire: ['crontab -r', 'sudo crontab -u www-data -r'],
    pass: ['crontab -l', 'crontab -e', 'crontab -ri'],
  },
  check: crontab,
};
