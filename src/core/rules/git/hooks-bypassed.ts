import { isOn, type OptionSpec, optWords, parseArgs, shown, valuesOf } from '../../shell/cli-args';
import type { SimpleCommand } from '../../shell/model';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
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

/** A hooks path that holds no hooks: `/dev/null`, the empty string, Windows' `NUL`. */
const NO_HOOKS = /^(\/dev\/null\/?|nul|NUL|)$/;

/**
 * Hooks switched off for good rather than for one command: `git config core.hooksPath /dev/null`
 * (and `git config set …`), and the pre-commit framework's `pre-commit uninstall`.
 */
function hooksSwitchedOff(cmd: SimpleCommand): RuleMatch | undefined {
  if (cmd.program === 'pre-commit') {
    const p = parseArgs(cmd.args, { shortWithValue: 'tc', withValue: ['hook-type', 'config'] });
    const verb = p.positionals[0];
    if (verb?.value !== 'uninstall') return undefined;
    const types = valuesOf(p, 't', 'hook-type');
    return { message: `pre-commit uninstall removes the repository's ${types.length ? types.map((t) => shown(t)).join(', ') : 'pre-commit'} hook scripts, so their checks stop running on every later commit.`, span: spanFromProgram(cmd, [verb]) };
  }
  if (cmd.program === 'husky' || cmd.program === 'lefthook' || cmd.program === 'overcommit') {
    const verb = cmd.args.find((a) => a.value === 'uninstall' || a.value === '--uninstall');
    return verb ? { message: `${cmd.program} ${verb.value} removes the repository's git hooks, so the checks they run (tests, linters, secret scanning) stop running on every later commit and push.`, span: spanFromProgram(cmd, [verb]) } : undefined;
  }
  if (cmd.program === 'chmod') {
    // A hook that is not executable is skipped by git without a word (`chmod -x .git/hooks/pre-commit`).
    const ops = cmd.args.filter((a) => !/^-(R|v|c|f|-recursive|-verbose|-changes|-silent|-quiet)$/.test(a.value));
    const mode = ops[0];
    const hooks = ops.slice(1).filter((a) => /(^|\/)(\.git\/hooks|\.husky)(\/[^/]+)?\/?$/.test(a.value) && !/\.sample$/.test(a.value));
    if (!mode || !hooks.length) return undefined;
    const removesX = /^[ugoa]*-[rwst]*x/.test(mode.value) || /^-x$/.test(mode.value) || (/^0?[0-7]{3}$/.test(mode.value) && !/[1357]/.test(mode.value.slice(-3, -2)));
    return removesX ? { message: `chmod ${mode.value} makes ${hooks.map((h) => shown(h.value)).join(', ')} non-executable: git skips ${hooks.length > 1 ? 'those hooks' : 'that hook'} without a word, so ${hooks.length > 1 ? 'their' : 'its'} checks stop running.`, span: spanFromProgram(cmd, [mode, ...hooks]) } : undefined;
  }
  const g = sub(cmd, 'config');
  if (!g) return undefined;
  const p = parseArgs(g.args, { shortWithValue: 'fe', withValue: ['file', 'blob', 'type', 'default', 'value', 'comment'] });
  let [first, ...rest] = p.positionals;
  if (first && (first.value === 'set' || first.value === 'unset')) [first, ...rest] = rest;
  if (!first || first.value.toLowerCase() !== 'core.hookspath' || isOn(p, 'unset', 'unset-all', 'get', 'get-all', 'l', 'list') || p.positionals[0]?.value === 'unset') return undefined;
  const value = rest[0];
  if (!value || !NO_HOOKS.test(value.value) || value.dynamic) return undefined;
  const scope = isOn(p, 'global') ? 'every repository of this user' : isOn(p, 'system') ? 'every repository on this machine' : 'this repository';
  return { message: `git config core.hooksPath ${shown(value.value) || "''"} switches off the git hooks of ${scope} for good: pre-commit and pre-push checks (tests, linters, secret scanning) stop running.`, span: spanFromProgram(cmd, [g.sub, first, value]) };
}

export const hooksBypassed: CommandRule = {
  id: 'GIT010',
  name: 'hooks-bypassed',
  category: 'git',
  severity: 'medium',
  triggers: [
    { programs: GIT, subcommands: ['commit', 'push', 'merge', 'am', 'rebase', 'cherry-pick', 'revert', 'config'] },
    { programs: ['pre-commit', 'husky', 'lefthook'], subcommands: ['uninstall'] },
    { programs: ['overcommit'], subcommands: ['--uninstall'] },
    { programs: ['chmod'] },
  ],
  summary: 'Catches `--no-verify` (and `git commit -n`, `-c core.hooksPath=…`, `HUSKY=0`, `git config core.hooksPath /dev/null`, `pre-commit|husky|lefthook uninstall`, a hook made non-executable), which switch off the repository\'s pre-commit and pre-push checks.',
  rationale: 'Hooks are the repository\'s own safety net: secret scanners, linters and test gates. An agent that skips them ships whatever they would have stopped.',
  alternative: 'Run the hook, read why it fails and fix that; if a hook is broken, say so instead of bypassing it',
  examples: {
    fire: ['git commit --no-verify -m "wip"', 'git commit -anm "quick fix"', 'git push --no-verify', 'git -c core.hooksPath=/dev/null commit -m x', 'HUSKY=0 git commit -m x', 'git merge --no-verify topic', 'git config core.hooksPath /dev/null', 'git config --global core.hooksPath /dev/null', 'pre-commit uninstall', 'husky uninstall', 'chmod -x .git/hooks/pre-commit', 'lefthook uninstall'],
    pass: ['git commit -m "add --no-verify flag docs"', 'git commit -m -n', 'git commit -am "fix"', 'git push', 'git commit --verify -m x', 'git log -n 5', 'git config core.hooksPath .githooks', 'git config --unset core.hooksPath', 'pre-commit install', 'husky install', 'chmod +x .git/hooks/pre-commit', 'chmod 755 .husky/pre-commit'],
  },
  check(cmd) {
    if (['pre-commit', 'husky', 'lefthook', 'overcommit', 'chmod'].includes(cmd.program) || cmd.args.some((a) => a.value === 'config')) {
      const off = hooksSwitchedOff(cmd);
      if (off || cmd.program !== 'git') return off;
    }
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
