/**
 * Properties of the edit engine: it never throws and stays bounded on random, binary, huge,
 * CRLF, newline-less and invalid UTF-8 input; the line diff reconstructs the after text; line
 * endings and a missing final newline do not change what the fixtures find.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { diffLines } from '../../../src/core/edit/diff';
import { evaluateBatch, evaluateEdit } from '../../../src/core/edit/engine';
import { parseHcl } from '../../../src/core/parsers/hcl';
import { parseSql } from '../../../src/core/parsers/sql';
import { parseJsonDoc, parseYamlDocs } from '../../../src/core/parsers/tree';
import type { EditResult } from '../../../src/core/edit/types';

const PATHS = [
  'main.tf', 'infra/x.tf.json', 'terraform.tfstate', 'template.yaml', 'k8s/app.yml', 'policy.json', 'migrations/1.sql', '.github/workflows/ci.yml',
  '.gitlab-ci.yml', 'Dockerfile', 'Makefile', 'package.json', 'scripts/run.sh', 'src/app.ts', 'tests/test_x.py', '.gitignore', '.vscode/settings.json',
  'x.code-workspace', '.blast-radius.json', 'db/migrate/1_x.rb', 'README.md', 'bin/tool',
];

function wellFormed(r: EditResult): void {
  assert.ok(['none', 'low', 'medium', 'high', 'critical'].includes(r.severity));
  assert.ok(['allow', 'warn', 'gate'].includes(r.decision));
  for (const f of r.findings) {
    assert.ok(f.range.start.line >= 0 && f.range.start.col >= 0, 'range is non-negative');
    assert.ok(f.range.end.line > f.range.start.line || (f.range.end.line === f.range.start.line && f.range.end.col >= f.range.start.col), 'range is ordered');
    assert.ok(f.score >= 10 && f.score <= 100);
    assert.ok(f.message.length > 0);
  }
}

/** Text built from pieces that the parsers find interesting, so random input reaches deep paths. */
const snippet = fc.constantFrom(
  'resource "aws_db_instance" "a" {', '}', '{', '  deletion_protection = true', '  lifecycle { prevent_destroy = true }', 'moved {', '  from = aws_x.a',
  '<<EOF', 'EOF', '"${var.x}"', 'DROP TABLE x;', "'", '$$', '$tag$', '--', '/*', '*/', 'Resources:', '  Type: AWS::S3::Bucket', 'kind: Namespace',
  'apiVersion: v1', '---', '- run: rm -rf /', '"Statement": [', '"Action": "*"', 'jobs:', 'steps:', '\t@rm -rf $(HOME)', 'RUN rm -rf / \\', '!.env',
  '"blastRadius.strictness": "off"', 'it.skip(', '-----BEGIN RSA PRIVATE KEY-----', 'AKIAQ3EGTY7R5VB2WXYZ', '\r', '\t', '\u0000', '\uFFFD', '\\', '"', '[', ']',
);
const structured = fc.array(fc.oneof(snippet, fc.string({ maxLength: 20 })), { maxLength: 60 }).map((parts) => parts.join('\n'));
/**
 * Any code point but a lone surrogate, drawn exactly as `fc.string({ unit: 'binary' })` draws
 * them (an index into 0..0xD7FF then 0xE000..0x10FFFF); built here because fast-check maps every
 * one of the 1.1 million code points back to its index when it builds that unit, about 2 s.
 */
const SURROGATES = 0xe000 - 0xd800;
const anyCodePoint = fc.nat({ max: 0x10ffff - SURROGATES }).map(
  (i) => String.fromCodePoint(i < 0xd800 ? i : i + SURROGATES),
  (s) => {
    const cp = typeof s === 'string' ? s.codePointAt(0) : undefined;
    if (cp === undefined || String.fromCodePoint(cp) !== s || (cp >= 0xd800 && cp < 0xe000)) throw new Error('not one code point');
    return cp < 0xd800 ? cp : cp - SURROGATES;
  },
);
const anyText = fc.oneof(structured, fc.string({ maxLength: 400 }), fc.string({ unit: anyCodePoint, maxLength: 400 }));

describe('edit engine properties', function () {
  this.timeout(120_000);

  it('never throws and returns well-formed results on random input', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS), fc.option(anyText, { nil: undefined }), fc.option(anyText, { nil: undefined }), (p, before, after) => {
        const t0 = performance.now();
        const r = evaluateEdit({ path: p, before, after });
        wellFormed(r);
        assert.ok(performance.now() - t0 < 2000, 'bounded time');
      }),
      { numRuns: 400 },
    );
  });

  it('parsers never throw', () => {
    fc.assert(
      fc.property(anyText, (t) => {
        parseHcl(t);
        parseSql(t);
        parseYamlDocs(t);
        parseJsonDoc(t);
      }),
      { numRuns: 300 },
    );
  });

  it('the line diff reconstructs the after text from the before text', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', '}', '', 'x = 1', 'y'), { maxLength: 40 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const before = a.map((l) => `${l}\n`).join('');
        const after = b.map((l) => `${l}\n`).join('');
        const d = diffLines(before, after);
        const out: string[] = [];
        let i = 0;
        for (const h of d.hunks) {
          while (i < h.beforeStart) out.push(a[i++]);
          for (let k = h.afterStart; k < h.afterEnd; k++) out.push(b[k]);
          i = h.beforeEnd;
        }
        while (i < a.length) out.push(a[i++]);
        assert.deepEqual(out, b);
        assert.equal(d.added, d.hunks.reduce((n, h) => n + h.afterEnd - h.afterStart, 0));
      }),
      { numRuns: 500 },
    );
  });

  it('binary content is reported, not parsed', () => {
    const bin = '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR' + '\u0000\u00ff'.repeat(1000);
    const r = evaluateEdit({ path: 'main.tf', before: bin, after: `${bin}x` });
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['EDT005']);
  });

  it('5 MB files are bounded and say they were too large', () => {
    const big = 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n'.repeat(110_000);
    assert.ok(big.length > 5 * 1024 * 1024);
    for (const [before, after] of [[big, `${big}# more\n`], [undefined, big], [big, undefined], [big, 'x']] as const) {
      const t0 = performance.now();
      const r = evaluateEdit({ path: 'main.tf', before, after });
      const ms = performance.now() - t0;
      assert.ok(ms < 3000, `took ${ms} ms`);
      wellFormed(r);
      if (before !== undefined && after !== undefined) assert.ok(r.findings.some((f) => f.ruleId === 'EDT004'));
    }
  });

  it('a 5 MB random file is bounded', () => {
    const chunk = Array.from({ length: 1024 }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 95))).join('');
    const big = `${chunk}\n`.repeat(5 * 1024);
    const t0 = performance.now();
    wellFormed(evaluateEdit({ path: 'src/app.ts', before: big.slice(0, 1_000_000), after: big.slice(0, 1_900_000) }));
    assert.ok(performance.now() - t0 < 5000);
  });

  it('invalid UTF-8 decodes to replacement characters and is judged without throwing', () => {
    const bytes = Buffer.from([0x72, 0x65, 0x73, 0xff, 0xfe, 0x0a, 0xc3, 0x28, 0x0a, 0xe2, 0x82, 0x0a]);
    const text = bytes.toString('utf8');
    wellFormed(evaluateEdit({ path: 'main.tf', before: 'resource "a" "b" {}\n', after: text }));
    wellFormed(evaluateEdit({ path: 'template.yaml', before: text, after: `${text}\nResources: {}` }));
  });

  it('batches of random changes never throw', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ path: fc.constantFrom(...PATHS), before: fc.option(anyText, { nil: undefined }), after: fc.option(anyText, { nil: undefined }) }), { maxLength: 12 }), (changes) => {
        const r = evaluateBatch(changes);
        for (const f of r.files) wellFormed(f);
      }),
      { numRuns: 100 },
    );
  });

  // The fixture corpus, re-judged with CRLF line endings and without a final newline, must find the same rules on the same lines.
  const ROOT = path.join(__dirname, '..', '..', 'fixtures', 'edits');
  const cases = existsSync(ROOT) ? readdirSync(ROOT).filter((n) => existsSync(path.join(ROOT, n, 'expected.json'))) : [];
  const read = (dir: string, side: string): string | undefined => {
    const f = readdirSync(dir).find((n) => n === side || n.startsWith(`${side}.`));
    return f ? readFileSync(path.join(dir, f), 'utf8') : undefined;
  };
  const summary = (r: EditResult): string[] => r.findings.map((f) => `${f.ruleId}@${f.range.start.line}`).sort();

  it('CRLF line endings find the same things', () => {
    for (const name of cases) {
      const dir = path.join(ROOT, name);
      const { path: p } = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { path: string };
      const before = read(dir, 'before');
      const after = read(dir, 'after');
      const crlf = (t: string | undefined): string | undefined => t?.replace(/\n/g, '\r\n');
      assert.deepEqual(summary(evaluateEdit({ path: p, before: crlf(before), after: crlf(after) })), summary(evaluateEdit({ path: p, before, after })), `${name} with CRLF`);
    }
  });

  it('a missing final newline finds the same things', () => {
    for (const name of cases) {
      const dir = path.join(ROOT, name);
      const { path: p } = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { path: string };
      const before = read(dir, 'before');
      const after = read(dir, 'after');
      const strip = (t: string | undefined): string | undefined => t?.replace(/\n$/, '');
      assert.deepEqual(summary(evaluateEdit({ path: p, before: strip(before), after: strip(after) })), summary(evaluateEdit({ path: p, before, after })), `${name} without final newline`);
    }
  });
});
