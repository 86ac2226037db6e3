/**
 * Cline's replace_in_file blocks, applied as Cline applies them (cline/cline
 * src/core/assistant-message/diff.ts): in order, exact text first, then trimmed lines, then first
 * and last line for blocks of three lines or more; an empty SEARCH replaces the whole file.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applySearchReplace, parseSearchReplace } from '../../src/core/edit/search-replace';

const block = (search: string, replace: string, markers: [string, string, string] = ['------- SEARCH', '=======', '+++++++ REPLACE']): string =>
  `${markers[0]}\n${search}${markers[1]}\n${replace}${markers[2]}\n`;

function apply(original: string, diff: string): string {
  const parsed = parseSearchReplace(diff);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  const out = applySearchReplace(original, parsed.blocks);
  assert.ok(out.ok, out.ok ? '' : out.error);
  return out.text;
}

describe('Cline SEARCH/REPLACE blocks', () => {
  const file = 'a\nb\nc\nd\ne\n';

  it('replaces the exact lines, keeping the rest byte for byte', () => {
    assert.equal(apply(file, block('b\nc\n', 'B\n')), 'a\nB\nd\ne\n');
  });
  it('applies several blocks in file order, each searched after the previous one', () => {
    assert.equal(apply('x\ny\nx\n', block('x\n', '1\n') + block('x\n', '2\n')), '1\ny\n2\n');
  });
  it('a block that matches only before the previous one is an error, as in Cline', () => {
    const parsed = parseSearchReplace(block('d\n', 'D\n') + block('b\n', 'B\n'));
    assert.ok(parsed.ok);
    assert.equal(applySearchReplace(file, parsed.blocks).ok, false);
  });
  it('falls back to lines matched without their surrounding whitespace', () => {
    assert.equal(apply('  if (x) {\n    go();\n  }\n', block('if (x) {\n go();\n', '  if (y) {\n    go();\n')), '  if (y) {\n    go();\n  }\n');
  });
  it('falls back to first and last line for a block of three lines or more', () => {
    assert.equal(apply(file, block('b\nSOMETHING ELSE\nd\n', 'X\n')), 'a\nX\ne\n');
    const parsed = parseSearchReplace(block('b\nZ\n', 'X\n'));
    assert.ok(parsed.ok);
    assert.equal(applySearchReplace(file, parsed.blocks).ok, false, 'two lines: no anchor match');
  });
  it('an empty SEARCH creates a new file, or replaces the whole of an existing one', () => {
    assert.equal(apply('', block('', 'new\n')), 'new\n');
    assert.equal(apply(file, block('', 'all gone\n')), 'all gone\n');
  });
  it('reads the earlier <<<<<<< / >>>>>>> markers, longer marker runs and CRLF marker lines', () => {
    assert.equal(apply(file, block('a\n', 'A\n', ['<<<<<<< SEARCH', '=======', '>>>>>>> REPLACE'])), 'A\nb\nc\nd\ne\n');
    assert.equal(apply(file, block('a\n', 'A\n', ['---------- SEARCH', '==========', '++++++++++ REPLACE'])), 'A\nb\nc\nd\ne\n');
    assert.equal(apply(file, '------- SEARCH\r\na\n=======\r\nA\n+++++++ REPLACE\r\n'), 'A\nb\nc\nd\ne\n');
  });
  it('an unfinished, markerless or out-of-order block is an error, never skipped', () => {
    assert.equal(parseSearchReplace('------- SEARCH\na\n=======\nA\n').ok, false);
    assert.equal(parseSearchReplace('just text\n').ok, false);
    assert.equal(parseSearchReplace('+++++++ REPLACE\n').ok, false);
    assert.equal(parseSearchReplace('------- SEARCH\na\n------- SEARCH\n').ok, false);
  });
  it('never throws, and a parsed diff either applies or says why', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 200 }), (original, diff) => {
        const parsed = parseSearchReplace(diff);
        if (parsed.ok) applySearchReplace(original, parsed.blocks);
      }),
      { numRuns: 300 },
    );
  });
});
