/**
 * The registries against the files and the id ledger: one rule per file, named after the rule;
 * each pack folder's index lists exactly its files' rules; every id is in docs/rule-ids.md, in
 * use, and no other rule's; a retired id never comes back.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { addRuleId, idProblems, nextId, parseRuleIds, RULE_IDS_FILE, type IdEntry } from '../../scripts/rule-ids';
import { exportName, PACK_MODULES, packFolders, RULE_ROOTS, ruleFiles, type RuleKind } from '../../scripts/rule-files';
import { EDIT_RULES } from '../../src/core/edit/rules/index';
import { COMMAND_RULES } from '../../src/core/rules/index';

const ROOT = path.resolve(__dirname, '..', '..');

interface AnyRule {
  id: string;
  name: string;
  summary: string;
  rationale: string;
  alternative: string;
  examples: unknown;
  check: unknown;
}

function isRule(v: unknown): v is AnyRule {
  return !!v && typeof v === 'object' && typeof (v as AnyRule).id === 'string' && typeof (v as AnyRule).check === 'function' && !!(v as AnyRule).examples;
}

function exportsOf(file: string): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(ROOT, file)) as Record<string, unknown>;
}

/** The rules a pack's index lists: a RulePack's rules, or an array of edit rules. */
function listedBy(index: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  for (const v of Object.values(index)) {
    if (Array.isArray(v)) out.push(...v);
    else if (v && typeof v === 'object' && Array.isArray((v as { rules?: unknown }).rules)) out.push(...(v as { rules: unknown[] }).rules);
  }
  return out;
}

const REGISTRY: Readonly<Record<RuleKind, readonly AnyRule[]>> = { command: COMMAND_RULES, edit: EDIT_RULES };

describe('one rule per file', () => {
  for (const kind of ['command', 'edit'] as const) {
    it(`${kind} rules: each file under ${RULE_ROOTS[kind]}/<pack>/ holds one rule named as the file, and each index lists its folder's rules`, () => {
      const fromFiles: AnyRule[] = [];
      const problems: string[] = [];
      for (const pack of packFolders(ROOT, kind)) {
        const dir = `${RULE_ROOTS[kind]}/${pack}`;
        if (!existsSync(path.join(ROOT, dir, 'index.ts'))) {
          problems.push(`${dir} has no index.ts listing its rules`);
          continue;
        }
        const inFolder: AnyRule[] = [];
        for (const file of ruleFiles(ROOT, kind, pack)) {
          const rules = Object.entries(exportsOf(file)).filter(([, v]) => isRule(v)) as [string, AnyRule][];
          const base = path.basename(file, '.ts');
          if (rules.length !== 1) problems.push(`${file} exports ${rules.length} rules; a rule file holds exactly one (shared code goes into ${dir}/helpers.ts)`);
          else if (rules[0][1].name !== base) problems.push(`${file} holds ${rules[0][1].id} ${rules[0][1].name}; the file is named after its rule: ${rules[0][1].name}.ts`);
          else if (rules[0][0] !== exportName(base)) problems.push(`${file} exports its rule as ${rules[0][0]}; call it ${exportName(base)}`);
          else inFolder.push(rules[0][1]);
        }
        for (const m of PACK_MODULES) {
          const file = `${dir}/${m}`;
          if (m === 'helpers.ts' && !existsSync(path.join(ROOT, file))) continue;
          const stray = Object.values(exportsOf(file)).filter(isRule);
          if (stray.length) problems.push(`${file} defines ${stray.map((r) => r.id).join(', ')}; each rule has a file of its own`);
        }
        const listed = listedBy(exportsOf(`${dir}/index.ts`));
        const missing = inFolder.filter((r) => !listed.includes(r)).map((r) => r.id);
        const foreign = listed.filter((r) => !inFolder.includes(r as AnyRule)).map((r) => (r as AnyRule).id);
        if (missing.length) problems.push(`${dir}/index.ts does not list ${missing.join(', ')}`);
        if (foreign.length) problems.push(`${dir}/index.ts lists ${foreign.join(', ')}, which live${foreign.length === 1 ? 's' : ''} elsewhere`);
        fromFiles.push(...inFolder);
      }
      // Modules beside the packs (helpers, the registry) define no rules of their own.
      for (const f of readdirSync(path.join(ROOT, RULE_ROOTS[kind])).filter((x) => x.endsWith('.ts'))) {
        const stray = Object.entries(exportsOf(`${RULE_ROOTS[kind]}/${f}`)).filter(([, v]) => isRule(v));
        if (stray.length) problems.push(`${RULE_ROOTS[kind]}/${f} defines ${stray.map(([, r]) => (r as AnyRule).id).join(', ')}; rules live in their pack's folder`);
      }
      const registry = REGISTRY[kind];
      for (const r of registry) if (!fromFiles.includes(r)) problems.push(`${r.id} is in the registry but in no rule file`);
      for (const r of fromFiles) if (!registry.includes(r)) problems.push(`${r.id} (${r.name}) has a file but the registry does not list its pack`);
      assert.deepEqual(problems, []);
    });
  }

  it('no rule still carries the placeholders of npm run new-rule', () => {
    const left = [...COMMAND_RULES, ...EDIT_RULES].filter((r) => [r.summary, r.rationale, r.alternative].some((t) => t.startsWith('TODO'))).map((r) => r.id);
    assert.deepEqual(left, [], 'fill in summary, rationale and alternative (and the examples and check) before committing');
  });
});

describe('rule ids', () => {
  const ledger = parseRuleIds(readFileSync(path.join(ROOT, RULE_IDS_FILE), 'utf8'));
  const entry = (id: string, state: IdEntry['state'] = 'in use', note = ''): IdEntry => ({ id, state, note });

  it(`${RULE_IDS_FILE} is well formed`, () => {
    assert.deepEqual(ledger.errors, []);
    assert.ok(ledger.entries.length >= COMMAND_RULES.length + EDIT_RULES.length);
  });

  it(`every rule's id is its own, in use in ${RULE_IDS_FILE}, and every id in use there has a rule`, () => {
    assert.deepEqual(idProblems([...COMMAND_RULES, ...EDIT_RULES].map((r) => r.id), ledger.entries), []);
  });

  it('fails on a reused id, a retired id come back, an unlisted id and a rule removed without retiring its id', () => {
    const entries = [entry('FS001'), entry('FS002'), entry('FS003', 'retired', 'split into FS001 and FS002'), entry('GIT001')];
    assert.deepEqual(idProblems(['FS001', 'FS002', 'GIT001'], entries), []);
    assert.match(idProblems(['FS001', 'FS002', 'GIT001', 'FS001'], entries).join('\n'), /FS001 is the id of two rules/);
    assert.match(idProblems(['FS001', 'FS002', 'GIT001', 'FS003'], entries).join('\n'), /FS003 was retired \(split into FS001 and FS002\); an id never comes back/);
    assert.match(idProblems(['FS001', 'FS002', 'GIT001', 'FS004'], entries).join('\n'), /FS004 is not in docs\/rule-ids\.md/);
    assert.match(idProblems(['FS001', 'FS002'], entries).join('\n'), /GIT001 is "in use" in docs\/rule-ids\.md but no rule has it/);
    // The real rules, with one rule's id given to another: the check fails on the registry too.
    const ids = [...COMMAND_RULES, ...EDIT_RULES].map((r) => r.id);
    assert.notDeepEqual(idProblems([...ids.slice(1), ids[2]], ledger.entries), []);
  });

  it('reads the ledger strictly: a row twice, an unknown state or a retired id without a note is an error', () => {
    const head = '| Id | State | Note |\n|---|---|---|\n';
    assert.deepEqual(parseRuleIds(`${head}| FS001 | in use | |\n| FS002 | retired | gone with rimraf support |\n`).entries, [entry('FS001'), entry('FS002', 'retired', 'gone with rimraf support')]);
    assert.match(parseRuleIds(`${head}| FS001 | in use | |\n| FS001 | in use | |\n`).errors.join(), /FS001 is listed twice/);
    assert.match(parseRuleIds(`${head}| FS001 | removed | |\n`).errors.join(), /state "removed"/);
    assert.match(parseRuleIds(`${head}| FS001 | retired | |\n`).errors.join(), /needs a note/);
    assert.match(parseRuleIds(`${head}| fs1 | in use | |\n`).errors.join(), /not an id/);
  });

  it('the next id of a prefix is one past the highest ever used, retired ones included', () => {
    const entries = [entry('FS001'), entry('FS009', 'retired', 'x'), entry('FSX001'), entry('GIT013')];
    assert.equal(nextId('FS', entries), 'FS010');
    assert.equal(nextId('GIT', entries), 'GIT014');
    assert.equal(nextId('NEW', entries), 'NEW001');
    const text = '| Id | State | Note |\n|---|---|---|\n| FS001 | in use | |\n| GIT001 | in use | |\n';
    assert.equal(addRuleId(text, 'FS002'), '| Id | State | Note |\n|---|---|---|\n| FS001 | in use | |\n| FS002 | in use | |\n| GIT001 | in use | |\n');
    assert.equal(addRuleId(text, 'SYS001'), `${text.trimEnd()}\n| SYS001 | in use | |\n`);
    assert.throws(() => addRuleId(text, 'FS001'), /already/);
  });
});
