/**
 * Precision and recall of the engine on a labelled cmd.exe corpus (bench/cmd-exe-corpus.jsonl):
 * the destructive forms of rd, del, erase, format, takeown, icacls, robocopy, reg, vssadmin,
 * wbadmin, bcdedit and cmd /c written from each tool's documented syntax, and as many everyday
 * look-alikes. A line is flagged when the decision is not allow. Lines the engine still misses
 * are listed, so the figure says what it is made of.
 *
 *   npx tsx bench/cmd-exe-bench.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateCommand, useFollowing } from '../src/core/engine';
import { FOLLOWING } from '../src/core/follow/index';
import { loadPowerShellGrammar, loadShellGrammar } from '../src/node/grammar-files';
import { TEST_CONTEXT } from '../test/helpers/context';

interface Line {
  cmd: string;
  expect: 'allow' | 'warn' | 'gate';
  shell: 'cmd';
}

async function main(): Promise<void> {
  useFollowing(FOLLOWING);
  await loadShellGrammar();
  await loadPowerShellGrammar();
  const lines = readFileSync(path.join(__dirname, 'cmd-exe-corpus.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const c of lines) {
    const flagged = evaluateCommand(c.cmd, { ctx: { ...TEST_CONTEXT, shell: c.shell } }).decision !== 'allow';
    const destructive = c.expect !== 'allow';
    if (flagged && destructive) tp++;
    else if (flagged) {
      fp++;
      console.log(`flagged, labelled allow: ${c.cmd}`);
    } else if (destructive) {
      fn++;
      console.log(`missed: ${c.cmd}`);
    } else tn++;
  }
  const ratio = (a: number, b: number): string => (b ? (a / b).toFixed(3) : 'n/a');
  console.log(`cmd.exe corpus: ${lines.length} lines (${tp + fn} destructive, ${fp + tn} look-alikes); precision ${ratio(tp, tp + fp)}, recall ${ratio(tp, tp + fn)} (tp ${tp}, fp ${fp}, fn ${fn}, tn ${tn})`);
}

void main();
