import type { SimpleCommand, Word } from '../../shell/model';
import type { CommandContext } from '../../types';
import { classifyPath } from '../paths';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { RECURSIVE, splitArgs, targetsOf, worst } from './helpers';

export const moveDestroys: CommandRule = {
  id: 'FS006',
  name: 'move-destroys',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['mv'] }],
  summary: 'Moves a system directory, a home directory or a repository\'s .git away, moves a folder of the project\'s source out of the workspace, or moves files into /dev/null.',
  rationale: 'Moving /etc or ~ breaks the machine or the user\'s session as surely as deleting them; mv into /dev/null destroys the file.',
  alternative: 'Copy instead of moving (`cp -a`), or rename inside the project where it can be moved back.',
  examples: {
    fire: ['mv ~ /tmp/old-home', 'sudo mv /etc /etc.old', 'mv .git /tmp/git-backup', 'mv important.db /dev/null', 'mv src /tmp/'],
    pass: ['mv src/a.ts src/b.ts', 'mv build dist', 'mv ~/Downloads/file.zip .', 'mv --help', 'mv src/old.ts /tmp/', 'mv dist /tmp/'],
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
    if (!hit) return outOfProject(cmd, operands, ctx);
    return {
      severity: hit.severity,
      span: spanFromProgram(cmd, [hit.target.word]),
      message: `Moves ${hit.target.t.what} away; whatever relies on it (the system, your session, the repository) breaks.`,
      context: { targetClass: hit.target.t.cls },
    };
  },
};

/**
 * A folder of the project's source moved out of the workspace (`mv src /tmp/`, `mv packages ~/old`):
 * the project loses it, and a temp folder is emptied on the next boot or by the next cleaner. A
 * file moved out, or anything moved within the project, is everyday work.
 */
function outOfProject(cmd: SimpleCommand, operands: readonly Word[], ctx: CommandContext): RuleMatch | undefined {
  const dest = classifyPath(operands[operands.length - 1], cmd, ctx);
  if (!['temp', 'outside-workspace', 'home'].includes(dest.cls)) return undefined;
  for (const w of operands.slice(0, -1)) {
    const t = classifyPath(w, cmd, ctx);
    const last = w.value.replace(/\/+$/, '').split('/').pop() ?? '';
    if (t.cls !== 'workspace-source' || t.stateFile || /\.[A-Za-z0-9]{1,8}$/.test(last) || w.glob) continue;
    return {
      severity: 'medium',
      span: spanFromProgram(cmd, [w, operands[operands.length - 1]]),
      message: `Moves the project's ${t.what} out of the workspace, to ${dest.what}${dest.cls === 'temp' ? ', a temp folder that is emptied without asking' : ''}.`,
      context: { targetClass: t.cls },
    };
  }
  return undefined;
}
