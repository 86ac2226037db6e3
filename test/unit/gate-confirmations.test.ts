import assert from 'node:assert/strict';
import { CONFIRMED_WINDOW_MS, Confirmations } from '../../src/core/gate/confirmations';

describe('commands a person just confirmed (gate/confirmations)', () => {
  it('covers files under the command folder for a short while', () => {
    let now = 1_000_000;
    const c = new Confirmations(() => now);
    c.add('rm -rf src', '/work/app/');
    assert.equal(c.covering(['/work/app/src/a.ts', '/work/app/src/b/c.ts'])?.command, 'rm -rf src');
    now += CONFIRMED_WINDOW_MS + 1;
    assert.equal(c.covering(['/work/app/src/a.ts']), undefined);
  });

  it('does not cover files elsewhere, a sibling folder with the same prefix, or anything without a folder', () => {
    const c = new Confirmations(() => 5);
    c.add('rm -rf src', '/work/app');
    c.add('rm -rf /', undefined);
    assert.equal(c.covering(['/work/app/src/a.ts', '/work/other/x']), undefined);
    assert.equal(c.covering(['/work/app2/src/a.ts']), undefined);
    assert.equal(c.covering([]), undefined);
  });

  it('reads Windows paths', () => {
    const c = new Confirmations(() => 5);
    c.add('Remove-Item -Recurse src', 'C:\\work\\app');
    assert.ok(c.covering(['C:\\work\\app\\src\\a.ts']));
    assert.equal(c.covering(['C:\\work\\app2\\a.ts']), undefined);
  });
});
