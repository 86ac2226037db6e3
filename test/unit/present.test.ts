import assert from 'node:assert/strict';
import { decide } from '../../src/core/policy';
import { diagnosticLevel, diagnosticMessage, findingActions, hoverMarkdown } from '../../src/core/present';

const f = { ruleId: 'TF001', category: 'iac', severity: 'high' as const, score: 72, message: 'Removes prevent_destroy from aws_db_instance.main.', alternative: 'Keep prevent_destroy.' };

describe('presentation', () => {
  it('maps decisions to diagnostic levels', () => {
    assert.equal(diagnosticLevel('gate'), 'error');
    assert.equal(diagnosticLevel('warn'), 'warning');
    assert.equal(diagnosticLevel('allow'), 'hint');
  });
  it('a diagnostic says what, how bad, how it happened and the safer way', () => {
    const m = diagnosticMessage(f, 'applied in bulk, not typed');
    for (const part of [f.message, 'score 72', 'applied in bulk, not typed', 'Safer: Keep prevent_destroy.']) assert.ok(m.includes(part), part);
  });
  it('a hover shows score, decision at the current strictness and the docs link', () => {
    const h = hoverMarkdown({ ...f, decision: decide(f.severity, 'balanced') }, 'balanced', 'https://x/TF001.md');
    assert.ok(h.includes('score **72**') && h.includes('needs confirmation') && h.includes('https://x/TF001.md'));
    assert.ok(hoverMarkdown({ ...f, decision: decide(f.severity, 'relaxed') }, 'relaxed', 'u').includes('warning'));
  });
  it('offers revert first when it can, and always the docs', () => {
    const a = findingActions(f, { canRevert: true, canDiff: true });
    assert.deepEqual(a.map((x) => x.kind), ['revert', 'accept', 'allow-rule-here', 'show-diff', 'show-docs']);
    assert.equal(a[0].preferred, true);
    assert.deepEqual(findingActions(f, { canRevert: false, canDiff: false }).map((x) => x.kind), ['accept', 'allow-rule-here', 'show-docs']);
  });
});
