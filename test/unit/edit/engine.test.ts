import assert from 'node:assert/strict';
import { evaluateBatch, evaluateDeletion, evaluateEdit } from '../../../src/core/edit/engine';
import { mayHoldCommands } from '../../../src/core/edit/rules/commands/helpers';
import { toReport, toSarif, toText } from '../../../src/core/edit/report';
import { DEFAULT_POLICY, type Policy } from '../../../src/core/policy';

const DB = 'resource "aws_db_instance" "main" {\n  engine              = "postgres"\n  deletion_protection = true\n}\n';
const DB_OFF = DB.replace('= true', '= false');

describe('edit engine', () => {
  it('scores, decides and locates a finding in the after text', () => {
    const r = evaluateEdit({ path: 'infra/db.tf', before: DB, after: DB_OFF });
    assert.equal(r.status, 'modified');
    assert.equal(r.severity, 'high');
    assert.equal(r.decision, 'gate');
    const f = r.findings[0];
    assert.equal(f.ruleId, 'TF002');
    assert.equal(f.range.start.line, 2);
    assert.equal(f.range.start.col, 2);
    assert.ok(f.alternative.length > 0);
  });

  it('points removed text at the nearest surviving line and keeps the removed range', () => {
    const before = `${DB}\nresource "aws_sns_topic" "t" {\n  name = "t"\n}\n`;
    const after = 'resource "aws_sns_topic" "t" {\n  name = "t"\n}\n';
    const f = evaluateEdit({ path: 'db.tf', before, after }).findings.find((x) => x.ruleId === 'TF006')!;
    assert.equal(f.range.start.line, 0);
    assert.deepEqual(f.removedRange?.start, { line: 0, col: 0 });
  });

  it('applies strictness, overrides and the path allow-list from the policy', () => {
    const strictOff: Policy = { ...DEFAULT_POLICY, strictness: 'off', rules: {}, allow: [] };
    assert.equal(evaluateEdit({ path: 'db.tf', before: DB, after: DB_OFF }, { policy: strictOff }).decision, 'allow');
    const downgraded: Policy = { strictness: 'balanced', rules: { 'TF00?': 'downgrade' }, allow: [] };
    const r = evaluateEdit({ path: 'db.tf', before: DB, after: DB_OFF }, { policy: downgraded });
    assert.equal(r.findings[0].severity, 'medium');
    assert.equal(r.decision, 'warn');
    const off: Policy = { strictness: 'balanced', rules: { TF002: 'off' }, allow: [] };
    assert.equal(evaluateEdit({ path: 'db.tf', before: DB, after: DB_OFF }, { policy: off }).findings.length, 0);
    const allowed: Policy = { strictness: 'balanced', rules: {}, allow: [{ path: 'sandbox/**', rule: 'TF*' }] };
    assert.equal(evaluateEdit({ path: 'sandbox/db.tf', before: DB, after: DB_OFF }, { policy: allowed }).findings.length, 0);
    const expired: Policy = { strictness: 'balanced', rules: {}, allow: [{ path: 'sandbox/**', expires: '2020-01-01' }] };
    assert.equal(evaluateEdit({ path: 'sandbox/db.tf', before: DB, after: DB_OFF }, { policy: expired }).findings.length, 1);
  });

  it('scores production paths higher within the same severity', () => {
    const dev = evaluateEdit({ path: 'envs/dev/db.tf', before: DB, after: DB_OFF }).findings[0];
    const prod = evaluateEdit({ path: 'envs/prod/db.tf', before: DB, after: DB_OFF }).findings[0];
    assert.equal(dev.severity, prod.severity);
    assert.ok(prod.score > dev.score);
  });

  it('scores a deletion', () => {
    const r = evaluateDeletion('infra/db.tf', DB);
    assert.equal(r.status, 'deleted');
    assert.ok(r.findings.some((f) => f.ruleId === 'TF006'));
  });

  it('an unchanged file has no findings', () => {
    assert.equal(evaluateEdit({ path: 'db.tf', before: DB, after: DB }).findings.length, 0);
  });
});

describe('edit engine: commands inside files (needs the command engine)', () => {
  const cases: [string, string, string, RegExp][] = [
    ['scripts/clean.sh', '#!/bin/sh\necho hi\n', '#!/bin/sh\necho hi\nrm -rf /\n', /^FS/],
    ['Dockerfile', 'FROM alpine\n', 'FROM alpine\nRUN rm -rf / --no-preserve-root\n', /^FS/],
    ['Makefile', 'clean:\n\trm -rf build\n', 'clean:\n\trm -rf build\n\t@rm -rf $(HOME)\n', /^FS/],
    ['package.json', '{"scripts": {}}\n', '{"scripts": {"wipe": "rm -rf /"}}\n', /^FS/],
    ['.github/workflows/x.yml', 'on: push\njobs:\n  a:\n    steps:\n      - run: echo hi\n', 'on: push\njobs:\n  a:\n    steps:\n      - run: echo hi\n      - run: rm -rf /\n', /^FS/],
  ];
  for (const [path, before, after, id] of cases) {
    it(`${path}: a destructive command added is scored with the command rule's id`, () => {
      const r = evaluateEdit({ path, before, after });
      assert.ok(r.findings.some((f) => id.test(f.ruleId)), JSON.stringify(r.findings.map((f) => f.ruleId)));
      assert.equal(r.findings.find((f) => id.test(f.ruleId))!.range.start.line, after.trimEnd().split('\n').length - 1);
    });
  }

  it('an unchanged destructive line is not reported again', () => {
    const before = '#!/bin/sh\nrm -rf /\n';
    assert.equal(evaluateEdit({ path: 'x.sh', before, after: `${before}echo done\n` }).findings.length, 0);
  });

  it('data is not execution: echo of a destructive command passes', () => {
    assert.equal(evaluateEdit({ path: 'x.sh', before: '', after: 'echo "rm -rf /"\n' }).findings.length, 0);
  });

  it('mayHoldCommands names exactly the files the rule reads commands from (the hook loads the grammar for those only)', () => {
    for (const [path, before, after] of cases) assert.equal(mayHoldCommands({ path, before, after }), true, path);
    assert.equal(mayHoldCommands({ path: '/repo/bin/deploy', before: '', after: '#!/usr/bin/env bash\nset -e\n' }), true, 'a script known by its shebang');
    assert.equal(mayHoldCommands({ path: 'C:\\repo\\.github\\workflows\\ci.yml', before: '', after: 'on: push\n' }), true, 'Windows separators');
    for (const path of ['db/migrations/001.sql', 'main.tf', 'k8s/deploy.yaml', 'README.md', 'bin/tool']) {
      assert.equal(mayHoldCommands({ path, before: '', after: 'DROP TABLE users;\n' }), false, path);
    }
  });
});

describe('edit engine: batches', () => {
  it('a resource moved to another file of the same folder is not a removal', () => {
    const r = evaluateBatch([
      { path: 'infra/main.tf', before: `${DB}resource "aws_sns_topic" "t" {}\n`, after: 'resource "aws_sns_topic" "t" {}\n' },
      { path: 'infra/db.tf', before: undefined, after: DB },
    ]);
    assert.equal(r.severity, 'none', JSON.stringify(r.files.map((f) => f.findings)));
  });

  it('a moved block in another file of the step counts', () => {
    const r = evaluateBatch([
      { path: 'infra/main.tf', before: DB, after: DB.replace('"main"', '"primary"') },
      { path: 'infra/moves.tf', before: undefined, after: 'moved {\n  from = aws_db_instance.main\n  to   = aws_db_instance.primary\n}\n' },
    ]);
    assert.equal(r.files[0].findings.length, 0);
  });

  it('mass deletion is one event, weighted by what was lost', () => {
    const body = 'export const x = 1;\n'.repeat(120);
    const many = Array.from({ length: 25 }, (_, i) => ({ path: `src/billing/f${i}.ts`, before: body, after: undefined }));
    const r = evaluateBatch(many);
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0].ruleId, 'EDT003');
    assert.equal(r.findings[0].folder, 'src/billing');
    assert.equal(r.findings[0].severity, 'high');
    assert.equal(r.decision, 'gate');
    const few = evaluateBatch(many.slice(0, 3));
    assert.equal(few.findings.length, 0);
  });

  it('uses folder sizes: most of a folder gone counts even for a few files', () => {
    const files = Array.from({ length: 6 }, (_, i) => ({ path: `lib/auth/f${i}.py`, before: 'x = 1\n', after: undefined }));
    assert.equal(evaluateBatch(files, { ctx: { folderSizes: { 'lib/auth': 7, lib: 40, '': 100 } } }).findings[0]?.folder, 'lib/auth');
    assert.equal(evaluateBatch(files, { ctx: { folderSizes: { 'lib/auth': 60, lib: 80, '': 100 } } }).findings.length, 0);
  });

  it('names the folder the losses sit in, not a parent they also make up most of', () => {
    const files = Array.from({ length: 30 }, (_, i) => ({ path: `src/m${i}.js`, before: 'export const x = 1;\n', after: undefined }));
    const r = evaluateBatch(files, { ctx: { folderSizes: { src: 32, '': 40 } } });
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0]?.folder, 'src');
    assert.match(r.findings[0]?.message ?? '', /^30 files deleted or emptied in src\/ \(94% of its files\)/);
    assert.equal(r.findings[0]?.severity, 'high');
    // Spread over the root's own files and src/, the root it is.
    const spread = [...files.slice(0, 20), ...Array.from({ length: 10 }, (_, i) => ({ path: `top${i}.md`, before: 'x\n', after: undefined }))];
    assert.equal(evaluateBatch(spread, { ctx: { folderSizes: { src: 32, '': 45 } } }).findings[0]?.folder, '');
  });

  it('files emptied to stubs count as losses', () => {
    const body = Array.from({ length: 40 }, (_, i) => `def f${i}(): return ${i}`).join('\n') + '\n';
    const r = evaluateBatch(Array.from({ length: 12 }, (_, i) => ({ path: `pkg/m${i}.py`, before: body, after: 'pass\n' })));
    assert.equal(r.findings[0]?.ruleId, 'EDT003');
  });

  it('deleting build output is low', () => {
    const r = evaluateBatch(Array.from({ length: 30 }, (_, i) => ({ path: `dist/chunk${i}.js`, before: 'x();\n', after: undefined })));
    assert.equal(r.findings[0]?.severity, 'low');
  });
});

describe('edit reports', () => {
  const batch = evaluateBatch([
    { path: 'infra/db.tf', before: DB, after: DB_OFF },
    { path: 'README.md', before: 'a\n', after: 'b\n' },
  ]);
  const report = toReport(batch, 'balanced', 'git HEAD');

  it('JSON uses 1-based lines and columns and carries decisions per file and overall', () => {
    assert.equal(report.decision, 'gate');
    const f = report.files.find((x) => x.path === 'infra/db.tf')!;
    assert.equal(f.status, 'modified');
    assert.equal(f.findings[0].range.startLine, 3);
    assert.equal(f.findings[0].range.startColumn, 3);
    assert.equal(f.findings[0].decision, 'gate');
  });

  it('SARIF 2.1.0 has rules, results with regions and levels', () => {
    const sarif = toSarif(report, { version: '0.1.0' }) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.ok(run.tool.driver.rules.some((r) => r.id === 'TF002'));
    const res = run.results.find((r) => r.ruleId === 'TF002')!;
    assert.equal(res.level, 'error');
    assert.equal(res.locations[0].physicalLocation.region.startLine, 3);
  });

  it('text names the file, the rule and the decision', () => {
    const t = toText(report);
    assert.match(t, /infra\/db\.tf/);
    assert.match(t, /TF002/);
    assert.match(t, /^GATE:/m);
  });
});
