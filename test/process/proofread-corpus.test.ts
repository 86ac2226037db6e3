import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateBatch, evaluateEdit } from '../../src/core/edit/engine';
import type { EditExample } from '../../src/core/edit/rule';
import { EDIT_RULES } from '../../src/core/edit/rules/index';
import { evaluateCommand } from '../../src/core/engine';
import { confirmDialog, warnNotificationText } from '../../src/core/gate/answer';
import { holdDialog } from '../../src/core/gate/held';
import { diagnosticMessage } from '../../src/core/present';
import { COMMAND_RULES } from '../../src/core/rules/index';
import type { CommandContext, ShellKind } from '../../src/core/types';
import { TEST_CONTEXT } from '../helpers/context';
import { repeatedWord } from '../helpers/proofread';

function change(ex: EditExample) {
  return { path: ex.path, before: ex.before, after: ex.after };
}

// Every corpus line and rule example judged once more, through the builders a person reads. It is a
// sweep over thousands of lines, so it runs with the process tests.
describe('proofread: the corpora', () => {
  it('no message, dialog or notification built from the corpora and the rules\' examples repeats a word', () => {
    const found: string[] = [];
    const check = (text: string, where: string, typed?: string) => {
      // The line as typed is the person's text, not ours: it is left out of what is proofread.
      const ours = typed ? text.split(typed).join(' … ') : text;
      const r = repeatedWord(ours);
      if (r && found.length < 40) found.push(`${where}: "${r}" in ${ours.slice(0, 300)}`);
    };
    const lines: { cmd: string; ctx?: Partial<CommandContext>; shell?: ShellKind; where: string }[] = [];
    const root = path.join(__dirname, '..', '..');
    const corpora = [
      ...readdirSync(path.join(root, 'test')).filter((d) => d.startsWith('corpus')).flatMap((d) => readdirSync(path.join(root, 'test', d)).filter((f) => f.endsWith('.jsonl')).map((f) => path.join('test', d, f))),
      ...readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.jsonl')).map((f) => path.join('bench', f)),
    ];
    assert.ok(corpora.length >= 40, `only ${corpora.length} corpus files`);
    for (const file of corpora) {
      readFileSync(path.join(root, file), 'utf8').split('\n').forEach((l, i) => {
        if (!l.trim() || l.startsWith('//')) return;
        const c = JSON.parse(l) as { cmd?: string; ctx?: Partial<CommandContext>; shell?: ShellKind };
        if (typeof c.cmd === 'string') lines.push({ cmd: c.cmd, ctx: c.ctx, shell: c.shell, where: `${file}:${i + 1}` });
      });
    }
    for (const r of COMMAND_RULES) for (const ex of [...r.examples.fire, ...r.examples.pass]) lines.push({ cmd: ex, where: `${r.id} example` });
    assert.ok(lines.length > 4000, `only ${lines.length} lines`);
    for (const l of lines) {
      const res = evaluateCommand(l.cmd, { ctx: { ...TEST_CONTEXT, ...l.ctx, shell: l.shell ?? 'bash' } });
      if (!res.findings.length) continue;
      for (const f of res.findings) {
        check(f.message, `${l.where} ${f.ruleId}`);
        check(f.alternative, `${l.where} ${f.ruleId} alternative`);
      }
      check(confirmDialog(res, { timeoutSeconds: 60 }).detail, `${l.where} dialog`, res.command);
      // The notification quotes the line first; what follows is ours.
      check(warnNotificationText(res).split(' run with a warning. ').slice(1).join(' '), `${l.where} notification`);
    }
    for (const rule of EDIT_RULES) {
      const examples = [...rule.examples.fire, ...rule.examples.pass];
      const results = rule.batch
        ? [evaluateBatch(rule.examples.fire.map(change)), evaluateBatch(rule.examples.pass.map(change))]
        : examples.map((ex) => (ex.step?.length ? evaluateBatch([change(ex), ...ex.step.map(change)]).files[0] : evaluateEdit(change(ex))));
      for (const res of results) {
        for (const f of res.findings) {
          check(diagnosticMessage(f), `${rule.id} example ${f.ruleId}`);
          check(f.alternative, `${rule.id} example ${f.ruleId} alternative`);
        }
        if (res.findings.length) check(holdDialog([{ kind: 'edit', paths: ['x'], attribution: 'an agent', score: 80, severity: 'high', findings: res.findings }], { timeoutSeconds: 60 }).detail, `${rule.id} held edit`);
      }
    }
    assert.deepEqual(found, []);
  });
});
