import { isOn, optWords, parseArgs, shown } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { GIT, pathList, sub } from './helpers';

// git worktree remove --force / submodule deinit --force -------------------------------------

export const worktreeForceRemove: CommandRule = {
  id: 'GIT012',
  name: 'worktree-force-remove',
  category: 'git',
  severity: 'high',
  triggers: [{ programs: GIT, subcommands: ['worktree', 'submodule'] }],
  summary: 'Catches `git worktree remove --force` and `git submodule deinit --force`, which delete a checkout together with its uncommitted and untracked files.',
  rationale: 'Without `--force` git refuses to remove a dirty worktree or submodule; with it, the edits and new files there are deleted with no copy.',
  alternative: 'git -C <worktree> status, commit or stash there, then git worktree remove <path> without --force',
  examples: {
    fire: ['git worktree remove --force ../hotfix', 'git worktree remove -f -f ../locked', 'git submodule deinit -f --all'],
    pass: ['git worktree remove ../hotfix', 'git worktree prune', 'git worktree list', 'git submodule deinit vendor/lib'],
  },
  check(cmd) {
    const g = sub(cmd, 'worktree', 'submodule');
    if (!g) return undefined;
    const p = parseArgs(g.args, { withValue: ['reason', 'expire'] });
    const action = p.positionals[0];
    if (!action || !isOn(p, 'f', 'force')) return undefined;
    if (g.sub.value === 'worktree' && action.value === 'remove') {
      const path = p.positionals[1] ? shown(p.positionals[1].value) : 'the worktree';
      return { severity: 'high', message: `git worktree remove --force deletes ${path} with its uncommitted and untracked files.`, span: spanFromProgram(cmd, [g.sub, action, ...optWords(p, 'f', 'force')]) };
    }
    if (g.sub.value === 'submodule' && action.value === 'deinit') {
      const which = isOn(p, 'all') ? 'every submodule' : pathList(p.positionals.slice(1)) || 'the submodule';
      return { severity: 'medium', message: `git submodule deinit --force empties the working tree of ${which}, local changes included.`, span: spanFromProgram(cmd, [g.sub, action, ...optWords(p, 'f', 'force')]) };
    }
    return undefined;
  },
};
