import assert from 'node:assert/strict';
import { parseState, serializeState, type SavedEvent } from '../../src/core/watch/persist';
import { headIdentity, packedRef, parseHead } from '../../src/core/watch/git-head';

describe('watch: state that survives a reload', () => {
  const ev: SavedEvent = { eventId: 'e1', kind: 'edit', attribution: 'applied in bulk, not typed', time: 5, files: [{ uri: 'file:///w/a.tf', text: 'a\r\n', bytes: Buffer.from('\uFEFFa\r\n').toString('base64') }] };

  it('round-trips flagged events with their baselines', () => {
    const { events, problems } = parseState(serializeState([ev]));
    assert.deepEqual(problems, []);
    assert.deepEqual(events, [ev]);
  });

  it('drops damaged entries and never throws', () => {
    assert.deepEqual(parseState('{not json').events, []);
    assert.equal(parseState('{not json').problems.length, 1);
    assert.deepEqual(parseState(JSON.stringify({ version: 2, events: [] })).events, []);
    const mixed = parseState(JSON.stringify({ version: 1, events: [ev, { eventId: 3 }, { ...ev, files: [{ uri: 'x' }] }] }));
    assert.equal(mixed.events.length, 1);
    assert.equal(mixed.problems.length, 2);
    assert.deepEqual(parseState(undefined).events, []);
  });
});

describe('watch: where HEAD points', () => {
  it('reads a branch ref, a detached commit and packed refs', () => {
    assert.deepEqual(parseHead('ref: refs/heads/main\n'), { ref: 'refs/heads/main' });
    const sha = 'a'.repeat(40);
    assert.deepEqual(parseHead(`${sha}\n`), { commit: sha });
    assert.deepEqual(parseHead('garbage'), {});
    assert.equal(packedRef(`# pack-refs\n${sha} refs/heads/main\n^${'b'.repeat(40)}\n`, 'refs/heads/main'), sha);
    assert.equal(packedRef(undefined, 'refs/heads/main'), undefined);
    assert.notEqual(headIdentity({ ref: 'refs/heads/a' }, '1'), headIdentity({ ref: 'refs/heads/b' }, '1'));
  });
});
