import assert from 'node:assert/strict';
import { evaluateBatch, evaluateEdit } from '../../src/core/edit/engine';
import { baselinePointer, batchFindings, clampRange, diagnosticData, findingsOnLine, shownFindings, summarize } from '../../src/core/watch/findings';

const before = 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n';
const after = 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n}\n';

describe('watch: findings to diagnostics data', () => {
  it('maps an engine finding to an error diagnostic on its range, with the attribution', () => {
    const result = evaluateEdit({ path: 'infra/db.tf', before, after });
    const shown = shownFindings(result.findings);
    assert.equal(shown.length, 1);
    const lines = after.split('\n');
    const d = diagnosticData(shown[0], 'applied in bulk, not typed', lines.length - 1, (l) => lines[l]?.length ?? 0);
    assert.equal(d.ruleId, 'TF001');
    assert.equal(d.level, 'error');
    // The finding sits where prevent_destroy was (the resource's closing line now), not on its header.
    assert.deepEqual(d.range, { start: { line: 2, col: 0 }, end: { line: 2, col: 1 } });
    assert.ok(d.message.includes('(applied in bulk, not typed)') && d.message.includes('score 72'));
  });

  it('keeps allowed findings quiet and warns at warn level', () => {
    const relaxed = evaluateEdit({ path: 'infra/db.tf', before, after }, { policy: { strictness: 'relaxed', rules: {}, allow: [] } });
    assert.equal(shownFindings(relaxed.findings)[0].decision, 'warn');
    const off = evaluateEdit({ path: 'infra/db.tf', before, after }, { policy: { strictness: 'off', rules: {}, allow: [] } });
    assert.deepEqual(shownFindings(off.findings), []);
    assert.deepEqual(summarize([]), { score: 0, severity: 'none', decision: 'allow' });
  });

  it('clamps ranges into the current text and widens an empty range to its line', () => {
    const len = (l: number) => [5, 0, 7][l] ?? 0;
    assert.deepEqual(clampRange({ start: { line: 9, col: 3 }, end: { line: 12, col: 1 } }, 3, len), { start: { line: 2, col: 7 }, end: { line: 2, col: 7 } });
    assert.deepEqual(clampRange({ start: { line: 0, col: 0 }, end: { line: 0, col: 0 } }, 3, len), { start: { line: 0, col: 0 }, end: { line: 0, col: 5 } });
    assert.deepEqual(clampRange({ start: { line: 0, col: 0 }, end: { line: 0, col: 0 } }, 0, () => 0), { start: { line: 0, col: 0 }, end: { line: 0, col: 0 } });
  });

  it('finds the findings on a hovered line, highest score first', () => {
    const fs = [
      { range: { start: { line: 2, col: 0 }, end: { line: 4, col: 1 } }, score: 40 },
      { range: { start: { line: 3, col: 5 }, end: { line: 3, col: 9 } }, score: 90 },
    ];
    assert.deepEqual(findingsOnLine(fs, 3).map((f) => f.score), [90, 40]);
    assert.deepEqual(findingsOnLine(fs, 5), []);
  });

  it('lists a mass deletion as one batch finding naming every file', () => {
    const changes = Array.from({ length: 12 }, (_, i) => ({ path: `notes/n${i}.md`, before: `# ${i}\n`, after: undefined }));
    const { findings } = batchFindings(evaluateBatch(changes, { ctx: { folderSizes: { notes: 12, '': 13 } } }));
    assert.equal(findings[0].ruleId, 'EDT003');
    assert.equal(findings[0].paths?.length, 12);
  });
});

describe('watch: related information points at the change in the last known version', () => {
  const before = ['resource "aws_db_instance" "main" {', '  engine = "postgres"', '  deletion_protection = true', '  storage = 20', '}', ''].join('\n');

  it('an attribute changed in place points at its own former line, not line 1', () => {
    const after = before.replace('deletion_protection = true', 'deletion_protection = false');
    const at = baselinePointer(before, after)(2);
    assert.deepEqual(at, { start: { line: 2, col: 0 }, end: { line: 2, col: '  deletion_protection = true'.length } });
  });

  it('lines after added or removed ones point where they stood, and added lines where they were inserted', () => {
    const after = ['# managed by terraform', '# do not edit', ...before.split('\n').filter((l) => !l.includes('engine'))].join('\n');
    const point = baselinePointer(before, after);
    assert.equal(point(4).start.line, 3, 'storage moved from line 3 to line 4');
    assert.equal(point(1).start.line, 0, 'an inserted comment points where it was inserted');
    assert.equal(point(3).start.line, 2, 'deletion_protection kept its place after the removed engine line');
  });

  it('the engine finding on the changed attribute points at that line in the baseline', () => {
    const after = before.replace('deletion_protection = true', 'deletion_protection = false');
    const f = evaluateEdit({ path: 'infra/db.tf', before, after }).findings.find((x) => x.ruleId === 'TF002');
    assert.ok(f, 'TF002 fired');
    assert.notEqual(baselinePointer(before, after)(f.range.start.line).start.line, 0);
  });
});
