import type { EditMatch } from '../../rule';
import type { FileView, Side } from '../../view';
import { addedLines, allLines, defineRule } from '../helpers';
import { CODE_FILES, isComment, isTestPath } from './helpers';

const SKIP_MARKERS: { name: string; re: RegExp; testOnly?: boolean }[] = [
  { name: '.skip', re: /\b(?:it|test|describe|context|suite|specify|bench)\.skip(?:If)?\s*\(/ },
  { name: '.only', re: /\b(?:it|test|describe|context|suite)\.only\s*\(/ },
  { name: 'x-prefix', re: /\b(?:xit|xdescribe|xtest|xcontext|xspecify)\s*\(/ },
  { name: 'pytest skip', re: /@pytest\.mark\.(?:skip|skipif|xfail)\b|\bpytest\.skip\s*\(|@unittest\.skip\w*/ },
  { name: '@Disabled', re: /@(?:Disabled|Ignore)\b/, testOnly: true },
  { name: 'xUnit skip', re: /\[(?:Fact|Theory|Test)\s*\(\s*Skip\s*=|\[Ignore\b/ },
  { name: 't.Skip', re: /\bt\.Skip(?:f|Now)?\s*\(/ },
  { name: '#[ignore]', re: /#\[ignore\b/ },
  { name: 'markTestSkipped', re: /->markTestSkipped\s*\(/ },
  { name: 'rspec skip', re: /^\s*(?:skip|pending)\b(?:\s+["']|\s*\(|\s*$)/, testOnly: true },
];

function markerCount(view: FileView, side: Side, re: RegExp): number {
  let n = 0;
  for (const l of allLines(view, side)) if (!isComment(l.text) && re.test(l.text)) n++;
  return n;
}

export const testsSkipped = defineRule({
  id: 'SRC001',
  name: 'tests-skipped',
  category: 'source',
  severity: 'medium',
  files: CODE_FILES,
  summary: 'Tests are skipped or focused (`it.skip`, `xit`, `.only`, `@pytest.mark.skip`, `@Disabled`, `t.Skip`…).',
  rationale: 'A skipped test passes without running; `.only` silently skips every other test in the file. Agents reach for both to make a red build green, and the behaviour the test guarded goes unchecked.',
  alternative: 'Fix the failing test or the code; if a test must be quarantined, do it in a reviewed change with a linked issue.',
  examples: {
    fire: [{ path: 'src/billing.test.ts', before: "it('charges tax', () => {\n  expect(tax(100)).toBe(20);\n});\n", after: "it.skip('charges tax', () => {\n  expect(tax(100)).toBe(20);\n});\n" }],
    pass: [{ path: 'src/billing.test.ts', before: "it('charges tax', () => {\n  expect(tax(100)).toBe(20);\n});\n", after: "it('charges tax on net amounts', () => {\n  expect(tax(100)).toBe(20);\n});\n" }],
  },
  check(view) {
    if (view.status === 'deleted') return [];
    const test = isTestPath(view.lowerPath);
    const out: EditMatch[] = [];
    const added = addedLines(view);
    for (const m of SKIP_MARKERS) {
      if (m.testOnly && !test) continue;
      const hits = added.filter((l) => !isComment(l.text) && m.re.test(l.text));
      if (!hits.length) continue;
      const grew = markerCount(view, 'after', m.re) - markerCount(view, 'before', m.re);
      if (grew <= 0) continue;
      for (const l of hits.slice(0, grew)) {
        out.push({ message: m.name === '.only' ? 'test focused with .only: every other test in the file is skipped' : `test skipped (${m.name})`, afterSpan: { start: l.start, end: l.end } });
      }
    }
    return out;
  },
});
