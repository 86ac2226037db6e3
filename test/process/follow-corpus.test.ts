/**
 * The followed-command corpus (test/corpus-follow): each line's files written into a throwaway
 * workspace, the line judged in process with the reader the CLI and the hooks hand the engine.
 * The decision must be the labelled one at balanced, a named rule must fire, and the strongest
 * finding's chain must name the labelled files in order.
 */
import assert from 'node:assert/strict';
import { judgeCommand } from '../../src/core/engine';
import { chainText } from '../../src/core/follow/follow';
import { followReaderFor } from '../../src/node/follow-files';
import { FOLLOW_KINDS, FixtureArea, loadFollowCorpus, materialize } from '../helpers/follow-corpus';

const corpus = loadFollowCorpus();

describe('followed-command corpus (balanced strictness, files on disk)', () => {
  let area: FixtureArea;
  before(() => {
    area = new FixtureArea('br-follow-');
  });
  after(() => area.dispose());

  it('has at least 200 cases over every mechanism, half of them everyday look-alikes that stay allowed', () => {
    assert.ok(corpus.length >= 200, `only ${corpus.length} cases`);
    for (const k of FOLLOW_KINDS) assert.ok(corpus.some((c) => c.kind === k && c.expect === 'allow') && corpus.some((c) => c.kind === k && c.expect !== 'allow'), `${k}: needs both an allowed case and a flagged one`);
    const allowed = corpus.filter((c) => c.expect === 'allow').length;
    assert.ok(allowed * 2 >= corpus.length, `only ${allowed} of ${corpus.length} stay allowed`);
  });

  for (const c of corpus) {
    it(`${c.file}:${c.line} ${c.expect}: ${c.cmd.slice(0, 90).replace(/\n/g, '⏎')}`, function () {
      const fx = materialize(c, area);
      try {
        const ctx = { ...fx.ctx };
        ctx.files = followReaderFor(ctx);
        const { result } = judgeCommand(c.cmd, { ctx });
        const why = result.findings.map((f) => `${f.ruleId}/${f.severity}: ${f.message}${f.via ? ` [${chainText(result.command, f)}]` : ''}`).join(' | ') || 'no findings';
        assert.equal(result.decision, c.expect, why);
        if (c.rule) assert.ok(result.findings.some((f) => f.ruleId === c.rule), `expected ${c.rule}; got ${why}`);
        if (c.via) {
          const top = result.findings[0];
          const home = `${fx.home}/`;
          assert.deepEqual(top.via?.map((s) => (s.file.startsWith(home) ? `~/${s.file.slice(home.length)}` : s.file)), c.via, why);
          // The span is the invoking words: inside the line, never past it.
          assert.ok(top.span.start >= 0 && top.span.end <= c.cmd.length && top.span.end > top.span.start);
        }
        // The pre-filter only skips work: the full analysis agrees.
        assert.equal(judgeCommand(c.cmd, { ctx, noPrefilter: true }).result.decision, result.decision, 'pre-filter changed the decision');
      } finally {
        fx.remove();
      }
    });
  }
});
