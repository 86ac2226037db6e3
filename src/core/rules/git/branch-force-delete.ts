import { isOn, type OptionSpec, optWords, parseArgs } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { GIT, namedBranch, names, sub, worst } from './helpers';

// git branch -D -----------------------------------------------------------------------------

const BRANCH_SPEC: OptionSpec = {
  shortWithValue: 'ut',
  withValue: ['set-upstream-to', 'format', 'sort', 'points-at', 'contains', 'no-contains', 'merged', 'no-merged', 'color', 'column'],
  known: ['delete', 'force', 'remotes', 'all', 'list', 'move', 'copy', 'verbose', 'quiet', 'track', 'no-track', 'set-upstream-to', 'unset-upstream', 'edit-description', 'contains', 'no-contains', 'merged', 'no-merged', 'points-at', 'format', 'sort', 'color', 'no-color', 'column', 'no-column', 'ignore-case', 'omit-empty', 'create-reflog', 'recurse-submodules', 'show-current', 'abbrev', 'no-abbrev'],
};

export const branchForceDelete: CommandRule = {
  id: 'GIT005',
  name: 'branch-force-delete',
  category: 'git',
  severity: 'high',
  triggers: [{ programs: GIT, subcommands: ['branch'] }],
  summary: 'Catches `git branch -D` (and `-d --force`), which deletes a branch even when its commits were never merged.',
  rationale: 'Deleting an unmerged branch drops the only name for its commits together with the branch reflog; they are recoverable only by digging through `git reflog` before garbage collection runs.',
  alternative: 'git branch -d <branch>   (refuses when the branch is not merged), or tag it first: git tag backup/<branch> <branch>',
  examples: {
    fire: ['git branch -D feature/old', 'git branch -d --force wip', 'git branch --delete --force main', 'git branch -Dq spike'],
    pass: ['git branch -d feature/old', 'git branch -D -r origin/feature/old', 'git branch -a', 'git branch --contains -D'],
  },
  check(cmd, env) {
    const g = sub(cmd, 'branch');
    if (!g) return undefined;
    const p = parseArgs(g.args, BRANCH_SPEC);
    const forceDelete = isOn(p, 'D') || (isOn(p, 'd', 'delete') && isOn(p, 'f', 'force'));
    if (!forceDelete || p.positionals.length === 0) return undefined;
    // Remote-tracking refs are a cache of the remote; the next fetch recreates them.
    if (isOn(p, 'r', 'remotes')) return undefined;
    const targets = p.positionals.map((w) => namedBranch(w.value, env.ctx));
    const t = worst(targets)!;
    // Branch lists computed at run time are usually filtered cleanups: "cannot tell" is medium.
    return {
      severity: t.branch === 'default' ? 'high' : 'medium',
      message: `git branch -D deletes ${names(targets)} even if ${targets.length > 1 ? 'they hold' : 'it holds'} commits that were never merged or pushed.`,
      span: spanFromProgram(cmd, [g.sub, ...optWords(p, 'D', 'd', 'delete', 'f', 'force'), ...p.positionals]),
      context: { branch: t.branch, scope: t.scope },
    };
  },
};
