import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generateDocs, README_END, README_START, RULES_DIR, spliceReadme, type DocCommandRule, type DocEditRule } from '../../scripts/docs-model';
import { EDIT_RULES } from '../../src/core/edit/rules/index';
import { COMMAND_RULES } from '../../src/core/rules/index';

const ROOT = path.resolve(__dirname, '..', '..');
const STALE = 'docs are stale: run npm run docs';

describe('generated docs', () => {
  const docs = generateDocs(COMMAND_RULES, EDIT_RULES);

  it('every rule page and the index on disk match the rule metadata', () => {
    const stale: string[] = [];
    for (const [rel, text] of Object.entries(docs.files)) {
      const file = path.join(ROOT, rel);
      if (!existsSync(file)) stale.push(`${rel} is missing`);
      else if (readFileSync(file, 'utf8') !== text) stale.push(`${rel} differs`);
    }
    for (const name of readdirSync(path.join(ROOT, RULES_DIR))) {
      if (!(`${RULES_DIR}/${name}` in docs.files)) stale.push(`${RULES_DIR}/${name} belongs to no rule`);
    }
    assert.deepEqual(stale, [], `${STALE}\n  ${stale.join('\n  ')}`);
  });

  it('the README rule table matches the rule metadata', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const next = spliceReadme(readme, docs.readmeBlock);
    assert.ok(next !== undefined, `README.md lost its ${README_START} … ${README_END} markers`);
    assert.ok(next === readme, STALE);
  });

  it('every rule has a page and a row in the README table', () => {
    for (const r of [...COMMAND_RULES, ...EDIT_RULES]) {
      assert.ok(`${RULES_DIR}/${r.id}.md` in docs.files, r.id);
      assert.ok(docs.readmeBlock.includes(`[${r.id}](${RULES_DIR}/${r.id}.md)`), r.id);
    }
  });

  it('is deterministic: input order does not change the output', () => {
    const again = generateDocs([...COMMAND_RULES].reverse(), [...EDIT_RULES].reverse());
    assert.deepEqual(again, docs);
  });
});

describe('docs model', () => {
  const cmd: DocCommandRule = {
    id: 'ZZ001',
    name: 'pipes-and-ticks',
    category: 'system',
    severity: 'high',
    triggers: [{ programs: ['a|b'], subcommands: ['x', '--y'] }, { programs: ['c'] }],
    summary: 'Catches `a | b`\nacross lines.',
    rationale: 'Because.',
    alternative: 'Do not.',
    examples: { fire: ['a | b x', 'echo ```'], pass: ['c'] },
  };
  const edit: DocEditRule = {
    id: 'ZZ002',
    name: 'edit',
    category: 'iac',
    severity: 'low',
    files: ['**/*.tf'],
    summary: 'An edit.',
    rationale: 'Because.',
    alternative: 'Do not.',
    examples: { fire: [{ path: 'main.tf', before: 'a\n', after: 'b\n' }, { path: 'gone.tf', before: 'x' }], pass: [{ path: 'new.tf', after: 'y' }] },
  };

  it('keeps table cells on one line and escapes pipes', () => {
    const { readmeBlock, files } = generateDocs([cmd], [edit]);
    assert.ok(readmeBlock.includes('| [ZZ001](docs/rules/ZZ001.md) | high | Catches `a \\| b` across lines. |'));
    assert.ok(files['docs/rules/ZZ001.md'].includes('| Triggers | `a\\|b` with `x` or `--y`; `c` |'));
  });

  it('fences grow past backtick runs in examples', () => {
    const page = generateDocs([cmd], []).files['docs/rules/ZZ001.md'];
    assert.ok(page.includes('````sh\na | b x\necho ```\n````'));
  });

  it('edit examples show before and after, new files and deletions', () => {
    const page = generateDocs([], [edit]).files['docs/rules/ZZ002.md'];
    assert.match(page, /1\. `main\.tf`\n\nBefore:\n\n```hcl\na\n```\n\nAfter:\n\n```hcl\nb\n```/);
    assert.match(page, /2\. `gone\.tf` \(deleted\)/);
    assert.match(page, /`new\.tf` \(new file\)\n\nContent:/);
  });

  it('shortens huge examples and writes control characters as escapes', () => {
    const big: DocEditRule = { ...edit, examples: { fire: [{ path: 'dump.sql', before: '', after: 'x'.repeat(100_000) }], pass: [{ path: 'a.png', before: '\u0089PNG\u0000', after: 'b' }] } };
    const page = generateDocs([{ ...cmd, examples: { fire: ['rm '.repeat(200)], pass: ['ls\nls'] } }], [big]).files;
    assert.ok(page['docs/rules/ZZ002.md'].length < 5000);
    assert.match(page['docs/rules/ZZ002.md'], /_Shortened here; the whole example is 100000 characters on 1 line\._/);
    assert.ok(page['docs/rules/ZZ002.md'].includes('\\u0089PNG\\u0000'));
    assert.ok(!page['docs/rules/ZZ002.md'].includes('\u0000'));
    assert.match(page['docs/rules/ZZ001.md'], /_Commands longer than 300 characters are shortened here\._/);
  });

  it('rejects duplicate ids', () => {
    assert.throws(() => generateDocs([cmd], [{ ...edit, id: 'ZZ001' }]), /duplicate rule id ZZ001/);
  });

  it('spliceReadme replaces only between the markers', () => {
    const readme = `# T\n\nintro\n${README_START}\nold\n${README_END}\nafter\n`;
    assert.equal(spliceReadme(readme, 'new\n'), `# T\n\nintro\n${README_START}\nnew\n${README_END}\nafter\n`);
    assert.equal(spliceReadme('# no markers', 'x'), undefined);
  });
});
