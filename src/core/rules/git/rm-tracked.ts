import { isOn, optWords, parseArgs } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { GIT, pathList, sub, wholeTree } from './helpers';

// git rm -r / -f ----------------------------------------------------------------------------

export const rmTracked: CommandRule = {
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
