import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditLog } from '../../src/extension/audit-log';

describe('audit log file', () => {
  let dir: string;
  const errors: string[] = [];
  const log = { error: (m: string) => errors.push(m), warn: (m: string) => errors.push(m) };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'br-audit-'));
    errors.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends redacted lines in order, creating the folder', async () => {
    const audit = new AuditLog(path.join(dir, 'nested', 'storage'), log);
    for (let i = 0; i < 50; i++) audit.record({ kind: 'command', command: `PGPASSWORD=hunter${i} dropdb db${i}`, score: i });
    await audit.flush();
    const lines = readFileSync(audit.file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { command: string; score: number; time: string });
    assert.equal(lines.length, 50);
    assert.deepEqual(lines.map((l) => l.score), [...Array(50).keys()]);
    assert.ok(lines.every((l) => !l.command.includes('hunter') && l.command.includes('[REDACTED]')));
    assert.ok(!Number.isNaN(Date.parse(lines[0].time)));
    assert.deepEqual(errors, []);
  });

  it('rotates to audit.1.jsonl, keeping one old file', async () => {
    const audit = new AuditLog(dir, log, 1000);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 10; i++) audit.record({ kind: 'command', command: `rm -rf build-${round}-${i}`, detail: 'x'.repeat(40) });
      await audit.flush();
    }
    assert.ok(existsSync(audit.rotatedFile));
    const live = readFileSync(audit.file, 'utf8');
    const old = readFileSync(audit.rotatedFile, 'utf8');
    assert.ok(Buffer.byteLength(old) <= 1000 || old.trimEnd().split('\n').length === 10);
    assert.match(live, /build-2-9/);
    assert.doesNotMatch(live + old, /build-0-0/);
  });

  it('logs a failing write once and keeps going', async () => {
    const file = path.join(dir, 'not-a-dir');
    writeFileSync(file, '');
    const audit = new AuditLog(file, log);
    audit.record({ kind: 'command', command: 'x' });
    await audit.flush();
    audit.record({ kind: 'command', command: 'y' });
    await audit.flush();
    assert.equal(errors.length, 1);
  });
});
