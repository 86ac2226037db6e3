import assert from 'node:assert/strict';
import { EventWindow } from '../../src/core/watch/event-window';

describe('watch: event window (deletion batches)', () => {
  it('groups events that arrive within the quiet period into one batch', () => {
    const w = new EventWindow<string>(500, 3000);
    w.add('a', 'a', 1000);
    w.add('b', 'b', 1100);
    w.add('c', 'c', 1400);
    assert.equal(w.dueAt(), 1900);
    assert.equal(w.take(1899), undefined);
    assert.deepEqual(w.take(1900), ['a', 'b', 'c']);
    assert.equal(w.size, 0);
    assert.equal(w.dueAt(), undefined);
  });

  it('closes at the latest maxMs after it opened, even while events keep coming', () => {
    const w = new EventWindow<number>(500, 2000);
    for (let t = 0; t <= 5000; t += 100) w.add(String(t), t, t);
    assert.equal(w.dueAt(), 2000);
    assert.equal(w.take(2000)?.length, 51);
  });

  it('counts a file once however many events it gets, and can be forced', () => {
    const w = new EventWindow<string>(500, 2000);
    w.add('x', 'first', 0);
    w.add('x', 'second', 10);
    assert.equal(w.openedAt, 0);
    assert.deepEqual(w.take(11, true), ['second']);
  });
});
