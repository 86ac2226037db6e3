/**
 * Lines of plain words are read without tree-sitter (src/core/shell/plain-line.ts), so a one-shot
 * CLI run need not load the grammar for them. That is only sound if the tree built for them is
 * the one tree-sitter builds: checked here on generated lines and on every corpus line, and the
 * engine's answers without the grammar are checked against its answers with it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { evaluateCommand, needsShellGrammar } from '../../src/core/engine';
import { bashParser } from '../../src/core/shell/grammar';
import { plainTree, plainWords } from '../../src/core/shell/plain-line';
import { TEST_CONTEXT } from '../helpers/context';
import { loadCorpus } from './corpus.test';

interface TreeNode {
  type: string;
  startIndex: number;
  endIndex: number;
  namedChildren: (TreeNode | null)[];
  childCount?: number;
  childForFieldName(name: string): TreeNode | null;
}

/** Types, ranges, the command's name field, and (for tree-sitter's tree) no anonymous tokens. */
function shape(n: TreeNode): string {
  const kids = n.namedChildren.filter((c): c is TreeNode => !!c);
  const anonymous = n.childCount !== undefined && n.childCount !== kids.length ? '+anonymous' : '';
  const name = n.type === 'command' ? `{name@${n.childForFieldName('name')?.startIndex}}` : '';
  return `${n.type}[${n.startIndex},${n.endIndex}]${name}${anonymous}(${kids.map(shape).join(' ')})`;
}

function realShape(text: string): string {
  const tree = bashParser()!.parse(text)!;
  try {
    return shape(tree.rootNode) + (tree.rootNode.hasError ? ' has-error' : '');
  } finally {
    tree.delete();
  }
}

/** Words that are plain but special to bash somewhere, and everyday ones. */
const VOCABULARY = [
  'terraform', 'destroy', '-auto-approve', 'rm', '-rf', '~', '~/x', '~root', 'a~b', 'x=y', 'a+=b', '=', '==', '=~', ':=', '-1', '0', '007',
  '0x1F', '0x12', '-0x1', '1-2', '10.5', '1e5', '-', '--', '--force=yes', ':', '%1', '^a', '^', '@', '@b', '+c', ',e', 'if', 'then', 'else',
  'elif', 'fi', 'case', 'esac', 'for', 'in', 'do', 'done', 'while', 'until', 'select', 'function', 'time', 'coproc', 'declare', 'typeset',
  'export', 'readonly', 'local', 'unset', 'unsetenv', 'test', '-eq', '-f', '-a', '-o', 'A', 'E', 'K', 'L', 'P', 'Q', 'U', 'a', 'k', 'u',
  'git', 'push', '--force', 'origin', 'main', 'kubectl', 'delete', 'ns', 'prod', './x', '../y', '/etc', 'http://h:80/p', 'user@host', '1',
  '12', '-9', 'x.', '.x', '..', '.', 'g++', 'docker-compose', 'python3.11', '/usr/bin/rm',
];
const WORD_CHARS = 'aZ09_./:@%+,=~^-'.split('');

const word = fc.oneof(fc.constantFrom(...VOCABULARY), fc.string({ unit: fc.constantFrom(...WORD_CHARS), minLength: 1, maxLength: 6 }));
const blank = fc.constantFrom(' ', '  ', '\t', ' \t');
const line = fc
  .tuple(fc.constantFrom('', ' ', '\t'), fc.array(fc.tuple(word, blank), { minLength: 1, maxLength: 6 }), fc.constantFrom('', ' ', '\t '))
  .map(([lead, words, trail]) => lead + words.map(([w, b], i) => (i ? b : '') + w).join('') + trail);

describe('plain lines without the grammar', () => {
  it('builds the tree tree-sitter builds, or none', () => {
    let plain = 0;
    fc.assert(
      fc.property(line, (l) => {
        const fake = plainTree(l);
        if (!fake) return;
        plain++;
        assert.equal(shape(fake.rootNode as unknown as TreeNode), realShape(l), JSON.stringify(l));
      }),
      { numRuns: 20_000 },
    );
    assert.ok(plain > 2_000, `only ${plain} generated lines were plain`);
  });

  it('builds the tree tree-sitter builds for every plain corpus line', () => {
    let plain = 0;
    for (const c of loadCorpus()) {
      const fake = plainTree(c.cmd);
      if (!fake) continue;
      plain++;
      assert.equal(shape(fake.rootNode as unknown as TreeNode), realShape(c.cmd), `${c.file}:${c.line} ${c.cmd}`);
    }
    assert.ok(plain >= 100, `only ${plain} corpus lines are plain`);
  });

  it('takes only plain words', () => {
    assert.deepEqual(plainWords(' terraform  destroy\t-auto-approve '), [
      { start: 1, end: 10 },
      { start: 12, end: 19 },
      { start: 20, end: 33 },
    ]);
    for (const l of ['', '  ', 'rm -rf "$x"', 'ls | sh', 'a=b cmd', 'x@y cmd', '-x y', 'if x', 'echo a;b', 'ls *', 'ls\nrm', 'echo $x', 'ls # c', 'ls \\x', 'echo ==', 'export A', 'ls\r', `ls ${'a'.repeat(5000)}`]) {
      assert.equal(plainWords(l), undefined, JSON.stringify(l));
    }
  });

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

  it('needs the grammar only when it is missing', () => {
    // Loaded for the unit tests, so nothing needs it here; the process above covers the rest.
    assert.equal(needsShellGrammar('rm -rf "$x" | sh'), false);
  });
});
