import assert from 'node:assert/strict';
import { type ChangeShape, changesAtCursor, classifyChange } from '../../src/core/watch/classify';

const key = (text: string, rangeLength = 0): ChangeShape['changes'][number] => ({ rangeLength, rangeLineSpan: 0, textLength: text.length, newlines: text.split('\n').length - 1 });
const focused = { inActiveEditor: true, windowFocused: true };

describe('change classification', () => {
  const typing: [string, ChangeShape][] = [
    ['a keystroke', { ...focused, changes: [key('a')] }],
    ['auto-closed pair', { ...focused, changes: [key('()')] }],
    ['Enter with indentation', { ...focused, changes: [key('\n    ')] }],
    ['backspace', { ...focused, changes: [key('', 1)] }],
    ['IME commit replacing the composition', { ...focused, changes: [key('日本語', 3)] }],
    ['multi-cursor keystroke', { ...focused, changes: [key('x'), key('x'), key('x')] }],
  ];
  for (const [name, shape] of typing) it(`typing: ${name}`, () => assert.equal(classifyChange(shape).typing, true));

  const bulk: [string, ChangeShape, string][] = [
    ['a multi-line replacement', { ...focused, changes: [{ rangeLength: 200, rangeLineSpan: 6, textLength: 10, newlines: 0 }] }, 'applied in bulk, not typed'],
    ['a large insertion', { ...focused, changes: [key('x'.repeat(500))] }, 'applied in bulk, not typed'],
    ['many ranges at once', { ...focused, changes: Array.from({ length: 20 }, () => key('y')) }, 'applied in bulk, not typed'],
    ['a change to a background document', { inActiveEditor: false, windowFocused: true, changes: [key('a')] }, 'changed in a document that is not in the focused editor'],
    ['a change while unfocused', { inActiveEditor: true, windowFocused: false, changes: [key('a')] }, 'changed while the window was not focused'],
    ['a reload from disk', { ...focused, reloadedFromDisk: true, changes: [key('a')] }, 'reloaded from disk after another process wrote it'],
    ['undo', { ...focused, reason: 'undo', changes: [key('a')] }, 'undo or redo'],
  ];
  for (const [name, shape, why] of bulk) {
    it(`scored: ${name}`, () => {
      const c = classifyChange(shape);
      assert.equal(c.typing, false);
      assert.equal(c.attribution, why);
    });
  }
});

describe('typing happens at the cursor', () => {
  it('a small edit away from every cursor is not typing', () => {
    const c = classifyChange({ ...focused, atCursor: false, changes: [key('', 27)] });
    assert.equal(c.typing, false);
    assert.equal(c.attribution, 'applied away from the cursor, not typed');
  });
  it('changesAtCursor looks at the lines a change touches', () => {
    assert.equal(changesAtCursor([{ startLine: 4, endLine: 4, newlines: 0 }], [0]), false);
    assert.equal(changesAtCursor([{ startLine: 4, endLine: 4, newlines: 0 }], [4]), true);
    assert.equal(changesAtCursor([{ startLine: 4, endLine: 4, newlines: 1 }], [5]), true, 'Enter moves the cursor down a line');
    assert.equal(changesAtCursor([{ startLine: 4, endLine: 5, newlines: 0 }], [4]), true, 'backspace at the start of a line joins it');
    assert.equal(changesAtCursor([{ startLine: 1, endLine: 1, newlines: 0 }, { startLine: 9, endLine: 9, newlines: 0 }], [1, 9]), true, 'multi-cursor');
    assert.equal(changesAtCursor([{ startLine: 1, endLine: 1, newlines: 0 }], []), false);
  });
});
