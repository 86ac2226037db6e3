/**
 * The clock the node reader hands following's time budget: this process's CPU time, asked of the
 * kernel at most every 2 ms of wall time (the source reader asks often), and the wall time since
 * counted as work in between, never less than the work it could have been.
 */
import assert from 'node:assert/strict';
import { cpuClock, nodeFollowReader } from '../../src/node/follow-files';

describe('follow: the CPU clock of the node reader', () => {
  it('counts CPU time, not the wall time other processes took', () => {
    let wall = 0;
    let cpu = 100;
    let asked = 0;
    const clock = cpuClock(() => wall, () => {
      asked++;
      return cpu;
    });
    assert.equal(clock(), 100);
    // A second of wall time went by, and 5 ms of work: 5 ms are counted.
    wall = 1000;
    cpu = 105;
    assert.equal(clock(), 105);
    // Within 2 ms the kernel is not asked again; the wall time since counts as work.
    wall = 1001.5;
    assert.equal(clock(), 106.5);
    assert.equal(asked, 2);
    wall = 1003;
    cpu = 106;
    assert.equal(clock(), 106);
    assert.equal(asked, 3);
  });

  it('is the node reader clock', () => {
    const reader = nodeFollowReader({ roots: [] });
    const a = reader.clock!();
    let x = 0;
    for (let i = 0; i < 2e6; i++) x += i % 7;
    assert.ok(x > 0);
    assert.ok(reader.clock!() >= a);
    assert.equal(reader.flavour, process.platform === 'win32' ? 'win32' : 'posix');
  });
});
