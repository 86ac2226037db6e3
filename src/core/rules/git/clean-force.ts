import { countOf, isOn, type OptionSpec, optWords, parseArgs } from '../../shell/cli-args';
import type { CommandContext, Severity } from '../../types';
import type { SimpleCommand, Word } from '../../shell/model';
import { type CommandRule, spanFromProgram } from '../rule';
import { filesAndLines, GIT, gitFolder, pathList, sub } from './helpers';
import { classifyPath } from '../paths';
import type { ImpactCount } from '../../types';

function configFalse(v: string | undefined): boolean {
  return v !== undefined && ['false', 'no', 'off', '0'].includes(v.toLowerCase());
}

// git clean -f ------------------------------------------------------------------------------

const CLEAN_SPEC: OptionSpec = { shortWithValue: 'e', withValue: ['exclude'], known: ['dry-run', 'quiet', 'interactive', 'force', 'exclude'] };

/**
 * The counts of the paths git clean is limited to, or of the folder it runs in (git clean works
 * from there down); undefined when unknown. A working tree's top is counted without `.git`.
 */
function countedPaths(cmd: SimpleCommand, ctx: CommandContext, paths: readonly Word[]): (ImpactCount | undefined)[] | undefined {
  const impact = ctx.impact;
  const dir = impact ? gitFolder(cmd, ctx) : undefined;
  if (!impact || !dir || paths.some((w) => w.dynamic || w.glob || /[*?[]/.test(w.value) || w.value.startsWith(':'))) return undefined;
  const abs = paths.length ? paths.map((w) => classifyPath(w.value.startsWith('/') ? w : { ...w, value: `${dir}/${w.value}` }, { ...cmd, cwd: undefined }, ctx).path) : [dir];
  return abs.map((a) => {
    if (!a) return undefined;
    const repo = impact.repository?.(a);
    const c = repo?.top === a ? repo.count : impact.count(a);
    return c?.exists ? c : undefined;
  });
}

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
  check(cmd, { ctx }) {
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
    // What it would delete, counted: files git does not track, less build output and the agent's own.
    // Ignored files are counted with the rest (.gitignore never lowers anything).
    const counts = countedPaths(cmd, ctx, p.positionals);
    let measured = '';
    if (counts && counts.every((c) => c && !c.bounded)) {
      const lost = counts.reduce((n, c) => n + Math.max(0, (c?.untracked ?? 0) - (c?.createdInSession ?? 0)), 0);
      const lines = counts.reduce((n, c) => n + (c?.lines ?? 0), 0);
      if (lost === 0) return { severity: 'low', message: `git clean loses nothing here${where}: every untracked file is build output${counts.some((c) => c?.createdInSession) ? ' or was made in this session' : ''}.`, span };
      measured = `: ${filesAndLines(lost, lines)} git does not track`;
    }
    return {
      severity,
      message: `git clean permanently deletes ${what}${dirs ? ' and directories' : ''}${where}${measured}; git has no copy of them.`,
      span,
      context: { targetClass: p.positionals.length ? 'workspace-source' : 'workspace-root' },
    };
  },
};
