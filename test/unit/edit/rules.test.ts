import assert from 'node:assert/strict';
import { evaluateBatch, evaluateEdit } from '../../../src/core/edit/engine';
import { EDIT_RULES } from '../../../src/core/edit/rules/index';
import type { EditExample, EditRule } from '../../../src/core/edit/rule';
import { CATEGORIES_FOR_TEST } from './helpers';

function change(ex: EditExample) {
  return { path: ex.path, before: ex.before, after: ex.after };
}

/** One example judged alone, or with the other files of its step in one batch (its own file's findings). */
function judge(rule: EditRule, ex: EditExample) {
  if (!ex.step?.length) return evaluateEdit(change(ex), { rules: [rule] });
  return evaluateBatch([change(ex), ...ex.step.map(change)], { rules: [rule] }).files[0];
}

function fires(rule: EditRule, ids: string[]): boolean {
  // A delegating rule reports under the ids of the command rules it hands commands to.
  return ids.some((id) => id === rule.id || (rule.delegates === true && !/^EDT/.test(id)));
}

describe('edit rules: metadata and examples', () => {
  it('ids are unique, prefixed and numbered', () => {
    const seen = new Set<string>();
    for (const r of EDIT_RULES) {
      assert.match(r.id, /^(TF|CFN|KUB|SQL|POL|CI|SRC|SEC|SELF|EDT)\d{3}$/, r.id);
      assert.ok(!seen.has(r.id), `duplicate id ${r.id}`);
      seen.add(r.id);
      assert.match(r.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${r.id} name must be kebab-case`);
      assert.ok(CATEGORIES_FOR_TEST.includes(r.category), `${r.id} category`);
      assert.ok(r.summary && r.rationale && r.alternative, `${r.id} needs summary, rationale and alternative`);
      assert.ok(r.files.length > 0, `${r.id} needs file globs`);
    }
  });

  it('every rule has at least one fire and one pass example', () => {
    for (const r of EDIT_RULES) {
      assert.ok(r.examples.fire.length > 0, `${r.id} has no fire example`);
      assert.ok(r.examples.pass.length > 0, `${r.id} has no pass example`);
    }
  });

  for (const rule of EDIT_RULES) {
    it(`${rule.id} ${rule.name}: examples`, () => {
      if (rule.batch) {
        const fire = evaluateBatch(rule.examples.fire.map(change));
        assert.ok(fire.findings.some((f) => f.ruleId === rule.id), `${rule.id} must fire on its batch example`);
        const pass = evaluateBatch(rule.examples.pass.map(change));
        assert.ok(!pass.findings.some((f) => f.ruleId === rule.id), `${rule.id} must not fire on its pass batch`);
        return;
      }
      for (const ex of rule.examples.fire) {
        const res = judge(rule, ex);
        assert.ok(fires(rule, res.findings.map((f) => f.ruleId)), `${rule.id} must fire on ${ex.path}: ${JSON.stringify(ex.after ?? '(deleted)').slice(0, 200)}`);
        for (const f of res.findings) assert.ok(f.severity === rule.severity || ['low', 'medium', 'high', 'critical'].indexOf(f.severity) < ['low', 'medium', 'high', 'critical'].indexOf(rule.severity), `${rule.id} reported ${f.severity} above its declared ${rule.severity}`);
      }
      for (const ex of rule.examples.pass) {
        const res = judge(rule, ex);
        assert.ok(!fires(rule, res.findings.map((f) => f.ruleId)), `${rule.id} must not fire on ${ex.path}: ${JSON.stringify(res.findings.map((f) => f.message))}`);
      }
    });
  }
});
