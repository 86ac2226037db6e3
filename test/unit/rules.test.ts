import assert from 'node:assert/strict';
import { evaluateCommand } from '../../src/core/engine';
import { COMMAND_RULES, RULE_PACKS } from '../../src/core/rules/index';
import { TEST_CONTEXT } from '../helpers/context';

const ID = /^[A-Z]{2,4}\d{3}$/;

describe('command rules: metadata', () => {
  it('every rule has a unique, well-formed id and full metadata', () => {
    const seen = new Set<string>();
    for (const r of COMMAND_RULES) {
      assert.match(r.id, ID, r.id);
      assert.ok(!seen.has(r.id), `duplicate id ${r.id}`);
      seen.add(r.id);
      assert.match(r.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${r.id} name`);
      for (const k of ['summary', 'rationale', 'alternative'] as const) assert.ok(r[k].trim().length > 10, `${r.id} ${k}`);
      assert.ok(r.triggers.length > 0 && r.triggers.every((t) => t.programs.length > 0), `${r.id} triggers`);
    }
  });

  it('every rule has examples that fire and look-alikes that do not', () => {
    for (const r of COMMAND_RULES) {
      assert.ok(r.examples.fire.length >= 1, `${r.id} has no firing example`);
      assert.ok(r.examples.pass.length >= 1, `${r.id} has no look-alike`);
    }
  });

  it('every pack has rules', () => {
    for (const p of RULE_PACKS) assert.ok(p.rules.length > 0, `pack ${p.name} is empty`);
  });
});

describe('command rules: examples', () => {
  for (const r of COMMAND_RULES) {
    describe(`${r.id} ${r.name}`, () => {
      for (const ex of r.examples.fire) {
        it(`fires on: ${ex}`, () => {
          const res = evaluateCommand(ex, { ctx: TEST_CONTEXT });
          assert.ok(res.findings.some((f) => f.ruleId === r.id), `${r.id} did not fire; got ${res.findings.map((f) => f.ruleId).join(',') || 'nothing'}`);
        });
      }
      for (const ex of r.examples.pass) {
        it(`stays silent on: ${ex}`, () => {
          const res = evaluateCommand(ex, { ctx: TEST_CONTEXT });
          const hit = res.findings.find((f) => f.ruleId === r.id);
          assert.equal(hit, undefined, `${r.id} fired: ${hit?.message}`);
        });
      }
    });
  }
});
