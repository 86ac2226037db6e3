import { isOn, type OptionSpec, optWords, parseArgs, valueOf } from '../../shell/cli-args';
import type { SimpleCommand, Word } from '../../shell/model';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { classifyPath } from '../paths';
import type { CommandContext } from '../../types';
import { plural } from '../../plain-text';
import { filesAndLines, GIT, gitFolder, pathList, repositoryOf, sub, wholeTree } from './helpers';

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

/** File extensions no branch name ends with in practice: `git checkout src/app.ts` names a file. */
const SOURCE_FILE = /\.(ts|tsx|js|jsx|mjs|cjs|json|ya?ml|toml|md|txt|py|go|rs|rb|php|java|kt|kts|swift|c|h|cc|cpp|hpp|cs|scala|sh|bash|zsh|css|scss|sass|less|html?|vue|svelte|sql|xml|lock|ini|cfg|conf|env|gradle|tf|tfvars|proto|graphql|ex|exs|erl|clj|dart|lua|pl|r|ipynb)$/i;

/** A lone checkout argument that can only be a path, never a branch. */
function plainlyPath(w: Word): boolean {
  const v = w.value;
  return wholeTree(w) || v.startsWith('./') || v.startsWith('../') || v.startsWith(':/') || v.startsWith(':(') || w.glob || /[*?]/.test(v) || v.endsWith('/') || SOURCE_FILE.test(v) || /(^|\/)\.[\w.-]+$/.test(v);
}

const CHECKOUT_INDEX_SPEC: OptionSpec = {
  withValue: ['prefix', 'stage'],
  known: ['index', 'quiet', 'force', 'all', 'no-create', 'prefix', 'stage', 'temp', 'ignore-skip-worktree-bits', 'stdin'],
};

/** `git checkout-index -f -a`: plumbing that overwrites working-tree files with the index. */
function checkoutIndex(cmd: SimpleCommand, verb: Word, args: Word[]): RuleMatch | undefined {
  const p = parseArgs(args, CHECKOUT_INDEX_SPEC);
  // Without --force it never overwrites an existing file; --prefix and --temp write elsewhere.
  if (!isOn(p, 'f', 'force') || isOn(p, 'temp') || (valueOf(p, 'prefix') ?? '') !== '') return undefined;
  const flags = optWords(p, 'f', 'force', 'a', 'all', 'stdin');
  if (isOn(p, 'a', 'all')) {
    return {
      severity: 'high',
      message: 'git checkout-index --force --all overwrites every tracked file in the working tree with its staged version; unstaged edits are gone for good.',
      span: spanFromProgram(cmd, [verb, ...flags]),
      context: { targetClass: 'workspace-root' },
    };
  }
  if (isOn(p, 'stdin')) return discardMatch(cmd, verb, flags, [], true, 'git checkout-index --force');
  if (!p.positionals.length) return undefined;
  return discardMatch(cmd, verb, flags, p.positionals, false, 'git checkout-index --force');
}

/** Where a discard's files come from: the index (checkout -- paths) or a commit, which overwrites staged changes too. */
interface Measure {
  ctx: CommandContext;
  fromCommit: boolean;
}

/**
 * What discarding `paths` loses, counted: the files changed since they were staged (and, from a
 * commit, whatever is staged). Undefined when any path cannot be counted exactly.
 */
function measured(cmd: SimpleCommand, paths: Word[], m: Measure): { modified: number; lines: number; nothing: boolean; deleted: number } | undefined {
  const impact = m.ctx.impact;
  const dir = impact ? gitFolder(cmd, m.ctx) : undefined;
  if (!impact || !dir || !paths.length || paths.some((w) => w.dynamic || w.glob || /[*?[]/.test(w.value) || w.value.startsWith(':'))) return undefined;
  let modified = 0;
  let lines = 0;
  // Paths that are gone while git still tracks files there: the discard brings them back, and overwrites nothing.
  let deleted = 0;
  for (const w of paths) {
    const abs = classifyPath(w.value.startsWith('/') ? w : { ...w, value: `${dir}/${w.value}` }, { ...cmd, cwd: undefined }, m.ctx).path;
    if (!abs) return undefined;
    const repo = impact.repository?.(abs);
    const c = repo?.top === abs ? repo.count : impact.count(abs);
    if (c && !c.exists && c.inRepository && !c.bounded && c.tracked > 0) {
      deleted += c.tracked;
      continue;
    }
    if (!c?.exists || c.bounded || !c.inRepository) return undefined;
    modified += c.modified;
    // Only changed files' lines: untracked ones are left alone by a discard.
    if (c.modified) lines += c.lines;
  }
  const staged = m.fromCommit ? repositoryOf(cmd, m.ctx)?.indexMatchesHead : true;
  return { modified, lines, nothing: modified === 0 && staged === true, deleted };
}

function discardMatch(cmd: SimpleCommand, verb: Word, flagWords: Word[], paths: Word[], fromFile: boolean, how: string, m?: Measure): RuleMatch {
  const whole = paths.some(wholeTree);
  // Git expands `*` and `?` in pathspecs itself, so a quoted '*.ts' still matches every file.
  const broad = whole || paths.some((p) => p.glob || p.value.endsWith('/') || /[*?]/.test(p.value));
  const what = fromFile ? 'the paths listed in the pathspec file' : whole ? `the whole working tree (${pathList(paths)})` : broad ? `everything under ${pathList(paths)}` : pathList(paths);
  const count = m && !fromFile ? measured(cmd, paths, m) : undefined;
  if (count?.nothing) {
    const back = count.deleted ? `it brings back ${plural(count.deleted, 'deleted file')}, ` : '';
    return { severity: 'low', message: `${how} loses nothing here: ${back}no file in ${what} has uncommitted changes${m?.fromCommit ? ' and nothing is staged' : ''}.`, span: spanFromProgram(cmd, [verb, ...flagWords, ...paths]), context: { targetClass: 'workspace-source' } };
  }
  const numbers = count?.modified ? `: ${filesAndLines(count.modified, count.lines)} changed` : '';
  return {
    severity: broad || fromFile ? 'high' : 'medium',
    message: `${how} overwrites uncommitted changes in ${what} with the committed version${numbers}; the discarded edits cannot be recovered.`,
    span: spanFromProgram(cmd, [verb, ...flagWords, ...paths]),
    context: { targetClass: whole ? 'workspace-root' : 'workspace-source' },
  };
}

export const discardWorktreeChanges: CommandRule = {
  id: 'GIT003',
  name: 'discard-worktree-changes',
  category: 'git',
  severity: 'high',
  triggers: [{ programs: GIT, subcommands: ['checkout', 'restore', 'switch', 'checkout-index'] }],
  summary: 'Catches `git checkout -- <paths>`, `git checkout .`, `git checkout -f`, `git restore <paths>`, `git switch --discard-changes` and `git checkout-index -f -a`, which overwrite uncommitted edits.',
  rationale: 'These commands replace working-tree files with the committed version. Edits that were never committed or stashed are gone for good, and on `.` that is every edit in the repository.',
  alternative: 'git stash push -- <paths>   (keeps a copy you can drop later), or git diff > backup.patch first',
  examples: {
    fire: ['git checkout -- .', 'git checkout .', 'git checkout -f main', 'git checkout HEAD -- src/app.ts', 'git checkout src/app.ts', 'git restore .', 'git restore --staged --worktree src/', 'git restore --source=HEAD~2 README.md', 'git switch --discard-changes main', 'git checkout-index -f -a'],
    pass: ['git checkout main', 'git checkout -b feature/x', 'git checkout feature/login', 'git checkout v1.2.3', 'git restore --staged src/app.ts', 'git checkout -p -- src/app.ts', 'git switch -c topic', 'git checkout-index -a', 'git checkout-index -f -a --prefix=export/'],
  },
  check(cmd, { ctx }) {
    const g = sub(cmd, 'checkout', 'restore', 'switch', 'checkout-index');
    if (!g) return undefined;
    if (g.sub.value === 'checkout-index') return checkoutIndex(cmd, g.sub, g.args);
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
      return discardMatch(cmd, g.sub, optWords(p, 'W', 'worktree', 's', 'source'), p.positionals, fromFile, 'git restore', { ctx, fromCommit: staged || valueOf(p, 's', 'source') !== undefined });
    }
    const p = parseArgs(g.args, CHECKOUT_SPEC);
    if (isOn(p, 'p', 'patch')) return undefined;
    const force = isOn(p, 'f', 'force');
    const fromFile = valueOf(p, 'pathspec-from-file') !== undefined;
    let paths: Word[] = [];
    if (p.dashDash !== -1) paths = p.positionals.slice(p.dashDash);
    else if (p.positionals.length >= 2) paths = p.positionals.slice(1);
    else if (p.positionals.length === 1 && plainlyPath(p.positionals[0])) paths = p.positionals;
    // A tree-ish before the paths (git checkout HEAD -- src) overwrites the index too.
    const treeish = p.dashDash > 0 || (p.dashDash === -1 && p.positionals.length >= 2);
    if (paths.length || fromFile) return discardMatch(cmd, g.sub, optWords(p, 'f', 'force'), paths, fromFile, 'git checkout', { ctx, fromCommit: treeish });
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
