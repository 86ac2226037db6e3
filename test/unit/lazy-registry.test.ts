/**
 * The registry the engine uses (core/rules/registry.ts) loads only the packs a command triggers,
 * and gives every program, redirect and assignment the same rules, in the same order, as the
 * whole registry (core/rules/index.ts), so the findings and their order are unchanged. That a
 * line loads no other pack is in test/process/lazy-registry.test.ts.
 */
import assert from 'node:assert/strict';
import { COMMAND_RULES, RULE_PACKS, triggerIndex } from '../../src/core/rules/index';
import { packTriggers } from '../../src/core/rules/pack-triggers';
import { isTriggerProgram, PACK_NAMES, rulesForAssignment, rulesForProgram, rulesForRedirect } from '../../src/core/rules/registry';

const ids = (rules: readonly { id: string }[]): string[] => rules.map((r) => r.id);

describe('the lazily loaded rule registry', () => {
  it('knows every pack of the registry, in its order', () => {
    assert.deepEqual(PACK_NAMES, RULE_PACKS.map((p) => p.name));
    assert.deepEqual(packTriggers().map((p) => p.pack), RULE_PACKS.map((p) => p.name));
  });

  it('gives every program the rules of the whole registry that trigger on it, in its order', () => {
    const programs = [...triggerIndex().keys(), 'ls', 'not-a-program'];
    assert.ok(programs.length > 300, `${programs.length} programs`);
    for (const p of programs) {
      const want = COMMAND_RULES.filter((r) => r.triggers.some((t) => t.programs.includes(p)));
      assert.deepEqual(ids(rulesForProgram(p)), ids(want), p);
      assert.equal(isTriggerProgram(p), triggerIndex().has(p), p);
    }
  });

  it('gives redirects and every judged assignment the same rules as the whole registry', () => {
    assert.deepEqual(ids(rulesForRedirect()), ids(COMMAND_RULES.filter((r) => r.onRedirect)));
    const names = [...new Set(COMMAND_RULES.flatMap((r) => r.onAssignment ?? [])), 'NO_RULE_READS_THIS'];
    assert.ok(names.length > 1);
    for (const n of names) assert.deepEqual(ids(rulesForAssignment(n)), ids(COMMAND_RULES.filter((r) => r.onAssignment?.includes(n))), n);
  });
});
