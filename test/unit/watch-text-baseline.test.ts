import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applySplices, COMPACT_AFTER, TextBaseline, type TextSplice } from '../../src/core/watch/text-baseline';

/** The obvious implementation: apply each change to a string in turn. */
function naive(text: string, edits: readonly TextSplice[]): string {
  let t = text;
  for (const e of edits) {
    const start = Math.max(0, Math.min(e.offset, t.length));
    const end = Math.max(start, Math.min(start + Math.max(0, e.length), t.length));
    t = t.slice(0, start) + e.text + t.slice(end);
  }
  return t;
}

const spliceArb = fc.record({ offset: fc.integer({ min: -2, max: 60 }), length: fc.integer({ min: 0, max: 8 }), text: fc.string({ maxLength: 5 }) });

describe('watch: text baseline', () => {
  it('applies changes in order, each against the text the previous ones left', () => {
    assert.equal(applySplices('hello world', [{ offset: 5, length: 6, text: '' }, { offset: 0, length: 0, text: '> ' }]), '> hello');
    assert.equal(applySplices('abc', [{ offset: 3, length: 0, text: 'd' }, { offset: 4, length: 0, text: 'e' }, { offset: 1, length: 1, text: 'B' }]), 'aBcde');
    assert.equal(applySplices('', [{ offset: 0, length: 0, text: 'x' }, { offset: 0, length: 1, text: '' }]), '');
  });

  it('agrees with splicing one change at a time (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), fc.array(spliceArb, { maxLength: 40 }), (text, edits) => {
        assert.equal(applySplices(text, edits), naive(text, edits));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps in step with typing across compactions', () => {
    const b = new TextBaseline('resource "x" "y" {\n}\n');
    let expected = b.text();
    for (let i = 0; i < COMPACT_AFTER * 3 + 7; i++) {
      const offset = (i * 7) % (expected.length + 1);
      const e = i % 5 === 0 ? { offset, length: 1, text: '' } : { offset, length: 0, text: String.fromCharCode(97 + (i % 26)) };
      b.splice(e.offset, e.length, e.text);
      expected = naive(expected, [e]);
      assert.ok(b.pendingCount < COMPACT_AFTER);
    }
    assert.equal(b.text(), expected);
    assert.equal(b.pendingCount, 0);
  });

  it('keeps CRLF, a BOM and astral characters exactly', () => {
    const b = new TextBaseline('\uFEFFa\r\nb\r\n');
    b.splice(3, 0, '😀');
    b.splice(0, 0, 'x');
    assert.equal(b.text(), 'x\uFEFFa\r😀\nb\r\n');
    b.reset('z');
    assert.equal(b.text(), 'z');
  });
});
