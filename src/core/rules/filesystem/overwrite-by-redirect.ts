import type { SimpleCommand, Word } from '../../shell/model';
import type { CommandContext, Severity } from '../../types';
import { classifyPath, type ResolvedTarget } from '../paths';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { DEVICE, splitArgs } from './helpers';

/** System files whose loss stops the machine booting or anyone logging in. */
export const VITAL = /^\/(etc\/(passwd|shadow|group|gshadow|sudoers|fstab|crypttab|hosts|resolv\.conf|ssh\/sshd_config|pam\.d\/.*|default\/grub)|boot\/.*)$/;

/** Pseudo-files that take output without keeping it, or that other rules own (/proc, /sys). */
const HARMLESS = /^\/(dev\/(null|zero|stdout|stderr|tty|fd\/\d+|pts\/\d+|full|random|urandom|console)|proc\/|sys\/)/;

/** Shell start-up and tool configuration files in the home: losing them loses a user's setup. */
export const DOTFILE = /^(\.(bashrc|bash_profile|bash_login|profile|zshrc|zprofile|zshenv|zlogin|inputrc|vimrc|tmux\.conf|gitconfig|npmrc|yarnrc|netrc|pgpass|my\.cnf|docker\/config\.json|kube\/config|aws\/(credentials|config)|config\/.*)|\.ssh\/.*|\.gnupg\/.*)$/;

/**
 * How bad it is to empty or replace `t`, or undefined when it is everyday work (the project's
 * own files, which edit watching sees, build output, temp, the null device).
 */
function overwriteSeverity(t: ResolvedTarget, home: string | undefined): Severity | undefined {
  const p = t.path ?? '';
  if (p && HARMLESS.test(p)) return undefined;
  if (p && DEVICE.test(p)) return 'critical';
  switch (t.cls) {
    case 'system-root':
      // A file in a drop-in folder (/etc/apt/sources.list.d/x.list, /etc/sysctl.d/99-x.conf) is
      // most often a new one the command adds: a warning, not the gate.
      return VITAL.test(p) ? 'critical' : /\.d\/[^/]+$/.test(p) ? 'medium' : 'high';
    case 'home':
    case 'outside-workspace': {
      const rel = home && p.startsWith(`${home}/`) ? p.slice(home.length + 1) : undefined;
      if (rel !== undefined) return DOTFILE.test(rel) ? 'high' : 'medium';
      return t.cls === 'home' ? 'high' : 'medium';
    }
    case 'workspace-source':
      return t.stateFile ? (/\.tfstate|\.(sqlite3?|db)$/i.test(p || t.what) ? 'high' : 'medium') : undefined;
    default:
      return undefined;
  }
}

interface Written {
  word: Word;
  how: string;
}

/** The files a command empties or replaces wholesale: `>` and `>|` targets, tee without -a, cp /dev/null. */
function written(cmd: SimpleCommand): Written[] {
  const out: Written[] = [];
  for (const r of cmd.redirects) {
    if (r.target && (r.op === '>' || r.op === '>|' || r.op === '&>')) out.push({ word: r.target, how: 'Empties and rewrites' });
  }
  if (cmd.program === 'tee') {
    const { flags, operands } = splitArgs(cmd.args);
    if (!flags.has('a') && !flags.has('append')) for (const w of operands) out.push({ word: w, how: 'Replaces the contents of' });
  }
  if (cmd.program === 'cp') {
    const { operands } = splitArgs(cmd.args);
    if (operands.length === 2 && operands[0].value === '/dev/null') out.push({ word: operands[1], how: 'Empties' });
  }
  return out;
}

export const overwriteByRedirect: CommandRule = {
  id: 'FS014',
  name: 'overwrite-by-redirect',
  category: 'filesystem',
  severity: 'critical',
  onRedirect: true,
  triggers: [{ programs: ['tee'] }, { programs: ['cp'], subcommands: ['/dev/null'] }],
  summary: 'Empties or replaces a system file, a home dotfile or credential, or a state file through `>`, `tee` or `cp /dev/null`, with no copy of what it held.',
  rationale:
    'A redirect truncates its target before the command even runs: `> /etc/passwd` or `echo x > ~/.ssh/authorized_keys` loses the old contents at once, with no trash and, outside the project, no version control. Appending (`>>`, `tee -a`) keeps them.',
  alternative: 'Append with `>>` if that is what you mean, or copy the file first (`cp FILE FILE.bak`) and edit it; for system files use the tool that owns them (`visudo`, `usermod`).',
  examples: {
    fire: ['> /etc/passwd', 'echo "" > ~/.ssh/authorized_keys', 'echo x | sudo tee /etc/hosts', 'cp /dev/null ~/.bashrc', 'printf "" > terraform.tfstate', 'cat /dev/null > ~/.zsh_history'],
    pass: ['echo hi > notes.txt', 'npm test > test.log 2>&1', 'echo x >> ~/.bashrc', 'echo x | tee -a ~/.bashrc', 'cmd > /dev/null 2>&1', 'echo hi > /tmp/out.txt', 'cat > src/app.ts <<EOF\nx\nEOF'],
  },
  check(cmd, { ctx }) {
    if (cmd.remote) return undefined;
    const hits: RuleMatch[] = [];
    for (const w of written(cmd)) {
      const t = classifyPath(w.word, cmd, ctx);
      const severity = overwriteSeverity(t, homePath(ctx));
      if (!severity) continue;
      hits.push({ severity, span: spanFromProgram(cmd, [w.word]), message: `${w.how} ${t.what}, losing what it held${cmd.elevated ? ' (as root)' : ''}.`, context: { targetClass: t.cls } });
    }
    return hits.length ? hits : undefined;
  },
};

function homePath(ctx: CommandContext): string | undefined {
  return ctx.home?.replace(/\/+$/, '');
}
