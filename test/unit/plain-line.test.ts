/**
 * Plain command lines are read without tree-sitter (src/core/shell/plain-line.ts), so a one-shot
 * CLI run need not load the grammar for them. That is only sound if the tree built for them is
 * the one tree-sitter builds: checked here on generated lines and on every corpus line (the
 * engine's answers in a process without the grammar are test/process/plain-line.test.ts's).
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { needsShellGrammar } from '../../src/core/engine';
import { bashParser } from '../../src/core/shell/grammar';
import { plainTree } from '../../src/core/shell/plain-line';
import { loadCorpus } from '../helpers/corpus';

interface TreeNode {
  type: string;
  isNamed: boolean;
  startIndex: number;
  endIndex: number;
  children: (TreeNode | null)[];
  fieldNameForChild(index: number): string | null;
}

/** Every node, named or not: type, range, and the field name it has in its parent. */
function shape(n: TreeNode): string {
  const kids = n.children.filter((c): c is TreeNode => !!c);
  const inner = kids.map((k, i) => `${n.fieldNameForChild(i) ? `${n.fieldNameForChild(i)}:` : ''}${shape(k)}`);
  return `${n.isNamed ? n.type : JSON.stringify(n.type)}[${n.startIndex},${n.endIndex}]${kids.length ? `(${inner.join(' ')})` : ''}`;
}

function realShape(text: string): string {
  const tree = bashParser()!.parse(text)!;
  try {
    return shape(tree.rootNode) + (tree.rootNode.hasError ? ' has-error' : '');
  } finally {
    tree.delete();
  }
}

const fakeShape = (text: string): string | undefined => {
  const fake = plainTree(text);
  return fake && shape(fake.rootNode);
};

/** Words that are plain but special to bash somewhere, and everyday ones. */
const VOCABULARY = [
  '$A', '${A}', '$A_b', '$1', '$', '$_', '${A', '$A$B', 'a$A', '$A-1', '${A}1', '$A.b', '*', '**', '*.ts', 'a?b', '-*', '?', '*=1', 'terraform', 'destroy', '-auto-approve', 'rm', '-rf', '~', '~/x', '~root', 'a~b', 'x=y', 'a+=b', '=', '==', '=~', ':=', '-1', '0', '007',
  '0x1F', '0x12', '-0x1', '1-2', '10.5', '1e5', '-', '--', '--force=yes', '--m=', ':', '%1', '^a', '^', '@', '@b', '+c', ',e', 'if', 'then',
  'else', 'elif', 'fi', 'case', 'esac', 'for', 'in', 'do', 'done', 'while', 'until', 'select', 'function', 'time', 'coproc', 'declare',
  'typeset', 'export', 'readonly', 'local', 'unset', 'unsetenv', 'test', '-eq', '-f', '-a', '-o', 'A', 'E', 'K', 'L', 'P', 'Q', 'U', 'a', 'k',
  'u', 'git', 'push', '--force', 'origin', 'main', 'kubectl', 'delete', 'ns', 'prod', './x', '../y', '/etc', 'http://h:80/p', 'user@host',
  '1', '12', '-9', 'x.', '.x', '..', '.', 'g++', 'docker-compose', 'python3.11', '/usr/bin/rm',
];
const PROGRAMS = ['rm', 'git', 'terraform', 'echo', 'a', '1', '9', '.', './x', '/bin/rm', 'g-1', 'time', 'test', 'if', 'export', 'in', 'done', '-x', '~/bin/x', 'a=b'];
const WORD_CHARS = 'aZ09_./:@%+,=~^-*?'.split('');
const QUOTED_CHARS = ['a', 'b', ' ', ' ', '$A', '${B}', '$A ', ' $B', '\t', '!', '#', '{', '}', '*', '?', '<', '>', '|', '&', ';', '(', ')', "'", '"', '~', '=', '-', '[', ']', '%', '^', ',', '$', '`', '\\'];

/** Generated lines per property: a few seconds here; `PLAIN_LINE_RUNS=1000000` during development. */
const RUNS = Number(process.env.PLAIN_LINE_RUNS) || 0;

const unquoted = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...VOCABULARY) }, { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...WORD_CHARS), minLength: 1, maxLength: 5 }) });
const quoted = (q: string) => fc.string({ unit: fc.constantFrom(...QUOTED_CHARS.filter((c) => c !== q)), maxLength: 5 }).map((t) => `${q}${t}${q}`);
const blank = fc.constantFrom(' ', '  ', '\t');
const ASSIGNMENTS = ['A=b ', 'A= ', 'A="x y" ', "A='x' ", 'A=$B ', 'A=1 ', 'A=-1 ', '_=x ', 'A_1=b:c ', 'A=b=c ', 'A+=b ', 'A=b"c"$D ', 'A=${B}x ', '1A=b ', 'A=~/x ', 'A=*.x ', 'A=$(b) ', 'A="$(b c)" '];
const assignment = fc.oneof(fc.constantFrom(...ASSIGNMENTS), fc.constant(''), fc.constant(''));
const operator = fc.constantFrom(
  '&&', '||', '|', ';', ' && ', ' || ', ' | ', '; ', ' ;', ' & ', '|&', ';;', '\n',
  ' > f && ', ' 2>&1 | ', ' >>log; ', ' < in | ', ' &> f || ', ' 2>/dev/null && ', ' 1>f 2>&1; ', ' > "$A" && ', ' >| f;', ' <<< s |', ' >f x |',
  ' 2 > f &&', ' >&2 |', ' >& f |', ' <(x) |', ' > ;', ' 10>f |', ' - 2>&1 |', ' > $(f) &&', ' > "$(f)" |',
);

/** Mostly the usual values, sometimes one that should send the line to the parser. */
const mostly = <T>(usual: T[], odd: T[], weight = 4): fc.Arbitrary<T> => fc.oneof({ weight, arbitrary: fc.constantFrom(...usual) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });

/** `$(` and `)` as written, or broken. */
const OPEN = ['$(', '$(', '$(', '$( ', '$(\t', '$((', '$ (', '"$('];
const CLOSE = [')', ')', ')', ' )', '\t)', '', '))', '\n)', ';)', ' ;)', '&)'];

/** Lines of commands; words may hold `$(…)` (down to `depth` levels) with lines inside. */
function lineOf(depth: number): fc.Arbitrary<string> {
  const substitution: fc.Arbitrary<string> =
    depth > 0
      ? fc.tuple(fc.constantFrom(...OPEN), fc.oneof({ weight: 1, arbitrary: fc.constantFrom('', ' ') }, { weight: 8, arbitrary: lineOf(depth - 1) }), fc.constantFrom(...CLOSE)).map(([o, l, c]) => o + l + c)
      : fc.constant('$A');
  const inDouble = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUOTED_CHARS.filter((c) => c !== '"')) }, { weight: 1, arbitrary: substitution }), { maxLength: 4 }).map((a) => `"${a.join('')}"`);
  const word = fc.array(fc.oneof({ weight: 3, arbitrary: unquoted }, { weight: 1, arbitrary: inDouble }, { weight: 1, arbitrary: quoted("'") }, { weight: depth > 0 ? 1 : 0, arbitrary: substitution }), { minLength: 1, maxLength: 3 }).map((a) => a.join(''));
  const programWord = fc.oneof({ weight: 6, arbitrary: fc.oneof(fc.constantFrom(...PROGRAMS), fc.string({ unit: fc.constantFrom(...'aZ09_./-'.split('')), minLength: 1, maxLength: 4 })) }, { weight: 1, arbitrary: word });
  const program = fc.tuple(assignment, assignment, programWord).map(([a, b, p]) => a + b + p);
  const command = fc.tuple(program, fc.array(fc.tuple(blank, word), { maxLength: 4 })).map(([p, rest]) => p + rest.map(([b, w]) => b + w).join(''));
  return fc
    .tuple(
      mostly(['', ' ', '\t'], ['\n'], 20),
      fc.array(fc.tuple(command, operator), { minLength: 1, maxLength: depth > 0 ? 3 : 4 }),
      mostly(['', ' ', '\t ', ';', ' &&', ' > out', ' 2>&1', ' >>$LOG'], ['\n', ' \n', '\n\n', '\n ', ';\n', ' &&\n', ' 2>&1\n'], 3),
    )
    .map(([lead, parts, trail]) => lead + parts.map(([c, o], i) => (i ? o : '') + c).join('') + trail);
}

/** Heredocs: the commit idiom inside `$(…)` inside quotes, `cat <<'EOF' > file`, and broken ones. */
const bodyUnit = mostly(
  ['a', 'b', ' ', '\t', 'Fix the build', 'EOF:', 'XEOF', 'E', 'OF', ')', '(', '"', "'", '$(id)', '$x', '${x}', '`id`', '#', 'é', '🤖', '<<', ';', '&&', '|', '{', '}', '-', ':'],
  ['EOF', ' EOF', 'EOF ', 'EOFX', '\\', '\r', '\u00a0', '\u0000', '\u2003', '\u000b'],
  20,
);
const bodyLine = fc.array(bodyUnit, { maxLength: 5 }).map((a) => a.join(''));
const body = fc.array(bodyLine, { maxLength: 4 }).map((ls) => ls.map((l) => `${l}\n`).join(''));
/** The delimiter word after `<<`, and the line that should end the body. */
const delimiter = mostly<[string, string]>(
  [["'EOF'", 'EOF'], ["'E_1'", 'E_1'], ["'x'", 'x'], ['"EOF"', 'EOF'], ['EOF', 'EOF'], ['E2', 'E2']],
  [['"EOF\'', 'EOF'], ['EOF"', 'EOF'], ["'EOF'x", 'EOF'], ['EOF-', 'EOF-'], ['"EOF"x', 'EOF'], ['E"O"F', 'EOF'], ["'EOF'", 'EOFX'], ["'E F'", 'E F'], ["'1'", '1'], ["''", ''], ["'EOF'", ' EOF'], ["'EOF'", 'EOF '], ["'EOF'", '\tEOF'], ["'EOF'", 'EO']],
);
const heredocCommand = fc
  .tuple(
    mostly(['', '', 'a && ', 'cd x; ', 'a | '], ['a | b | ', 'a || ', 'a > f && ', 'x $(y) | ']),
    mostly(['cat', 'tee f', 'bash', 'A=1 cat', 'cat -', 'git commit -F -', 'x a$(b)'], ['"cat"', 'if']),
    mostly(['', '', ' > f', ' 2>/dev/null'], [' 2>&1', ' <f']),
    mostly([' <<', '<<'], [' << ', ' <<-', ' 0<<', ' <<<', ' 2<<', ' &<<']),
    delimiter,
    mostly(['', '', ' > file.txt', ' >f 2>&1', ' '], [' | sh', ' && echo done', ' ;', ' $(x)', ' x', ' <<\'B\'', ' "$(x)"', ' > $(x)']),
    body,
    mostly(['\n'], ['', '\r\n', '\n\n', ' \n']),
  )
  .map(([pre, cmd, before, op, [start, end], after, b, close]) => ({ head: `${pre}${cmd}${before}${op}${start}${after}\n${b}`, end, close }));
const heredocLine = fc
  .tuple(
    heredocCommand,
    fc.constantFrom('top', 'top', 'commit', 'commit', 'commit', 'bare'),
    mostly(['', '', 'cd app && ', 'git add -A && '], ['a | ', 'x "$(y)" && ', 'a; ', 'a || ']),
    mostly([')'], ['  )', '\t)', '', '\n)', ') x', '))']),
    mostly(['', '', '\n', ' && git push', ' '], ['\n\n', ';', ' | x', '\nx', ' > f', ' 2>&1', ' x']),
  )
  .map(([h, where, lead, closeParen, trail]) => {
    const heredoc = `${h.head}${h.end}`;
    if (where === 'top') return `${lead}${heredoc}${trail}`;
    const sub = `$(${heredoc}${h.close}${closeParen}`;
    return where === 'commit' ? `${lead}git commit -m "${sub}"${trail}` : `${lead}git commit -m ${sub}${trail}`;
  });

const SEED = 20261123;

/** Every line `arb` makes that plain-line reads gets tree-sitter's tree; enough of them are plain. */
function sameTreeOrNone(arb: fc.Arbitrary<string>, runs: number, minPlain: number): void {
  let plain = 0;
  fc.assert(
    fc.property(arb, (l) => {
      const fake = fakeShape(l);
      if (fake === undefined) return;
      plain++;
      assert.equal(fake, realShape(l), JSON.stringify(l));
    }),
    // The committed runs use a fixed seed, so CI sees the same lines every time; PLAIN_LINE_RUNS explores new ones.
    RUNS ? { numRuns: RUNS } : { numRuns: runs, seed: SEED },
  );
  if (RUNS) console.log(`      ${RUNS} generated, ${plain} plain, no difference`);
  assert.ok(plain >= minPlain * ((RUNS || runs) / runs), `only ${plain} generated lines were plain`);
}

describe('plain lines without the grammar', () => {
  it('builds the tree tree-sitter builds, or none', () => {
    sameTreeOrNone(lineOf(0), 20_000, 1_500);
  });

  it('builds the tree tree-sitter builds for $(…), nested and in double quotes, or none', () => {
    sameTreeOrNone(lineOf(2), 5_000, 200);
  });

  it("builds the tree tree-sitter builds for heredocs with a literal body (git commit -m \"$(cat <<'EOF' …)\"), or none", () => {
    sameTreeOrNone(heredocLine, 10_000, 300);
  });

  it('builds the tree tree-sitter builds for every plain corpus line', () => {
    let plain = 0;
    for (const c of loadCorpus()) {
      const fake = fakeShape(c.cmd);
      if (fake === undefined) continue;
      plain++;
      assert.equal(fake, realShape(c.cmd), `${c.file}:${c.line} ${c.cmd}`);
    }
    assert.ok(plain >= 200, `only ${plain} corpus lines are plain`);
  });

  it("takes words, simple quotes, $NAME, NAME=value before a command, trailing redirections, && || | ; between commands, $(…) and <<'EOF' heredocs", () => {
    for (const l of [
      ' terraform  destroy\t-auto-approve ',
      'git commit -m "fix the build: it\'s red"',
      "grep -rn 'a|b' src && echo done || true",
      'ls -la | head -5; npm test',
      'rm -rf build/* ./*.log a?b',
      'rm -rf "$OUT/cache" ${TMP}/x $HOME',
      'npm publish --tag "$TAG" 2>&1 | tail -5',
      'cd app && terraform apply -auto-approve > plan.log 2>&1',
      'NODE_ENV=production CI= npm publish --access=public',
      'kubectl delete ns "prod" --context=\'eu\'',
      'x --m="a b"c\'d\'',
      'git push --force origin $(git branch --show-current)',
      'git push origin "$(git branch --show-current)" && echo "pushed $(git rev-parse --short HEAD) to ${REMOTE}"',
      'kubectl delete pod $(kubectl get pods -l app=$(cat app.txt) -o name | head -1)',
      ["git commit -m \"$(cat <<'EOF'", 'Fix the build', '', '🤖 Generated with [Claude Code](https://claude.com/claude-code)', 'EOF', ')" && git push'].join('\n'),
      ["cat <<'EOF' > notes.md", '# Notes: $HOME is `pwd`', 'EOF'].join('\n'),
      ["cat > f <<'EOF' 2>/dev/null", '', '  a', 'EOF', ''].join('\n'),
      'cat <<"EOF"\na $b `c`\nEOF',
      'cat <<EOF > notes.md\nrm -rf /\nEOF',
      'ls -la\n',
    ]) {
      assert.ok(fakeShape(l), l);
      assert.equal(fakeShape(l), realShape(l), l);
    }
    for (const l of [
      '', '  ', 'rm -rf "$1"', 'echo `id`', 'echo "a\\"b"', 'a=(b) cmd', 'x@y cmd', '-x y', 'if x', '"rm" -rf /', '*.sh', 'ls @(a)', 'ls\nrm', 'echo $?',
      'ls # c', 'ls \\x', 'echo ==', 'export A', 'ls\r', 'a &', 'a & b', 'a |& b', 'a ;; b', 'a;', '; a', 'a && ', 'a | b | c && d', 'ls > f x',
      'cat <<EOF', 'cat <<< s', 'x >| f', 'x >(y)', 'x <(y)', 'x >&f', 'x - 2>&1', 'echo $1', 'echo $@', 'echo $_', 'echo ${A:-b}', 'echo a"b"$C.d', '> f', 'A=b', 'A+=b cmd', '_=x cmd', 'A=(1 2) cmd',
      'echo "unterminated', "echo 'é'", `ls ${'a'.repeat(5000)}`,
      'echo $()', 'echo $( )', 'echo $(a', 'echo "$(a"', 'echo $((1+2))', 'echo $(a;)', '$(a) b', 'echo $($(a))', 'echo $(a\nb)', 'echo $(a $(b $(c $(d $(e)))))', 'echo $(a) > $(b)',
      'cat <<EOF\n$x\nEOF', 'cat <<EOF\na$b\nEOF', 'cat <<EOF\na`b`\nEOF', "cat << 'EOF'\na\nEOF", "cat <<-'EOF'\na\nEOF", "cat <<'EOF'\na", "cat <<'EOF'\nEOFX\nEOF", "cat <<'EOF'\na\\b\nEOF",
      "cat <<'EOF' | sh\nrm -rf /\nEOF", "cat <<'EOF' && rm x\na\nEOF", "cat <<'EOF'\na\nEOF\nrm -rf /", "cat <<'A' <<'B'\na\nA\nb\nB", "echo \"$(cat <<'EOF'\na\nEOF)\"",
    ]) {
      assert.equal(plainTree(l), undefined, JSON.stringify(l));
    }
  });

  it('needs the grammar only when it is missing', () => {
    // Loaded for the unit tests, so nothing needs it here; test/process/plain-line.test.ts covers the rest.
    assert.equal(needsShellGrammar('rm -rf "$x" | sh'), false);
  });
});
