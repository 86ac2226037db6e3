/**
 * Plain command lines are judged without tree-sitter (src/core/shell/plain-line.ts): in a process
 * that never loads the grammar, every corpus line that needs none gets exactly the answer the
 * engine gives with it (the trees themselves are checked in test/unit/plain-line.test.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { evaluateCommand } from '../../src/core/engine';
import { TEST_CONTEXT } from '../helpers/context';
import { loadCorpus } from '../helpers/corpus';

describe('plain lines without the grammar', () => {
  it('judges every corpus line that needs no grammar exactly as with it, in a process that never loads it', () => {
    const corpus = loadCorpus();
    const input = corpus.map((c) => JSON.stringify({ cmd: c.cmd, shell: c.shell, ctx: { ...TEST_CONTEXT, ...c.ctx } })).join('\n');
    const root = path.resolve(__dirname, '..', '..');
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(root, 'test', 'helpers', 'judge-without-grammar.ts')], { cwd: root, input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stderr);
    const without = JSON.parse(r.stdout) as unknown[];
    assert.equal(without.length, corpus.length);
    const now = new Date('2025-01-01T00:00:00Z');
    let judged = 0;
    corpus.forEach((c, i) => {
      if (without[i] === null) return;
      judged++;
      const ctx = { ...TEST_CONTEXT, ...c.ctx, shell: c.shell ?? c.ctx?.shell ?? TEST_CONTEXT.shell };
      assert.deepEqual(without[i], JSON.parse(JSON.stringify(evaluateCommand(c.cmd, { ctx, now, noPrefilter: true }))), `${c.file}:${c.line} ${c.cmd}`);
    });
    assert.ok(judged >= 100, `only ${judged} corpus lines were judged without the grammar`);
  });
});
