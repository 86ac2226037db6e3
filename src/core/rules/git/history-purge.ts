import { isOn, optWords, parseArgs, shown, valueOf, valuesOf } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { GIT, pathList, sub } from './helpers';

// reflog expire / gc --prune=now / prune -----------------------------------------------------

const UNIT_DAYS: Record<string, number> = { sec: 0, second: 0, min: 0, minute: 0, hour: 0, day: 1, week: 7, month: 30, year: 365 };

/** Expiry values that reach back less than a week: the safety net is cut right now. */
function expiresNow(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.toLowerCase().trim();
  if (v === 'never' || v === 'false' || v === '') return false;
  if (v === 'now' || v === 'all' || /^\d+$/.test(v)) return true;
  const m = /^(\d{1,6})[.\s_]*(sec|second|min|minute|hour|day|week|month|year)s?\b/.exec(v);
  if (!m) return false;
  return Number(m[1]) * UNIT_DAYS[m[2]] < 7;
}

export const historyPurge: CommandRule = {
  id: 'GIT007',
  name: 'history-purge',
  category: 'git',
  severity: 'high',
  triggers: [{ programs: GIT, subcommands: ['reflog', 'gc', 'prune'] }],
  summary: 'Catches `git reflog expire --expire=now`, `git gc --prune=now` and `git prune`, which destroy the history git keeps for recovery.',
  rationale: 'The reflog and unreachable objects are what lets you undo a bad reset, rebase or branch delete; expiring them now removes the only way back.',
  alternative: 'git gc   (default expiry keeps two weeks of unreachable objects and 90 days of reflog)',
  examples: {
    fire: ['git reflog expire --expire=now --all', 'git gc --prune=now', 'git gc --aggressive --prune=all', 'git prune', 'git reflog expire --expire-unreachable=now --all', 'git reflog delete HEAD@{1}'],
    pass: ['git gc', 'git gc --prune=2.weeks.ago', 'git prune -n', 'git reflog', 'git reflog expire --expire=90.days.ago', 'git prune --expire=1.month.ago'],
  },
  check(cmd) {
    const g = sub(cmd, 'reflog', 'gc', 'prune');
    if (!g) return undefined;
    if (g.sub.value === 'gc') {
      const p = parseArgs(g.args, { known: ['aggressive', 'auto', 'prune', 'no-prune', 'quiet', 'force', 'keep-largest-pack', 'cruft', 'no-cruft', 'max-cruft-size', 'detach'] });
      const prune = p.opts.filter((o) => o.name === 'prune' || o.name === 'no-prune').pop();
      if (!prune || prune.name !== 'prune' || !expiresNow(prune.value)) return undefined;
      return { message: `git gc --prune=${prune.value ?? ''} deletes every unreachable commit right now: work lost to a reset, rebase or branch delete can no longer be recovered.`, span: spanFromProgram(cmd, [g.sub, prune.word]), context: { targetClass: 'vcs-metadata' } };
    }
    if (g.sub.value === 'prune') {
      const p = parseArgs(g.args, { withValue: ['expire'], known: ['dry-run', 'verbose', 'progress', 'expire'] });
      if (isOn(p, 'n', 'dry-run')) return undefined;
      const expire = valueOf(p, 'expire');
      if (expire !== undefined && !expiresNow(expire)) return undefined;
      return { message: 'git prune deletes every unreachable object now (commits dropped by resets, rebases and branch deletes), ending any chance to recover them.', span: spanFromProgram(cmd, [g.sub]), context: { targetClass: 'vcs-metadata' } };
    }
    const p = parseArgs(g.args, { withValue: ['expire', 'expire-unreachable'], known: ['expire', 'expire-unreachable', 'rewrite', 'updateref', 'stale-fix', 'dry-run', 'verbose', 'all', 'single-worktree'] });
    const action = p.positionals[0];
    if (!action || isOn(p, 'n', 'dry-run')) return undefined;
    if (action.value === 'delete') {
      return { severity: 'medium', message: `git reflog delete removes reflog entries (${pathList(p.positionals.slice(1)) || 'none named'}) that are the way back after a bad reset or rebase.`, span: spanFromProgram(cmd, [g.sub, action]), context: { targetClass: 'vcs-metadata' } };
    }
    if (action.value !== 'expire') return undefined;
    const values = [...valuesOf(p, 'expire'), ...valuesOf(p, 'expire-unreachable')];
    const now = values.find(expiresNow);
    if (now === undefined) return undefined;
    const all = isOn(p, 'all') ? ' for every ref' : '';
    return { message: `git reflog expire --expire=${shown(now, 30)} drops the reflog${all}, the record that lets you undo resets, rebases and deleted branches.`, span: spanFromProgram(cmd, [g.sub, action, ...optWords(p, 'expire', 'expire-unreachable')]), context: { targetClass: 'vcs-metadata' } };
  },
};
