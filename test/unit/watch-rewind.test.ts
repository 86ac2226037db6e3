import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { BaselineBytes } from '../../src/core/watch/baseline-bytes';
import { ContentHistory } from '../../src/core/watch/content-history';
import { type CurrentFile, planRewind, tickedByDefault, chosenItems, timelineOf } from '../../src/core/watch/rewind';
import { cannotWords, confirmText, entryLabel, type PreviewLine } from '../../src/core/watch/rewind-words';
import { type NewStep, parseSteps, serializeSteps, type StepFile, StepLog } from '../../src/core/watch/steps';

const hash = (b: Uint8Array): string => createHash('sha1').update(b).digest('base64');
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const sha = (s: string): string => createHash('sha1').update(s).digest('base64');

/** A history holding `texts`, and the id of each. */
function historyOf(...texts: string[]): { history: ContentHistory; id: (t: string) => string } {
  const history = new ContentHistory(hash, () => 1 << 20);
  for (const t of texts) history.keep(bytes(t));
  return { history, id: (t) => hash(bytes(t)) };
}

/** A file's change from `before` to `after` (undefined: absent), with the bytes of both. */
function change(key: string, before: string | undefined, after: string | undefined): StepFile {
  const ref = (t: string | undefined) => (t === undefined ? { absent: true as const } : { sha: sha(t) });
  return {
    key,
    path: key.replace('file:///w/', ''),
    before: ref(before),
    after: ref(after),
    ...(before !== undefined ? { beforeBytes: hash(bytes(before)) } : {}),
    ...(after !== undefined ? { afterBytes: hash(bytes(after)) } : {}),
  };
}

function step(files: StepFile[], over: Partial<NewStep> = {}): NewStep {
  return { time: 1000, kind: 'disk-write', origin: 'disk', attribution: 'written on disk by another process', files, resolution: 'clean', ...over };
}

/** The workspace now, by key: text content or absent. */
function now(files: Record<string, string | undefined>): (key: string) => CurrentFile {
  return (key) => {
    const t = files[key];
    return t === undefined ? { exists: false } : { exists: true, bytes: hash(bytes(t)), sha: sha(t) };
  };
}

const A = 'file:///w/a.txt';
const B = 'file:///w/b.txt';
const C = 'file:///w/c.txt';

describe('rewind: the timeline of agent steps', () => {
  it('folds a command and everything it changed on disk into one step, and keeps edits apart', () => {
    const log = new StepLog();
    log.record(step([change(A, 'a', 'a2')], { kind: 'edit', origin: 'editor', attribution: 'applied in bulk, not typed' }));
    log.record(step([change(B, 'b', 'b2')], { origin: 'terminal', command: './gen.sh', time: 2000 }));
    log.record(step([change(C, undefined, 'c')], { origin: 'terminal', command: './gen.sh', time: 9000 }));
    log.record(step([change(A, 'a2', undefined), change(B, 'b2', undefined)], { kind: 'batch', origin: 'terminal', command: './gen.sh', time: 9100, resolution: 'open', eventId: 'e1' }));
    log.record(step([change(A, 'a2', 'a3')], { kind: 'edit', origin: 'editor', attribution: 'applied in bulk, not typed', time: 9500 }));
    const t = timelineOf(log.list());
    assert.deepEqual(t.map((e) => e.kind), ['edit', 'command', 'edit']);
    const cmd = t[1];
    assert.equal(cmd.command, './gen.sh');
    assert.equal(cmd.id, log.list()[3].id, "rewinding to the command keeps all of its steps");
    assert.deepEqual(cmd.files.map((f) => f.path), ['b.txt', 'c.txt', 'a.txt']);
    assert.deepEqual([cmd.created, cmd.changed, cmd.deleted], [1, 0, 2]);
    assert.deepEqual(cmd.eventIds, ['e1']);
    assert.equal(cmd.resolution, 'open');
  });

  it('folds writes by an unnamed process while they come close together, and no further', () => {
    const log = new StepLog();
    log.record(step([change(A, 'a', 'a2')], { time: 1000 }));
    log.record(step([change(B, 'b', 'b2')], { time: 1500 }));
    log.record(step([change(C, 'c', 'c2')], { time: 9000 }));
    assert.deepEqual(timelineOf(log.list()).map((e) => e.files.length), [2, 1]);
  });

  it('keeps two commands apart, and a deletion with no command its own step', () => {
    const log = new StepLog();
    log.record(step([change(A, 'a', 'a2')], { command: 'x' }));
    log.record(step([change(B, 'b', 'b2')], { command: 'y' }));
    log.record(step([change(C, 'c', undefined)], { kind: 'delete', attribution: 'deleted on disk' }));
    assert.deepEqual(timelineOf(log.list()).map((e) => e.kind), ['command', 'command', 'delete']);
  });
});

describe('rewind: one step per run of a command', () => {
  const D = 'file:///w/d.txt';

  it("joins a run's changes handed over after the next command's into the run's one step, before the next command's", () => {
    const log = new StepLog();
    log.record(step([change(A, undefined, 'a')], { origin: 'terminal', command: 'node first.js', run: 'w-1', time: 1000 }));
    log.record(step([change(C, undefined, 'c')], { origin: 'terminal', command: 'node second.js', run: 'w-2', time: 2500 }));
    // The watcher's last chunk of the first command's files arrives after the second command's change.
    log.record(step([change(B, undefined, 'b')], { origin: 'terminal', command: 'node first.js', run: 'w-1', time: 2600 }));
    const t = timelineOf(log.list());
    assert.deepEqual(t.map((e) => [e.command, e.files.map((f) => f.path)]), [
      ['node first.js', ['a.txt', 'b.txt']],
      ['node second.js', ['c.txt']],
    ]);
    // Rewinding to the first command keeps its late change and undoes the second command's.
    const { history } = historyOf('a', 'b', 'c');
    const plan = planRewind(log.list(), t[0].id, now({ [A]: 'a', [B]: 'b', [C]: 'c' }), history);
    assert.ok(plan.ok);
    assert.deepEqual(plan.items.map((i) => [i.path, i.action]), [['c.txt', 'remove']]);
  });

  it('makes the same line run twice in a row two steps', () => {
    const log = new StepLog();
    log.record(step([change(A, 'a', 'a2')], { origin: 'terminal', command: './bump.sh', run: 'w-1', time: 1000 }));
    log.record(step([change(A, 'a2', 'a3')], { origin: 'terminal', command: './bump.sh', run: 'w-2', time: 1100 }));
    const t = timelineOf(log.list());
    assert.deepEqual(t.map((e) => [e.command, e.files.length]), [
      ['./bump.sh', 1],
      ['./bump.sh', 1],
    ]);
  });

  it('leaves a late change last when a step in between touched the same file (the order seen is the one that matters)', () => {
    const log = new StepLog();
    log.record(step([change(A, undefined, 'a')], { origin: 'terminal', command: 'x', run: 'w-1' }));
    log.record(step([change(D, 'd', 'd2')], { origin: 'terminal', command: 'y', run: 'w-2' }));
    log.record(step([change(D, 'd2', 'd3')], { origin: 'terminal', command: 'x', run: 'w-1' }));
    assert.deepEqual(timelineOf(log.list()).map((e) => e.command), ['x', 'y', 'x']);
  });

  it('keeps the run across a reload', () => {
    const log = new StepLog();
    log.record(step([change(A, undefined, 'a')], { origin: 'terminal', command: 'x', run: 'w-1' }));
    const back = parseSteps(serializeSteps(log.list()));
    assert.equal(back.steps[0].run, 'w-1');
  });
});

describe('rewind: which file goes back to which content', () => {
  it('restores what each file held just after the chosen step, brings deleted files back and removes created ones', () => {
    const { history, id } = historyOf('a', 'a2', 'b', 'c2');
    const log = new StepLog();
    const kept = log.record(step([change(A, 'a', 'a2')]));
    log.record(step([change(A, 'a2', 'a3'), change(B, 'b', undefined), change(C, undefined, 'c2')], { command: 'gen' }));
    const plan = planRewind(log.list(), kept.id, now({ [A]: 'a3', [C]: 'c2' }), history);
    assert.ok(plan.ok);
    assert.deepEqual(
      plan.items.map((i) => [i.path, i.action, i.bytes, i.handChanged]),
      [
        ['a.txt', 'restore', id('a2'), false],
        ['b.txt', 'recreate', id('b'), false],
        ['c.txt', 'remove', undefined, false],
      ],
    );
    assert.equal(plan.undoneSteps.length, 1);
  });

  it("takes the chosen step's own content when a later step was judged against an older baseline", () => {
    const { history, id } = historyOf('a', 'a2', 'a3');
    const log = new StepLog();
    // An open change is judged against its baseline again: the second step's before is 'a'.
    const kept = log.record(step([change(A, 'a', 'a2')], { resolution: 'open', eventId: 'e1' }));
    log.record(step([change(A, 'a', 'a3')], { resolution: 'open', eventId: 'e1' }));
    const plan = planRewind(log.list(), kept.id, now({ [A]: 'a3' }), history);
    assert.ok(plan.ok);
    assert.deepEqual(plan.items.map((i) => [i.action, i.bytes]), [['restore', id('a2')]]);
  });

  it("takes the edit's own content when its save was judged against the bytes last seen on disk", () => {
    const { history, id } = historyOf('a', 'a2', 'a3');
    const log = new StepLog();
    const edit = log.record(step([change(A, 'a', 'a2')], { kind: 'edit', origin: 'editor' }));
    log.record(step([change(A, 'a', 'a2')]));
    log.record(step([change(A, 'a2', 'a3')], { command: 'gen' }));
    const plan = planRewind(log.list(), edit.id, now({ [A]: 'a3' }), history);
    assert.ok(plan.ok);
    assert.deepEqual(plan.items.map((i) => [i.action, i.bytes]), [['restore', id('a2')]]);
  });

  it('takes what a held change left (its before), not what it proposed', () => {
    const { history, id } = historyOf('a', 'a2', 'a3');
    const log = new StepLog();
    const held = log.record(step([change(A, 'a', 'a2')], { resolution: 'held', eventId: 'e3' }));
    log.resolveEvent('e3', 'reverted', 1500);
    log.record(step([change(A, 'a', 'a3')], { command: 'gen' }));
    const plan = planRewind(log.list(), held.id, now({ [A]: 'a3' }), history);
    assert.ok(plan.ok);
    assert.deepEqual(plan.items.map((i) => [i.action, i.bytes]), [['restore', id('a')]]);
  });

  it('reads a reverted or held change as undone', () => {
    const { history, id } = historyOf('a', 'a2');
    const log = new StepLog();
    const kept = log.record(step([change(B, 'b', 'b2')]));
    log.record(step([change(A, 'a', 'a2')], { resolution: 'held', eventId: 'e2' }));
    // The held change was put back: the file holds 'a', not changed by hand, and nothing to do.
    assert.deepEqual(planRewind(log.list(), kept.id, now({ [A]: 'a', [B]: 'b2' }), history), { ok: true, stepId: kept.id, items: [], undoneSteps: [log.list()[1].id] });
    log.resolveEvent('e2', 'accepted', 2000);
    const plan = planRewind(log.list(), kept.id, now({ [A]: 'a2', [B]: 'b2' }), history);
    assert.ok(plan.ok);
    assert.deepEqual(plan.items.map((i) => [i.action, i.bytes, i.handChanged]), [['restore', id('a'), false]]);
  });

  it('marks files changed by hand since, and ticks them only when asked', () => {
    const { history } = historyOf('a', 'b');
    const log = new StepLog();
    const kept = log.record(step([change(C, 'c', 'c2')]));
    log.record(step([change(A, 'a', 'a2'), change(B, 'b', 'b2')], { command: 'gen' }));
    const plan = planRewind(log.list(), kept.id, now({ [A]: 'a2', [B]: 'b2 and my own line' }), history);
    assert.ok(plan.ok);
    assert.deepEqual(plan.items.map((i) => [i.path, i.handChanged]), [['a.txt', false], ['b.txt', true]]);
    const ticked = tickedByDefault(plan);
    assert.deepEqual([...ticked], [A]);
    ticked.add(B);
    assert.deepEqual(chosenItems(plan, ticked).map((i) => i.path), ['a.txt', 'b.txt']);
  });

  it('says why a file cannot be put back: never seen, binary not kept, or dropped to stay within the bound', () => {
    const history = new ContentHistory(hash, () => 4);
    const big = bytes('0123456789');
    const droppedId = history.keep(bytes('abcd'));
    history.keep(bytes('efgh'));
    assert.ok(droppedId && history.wasDropped(droppedId));
    assert.equal(history.keep(big), undefined, 'a content over the bound alone is not kept');
    const log = new StepLog();
    const kept = log.record(step([]));
    log.record(
      step([
        { key: A, path: 'a.txt', before: { unknown: true }, after: { sha: sha('x') } },
        { key: B, path: 'b.bin', before: { binary: true }, after: { absent: true } },
        { key: C, path: 'c.txt', before: { sha: sha('abcd') }, beforeBytes: droppedId, after: { sha: sha('y') } },
      ]),
    );
    const plan = planRewind(log.list(), kept.id, now({ [A]: 'x', [C]: 'y' }), history);
    assert.ok(plan.ok);
    assert.deepEqual(plan.items.map((i) => [i.path, i.action, i.cannot, i.sha]), [
      ['a.txt', 'cannot', 'never-seen', undefined],
      ['b.bin', 'cannot', 'binary', undefined],
      ['c.txt', 'cannot', 'dropped', sha('abcd')],
    ]);
    assert.deepEqual([...tickedByDefault(plan)], []);
  });

  it('says when the earlier copy stayed with the window before a reload, unless this window holds the same bytes again', () => {
    const history = new ContentHistory(hash, () => 1 << 20);
    const log = new StepLog();
    const kept = log.record(step([]));
    log.record(step([change(A, 'a', 'a2'), change(B, 'b', 'b2')]));
    // The steps came back from the last window; only b's earlier bytes are in this window's store.
    history.rememberEarlier(log.list().flatMap((s) => s.files.flatMap((f) => [f.beforeBytes!, f.afterBytes!])));
    history.keep(bytes('b'));
    const plan = planRewind(log.list(), kept.id, now({ [A]: 'a2', [B]: 'b2' }), history);
    assert.ok(plan.ok);
    assert.deepEqual(plan.items.map((i) => [i.path, i.action, i.cannot]), [
      ['a.txt', 'cannot', 'earlier-window'],
      ['b.txt', 'restore', undefined],
    ]);
    assert.match(cannotWords('earlier-window', { outsideWorkspace: false, maxFileKB: 512, maxHistoryMB: 64 }), /window before a reload/);
  });

  it('refuses a step no longer listed, or the last one', () => {
    const log = new StepLog();
    const only = log.record(step([change(A, 'a', 'a2')]));
    const history = new ContentHistory(hash, () => 100);
    assert.equal(planRewind(log.list(), 'step-0', now({}), history).ok, false);
    assert.equal(planRewind(log.list(), only.id, now({}), history).ok, false);
  });
});

describe('rewind: the history of earlier contents', () => {
  it('keeps each content once, copies it, and drops the least recently kept first', () => {
    let max = 8;
    const history = new ContentHistory(hash, () => max);
    const buf = bytes('abcd');
    const a = history.keep(buf)!;
    buf[0] = 0x7a;
    assert.deepEqual(history.get(a), bytes('abcd'), 'a copy, not the caller\'s buffer');
    const b = history.keep(bytes('efgh'))!;
    assert.equal(history.keep(bytes('abcd')), a);
    assert.deepEqual(history.figures(), { contents: 2, bytes: 8, dropped: 0 });
    history.keep(bytes('ijkl'));
    assert.ok(history.has(a), 'kept again, so newer than b');
    assert.ok(!history.has(b) && history.wasDropped(b));
    max = 4;
    history.shrink();
    assert.deepEqual(history.figures(), { contents: 1, bytes: 4, dropped: 2 });
  });
});

describe('baseline bytes: the baseline store bounded per file and in total', () => {
  it('refuses a file over its cap (dropping its old baseline) and files past the total, never a pinned one', () => {
    const refused: string[] = [];
    const store = new BaselineBytes(() => ({ file: 4, total: 8 }), (r) => refused.push(`${r.kind} ${r.key}`));
    assert.ok(store.set('a', bytes('abcd')));
    assert.ok(!store.set('a', bytes('abcde')), 'over the per-file cap');
    assert.ok(!store.has('a'), 'its old baseline goes too');
    assert.ok(store.set('b', bytes('abcd')) && store.set('c', bytes('efgh')));
    assert.ok(!store.set('d', bytes('x')), 'past the total');
    store.pin('d', bytes('xyz'));
    assert.deepEqual([store.size, store.total], [3, 11], 'a pinned baseline is kept past the total');
    assert.ok(store.set('d', bytes('0123456789')), 'and past the per-file cap');
    store.unpin('d');
    store.delete('d');
    assert.deepEqual([store.size, store.total], [2, 8]);
    assert.deepEqual(refused, ['file a', 'total d']);
  });
});

describe("rewind: the preview's and the dialog's words", () => {
  const line = (path: string, action: PreviewLine['action'], over: Partial<PreviewLine> = {}): PreviewLine => ({ key: `file:///w/${path}`, path, action, handChanged: false, ...over });

  it('counts the files ticked, says what happens to each, what is left and what cannot be restored', () => {
    const lines = [
      line('a.txt', 'restore'),
      line('b.txt', 'recreate', { source: 'git' }),
      line('c.txt', 'remove'),
      line('d.txt', 'restore', { handChanged: true }),
      line('e.bin', 'cannot', { why: 'binary, and no copy was kept' }),
    ];
    const { message, detail } = confirmText(lines, new Set(['file:///w/a.txt', 'file:///w/b.txt', 'file:///w/c.txt', 'file:///w/e.bin']), '12:03:04', '/s/rewound/x');
    assert.equal(message, 'Rewind 3 files to how they were at 12:03:04?');
    assert.equal(
      detail,
      [
        'Restore: a.txt',
        "Bring back: b.txt (git's committed version)",
        'Move aside: c.txt',
        '',
        'Left as they are: d.txt',
        '',
        'Cannot be restored:',
        'e.bin: binary, and no copy was kept',
        '',
        'Files created since are moved to /s/rewound/x.',
        '',
        'The rewind is itself a step in the timeline: you can rewind it.',
      ].join('\n'),
    );
  });

  it('names why a file cannot be put back, with the setting to change', () => {
    const facts = { outsideWorkspace: false, maxFileKB: 1024, maxHistoryMB: 128 };
    assert.match(cannotWords('dropped', facts), /blastRadius\.rewind\.maxHistoryMB \(128 MB\)/);
    assert.match(cannotWords('never-seen', { ...facts, sizeKB: 4096 }), /^4096 KB, over blastRadius\.baseline\.maxFileSizeKB \(1024 KB\)/);
    assert.match(cannotWords('never-seen', { ...facts, outsideWorkspace: true }), /^outside the workspace/);
    assert.match(cannotWords('binary', facts), /^binary/);
    assert.match(cannotWords('never-seen', facts), /never seen/);
  });

  it('labels a command by its line and what it did to files', () => {
    const log = new StepLog();
    log.record(step([change(A, 'a', undefined), change(B, undefined, 'b'), change(C, 'c', 'c2')], { command: 'rm -f a.txt && ./gen.sh' }));
    assert.equal(entryLabel(timelineOf(log.list())[0]), 'rm -f a.txt && ./gen.sh (1 changed, 1 created, 1 deleted)');
  });
});
