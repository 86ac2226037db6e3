import assert from 'node:assert/strict';
import { classifyChange } from '../../src/core/watch/classify';
import { TextBaseline } from '../../src/core/watch/text-baseline';
import { newlinesUpToTwo, recordTyped, shapeOf } from '../../src/core/watch/typing';

const change = (rangeOffset: number, rangeLength: number, text: string, lines = 0) => ({ range: { start: { line: 0 }, end: { line: lines } }, rangeOffset, rangeLength, text });

describe('watch: typing fast path', () => {
  it('describes an event in the numbers classification reads', () => {
    assert.equal(classifyChange(shapeOf([change(3, 0, 'a')], true, true)).typing, true);
    assert.equal(classifyChange(shapeOf([change(0, 0, 'a\nb\nc')], true, true)).typing, false);
    assert.equal(classifyChange(shapeOf(Array.from({ length: 500 }, (_, i) => change(i, 0, 'x')), true, true)).typing, false);
    assert.equal(shapeOf(Array.from({ length: 500 }, (_, i) => change(i, 0, 'x')), true, true).changes.length, 9);
    assert.equal(classifyChange(shapeOf([change(3, 0, 'a')], true, true, 'undo')).attribution, 'undo or redo');
    assert.equal(classifyChange(shapeOf([change(3, 0, 'a')], true, true, undefined, true)).typing, false);
  });

  it('counts newlines only as far as it needs to', () => {
    assert.equal(newlinesUpToTwo('abc'), 0);
    assert.equal(newlinesUpToTwo('a\nb'), 1);
    assert.equal(newlinesUpToTwo('\n\n\n\n'), 2);
  });

  it('records a multi-cursor keystroke into the baseline in the reported order', () => {
    // VS Code reports the changes of one event last-first, so each offset stays valid.
    const b = new TextBaseline('ab\nab\n');
    recordTyped(b, [change(4, 0, 'x'), change(1, 0, 'x')]);
    assert.equal(b.text(), 'axb\naxb\n');
  });
});
