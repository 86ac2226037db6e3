import { classifyPath } from '../paths';
import { type CommandRule, spanFromProgram } from '../rule';
import { RECURSIVE, splitArgs } from './helpers';

export const syncDelete: CommandRule = {
  id: 'FS008',
  name: 'sync-delete',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['rsync'], subcommands: ['--delete', '--delete-before', '--delete-after', '--delete-during', '--delete-delay', '--delete-excluded', '--del', '--remove-source-files'] }, { programs: ['robocopy'] }],
  summary: 'rsync with --delete, or robocopy with /mir or /purge, removes every file in the destination that is not in the source.',
  rationale: 'A wrong or empty source turns --delete into a recursive delete of the destination.',
  alternative: 'Run with --dry-run first and read the list of deletions, or sync without --delete.',
  examples: {
    fire: ['rsync -a --delete src/ ~/', 'rsync -av --delete ./empty/ /var/www/', 'rsync -a --delete backup/ src/', 'cmd /c robocopy C:\\empty C:\\Users\\dev /mir'],
    pass: ['rsync -a src/ backup/', 'rsync -a --delete --dry-run src/ ~/backup/', 'rsync -a --delete public/ dist/', 'cmd /c robocopy src dist /mir', 'cmd /c robocopy C:\\data D:\\backup /e'],
  },
  check(cmd, { ctx }) {
    if (cmd.program === 'robocopy') {
      // robocopy SOURCE DEST [FILES…] [options] (Microsoft docs): /mir and /purge delete the
      // destination's files and folders that the source lacks; /l only lists what it would do.
      const switches = cmd.args.filter((a) => a.value.startsWith('/')).map((a) => a.value.toLowerCase());
      const dest = cmd.args.filter((a) => !a.value.startsWith('/'))[1];
      if (!dest || switches.includes('/l') || !switches.some((w) => w === '/mir' || w === '/purge')) return undefined;
      const t = classifyPath(dest, cmd, ctx);
      const s = RECURSIVE[t.cls];
      if (!s) return undefined;
      return { severity: s, span: spanFromProgram(cmd, [dest]), message: `Deletes every file in ${t.what} that is not in the source.`, context: { targetClass: t.cls } };
    }
    const { flags, operands } = splitArgs(cmd.args);
    if (flags.has('dry-run') || flags.has('n') || operands.length < 2) return undefined;
    const dest = operands[operands.length - 1];
    if (/^[\w.-]+@?[\w.-]*:/.test(dest.value)) {
      return { severity: 'medium', span: spanFromProgram(cmd, [dest]), message: `Deletes every file on ${dest.value} that is not in the source.`, context: { scope: ['remote'] } };
    }
    if (flags.has('remove-source-files')) return undefined;
    const t = classifyPath(dest, cmd, ctx);
    const s = RECURSIVE[t.cls];
    if (!s) return undefined;
    return { severity: s, span: spanFromProgram(cmd, [dest]), message: `Deletes every file in ${t.what} that is not in the source.`, context: { targetClass: t.cls } };
  },
};
