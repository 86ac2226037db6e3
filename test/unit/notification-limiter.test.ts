import assert from 'node:assert/strict';
import { type LimiterHost, NotificationLimiter, ON_SCREEN_MS } from '../../src/extension/notification-limiter';

interface Shown {
  text: string;
  buttons: string[];
  /** The person picks a button (undefined: closes it). */
  answer(choice?: string): Promise<void>;
}

/** A stand-in for the editor: what was shown, the timers it was given, and failures the guard caught. */
function editor() {
  const shown: Shown[] = [];
  const timers: { f: () => void; ms: number; cancelled: boolean }[] = [];
  const failures: string[] = [];
  const host: LimiterHost = {
    showWarning(text, ...buttons) {
      return new Promise<string | undefined>((resolve) => {
        shown.push({
          text,
          buttons,
          async answer(choice) {
            resolve(choice);
            // Let the limiter's handler run.
            await new Promise((r) => setImmediate(r));
          },
        });
      });
    },
    guard: (what, f) => (...args) => {
      try {
        const r = f(...args);
        if (r instanceof Promise) r.catch((e: unknown) => failures.push(`${what}: ${String(e)}`));
      } catch (e) {
        failures.push(`${what}: ${String(e)}`);
      }
    },
    schedule(f, ms) {
      const timer = { f, ms, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
  };
  /** The notification on screen hides itself: its on-screen time runs out. */
  const timeOut = (): void => {
    const t = timers.filter((x) => !x.cancelled).pop();
    assert.ok(t, 'a notification on screen');
    t.cancelled = true;
    t.f();
  };
  return { host, shown, timers, failures, timeOut };
}

function limiter(host: LimiterHost) {
  return new NotificationLimiter<string>(host, 'test warning', (missed) => ({ text: `${missed.length} more (latest: ${missed[missed.length - 1]})`, buttons: ['Show Events'] }));
}

describe('notification limiter (one warning of a kind on screen)', () => {
  it('shows one at a time and folds what came meanwhile into one summary after it', async () => {
    const { host, shown } = editor();
    const warnings = limiter(host);
    warnings.show({ text: 'rm -rf src started', buttons: ['Show Details'] }, 'rm -rf src');
    warnings.show({ text: 'git push --force started' }, 'git push --force');
    warnings.show({ text: 'terraform destroy started' }, 'terraform destroy');
    assert.deepEqual(shown.map((s) => [s.text, s.buttons]), [['rm -rf src started', ['Show Details']]]);
    await shown[0].answer(undefined);
    assert.deepEqual(shown.map((s) => s.text), ['rm -rf src started', '2 more (latest: terraform destroy)']);
    assert.deepEqual(shown[1].buttons, ['Show Events']);
    await shown[1].answer(undefined);
    warnings.show({ text: 'dropdb started' }, 'dropdb');
    assert.equal(shown[2].text, 'dropdb started', 'once nothing is on screen, the next shows at once');
  });

  it('runs the chosen button, and logs a failing one instead of throwing', async () => {
    const { host, shown, failures } = editor();
    const chosen: (string | undefined)[] = [];
    const warnings = limiter(host);
    warnings.show({ text: 'a', buttons: ['Show Rule'], then: (c) => chosen.push(c) }, 'a');
    await shown[0].answer('Show Rule');
    warnings.show({ text: 'b', then: () => Promise.reject(new Error('no such event')) }, 'b');
    await shown[1].answer(undefined);
    assert.deepEqual(chosen, ['Show Rule']);
    assert.deepEqual(failures, ['test warning: Error: no such event']);
  });

  it('a notification VS Code hid without an answer stops counting as on screen after its time', async () => {
    const { host, shown, timers, timeOut } = editor();
    const warnings = limiter(host);
    warnings.show({ text: 'a' }, 'a');
    assert.equal(timers[0].ms, ON_SCREEN_MS);
    warnings.show({ text: 'b' }, 'b');
    timeOut();
    assert.deepEqual(shown.map((s) => s.text), ['a', '1 more (latest: b)']);
    // A late answer to the first changes nothing: the summary is the one on screen.
    await shown[0].answer(undefined);
    warnings.show({ text: 'c' }, 'c');
    assert.equal(shown.length, 2, 'c waits for the summary');
    await shown[1].answer(undefined);
    assert.deepEqual(shown.map((s) => s.text), ['a', '1 more (latest: b)', '1 more (latest: c)']);
  });
});
