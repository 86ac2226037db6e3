import type { Severity } from '../../types';
import { classifyPath } from '../paths';
import { type CommandRule, spanFromProgram } from '../rule';
import { splitArgs } from './helpers';
import { DOTFILE, VITAL } from './overwrite-by-redirect';

/** Home files that hold keys and credentials. */
const CREDENTIALS = /^(\.ssh|\.gnupg|\.aws|\.kube|\.docker|\.password-store)\/|^\.(netrc|pgpass)$/;

export const copyOverwrites: CommandRule = {
  id: 'FS018',
  name: 'copy-overwrites',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['cp', 'mv'] }],
  summary: 'Copies or moves a file over a vital system file, a home key, credential or dotfile, or a database or Terraform state, replacing what it held.',
  rationale:
    'cp and mv replace an existing destination without a word: `cp backup.db data/app.db` loses every row written since, `mv new ~/.ssh/authorized_keys` every key that was there, and `cp x /etc/passwd` every account. None of these is in version control.',
  alternative: 'Keep the old one (`cp --backup=numbered`, `mv -b`), refuse to overwrite (`cp -n`), or copy it away first.',
  examples: {
    fire: ['cp /tmp/passwd /etc/passwd', 'mv new_keys ~/.ssh/authorized_keys', 'cp backup/app.db data/app.db', 'cp staging.tfstate terraform.tfstate', 'cp ~/dotfiles/.zshrc ~/.zshrc'],
    pass: ['cp -n backup/app.db data/app.db', 'cp --backup=numbered x ~/.zshrc', 'cp .env.example .env', 'cp src/a.ts src/b.ts', 'mv dist/app.js dist/app.old.js', 'cp app.db /tmp/app.db', 'cp nginx.conf /etc/nginx/sites-available/app'],
  },
  check(cmd, { ctx }) {
    if (cmd.remote) return undefined;
    const { flags, operands } = splitArgs(cmd.args);
    if (flags.has('help') || operands.length !== 2) return undefined;
    // -n/--no-clobber and --update=none never replace; -b/--backup keeps the old one.
    if (flags.has('n') || flags.has('no-clobber') || flags.has('b') || flags.has('backup') || flags.has('t') || flags.has('target-directory')) return undefined;
    if (cmd.args.some((a) => a.value === '--update=none' || a.value === '--update=none-fail')) return undefined;
    const dest = operands[1];
    if (/\/$/.test(dest.value) || dest.value === '.' || dest.value === '..') return undefined;
    const t = classifyPath(dest, cmd, ctx);
    const p = t.path ?? '';
    const home = ctx.home?.replace(/\/+$/, '');
    const rel = home && p.startsWith(`${home}/`) ? p.slice(home.length + 1) : undefined;
    let severity: Severity | undefined;
    if (t.cls === 'system-root' && VITAL.test(p)) severity = 'critical';
    else if (t.stateFile && /\.tfstate|\.(sqlite3?|db)$/i.test(p || t.what)) severity = 'high';
    else if (rel !== undefined && (t.cls === 'home' || t.cls === 'outside-workspace')) severity = CREDENTIALS.test(rel) ? 'high' : DOTFILE.test(rel) ? 'medium' : undefined;
    if (!severity) return undefined;
    // -i asks before it replaces: a warning at most (an agent at the terminal can answer).
    if (flags.has('i') && !flags.has('f') && severity !== 'medium') severity = 'medium';
    return {
      severity,
      span: spanFromProgram(cmd, [dest]),
      message: `${cmd.program === 'mv' ? 'Moves' : 'Copies'} ${operands[0].value} over ${t.what}, replacing what it held${cmd.elevated ? ' (as root)' : ''}.`,
      context: { targetClass: t.cls },
    };
  },
};
