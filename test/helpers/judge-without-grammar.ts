/**
 * Run as its own process (the unit tests load the grammar in-process): reads `{cmd, shell, ctx}`
 * lines on stdin and, for each line the engine can judge without the shell grammar, prints the
 * result of judging it that way; `null` for lines that need the grammar. The grammar is never
 * loaded here.
 */
import { readFileSync } from 'node:fs';
import { evaluateCommand, needsShellGrammar, useFollowing } from '../../src/core/engine';
import { FOLLOWING } from '../../src/core/follow/index';
import { grammarReady } from '../../src/core/shell/grammar';
import type { CommandContext, ShellKind } from '../../src/core/types';

const now = new Date('2025-01-01T00:00:00Z');
// As check and the hook do before they judge a line (and the unit tests' root hooks).
useFollowing(FOLLOWING);
const out: unknown[] = [];
for (const line of readFileSync(0, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const c = JSON.parse(line) as { cmd: string; shell?: ShellKind; ctx: CommandContext };
  const ctx = { ...c.ctx, shell: c.shell ?? c.ctx.shell };
  out.push(needsShellGrammar(c.cmd, ctx.shell) ? null : evaluateCommand(c.cmd, { ctx, now, noPrefilter: true }));
}
if (grammarReady()) throw new Error('the grammar was loaded');
process.stdout.write(JSON.stringify(out));
