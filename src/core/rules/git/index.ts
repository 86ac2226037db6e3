/**
 * Git: commands that throw away uncommitted work, rewrite or delete shared history, or switch
 * off the repository's own safety checks. Everyday git (status, log, diff, add, commit, pull,
 * fetch, ordinary push, switching branches) stays silent.
 */
import type { RulePack } from '../rule';
import { branchForceDelete } from './branch-force-delete';
import { cleanForce } from './clean-force';
import { discardWorktreeChanges } from './discard-worktree-changes';
import { historyPurge } from './history-purge';
import { historyRewrite } from './history-rewrite';
import { hooksBypassed } from './hooks-bypassed';
import { hostedRepoDelete } from './hosted-repo-delete';
import { pushForce } from './push-force';
import { resetHard } from './reset-hard';
import { rmTracked } from './rm-tracked';
import { stashDrop } from './stash-drop';
import { updateRefDelete } from './update-ref-delete';
import { worktreeForceRemove } from './worktree-force-remove';
import { gitExtrasDiscard } from './git-extras-discard';

export const gitPack: RulePack = {
  name: 'git',
  description: 'Discarded uncommitted work, force-pushed or deleted branches, purged history, bypassed hooks and deleted hosted repositories.',
  rules: [resetHard, cleanForce, discardWorktreeChanges, pushForce, branchForceDelete, stashDrop, historyPurge, historyRewrite, updateRefDelete, hooksBypassed, rmTracked, worktreeForceRemove, hostedRepoDelete, gitExtrasDiscard],
};
