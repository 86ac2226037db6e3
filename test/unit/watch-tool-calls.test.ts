import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { timelineOf } from '../../src/core/watch/rewind';
import { type NewStep, StepLog } from '../../src/core/watch/steps';
import { parseToolCalls, toolCallClaim, toolCallFor, toolCallLine, type ToolCallRecord, TOOL_CALL_WINDOW_MS } from '../../src/core/watch/tool-calls';
import { hostEnv } from '../../src/node/hooks/paths';
import { RealPaths, recordToolCall, ToolCallLog, toolCallsPath } from '../../src/node/tool-calls';

const rec = (time: number, files: string[], tool = 'Write', agent = 'claude-code'): ToolCallRecord => ({ time, agent, tool, files });

describe('watch: agent tool calls named by the hook', () => {
  it('reads back what it writes, and skips lines that are not records', () => {
    const text = `${toolCallLine(rec(5, ['/w/a']))}not json\n{"t":"x"}\n{"t":6,"agent":"codex","tool":"apply_patch","files":["/w/b",3]}\n{"t":7,"ag`;
    assert.deepEqual(parseToolCalls(text), [rec(5, ['/w/a']), rec(6, ['/w/b'], 'apply_patch', 'codex')]);
  });

  it('finds the latest call naming the file before the change, within the window, each claim once', () => {
    const records = [rec(1000, ['/w/a']), rec(2000, ['/w/a', '/w/b'], 'apply_patch', 'codex'), rec(90_000, ['/w/c'])];
    const used = new Set<string>();
    const first = toolCallFor(records, '/w/a', 2500, used);
    assert.equal(first?.tool, 'apply_patch');
    used.add(toolCallClaim(first, '/w/a'));
    // The same file changed again: the earlier call's claim is still there.
    assert.equal(toolCallFor(records, '/w/a', 2600, used)?.time, 1000);
    used.add(toolCallClaim(records[0], '/w/a'));
    assert.equal(toolCallFor(records, '/w/a', 2700, used), undefined, 'every claim on the file is used up');
    assert.equal(toolCallFor(records, '/w/b', 2700, used)?.time, 2000, 'a claim is per file');
    assert.equal(toolCallFor(records, '/w/c', 3000, used), undefined, 'a call made after the change did not make it');
    assert.equal(toolCallFor(records, '/w/c', 90_000 + TOOL_CALL_WINDOW_MS + 1, used), undefined, 'too long ago');
    assert.equal(toolCallFor(records, '/w/d', 3000, used), undefined);
  });

  it('folds the steps of one tool call into one timeline step that names the agent and the tool', () => {
    const log = new StepLog();
    const via = { agent: 'Codex CLI', tool: 'apply_patch', time: 500 };
    const s = (key: string, time: number, over: Partial<NewStep> = {}): NewStep => ({ time, kind: 'disk-write', origin: 'hook', via, attribution: 'written by Codex CLI', files: [{ key, path: key, before: { absent: true }, after: { sha: key } }], resolution: 'clean', ...over });
    log.record(s('a', 1000));
    // Seconds later, still the same call (a slow patch).
    log.record(s('b', 9000));
    log.record(s('c', 9100, { via: { ...via, time: 8000 } }));
    const entries = timelineOf(log.list());
    assert.deepEqual(
      entries.map((e) => [e.origin, e.via?.agent, e.via?.tool, e.files.map((f) => f.key)]),
      [
        ['hook', 'Codex CLI', 'apply_patch', ['a', 'b']],
        ['hook', 'Codex CLI', 'apply_patch', ['c']],
      ],
    );
  });
});

describe('node: the record of tool calls', () => {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'br-tool-calls-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends one line per call in the data folder, moves it aside past its size, and the reader reads both', () => {
    const host = hostEnv({ env: {}, home: dir, platform: 'linux' });
    const file = toolCallsPath(host);
    assert.equal(file, path.join(dir, '.local', 'share', 'blast-radius', 'tool-calls.jsonl'));
    const log = new ToolCallLog(file);
    assert.deepEqual(log.recent(), []);
    assert.equal(recordToolCall(host, { agent: 'claude-code', tool: 'Write', files: ['/w/a'] }, 1000), undefined);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(log.recent(), [rec(1000, ['/w/a'])]);
    assert.equal(recordToolCall(host, { agent: 'claude-code', tool: 'Bash', files: [] }, 1001), undefined);
    assert.equal(readFileSync(file, 'utf8').split('\n').length, 2, 'a call without files is no line');
    const many = Array.from({ length: 200 }, (_, i) => `/w/${'d'.repeat(40)}/${i}`);
    for (let i = 0; i < 40; i++) recordToolCall(host, { agent: 'codex', tool: 'apply_patch', files: many }, 2000 + i);
    assert.ok(statSync(file).size < 256 * 1024 + 20_000, 'the file stays bounded');
    const recent = log.recent();
    assert.equal(recent[recent.length - 1].time, 2039);
    assert.ok(recent.length >= 10, `the latest calls are read across the move (${recent.length})`);
  });

  it('matches a path the agent named through a link with the path the watcher reports, either way round', () => {
    // macOS's /tmp is a link to /private/tmp: the agent names one, the editor's watcher the other.
    const real = path.join(dir, 'private', 'tmp');
    mkdirSync(path.join(real, 'ws'), { recursive: true });
    symlinkSync(real, path.join(dir, 'tmp'));
    writeFileSync(path.join(real, 'ws', 'a.txt'), 'a');
    const host = hostEnv({ env: {}, home: dir, platform: 'linux' });
    const log = new ToolCallLog(toolCallsPath(host));
    const named = (p: string): string => path.join(dir, p);
    recordToolCall(host, { agent: 'claude-code', tool: 'Write', files: [named('tmp/ws/a.txt'), named('tmp/ws/new/b.txt')] }, 1000);
    recordToolCall(host, { agent: 'codex', tool: 'apply_patch', files: [named('private/tmp/ws/c.txt')] }, 1100);
    const seen = (p: string): ToolCallRecord | undefined => toolCallFor(log.recent(), log.realPaths.of(named(p)), 1500, new Set());
    assert.equal(seen('private/tmp/ws/a.txt')?.tool, 'Write', 'named through the link, reported by its real path');
    assert.equal(seen('private/tmp/ws/new/b.txt')?.tool, 'Write', 'a file in a folder not made yet');
    assert.equal(seen('tmp/ws/c.txt')?.tool, 'apply_patch', 'named by its real path, reported through the link');
    assert.equal(seen('tmp/ws/d.txt'), undefined);
  });

  it('resolves each folder once, and leaves a path it cannot resolve as it is', () => {
    const calls: string[] = [];
    const paths = new RealPaths((p) => {
      calls.push(p);
      if (p === '/x/link') return '/x/real';
      if (p === '/broken' || p.startsWith('/broken/')) throw new Error('EACCES');
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    });
    assert.equal(paths.of('/x/link/sub/f.txt'), '/x/real/sub/f.txt');
    const n = calls.length;
    assert.equal(paths.of('/x/link/sub/g.txt'), '/x/real/sub/g.txt');
    assert.equal(calls.length, n, 'the folder was cached');
    assert.equal(paths.of('/broken/f'), '/broken/f');
    assert.equal(paths.of('relative/f'), 'relative/f');
  });

  it('an unwritable record is reported, never thrown', () => {
    writeFileSync(path.join(dir, 'file'), 'not a folder');
    const host = hostEnv({ env: { XDG_DATA_HOME: path.join(dir, 'file') }, home: dir, platform: 'linux' });
    assert.match(recordToolCall(host, { agent: 'codex', tool: 'apply_patch', files: ['/w/a'] }) ?? '', /EEXIST|ENOTDIR/);
    assert.deepEqual(new ToolCallLog(toolCallsPath(host)).recent(), []);
  });
});
