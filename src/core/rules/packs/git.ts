/**
 * Git: commands that throw away uncommitted work, rewrite or delete shared history, or switch
 * off the repository's own safety checks. Everyday git (status, log, diff, add, commit, pull,
 * fetch, ordinary push, switching branches) stays silent.
 */
import type { SimpleCommand, Word } from '../../shell/model';
import type { BranchClass, CommandContext, ScopeClass, Severity } from '../../types';
import { countOf, isOn, type OptionSpec, optWords, parseArgs, type ParsedArgs, shown, valueOf, valuesOf, withStdinArgs } from '../../shell/cli-args';
import { type CommandRule, type RuleMatch, type RulePack, spanFromProgram } from '../rule';

const GIT = ['git'];

/** `git [global options] SUB args…`, with the `-c name=value` settings given on the line. */
interface GitCommand {
  sub: Word;
  args: Word[];
  config: Map<string, string>;
}

/** Global options that take the next word as their value. */
const GLOBAL_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix', '--attr-source', '--list-cmds']);

function gitCommand(cmd: SimpleCommand): GitCommand | undefined {
  const config = new Map<string, string>();
  const args = cmd.args;
  const n = Math.min(args.length, 64);
  for (let i = 0; i < n; i++) {
    const v = args[i].value;
    if (!v.startsWith('-')) return { sub: args[i], args: withStdinArgs(cmd, args.slice(i + 1)), config };
    if (GLOBAL_WITH_VALUE.has(v)) {
      const next = args[i + 1]?.value;
      if (v === '-c' && next) setConfig(config, next);
      i++;
    } else if (v.startsWith('-c') && v.length > 2 && !v.startsWith('--')) setConfig(config, v.slice(2));
  }
  return undefined;
}

function setConfig(config: Map<string, string>, kv: string): void {
  const eq = kv.indexOf('=');
  // `-c name` alone means true.
  if (eq === -1) config.set(kv.toLowerCase(), 'true');
  else config.set(kv.slice(0, eq).toLowerCase(), kv.slice(eq + 1));
}

function configFalse(v: string | undefined): boolean {
  return v !== undefined && ['false', 'no', 'off', '0'].includes(v.toLowerCase());
}

function sub(cmd: SimpleCommand, ...names: string[]): GitCommand | undefined {
  const g = gitCommand(cmd);
  return g && names.includes(g.sub.value) ? g : undefined;
}

// Branches ------------------------------------------------------------------------------------

const DEFAULT_NAMES = ['main', 'master', 'trunk'];

/** Branches that deploy somewhere (`production`, `prod`, `live`, `stable`) are guarded like the default one. */
const DEPLOY_BRANCH = /^(?:prod|production|prd|live|stable)$/;
/** Release lines (`release`, `release/2.x`, `releases/1.4`) are shared history too. */
const RELEASE_BRANCH = /^releases?(?:[/-].{1,100})?$/;

function isDefaultBranch(name: string, ctx: CommandContext): boolean {
  return name === ctx.defaultBranch || DEFAULT_NAMES.includes(name) || DEPLOY_BRANCH.test(name) || RELEASE_BRANCH.test(name);
}

interface BranchTarget {
  /** Shown in messages. */
  label: string;
  branch: BranchClass;
  tag?: boolean;
  scope: ScopeClass[];
}

/** Classifies a branch named on the line (a refspec's destination or a `branch -D` argument). */
function namedBranch(name: string, ctx: CommandContext): BranchTarget {
  if (name.includes('\u0000')) return { label: shown(name), branch: 'unnamed', scope: [] };
  if (name.startsWith('refs/tags/')) return { label: `tag ${name.slice(10)}`, branch: 'feature', tag: true, scope: [] };
  const short = name.replace(/^refs\/heads\//, '');
  if (short.includes('*')) return { label: `every branch matching ${short}`, branch: 'default', scope: [] };
  const scope: ScopeClass[] = DEPLOY_BRANCH.test(short) ? ['production'] : [];
  if (short === 'HEAD' || short === '@') return currentBranch(ctx);
  return { label: short, branch: isDefaultBranch(short, ctx) ? 'default' : 'feature', scope };
}

/**
 * The branch a command acts on when the line does not name one. When that is the default
 * branch, or we do not know which branch is checked out, the target is "unnamed": the agent
 * never said which branch it meant, and it may well be the default one.
 */
function currentBranch(ctx: CommandContext): BranchTarget {
  const b = ctx.gitBranch;
  if (!b) return { label: 'the current branch', branch: 'unnamed', scope: [] };
  if (isDefaultBranch(b, ctx)) return { label: `the current branch (${b})`, branch: 'unnamed', scope: DEPLOY_BRANCH.test(b) ? ['production'] : [] };
  return { label: `the current branch (${b})`, branch: 'feature', scope: [] };
}

function protectedTarget(t: BranchTarget): boolean {
  return t.branch === 'default' || t.branch === 'unnamed';
}

const BRANCH_RANK: Record<BranchClass, number> = { feature: 0, unnamed: 1, default: 2 };

/** The most protected target: default over unnamed over feature, a branch over a tag. */
function worst(targets: BranchTarget[]): BranchTarget | undefined {
  const rank = (t: BranchTarget): number => BRANCH_RANK[t.branch] * 2 + (t.tag ? 0 : 1);
  let out: BranchTarget | undefined;
  for (const t of targets) if (!out || rank(t) > rank(out)) out = t;
  return out;
}

function names(targets: BranchTarget[]): string {
  const labels = [...new Set(targets.map((t) => t.label))];
  return labels.length > 3 ? `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} more` : labels.join(', ');
}

/** Paths that stand for the whole working tree. */
function wholeTree(p: Word): boolean {
  const v = p.value;
  return v === '.' || v === './' || v === ':/' || v === ':' || v === '*' || v === '/' || v === ':(top)' || v === '..' || v === '../' || (p.glob && !v.includes('/') && v.startsWith('*'));
}

function pathList(paths: Word[]): string {
  const vs = paths.slice(0, 4).map((p) => shown(p.value, 40));
  return paths.length > 4 ? `${vs.join(', ')} and ${paths.length - 4} more` : vs.join(', ');
}

// git reset --hard ----------------------------------------------------------------------------

const RESET_SPEC: OptionSpec = {
  withValue: ['pathspec-from-file'],
  known: ['soft', 'mixed', 'hard', 'merge', 'keep', 'quiet', 'no-quiet', 'patch', 'intent-to-add', 'pathspec-from-file', 'pathspec-file-nul', 'recurse-submodules', 'no-recurse-submodules', 'refresh', 'no-refresh'],
};

const resetHard: CommandRule = {
  id: 'GIT001',
  name: 'reset-hard',
  category: 'git',
  severity: 'high',
  triggers: [{ programs: GIT, subcommands: ['reset'] }],
  summary: 'Catches `git reset --hard`, which throws away every uncommitted change to tracked files.',
  rationale: 'Uncommitted edits live only in the working tree: `reset --hard` overwrites them with the commit it resets to, and git keeps no copy to get them back.',
  alternative: 'git stash push -m "before reset" && git reset --hard <commit>   (or git reset --keep <commit>, which refuses to overwrite local changes)',
  examples: {
    fire: ['git reset --hard', 'git reset --hard HEAD~1', 'sudo git -C /srv/app reset --hard origin/main', 'git reset -q --har origin/main'],
    pass: ['git reset HEAD~1', 'git reset --soft HEAD~1', 'git reset --keep origin/main', 'git reset --merge', 'git log --hard'],
  },
  check(cmd) {
    const g = sub(cmd, 'reset');
    if (!g) return undefined;
    const p = parseArgs(g.args, RESET_SPEC);
    if (!isOn(p, 'hard')) return undefined;
    const target = p.positionals[0];
    const moves = target && target.value !== 'HEAD' ? ` and moves the current branch to ${shown(target.value)}` : '';
    return {
      message: `git reset --hard discards every uncommitted change to tracked files${moves}; the lost edits have no copy anywhere.`,
      span: spanFromProgram(cmd, [g.sub, ...optWords(p, 'hard')]),
    };
  },
};

// git clean -f ------------------------------------------------------------------------------

const CLEAN_SPEC: OptionSpec = { shortWithValue: 'e', withValue: ['exclude'], known: ['dry-run', 'quiet', 'interactive', 'force', 'exclude'] };

const cleanForce: CommandRule = {
  id: 'GIT002',
  name: 'clean-force',
  category: 'git',
  severity: 'high',
  triggers: [{ programs: GIT, subcommands: ['clean'] }],
  summary: 'Catches `git clean -f`, which deletes untracked files (with `-d` directories, with `-x` ignored files too).',
  rationale: 'Untracked files were never committed, so git cannot bring them back; `-x` also removes ignored files such as `.env` and local configuration.',
  alternative: 'git clean -n -d   (look at the list first), then delete named paths, or git stash push --include-untracked',
  examples: {
    fire: ['git clean -fd', 'git clean -fdx', 'git clean --force -d', 'git -c clean.requireForce=false clean -d', 'git clean -ffdx build'],
    pass: ['git clean -n', 'git clean -nd', 'git clean --dry-run -fdx', 'git clean -d', 'git clean -e -f'],
  },
  check(cmd) {
    const g = sub(cmd, 'clean');
    if (!g) return undefined;
    const p = parseArgs(g.args, CLEAN_SPEC);
    if (isOn(p, 'n', 'dry-run')) return undefined;
    const forced = countOf(p, 'f', 'force') > 0 || configFalse(g.config.get('clean.requireforce'));
    const interactive = isOn(p, 'i', 'interactive');
    if (!forced && !interactive) return undefined; // git refuses to clean without -f.
    const dirs = isOn(p, 'd');
    const ignoredToo = isOn(p, 'x');
    const ignoredOnly = !ignoredToo && isOn(p, 'X');
    const where = p.positionals.length ? ` under ${pathList(p.positionals)}` : '';
    const what = ignoredOnly ? 'ignored files' : ignoredToo ? 'untracked and ignored files (.env, local config, build output)' : 'untracked files';
    const span = spanFromProgram(cmd, [g.sub, ...optWords(p, 'f', 'force', 'd', 'x', 'X')]);
    if (interactive && !forced) return { severity: 'low', message: `git clean -i asks before deleting ${what}${where}.`, span };
    let severity: Severity = ignoredOnly ? 'medium' : 'high';
    if (interactive) severity = 'low';
    return {
      severity,
      message: `git clean permanently deletes ${what}${dirs ? ' and directories' : ''}${where}; git has no copy of them.`,
      span,
      context: { targetClass: p.positionals.length ? 'workspace-source' : 'workspace-root' },
    };
  },
};

// Discarding working-tree changes: checkout, restore, switch -------------------------------

const CHECKOUT_SPEC: OptionSpec = {
  shortWithValue: 'bB',
  withValue: ['orphan', 'conflict', 'pathspec-from-file'],
  known: ['quiet', 'progress', 'no-progress', 'force', 'ours', 'theirs', 'track', 'no-track', 'guess', 'no-guess', 'detach', 'orphan', 'ignore-skip-worktree-bits', 'merge', 'conflict', 'patch', 'ignore-other-worktrees', 'overwrite-ignore', 'no-overwrite-ignore', 'recurse-submodules', 'no-recurse-submodules', 'overlay', 'no-overlay', 'pathspec-from-file', 'pathspec-file-nul'],
};

const RESTORE_SPEC: OptionSpec = {
  shortWithValue: 's',
  withValue: ['source', 'conflict', 'pathspec-from-file'],
  known: ['source', 'patch', 'worktree', 'staged', 'quiet', 'progress', 'no-progress', 'ours', 'theirs', 'merge', 'conflict', 'ignore-unmerged', 'ignore-skip-worktree-bits', 'recurse-submodules', 'no-recurse-submodules', 'overlay', 'no-overlay', 'pathspec-from-file', 'pathspec-file-nul'],
};

const SWITCH_SPEC: OptionSpec = {
  shortWithValue: 'cC',
  withValue: ['create', 'force-create', 'orphan', 'conflict'],
  known: ['create', 'force-create', 'guess', 'no-guess', 'force', 'discard-changes', 'merge', 'conflict', 'quiet', 'progress', 'no-progress', 'track', 'no-track', 'detach', 'orphan', 'ignore-other-worktrees', 'recurse-submodules', 'no-recurse-submodules'],
};

/** A lone checkout argument that can only be a path, never a branch. */
function plainlyPath(w: Word): boolean {
  const v = w.value;
  return wholeTree(w) || v.startsWith('./') || v.startsWith('../') || v.startsWith(':/') || v.startsWith(':(') || w.glob || /[*?]/.test(v) || v.endsWith('/');
}

function discardMatch(cmd: SimpleCommand, verb: Word, flagWords: Word[], paths: Word[], fromFile: boolean, how: string): RuleMatch {
  const whole = paths.some(wholeTree);
  // Git expands `*` and `?` in pathspecs itself, so a quoted '*.ts' still matches every file.
  const broad = whole || paths.some((p) => p.glob || p.value.endsWith('/') || /[*?]/.test(p.value));
  const what = fromFile ? 'the paths listed in the pathspec file' : whole ? `the whole working tree (${pathList(paths)})` : broad ? `everything under ${pathList(paths)}` : pathList(paths);
  return {
    severity: broad || fromFile ? 'high' : 'medium',
    message: `${how} overwrites uncommitted changes in ${what} with the committed version; the discarded edits cannot be recovered.`,
    span: spanFromProgram(cmd, [verb, ...flagWords, ...paths]),
    context: { targetClass: whole ? 'workspace-root' : 'workspace-source' },
  };
}

const discardChanges: CommandRule = {
  id: 'GIT003',
  name: 'discard-worktree-changes',
  category: 'git',
  severity: 'high',
  triggers: [{ programs: GIT, subcommands: ['checkout', 'restore', 'switch'] }],
  summary: 'Catches `git checkout -- <paths>`, `git checkout .`, `git checkout -f`, `git restore <paths>` and `git switch --discard-changes`, which overwrite uncommitted edits.',
  rationale: 'These commands replace working-tree files with the committed version. Edits that were never committed or stashed are gone for good, and on `.` that is every edit in the repository.',
  alternative: 'git stash push -- <paths>   (keeps a copy you can drop later), or git diff > backup.patch first',
  examples: {
    fire: ['git checkout -- .', 'git checkout .', 'git checkout -f main', 'git checkout HEAD -- src/app.ts', 'git restore .', 'git restore --staged --worktree src/', 'git restore --source=HEAD~2 README.md', 'git switch --discard-changes main'],
    pass: ['git checkout main', 'git checkout -b feature/x', 'git checkout feature/login', 'git restore --staged src/app.ts', 'git checkout -p -- src/app.ts', 'git switch -c topic'],
  },
  check(cmd) {
    const g = sub(cmd, 'checkout', 'restore', 'switch');
    if (!g) return undefined;
    if (g.sub.value === 'switch') {
      const p = parseArgs(g.args, SWITCH_SPEC);
      if (!isOn(p, 'f', 'force', 'discard-changes')) return undefined;
      return {
        message: `git switch --discard-changes throws away every uncommitted change in the working tree and index before switching.`,
        span: spanFromProgram(cmd, [g.sub, ...optWords(p, 'f', 'force', 'discard-changes')]),
        context: { targetClass: 'workspace-root' },
      };
    }
    if (g.sub.value === 'restore') {
      const p = parseArgs(g.args, RESTORE_SPEC);
      if (isOn(p, 'p', 'patch')) return undefined;
      const staged = isOn(p, 'S', 'staged');
      const worktree = isOn(p, 'W', 'worktree');
      if (staged && !worktree) return undefined; // Only the index changes; the edits stay on disk.
      const fromFile = valueOf(p, 'pathspec-from-file') !== undefined;
      if (p.positionals.length === 0 && !fromFile) return undefined;
      return discardMatch(cmd, g.sub, optWords(p, 'W', 'worktree', 's', 'source'), p.positionals, fromFile, 'git restore');
    }
    const p = parseArgs(g.args, CHECKOUT_SPEC);
    if (isOn(p, 'p', 'patch')) return undefined;
    const force = isOn(p, 'f', 'force');
    const fromFile = valueOf(p, 'pathspec-from-file') !== undefined;
    let paths: Word[] = [];
    if (p.dashDash !== -1) paths = p.positionals.slice(p.dashDash);
    else if (p.positionals.length >= 2) paths = p.positionals.slice(1);
    else if (p.positionals.length === 1 && plainlyPath(p.positionals[0])) paths = p.positionals;
    if (paths.length || fromFile) return discardMatch(cmd, g.sub, optWords(p, 'f', 'force'), paths, fromFile, 'git checkout');
    if (force) {
      return {
        message: 'git checkout --force throws away every uncommitted change in tracked files while switching.',
        span: spanFromProgram(cmd, [g.sub, ...optWords(p, 'f', 'force')]),
        context: { targetClass: 'workspace-root' },
      };
    }
    return undefined;
  },
};

// git push --force / --delete / --mirror ----------------------------------------------------

const PUSH_SPEC: OptionSpec = {
  shortWithValue: 'o',
  withValue: ['repo', 'push-option', 'receive-pack', 'exec', 'recurse-submodules'],
  known: ['all', 'branches', 'mirror', 'tags', 'follow-tags', 'no-follow-tags', 'atomic', 'no-atomic', 'dry-run', 'porcelain', 'delete', 'prune', 'force', 'no-force', 'force-with-lease', 'no-force-with-lease', 'force-if-includes', 'no-force-if-includes', 'repo', 'set-upstream', 'thin', 'no-thin', 'quiet', 'verbose', 'progress', 'no-progress', 'recurse-submodules', 'no-recurse-submodules', 'verify', 'no-verify', 'ipv4', 'ipv6', 'push-option', 'receive-pack', 'exec', 'signed', 'no-signed'],
};

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
    out.push({ target: namedBranch(dst, ctx), forced, deleted: del, word: w });
  }
  if (plan.refspecs.length === 0 && !isOn(plan.p, 'tags', 'mirror')) out.push({ target: currentBranch(ctx), forced: plan.force, deleted: false });
  if (plan.refspecs.length === 0 && isOn(plan.p, 'tags')) out.push({ target: { label: 'every tag', branch: 'feature', tag: true, scope: [] }, forced: plan.force, deleted: false });
  return out;
}

function remoteName(plan: PushPlan): string {
  return plan.remote ? shown(plan.remote.value, 40) : 'the upstream remote';
}

const pushForce: CommandRule = {
  id: 'GIT004',
  name: 'push-force',
  category: 'git',
  severity: 'high',
  triggers: [{ programs: GIT, subcommands: ['push'] }],
  summary: 'Catches pushes that overwrite or delete remote history: `--force`, `+refspec`, `--mirror`, `--delete`, `:branch` and `--prune`; worse on the default branch.',
  rationale: 'A forced push replaces the remote branch with yours, and a delete removes it; commits that only exist on the remote (a colleague\'s work, a merged PR) are lost, and on the default branch everyone\'s history is rewritten.',
  alternative: 'git push --force-with-lease origin <feature-branch>   (refuses if the remote moved); never force the default branch',
  examples: {
    fire: ['git push --force origin main', 'git push -f', 'git push origin +main', 'git push -fu origin HEAD:master', 'git push --mirror backup', 'git push origin --delete main', 'git push origin :release', 'git push --force-with-lease origin main', 'git -C ../app push --force origin feature/x'],
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
      matches.push({
        severity: protectedTarget(t) ? 'high' : 'medium',
        message: `git push deletes ${names(deleted.map((u) => u.target))} on ${remote}; commits only reachable from there are lost for everyone.`,
        span: spanFromProgram(cmd, [g.sub, ...optWords(plan.p, 'd', 'delete'), ...deleted.flatMap((u) => (u.word ? [u.word] : []))]),
        context: { branch: t.branch, scope: ['remote', ...t.scope] },
      });
    }
    if (forced.length) {
      const t = worst(forced.map((u) => u.target))!;
      const severity: Severity = t.tag ? 'medium' : protectedTarget(t) ? 'high' : 'medium';
      matches.push({
        severity,
        message: `git push --force overwrites ${names(forced.map((u) => u.target))} on ${remote}; remote commits that are not in your local copy are discarded${protectedTarget(t) ? ', rewriting history everyone builds on' : ''}.`,
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

// git branch -D -----------------------------------------------------------------------------

const BRANCH_SPEC: OptionSpec = {
  shortWithValue: 'ut',
  withValue: ['set-upstream-to', 'format', 'sort', 'points-at', 'contains', 'no-contains', 'merged', 'no-merged', 'color', 'column'],
  known: ['delete', 'force', 'remotes', 'all', 'list', 'move', 'copy', 'verbose', 'quiet', 'track', 'no-track', 'set-upstream-to', 'unset-upstream', 'edit-description', 'contains', 'no-contains', 'merged', 'no-merged', 'points-at', 'format', 'sort', 'color', 'no-color', 'column', 'no-column', 'ignore-case', 'omit-empty', 'create-reflog', 'recurse-submodules', 'show-current', 'abbrev', 'no-abbrev'],
};

const branchForceDelete: CommandRule = {
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

// git stash drop / clear --------------------------------------------------------------------

const stashDrop: CommandRule = {
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
  check(cmd) {
    const g = sub(cmd, 'stash');
    if (!g) return undefined;
    const p = parseArgs(g.args, { shortWithValue: 'm', withValue: ['message', 'pathspec-from-file'] });
    const action = p.positionals[0];
    if (!action) return undefined;
    if (action.value === 'clear') {
      return { severity: 'high', message: 'git stash clear deletes every stash entry at once; the stashed work has no other copy.', span: spanFromProgram(cmd, [g.sub, action]) };
    }
    if (action.value === 'drop') {
      const which = p.positionals[1] ? shown(p.positionals[1].value) : 'the latest stash (stash@{0})';
      return { severity: 'medium', message: `git stash drop deletes ${which}; its uncommitted work is only recoverable with git fsck until the next gc.`, span: spanFromProgram(cmd, [g.sub, ...p.positionals.slice(0, 2)]) };
    }
    return undefined;
  },
};

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

const historyPurge: CommandRule = {
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

// filter-branch / filter-repo / BFG --------------------------------------------------------

const historyRewrite: CommandRule = {
  id: 'GIT008',
  name: 'history-rewrite',
  category: 'git',
  severity: 'high',
  triggers: [
    { programs: GIT, subcommands: ['filter-branch', 'filter-repo'] },
    { programs: ['git-filter-repo', 'bfg'] },
  ],
  summary: 'Catches `git filter-branch`, `git filter-repo` and BFG, which rewrite every commit in the repository.',
  rationale: 'A history rewrite changes every commit id; filter-repo also removes the origin remote and repacks so the old history is gone locally, and pushing it afterwards forces everyone to re-clone.',
  alternative: 'Run it on a fresh mirror clone (git clone --mirror) and inspect the result before pushing; use `git filter-repo --analyze` to look first',
  examples: {
    fire: ['git filter-branch --tree-filter "rm -f secrets.txt" HEAD', 'git filter-repo --path secrets/ --invert-paths', 'git-filter-repo --strip-blobs-bigger-than 10M', 'bfg --delete-files id_rsa'],
    pass: ['git filter-repo --analyze', 'git filter-repo --dry-run --path src', 'git log --filter=blob:none', 'bfg --help'],
  },
  check(cmd) {
    let words: Word[];
    let head: Word[];
    let tool: string;
    if (cmd.program === 'git') {
      const g = sub(cmd, 'filter-branch', 'filter-repo');
      if (!g) return undefined;
      words = g.args;
      head = [g.sub];
      tool = `git ${g.sub.value}`;
    } else {
      words = cmd.args;
      head = [];
      tool = cmd.program;
    }
    const p = parseArgs(words, {});
    if (isOn(p, 'analyze', 'dry-run', 'help', 'h', 'version')) return undefined;
    if (words.length === 0 && cmd.program === 'bfg') return undefined;
    return {
      message: `${tool} rewrites every commit it touches; the original history is replaced and, once pushed, every clone has to be rebuilt.`,
      span: spanFromProgram(cmd, head),
      context: { targetClass: 'vcs-metadata' },
    };
  },
};

// update-ref -d -----------------------------------------------------------------------------

const updateRefDelete: CommandRule = {
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

// Hooks switched off ------------------------------------------------------------------------

const COMMIT_SPEC: OptionSpec = {
  shortWithValue: 'mFCct',
  shortOptionalValue: 'Su',
  withValue: ['message', 'file', 'reuse-message', 'reedit-message', 'template', 'author', 'date', 'cleanup', 'fixup', 'squash', 'trailer', 'pathspec-from-file'],
  known: ['all', 'patch', 'reuse-message', 'reedit-message', 'fixup', 'squash', 'reset-author', 'short', 'branch', 'porcelain', 'long', 'null', 'file', 'author', 'date', 'message', 'template', 'signoff', 'no-signoff', 'trailer', 'verify', 'no-verify', 'allow-empty', 'allow-empty-message', 'cleanup', 'edit', 'no-edit', 'amend', 'no-post-rewrite', 'include', 'only', 'pathspec-from-file', 'pathspec-file-nul', 'untracked-files', 'verbose', 'quiet', 'dry-run', 'status', 'no-status', 'gpg-sign', 'no-gpg-sign'],
};

const MERGE_SPEC: OptionSpec = {
  shortWithValue: 'mFsX',
  shortOptionalValue: 'S',
  withValue: ['message', 'file', 'strategy', 'strategy-option', 'into-name', 'cleanup'],
};

const noVerify: CommandRule = {
  id: 'GIT010',
  name: 'hooks-bypassed',
  category: 'git',
  severity: 'medium',
  triggers: [{ programs: GIT, subcommands: ['commit', 'push', 'merge', 'am', 'rebase', 'cherry-pick', 'revert'] }],
  summary: 'Catches `--no-verify` (and `git commit -n`, `-c core.hooksPath=…`, `HUSKY=0`), which switch off the repository\'s pre-commit and pre-push checks.',
  rationale: 'Hooks are the repository\'s own safety net: secret scanners, linters and test gates. An agent that skips them ships whatever they would have stopped.',
  alternative: 'Run the hook, read why it fails and fix that; if a hook is broken, say so instead of bypassing it',
  examples: {
    fire: ['git commit --no-verify -m "wip"', 'git commit -anm "quick fix"', 'git push --no-verify', 'git -c core.hooksPath=/dev/null commit -m x', 'HUSKY=0 git commit -m x', 'git merge --no-verify topic'],
    pass: ['git commit -m "add --no-verify flag docs"', 'git commit -m -n', 'git commit -am "fix"', 'git push', 'git commit --verify -m x', 'git log -n 5'],
  },
  check(cmd) {
    const g = sub(cmd, 'commit', 'push', 'merge', 'am', 'rebase', 'cherry-pick', 'revert');
    if (!g) return undefined;
    const verb = g.sub.value;
    const spec = verb === 'commit' ? COMMIT_SPEC : verb === 'push' ? PUSH_SPEC : verb === 'merge' ? MERGE_SPEC : { shortWithValue: 'sXx', shortOptionalValue: 'S', withValue: ['strategy', 'strategy-option', 'onto', 'exec', 'mainline'] };
    const p = parseArgs(g.args, spec);
    const flags = verb === 'commit' ? ['n', 'no-verify'] : ['no-verify'];
    let bypass = false;
    for (const o of p.opts) {
      if (flags.includes(o.name)) bypass = true;
      else if (o.name === 'verify') bypass = false;
    }
    const hooksPath = g.config.get('core.hookspath');
    const husky = cmd.assignments.find((a) => a.name === 'HUSKY' && a.value.value === '0');
    if (!bypass && hooksPath === undefined && !husky) return undefined;
    if (verb === 'push' && isOn(p, 'n', 'dry-run')) return undefined;
    const how = bypass ? '--no-verify' : hooksPath !== undefined ? `core.hooksPath=${shown(hooksPath)}` : 'HUSKY=0';
    return {
      message: `git ${verb} with ${how} skips the repository's ${verb === 'push' ? 'pre-push' : 'pre-commit and commit-msg'} hooks, so their checks (tests, linters, secret scanning) never run.`,
      span: spanFromProgram(cmd, [g.sub, ...optWords(p, ...flags)]),
    };
  },
};

// git rm -r / -f ----------------------------------------------------------------------------

const gitRm: CommandRule = {
  id: 'GIT011',
  name: 'rm-tracked',
  category: 'git',
  severity: 'medium',
  triggers: [{ programs: GIT, subcommands: ['rm'] }],
  summary: 'Catches `git rm -r` and `git rm -f`, which delete tracked files from disk (forced: with their uncommitted changes).',
  rationale: 'Committed content comes back with `git checkout HEAD -- <path>`, but `-f` also deletes files with uncommitted edits, and those edits are gone.',
  alternative: 'git rm --cached -r <path>   (stop tracking, keep the files), or commit or stash first',
  examples: {
    fire: ['git rm -r src/legacy', 'git rm -rf .', 'git rm -f config.json'],
    pass: ['git rm --cached -r node_modules', 'git rm -r -n src', 'git rm README.md', 'git rm -r --cached .'],
  },
  check(cmd) {
    const g = sub(cmd, 'rm');
    if (!g) return undefined;
    const p = parseArgs(g.args, { withValue: ['pathspec-from-file'], known: ['force', 'dry-run', 'cached', 'ignore-unmatch', 'sparse', 'quiet', 'pathspec-from-file', 'pathspec-file-nul'] });
    if (isOn(p, 'cached', 'n', 'dry-run')) return undefined;
    const force = isOn(p, 'f', 'force');
    const recursive = isOn(p, 'r');
    if (!force && !recursive) return undefined;
    const paths = p.positionals;
    return {
      severity: force ? 'medium' : 'low',
      message: force
        ? `git rm -f deletes ${pathList(paths) || 'the named files'} from disk including uncommitted changes, which git cannot restore.`
        : `git rm -r deletes ${pathList(paths) || 'the named directories'} from disk and the index; the committed version comes back with git checkout HEAD -- <path>.`,
      span: spanFromProgram(cmd, [g.sub, ...optWords(p, 'r', 'f', 'force'), ...paths]),
      context: { targetClass: paths.some(wholeTree) ? 'workspace-root' : 'workspace-source' },
    };
  },
};

// git worktree remove --force / submodule deinit --force -------------------------------------

const worktreeForce: CommandRule = {
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

// gh repo delete / glab repo delete / gh api -X DELETE repos/OWNER/REPO ------------------------

/** gh and glab: the options that take a value, so the subcommand and repository are found. */
const HOSTED_SPEC: OptionSpec = { shortWithValue: 'RXHFfpqtj', withValue: ['repo', 'hostname', 'method', 'field', 'raw-field', 'header', 'input', 'jq', 'template', 'cache', 'preview', 'group'] };

const HOSTS: Readonly<Record<string, { site: string; extras: string }>> = {
  gh: { site: 'GitHub', extras: 'issues, pull requests, wiki, releases, Actions history and stars' },
  glab: { site: 'GitLab', extras: 'issues, merge requests, wiki, releases, CI history and container registry' },
};

const hostedRepoDelete: CommandRule = {
  id: 'GIT013',
  name: 'hosted-repo-delete',
  category: 'git',
  severity: 'critical',
  triggers: [{ programs: ['gh', 'glab'], subcommands: ['repo', 'api'] }],
  summary: 'Catches deleting a hosted repository: `gh repo delete`, `glab repo delete`, and the same through the API (`gh api -X DELETE repos/OWNER/REPO`), plus deleting a branch through the API.',
  rationale:
    'A deleted GitHub or GitLab repository takes its issues, pull or merge requests, wiki, releases and CI history with it; clones keep only the code. The CLIs ask for confirmation in a terminal, which an agent answers with `--yes`.',
  alternative: 'Archive the repository instead (gh repo archive OWNER/REPO, glab repo archive), or ask a human to delete it from the web UI after exporting what must be kept.',
  examples: {
    fire: ['gh repo delete acme/app --yes', 'gh repo delete', 'glab repo delete acme/app -y', 'gh -R acme/app repo delete --yes', 'gh api -X DELETE repos/acme/app', 'gh api --method=DELETE /repos/acme/app', 'gh api -X DELETE repos/acme/app/git/refs/heads/main', 'glab api -X DELETE projects/acme%2Fapp/repository/branches/main', 'glab api -X DELETE projects/42'],
    pass: ['gh repo view acme/app', 'gh repo clone acme/app', 'gh repo archive acme/app --yes', 'gh api repos/acme/app', 'gh api -X GET repos/acme/app', 'gh api -X DELETE repos/acme/app/issues/comments/1', 'glab repo list', 'gh pr list --repo acme/app'],
  },
  check(cmd, env) {
    const host = HOSTS[cmd.program];
    if (!host) return undefined;
    const p = parseArgs(cmd.args, HOSTED_SPEC);
    const [verb, action, target] = p.positionals;
    if (!verb || isOn(p, 'help')) return undefined;
    const context = { scope: ['remote' as const] };
    if (verb.value === 'repo' && action?.value === 'delete') {
      const repo = target?.value ?? valueOf(p, 'R', 'repo');
      const what = repo ? `the ${host.site} repository ${shown(repo, 60)}` : `this directory's ${host.site} repository`;
      return { message: `${cmd.program} repo delete deletes ${what} with its ${host.extras}; clones keep only the code.`, span: spanFromProgram(cmd, [verb, action, ...(target ? [target] : []), ...optWords(p, 'yes', 'y')]), context };
    }
    if (verb.value !== 'api' || !action || (valueOf(p, 'X', 'method') ?? '').toUpperCase() !== 'DELETE') return undefined;
    const endpoint = action.value.replace(/^\/+/, '').replace(/\/+$/, '');
    const span = spanFromProgram(cmd, [verb, action, ...optWords(p, 'X', 'method')]);
    const repo = /^repos\/([^/]+\/[^/]+)$/.exec(endpoint) ?? (cmd.program === 'glab' ? /^projects\/([^/]+)$/.exec(endpoint) : null);
    if (repo) return { message: `${cmd.program} api DELETE ${shown(endpoint, 60)} deletes the ${host.site} repository ${shown(repo[1], 60)} with its ${host.extras}; clones keep only the code.`, span, context };
    const branch = /^repos\/[^/]+\/[^/]+\/git\/refs\/heads\/(.+)$/.exec(endpoint) ?? /^projects\/[^/]+\/repository\/branches\/(.+)$/.exec(endpoint);
    if (!branch) return undefined;
    // As `git push --delete`: a default or release branch is high, a feature branch medium.
    let name = branch[1];
    try {
      name = decodeURIComponent(name);
    } catch {
      // Not URL-encoded after all: the name as written.
    }
    const t = namedBranch(name, env.ctx);
    return {
      severity: protectedTarget(t) ? 'high' : 'medium',
      message: `${cmd.program} api DELETE deletes the branch ${t.label} on ${host.site}; commits only reachable from it are lost for everyone.`,
      span,
      context: { branch: t.branch, scope: ['remote', ...t.scope] },
    };
  },
};

export const gitPack: RulePack = {
  name: 'git',
  description: 'Discarded uncommitted work, force-pushed or deleted branches, purged history, bypassed hooks and deleted hosted repositories.',
  rules: [resetHard, cleanForce, discardChanges, pushForce, branchForceDelete, stashDrop, historyPurge, historyRewrite, updateRefDelete, noVerify, gitRm, worktreeForce, hostedRepoDelete],
};
