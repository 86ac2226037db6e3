import { formatCount } from '../../impact/model';
import { isOn, type OptionSpec, optWords, parseArgs, shown } from '../../shell/cli-args';
import type { SimpleCommand, Word } from '../../shell/model';
import type { CommandContext, CommitLoss, Severity } from '../../types';
import { type CommandRule, spanFromProgram } from '../rule';
import { GIT, gitFolder, namedBranch, names, sub, worst } from './helpers';

// git branch -D -----------------------------------------------------------------------------

const BRANCH_SPEC: OptionSpec = {
  shortWithValue: 'ut',
  withValue: ['set-upstream-to', 'format', 'sort', 'points-at', 'contains', 'no-contains', 'merged', 'no-merged', 'color', 'column'],
  known: ['delete', 'force', 'remotes', 'all', 'list', 'move', 'copy', 'verbose', 'quiet', 'track', 'no-track', 'set-upstream-to', 'unset-upstream', 'edit-description', 'contains', 'no-contains', 'merged', 'no-merged', 'points-at', 'format', 'sort', 'color', 'no-color', 'column', 'no-column', 'ignore-case', 'omit-empty', 'create-reflog', 'recurse-submodules', 'show-current', 'abbrev', 'no-abbrev'],
};

/** What deleting each named branch loses (ImpactReader.branchLoss); undefined unless every one could be read. */
function measuredLoss(cmd: SimpleCommand, branches: readonly Word[], ctx: CommandContext): CommitLoss[] | undefined {
  const impact = ctx.impact;
  if (!impact?.branchLoss || branches.some((w) => w.dynamic || w.glob)) return undefined;
  const dir = gitFolder(cmd, ctx);
  if (!dir) return undefined;
  const out: CommitLoss[] = [];
  for (const w of branches) {
    const loss = impact.branchLoss(dir, w.value);
    if (!loss || loss.bounded) return undefined;
    out.push(loss);
  }
  return out;
}

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
    let severity: Severity = t.branch === 'default' ? 'high' : 'medium';
    let message = `git branch -D deletes ${names(targets)} even if ${targets.length > 1 ? 'they hold' : 'it holds'} commits that were never merged or pushed.`;
    // Measured from the repository's refs: the commits no other branch, tag or remote holds.
    const loss = measuredLoss(cmd, p.positionals, env.ctx);
    if (loss) {
      const lost = loss.filter((l) => l.commits > 0);
      const n = lost.reduce((sum, l) => sum + l.commits, 0);
      if (n > 0) {
        severity = 'high';
        const sample = lost.flatMap((l) => l.sample ?? []).slice(0, 3).map((s) => `\`${shown(s, 60)}\``);
        message = `git branch -D deletes ${names(targets)} with ${formatCount(n)} ${n === 1 ? 'commit' : 'commits'} that no other branch, tag or remote holds${sample.length ? ` (${sample.join(', ')}${n > sample.length ? ', …' : ''})` : ''}; only the reflog finds ${n === 1 ? 'it' : 'them'} until git's garbage collection.`;
      } else {
        severity = 'low';
        message = `git branch -D deletes ${names(targets)}, whose every commit another branch, tag or remote still holds.`;
      }
    }
    return {
      severity,
      message,
      span: spanFromProgram(cmd, [g.sub, ...optWords(p, 'D', 'd', 'delete', 'f', 'force'), ...p.positionals]),
      context: { branch: t.branch, scope: t.scope },
    };
  },
};
