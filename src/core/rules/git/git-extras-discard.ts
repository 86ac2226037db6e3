import { kindName } from '../../plain-text';
import { shown } from '../../shell/cli-args';
import type { SimpleCommand, Word } from '../../shell/model';
import type { CommandContext, Severity } from '../../types';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { GIT, namedBranch, protectedTarget } from './helpers';

// git-extras helpers that discard work --------------------------------------------------------

interface Helper {
  severity: Severity;
  /** What it does, given its operands. */
  what: (ops: Word[]) => string;
  /** Raises or lowers the severity from the operands (a default branch, `--hard`). */
  refine?: (ops: Word[], args: Word[], ctx: CommandContext) => Severity | undefined | null;
}

const list = (ops: Word[], fallback: string): string => (ops.length ? ops.map((w) => shown(w.value, 40)).join(', ') : fallback);

/**
 * What each git-extras command runs (its source in tj/git-extras bin/), and so what it loses.
 * A `[y/N]` prompt in a helper is no protection: an agent answers it like any other input.
 * delete-merged-branches and delete-squashed-branches are not here: what they delete is merged.
 */
const HELPERS: Readonly<Record<string, Helper>> = {
  clear: { severity: 'high', what: () => 'runs git clean -d -f -x and git reset --hard: every untracked and ignored file (.env, local config) and every uncommitted change is deleted' },
  'clear-soft': { severity: 'high', what: () => 'runs git clean -d -f and git reset --hard: every untracked file and every uncommitted change is deleted' },
  sync: { severity: 'high', what: (ops) => `runs git reset --hard ${ops.length === 2 ? `${shown(ops[0].value)}/${shown(ops[1].value)}` : 'to the upstream branch'} and git clean -d -f -x: uncommitted changes, unpushed commits and untracked files are deleted` },
  undo: {
    severity: 'high',
    what: (ops) => `runs git reset --hard HEAD~${ops.find((w) => /^\d+$/.test(w.value))?.value ?? '1'}: the last commits and every uncommitted change are thrown away`,
    // Only `--hard` (or the prompting `-h`) resets hard; plain `git undo` is a soft reset.
    refine: (_ops, args) => (args.some((a) => a.value === '--hard' || a.value === '-h') ? undefined : null),
  },
  'reset-file': { severity: 'medium', what: (ops) => `runs git checkout ${ops[1] ? shown(ops[1].value) : 'HEAD'} -- ${list(ops.slice(0, 1), 'the file')}: its uncommitted changes are overwritten` },
  'force-clone': { severity: 'high', what: (ops) => `resets an existing clone at ${ops.length ? shown(ops[ops.length - 1].value) : 'the destination'} to the remote: local changes, local branches and other remotes are deleted` },
  obliterate: { severity: 'high', what: (ops) => `rewrites every branch and tag to remove ${list(ops, 'the file')} from all history (git filter-branch --all)` },
  'delete-branch': {
    severity: 'medium',
    what: (ops) => `runs git branch -D and git push origin :${list(ops, 'the branch')}: the branch is deleted here and on the remote, unmerged commits included`,
    refine: (ops, _args, ctx) => (ops.some((w) => protectedTarget(namedBranch(w.value, ctx))) ? 'high' : undefined),
  },
  'delete-tag': { severity: 'high', what: (ops) => `runs git tag -d and git push origin :refs/tags/${list(ops, 'the tag')}: a published tag is deleted for everyone` },
  'rename-tag': { severity: 'medium', what: (ops) => `deletes the ${kindName('tag', list(ops.slice(0, 1), 'it renames'))} on the remote as well; whoever uses the old name loses it` },
  'rename-branch': { severity: 'medium', what: (ops) => `deletes the ${kindName('branch', list(ops.slice(0, 1), 'it renames'))} on the remote and pushes the new name` },
  'delete-gone-branches': { severity: 'medium', what: () => 'force-deletes (git branch -D) every local branch whose remote branch is gone, commits that were never merged included' },
  'delete-submodule': { severity: 'medium', what: (ops) => `runs git submodule deinit -f and git rm -f on ${list(ops, 'the submodule')}: local changes inside it are deleted` },
};

/** `git clear`, `git-clear`: the helper's name and its arguments. */
function helperCall(cmd: SimpleCommand): { name: string; nameWord: Word; args: Word[] } | undefined {
  if (cmd.program.startsWith('git-')) {
    const name = cmd.program.slice(4);
    return HELPERS[name] ? { name, nameWord: cmd.programWord, args: cmd.args } : undefined;
  }
  if (cmd.program !== 'git') return undefined;
  // Global options before the command: `git -C dir clear`.
  let i = 0;
  while (i < cmd.args.length && cmd.args[i].value.startsWith('-')) i += /^(-C|-c|--git-dir|--work-tree|--namespace)$/.test(cmd.args[i].value) ? 2 : 1;
  const w = cmd.args[i];
  if (!w || !HELPERS[w.value]) return undefined;
  return { name: w.value, nameWord: w, args: cmd.args.slice(i + 1) };
}

export const gitExtrasDiscard: CommandRule = {
  id: 'GIT014',
  name: 'git-extras-discard',
  category: 'git',
  severity: 'high',
  triggers: [
    { programs: GIT, subcommands: Object.keys(HELPERS) },
    { programs: Object.keys(HELPERS).map((h) => `git-${h}`) },
  ],
  summary: 'Catches the git-extras helpers that throw work away: git clear / clear-soft / sync / undo --hard (reset --hard and clean), reset-file, force-clone, obliterate, and delete-branch / delete-tag (local and remote).',
  rationale:
    'git-extras wraps git reset --hard, git clean -fdx, git branch -D and git push --delete in one friendly word, so the destructive command never appears on the line. Their [y/N] prompts are no protection from an agent, which answers them like any other input.',
  alternative: 'Run the underlying git commands one by one after git status and git stash, or git stash push --include-untracked first.',
  examples: {
    fire: ['git clear', 'git clear -f', 'git clear-soft', 'git sync origin main', 'git undo --hard', 'git reset-file src/app.ts', 'git delete-branch feature/x', 'git delete-tag v1.2.0', 'git obliterate secrets.txt', 'git-clear --force'],
    pass: ['git undo', 'git undo 2', 'git undo -s', 'git summary', 'git clear --help', 'git delete-merged-branches', 'git log --clear'],
  },
  check(cmd, env) {
    const call = helperCall(cmd);
    if (!call) return undefined;
    if (call.args.some((a) => a.value === '--help' || (a.value === '-h' && call.name !== 'undo'))) return undefined;
    const h = HELPERS[call.name];
    const ops = call.args.filter((a) => !a.value.startsWith('-'));
    const refined = h.refine?.(ops, call.args, env.ctx);
    if (refined === null) return undefined;
    const severity = refined ?? h.severity;
    return {
      severity,
      message: `git ${call.name} ${h.what(ops)}.`,
      span: spanFromProgram(cmd, [call.nameWord, ...ops.slice(0, 3)]),
      context: { targetClass: call.name.startsWith('delete-') || call.name.startsWith('rename-') ? undefined : 'workspace-root', scope: /tag|branch/.test(call.name) ? ['remote'] : [] },
    } satisfies RuleMatch;
  },
};
