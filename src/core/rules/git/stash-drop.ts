import { parseArgs, shown } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { GIT, repositoryOf, sub } from './helpers';

// git stash drop / clear --------------------------------------------------------------------

export const stashDrop: CommandRule = {
  id: 'GIT006',
  name: 'stash-drop',
  category: 'git',
  severity: 'high',
  triggers: [{ programs: GIT, subcommands: ['stash'] }],
  summary: 'Catches `git stash drop` and `git stash clear`, which delete stashed work.',
  rationale: 'A stash is uncommitted work set aside; once dropped it is reachable only through `git fsck --unreachable` until garbage collection, and `clear` drops every stash at once.',
  alternative: 'git stash list && git stash show -p stash@{0}   (check it first), or git stash branch <name> to keep it as a branch',
  examples: {
    fire: ['git stash clear', 'git stash drop', 'git stash drop stash@{2}', 'git stash drop -q'],
    pass: ['git stash', 'git stash pop', 'git stash list', 'git stash push -m "wip drop"'],
  },
  check(cmd, { ctx }) {
    const g = sub(cmd, 'stash');
    if (!g) return undefined;
    const p = parseArgs(g.args, { shortWithValue: 'm', withValue: ['message', 'pathspec-from-file'] });
    const action = p.positionals[0];
    if (!action) return undefined;
    // With no stash at all there is nothing to lose (git says so and does nothing).
    const stashes = action.value === 'clear' || action.value === 'drop' ? repositoryOf(cmd, ctx)?.stashes : undefined;
    if (stashes === 0) {
      return { severity: 'low', message: `git stash ${action.value} loses nothing here: the repository keeps no stash.`, span: spanFromProgram(cmd, [g.sub, action]) };
    }
    if (action.value === 'clear') {
      const all = stashes ? `all ${stashes} stash ${stashes === 1 ? 'entry' : 'entries'}` : 'every stash entry';
      return { severity: 'high', message: `git stash clear deletes ${all} at once; the stashed work has no other copy.`, span: spanFromProgram(cmd, [g.sub, action]) };
    }
    if (action.value === 'drop') {
      const which = p.positionals[1] ? shown(p.positionals[1].value) : 'the latest stash (stash@{0})';
      return { severity: 'medium', message: `git stash drop deletes ${which}; its uncommitted work is only recoverable with git fsck until the next gc.`, span: spanFromProgram(cmd, [g.sub, ...p.positionals.slice(0, 2)]) };
    }
    return undefined;
  },
};
