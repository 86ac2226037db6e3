import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  commandLineOf,
  encodeRequest,
  formatAnswer,
  GATE_MAGIC,
  type GateAnswer,
  headerLimitError,
  MAX_HEADER_BYTES,
  MAX_LINE_BYTES,
  oneLine,
  parseAnswerLine,
  parseHeader,
  quoteWord,
  replyProofOf,
  requestKeyOf,
} from '../../src/core/gate/protocol';

const TOKEN = 'ab'.repeat(32);

describe('confirm gate protocol', () => {
  it('parses a well-formed header', () => {
    const r = parseHeader(`${GATE_MAGIC} ${TOKEN} shim 123 4 10`);
    assert.deepEqual(r, { ok: true, header: { token: TOKEN, kind: 'shim', pid: 123, cwdBytes: 4, lineBytes: 10 } });
  });

  const bad: [string, string][] = [
    ['', 'not a confirm-gate request'],
    ['GET / HTTP/1.1', 'not a confirm-gate request'],
    [`${GATE_MAGIC} ${TOKEN} shim 1 2`, 'expected 6 header fields'],
    [`${GATE_MAGIC} ${TOKEN} shim 1 2 3 4`, 'expected 6 header fields'],
    [`${GATE_MAGIC}  ${TOKEN} shim 1 2 3`, 'expected 6 header fields'],
    [`${GATE_MAGIC} XYZ shim 1 2 3`, 'malformed token'],
    [`${GATE_MAGIC} ${TOKEN.toUpperCase()} shim 1 2 3`, 'malformed token'],
    [`${GATE_MAGIC} abcd shim 1 2 3`, 'malformed token'],
    [`${GATE_MAGIC} ${TOKEN} fish 1 2 3`, 'unknown kind'],
    [`${GATE_MAGIC} ${TOKEN} shim -1 2 3`, 'malformed number'],
    [`${GATE_MAGIC} ${TOKEN} shim 1 2 0x10`, 'malformed number'],
    [`${GATE_MAGIC} ${TOKEN} shim 1 2 01`, 'malformed number'],
    [`${GATE_MAGIC} ${TOKEN} shim 1 2 99999999999`, 'malformed number'],
    ['x'.repeat(MAX_HEADER_BYTES + 1), 'header too long'],
  ];
  for (const [text, error] of bad) {
    it(`refuses the header ${JSON.stringify(text.slice(0, 50))}`, () => {
      const r = parseHeader(text);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error, new RegExp(error));
    });
  }

  it('never throws on any header text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), (s) => {
        const r = parseHeader(s);
        assert.equal(typeof r.ok, 'boolean');
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 20 }), { maxLength: 8 }), (parts) => {
        const r = parseHeader([GATE_MAGIC, ...parts].join(' '));
        if (r.ok) assert.ok(r.header.pid >= 0 && r.header.lineBytes >= 0);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses oversized and empty lines before reading them', () => {
    assert.equal(headerLimitError({ token: TOKEN, kind: 'shim', pid: 1, cwdBytes: 1, lineBytes: 10 }), undefined);
    assert.match(headerLimitError({ token: TOKEN, kind: 'shim', pid: 1, cwdBytes: 1, lineBytes: MAX_LINE_BYTES + 1 }) ?? '', /longer than the/);
    assert.match(headerLimitError({ token: TOKEN, kind: 'shim', pid: 1, cwdBytes: 1, lineBytes: 0 }) ?? '', /empty/);
    assert.match(headerLimitError({ token: TOKEN, kind: 'shim', pid: 1, cwdBytes: 1_000_000, lineBytes: 3 }) ?? '', /directory/);
  });

  it('encodes byte lengths, not character lengths, and sends only the request half of the token', () => {
    const token = `${'ab'.repeat(16)}${'cd'.repeat(16)}`;
    const bytes = encodeRequest(token, { kind: 'bash', pid: 7, cwd: '/tmp/é', line: 'rm -rf ü' });
    const text = Buffer.from(bytes).toString('utf8');
    assert.equal(text, `${GATE_MAGIC} ${'ab'.repeat(16)} bash 7 7 9\n/tmp/érm -rf ü`);
    assert.equal(requestKeyOf(token), 'ab'.repeat(16));
    assert.equal(replyProofOf(token), 'cd'.repeat(16));
  });

  it('answers are one line each; letting a command run needs the proof', () => {
    const proof = 'cd'.repeat(16);
    assert.equal(formatAnswer({ verdict: 'allow' }, proof), `allow ${proof}\n`);
    assert.equal(formatAnswer({ verdict: 'confirmed' }, proof), `confirmed ${proof}\n`);
    assert.equal(formatAnswer({ verdict: 'deny', reason: 'a\nb\u001b[31m' }, proof), 'deny a b [31m\n');
    assert.equal(formatAnswer({ verdict: 'warn', reason: 'w' }, proof), `warn ${proof} w\n`);
    assert.deepEqual(parseAnswerLine(`allow ${proof}`, proof), { verdict: 'allow' });
    assert.deepEqual(parseAnswerLine(`confirmed ${proof}`, proof), { verdict: 'confirmed' });
    assert.deepEqual(parseAnswerLine(`warn ${proof} FS002: x`, proof), { verdict: 'warn', reason: 'FS002: x' });
    assert.equal(parseAnswerLine('allow', proof), 'unknown', 'no proof: not this editor');
    assert.equal(parseAnswerLine(`allow ${'ee'.repeat(16)}`, proof), 'unknown');
    assert.equal(parseAnswerLine(`confirmed ${proof}x`, proof), 'unknown');
    assert.deepEqual(parseAnswerLine('deny not run: x', proof), { verdict: 'deny', reason: 'not run: x' });
    assert.equal(parseAnswerLine('wait', proof), 'wait');
    assert.equal(parseAnswerLine('hold', proof), 'hold');
    assert.equal(parseAnswerLine('unknown', proof), 'unknown');
    assert.equal((parseAnswerLine('ALLOW', proof) as GateAnswer).verdict, 'deny', 'anything not understood is a refusal');
    assert.equal((parseAnswerLine('', proof) as GateAnswer).verdict, 'deny');
  });

  it('strips control characters and bidi overrides from what a terminal prints', () => {
    assert.equal(oneLine('rm\u0007 \u202e-rf\u009b1m src'), 'rm -rf 1m src');
    assert.equal(oneLine('x'.repeat(800), 10), `${'x'.repeat(9)}…`);
  });

  it('quotes argv words the way the shims do', () => {
    assert.equal(quoteWord('src'), 'src');
    assert.equal(quoteWord('./a/b=c,d@e%f+g^h-i:j'), './a/b=c,d@e%f+g^h-i:j');
    assert.equal(quoteWord(''), "''");
    assert.equal(quoteWord('a b'), "'a b'");
    assert.equal(quoteWord("it's"), "'it'\\''s'");
    assert.equal(quoteWord('~'), "'~'");
    assert.equal(quoteWord('*'), "'*'");
    assert.equal(commandLineOf('rm', ['-rf', 'my dir']), "rm -rf 'my dir'");
  });
});
