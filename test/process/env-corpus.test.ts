import assert from 'node:assert/strict';
import { evaluateCommand } from '../../src/core/engine';
import { normalizePolicy } from '../../src/core/policy';
import { nodeEnvironmentReader } from '../../src/node/environment-reader';
import { ENV_SOURCES, loadEnvCorpus, materializeEnvCase } from '../helpers/env-corpus';
import { FixtureArea } from '../helpers/fixture-area';
import { parseConfigYaml } from '../../src/node/config-yaml';

const corpus = loadEnvCorpus();

describe('environment corpus: where a command lands (balanced strictness, fixture files)', () => {
  let area: FixtureArea;
  before(() => {
    area = new FixtureArea('br-env-');
  });
  after(() => area.dispose());

  it('every source has production cases and look-alikes that are not raised', () => {
    for (const s of ENV_SOURCES.filter((x) => x !== 'line')) {
      assert.ok(corpus.some((c) => c.source === s && c.production === true), `${s}: no production case`);
      assert.ok(corpus.some((c) => c.source === s && c.production === false), `${s}: no look-alike`);
    }
  });

  for (const c of corpus) {
    it(`${c.file}:${c.line} ${c.expect}${c.production ? ' (production)' : ''}: ${c.cmd.slice(0, 90)}`, () => {
      const fx = materializeEnvCase(c, area);
      try {
        const { policy, problems } = normalizePolicy(c.policy ?? {});
        assert.deepEqual(problems, [], 'the case policy is valid');
        const ctx = { ...fx.ctx, environment: nodeEnvironmentReader(fx.env, { sessionStart: fx.sessionStart, yaml: parseConfigYaml }) };
        const res = evaluateCommand(c.cmd, { ctx, policy });
        const why = res.findings.map((f) => `${f.ruleId}/${f.severity}: ${f.message}`).join(' | ') || 'no findings';
        assert.equal(res.decision, c.expect, why);
        if (c.rule) assert.ok(res.findings.some((f) => f.ruleId === c.rule), `expected ${c.rule}; got ${why}`);
        if (c.production !== undefined) assert.equal(res.findings.some((f) => f.environment?.production), c.production, `production; got ${why}`);
        if (c.says) assert.ok(res.findings[0]?.message.includes(c.says), `expected "${c.says}" in: ${why}`);
        // The pre-filter may only skip work, never change an answer.
        assert.equal(evaluateCommand(c.cmd, { ctx, policy, noPrefilter: true }).decision, res.decision, 'pre-filter changed the decision');
      } finally {
        fx.remove();
      }
    });
  }
});
