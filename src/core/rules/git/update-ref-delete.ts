import { isOn, optWords, parseArgs, shown } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { type BranchTarget, GIT, namedBranch, names, protectedTarget, sub, worst } from './helpers';

// update-ref -d -----------------------------------------------------------------------------

export const updateRefDelete: CommandRule = {
  id: 'GIT009',
  name: 'update-ref-delete',
  category: 'git',
  severity: 'high',
  triggers: [{ programs: GIT, subcommands: ['update-ref'] }],
  summary: 'Catches `git update-ref -d`, the plumbing way to delete a branch or other ref without any merge check.',
  rationale: 'Plumbing skips every safety check porcelain has: the ref goes away even when it is the only name for unmerged commits.',
  alternative: 'git branch -d <branch>   (refuses to delete unmerged work), or tag the commit before deleting the ref',
  examples: {
    fire: ['git update-ref -d refs/heads/main', 'git update-ref -d refs/heads/wip', 'git update-ref --stdin <<< "delete refs/heads/old"'],
    pass: ['git update-ref refs/heads/wip HEAD', 'git show-ref', 'git update-ref -m "move" refs/heads/x HEAD~1'],
  },
  check(cmd, env) {
    const g = sub(cmd, 'update-ref');
    if (!g) return undefined;
    const p = parseArgs(g.args, { shortWithValue: 'm', withValue: ['message'] });
    let refs: string[] = [];
    if (isOn(p, 'd')) refs = p.positionals.slice(0, 1).map((w) => w.value);
    else if (isOn(p, 'stdin') && cmd.stdinText) {
      refs = cmd.stdinText.slice(0, 4096).split(/\n|\0/).map((l) => l.trim()).filter((l) => l.startsWith('delete ')).map((l) => l.split(/\s+/)[1] ?? '');
    }
    if (refs.length === 0) return undefined;
    const targets = refs.map((r): BranchTarget => (r.startsWith('refs/heads/') ? namedBranch(r, env.ctx) : { label: shown(r), branch: 'feature', scope: [] }));
    const t = worst(targets)!;
    return {
      severity: protectedTarget(t) ? 'high' : 'medium',
      message: `git update-ref deletes ${names(targets)} without checking whether its commits are merged anywhere.`,
      span: spanFromProgram(cmd, [g.sub, ...optWords(p, 'd', 'stdin'), ...p.positionals.slice(0, 1)]),
      context: { branch: t.branch, scope: t.scope },
    };
  },
};
