import assert from 'node:assert/strict';
import { evaluateEdit } from '../../src/core/edit/engine';
import { shownFindings } from '../../src/core/watch/findings';
import { ReloadDetector } from '../../src/core/watch/reload';

// The dirty flags below are the ones VS Code's extension host reports (seen in code-server 4.100):
// the flag that comes with the first change of a clean document is stale, "now dirty" follows it
// at once, and a revert's change already comes with "clean".
const protectedTf = 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n';
const unprotectedTf = 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n}\n';
/** The user deleted the prevent_destroy line by hand (typing is recorded, never judged). */
const typedTf = protectedTf.replace('\n    prevent_destroy = true', '');

const flagged = (before: string, after: string) => shownFindings(evaluateEdit({ path: 'infra/db.tf', before, after }).findings).map((f) => f.ruleId);

describe('watch: telling reloads from edits', () => {
  it('a change that finds a dirty document clean is a revert', () => {
    const d = new ReloadDetector(false);
    assert.equal(d.contentChanged(false), undefined, 'the first keystroke (stale flag)');
    d.dirtyChanged(true);
    assert.equal(d.contentChanged(true), undefined);
    assert.equal(d.contentChanged(false), 'reverted');
    d.dirtyChanged(false);
    assert.equal(d.mayBeReload, false, 'the revert is settled; the next change starts afresh');
  });

  it('an edit to a clean document turns out an edit as soon as "now dirty" arrives', () => {
    const d = new ReloadDetector(false);
    assert.equal(d.contentChanged(false), undefined);
    assert.equal(d.mayBeReload, true);
    const kept = d.keep(() => 'after the edit');
    assert.deepEqual(kept, { text: 'after the edit', status: 'maybe' });
    d.dirtyChanged(true);
    assert.equal(kept?.status, 'edit');
    assert.equal(d.contentChanged(true), undefined);
  });

  it('a change that still finds the document clean after a change to it proves that change a reload', () => {
    const d = new ReloadDetector(false);
    assert.equal(d.contentChanged(false), undefined, 'VS Code reloads the file');
    const reload = d.keep(() => 'reloaded');
    assert.equal(d.contentChanged(false), 'after-reload', 'an agent edit follows (stale flag)');
    assert.equal(reload?.status, 'reload');
    const edit = d.keep(() => 'edited');
    d.dirtyChanged(true);
    assert.equal(edit?.status, 'edit');
    assert.equal(reload?.status, 'reload', 'a settled candidate stays settled');
  });

  it('two reloads in a row are two reloads', () => {
    const d = new ReloadDetector(false);
    d.contentChanged(false);
    const first = d.keep(() => 'one');
    assert.equal(d.contentChanged(false), 'after-reload');
    const second = d.keep(() => 'two');
    assert.equal(first?.status, 'reload');
    assert.equal(d.contentChanged(false), 'after-reload');
    assert.equal(second?.status, 'reload');
  });

  it('undo and redo are never reverts, even back to the saved text', () => {
    const d = new ReloadDetector(true);
    assert.equal(d.contentChanged(false, 'undo'), undefined);
    assert.equal(d.mayBeReload, false);
    d.dirtyChanged(true);
    assert.equal(d.contentChanged(false, 'redo'), undefined);
  });

  it('an edit after a save is an edit', () => {
    const d = new ReloadDetector(true);
    d.dirtyChanged(false);
    assert.equal(d.contentChanged(false), undefined);
    const kept = d.keep(() => 'edited after the save');
    d.dirtyChanged(true);
    assert.equal(kept?.status, 'edit');
    assert.equal(d.contentChanged(true), undefined);
  });

  it('takes the text only while the last change may be a reload', () => {
    const d = new ReloadDetector(true);
    d.contentChanged(true);
    let calls = 0;
    assert.equal(
      d.keep(() => {
        calls++;
        return 'x';
      }),
      undefined,
    );
    assert.equal(calls, 0);
    d.dirtyChanged(false);
    d.contentChanged(false);
    const a = d.keep(() => {
      calls++;
      return 'y';
    });
    assert.equal(d.keep(() => 'z'), a, 'one copy per change');
    assert.equal(calls, 1);
  });

  describe('an agent edit within the quiet period after a revert or a reload is still flagged', () => {
    it('after a revert: the reverted text is the baseline at once', () => {
      // Judged as one change against the typed baseline, the removal disappears.
      assert.deepEqual(flagged(typedTf, unprotectedTf), []);
      // The user types the line away (the baseline follows typing), then reverts.
      const d = new ReloadDetector(false);
      d.contentChanged(false);
      d.dirtyChanged(true);
      assert.equal(d.contentChanged(false), 'reverted', 'the reverted text (protectedTf) replaces typedTf as the baseline');
      d.dirtyChanged(false);
      // The agent's edit, before the quiet period is over, is a change of its own.
      assert.equal(d.contentChanged(false), undefined);
      d.dirtyChanged(true);
      assert.deepEqual(flagged(protectedTf, unprotectedTf), ['TF001']);
    });

    it('after a reload: the reload is judged on its own, then the edit against what it brought', () => {
      assert.deepEqual(flagged(unprotectedTf, unprotectedTf.replace('}\n', '}')), [], 'judged as one change');
      const d = new ReloadDetector(false);
      d.contentChanged(false);
      const reload = d.keep(() => protectedTf);
      assert.equal(d.contentChanged(false), 'after-reload');
      d.dirtyChanged(true);
      assert.equal(reload?.status, 'reload');
      assert.deepEqual(flagged(unprotectedTf, reload.text), [], 'the reload added protection');
      assert.deepEqual(flagged(reload.text, unprotectedTf.replace('}\n', '}')), ['TF001']);
    });
  });
});
