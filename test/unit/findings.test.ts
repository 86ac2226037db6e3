/**
 * Each engine's findings carry their decision: what the policy that judged them does with each
 * one. The adapters show and act on it and never work it out again; `check`'s JSON keeps the
 * format it has always had.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { resultJson } from '../../src/cli/check';
import { evaluateBatch, evaluateEdit } from '../../src/core/edit/engine';
import type { PatchFiles } from '../../src/core/edit/patch';
import { judgeShellPatches } from '../../src/core/edit/shell-patches';
import { evaluateCommand, judgeCommand } from '../../src/core/engine';
import { decide, decisionRank, type Policy } from '../../src/core/policy';
import { type CommandResult, type Decision, type JudgedFinding, STRICTNESS_LEVELS } from '../../src/core/types';
import { TEST_CONTEXT } from '../helpers/context';

function corpusLines(): string[] {
  const dir = path.join(__dirname, '..', 'corpus');
  const out: string[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) {
    for (const l of readFileSync(path.join(dir, f), 'utf8').split('\n')) if (l.trim() && !l.startsWith('//')) out.push((JSON.parse(l) as { cmd: string }).cmd);
  }
  return out;
}

/** Every finding's decision is its severity's at the policy's strictness; the whole is the strongest of them. */
function assertJudged(findings: readonly JudgedFinding[], decision: Decision, policy: Policy, what: string): void {
  let strongest: Decision = 'allow';
  for (const f of findings) {
    assert.equal(f.decision, decide(f.severity, policy.strictness), `${what}: ${f.ruleId} (${f.severity}) at ${policy.strictness}`);
    if (decisionRank(f.decision) > decisionRank(strongest)) strongest = f.decision;
  }
  assert.equal(decision, strongest, `${what}: the result's decision at ${policy.strictness}`);
}

describe('findings carry their decision', () => {
  const lines = corpusLines();

  it('command findings: over the whole corpus, each line at one of the strictness levels in turn', () => {
    let judged = 0;
    lines.forEach((line, i) => {
      const policy: Policy = { strictness: STRICTNESS_LEVELS[i % STRICTNESS_LEVELS.length], rules: {}, allow: [] };
      const r = evaluateCommand(line, { ctx: TEST_CONTEXT, policy });
      assertJudged(r.findings, r.decision, policy, line);
      judged += r.findings.length;
    });
    assert.ok(judged > 500, `only ${judged} findings judged`);
  });

  it('command findings: after an override, by the severity it gave', () => {
    const policy: Policy = { strictness: 'balanced', rules: { FS001: 'low' }, allow: [] };
    const r = evaluateCommand('rm -rf ~', { ctx: TEST_CONTEXT, policy });
    assert.equal(r.findings[0].severity, 'low');
    assert.equal(r.findings[0].decision, 'allow');
    assertJudged(r.findings, r.decision, policy, 'rm -rf ~');
  });

  it('a line with a patch: the command findings and those of the edits it makes, judged by the same policy', () => {
    const ws = '/work/app';
    const tf = 'resource "aws_db_instance" "main" {\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n';
    const line = `rm -rf ./build && apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: infra/main.tf\n@@\n resource "aws_db_instance" "main" {\n-  lifecycle {\n-    prevent_destroy = true\n-  }\n }\n*** End Patch\nEOF\n`;
    for (const strictness of STRICTNESS_LEVELS) {
      const policy: Policy = { strictness, rules: {}, allow: [] };
      const ctx = { ...TEST_CONTEXT, cwd: ws, workspaceRoot: ws };
      const { result, patches } = judgeCommand(line, { ctx, policy });
      const files: PatchFiles = {
        resolve: (dirs, name) => path.posix.resolve(ws, ...dirs, name),
        display: (abs) => path.posix.relative(ws, abs),
        read: (abs) => (abs === `${ws}/infra/main.tf` ? { kind: 'text', text: tf } : { kind: 'missing' }),
      };
      const r = judgeShellPatches(result, patches, { files, policy, ctx, editCtx: { workspace: ws } });
      assert.ok(r.findings.some((f) => f.file?.path === 'infra/main.tf'), `${strictness}: ${JSON.stringify(r.findings)}`);
      assertJudged(r.findings, r.decision, policy, `patch at ${strictness}`);
    }
  });

  it('edit findings, per file and for a whole step', () => {
    const tf = 'resource "aws_db_instance" "main" {\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n';
    for (const strictness of STRICTNESS_LEVELS) {
      const policy: Policy = { strictness, rules: {}, allow: [] };
      const one = evaluateEdit({ path: 'infra/db.tf', before: tf, after: tf.replace('true', 'false') }, { policy });
      assert.ok(one.findings.length > 0);
      assertJudged(one.findings, one.decision, policy, 'infra/db.tf');
      const gone = Array.from({ length: 12 }, (_, i) => ({ path: `src/m${i}.ts`, before: `export const x${i} = ${i};\n`.repeat(20), after: undefined }));
      const batch = evaluateBatch(gone, { policy });
      assert.ok(batch.findings.length > 0);
      assertJudged([...batch.findings, ...batch.files.flatMap((f) => f.findings)], batch.decision, policy, 'twelve deletions');
    }
  });
});

describe("check's JSON", () => {
  it('prints a result as it always has: findings without their decision, fields in their old order', () => {
    const r: CommandResult = evaluateCommand('git push --force origin main && rm -rf ~', { ctx: TEST_CONTEXT });
    assert.ok(r.findings.length >= 2 && r.findings.every((f) => f.decision));
    const printed = JSON.parse(resultJson(r)) as Record<string, unknown> & { findings: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(printed), ['command', 'score', 'severity', 'decision', 'findings']);
    // Where the command acts (a push's remote and branch) is the one field added since, last.
    for (const f of printed.findings) assert.deepEqual(Object.keys(f), ['ruleId', 'category', 'severity', 'score', 'message', 'span', 'alternative', ...('environment' in f ? ['environment'] : [])]);
    assert.deepEqual(printed.findings.map((f) => 'environment' in f), r.findings.map((f) => f.environment !== undefined));
    assert.equal(printed.decision, r.decision);
  });
});
