/**
 * A finding in what a line runs names its chain wherever it is shown: check's text and JSON, the
 * reason an agent reads, the confirm dialog and what the terminal hears, the terminal
 * notification, the event details. (The shims: test/process/follow-shims.test.ts.)
 */
import assert from 'node:assert/strict';
import { reasonText } from '../../src/cli/hook-verdict';
import { renderResult } from '../../src/cli/render';
import { judgeCommand } from '../../src/core/engine';
import { chainText } from '../../src/core/follow/chain';
import { confirmDialog, immediateAnswer, refusalReason, warnNotificationText } from '../../src/core/gate/answer';
import type { CommandContext, CommandResult } from '../../src/core/types';
import { commandNotificationText, eventDetailsMarkdown, verdictText } from '../../src/core/ui-text';
import { TEST_CONTEXT } from '../helpers/context';
import { memoryFiles } from '../helpers/memory-files';

const WS = '/home/dev/project';
const CHAIN = 'npm run clean → package.json scripts.clean → rm -rf src';

function judged(line = 'npm run clean', script = 'rm -rf src'): CommandResult {
  const ctx: CommandContext = { ...TEST_CONTEXT, files: memoryFiles({ [`${WS}/package.json`]: `${JSON.stringify({ scripts: { clean: script } }, null, 2)}\n` }) };
  return judgeCommand(line, { ctx }).result;
}

describe('the chain of a followed finding, as shown', () => {
  it('check: the text output and the JSON', () => {
    const r = judged();
    assert.equal(chainText(r.command, r.findings[0]), CHAIN);
    assert.match(renderResult(r), new RegExp(`Runs: ${CHAIN}`));
    const json = JSON.parse(JSON.stringify(r)) as CommandResult;
    assert.deepEqual(json.findings[0].via, [{ file: 'package.json', line: 3, text: 'rm -rf src', label: 'scripts.clean' }]);
    assert.deepEqual(json.findings[0].span, { start: 0, end: 13 });
  });

  it('the reason an agent reads', () => {
    const r = judged();
    const text = reasonText('gate', 'command', r.findings.map((f) => ({ ...f, chain: chainText(r.command, f) })), 'balanced');
    assert.match(text, new RegExp(`Deletes src .*Runs: ${CHAIN}\\. Safer:`));
  });

  it('the confirm dialog, the refusal and warning the terminal hears, the terminal notification', () => {
    const r = judged();
    const dialog = confirmDialog(r, { cwd: WS, timeoutSeconds: 60, workspace: WS });
    assert.match(dialog.detail, new RegExp(`How it runs: ${CHAIN}`));
    assert.match(dialog.detail, /only while the files it runs stay as they are now/);
    assert.match(refusalReason(r, 'dont-run', 60), new RegExp(`Runs: ${CHAIN}\\.`));
    const warned = judged('npm run clean', 'rm -rf "$TARGET"');
    assert.equal(warned.decision, 'warn');
    assert.match(immediateAnswer(warned)?.reason ?? '', /Runs: npm run clean → package\.json scripts\.clean → rm -rf "\$TARGET"/);
    assert.match(warnNotificationText(warned), /Runs: npm run clean/);
    assert.match(commandNotificationText(r.command, { ...r.findings[0], chain: CHAIN }, 0), new RegExp(`Runs: ${CHAIN}\\.`));
    assert.match(verdictText(r.command, r.decision, r.score, 'balanced', { ...r.findings[0], chain: CHAIN }), new RegExp(`Runs: ${CHAIN}\\.`));
  });

  it('the event details', () => {
    const r = judged();
    const md = eventDetailsMarkdown({ kind: 'command', when: 'now', command: r.command, score: r.score, severity: r.severity, decision: r.decision, status: 'open', attribution: 'typed', findings: r.findings.map((f) => ({ ...f, decision: 'gate' as const, chain: chainText(r.command, f) })) });
    assert.match(md, /\*How it runs:\* npm run clean → package\.json scripts\.clean → rm -rf src/);
  });

  it('a finding of the typed line itself has no chain', () => {
    const ctx: CommandContext = { ...TEST_CONTEXT, files: memoryFiles({}) };
    const r = judgeCommand('rm -rf src', { ctx }).result;
    assert.equal(r.findings[0].via, undefined);
    assert.equal(r.chain, undefined);
    assert.doesNotMatch(renderResult(r), /Runs:/);
    assert.doesNotMatch(confirmDialog(r, { timeoutSeconds: 60, workspace: WS }).detail, /How it runs|stay as they are/);
  });
});
