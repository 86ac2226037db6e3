import { type CommandRule, spanFromProgram } from '../rule';
import { RECURSIVE, splitArgs, targetsOf, worst } from './helpers';

export const moveDestroys: CommandRule = {
  id: 'FS006',
  name: 'move-destroys',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['mv'] }],
  summary: 'Moves a system directory, a home directory or a repository\'s .git away, or moves files into /dev/null.',
  rationale: 'Moving /etc or ~ breaks the machine or the user\'s session as surely as deleting them; mv into /dev/null destroys the file.',
  alternative: 'Copy instead of moving (`cp -a`), or rename inside the project where it can be moved back.',
  examples: {
    fire: ['mv ~ /tmp/old-home', 'sudo mv /etc /etc.old', 'mv .git /tmp/git-backup', 'mv important.db /dev/null'],
    pass: ['mv src/a.ts src/b.ts', 'mv build dist', 'mv ~/Downloads/file.zip .', 'mv --help'],
  },
  check(cmd, { ctx }) {
    const { flags, operands } = splitArgs(cmd.args);
    if (flags.has('help') || operands.length < 2) return undefined;
    const dest = operands[operands.length - 1];
    if (dest.value === '/dev/null') {
      return { severity: 'high', span: spanFromProgram(cmd, [dest]), message: `Moves ${operands.slice(0, -1).map((w) => w.value).join(', ')} into /dev/null, which destroys it.` };
    }
    // Moving a file out of a folder is everyday work; moving the folder itself is not.
    const sources = targetsOf(cmd, operands.slice(0, -1), ctx).filter((x) => x.t.cls !== 'home' || x.t.what.includes('credentials') || x.t.what === 'your home directory');
    const hit = worst(sources, { ...RECURSIVE, 'workspace-source': undefined, 'outside-workspace': undefined, glob: undefined, 'workspace-unknown': undefined, dynamic: undefined, 'vcs-metadata': 'medium' });
    if (!hit) return undefined;
    return {
      severity: hit.severity,
      span: spanFromProgram(cmd, [hit.target.word]),
      message: `Moves ${hit.target.t.what} away; whatever relies on it (the system, your session, the repository) breaks.`,
      context: { targetClass: hit.target.t.cls },
    };
  },
};
