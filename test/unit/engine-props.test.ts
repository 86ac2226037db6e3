import assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluateCommand, MAX_COMMAND_LENGTH } from '../../src/core/engine';
import type { CommandResult, ShellKind } from '../../src/core/types';
import { TEST_CONTEXT } from '../helpers/context';

function wellFormed(r: CommandResult, line: string): void {
  assert.ok(['allow', 'warn', 'gate'].includes(r.decision));
  assert.ok(r.score >= 0 && r.score <= 100);
  for (const f of r.findings) {
    assert.ok(f.span.start >= 0 && f.span.end <= line.length && f.span.start <= f.span.end, `span ${JSON.stringify(f.span)} outside 0..${line.length}`);
    assert.ok(f.message.length > 0 && f.alternative.length > 0);
  }
}

const SHELL_ALPHABET = fc.constantFrom(...'rm -rf / ~ $ ( ) { } [ ] < > | & ; \' " ` \\ * ? \n # = sudo bash -c eval x IFS'.split(' ').concat([' ', '\t', '\u0000', '\u00e9', '\ud83d\ude00', '$(', '<<', 'EOF']));

describe('engine: never throws, always bounded', () => {
  it('any short string, in every shell', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom<ShellKind>('bash', 'pwsh', 'cmd'), (s, shell) => {
        wellFormed(evaluateCommand(s, { ctx: { ...TEST_CONTEXT, shell } }), s);
      }),
      { numRuns: 400 },
    );
  });

  it('shell-looking noise: quotes, substitutions, heredocs, unterminated everything', () => {
    fc.assert(
      fc.property(fc.array(SHELL_ALPHABET, { maxLength: 80 }), (parts) => {
        const s = parts.join('');
        wellFormed(evaluateCommand(s, { ctx: TEST_CONTEXT }), s);
      }),
      { numRuns: 600 },
    );
  });

  it('arbitrary bytes decoded as UTF-8 and as Latin-1', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (bytes) => {
        for (const enc of ['utf8', 'latin1'] as const) {
          const s = Buffer.from(bytes).toString(enc);
          wellFormed(evaluateCommand(s, { ctx: TEST_CONTEXT }), s);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('unterminated quotes and substitutions around a destructive command are not waved through', () => {
    for (const s of ["rm -rf ~ '", 'rm -rf ~ "', 'rm -rf ~ $(', 'rm -rf ~ `', "bash -c 'rm -rf ~", 'sudo rm -rf / <<EOF']) {
      const r = evaluateCommand(s, { ctx: TEST_CONTEXT });
      wellFormed(r, s);
      assert.notEqual(r.decision, 'allow', s);
    }
  });

  it('a 1 MB line is read up to the cap and says so', function () {
    this.timeout(60_000);
    const line = `echo ${'a'.repeat(1024 * 1024)}; rm -rf ~`;
    const r = evaluateCommand(line, { ctx: TEST_CONTEXT });
    wellFormed(r, line);
    assert.ok(r.findings.some((f) => f.ruleId === 'UNK001' && f.message.includes('too long')), 'no truncation finding');
    assert.notEqual(r.decision, 'allow');
    assert.ok(MAX_COMMAND_LENGTH < line.length);
  });

  it('deep nesting and long chains stay bounded', function () {
    this.timeout(60_000);
    const cases = [
      '$('.repeat(5000) + 'rm -rf ~' + ')'.repeat(5000),
      '('.repeat(5000) + 'ls' + ')'.repeat(5000),
      Array.from({ length: 3000 }, () => 'ls').join(' | '),
      Array.from({ length: 3000 }, () => 'rm -rf node_modules').join(' && '),
      "bash -c '".repeat(50) + 'rm -rf ~' + "'".repeat(50),
      'eval '.repeat(2000) + 'ls',
    ];
    for (const s of cases) wellFormed(evaluateCommand(s, { ctx: TEST_CONTEXT }), s);
  });
});
