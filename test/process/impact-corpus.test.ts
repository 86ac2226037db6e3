import assert from 'node:assert/strict';
import { evaluateCommand } from '../../src/core/engine';
import type { CommandResult } from '../../src/core/types';
import { IMPACT_KINDS, loadImpactCorpus, materializeImpactCase, SEVERITY_ORDER } from '../helpers/impact-corpus';

const corpus = loadImpactCorpus();

function strongest(res: CommandResult): number {
  return Math.max(-1, ...res.findings.map((f) => SEVERITY_ORDER.indexOf(f.severity)));
}

describe('measured-impact corpus: what the targets hold (real repositories and state, default strictness)', () => {
  it('every kind has cases the count raises or lowers and look-alikes it must not raise', () => {
    for (const k of IMPACT_KINDS.filter((x) => x !== 'terraform')) {
      assert.ok(corpus.some((c) => c.kind === k && c.measured === 'lowered'), `${k}: no lowered case`);
      assert.ok(corpus.some((c) => c.kind === k && c.measured !== 'raised' && c.expect !== 'gate'), `${k}: no look-alike`);
    }
    for (const k of ['delete', 'branch'] as const) assert.ok(corpus.some((c) => c.kind === k && c.measured === 'raised'), `${k}: no raised case`);
    assert.ok(corpus.some((c) => c.kind === 'terraform' && c.not), 'terraform: no look-alike');
  });

  for (const c of corpus) {
    it(`${c.file}:${c.line} ${c.expect} (${c.measured}): ${c.cmd}`, () => {
      const fx = materializeImpactCase(c);
      try {
        const res = evaluateCommand(c.cmd, { ctx: fx.ctx });
        const why = res.findings.map((f) => `${f.ruleId}/${f.severity}: ${f.message}`).join(' | ') || 'no findings';
        assert.equal(res.decision, c.expect, why);
        const before = strongest(evaluateCommand(c.cmd, { ctx: fx.uncounted }));
        const after = strongest(res);
        assert.equal(after > before ? 'raised' : after < before ? 'lowered' : 'same', c.measured, `without counting ${SEVERITY_ORDER[before] ?? 'nothing'}, with ${SEVERITY_ORDER[after] ?? 'nothing'}: ${why}`);
        const text = res.findings.map((f) => f.message).join(' | ');
        if (c.says) assert.ok(text.includes(c.says), `expected "${c.says}" in: ${why}`);
        if (c.not) assert.ok(!text.includes(c.not), `expected no "${c.not}" in: ${why}`);
      } finally {
        fx.remove();
      }
    });
  }
});
