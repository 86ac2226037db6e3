import { countOf, isOn, type OptionSpec, optWords, parseArgs } from '../../shell/cli-args';
import type { Severity } from '../../types';
import { type CommandRule, spanFromProgram } from '../rule';
import { GIT, pathList, sub } from './helpers';

function configFalse(v: string | undefined): boolean {
  return v !== undefined && ['false', 'no', 'off', '0'].includes(v.toLowerCase());
}

// git clean -f ------------------------------------------------------------------------------

const CLEAN_SPEC: OptionSpec = { shortWithValue: 'e', withValue: ['exclude'], known: ['dry-run', 'quiet', 'interactive', 'force', 'exclude'] };

export const cleanForce: CommandRule = {
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
