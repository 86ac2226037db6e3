/**
 * `npm run new-rule` refuses what it cannot do, read from this checkout without writing anything.
 * What it writes is compiled and run on a copy of the sources in test/process/new-rule.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { planNewRule, type Tree } from '../../scripts/new-rule';

const ROOT = path.resolve(__dirname, '..', '..');

function treeAt(root: string): Tree {
  return {
    read: (rel) => (existsSync(path.join(root, rel)) ? readFileSync(path.join(root, rel), 'utf8') : undefined),
    list: (rel) => (existsSync(path.join(root, rel)) && !rel.endsWith('.ts') ? readdirSync(path.join(root, rel)) : undefined),
  };
}

describe('npm run new-rule', () => {
  it('refuses what it cannot do, and says why', () => {
    const tree = treeAt(ROOT);
    assert.throws(() => planNewRule(tree, 'git', 'x'), /usage: npm run new-rule -- <command\|edit>\/<pack> <name>/);
    assert.throws(() => planNewRule(tree, 'command/nope', 'x'), /no command pack "nope"; the packs are cloud, containers/);
    assert.throws(() => planNewRule(tree, 'command/git', 'Push_Mirror'), /kebab-case/);
    assert.throws(() => planNewRule(tree, 'command/git', 'reset-hard'), /src\/core\/rules\/git\/reset-hard\.ts exists already/);
    // A pack whose rules differ in category gets the usual one, and a note to choose.
    const generic = planNewRule(tree, 'edit/generic', 'big-binary');
    assert.match(generic.writes[generic.file], /TODO\(new rule\): the category; this pack's rules use filesystem, source, unanalyzable\.\n {2}category: 'unanalyzable',/);
  });
});
