import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateCommand } from '../../src/core/engine';
import type { CommandContext, Decision, ShellKind } from '../../src/core/types';
import { TEST_CONTEXT } from '../helpers/context';

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

const corpus = loadCorpus();

describe('labelled command corpus (balanced strictness)', () => {
  it('has at least 600 lines with all three decisions', () => {
    assert.ok(corpus.length >= 600, `only ${corpus.length} lines`);
    for (const d of ['allow', 'warn', 'gate']) assert.ok(corpus.some((c) => c.expect === d), d);
  });

  for (const c of corpus) {
    it(`${c.file}:${c.line} ${c.expect}: ${c.cmd.slice(0, 100)}`, () => {
      const ctx = { ...TEST_CONTEXT, ...c.ctx, shell: c.shell ?? 'bash' };
      const res = evaluateCommand(c.cmd, { ctx });
      const why = res.findings.map((f) => `${f.ruleId}/${f.severity}: ${f.message}`).join(' | ') || 'no findings';
      assert.equal(res.decision, c.expect, why);
      if (c.rule) assert.ok(res.findings.some((f) => f.ruleId === c.rule), `expected ${c.rule}; got ${why}`);
      // The pre-filter may only skip work, never change an answer.
      const full = evaluateCommand(c.cmd, { ctx, noPrefilter: true });
      assert.equal(full.decision, res.decision, 'pre-filter changed the decision');
    });
  }
});
