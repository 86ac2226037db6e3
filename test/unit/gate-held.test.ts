import assert from 'node:assert/strict';
import { holdButtons, holdDialog, holdOutcome, holdReminder, restoreReport, type HeldSummary } from '../../src/core/gate/held';

const tf001 = { ruleId: 'TF001', severity: 'high' as const, message: 'prevent_destroy removed from aws_db_instance.main', alternative: 'keep prevent_destroy and remove the resource deliberately' };
const edt003 = { ruleId: 'EDT003', severity: 'high' as const, message: '30 files of src deleted at once', alternative: 'delete the files you mean one by one' };

const edit = (p: string, extra: Partial<HeldSummary> = {}): HeldSummary => ({ kind: 'edit', paths: [p], score: 72, severity: 'high', attribution: 'applied in bulk, not typed', findings: [tf001], ...extra });
const deletion = (paths: string[]): HeldSummary => ({ kind: 'delete', paths, score: 70, severity: 'high', attribution: 'deleted on disk', findings: [edt003] });

describe('held changes: the dialog (gate/held)', () => {
  it('puts the safe answer first for edits, deletions and a mix', () => {
    assert.deepEqual(holdButtons([edit('a.tf')]).map((b) => b.title), ['Discard', 'Apply anyway', 'Show diff']);
    assert.deepEqual(holdButtons([edit('a.tf'), edit('b.tf')]).map((b) => b.title), ['Discard all', 'Apply anyway', 'Show diff']);
    assert.deepEqual(holdButtons([deletion(['src/a.ts'])]).map((b) => b.title), ['Restore all', 'Keep deleted']);
    const mixed = holdButtons([edit('a.tf'), deletion(['src/a.ts'])]);
    assert.equal(mixed[0].choice, 'undo');
    assert.equal(mixed.length, 3);
    for (const items of [[edit('a.tf')], [deletion(['x'])], [edit('a.tf'), deletion(['x'])]]) assert.equal(holdButtons(items)[0].choice, 'undo');
  });

  it('says what each item would destroy, the safer way, and that no answer undoes the step', () => {
    const d = holdDialog([edit('infra/db.tf')], { timeoutSeconds: 120 });
    assert.equal(d.message, 'Blast Radius: held an edit to infra/db.tf.');
    assert.match(d.detail, /infra\/db\.tf \(applied in bulk, not typed\)/);
    assert.match(d.detail, /Score 72 · high · TF001: prevent_destroy removed from aws_db_instance\.main\./);
    assert.match(d.detail, /Safer: keep prevent_destroy/);
    assert.match(d.detail, /no answer within 120 s all count as Discard\./);
    assert.match(d.detail, /proposed content is kept/);
  });

  it('names a new file as such, and counts files of a deletion', () => {
    const created = holdDialog([edit('ci/deploy.yml', { created: true })], { timeoutSeconds: 5 });
    assert.equal(created.message, 'Blast Radius: held a new file ci/deploy.yml.');
    // Discarding it deletes what was written: the dialog says so, and that a copy is kept.
    assert.match(created.detail, /Discard deletes the new file ci\/deploy\.yml; a copy is kept for Restore in Recent Events\./);
    assert.doesNotMatch(holdDialog([edit('ci/deploy.yml')], { timeoutSeconds: 5 }).detail, /deletes the new file/);
    const paths = Array.from({ length: 30 }, (_, i) => `src/m${i}.ts`);
    const d = holdDialog([deletion(paths)], { timeoutSeconds: 60 });
    assert.equal(d.message, 'Blast Radius: 30 files were deleted.');
    assert.match(d.detail, /Deleted: src\/m0\.ts, src\/m1\.ts, src\/m2\.ts, src\/m3\.ts, src\/m4\.ts and 25 more/);
    assert.match(d.detail, /count as Restore all\./);
    assert.match(d.detail, /byte for byte/);
    assert.equal(holdDialog([edit('a.tf'), deletion(['src/x.ts'])], { timeoutSeconds: 5 }).message, 'Blast Radius: held an edit to a.tf; src/x.ts was deleted.');
  });

  it('lists at most eight items and counts the rest', () => {
    const items = Array.from({ length: 11 }, (_, i) => edit(`infra/f${i}.tf`));
    const d = holdDialog(items, { timeoutSeconds: 5 });
    assert.equal(d.message, 'Blast Radius: held 11 edits.');
    assert.match(d.detail, /infra\/f7\.tf/);
    assert.doesNotMatch(d.detail, /infra\/f8\.tf/);
    assert.match(d.detail, /…and 3 more items\./);
  });

  it('lists every further finding in words, one line each (the same one twice is one line)', () => {
    const tf002 = { ruleId: 'TF002', severity: 'high' as const, message: 'aws_db_instance.main: deletion_protection turned off', alternative: 'Keep it on.' };
    const d = holdDialog([edit('a.tf', { findings: [tf001, tf002, { ...tf002 }] })], { timeoutSeconds: 5 });
    assert.match(d.detail, /\n {2}Also TF002 \(high\): aws_db_instance\.main: deletion_protection turned off\. \(2 times\)\n/);
    assert.doesNotMatch(d.detail, /Also: /);
    const many = Array.from({ length: 7 }, (_, i) => ({ ...tf002, message: `resource r${i}: deletion_protection turned off` }));
    const m = holdDialog([edit('a.tf', { findings: [tf001, ...many] })], { timeoutSeconds: 5 });
    assert.equal(m.detail.match(/^ {2}Also TF002/gm)?.length, 4);
    assert.match(m.detail, /\n {2}…and 3 more findings\.\n/);
  });

  it('asks again after Show diff without Show diff, safe answer first', () => {
    const r = holdReminder([edit('infra/db.tf')], { timeoutSeconds: 120 });
    assert.deepEqual(r.buttons.map((b) => b.title), ['Discard', 'Apply anyway']);
    assert.match(r.message, /^Blast Radius: held an edit to infra\/db\.tf\. The diff is open/);
    assert.match(r.message, /no answer within 120 s of the first question counts as Discard\./);
  });

  it('only an explicit keep keeps; dismissing, a timeout or Show diff undo', () => {
    assert.equal(holdOutcome('keep'), 'keep');
    assert.equal(holdOutcome('undo'), 'undo');
    assert.equal(holdOutcome(undefined), 'undo');
    assert.equal(holdOutcome('diff'), 'undo');
  });

  it('names files that could not be restored', () => {
    assert.equal(restoreReport(40, []), 'Blast Radius restored 40 files.');
    assert.equal(restoreReport(1, ['src/new.ts']), 'Blast Radius restored 1 file. Not restorable (never seen by Blast Radius and not committed): src/new.ts.');
  });
});
