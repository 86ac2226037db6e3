/**
 * Every corpus line's full answer (decision, score, findings, messages), one JSON line each, for
 * checking that a change meant only to make the engine faster changes no answer. Run this same
 * script against the old sources and the new, and compare:
 *   git stash; npx tsx bench/answers-dump.ts > /tmp/before.jsonl; git stash pop
 *   npx tsx bench/answers-dump.ts > /tmp/after.jsonl; cmp /tmp/before.jsonl /tmp/after.jsonl
 * (or copy it, with bench/engine-measure.ts, into an export of the old commit: `git archive <commit> | tar -x -C /tmp/old`).
 * Each line is judged in several contexts (the bench's, a branch named like production, a cwd
 * outside the project, without the pre-filter, under allow entries read at the clock's time), and
 * the pre-filter's own answer is written too, so more of the engine is compared.
 */
import path from 'node:path';
import { evaluateCommand, grammarsNeeded } from '../src/core/engine';
import { prefilterAllows } from '../src/core/prefilter';
import type { Policy } from '../src/core/policy';
import type { CommandContext } from '../src/core/types';
import { loadPowerShellGrammar, loadShellGrammar } from '../src/node/grammar-files';
import { readCorpus } from './engine-measure';

const ROOT = path.resolve(__dirname, '..');
/** The corpus and the bench's own line files (bench/*.jsonl). */
const readLines = () => readCorpus(ROOT, ['test/corpus', 'bench']);

async function main(): Promise<void> {
  await loadShellGrammar();
  const lines = readLines();
  if (lines.some((l) => grammarsNeeded(l.cmd, l.shell).powershell)) await loadPowerShellGrammar();
  // Fixed paths and time: the same answers whichever worktree runs this.
  const base: CommandContext = { cwd: '/work/project', workspaceRoot: '/work/project', home: '/home/dev', gitBranch: 'feature/bench', defaultBranch: 'main', tempDirs: ['/tmp'] };
  // Allow entries that do and do not count (expired, or not yet), judged at the clock's time.
  const allowing: Policy = {
    strictness: 'balanced',
    rules: {},
    allow: [{ command: 'rm -rf *' }, { command: 'git push *', expires: '2000-01-01' }, { command: 'kubectl delete *', expires: '2999-01-01' }, { command: 'aws *', rule: 'CLOUD*' }],
  };
  const contexts: { name: string; ctx: CommandContext; noPrefilter?: boolean; policy?: Policy; clock?: boolean }[] = [
    { name: 'allow-list', ctx: base, policy: allowing, clock: true },
    { name: 'bench', ctx: base },
    { name: 'main-branch', ctx: { ...base, gitBranch: 'main' } },
    { name: 'cwd-home', ctx: { ...base, cwd: '/home/dev' } },
    { name: 'no-prefilter', ctx: base, noPrefilter: true },
  ];
  const now = new Date('2025-01-01T00:00:00Z');
  const out: string[] = [];
  for (const { name, ctx, noPrefilter, policy, clock } of contexts) {
    for (const l of lines) {
      const result = evaluateCommand(l.cmd, { ctx: { ...ctx, shell: l.shell }, now: clock ? undefined : now, noPrefilter, policy });
      out.push(JSON.stringify({ ctx: name, shell: l.shell, result }));
    }
  }
  // The pre-filter's own answer too: a line it waves through wrongly may be one the engine allows anyway.
  for (const l of lines) out.push(JSON.stringify({ prefilter: [prefilterAllows(l.cmd, l.shell), prefilterAllows(l.cmd, l.shell, { follow: true })], shell: l.shell, cmd: l.cmd }));
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
