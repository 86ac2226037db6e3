import assert from 'node:assert/strict';
import { type CommandRecord, CommandRecords, type GateAsk, sameCommand } from '../../src/core/gate/command-records';

interface Terminal {
  name: string;
}
interface Execution {
  line: string;
}

const SHELL = 1000;

/** A request as the gate reads it: a shim's ask.bash under the shim under the shell, unless said otherwise. */
function ask(line: string, extra: Partial<Omit<GateAsk, 'direct'>> = {}): Omit<GateAsk, 'direct'> {
  return { kind: 'shim', line, ancestors: [1002, 1001, SHELL], decision: 'gate', ...extra };
}

/** Whether the record's race is settled already, without waiting for it. */
async function settledAs(record: CommandRecord<Terminal, Execution>): Promise<'held' | 'ended' | 'open'> {
  return Promise.race([record.heldOrEnded, new Promise<'open'>((resolve) => setImmediate(() => resolve('open')))]);
}

describe('terminal command records (gate/command-records)', () => {
  const bash: Terminal = { name: 'bash' };
  const other: Terminal = { name: 'other' };
  const inBash = { terminal: bash, depth: 2, reportsCommands: true };

  it('names the one command that was running in the folder of a changed file, at the time it changed', () => {
    const records = new CommandRecords<Terminal, Execution>();
    const gen = { line: 'npm run gen' };
    const r = records.started(bash, gen, gen.line, { cwd: '/w/app', at: 1000 });
    assert.equal(records.runningAt('/w/app/src/a.ts', 1500, 1000), r, 'running in a folder above the file');
    assert.equal(records.runningAt('/w/other/a.ts', 1500, 1000), undefined, 'another folder');
    assert.equal(records.runningAt('/w/app/src/a.ts', 900, 1000), undefined, 'before it started');
    records.ended(gen, 0, 2000);
    assert.equal(records.runningAt('/w/app/src/a.ts', 2800, 1000), r, 'a change reported just after its end');
    assert.equal(records.runningAt('/w/app/src/a.ts', 3500, 1000), undefined, 'long after its end');
    assert.equal(records.runningAt('/w/app/src/a.ts', 2500, 1000, 2300), undefined, 'written after its end, seen just after');
    // Two commands that could have made it: neither is named.
    const a = { line: 'make' };
    const b = { line: 'npm run watch' };
    records.started(bash, a, a.line, { cwd: '/w', at: 5000 });
    records.started(other, b, b.line, { cwd: '/w/app', at: 5000 });
    assert.equal(records.runningAt('/w/app/x.ts', 5500, 1000), undefined);
    assert.equal(records.runningAt('/w/lib/x.ts', 5500, 1000)?.line, 'make');
  });

  it('tells commands run one after another in one terminal apart by when the file was written', () => {
    const records = new CommandRecords<Terminal, Execution>();
    const first = { line: 'node gen-a.js' };
    const second = { line: 'node gen-b.js' };
    const a = records.started(bash, first, first.line, { cwd: '/w', at: 1000 });
    records.ended(first, 0, 2000);
    const b = records.started(bash, second, second.line, { cwd: '/w', at: 2100 });
    // The first command's write arrives after the second started: it was written before it.
    assert.equal(records.runningAt('/w/a.txt', 2300, 1500, 1900), a);
    assert.equal(records.runningAt('/w/a.txt', 2300, 1500, 1990), a, 'written just before the reported end');
    assert.equal(records.runningAt('/w/b.txt', 2400, 1500, 2150), b);
    assert.equal(records.runningAt('/w/b.txt', 2400, 1500, 2050), b, 'after the first was over, before the second was reported: the second');
    records.ended(second, 0, 3000);
    assert.equal(records.runningAt('/w/b.txt', 3200, 1500, 2900), b, 'both over: the one running at the write');
    // Written during the first, handed over long after its end (a burst passed on in chunks): the first's.
    assert.equal(records.runningAt('/w/a.txt', 6000, 1500, 1900), a);
    assert.equal(records.runningAt('/w/a.txt', 6000, 1500, 3500), undefined, 'written after both ended');
    assert.equal(records.runningAt('/w/a.txt', 40_000, 1500, 1900), undefined, 'handed over far too late to be told');
    // Another process writes just after the second command ended, seen within the report latency.
    assert.equal(records.runningAt('/w/c.txt', 3400, 1500, 3300), undefined, 'written after their ends');
    // Two terminals at once in one folder: the time of the write does not tell them apart.
    const x = { line: 'make' };
    const y = { line: 'npm run watch' };
    records.started(bash, x, x.line, { cwd: '/w', at: 10_000 });
    records.started(other, y, y.line, { cwd: '/w', at: 10_000 });
    assert.equal(records.runningAt('/w/c.txt', 10_500, 1500, 10_400), undefined);
  });

  it('gives a deletion (no time on the file) to the command running a settle margin before the watcher saw it', () => {
    const records = new CommandRecords<Terminal, Execution>();
    const first = { line: 'rm a*.txt' };
    const second = { line: 'sleep 1; rm b*.txt' };
    const a = records.started(bash, first, first.line, { cwd: '/w', at: 1000 });
    records.ended(first, 0, 2000);
    const b = records.started(bash, second, second.line, { cwd: '/w', at: 2010 });
    // The first command's deletion is seen just after its end, when the second has started.
    assert.equal(records.runningAt('/w/a1.txt', 2100, 1500), a);
    assert.equal(records.runningAt('/w/a2.txt', 2290, 1500), a);
    // The second's, a while into it.
    assert.equal(records.runningAt('/w/b1.txt', 3100, 1500), b);
    records.ended(second, 0, 3200);
    assert.equal(records.runningAt('/w/b2.txt', 3300, 1500), b, 'both over: the one just ended');
    // Two terminals at once in one folder stay undecided.
    const x = { line: 'rm x' };
    const y = { line: 'rm y' };
    records.started(bash, x, x.line, { cwd: '/w', at: 10_000 });
    records.started(other, y, y.line, { cwd: '/w', at: 10_000 });
    assert.equal(records.runningAt('/w/x', 10_500, 1500), undefined);
  });

  it("a shim's ask joins the command running in its terminal: one record, held, ended with its exit code", async () => {
    const records = new CommandRecords<Terminal, Execution>();
    const typed = { line: 'rm -rf src 2>reason.txt; echo done' };
    const started = records.started(bash, typed, typed.line);
    assert.equal(started.state, 'running');
    assert.equal(await settledAs(started), 'open', 'nothing settles a command that has only started');
    const joined = records.asked(ask('rm -rf src'), inBash);
    assert.equal(joined, started);
    assert.equal(await settledAs(started), 'held');
    assert.equal(records.ended(typed, 126), started);
    assert.deepEqual([started.state, started.exitCode, started.line, started.seenBy], ['ended', 126, typed.line, ['shell-integration', 'shim']]);
    assert.equal(started.asks[0].direct, true);
    assert.equal(records.list().length, 1);
  });

  it("a shim's ask that overtakes the start waits for it: the next start in that terminal takes it", () => {
    const records = new CommandRecords<Terminal, Execution>();
    const early = records.asked(ask('rm -rf src'), inBash);
    assert.deepEqual([early.state, early.line, early.held], ['asking', 'rm -rf src', true]);
    const typed = { line: 'sleep 1; rm -rf src' };
    assert.equal(records.started(bash, typed, typed.line), early);
    assert.deepEqual([early.state, early.line, early.seenBy], ['running', typed.line, ['shim', 'shell-integration']]);
    // A second program of the same line asks while it runs.
    assert.equal(records.asked(ask('rm -rf build', { decision: 'warn' }), inBash), early);
    assert.equal(records.list().length, 1);
  });

  it('a command nobody asked about ends unheld, with its exit code', async () => {
    const records = new CommandRecords<Terminal, Execution>();
    const typed = { line: '/bin/rm -rf src' };
    const record = records.started(bash, typed, typed.line);
    records.ended(typed, 0);
    assert.equal(await record.heldOrEnded, 'ended');
    assert.deepEqual([record.held, record.exitCode, record.asks.length], [false, 0, 0]);
  });

  it('a warn-level ask joins without holding the command', async () => {
    const records = new CommandRecords<Terminal, Execution>();
    const typed = { line: 'git push --force origin feature' };
    const record = records.started(bash, typed, typed.line);
    records.asked(ask(typed.line, { kind: 'shim', decision: 'warn' }), inBash);
    assert.equal(await settledAs(record), 'open');
    assert.equal(record.held, false);
  });

  it("the bash hook asks before the line starts: the start of that line takes the hook's record", () => {
    const records = new CommandRecords<Terminal, Execution>();
    const line = '/bin/rm -rf src; echo AFTER > after.txt';
    const hooked = records.asked(ask(line, { kind: 'bash', ancestors: [SHELL] }), { terminal: bash, depth: 0, reportsCommands: true });
    assert.equal(hooked.asks[0].direct, true);
    const execution = { line };
    assert.equal(records.started(bash, execution, `${line} `), hooked);
    records.ended(execution, 126);
    assert.deepEqual([hooked.state, hooked.exitCode, hooked.held], ['ended', 126, true]);
  });

  it('a line the hook asked about that never starts (zsh keeps a refused line) is over when the next one is asked about or starts', async () => {
    const records = new CommandRecords<Terminal, Execution>();
    const zsh = { terminal: bash, depth: 1, reportsCommands: true };
    const refused = records.asked(ask('rm -rf src', { kind: 'zsh' }), zsh);
    const next = records.asked(ask('git push --force', { kind: 'zsh', decision: 'warn' }), zsh);
    assert.notEqual(next, refused);
    assert.equal(refused.state, 'ended');
    assert.equal(await refused.heldOrEnded, 'held', 'it was held before it was over');
    const execution = { line: 'git push --force' };
    assert.equal(records.started(bash, execution, execution.line), next);

    // And a start with another line than the one asked about.
    const asked = records.asked(ask('rm -rf build', { kind: 'zsh' }), zsh);
    records.ended(execution, 0);
    const again = records.asked(ask('rm -rf dist', { kind: 'zsh' }), zsh);
    assert.notEqual(again, asked);
    assert.equal(asked.state, 'ended');
    const ls = { line: 'ls' };
    const started = records.started(bash, ls, 'ls');
    assert.notEqual(started, again);
    assert.equal(again.state, 'ended');
    assert.equal(started.asks.length, 0);
  });

  it('a shim deeper down (a script, an agent) is part of the record but not of the line as typed', () => {
    const records = new CommandRecords<Terminal, Execution>();
    const execution = { line: 'make clean' };
    const record = records.started(bash, execution, execution.line);
    records.asked(ask('rm -rf build', { ancestors: [1005, 1004, 1003, 1001, SHELL] }), { terminal: bash, depth: 4, reportsCommands: true });
    assert.deepEqual(record.asks.map((a) => a.direct), [false]);
    assert.equal(record.held, true, 'the gate holds part of the command');
  });

  it('without a process tree (macOS), an ask is placed by its text', () => {
    const records = new CommandRecords<Terminal, Execution>();
    const typed = { line: 'rm -rf src; echo done' };
    const running = records.started(bash, typed, typed.line);
    const treeless = ask('rm -rf src', { ancestors: [2001] });
    assert.equal(records.asked(treeless, {}), running);
    assert.equal(running.asks[0].direct, true);

    // Before its start, it waits for a start with the same text; another line does not take it.
    const early = records.asked(ask('terraform destroy', { ancestors: [2002] }), {});
    assert.equal(early.state, 'asking');
    records.ended(typed, 0);
    const ls = { line: 'ls' };
    assert.notEqual(records.started(other, ls, ls.line), early);
    records.ended(ls, 0);
    const destroy = { line: 'terraform destroy' };
    assert.equal(records.started(other, destroy, destroy.line), early);
    assert.equal(early.terminal, other);
  });

  it('an ask from outside the terminals, or from one without shell integration, is a record of its own', () => {
    const records = new CommandRecords<Terminal, Execution>();
    const typed = { line: 'rm -rf src' };
    const running = records.started(bash, typed, typed.line);
    const outside = records.asked(ask('rm -rf src', { ancestors: [3003, 3002, 3001] }), {});
    assert.notEqual(outside, running);
    assert.deepEqual([outside.terminal, outside.state, outside.asks[0].direct], [undefined, 'asking', true]);

    const fish = { terminal: other, depth: 2, reportsCommands: false };
    const first = records.asked(ask('rm -rf a'), fish);
    const second = records.asked(ask('rm -rf b'), fish);
    assert.notEqual(first, second);
    const ls = { line: 'ls' };
    assert.notEqual(records.started(other, ls, ls.line), first, 'nothing was waiting for a start there');
  });

  it('a closed terminal ends what ran or waited there; a missing end is made up for by the next start', async () => {
    const records = new CommandRecords<Terminal, Execution>();
    const first = { line: 'sleep 600' };
    const running = records.started(bash, first, first.line);
    const second = { line: 'ls' };
    const next = records.started(bash, second, second.line);
    assert.equal(running.state, 'ended');
    assert.equal(await running.heldOrEnded, 'ended');
    records.closed(bash);
    assert.equal(next.state, 'ended');
    assert.equal(next.exitCode, undefined);
    const waiting = records.asked(ask('rm -rf src'), { terminal: other, depth: 2, reportsCommands: true });
    records.closed(other);
    assert.equal(waiting.state, 'ended');
    assert.equal(records.ended(second, 0), undefined, 'an end after the close changes nothing');
  });

  it('keeps a bounded number of records, never dropping one that still runs', () => {
    const records = new CommandRecords<Terminal, Execution>(5);
    const long = { line: 'sleep 600' };
    const running = records.started(other, long, long.line);
    for (let i = 0; i < 20; i++) {
      const e = { line: `echo ${i}` };
      records.started(bash, e, e.line);
      records.ended(e, 0);
    }
    assert.equal(records.list().length, 5);
    assert.ok(records.list().includes(running));
    assert.deepEqual(records.runningNow(), [running]);
  });

  it('tells the same command apart from another by its words', () => {
    assert.equal(sameCommand('rm  -rf src', 'rm -rf src'), true);
    assert.equal(sameCommand('rm -rf src; echo done', 'rm -rf src'), true);
    assert.equal(sameCommand('rm -rf src', 'rm -rf build'), false);
    assert.equal(sameCommand('', 'rm'), false);
  });
});
