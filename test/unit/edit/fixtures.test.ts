/**
 * Runs every case in test/fixtures/edits/<case>/: `before.<ext>` (absent for an added file),
 * `after.<ext>` (absent for a deleted one) and `expected.json` with the path to judge the change
 * under and the findings it must produce (rule, severity, 1-based line). Safe look-alikes expect
 * no findings at all. `UPDATE_GOLDEN=1` rewrites expected.json from what the engine reports.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateEdit } from '../../../src/core/edit/engine';

const ROOT = path.join(__dirname, '..', '..', 'fixtures', 'edits');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const MIN_CASES = 80;

interface Expected {
  path: string;
  findings: { ruleId: string; severity: string; line: number; removedLine?: number }[];
}

function sideFile(dir: string, side: 'before' | 'after'): string | undefined {
  const f = readdirSync(dir).find((n) => n === side || n.startsWith(`${side}.`));
  return f ? readFileSync(path.join(dir, f), 'utf8') : undefined;
}

const cases = existsSync(ROOT) ? readdirSync(ROOT).filter((n) => existsSync(path.join(ROOT, n, 'expected.json'))).sort() : [];

describe('edit fixtures', () => {
  it(`has at least ${MIN_CASES} cases`, () => {
    assert.ok(cases.length >= MIN_CASES, `only ${cases.length} fixture cases`);
  });

  it('pairs every risky case with a safe look-alike (<case>-safe) and the other way round', () => {
    const names = new Set(cases);
    for (const n of cases) {
      if (n.endsWith('-safe')) assert.ok(names.has(n.slice(0, -5)), `${n} has no risky partner ${n.slice(0, -5)}`);
      else assert.ok(names.has(`${n}-safe`), `${n} has no safe look-alike ${n}-safe`);
    }
  });

  for (const name of cases) {
    it(name, () => {
      const dir = path.join(ROOT, name);
      const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Expected;
      const before = sideFile(dir, 'before');
      const after = sideFile(dir, 'after');
      const res = evaluateEdit({ path: expected.path, before, after }, { now: new Date('2025-01-01T00:00:00Z') });
      const actual = res.findings
        .map((f) => ({ ruleId: f.ruleId, severity: f.severity, line: f.range.start.line + 1, ...(f.removedRange ? { removedLine: f.removedRange.start.line + 1 } : {}) }))
        .sort((a, b) => a.line - b.line || a.ruleId.localeCompare(b.ruleId));
      if (UPDATE) {
        writeFileSync(path.join(dir, 'expected.json'), `${JSON.stringify({ path: expected.path, findings: actual }, null, 2)}\n`);
        return;
      }
      if (name.endsWith('-safe')) assert.deepEqual(actual, [], `${name} is a safe look-alike and must produce no findings`);
      else assert.ok(actual.length > 0, `${name} is a risky case and must produce findings`);
      const want = [...expected.findings].sort((a, b) => a.line - b.line || a.ruleId.localeCompare(b.ruleId));
      assert.deepEqual(actual, want);
    });
  }
});
