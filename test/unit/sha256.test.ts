/**
 * core/sha256.ts gives node:crypto's SHA-256 (a session record's name depends on it): the
 * standard's test vectors, every length around a block's end, and any text, surrogates included.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sha256Hex } from '../../src/core/sha256';

const node = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it("gives FIPS 180-4's digests", () => {
    assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('gives node:crypto\'s digest at every length around the end of a block, and for any text', () => {
    for (let n = 0; n < 200; n++) assert.equal(sha256Hex('x'.repeat(n)), node('x'.repeat(n)), `${n} characters`);
    assert.equal(sha256Hex('claude-code\0sess-ü-😀-\ud800'), node('claude-code\0sess-ü-😀-\ud800'));
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 150 }), (s) => sha256Hex(s) === node(s)), { numRuns: 200 });
  });
});
