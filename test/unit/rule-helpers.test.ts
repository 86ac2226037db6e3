import assert from 'node:assert/strict';
import { looksProduction, parseArgs, switchValue } from '../../src/core/rules/cli-options';
import { readPolicyDocument, strongest } from '../../src/core/rules/policy-document';
import { scanSql, type SqlDialect } from '../../src/core/rules/sql-scan';
import type { Word } from '../../src/core/shell/model';

function words(...vs: string[]): Word[] {
  let at = 0;
  return vs.map((value) => {
    const w = { value, raw: value, span: { start: at, end: at + value.length }, dynamic: false, glob: false, quoted: false };
    at += value.length + 1;
    return w;
  });
}

describe('sql-scan', () => {
  const cases: [string, SqlDialect, string | undefined][] = [
    ['DROP DATABASE shop', 'postgres', 'critical'],
    ['drop schema public cascade', 'postgres', 'critical'],
    ['DROP SCHEMA staging', 'postgres', 'medium'],
    ['DROP SCHEMA shop', 'mysql', 'critical'],
    ['DROP TABLE IF EXISTS a, b', 'postgres', 'high'],
    ['TRUNCATE orders', 'postgres', 'high'],
    ['DELETE FROM t', 'postgres', 'high'],
    ['DELETE FROM t WHERE 1=1', 'postgres', 'high'],
    ['DELETE FROM t WHERE id = 3', 'postgres', undefined],
    ['UPDATE t SET a = (SELECT b FROM c WHERE c.id = 1)', 'postgres', 'high'],
    ['UPDATE t SET a = 1 WHERE id = 2', 'postgres', undefined],
    ['ALTER TABLE users DROP COLUMN email', 'postgres', 'medium'],
    ['ALTER TABLE users DROP CONSTRAINT users_pkey', 'postgres', undefined],
    ["SELECT 'DROP TABLE x'", 'postgres', undefined],
    ['-- DROP TABLE x\nSELECT 1', 'postgres', undefined],
    ['/* DROP TABLE x */ SELECT 1', 'postgres', undefined],
    ['CREATE FUNCTION f() AS $body$ DELETE FROM t $body$', 'postgres', undefined],
    ['SELECT 1 # DROP TABLE x', 'mysql', undefined],
    ["SELECT 'a\\'; DROP TABLE x; --'", 'mysql', undefined],
    ['BEGIN; DELETE FROM t; ROLLBACK;', 'postgres', undefined],
    ['DELETE FROM t; ROLLBACK;', 'postgres', 'high'],
    ['EXPLAIN DELETE FROM t', 'postgres', undefined],
    ['EXPLAIN ANALYZE DELETE FROM t', 'postgres', 'high'],
    ['WITH old AS (SELECT id FROM t) DELETE FROM t', 'postgres', 'high'],
    ['.tables\nDELETE FROM t;', 'sqlite', 'high'],
    ['DROP TABLE dbo.Orders\nGO', 'tsql', 'high'],
    ['DROP KEYSPACE metrics', 'cql', 'critical'],
    ['DROP ROLE app_user', 'postgres', 'high'],
    ['DROP USER IF EXISTS analyst', 'postgres', 'high'],
    ["DROP USER 'app'@'%'", 'mysql', 'high'],
    ['DROP ROLE app', 'cql', 'high'],
    ['DROP TABLESPACE fast', 'postgres', 'high'],
    ['DROP TABLESPACE data INCLUDING CONTENTS AND DATAFILES', 'generic', 'critical'],
    ['DROP TABLE logs ON CLUSTER main', 'clickhouse', 'critical'],
    ['DROP VIEW active_users', 'postgres', 'low'],
    ['RESET MASTER', 'mysql', 'high'],
    ['RESET BINARY LOGS AND GTIDS', 'mysql', 'high'],
    ['PURGE BINARY LOGS BEFORE NOW()', 'mysql', 'medium'],
    ['RESET REPLICA ALL', 'mysql', 'medium'],
    ["SELECT pg_drop_replication_slot('s1')", 'postgres', 'medium'],
    ['CREATE ROLE app LOGIN', 'postgres', undefined],
    ['ALTER ROLE app NOLOGIN', 'postgres', undefined],
    ["SELECT 'DROP ROLE app'", 'postgres', undefined],
  ];
  for (const [sql, dialect, want] of cases) {
    it(`${dialect}: ${sql.replace(/\n/g, '\\n')} → ${want ?? 'nothing'}`, () => {
      const hits = scanSql(sql, dialect).hits;
      const top = hits.map((h) => h.severity).sort((a, b) => ['low', 'medium', 'high', 'critical'].indexOf(b) - ['low', 'medium', 'high', 'critical'].indexOf(a))[0];
      assert.equal(top, want, JSON.stringify(hits));
    });
  }

  it('reads \\c targets of a psql script', () => {
    assert.deepEqual(scanSql('\\c prod_app\nSELECT 1;', 'postgres').connects, ['prod_app']);
  });

  it('never throws and stays fast on hostile input', () => {
    const inputs = ["'".repeat(70_000), '$$'.repeat(30_000), '/*'.repeat(30_000), 'DROP TABLE '.repeat(10_000), '\\'.repeat(50_000), '#'.repeat(50_000)];
    for (const text of inputs) {
      for (const d of ['postgres', 'mysql', 'sqlite', 'tsql'] as const) {
        const t = Date.now();
        scanSql(text, d);
        assert.ok(Date.now() - t < 1000, `${d} took too long`);
      }
    }
  });
});

describe('policy-document', () => {
  const read = (doc: string, actions = true, principals = true): string | undefined => {
    const r = readPolicyDocument(doc, false, { actions, principals });
    return r.kind === 'read' ? strongest(r.grants)?.severity : r.kind;
  };

  it('grades identity policies', () => {
    assert.equal(read('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'), 'critical');
    assert.equal(read('{"Statement":{"Effect":"Allow","Action":["*"],"Resource":["arn:aws:s3:::b"]}}'), 'high');
    assert.equal(read('{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}'), 'high');
    assert.equal(read('{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}'), 'high');
    assert.equal(read('{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'), 'medium');
    assert.equal(read('{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'), undefined);
    assert.equal(read('{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}'), undefined);
  });

  it('grades principals', () => {
    assert.equal(read('{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}', false), 'critical');
    assert.equal(read('{"Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}]}', false), 'medium');
    assert.equal(read('{"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}', false), undefined);
  });

  it('falls back to text for documents that are not JSON, and names files it cannot read', () => {
    assert.equal(read('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*",}]}'), 'critical');
    assert.equal(read('file://policy.json'), 'file');
    assert.equal(readPolicyDocument('{"Action":"*"}', true, { actions: true, principals: true }).kind, 'dynamic');
  });

  it('stays fast on long whitespace runs', () => {
    const t = Date.now();
    read(`"Action":${' '.repeat(60_000)}x "Principal":${' '.repeat(60_000)}{`);
    assert.ok(Date.now() - t < 1000);
  });
});

describe('cli-options', () => {
  it('reads --flag=value, separate values, bundles and switches', () => {
    const p = parseArgs(words('--profile=prod', '-n', 'x', '--force', 's3://b', '--no-deletion-protection'), { unknownLong: 'bool', shortValued: 'n' });
    assert.equal(p.options.get('profile')?.[0].value, 'prod');
    assert.equal(p.options.get('n')?.[0].value, 'x');
    assert.deepEqual(p.positionals.map((w) => w.value), ['s3://b']);
    assert.equal(switchValue(p, 'force'), true);
    assert.equal(switchValue(p, 'deletion-protection'), false);
  });

  it('takes every value of a multi-valued option', () => {
    const p = parseArgs(words('--instance-ids', 'i-1', 'i-2', '--region', 'x'), { unknownLong: 'multi' });
    assert.deepEqual(p.options.get('instance-ids')?.map((o) => o.value), ['i-1', 'i-2']);
  });

  it('recognises production-looking names', () => {
    for (const yes of ['prod', 'prod-db', 'db.prod.internal', 'app_production', 'profile prod', 'prd', 'prod2']) assert.ok(looksProduction(yes), yes);
    // `live` alone is a name (Terragrunt's infrastructure-live holds dev too); it counts only among environment-named siblings.
    for (const no of ['products', 'reproduce', 'staging', 'delivery', 'olive', 'productivity', 'live', 'infrastructure-live']) assert.ok(!looksProduction(no), no);
  });
});
