import assert from 'node:assert/strict';
import { JudgedMemory } from '../../src/core/watch/judged';

describe('watch: judged-change memory', () => {
  it('remembers the verdict of a (baseline, text) pair, not of the text alone', () => {
    const m = new JudgedMemory();
    m.set('b1', 'a1', { kind: 'flagged', eventId: 'e1' });
    assert.deepEqual(m.get('b1', 'a1'), { kind: 'flagged', eventId: 'e1' });
    assert.equal(m.get('b2', 'a1'), undefined);
    m.set('b1', 'a1', { kind: 'accepted' });
    assert.deepEqual(m.get('b1', 'a1'), { kind: 'accepted' });
  });

  it('forgets the least recently used pairs first', () => {
    const m = new JudgedMemory(3);
    m.set('a', '1', { kind: 'clean' });
    m.set('b', '1', { kind: 'clean' });
    m.set('c', '1', { kind: 'clean' });
    m.get('a', '1');
    m.set('d', '1', { kind: 'clean' });
    assert.equal(m.size, 3);
    assert.equal(m.get('b', '1'), undefined);
    assert.ok(m.get('a', '1'));
  });
});
