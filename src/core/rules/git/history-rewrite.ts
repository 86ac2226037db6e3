import { isOn, parseArgs } from '../../shell/cli-args';
import type { Word } from '../../shell/model';
import { type CommandRule, spanFromProgram } from '../rule';
import { GIT, sub } from './helpers';

// filter-branch / filter-repo / BFG --------------------------------------------------------

export const historyRewrite: CommandRule = {
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
