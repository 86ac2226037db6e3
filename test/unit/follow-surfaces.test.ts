/**
 * A finding in what a line runs names its chain wherever it is shown: check's text and JSON, the
 * reason an agent reads, the confirm dialog and what the terminal hears, the terminal
 * notification, the event details. And the shims do not grow with runner names.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reasonText } from '../../src/cli/hook-verdict';
import { renderResult } from '../../src/cli/render';
import { judgeCommand } from '../../src/core/engine';
import { chainText } from '../../src/core/follow/chain';
import { FOLLOWED_PROGRAMS } from '../../src/core/follow/programs';
import { confirmDialog, immediateAnswer, refusalReason, warnNotificationText } from '../../src/core/gate/answer';
import { shimPrograms, shimScript } from '../../src/core/gate/scripts';
import { triggerIndex } from '../../src/core/rules/index';
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

describe('the terminal gate does not grow with runner names', () => {
  it('npm, node, python and make keep the shims and trigger words they had', () => {
    const index = triggerIndex();
    // npm is shimmed for its publishing words only: `npm test` runs without asking anyone.
    assert.equal(index.get('npm')?.any, false);
    for (const p of ['make', 'gmake', 'just', 'task']) assert.equal(index.get(p), undefined, `${p} gets no shim`);
    const shims = shimPrograms(index, () => true);
    assert.ok(!shims.includes('make') && !shims.includes('just') && !shims.includes('task'));
    // Following is the engine's business: no program it follows gets a trigger entry for it.
    for (const p of FOLLOWED_PROGRAMS) {
      const e = index.get(p);
      if (!e) continue;
      for (const w of ['run', 'run-script', 'test', 'start', 'build', 'exec']) assert.ok(!e.subcommands.has(w), `${p} ${w} would ask`);
    }
  });

  it("the npm shim runs npm test, npm run build and npm start without asking anyone (no Node, no bash)", function () {
    if (process.platform === 'win32') this.skip();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'br-shim-'));
    try {
      const bin = path.join(dir, 'bin');
      const real = path.join(dir, 'real');
      mkdirSync(bin);
      mkdirSync(real);
      const marker = path.join(dir, 'asked');
      // An ask.bash that only records it was run, and a real npm that says what it got.
      writeFileSync(path.join(dir, 'ask.bash'), `touch ${marker}\nexit 0\n`);
      writeFileSync(path.join(real, 'npm'), '#!/bin/sh\necho "real npm $*"\n', { mode: 0o755 });
      writeFileSync(path.join(bin, 'npm'), shimScript('npm', triggerIndex().get('npm')!, { binDir: bin, gateDir: dir, bash: '/bin/bash' }), { mode: 0o755 });
      for (const args of [['test'], ['run', 'build'], ['start'], ['run-script', 'lint'], ['install']]) {
        const r = spawnSync(path.join(bin, 'npm'), args, { encoding: 'utf8', env: { PATH: `${bin}:${real}:/usr/bin:/bin` } });
        assert.equal(r.stdout.trim(), `real npm ${args.join(' ')}`);
        assert.equal(existsSync(marker), false, `npm ${args.join(' ')} asked`);
      }
      // A word the rules know still asks.
      spawnSync(path.join(bin, 'npm'), ['publish'], { encoding: 'utf8', env: { PATH: `${bin}:${real}:/usr/bin:/bin` } });
      assert.equal(existsSync(marker), true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
