import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AUDIT_MAX_BYTES, AUDIT_MAX_FIELD_CHARS, auditLine, entropy, REDACT_MAX_CHARS, redactSecrets, shouldRotate } from '../../src/core/audit';

// Secret-shaped fixtures are assembled at run time so that no scanner mistakes this file for a leak.
const fake = (prefix: string, body: string): string => prefix + body;
const GHP = fake('ghp_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8');
const GITHUB_PAT = fake('github_pat_', '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz');
const AWS_KEY = fake('AKIA', 'IOSFODNN7EXAMPLE');
const SLACK = fake('xoxb-', '1234567890-0987654321-AbCdEfGhIjKl');
const OPENAI = fake('sk-proj-', 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0');
const JWT = `${fake('eyJ', 'hbGciOiJIUzI1NiJ9')}.${fake('eyJ', 'zdWIiOiIxMjM0NTY3ODkwIn0')}.${'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'}`;
const HIGH_ENTROPY = 'q8Zr2VxK9mPw4TnB7cYs1LdH6fJg3';

/** [input, secrets that must be gone, text that must stay]. */
const CASES: [string, string[], string[]][] = [
  [`git clone https://oauth2:${GHP}@github.com/acme/app.git`, [GHP], ['https://oauth2:[REDACTED]@github.com/acme/app.git']],
  [`curl https://admin:hunter2@db.internal/api`, ['hunter2'], ['https://admin:[REDACTED]@db.internal/api']],
  [`export GITHUB_TOKEN=${GITHUB_PAT} && gh pr merge`, [GITHUB_PAT], ['export GITHUB_TOKEN=', 'gh pr merge']],
  [`aws s3 rb s3://bucket --force # key ${AWS_KEY}`, [AWS_KEY], ['aws s3 rb s3://bucket --force']],
  [`curl -d token=${SLACK} https://slack.com/api/chat.postMessage`, [SLACK], ['curl -d token=']],
  [`OPENAI_API_KEY=${OPENAI} agent run`, [OPENAI], ['agent run']],
  [`curl -H "Authorization: Bearer ${JWT}" https://api`, [JWT, 'dozjgNryP4J3'], ['curl -H "Authorization: [REDACTED]']],
  [`curl -H 'authorization: token abcdef123456' x`, ['abcdef123456'], ["curl -H 'authorization: [REDACTED]' x"]],
  [`http GET api Bearer abc.def-ghi_jkl`, ['abc.def-ghi_jkl'], ['Bearer [REDACTED]']],
  [`mysql -u root -pS3cretPass prod -e 'DROP DATABASE prod'`, ['S3cretPass'], ['mysql -u root -p[REDACTED] prod', 'DROP DATABASE prod']],
  [`mysqldump --password=S3cretPass prod > dump.sql`, ['S3cretPass'], ['--password=[REDACTED] prod']],
  [`mysql --password "two words" db`, ['two words'], ['--password [REDACTED] db']],
  [`PGPASSWORD=hunter2 psql -h db -c 'DROP TABLE users'`, ['hunter2'], ['PGPASSWORD=[REDACTED] psql', 'DROP TABLE users']],
  [`PGPASSWORD='correct horse' dropdb prod`, ['correct horse'], ['PGPASSWORD=[REDACTED] dropdb prod']],
  [`MYSQL_PWD=hunter2 mysql -e 'select 1'`, ['hunter2'], ['MYSQL_PWD=[REDACTED]']],
  [`docker login --password-stdin < pw.txt; vault write secret/x value=${HIGH_ENTROPY}`, [HIGH_ENTROPY], ['--password-stdin < pw.txt', 'value=[REDACTED]']],
  [`kubectl create secret generic db --from-literal=password=abc123 --from-literal=user=bob`, ['abc123'], ['password=[REDACTED]', 'user=bob']],
  [`openssl enc -aes256 -pass pass:foo -in a`, ['pass:foo'], ['-pass [REDACTED] -in a']],
  [`curl -u deploy:Pa55word https://ci`, ['Pa55word'], ['-u deploy:[REDACTED] https://ci']],
  [`echo '{"password": "p4ss", "user": "bob"}'`, ['p4ss'], ['"user": "bob"']],
  [`cat <<EOF > id_rsa\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\nEOF`, ['b3BlbnNzaC1rZXktdjEAAAAA'], ['[REDACTED PRIVATE KEY]', 'EOF']],
  [`echo "-----BEGIN RSA PRIVATE KEY-----\nMIIEow truncated`, ['MIIEow'], ['[REDACTED PRIVATE KEY]']],
];

/** Look-alikes that are not secrets and must come out unchanged. */
const UNCHANGED = [
  'mkdir -p build/output && rm -rf build/output',
  'git status',
  'git log --author=alice --since=2024-01-01',
  'terraform destroy -auto-approve',
  'kubectl delete ns staging --grace-period=0',
  'cd /home/dev/project && npm run build -- --mode=production',
  'git checkout 3f1c2b7a9d8e4f6a0b1c2d3e4f5a6b7c8d9e0f1a',
  'PWD=/home/dev/project make',
  'psql --host=db --port=5432 --username=app -c "select 1"',
  'mysql -P3306 -h db --port=3306 app',
  'npm install sk-learn-wrapper',
];

describe('audit: redacting secrets', () => {
  for (const [input, gone, kept] of CASES) {
    it(`redacts ${JSON.stringify(input.slice(0, 60))}`, () => {
      const { text, kinds } = redactSecrets(input);
      for (const g of gone) assert.ok(!text.includes(g), `${JSON.stringify(g)} still in ${JSON.stringify(text)}`);
      for (const k of kept) assert.ok(text.includes(k), `${JSON.stringify(k)} missing from ${JSON.stringify(text)}`);
      assert.ok(kinds.length > 0);
    });
  }

  for (const input of UNCHANGED) {
    it(`leaves ${JSON.stringify(input)} alone`, () => {
      const { text, kinds } = redactSecrets(input);
      assert.equal(text, input);
      assert.deepEqual(kinds, []);
    });
  }

  it('entropy separates keys from words', () => {
    assert.ok(entropy(HIGH_ENTROPY) > 4);
    assert.ok(entropy('aaaaaaaaaaaaaaaaaaaaaaaa') === 0);
  });

  it('never throws and stays bounded on any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (s) => {
        const { text } = redactSecrets(s);
        assert.equal(typeof text, 'string');
      }),
      { numRuns: 300 },
    );
  });

  it('handles a megabyte of adversarial text quickly', () => {
    const inputs = [
      'a'.repeat(1_000_000),
      'PASSWORD'.repeat(100_000),
      '-----BEGIN PRIVATE KEY-----'.repeat(30_000),
      `mysql ${'-p '.repeat(200_000)}`,
      `https://${'a:'.repeat(300_000)}`,
      `${'x='.repeat(300_000)}`,
      `Authorization: ${' '.repeat(500_000)}`,
    ];
    for (const input of inputs) {
      const t0 = performance.now();
      const { text } = redactSecrets(input);
      const ms = performance.now() - t0;
      assert.ok(ms < 1500, `took ${ms.toFixed(0)} ms on ${JSON.stringify(input.slice(0, 30))}`);
      assert.ok(text.length <= REDACT_MAX_CHARS + 100);
    }
  });
});

describe('audit: lines and rotation', () => {
  it('writes one redacted JSON line with the kinds that fired', () => {
    const line = auditLine({ time: '2025-01-01T00:00:00.000Z', kind: 'command', command: `PGPASSWORD=hunter2 dropdb prod`, score: 92, ruleIds: ['DB001'], detail: undefined });
    assert.ok(line.endsWith('\n'));
    assert.equal(line.split('\n').length, 2);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.equal(parsed.command, 'PGPASSWORD=[REDACTED] dropdb prod');
    assert.deepEqual(parsed.redacted, ['secret-assignment']);
    assert.equal(parsed.score, 92);
    assert.ok(!('detail' in parsed));
  });

  it('caps long fields', () => {
    const parsed = JSON.parse(auditLine({ time: 't', kind: 'command', command: `echo ${'word '.repeat(10_000)}` })) as { command: string };
    assert.ok(parsed.command.length < AUDIT_MAX_FIELD_CHARS + 100);
    assert.match(parsed.command, /…\[truncated \d+ characters\]$/);
  });

  it('redacts messages and paths too', () => {
    const parsed = JSON.parse(auditLine({ time: 't', kind: 'error', detail: `failed with token=${GHP}`, path: `/tmp/${AWS_KEY}.txt` })) as Record<string, string>;
    assert.ok(!parsed.detail.includes(GHP));
    assert.ok(!parsed.path.includes(AWS_KEY));
  });

  it('rotates only when a non-empty file would pass the cap', () => {
    assert.equal(shouldRotate(0, AUDIT_MAX_BYTES * 2), false);
    assert.equal(shouldRotate(100, 100), false);
    assert.equal(shouldRotate(AUDIT_MAX_BYTES - 10, 10), false);
    assert.equal(shouldRotate(AUDIT_MAX_BYTES - 10, 11), true);
    assert.equal(shouldRotate(50, 51, 100), true);
  });
});
