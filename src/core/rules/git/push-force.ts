import { isOn, optWords, parseArgs, type ParsedArgs, shown } from '../../shell/cli-args';
import type { Word } from '../../shell/model';
import type { SimpleCommand } from '../../shell/model';
import { formatCount } from '../../impact/model';
import type { CommandContext, CommitLoss, Severity } from '../../types';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { type BranchTarget, currentBranch, GIT, type GitCommand, gitFolder, namedBranch, names, protectedTarget, PUSH_SPEC, sub, worst } from './helpers';

interface PushPlan {
  p: ParsedArgs;
  remote?: Word;
  refspecs: Word[];
  force: boolean;
  lease: boolean;
  dryRun: boolean;
}

function pushPlan(g: GitCommand): PushPlan {
  const p = parseArgs(g.args, PUSH_SPEC);
  let force = false;
  let lease = false;
  for (const o of p.opts) {
    if (o.name === 'f' || o.name === 'force') force = true;
    else if (o.name === 'no-force') force = false;
    else if (o.name === 'force-with-lease') lease = true;
    else if (o.name === 'no-force-with-lease') lease = false;
  }
  const [remote, ...rest] = p.positionals;
  // `git push origin tag v1.0` names the tag in two words.
  const refspecs: Word[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i].value === 'tag' && rest[i + 1]) {
      refspecs.push({ ...rest[i + 1], value: `refs/tags/${rest[i + 1].value}` });
      i++;
    } else refspecs.push(rest[i]);
  }
  return { p, remote, refspecs, force, lease, dryRun: isOn(p, 'n', 'dry-run') };
}

interface RefUpdate {
  target: BranchTarget;
  forced: boolean;
  deleted: boolean;
  word?: Word;
  /** The local side and the remote branch, as the refspec names them (undefined: git's defaults). */
  src?: string;
  dst?: string;
}

function refUpdates(plan: PushPlan, ctx: CommandContext): RefUpdate[] {
  const del = isOn(plan.p, 'd', 'delete');
  if (isOn(plan.p, 'all', 'branches')) {
    return [{ target: { label: 'every local branch (including the default one)', branch: 'default', scope: [] }, forced: plan.force, deleted: false }];
  }
  const out: RefUpdate[] = [];
  for (const w of plan.refspecs) {
    let v = w.value;
    let forced = plan.force;
    if (v.startsWith('+')) {
      forced = true;
      v = v.slice(1);
    }
    const colon = v.lastIndexOf(':');
    if (colon === 0) {
      out.push({ target: namedBranch(v.slice(1), ctx), forced, deleted: true, word: w });
      continue;
    }
    const dst = colon === -1 ? v : v.slice(colon + 1) || v.slice(0, colon);
    out.push({ target: namedBranch(dst, ctx), forced, deleted: del, word: w, ...(w.dynamic ? {} : { src: colon === -1 ? v : v.slice(0, colon), dst }) });
  }
  if (plan.refspecs.length === 0 && !isOn(plan.p, 'tags', 'mirror')) out.push({ target: currentBranch(ctx), forced: plan.force, deleted: false });
  if (plan.refspecs.length === 0 && isOn(plan.p, 'tags')) out.push({ target: { label: 'every tag', branch: 'feature', tag: true, scope: [] }, forced: plan.force, deleted: false });
  return out;
}

/** A ref named like a release (`v1.2.0`, `2.0.1-rc1`) is a tag, whichever way it is spelled. */
const VERSION_TAG = /^(tag )?v?\d+(\.\d+)+([-+.][\w.-]*)?$/;

const ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

/**
 * What the forced updates drop, counted from local refs (ImpactReader.pushLoss): each update's
 * remote-tracking branch against what replaces it. Undefined unless every update could be read.
 */
function measuredLoss(cmd: SimpleCommand, plan: PushPlan, forced: RefUpdate[], ctx: CommandContext): CommitLoss[] | undefined {
  const impact = ctx.impact;
  if (!impact?.pushLoss || plan.remote?.dynamic || isOn(plan.p, 'all', 'branches') || forced.some((u) => u.target.tag || (u.word && u.src === undefined))) return undefined;
  const dir = gitFolder(cmd, ctx);
  if (!dir) return undefined;
  const out: CommitLoss[] = [];
  for (const u of forced) {
    const loss = impact.pushLoss(dir, { remote: plan.remote?.value, src: u.src, dst: u.dst });
    if (!loss || loss.bounded) return undefined;
    out.push(loss);
  }
  return out;
}

function commitList(loss: CommitLoss[]): string {
  const sample = loss.flatMap((l) => l.sample ?? []).slice(0, 3).map((s) => `\`${shown(s, 60)}\``);
  return sample.length ? ` (${sample.join(', ')}${loss.reduce((n, l) => n + l.commits, 0) > sample.length ? ', …' : ''})` : '';
}

function remoteName(plan: PushPlan): string {
  return plan.remote ? shown(plan.remote.value, 40) : 'the upstream remote';
}

export const pushForce: CommandRule = {
  id: 'GIT004',
  name: 'push-force',
  category: 'git',
  severity: 'high',
  triggers: [{ programs: GIT, subcommands: ['push'] }],
  summary: 'Catches pushes that overwrite or delete remote history: `--force`, `+refspec`, `--mirror`, `--delete`, `:branch` and `--prune`; worse on the default branch.',
  rationale: 'A forced push replaces the remote branch with yours, and a delete removes it; commits that only exist on the remote (a colleague\'s work, a merged PR) are lost, and on the default branch everyone\'s history is rewritten.',
  alternative: 'git push --force-with-lease origin <feature-branch>   (refuses if the remote moved); never force the default branch',
  examples: {
    fire: ['git push --force origin main', 'git push -f', 'git push origin +main', 'git push -fu origin HEAD:master', 'git push --mirror backup', 'git push origin --delete main', 'git push origin :release', 'git push origin :refs/tags/v1.0.0', 'git push --delete origin v1.0.0', 'git push --force-with-lease origin main', 'git -C ../app push --force origin feature/x'],
    pass: ['git push', 'git push origin feature/login', 'git push --force-with-lease', 'git push --force-with-lease origin feature/login', 'git push -u origin HEAD', 'git push --dry-run --force origin main', 'git push --tags'],
  },
  check(cmd, env) {
    const g = sub(cmd, 'push');
    if (!g) return undefined;
    const plan = pushPlan(g);
    if (plan.dryRun) return undefined;
    const remote = remoteName(plan);
    if (isOn(plan.p, 'mirror')) {
      return {
        severity: 'high',
        message: `git push --mirror makes ${remote} an exact copy of this clone: every remote branch and tag is force-updated, and those that do not exist here are deleted (including the default branch's newer commits).`,
        span: spanFromProgram(cmd, [g.sub, ...optWords(plan.p, 'mirror')]),
        context: { branch: 'default', scope: ['remote'] },
      };
    }
    const updates = refUpdates(plan, env.ctx);
    const deleted = updates.filter((u) => u.deleted);
    const forced = updates.filter((u) => u.forced && !u.deleted);
    const matches: RuleMatch[] = [];
    if (deleted.length) {
      const t = worst(deleted.map((u) => u.target))!;
      // A published tag is a release others build, pin and download from: deleting it is high.
      const tag = deleted.some((u) => u.target.tag || VERSION_TAG.test(u.target.label));
      matches.push({
        severity: protectedTarget(t) || tag ? 'high' : 'medium',
        message: `git push deletes ${names(deleted.map((u) => u.target))} on ${remote}; commits only reachable from there are lost for everyone.`,
        span: spanFromProgram(cmd, [g.sub, ...optWords(plan.p, 'd', 'delete'), ...deleted.flatMap((u) => (u.word ? [u.word] : []))]),
        context: { branch: t.branch, scope: ['remote', ...t.scope] },
      });
    }
    if (forced.length) {
      const t = worst(forced.map((u) => u.target))!;
      let severity: Severity = t.tag ? 'medium' : protectedTarget(t) ? 'high' : 'medium';
      let message = `git push --force overwrites ${names(forced.map((u) => u.target))} on ${remote}; remote commits that are not in your local copy are discarded${protectedTarget(t) ? ', rewriting history everyone builds on' : ''}.`;
      // Measured from the remote-tracking branches as last fetched: what the push would drop.
      const loss = measuredLoss(cmd, plan, forced, env.ctx);
      if (loss) {
        const dropped = loss.filter((l) => l.commits > 0);
        const unseen = dropped.filter((l) => !l.rewritten);
        const where = (ls: CommitLoss[]): string => [...new Set(ls.map((l) => l.ref))].join(', ');
        const count = (ls: CommitLoss[]): number => ls.reduce((n, l) => n + l.commits, 0);
        if (unseen.length) {
          severity = ORDER.indexOf(severity) < ORDER.indexOf('high') ? 'high' : severity;
          const n = count(unseen);
          message = `git push --force drops ${formatCount(n)} ${n === 1 ? 'commit' : 'commits'} on ${where(unseen)} that ${n === 1 ? 'is' : 'are'} not in your branch${commitList(unseen)}; whoever pushed ${n === 1 ? 'it' : 'them'} loses that work${protectedTarget(t) ? ', and history everyone builds on is rewritten' : ''}.`;
        } else if (dropped.length) {
          const n = count(dropped);
          message = `git push --force replaces ${formatCount(n)} ${n === 1 ? 'commit' : 'commits'} on ${where(dropped)} that your branch once held and has since rewritten (rebased or amended)${protectedTarget(t) ? '; history everyone builds on changes' : ''}; commits pushed there since your last fetch would be lost too.`;
        } else {
          // A fast-forward as far as this clone knows: lowered one step, not to nothing, since the
          // remote may have moved since the last fetch and --force would drop that unseen.
          severity = ORDER[Math.max(0, ORDER.indexOf(severity) - 1)];
          message = `git push --force drops no commit ${where(loss)} had when last fetched (your branch contains it); commits pushed there since would be lost, which --force-with-lease prevents.`;
        }
      }
      matches.push({
        severity,
        message,
        span: spanFromProgram(cmd, [g.sub, ...optWords(plan.p, 'f', 'force'), ...forced.flatMap((u) => (u.word ? [u.word] : []))]),
        context: { branch: t.branch, scope: ['remote', ...t.scope] },
      });
    } else if (plan.lease) {
      const leased = updates.filter((u) => !u.deleted);
      const t = worst(leased.map((u) => u.target));
      if (t && protectedTarget(t) && !t.tag) {
        matches.push({
          severity: 'medium',
          message: `git push --force-with-lease rewrites ${names(leased.map((u) => u.target))} on ${remote}; the lease stops you clobbering unseen commits, but the default branch's history still changes for everyone.`,
          span: spanFromProgram(cmd, [g.sub, ...optWords(plan.p, 'force-with-lease'), ...leased.flatMap((u) => (u.word ? [u.word] : []))]),
          context: { branch: t.branch, scope: ['remote', ...t.scope] },
        });
      }
    }
    if (isOn(plan.p, 'prune')) {
      matches.push({
        severity: 'high',
        message: `git push --prune deletes every branch on ${remote} that has no local counterpart, including colleagues' branches you never fetched.`,
        span: spanFromProgram(cmd, [g.sub, ...optWords(plan.p, 'prune')]),
        context: { branch: 'unnamed', scope: ['remote'] },
      });
    }
    return matches;
  },
};
