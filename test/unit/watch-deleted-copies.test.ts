import assert from 'node:assert/strict';
import { DeletedCopies } from '../../src/core/watch/deleted-copies';

const bytes = (n: number): Uint8Array => new Uint8Array(n).fill(65);

describe('copies of deleted files, by event', () => {
  it('keeps every file of an event and hands them back by key', () => {
    const c = new DeletedCopies(100);
    assert.ok(c.keep('e1', 'file:///w/a', bytes(10)));
    assert.ok(c.keep('e1', 'file:///w/b', bytes(5)));
    assert.deepEqual([...c.of('e1').keys()], ['file:///w/a', 'file:///w/b']);
    assert.equal(c.bytes, 15);
    c.drop('e1', 'file:///w/a');
    assert.deepEqual([...c.of('e1').keys()], ['file:///w/b']);
    c.drop('e1');
    assert.equal(c.has('e1'), false);
    assert.equal(c.bytes, 0);
  });

  it('drops the oldest events first when the budget is reached, never the newest one', () => {
    const c = new DeletedCopies(30);
    c.keep('old', 'a', bytes(20));
    c.keep('mid', 'b', bytes(8));
    c.keep('new', 'c', bytes(10));
    assert.equal(c.has('old'), false);
    assert.ok(c.has('mid') && c.has('new'));
    assert.ok(c.bytes <= 30);
  });

  it('never keeps a file larger than the whole budget, and a shrunk budget drops copies', () => {
    const c = new DeletedCopies(10);
    assert.equal(c.keep('e', 'big', bytes(11)), false);
    assert.equal(c.has('e'), false);
    c.keep('e', 'x', bytes(6));
    c.keep('f', 'y', bytes(4));
    c.setLimit(5);
    assert.equal(c.has('e'), false);
    assert.ok(c.has('f'));
  });

  it('an event over the budget on its own keeps its newest files', () => {
    const c = new DeletedCopies(10);
    c.keep('e', 'a', bytes(6));
    c.keep('e', 'b', bytes(6));
    assert.deepEqual([...c.of('e').keys()], ['b']);
    assert.equal(c.bytes, 6);
  });
});
