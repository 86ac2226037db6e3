import type { Word } from '../../shell/model';
import type { Severity } from '../../types';
import { classifyPath } from '../paths';
import { type CommandRule, spanFromProgram } from '../rule';
import { splitArgs } from './helpers';
import { DOTFILE, VITAL } from './overwrite-by-redirect';

/** Home files that hold keys and credentials. */
const CREDENTIALS = /^(\.ssh|\.gnupg|\.aws|\.kube|\.docker|\.password-store)\/|^\.(netrc|pgpass)$/;

export const symlinkReplacesFile: CommandRule = {
  id: 'FS017',
  name: 'symlink-replaces-file',
  category: 'filesystem',
  severity: 'critical',
  // Every ln: -f hides in any bundle of short flags (-vsf, -sTf).
  triggers: [{ programs: ['ln'] }],
  summary: 'Replaces a home dotfile or credential, or a system file, with a link (`ln -sf`), deleting the file that was there.',
  rationale:
    'ln -f removes the destination before it makes the link: a real ~/.bashrc, ~/.ssh/authorized_keys or /etc file is gone, not moved, and the link may point at something else entirely (`ln -sf /dev/null ~/.bash_history`).',
  alternative: 'Move the file aside first (`mv ~/.zshrc ~/.zshrc.bak`), or let ln keep it (`ln -sf --backup=numbered …`).',
  examples: {
    fire: ['ln -sf /dev/null ~/.bashrc', 'ln -sfn ~/dotfiles/.zshrc ~/.zshrc', 'ln -sf /tmp/keys ~/.ssh/authorized_keys', 'sudo ln -sf /tmp/x /etc/passwd'],
    pass: ['ln -s ../shared/config.yml config.yml', 'ln -sf ../dist/app.js bin/app', 'ln -s ~/dotfiles/.zshrc ~/.zshrc', 'ln -sf --backup ~/dotfiles/.vimrc ~/.vimrc', 'ln -sf /usr/bin/python3 /usr/local/bin/python'],
  },
  check(cmd, { ctx }) {
    if (cmd.remote) return undefined;
    const { flags, operands } = splitArgs(cmd.args);
    if (!flags.has('f') && !flags.has('force')) return undefined;
    if (flags.has('b') || flags.has('backup') || flags.has('help')) return undefined;
    if (flags.has('t') || flags.has('target-directory') || operands.length < 2) return undefined;
    const dest: Word = operands[operands.length - 1];
    const t = classifyPath(dest, cmd, ctx);
    const home = ctx.home?.replace(/\/+$/, '');
    const rel = home && t.path?.startsWith(`${home}/`) ? t.path.slice(home.length + 1) : undefined;
    let severity: Severity | undefined;
    if (rel !== undefined) severity = CREDENTIALS.test(rel) ? 'high' : DOTFILE.test(rel) || /^\.[^/]+$/.test(rel) ? 'medium' : undefined;
    // A system file: most that are linked over (/etc/localtime) are links already; the vital ones gate.
    else if (t.cls === 'system-root' && !/^\/(usr\/local|opt)\//.test(t.path ?? '')) severity = VITAL.test(t.path ?? '') ? 'critical' : 'medium';
    if (!severity) return undefined;
    if (flags.has('i') && severity !== 'medium') severity = 'medium';
    return {
      severity,
      span: spanFromProgram(cmd, [dest]),
      message: `Deletes ${t.what} and puts a link in its place${cmd.elevated ? ' (as root)' : ''}; what the file held is gone.`,
      context: { targetClass: t.cls },
    };
  },
};
