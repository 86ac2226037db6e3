import assert from 'node:assert/strict';
import { evaluateCommand } from '../../src/core/engine';
import { confirmDialog, environmentLine, warnNotificationText } from '../../src/core/gate/answer';
import { commandNotificationText } from '../../src/core/ui-text';
import { holdDialog } from '../../src/core/gate/held';
import { COMMAND_RULES } from '../../src/core/rules/index';
import { plainCode } from '../../src/core/plain-text';
import { TEST_CONTEXT } from '../helpers/context';

// VS Code's modal dialogs show their detail as plain text: markdown code spans would show as raw backticks.
describe('modal dialogs show plain text', () => {
  it('turns code spans into quoted words, and leaves a lone backtick alone', () => {
    assert.equal(plainCode('Save it first (`crontab -l > crontab.bak`), then `crontab -e`.'), 'Save it first ("crontab -l > crontab.bak"), then "crontab -e".');
    assert.equal(plainCode('run `echo "x"` once'), 'run echo "x" once');
    assert.equal(plainCode('a ``x`y`` b'), 'a "x`y" b');
    assert.equal(plainCode('lone ` tick'), 'lone ` tick');
  });

  it('the confirm dialog of every rule example says what, where, safer and also without backticks', () => {
    let withSpans = 0;
    for (const r of COMMAND_RULES) {
      for (const ex of r.examples.fire) {
        if (ex.includes('`')) continue;
        const result = evaluateCommand(ex, { ctx: TEST_CONTEXT });
        if (!result.findings.length) continue;
        if (result.findings.some((f) => `${f.message}${f.alternative}`.includes('`'))) withSpans++;
        const d = confirmDialog(result, { timeoutSeconds: 60, workspace: '/w' });
        for (const line of d.detail.split('\n').filter((l) => /^(What it would destroy|What could not be checked|Safer|Where|Also) /.test(l.replace(/:/, ' ')))) {
          assert.ok(!line.includes('`'), `${r.id} on ${ex}: ${line}`);
        }
      }
    }
    assert.ok(withSpans > 20, `only ${withSpans} examples have code spans in their words`);
  });

  it('says where a command acts in plain words', () => {
    const result = evaluateCommand('rm -rf src', { ctx: TEST_CONTEXT });
    result.findings[0] = { ...result.findings[0], environment: { production: true, label: 'kube context `prod-eu-1`, namespace `payments`', key: 'k' } };
    assert.equal(environmentLine(result), 'Where: PRODUCTION — kube context "prod-eu-1", namespace "payments"');
    assert.match(confirmDialog(result, { timeoutSeconds: 60, workspace: '/w' }).detail, /\nWhere: PRODUCTION — kube context "prod-eu-1", namespace "payments"\n/);
  });

  it('the held-change dialog shows findings and the safer way without backticks', () => {
    const f = { ruleId: 'TF001', severity: 'high' as const, message: '`prevent_destroy` removed from `aws_db_instance.main`', alternative: 'keep `prevent_destroy` and remove the resource deliberately' };
    const d = holdDialog([{ kind: 'edit', paths: ['db.tf'], score: 72, severity: 'high', attribution: 'applied in bulk', findings: [f, { ...f, ruleId: 'TF002', message: '`deletion_protection` turned off' }] }], { timeoutSeconds: 5 });
    assert.ok(!d.detail.includes('`'), d.detail);
    assert.match(d.detail, /TF001: "prevent_destroy" removed from "aws_db_instance\.main"\./);
    assert.match(d.detail, /Safer: Keep "prevent_destroy"|Safer: keep "prevent_destroy"/);
    assert.match(d.detail, /Also TF002 \(high\): "deletion_protection" turned off\./);
  });

  it('the terminal notifications (plain text too) show no code spans', () => {
    const result = evaluateCommand('rm -rf src', { ctx: TEST_CONTEXT });
    const f = { ...result.findings[0], message: 'deletes `src` and everything in it', alternative: 'Move it aside first (`mv src src.bak`).' };
    result.findings[0] = f;
    assert.match(warnNotificationText(result), /Deletes "src" and everything in it\./);
    const n = commandNotificationText('rm -rf src', f, 0);
    assert.ok(!n.includes('`'), n);
    assert.match(n, /Safer: Move it aside first \("mv src src\.bak"\)\.$/);
  });
});
