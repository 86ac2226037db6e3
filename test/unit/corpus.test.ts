import assert from 'node:assert/strict';
import { evaluateCommand } from '../../src/core/engine';
import { TEST_CONTEXT } from '../helpers/context';
import { loadCorpus } from '../helpers/corpus';

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
