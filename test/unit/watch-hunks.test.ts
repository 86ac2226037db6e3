import assert from 'node:assert/strict';
import fc from 'fast-check';
import { minimalReplace, revertHunks } from '../../src/core/watch/hunks';

const r = (line: number, endLine = line) => ({ start: { line, col: 0 }, end: { line: endLine, col: 0 } });

describe('watch: reverting hunks', () => {
  const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
  const after = 'a\nB\nc\nd\ne\nf\nh\n';

  it('puts back only the hunk a finding touches', () => {
    const one = revertHunks(before, after, r(1));
    assert.equal(one.text, 'a\nb\nc\nd\ne\nf\nh\n');
    assert.deepEqual([one.reverted, one.total], [1, 2]);
    // The removed line g: the finding sits on the surviving line next to the gap.
    assert.equal(revertHunks(before, after, r(6)).text, 'a\nB\nc\nd\ne\nf\ng\nh\n');
    assert.equal(revertHunks(before, after, undefined, r(6)).text, 'a\nB\nc\nd\ne\nf\ng\nh\n');
  });

  it('reverts the whole file exactly when the finding touches no hunk or every hunk', () => {
    assert.equal(revertHunks(before, after, r(3)).text, before);
    assert.equal(revertHunks(before, after).text, before);
    const crlf = '\uFEFFa\r\nb\r\nc';
    assert.equal(revertHunks(crlf, 'a\nc').text, crlf);
  });

  it('gives the smallest replacement that turns one text into the other (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), (a, b) => {
        const m = minimalReplace(a, b);
        assert.equal(a.slice(0, m.start) + m.text + a.slice(m.end), b);
      }),
      { numRuns: 500 },
    );
    assert.deepEqual(minimalReplace('x\r\ny', 'x\r\nzy'), { start: 3, end: 3, text: 'z' });
  });
});
