import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runScan } from '../../../src/cli/scan';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function scan(cwd: string, ...argv: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const code = await runScan(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), cwd });
  return { code, out, err };
}

const DB = 'resource "aws_db_instance" "main" {\n  engine              = "postgres"\n  deletion_protection = true\n}\n';

describe('blast-radius scan', function () {
  this.timeout(30_000);
  let dir: string;
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'br-scan-'));
    git('init', '-q');
    git('config', 'user.email', 't@example.invalid');
    git('config', 'user.name', 't');
    git('config', 'commit.gpgsign', 'false');
    mkdirSync(path.join(dir, 'infra'));
    writeFileSync(path.join(dir, 'infra', 'db.tf'), DB);
    writeFileSync(path.join(dir, 'README.md'), '# x\n');
    git('add', '-A');
    git('commit', '-qm', 'init');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a clean tree allows (exit 0)', async () => {
    const r = await scan(dir, '--git');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^ALLOW/m);
  });

  it('--git sees modified, deleted and untracked files and gates (exit 20)', async () => {
    writeFileSync(path.join(dir, 'infra', 'db.tf'), DB.replace('= true', '= false'));
    unlinkSync(path.join(dir, 'README.md'));
    writeFileSync(path.join(dir, 'wipe.sh'), '#!/bin/sh\nrm -rf /\n');
    const r = await scan(dir, '--git', 'HEAD', '--format', 'json');
    assert.equal(r.code, 20, r.err);
    const report = JSON.parse(r.out) as { decision: string; files: { path: string; status: string; findings: { ruleId: string; range: { startLine: number } }[] }[] };
    assert.equal(report.decision, 'gate');
    const byPath = new Map(report.files.map((f) => [f.path, f]));
    assert.equal(byPath.get('infra/db.tf')?.status, 'modified');
    assert.equal(byPath.get('infra/db.tf')?.findings[0].ruleId, 'TF002');
    assert.equal(byPath.get('infra/db.tf')?.findings[0].range.startLine, 3);
    assert.equal(byPath.get('README.md')?.status, 'deleted');
    assert.equal(byPath.get('wipe.sh')?.status, 'added');
    assert.ok(byPath.get('wipe.sh')?.findings.some((f) => f.ruleId.startsWith('FS')));
  });

  it('--staged reads the index, not the working tree', async () => {
    writeFileSync(path.join(dir, 'infra', 'db.tf'), DB.replace('= true', '= false'));
    let r = await scan(dir, '--staged');
    assert.equal(r.code, 0, r.out);
    git('add', 'infra/db.tf');
    writeFileSync(path.join(dir, 'infra', 'db.tf'), DB);
    r = await scan(dir, '--staged', '--format', 'json');
    assert.equal(r.code, 20);
  });

  it('--diff reads a unified diff and --strictness changes the decision', async () => {
    writeFileSync(path.join(dir, 'infra', 'db.tf'), DB.replace('= true', '= false'));
    writeFileSync(path.join(dir, 'change.diff'), git('diff'));
    let r = await scan(dir, '--diff', 'change.diff');
    assert.equal(r.code, 20, r.err + r.out);
    r = await scan(dir, '--diff', 'change.diff', '--strictness', 'relaxed');
    assert.equal(r.code, 10);
  });

  it('--format sarif writes SARIF 2.1.0', async () => {
    writeFileSync(path.join(dir, 'infra', 'db.tf'), DB.replace('= true', '= false'));
    const r = await scan(dir, '--format', 'sarif');
    const sarif = JSON.parse(r.out) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'infra/db.tf');
  });

  it('usage errors exit 64', async () => {
    assert.equal((await scan(dir, '--git', '--staged')).code, 64);
    assert.equal((await scan(dir, '--format', 'xml')).code, 64);
    assert.equal((await scan(dir, '--git', 'no-such-rev')).code, 64);
    assert.equal((await scan(os.tmpdir(), '--staged')).code, 64);
    assert.equal((await scan(dir, '--help')).code, 0);
  });
});
