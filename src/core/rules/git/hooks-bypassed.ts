import { isOn, type OptionSpec, optWords, parseArgs, shown } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { GIT, PUSH_SPEC, sub } from './helpers';

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

export const hooksBypassed: CommandRule = {
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
