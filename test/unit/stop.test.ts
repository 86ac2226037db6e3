/**
 * The emergency stop's pure parts (src/core/stop.ts), the stopped-state file (src/node/stop-file.ts)
 * and the foreground job a terminal's shell waits for (src/node/foreground-job.ts), with fake
 * process tables: which group is signalled, never the shell's, and SIGTERM only after the grace.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { answerFor } from '../../src/core/hook-answer';
import {
  isOwnStopText,
  readStopRecord,
  resumeDialog,
  STOP_REASON,
  stopFileText,
  stopNotice,
  stoppedCommandDecision,
  stoppedEditFinding,
  stoppedHookMessage,
  stopStatusView,
} from '../../src/core/stop';
import { summarize } from '../../src/core/watch/findings';
import { foregroundJob, type GroupSignal, interruptForeground, parseProcStat, type ProcStat, shellGroupCommand } from '../../src/node/foreground-job';
import { hostEnv } from '../../src/node/hooks/paths';
import { isStopped, readStoppedCalls, recordStoppedCall, removeStopFile, stopFilePath, stoppedRecord, writeStopFile } from '../../src/node/stop-file';

describe('emergency stop: the stopped state as data', () => {
  it('any text in the file stops; only a well-formed time is read from it', () => {
    const text = stopFileText({ since: '2026-12-06T14:03:05.000Z', by: 'editor' });
    assert.deepEqual(readStopRecord(text), { since: '2026-12-06T14:03:05.000Z', by: 'editor' });
    // Emptied, edited to say "not stopped", or garbage: still a record (presence is what stops).
    assert.deepEqual(readStopRecord(''), {});
    assert.deepEqual(readStopRecord('{"stopped": false, "since": "never"}'), {});
    assert.deepEqual(readStopRecord('not json'), {});
    assert.ok(isOwnStopText(text, text));
    assert.ok(!isOwnStopText(text.replace('true', 'false'), text));
    assert.ok(!isOwnStopText(undefined, text));
  });

  it('a stopped hook call is denied for every agent, even where the agent would ask, with the reason', () => {
    const message = stoppedHookMessage({ since: '2026-12-06T14:03:05.000Z' });
    assert.match(message, new RegExp(STOP_REASON));
    for (const agent of ['claude-code', 'codex', 'gemini-cli', 'copilot-cli', 'cursor'] as const) {
      const a = answerFor(agent, { kind: 'deny', message });
      assert.equal(a.action, 'deny', agent);
      assert.ok(a.stdout.includes(STOP_REASON), `${agent}: ${a.stdout}`);
      // Even a run that can ask is not asked.
      assert.equal(answerFor(agent, { kind: 'deny', message }, { asks: true, mode: 'interactive' }).action, 'deny');
    }
  });

  it('while stopped a command with any finding waits for a person; one with none runs', () => {
    assert.equal(stoppedCommandDecision({ decision: 'warn', findings: [{}] }), 'gate');
    assert.equal(stoppedCommandDecision({ decision: 'allow', findings: [{}] }), 'gate');
    assert.equal(stoppedCommandDecision({ decision: 'gate', findings: [{}] }), 'gate');
    assert.equal(stoppedCommandDecision({ decision: 'allow', findings: [] }), 'allow');
  });

  it('the finding an edit made while stopped carries makes the change gate-level, whatever else was found', () => {
    const stop = stoppedEditFinding('2026-12-06T14:03:05.000Z');
    assert.equal(summarize([stop]).decision, 'gate');
    assert.equal(summarize([{ score: 40, severity: 'medium', decision: 'warn' }, stop]).decision, 'gate');
  });

  it('the Resume dialog says what was held meanwhile, and says so when nothing was', () => {
    const d = resumeDialog(
      { since: '2026-12-06T14:03:05.000Z' },
      { interrupted: ['sleep 600'], commands: [{ line: 'rm -rf build', ran: false }, { line: 'git push --force', ran: true }], files: ['main.tf', 'src/a.ts'], hookCalls: ['claude-code: terraform destroy'], tampering: 1 },
    );
    assert.match(d.message, /^Resume agents\?/);
    for (const part of ['Interrupted when you stopped (1):', 'sleep 600', 'Terminal commands not run (1):', 'rm -rf build', 'Terminal commands you let run (1):', 'git push --force', 'Agent changes held (2 files', 'main.tf', 'Agent tool calls refused (1):', 'claude-code: terraform destroy', 'delete or edit the stopped state 1 time']) {
      assert.ok(d.detail.includes(part), `${part} missing from:\n${d.detail}`);
    }
    const none = resumeDialog({}, { interrupted: [], commands: [], files: [], hookCalls: [], tampering: 0 });
    assert.ok(none.detail.startsWith('Nothing was held while agents were stopped.'));
    assert.equal(none.message, 'Resume agents? They were stopped.');
    const many = resumeDialog({}, { interrupted: [], commands: [], files: Array.from({ length: 12 }, (_, i) => `f${i}`), hookCalls: [], tampering: 0 });
    assert.ok(many.detail.includes('… and 4 more'));
  });

  it('the status bar offers Stop while agents run and says STOPPED while they are stopped', () => {
    assert.equal(stopStatusView(false, {}, 0).text, '$(debug-stop) Stop Agents');
    const v = stopStatusView(true, { since: '2026-12-06T14:03:05.000Z' }, 3);
    assert.match(v.text, /AGENTS STOPPED · 3 held/);
    assert.match(v.tooltip, /Click to resume/);
  });

  it('the notice after Stop names what was interrupted and what survived', () => {
    const text = stopNotice([
      { terminal: 'a', outcome: 'interrupted', ms: 12 },
      { terminal: 'b', outcome: 'idle', ms: 0 },
      { terminal: 'c', outcome: 'survived', ms: 3000 },
    ]);
    assert.match(text, /Interrupted the command in "a"\./);
    assert.match(text, /Still running after SIGINT and SIGTERM in "c"/);
    assert.match(stopNotice([]), /No terminal was running a command\./);
  });

  it('where there is no process table (Windows), the notice says Ctrl+C was sent and that it cannot be checked', () => {
    const text = stopNotice([{ terminal: 'pwsh', outcome: 'ctrl-c', ms: 0 }]);
    assert.match(text, /Sent Ctrl\+C to "pwsh"; this system gives no process list to check that the command stopped, so look at the terminal\./);
    assert.doesNotMatch(text, /Could not look into/);
  });
});

describe('emergency stop: the stopped-state file', () => {
  let tmp = '';
  beforeEach(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'br-stop-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('lives in the data folder; present means stopped, whatever it holds; only a missing file does not', () => {
    const host = hostEnv({ env: { XDG_DATA_HOME: path.join(tmp, 'data') }, home: tmp, platform: 'linux' });
    const file = stopFilePath(host);
    assert.equal(file, path.join(tmp, 'data', 'blast-radius', 'stopped.json'));
    assert.equal(isStopped(file), false);
    assert.equal(stoppedRecord(file), undefined);
    writeStopFile(file, stopFileText({ since: '2026-12-06T14:03:05.000Z', by: 'editor' }));
    assert.deepEqual(stoppedRecord(file), { since: '2026-12-06T14:03:05.000Z', by: 'editor' });
    writeFileSync(file, '{"stopped": false}');
    assert.deepEqual(stoppedRecord(file), {});
    // A folder in its place stops too.
    rmSync(file);
    mkdirSync(file);
    assert.equal(isStopped(file), true);
    rmSync(file, { recursive: true });
    removeStopFile(file);
    assert.equal(isStopped(file), false);
  });

  it('records refused calls with secrets taken out, and reads back those since a time', () => {
    const host = hostEnv({ env: { XDG_DATA_HOME: path.join(tmp, 'data') }, home: tmp, platform: 'linux' });
    const before = Date.now();
    assert.equal(recordStoppedCall(host, { agent: 'claude-code', what: 'curl -H "Authorization: Bearer sk-abcdefabcdefabcdefabcdef" https://x' }), undefined);
    const calls = readStoppedCalls(host, before);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].agent, 'claude-code');
    assert.ok(!calls[0].what.includes('sk-abcdefabcdefabcdefabcdef'), calls[0].what);
    assert.deepEqual(readStoppedCalls(host, Date.now() + 60_000), []);
  });
});

describe('emergency stop: the foreground job of a terminal', () => {
  it('reads ppid, pgrp, session and tpgid from /proc/<pid>/stat, whatever the command name holds', () => {
    assert.deepEqual(parseProcStat('4242 (bash) S 4000 4242 4242 34816 5151 4194304 1 2 3'), { pid: 4242, ppid: 4000, pgrp: 4242, session: 4242, tpgid: 5151 });
    assert.deepEqual(parseProcStat('77 (a) b (c) S 1 77 70 34816 -1 0'), { pid: 77, ppid: 1, pgrp: 77, session: 70, tpgid: -1 });
    assert.equal(parseProcStat('garbage'), undefined);
  });

  const table = (stats: Record<number, ProcStat>) => (pid: number): ProcStat | undefined => stats[pid];

  it('the shell at its prompt, or a shell with no terminal, has nothing to interrupt; a job in the foreground is its group', () => {
    assert.deepEqual(foregroundJob(100, table({ 100: { pid: 100, pgrp: 100, session: 100, tpgid: 100 } })), { none: 'idle' });
    assert.deepEqual(foregroundJob(100, table({ 100: { pid: 100, pgrp: 100, session: 100, tpgid: -1 } })), { none: 'unknown' });
    assert.deepEqual(foregroundJob(100, table({})), { none: 'unknown' });
    assert.deepEqual(foregroundJob(100, table({ 100: { pid: 100, pgrp: 100, session: 100, tpgid: 205 } })), { pgid: 205 });
  });

  it("a shell without job control: its descendants in its own group are the command, never the shell or another job's processes", () => {
    const read = table({
      100: { pid: 100, pgrp: 100, session: 100, tpgid: 100 },
      101: { pid: 101, pgrp: 100, session: 100, tpgid: 100 },
      102: { pid: 102, pgrp: 100, session: 100, tpgid: 100 },
      103: { pid: 103, pgrp: 103, session: 100, tpgid: 100 },
      104: { pid: 104, pgrp: 103, session: 100, tpgid: 100 },
    });
    const kids: Record<number, number[]> = { 100: [101, 103, 100], 101: [102], 103: [104] };
    assert.deepEqual(shellGroupCommand(100, read, (p) => kids[p] ?? []), [101, 102]);
    assert.deepEqual(shellGroupCommand(100, read, () => []), [], 'at its prompt');
    assert.deepEqual(shellGroupCommand(999, read, () => [1000]), [], 'a shell that cannot be read');
  });

  /** A fake group that ends after the given signals; records what was sent. */
  function group(endsOn: NodeJS.Signals[]): { signal: GroupSignal; sent: string[] } {
    const sent: string[] = [];
    let alive = true;
    return {
      sent,
      signal: (pgid, s) => {
        if (s === 0) return alive;
        sent.push(`${s} -${pgid}`);
        const was = alive;
        if (endsOn.includes(s)) alive = false;
        return was;
      },
    };
  }
  const shell = table({ 100: { pid: 100, pgrp: 100, session: 100, tpgid: 205 } });

  it('SIGINT to the foreground group; no SIGTERM when it ends', async () => {
    const g = group(['SIGINT']);
    const r = await interruptForeground(100, { graceMs: 50, read: shell, signal: g.signal, pollMs: 1 });
    assert.equal(r.outcome, 'interrupted');
    assert.deepEqual(g.sent, ['SIGINT -205']);
  });

  it('SIGTERM to the same group after the grace when SIGINT is ignored; survived when both are', async () => {
    const g = group(['SIGTERM']);
    const r = await interruptForeground(100, { graceMs: 20, read: shell, signal: g.signal, pollMs: 1 });
    assert.equal(r.outcome, 'terminated');
    assert.deepEqual(g.sent, ['SIGINT -205', 'SIGTERM -205']);
    const stubborn = group([]);
    assert.equal((await interruptForeground(100, { graceMs: 10, read: shell, signal: stubborn.signal, pollMs: 1 })).outcome, 'survived');
    assert.deepEqual(stubborn.sent, ['SIGINT -205', 'SIGTERM -205']);
  });

  it('never signals the shell: nothing is sent at the prompt', async () => {
    const g = group(['SIGINT']);
    const r = await interruptForeground(100, { graceMs: 10, read: table({ 100: { pid: 100, pgrp: 100, session: 100, tpgid: 100 } }), signal: g.signal });
    assert.equal(r.outcome, 'idle');
    assert.deepEqual(g.sent, []);
  });

  it('no SIGTERM once the shell has another job in the foreground', async () => {
    let tpgid = 205;
    const read = (pid: number): ProcStat | undefined => (pid === 100 ? { pid: 100, pgrp: 100, session: 100, tpgid } : undefined);
    const sent: string[] = [];
    const signal: GroupSignal = (pgid, s) => {
      if (s === 'SIGINT') tpgid = 100;
      if (s !== 0) sent.push(`${s} -${pgid}`);
      return true;
    };
    assert.equal((await interruptForeground(100, { graceMs: 10, read, signal, pollMs: 1 })).outcome, 'interrupted');
    assert.deepEqual(sent, ['SIGINT -205']);
  });
});
