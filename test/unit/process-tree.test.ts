/**
 * Finding the agent's process among the hook's parents (src/node/process-tree.ts) with a fake
 * process table, and the `ps` + `lsof` output the macOS reader parses; with real processes in
 * test/process/process-tree.test.ts.
 */
import assert from 'node:assert/strict';
import { findAgentProcess, isTerminalPath, parseLsofNames, parsePsListing } from '../../src/node/process-tree';
import { fakeReader, is } from '../helpers/fake-processes';

describe('process tree: finding the agent among the hook’s parents', () => {
  const gemini = ['/usr/bin/node', '--max-old-space-size=8000', '/opt/lib/gemini-cli/bundle/gemini.js', '-p', 'x'];
  const table = {
    100: { ppid: 90, argv: ['node', '/home/u/.local/share/blast-radius/dist/hook.js', 'gemini-cli'] },
    90: { ppid: 80, argv: ['/bin/sh', '-c', "'/home/u/.local/share/blast-radius/bin/blast-radius' hook gemini-cli"] },
    80: { ppid: 70, argv: gemini, tty: [true, true] as [boolean, boolean] },
    70: { ppid: 1, argv: ['node', '/opt/lib/gemini-cli/bundle/gemini.js', '-p', 'x'] },
  };

  it('walks up from the caller’s parent to the nearest agent process, with its arguments and terminals', () => {
    assert.deepEqual(findAgentProcess({ pid: 100, ppid: 90 }, fakeReader(table), is('gemini-cli')), { kind: 'found', argv: gemini, stdinTty: true, stdoutTty: true });
  });
  it('no agent among the parents: absent; no reader (Windows) or a parent that cannot be read: unreadable', () => {
    assert.deepEqual(findAgentProcess({ pid: 100, ppid: 90 }, fakeReader(table), is('copilot-cli')), { kind: 'absent' });
    assert.deepEqual(findAgentProcess({ pid: 100, ppid: 90 }, undefined, is('gemini-cli')), { kind: 'unreadable' });
    assert.deepEqual(findAgentProcess({ pid: 100, ppid: 90 }, fakeReader({ 100: table[100] }), is('gemini-cli')), { kind: 'unreadable' });
  });
  it('a caller that is not the process with that pid and parent (another PID namespace) is not read for', () => {
    assert.deepEqual(findAgentProcess({ pid: 100, ppid: 91 }, fakeReader(table), is('gemini-cli')), { kind: 'unreadable' });
    assert.deepEqual(findAgentProcess({ pid: 555, ppid: 90 }, fakeReader(table), is('gemini-cli')), { kind: 'unreadable' });
  });
  it('a loop or an endless chain of parents ends', () => {
    const loop = { 10: { ppid: 11, argv: ['sh'] }, 11: { ppid: 10, argv: ['sh'] } };
    assert.deepEqual(findAgentProcess({ pid: 10, ppid: 11 }, fakeReader(loop), is('gemini-cli')), { kind: 'absent' });
  });
  it('terminal paths as /proc and lsof name them', () => {
    for (const p of ['/dev/pts/3', '/dev/tty1', '/dev/ttys003', '/dev/console', '/dev/tty']) assert.ok(isTerminalPath(p), p);
    for (const p of ['pipe:[123]', 'socket:[1]', '/dev/null', '/tmp/out.txt', 'anon_inode:[eventfd]', '/dev/pts']) assert.ok(!isTerminalPath(p), p);
  });
  it('parses ps and lsof output', () => {
    assert.deepEqual([...parsePsListing('  1     0 /sbin/launchd\n 512     1 /usr/bin/node /x/gemini.js -p do it\nbad line\n').entries()], [
      [1, { ppid: 0, argv: ['/sbin/launchd'] }],
      [512, { ppid: 1, argv: ['/usr/bin/node', '/x/gemini.js', '-p', 'do', 'it'] }],
    ]);
    assert.deepEqual(parseLsofNames('p512\nf0\nn/dev/ttys003\nf1\nn->0x1234\n'), { stdin: true, stdout: false });
    assert.deepEqual(parseLsofNames(''), {});
  });
});
