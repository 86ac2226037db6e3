/**
 * What following could not cover (its budget ran out: files, bytes, time or depth) is said
 * wherever a result is shown in words, as one short line from one builder (core/ui-text.ts
 * `notesLine`): the confirm gate's dialog, an agent hook's reason, an event's details and the
 * "Check a Command Line…" verdict, not only `check` and its JSON.
 */
import assert from 'node:assert/strict';
import { reasonText, verdictOf } from '../../src/cli/hook-verdict';
import { judgeCommand } from '../../src/core/engine';
import { FOLLOW_LIMITS } from '../../src/core/follow/state';
import { confirmDialog, warnNotificationText } from '../../src/core/gate/answer';
import { answerFor, HOOK_AGENTS } from '../../src/core/hook-answer';
import type { CommandContext, CommandResult } from '../../src/core/types';
import { eventDetailsMarkdown, notesLine, verdictText } from '../../src/core/ui-text';
import { TEST_CONTEXT } from '../helpers/context';
import { memoryFiles } from '../helpers/memory-files';

const WS = '/home/dev/project';

/** s1.sh runs s2.sh … runs sN.sh: past four deep, following stops. */
function chainOf(n: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i < n; i++) files[`s${i}.sh`] = `#!/bin/sh\necho step ${i}\n./s${i + 1}.sh\n`;
  files[`s${n}.sh`] = '#!/bin/sh\nrm -rf src\n';
  return files;
}

function judge(line: string, files: Record<string, string>): CommandResult {
  const reader = memoryFiles(Object.fromEntries(Object.entries(files).map(([k, v]) => [`${WS}/${k}`, v])));
  const ctx: CommandContext = { ...TEST_CONTEXT, cwd: WS, repositoryRoots: [WS], files: reader };
  return judgeCommand(line, { ctx }).result;
}

describe('follow: what was not read is said on every surface', () => {
  let spent: CommandResult;
  before(() => {
    spent = judge('./s1.sh; rm -rf ~/Documents', chainOf(FOLLOW_LIMITS.depth + 1));
  });
  const NOTE = /Note: Not every file this line runs was read: files run 4 deep/;

  it('the result carries the note (the precondition of what follows)', () => {
    assert.equal(spent.decision, 'gate');
    assert.equal(spent.notes?.length, 1);
  });

  it('notesLine: one line, clipped, nothing without notes', () => {
    assert.equal(notesLine(undefined), undefined);
    assert.equal(notesLine([]), undefined);
    assert.equal(notesLine(['a\nb', 'c']), 'Note: a b c');
    const long = notesLine(['x'.repeat(500)]) ?? '';
    assert.ok(long.length <= 'Note: '.length + 240 && long.endsWith('…'), long);
    assert.ok(!long.includes('\n'));
  });

  it("the confirm gate's dialog says it", () => {
    const d = confirmDialog(spent, { timeoutSeconds: 30, workspace: WS });
    assert.match(d.detail, NOTE);
    const quiet = confirmDialog(judge('rm -rf ~/Documents', {}), { timeoutSeconds: 30, workspace: WS });
    assert.doesNotMatch(quiet.detail, /Note:/);
  });

  it("an agent hook's reason says it", () => {
    const findings = spent.findings.map((f) => ({ ...f }));
    const v = verdictOf('gate', 'command', findings, 'balanced', spent.notes);
    assert.ok(v.kind === 'gate');
    assert.match(v.message, NOTE);
    assert.match(reasonText('warn', 'command', findings, 'balanced', spent.notes), NOTE);
    assert.doesNotMatch(reasonText('warn', 'command', findings, 'balanced'), /Note:/);
  });

  it("an event's details and the check's verdict say it", () => {
    const md = eventDetailsMarkdown({ kind: 'command', when: 'now', command: spent.command, score: spent.score, severity: spent.severity, decision: spent.decision, status: 'blocked', attribution: 'typed', findings: spent.findings, notes: spent.notes });
    assert.match(md, /Note: Not every file this line runs was read/);
    const top = spent.findings[0];
    assert.match(verdictText(spent.command, spent.decision, spent.score, 'balanced', top, spent.notes), NOTE);
    assert.match(verdictText('./s1.sh', 'allow', 0, 'balanced', undefined, spent.notes), NOTE);
  });

  it("the terminal gate's warn notification says it", () => {
    const warned = { ...spent, decision: 'warn' as const };
    assert.match(warnNotificationText(warned, 'typed in terminal "bash"'), NOTE);
    assert.doesNotMatch(warnNotificationText({ ...warned, notes: undefined }), /Note:/);
  });

  it('an agent hook\'s allow says it through the channel that decides nothing, and an everyday allow stays silent', () => {
    // Only the deletion inside the unread file would have flagged it: the line itself is allowed.
    const allowed = judge('./s1.sh', chainOf(FOLLOW_LIMITS.depth + 1));
    assert.equal(allowed.decision, 'allow');
    const v = verdictOf('allow', 'command', [], 'balanced', allowed.notes);
    assert.ok(v.kind === 'allow' && v.note, JSON.stringify(v));
    assert.match(v.note, NOTE);
    assert.deepEqual(verdictOf('allow', 'command', [], 'balanced'), { kind: 'allow' });
    for (const agent of HOOK_AGENTS) {
      const a = answerFor(agent, v);
      assert.equal(a.action, 'allow', agent);
      assert.equal(a.exitCode, 0, agent);
      assert.match(a.stdout, /Not every file this line runs was read/, agent);
      // Never a decision that would skip the agent's own permission prompt, nor one that stops the call.
      assert.doesNotMatch(a.stdout, /"(permissionDecision|permission|decision)":"(allow|ask|deny)"|"cancel":true/, agent);
    }
    const claude = JSON.parse(answerFor('claude-code', v).stdout);
    assert.match(claude.systemMessage, NOTE);
    assert.equal(claude.hookSpecificOutput.permissionDecision, undefined);
    assert.equal(answerFor('claude-code', { kind: 'allow' }).stdout, '', 'an everyday allow prints nothing');
  });
});
