import { defineRule } from '../helpers';
import { CODE_FILES, isTestPath } from './helpers';

const TEST_DECL: RegExp[] = [
  /\b[xf]?(?:it|test|specify)(?:\.(?:skip|only|concurrent|failing))?\s*\(\s*(['"`])((?:(?!\1).){1,200})\1/g,
  /\bdef\s+(test_\w+)/g,
  /\bfunc\s+(Test\w+)\s*\(/g,
  /#\[test\][\s\S]{0,80}?\bfn\s+(\w+)/g,
  /@Test\b[\s\S]{0,120}?\b(?:void|fun|public\s+void|async\s+Task|public\s+async\s+Task)\s+(\w+)\s*\(/g,
  /\[(?:Fact|Test|Theory)\][\s\S]{0,120}?\b(?:void|Task)\s+(\w+)\s*\(/g,
];

function testNames(text: string): Map<string, number> {
  const names = new Map<string, number>();
  if (text.length > 2_000_000) return names;
  for (const re of TEST_DECL) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    let guard = 0;
    while ((m = re.exec(text)) && guard++ < 50_000) {
      const name = m[2] ?? m[1];
      if (!names.has(name)) names.set(name, m.index);
    }
  }
  return names;
}

export const testsDeleted = defineRule({
  id: 'SRC002',
  name: 'tests-deleted',
  category: 'source',
  severity: 'medium',
  files: CODE_FILES,
  summary: 'Test cases are deleted (and do not reappear elsewhere in the same step).',
  rationale: 'Deleting the test that fails is the other way to a green build. A test moved to another file is fine and is recognised by name.',
  alternative: 'Keep the test and fix what it found; if it is obsolete, delete it in a change that says why.',
  examples: {
    fire: [{ path: 'tests/test_refunds.py', before: 'def test_refund_full():\n    assert refund(10) == 10\n\n\ndef test_refund_partial():\n    assert refund(10, 5) == 5\n', after: 'def test_refund_full():\n    assert refund(10) == 10\n' }],
    pass: [{ path: 'tests/test_refunds.py', before: 'def test_refund_full():\n    assert refund(10) == 10\n', after: 'def test_refund_full():\n    assert refund(10) == 10\n\n\ndef test_refund_partial():\n    assert refund(10, 5) == 5\n' }],
  },
  check(view) {
    if (!isTestPath(view.lowerPath) || view.status === 'added') return [];
    const before = testNames(view.before);
    if (!before.size) return [];
    const after = testNames(view.after);
    const elsewhere = (view.ctx.batch?.afterTexts ?? []).filter((t) => t !== view.after);
    const lost = [...before.entries()].filter(([name]) => !after.has(name) && !elsewhere.some((t) => t.includes(name)));
    if (!lost.length) return [];
    const [firstName, offset] = lost[0];
    return [{
      message: `${lost.length} test${lost.length === 1 ? '' : 's'} deleted${view.status === 'deleted' ? ' with the file' : ''}: ${lost.slice(0, 3).map(([n]) => `"${n.slice(0, 50)}"`).join(', ')}${lost.length > 3 ? '…' : ''}`,
      beforeSpan: { start: offset, end: offset + Math.min(firstName.length + 10, view.before.length - offset) },
    }];
  },
});
