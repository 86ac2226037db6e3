/**
 * What a forced push or a branch deletion would lose, from the repository's own refs and objects
 * (git-objects.ts), never the network nor a git process. The remote-tracking branch stands for
 * the remote as last fetched; a remote that moved since is not seen, and the rules say so.
 */
import path from 'node:path';
import type { CommitLoss } from '../core/types';
import { currentBranch, findGitLocation, type GitLocation, objectIdBytes, readGitConfigValue, readText } from './git-context';
import { commitsOnlyIn, ObjectStore, peelToCommit, readRefs, shallowCommits, type WalkBounds, worktreeHeads } from './git-objects';

export const DEFAULT_WALK: Readonly<WalkBounds> = { maxCommits: 20_000, maxMs: 100 };

/** Kept refs read at most for a branch deletion (a repository with more tags than this is unknown). */
const MAX_KEPT = 5_000;

const OID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** A ref, a branch or tag name, HEAD or a full object id, as the object id it names; undefined for anything else (`HEAD~2`, `@{u}`). */
function resolve(name: string, loc: GitLocation, refs: Map<string, string>): string | undefined {
  if (name === 'HEAD' || name === '@') {
    const head = readText(path.join(loc.gitDir, 'HEAD'))?.trim() ?? '';
    const ref = /^ref:\s*(refs\/\S+)$/.exec(head)?.[1];
    return ref ? refs.get(ref) : OID.test(head) ? head : undefined;
  }
  if (OID.test(name)) return name;
  for (const full of [name, `refs/${name}`, `refs/heads/${name}`, `refs/tags/${name}`]) {
    const oid = refs.get(full);
    if (oid && full.startsWith('refs/')) return oid;
  }
  return undefined;
}

function walk(loc: GitLocation, config: string | undefined, tip: string, keep: string[], bounds: WalkBounds): ReturnType<typeof commitsOnlyIn> {
  const store = new ObjectStore(path.join(loc.commonDir, 'objects'), objectIdBytes(config));
  try {
    // Tags name commits through tag objects; a ref to a tree or a blob keeps no commit.
    const kept = keep.map((k) => peelToCommit(store, k)).filter((k): k is string => !!k);
    return commitsOnlyIn(store, tip, kept, { ...bounds, shallow: shallowCommits(loc.commonDir) });
  } finally {
    store.close();
  }
}

/** See ImpactReader.pushLoss. */
export function pushLoss(dir: string, push: { remote?: string; src?: string; dst?: string }, bounds: WalkBounds = DEFAULT_WALK): CommitLoss | undefined {
  const loc = findGitLocation(dir);
  if (!loc) return undefined;
  const refs = readRefs(loc.commonDir);
  if (!refs) return undefined;
  const config = readText(path.join(loc.commonDir, 'config'));
  const cur = currentBranch(loc);
  const branchValue = (key: string): string | undefined => (cur ? readGitConfigValue(config, 'branch', key, cur) : undefined);
  // The remote as git picks it: branch.<name>.pushRemote, remote.pushDefault, branch.<name>.remote, origin.
  const remote = push.remote ?? branchValue('pushremote') ?? readGitConfigValue(config, 'remote', 'pushdefault') ?? branchValue('remote') ?? 'origin';
  // A URL or a path has no remote-tracking branches to compare with.
  if (!/^[\w.-]+$/.test(remote) || !readGitConfigValue(config, 'remote', 'url', remote)) return undefined;
  let src = push.src;
  let dst = push.dst;
  if (src === undefined) {
    if (!cur) return undefined;
    src = `refs/heads/${cur}`;
    // push.default simple (the default) and upstream push to the branch's upstream on its own remote.
    const mode = (readGitConfigValue(config, 'push', 'default') ?? 'simple').toLowerCase();
    const merge = branchValue('merge');
    if (dst === undefined && (mode === 'simple' || mode === 'upstream') && merge && branchValue('remote') === remote) dst = merge;
  }
  if (dst === undefined || dst === 'HEAD' || dst === '@') dst = src === 'HEAD' || src === '@' ? cur : src;
  if (!dst) return undefined;
  dst = dst.replace(/^refs\/heads\//, '');
  if (dst.startsWith('refs/')) return undefined;
  const tracking = refs.get(`refs/remotes/${remote}/${dst}`);
  const local = resolve(src, loc, refs);
  if (!tracking || !local) return undefined;
  const only = walk(loc, config, tracking, [local], bounds);
  if (!only) return undefined;
  const loss: CommitLoss = { ref: `${remote}/${dst}`, commits: only.commits, bounded: only.bounded, sample: only.sample };
  // --force-if-includes' test: the local branch's reflog holds the remote-tracking tip, so the
  // commits it drops are ones this clone had and rewrote.
  const srcRef = src === 'HEAD' || src === '@' ? (cur ? `refs/heads/${cur}` : undefined) : src.startsWith('refs/') ? src : `refs/heads/${src}`;
  const reflog = srcRef ? readText(path.join(loc.commonDir, 'logs', srcRef)) : undefined;
  if (only.commits > 0 && reflog?.split('\n').some((l) => l.startsWith(`${tracking} `) || l.split(' ')[1] === tracking)) loss.rewritten = true;
  return loss;
}

/** See ImpactReader.branchLoss. */
export function branchLoss(dir: string, branch: string, bounds: WalkBounds = DEFAULT_WALK): CommitLoss | undefined {
  const loc = findGitLocation(dir);
  if (!loc) return undefined;
  const refs = readRefs(loc.commonDir);
  const name = `refs/heads/${branch.replace(/^refs\/heads\//, '')}`;
  const tip = refs?.get(name);
  if (!refs || !tip) return undefined;
  const keep = [...refs].filter(([r]) => r !== name).map(([, oid]) => oid);
  keep.push(...worktreeHeads(loc.gitDir, loc.commonDir, refs));
  const kept = [...new Set(keep)];
  if (kept.length > MAX_KEPT) return undefined;
  const only = walk(loc, readText(path.join(loc.commonDir, 'config')), tip, kept, bounds);
  return only && { ref: name.slice(11), commits: only.commits, bounded: only.bounded, sample: only.sample };
}
