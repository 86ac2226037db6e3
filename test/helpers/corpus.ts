/** The labelled command corpus (test/corpus/*.jsonl), one entry per line. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandContext, Decision, ShellKind } from '../../src/core/types';

export interface CorpusLine {
  cmd: string;
  expect: Decision;
  rule?: string;
  shell?: ShellKind;
  ctx?: Partial<CommandContext>;
  note?: string;
  file: string;
  line: number;
}

export function loadCorpus(): CorpusLine[] {
  const dir = path.join(__dirname, '..', 'corpus');
  const out: CorpusLine[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) {
    readFileSync(path.join(dir, f), 'utf8').split('\n').forEach((l, i) => {
      if (!l.trim() || l.startsWith('//')) return;
      out.push({ ...(JSON.parse(l) as Omit<CorpusLine, 'file' | 'line'>), file: f, line: i + 1 });
    });
  }
  return out;
}
