import { isOn, type OptionSpec, optWords, parseArgs, shown } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { filesAndLines, GIT, repositoryOf, sub } from './helpers';

// git reset --hard ----------------------------------------------------------------------------

const RESET_SPEC: OptionSpec = {
  withValue: ['pathspec-from-file'],
  known: ['soft', 'mixed', 'hard', 'merge', 'keep', 'quiet', 'no-quiet', 'patch', 'intent-to-add', 'pathspec-from-file', 'pathspec-file-nul', 'recurse-submodules', 'no-recurse-submodules', 'refresh', 'no-refresh'],
};

export const resetHard: CommandRule = {
  id: 'GIT001',
  name: 'reset-hard',
  category: 'git',
  severity: 'high',
  triggers: [{ programs: GIT, subcommands: ['reset'] }],
  summary: 'Catches `git reset --hard`, which throws away every uncommitted change to tracked files, and `git reset --merge`, which throws away staged ones.',
  rationale: 'Uncommitted edits live only in the working tree: `reset --hard` overwrites them with the commit it resets to, and git keeps no copy to get them back.',
  alternative: 'git stash push -m "before reset" && git reset --hard <commit>   (or git reset --keep <commit>, which refuses to overwrite local changes)',
  examples: {
    fire: ['git reset --hard', 'git reset --hard HEAD~1', 'sudo git -C /srv/app reset --hard origin/main', 'git reset -q --har origin/main', 'git reset --merge', 'git reset --merge ORIG_HEAD'],
    pass: ['git reset HEAD~1', 'git reset --soft HEAD~1', 'git reset --keep origin/main', 'git log --hard', 'git log --merge'],
  },
  check(cmd, { ctx }) {
    const g = sub(cmd, 'reset');
    if (!g) return undefined;
    const p = parseArgs(g.args, RESET_SPEC);
    const target = p.positionals[0];
    if (!isOn(p, 'hard')) {
      if (!isOn(p, 'merge')) return undefined;
      // --merge keeps unstaged edits but resets the index: a staged change whose file has no
      // further edits is replaced by <commit>'s version (git-reset(1), the table for --merge).
      return {
        severity: 'medium',
        message: `git reset --merge resets the index${target && target.value !== 'HEAD' ? ` to ${shown(target.value)}` : ''} and overwrites files whose changes were staged but not committed; those staged edits are lost.`,
        span: spanFromProgram(cmd, [g.sub, ...optWords(p, 'merge')]),
      };
    }
    const moves = target && target.value !== 'HEAD' ? ` and moves the current branch to ${shown(target.value)}` : '';
    // To HEAD, what is lost can be counted: the changed files, and whatever is staged.
    const state = moves ? undefined : repositoryOf(cmd, ctx);
    const c = state?.count;
    if (c && !c.bounded && !isOn(p, 'recurse-submodules')) {
      if (c.modified === 0 && state.indexMatchesHead === true) {
        return { severity: 'low', message: `git reset --hard loses nothing here: no tracked file in ${shown(state.top)} has uncommitted changes and nothing is staged.`, span: spanFromProgram(cmd, [g.sub, ...optWords(p, 'hard')]) };
      }
      if (c.modified > 0) {
        const staged = state.indexMatchesHead === false ? ', and everything staged' : '';
        return {
          message: `git reset --hard discards the uncommitted changes in ${filesAndLines(c.modified, c.lines)}${staged}; the lost edits have no copy anywhere.`,
          span: spanFromProgram(cmd, [g.sub, ...optWords(p, 'hard')]),
        };
      }
    }
    return {
      message: `git reset --hard discards every uncommitted change to tracked files${moves}; the lost edits have no copy anywhere.`,
      span: spanFromProgram(cmd, [g.sub, ...optWords(p, 'hard')]),
    };
  },
};
