import assert from 'node:assert/strict';
import { decide } from '../../src/core/policy';
import { diagnosticLevel, diagnosticMessage, findingActions, hoverMarkdown, newFileRevertWords, textLines } from '../../src/core/present';
import { COMMAND_RULES } from '../../src/core/rules/index';
import { EDIT_RULES } from '../../src/core/edit/rules/index';
import { ruleMetaById } from '../../src/core/rule-meta';
import { SEVERITY_MEANING } from '../../src/core/types';

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
  it("a hover says why the finding matters in the rule's own words and does not repeat the diagnostic over it", () => {
    const rule = ruleMetaById('TF001');
    assert.ok(rule, 'TF001 is known');
    const over = hoverMarkdown({ ...f, decision: 'gate' }, 'balanced', 'u', { rule, attribution: 'applied in bulk, not typed' });
    assert.ok(over.includes(`*Why it matters:* ${rule.rationale}`), over);
    assert.ok(!over.includes(SEVERITY_MEANING.high), 'not the generic severity text');
    assert.ok(!over.includes(f.message), 'the diagnostic shows the message itself');
    for (const part of ['*Safer:* Keep prevent_destroy.', '*How it happened:* applied in bulk, not typed', '[Rule documentation](u)']) assert.ok(over.includes(part), part);
    // Elsewhere on the line VS Code shows no diagnostic: the hover says what was found.
    assert.ok(hoverMarkdown({ ...f, decision: 'gate' }, 'balanced', 'u', { rule, withMessage: true }).includes(f.message));
    // A finding without a rule (the stop's) falls back to what its severity means.
    assert.ok(hoverMarkdown({ ...f, decision: 'gate' }, 'balanced', 'u').includes(SEVERITY_MEANING.high));
  });
  it('a finding that acts somewhere says where in the Problems entry, and in the hover where it shows the message', () => {
    const environment = { production: true, label: 'kube context `prod-eu-1`', key: 'kube:prod-eu-1' };
    assert.ok(diagnosticMessage({ ...f, environment }).includes('Where: PRODUCTION — kube context `prod-eu-1`. [score 72'));
    assert.ok(hoverMarkdown({ ...f, environment, decision: 'gate' }, 'balanced', 'u', { withMessage: true }).includes('*Where:* PRODUCTION — kube context `prod-eu-1`'));
    assert.ok(!hoverMarkdown({ ...f, environment, decision: 'gate' }, 'balanced', 'u').includes('Where'), 'over the range the diagnostic says it');
  });
  it('knows every command and edit rule by its id', () => {
    for (const r of [...COMMAND_RULES, ...EDIT_RULES]) assert.equal(ruleMetaById(r.id)?.rationale, r.rationale, r.id);
    assert.equal(ruleMetaById('ZZ999'), undefined);
  });
  it('offers revert first when it can, and always the docs', () => {
    const a = findingActions(f, { canRevert: true, canDiff: true });
    assert.deepEqual(a.map((x) => x.kind), ['revert', 'accept', 'allow-rule-here', 'show-diff', 'show-docs']);
    assert.equal(a[0].preferred, true);
    assert.deepEqual(findingActions(f, { canRevert: false, canDiff: false }).map((x) => x.kind), ['accept', 'allow-rule-here', 'show-docs']);
  });
  it('says that reverting a change that created a file deletes it, with its lines counted', () => {
    const a = findingActions(f, { canRevert: true, canDiff: true, created: { path: 'src/x.ts', lines: 12 } });
    assert.equal(a[0].title, 'Revert: delete new file src/x.ts (12 lines)');
    const one = newFileRevertWords({ path: 'a.txt', lines: 1 });
    assert.equal(one.message, 'Revert: delete new file a.txt (1 line)?');
    assert.match(one.detail, /deletes the file/);
    assert.match(one.log, /^Revert: deleted new file a\.txt \(1 line\); a copy is kept for Restore/);
    assert.deepEqual(['', 'a', 'a\n', 'a\nb', 'a\nb\n', '\n\n'].map(textLines), [0, 1, 1, 2, 2, 2]);
  });
});
