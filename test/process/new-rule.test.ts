/**
 * `npm run new-rule` on a copy of the sources: what it writes compiles, registers the rule in its
 * pack and in the id ledger, and the new rule passes its own examples through that copy's engines,
 * as test/unit/rules.test.ts and test/unit/edit/rules.test.ts run them. It compiles a copy of the
 * whole source tree, seconds of work, so it is here and not in test/unit (which keeps the refusals).
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { planNewRule, type Tree } from '../../scripts/new-rule';
import { idProblems, parseRuleIds, RULE_IDS_FILE } from '../../scripts/rule-ids';
import type { EditRule } from '../../src/core/edit/rule';
import type { CommandRule } from '../../src/core/rules/rule';
import type { CommandResult } from '../../src/core/types';
import type { EditResult } from '../../src/core/edit/types';
import { TEST_CONTEXT } from '../helpers/context';

const ROOT = path.resolve(__dirname, '..', '..');

function treeAt(root: string): Tree {
  return {
    read: (rel) => (existsSync(path.join(root, rel)) ? readFileSync(path.join(root, rel), 'utf8') : undefined),
    list: (rel) => (existsSync(path.join(root, rel)) && !rel.endsWith('.ts') ? readdirSync(path.join(root, rel)) : undefined),
  };
}

/* eslint-disable @typescript-eslint/no-require-imports */
describe('npm run new-rule', function () {
  this.timeout(60_000);
  let copy: string;

  before(() => {
    copy = mkdtempSync(path.join(os.tmpdir(), 'blast-radius-new-rule-'));
    cpSync(path.join(ROOT, 'src'), path.join(copy, 'src'), { recursive: true });
    mkdirSync(path.join(copy, 'docs'));
    cpSync(path.join(ROOT, RULE_IDS_FILE), path.join(copy, RULE_IDS_FILE));
    cpSync(path.join(ROOT, 'package.json'), path.join(copy, 'package.json'));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
    // The copy shares this process's shell grammar, which the root hook has loaded.
    const grammar = require.resolve(path.join(ROOT, 'src/core/shell/grammar.ts'));
    require(grammar);
    require.cache[path.join(copy, 'src/core/shell/grammar.ts')] = require.cache[grammar];
  });

  after(() => rmSync(copy, { recursive: true, force: true }));

  it('writes a command rule and an edit rule that compile, are registered, and pass their examples', () => {
    const command = planNewRule(treeAt(copy), 'command/git', 'push-mirror');
    for (const [rel, text] of Object.entries(command.writes)) writeFileSync(path.join(copy, rel), text);
    const edit = planNewRule(treeAt(copy), 'edit/terraform', 'lifecycle-ignore-changes');
    for (const [rel, text] of Object.entries(edit.writes)) writeFileSync(path.join(copy, rel), text);
    // The ids come after the highest of their prefixes in the ledger.
    const ledger = parseRuleIds(readFileSync(path.join(ROOT, RULE_IDS_FILE), 'utf8')).entries;
    const highest = (p: string): number => Math.max(...ledger.filter((e) => new RegExp(`^${p}\\d{3}$`).test(e.id)).map((e) => Number(e.id.slice(p.length))));
    assert.equal(command.id, `GIT${String(highest('GIT') + 1).padStart(3, '0')}`);
    assert.equal(edit.id, `TF${String(highest('TF') + 1).padStart(3, '0')}`);
    assert.deepEqual(Object.keys(command.writes).sort(), ['docs/rule-ids.md', 'src/core/rules/git/index.ts', 'src/core/rules/git/push-mirror.ts']);

    // It compiles, as strictly as the project's own sources.
    const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, strict: true, noUnusedLocals: true, noUnusedParameters: true, noImplicitOverride: true, esModuleInterop: true, skipLibCheck: true, resolveJsonModule: true, noEmit: true, types: [] };
    const roots = [command.file, 'src/core/rules/git/index.ts', edit.file, 'src/core/edit/rules/terraform/index.ts'].map((f) => path.join(copy, f));
    const program = ts.createProgram(roots, options);
    const errors = ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.relative(copy, d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    assert.deepEqual(errors, []);

    // Through the copy's registries and engines, the new rules fire on their examples and only there.
    const { COMMAND_RULES } = require(path.join(copy, 'src/core/rules/index.ts')) as { COMMAND_RULES: readonly CommandRule[] };
    const { EDIT_RULES } = require(path.join(copy, 'src/core/edit/rules/index.ts')) as { EDIT_RULES: readonly EditRule[] };
    const { evaluateCommand } = require(path.join(copy, 'src/core/engine.ts')) as { evaluateCommand: (line: string, opts: object) => CommandResult };
    const { evaluateEdit } = require(path.join(copy, 'src/core/edit/engine.ts')) as { evaluateEdit: (c: object, opts: object) => EditResult };
    const cmdRule = COMMAND_RULES.find((r) => r.id === command.id)!;
    assert.equal(cmdRule.name, 'push-mirror');
    const gitRules = COMMAND_RULES.filter((r) => r.category === 'git');
    assert.equal(gitRules[gitRules.length - 1], cmdRule, 'listed last in its pack');
    for (const ex of cmdRule.examples.fire) assert.ok(evaluateCommand(ex, { ctx: TEST_CONTEXT }).findings.some((f) => f.ruleId === cmdRule.id), `fires on ${ex}`);
    for (const ex of cmdRule.examples.pass) assert.ok(!evaluateCommand(ex, { ctx: TEST_CONTEXT }).findings.some((f) => f.ruleId === cmdRule.id), `silent on ${ex}`);
    const editRule = EDIT_RULES.find((r) => r.id === edit.id)!;
    assert.equal(editRule.name, 'lifecycle-ignore-changes');
    for (const ex of editRule.examples.fire) assert.ok(evaluateEdit(ex, { rules: [editRule] }).findings.some((f) => f.ruleId === editRule.id), `fires on ${ex.path}`);
    for (const ex of editRule.examples.pass) assert.ok(!evaluateEdit(ex, { rules: [editRule] }).findings.some((f) => f.ruleId === editRule.id), `silent on ${ex.path}`);

    // The ledger of the copy holds both ids as in use, and nothing else changed there.
    const copyLedger = parseRuleIds(readFileSync(path.join(copy, RULE_IDS_FILE), 'utf8'));
    assert.deepEqual(copyLedger.errors, []);
    assert.deepEqual(idProblems([...COMMAND_RULES, ...EDIT_RULES].map((r) => r.id), copyLedger.entries), []);
    assert.equal(copyLedger.entries.length, ledger.length + 2);
    // Its placeholders are there to be replaced: the registry test rejects them.
    assert.match(cmdRule.summary, /^TODO/);
    assert.match(editRule.alternative, /^TODO/);
  });

});
