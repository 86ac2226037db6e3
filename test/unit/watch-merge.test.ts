import assert from 'node:assert/strict';
import { reapply } from '../../src/core/watch/merge';

describe('re-applying a held change (watch/merge)', () => {
  const base = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', ''].join('\n');
  const proposed = base.replace('b\n', 'B\n');

  it('gives the proposal exactly when the file is still at its baseline', () => {
    assert.equal(reapply(base, proposed, base), proposed);
  });

  it('keeps an edit made elsewhere in the meantime', () => {
    const current = base.replace('i\n', 'I typed this\n');
    assert.equal(reapply(base, proposed, current), proposed.replace('i\n', 'I typed this\n'));
  });

  it('has no answer when the same lines changed in the meantime', () => {
    const current = base.replace('b\n', 'mine\n');
    assert.equal(reapply(base, proposed, current), undefined);
  });

  it('keeps CRLF text and a missing final newline intact', () => {
    const b = 'x\r\ny\r\nz';
    const p = 'x\r\nY\r\nz';
    assert.equal(reapply(b, p, b), p);
  });
});
