import assert from 'node:assert/strict';
import { type NewStep, parseSteps, SAVED_FILES, SAVED_STEPS, serializeSteps, StepLog } from '../../src/core/watch/steps';

function step(over: Partial<NewStep> = {}): NewStep {
  return {
    time: 1000,
    kind: 'edit',
    origin: 'editor',
    attribution: 'applied in bulk, not typed',
    files: [{ key: 'file:///w/main.tf', path: 'main.tf', before: { sha: 'b' }, after: { sha: 'a' } }],
    resolution: 'open',
    eventId: 'e1',
    ...over,
  };
}

describe('watch: the ledger of agent steps', () => {
  it('gives each step its own id, keeps them oldest first, and resolves a clean step at its own time', () => {
    const log = new StepLog();
    const a = log.record(step());
    const b = log.record(step({ time: 2000, resolution: 'clean', eventId: undefined }));
    assert.notEqual(a.id, b.id);
    assert.deepEqual(log.list().map((s) => s.id), [a.id, b.id]);
    assert.equal(log.get(a.id)?.resolvedAt, undefined);
    assert.equal(log.get(b.id)?.resolvedAt, 2000);
  });

  it('keeps its own copy of the files a step touched', () => {
    const log = new StepLog();
    const files = step().files;
    const s = log.record(step({ files }));
    files.push({ key: 'file:///w/other.tf', path: 'other.tf', before: { absent: true }, after: { sha: 'x' } });
    assert.equal(log.get(s.id)?.files.length, 1);
  });

  it("resolves every open or held step of an event with the event's decision, and leaves decided steps alone", () => {
    const log = new StepLog();
    const first = log.record(step());
    log.resolveEvent('e1', 'reverted', 1500);
    const again = log.record(step({ time: 2000 }));
    const other = log.record(step({ eventId: 'e2' }));
    log.resolveEvent('e1', 'held', 2500);
    assert.equal(log.get(again.id)?.resolution, 'held');
    assert.equal(log.get(again.id)?.resolvedAt, undefined, 'held is not a decision yet');
    log.resolveEvent('e1', 'accepted', 3000);
    assert.deepEqual([log.get(first.id)?.resolution, log.get(first.id)?.resolvedAt], ['reverted', 1500]);
    assert.deepEqual([log.get(again.id)?.resolution, log.get(again.id)?.resolvedAt], ['accepted', 3000]);
    assert.equal(log.get(other.id)?.resolution, 'open');
  });

  it('names the command that made an open step once it is known, not one already decided', () => {
    const log = new StepLog();
    const decided = log.record(step({ kind: 'batch', origin: 'disk', eventId: 'e3' }));
    log.resolveEvent('e3', 'kept', 1200);
    const open = log.record(step({ kind: 'batch', origin: 'disk', eventId: 'e3', time: 1300 }));
    log.attribute('e3', 'terminal', 'rm -rf src');
    assert.deepEqual([log.get(open.id)?.origin, log.get(open.id)?.command], ['terminal', 'rm -rf src']);
    assert.deepEqual([log.get(decided.id)?.origin, log.get(decided.id)?.command], ['disk', undefined]);
  });

  it('is bounded: the oldest steps are forgotten first', () => {
    const log = new StepLog(3);
    const ids = [1, 2, 3, 4, 5].map((t) => log.record(step({ time: t })).id);
    assert.deepEqual(log.list().map((s) => s.id), ids.slice(2));
    assert.equal(log.get(ids[0]), undefined);
  });

  it('is bounded in the files it lists too, and keeps the newest step whatever its size', () => {
    const log = new StepLog(100, 5);
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `file:///w/${i}`, path: String(i), before: { sha: 'b' }, after: { absent: true as const } }));
    const a = log.record(step({ files: many(2) }));
    const b = log.record(step({ files: many(3) }));
    assert.deepEqual(log.list().map((s) => s.id), [a.id, b.id]);
    const c = log.record(step({ files: many(1) }));
    assert.deepEqual(log.list().map((s) => s.id), [b.id, c.id]);
    const d = log.record(step({ files: many(9) }));
    assert.deepEqual(log.list().map((s) => s.id), [d.id]);
  });
});

describe('watch: the timeline kept across a window reload', () => {
  it('saves the newest steps, bounded, and brings them back before this window\'s under new ids, an open one as kept', () => {
    const log = new StepLog();
    for (let i = 0; i < 520; i++) log.record(step({ time: i, resolution: i === 519 ? 'open' : 'clean', eventId: `e${i}`, ...(i === 518 ? { origin: 'hook', via: { agent: 'Claude Code', tool: 'Write', time: 517 } } : {}) }));
    const text = serializeSteps(log.list());
    const { steps, problems } = parseSteps(text);
    assert.deepEqual(problems, []);
    assert.equal(steps.length, SAVED_STEPS);
    assert.deepEqual(steps.map((s) => s.time), log.list().slice(-SAVED_STEPS).map((s) => s.time));
    assert.deepEqual(steps[steps.length - 2].via, { agent: 'Claude Code', tool: 'Write', time: 517 });
    assert.deepEqual(steps[0].files, log.list()[20].files);
    const next = new StepLog();
    const mine = next.record(step({ time: 9999 }));
    next.restore(steps);
    const all = next.list();
    assert.equal(all.length, SAVED_STEPS + 1);
    assert.equal(all[all.length - 1].id, mine.id, "this window's step stays the newest");
    assert.equal(new Set(all.map((s) => s.id)).size, all.length, 'every id is unique');
    assert.equal(all[SAVED_STEPS - 1].resolution, 'kept', 'an open step is kept: its event is this window\'s now');
    assert.equal(all[SAVED_STEPS - 1].eventId, 'e519');
  });

  it('saves no more files than its bound, but always the newest step', () => {
    const big = (n: number): NewStep => step({ files: Array.from({ length: n }, (_, i) => ({ key: `file:///w/${i}`, path: `${i}`, before: { absent: true }, after: { sha: `${i}` } })) });
    const log = new StepLog();
    log.record(big(10));
    log.record(big(SAVED_FILES + 5));
    assert.deepEqual(parseSteps(serializeSteps(log.list())).steps.map((s) => s.files.length), [SAVED_FILES + 5]);
  });

  it('reads what it can of a damaged file, says what it could not, and never throws', () => {
    assert.deepEqual(parseSteps('{not json').steps, []);
    assert.match(parseSteps('{not json').problems[0], /not JSON/);
    assert.match(parseSteps('{"version":99,"steps":[]}').problems[0], /format/);
    const good = JSON.parse(serializeSteps([{ ...step(), id: 'step-1' }])) as { steps: unknown[] };
    const text = JSON.stringify({ version: 1, steps: [...good.steps, { id: 'x', time: 'soon' }, { ...(good.steps[0] as object), kind: 'explode' }] });
    const { steps, problems } = parseSteps(text);
    assert.equal(steps.length, 1);
    assert.deepEqual(problems, ['2 saved steps could not be read']);
  });
});
