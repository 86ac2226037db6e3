import assert from 'node:assert/strict';
import type { ConfirmChoice } from '../../src/core/gate/answer';
import { ConfirmQueue } from '../../src/core/gate/confirm-queue';

interface Asked {
  item: string;
  answer(choice: ConfirmChoice | undefined): void;
}

/** Queues made by harness(), disposed after each test so no dialog's time limit outlives it. */
const made: ConfirmQueue<string>[] = [];

function harness(opts: { timeoutMs?: number; maxPending?: number; cooldownMs?: number } = {}) {
  const asked: Asked[] = [];
  let onScreen = 0;
  let maxOnScreen = 0;
  const queue = new ConfirmQueue<string>({
    ask: (item) =>
      new Promise((resolve) => {
        onScreen++;
        maxOnScreen = Math.max(maxOnScreen, onScreen);
        asked.push({
          item,
          answer: (c) => {
            onScreen--;
            resolve(c);
          },
        });
      }),
    timeoutMs: () => opts.timeoutMs ?? 10_000,
    maxPending: opts.maxPending ?? 4,
    cooldownMs: opts.cooldownMs ?? 0,
  });
  made.push(queue);
  return { queue, asked, maxOnScreen: () => maxOnScreen };
}

const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('confirm queue', () => {
  afterEach(() => {
    for (const q of made.splice(0)) q.dispose();
  });

  it('shows one dialog at a time, in order', async () => {
    const h = harness();
    const a = h.queue.request('a', 'A');
    const b = h.queue.request('b', 'B');
    await tick();
    assert.deepEqual(h.asked.map((x) => x.item), ['A']);
    h.asked[0].answer('run-once');
    assert.equal(await a, 'run-once');
    await tick();
    assert.deepEqual(h.asked.map((x) => x.item), ['A', 'B']);
    h.asked[1].answer('dont-run');
    assert.equal(await b, 'dont-run');
    assert.equal(h.maxOnScreen(), 1);
  });

  it('the same command waits on the dialog already queued for it', async () => {
    const h = harness();
    const first = h.queue.request('same', 'X');
    const second = h.queue.request('same', 'X');
    await tick();
    assert.equal(h.asked.length, 1);
    h.asked[0].answer('run-once');
    assert.deepEqual(await Promise.all([first, second]), ['run-once', 'run-once']);
  });

  it('a dismissed dialog and no answer in time both refuse', async () => {
    const h = harness({ timeoutMs: 30 });
    const dismissed = h.queue.request('a', 'A');
    await tick();
    h.asked[0].answer(undefined);
    assert.equal(await dismissed, 'dismissed');
    const unanswered = h.queue.request('b', 'B');
    assert.equal(await unanswered, 'timeout');
  });

  it('refuses at once when the queue is full, and after a refusal of the same command', async () => {
    const h = harness({ maxPending: 2, cooldownMs: 5_000 });
    const a = h.queue.request('a', 'A');
    void h.queue.request('b', 'B');
    assert.equal(h.queue.accepts('c'), false);
    assert.equal(await h.queue.request('c', 'C'), 'queue-full');
    await tick();
    h.asked[0].answer('dont-run');
    assert.equal(await a, 'dont-run');
    assert.equal(h.queue.accepts('a'), false);
    assert.equal(await h.queue.request('a', 'A'), 'cooldown');
  });

  it('a caller that goes away is not asked about', async () => {
    const h = harness();
    void h.queue.request('a', 'A');
    const controller = new AbortController();
    const gone = h.queue.request('b', 'B', controller.signal);
    controller.abort();
    assert.equal(await gone, 'abandoned');
    await tick();
    h.asked[0].answer('dont-run');
    await tick();
    assert.deepEqual(h.asked.map((x) => x.item), ['A']);
    assert.equal(h.queue.pending, 0);
  });

  it('a throwing dialog counts as dismissed, and disposal releases every waiter', async () => {
    const queue = new ConfirmQueue<string>({ ask: () => Promise.reject(new Error('boom')), timeoutMs: () => 1000 });
    assert.equal(await queue.request('a', 'A'), 'dismissed');
    const stuck = new ConfirmQueue<string>({ ask: () => new Promise(() => undefined), timeoutMs: () => 60_000 });
    const p = stuck.request('a', 'A');
    const q = stuck.request('b', 'B');
    stuck.dispose();
    assert.deepEqual(await Promise.all([p, q]), ['abandoned', 'abandoned']);
    assert.equal(await stuck.request('c', 'C'), 'abandoned');
  });

  it('disposal leaves no dialog timer behind', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const stuck = new ConfirmQueue<string>({ ask: () => new Promise(() => undefined), timeoutMs: () => 60_000 });
    const p = stuck.request('a', 'A');
    await tick();
    assert.equal(stuck.showing, true);
    // Counted right before and after: the dialog's time limit is the only timer that may go.
    const showing = timers();
    stuck.dispose();
    assert.equal(timers(), showing - 1);
    assert.equal(await p, 'abandoned');
  });

  it('a request that waited too long in the queue is refused without a dialog', async () => {
    let now = 0;
    const asked: string[] = [];
    const resolvers: ((c: ConfirmChoice) => void)[] = [];
    const queue = new ConfirmQueue<string>({
      ask: (item) => {
        asked.push(item);
        return new Promise((r) => resolvers.push(r));
      },
      timeoutMs: () => 60_000,
      maxQueueWaitMs: () => 100,
      now: () => now,
    });
    void queue.request('a', 'A');
    const late = queue.request('b', 'B');
    now = 1_000;
    resolvers[0]('run-once');
    assert.equal(await late, 'timeout');
    assert.deepEqual(asked, ['A']);
  });
});
