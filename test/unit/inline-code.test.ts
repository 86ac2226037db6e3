import assert from 'node:assert/strict';
import { evaluateCommand, useFollowing } from '../../src/core/engine';
import { FOLLOWING } from '../../src/core/follow/index';
import { chainText } from '../../src/core/follow/chain';
import { inlineCodeOf, languageOfProgram, lineSpan } from '../../src/core/shell/inline-code';
import { extractCommands } from '../../src/core/shell/extract';
import type { Word } from '../../src/core/shell/model';
import type { Decision } from '../../src/core/types';
import { TEST_CONTEXT } from '../helpers/context';

const judge = (cmd: string): { decision: Decision; rules: string[]; messages: string[]; steps: string[] } => {
  const r = evaluateCommand(cmd, { ctx: TEST_CONTEXT });
  return { decision: r.decision, rules: r.findings.map((f) => f.ruleId), messages: r.findings.map((f) => f.message), steps: r.findings.flatMap((f) => (f.via ?? []).map((s) => `${s.file}:${s.line}: ${s.text}`)) };
};

describe('inline interpreter code is read like a script', () => {
  const table: { cmd: string; expect: Decision; rule?: string; line?: string }[] = [
    // Code fed on stdin: a heredoc, quoted or not, with `-` or without.
    { cmd: `python3 - <<'EOF'\nimport shutil\nshutil.rmtree("src")\nEOF`, expect: 'gate', rule: 'FS001', line: '(inline code):2: shutil.rmtree("src")' },
    { cmd: `python3 <<EOF\nimport os\nos.system("rm -rf ~")\nEOF`, expect: 'gate', rule: 'FS001', line: '(inline code):2: os.system("rm -rf ~")' },
    { cmd: `cd /tmp && node <<'JS'\nrequire('fs').rmSync(require('os').homedir(), { recursive: true })\nJS`, expect: 'gate', rule: 'FS001' },
    { cmd: `ruby <<'RB'\nrequire 'fileutils'\nFileUtils.rm_rf(File.join(Dir.home, '.ssh'))\nRB`, expect: 'gate', rule: 'FS001' },
    { cmd: `perl - <<'PL'\nuse File::Path;\nrmtree("$ENV{HOME}/.aws");\nPL`, expect: 'gate', rule: 'FS001' },
    { cmd: `python3 <<< 'import shutil; shutil.rmtree("/etc")'`, expect: 'gate', rule: 'FS001' },
    // Code piped in.
    { cmd: `echo 'import shutil; shutil.rmtree("src")' | python3`, expect: 'gate', rule: 'FS001' },
    { cmd: `cat <<'EOF' | node\nrequire('child_process').execSync('git reset --hard')\nEOF`, expect: 'gate', rule: 'GIT001' },
    { cmd: `printf 'import os\\nos.remove(".env")\\n' | python3 -`, expect: 'warn', rule: 'FS002' },
    { cmd: `echo aW1wb3J0IHNodXRpbDsgc2h1dGlsLnJtdHJlZSgic3JjIik= | base64 -d | python3`, expect: 'gate', rule: 'FS001' },
    // Code in arguments, with options before it.
    { cmd: `python3 -c "import subprocess; subprocess.run(['rm', '-rf', 'src'])"`, expect: 'gate', rule: 'FS001' },
    { cmd: `python3 -I -W ignore -c "import shutil; shutil.rmtree('/var/lib')"`, expect: 'gate', rule: 'FS001' },
    { cmd: `python -Bc "import os; os.system('git push --force')"`, expect: 'warn', rule: 'GIT004' },
    { cmd: `node --input-type=module -e "import { rmSync } from 'node:fs'; rmSync('src', { recursive: true })"`, expect: 'gate', rule: 'FS001' },
    { cmd: `node -p "require('fs').rmSync('/etc', {recursive: true})"`, expect: 'gate', rule: 'FS001' },
    { cmd: `ruby -rfileutils -e 'FileUtils.rm_rf("src")'`, expect: 'gate', rule: 'FS001' },
    { cmd: `ruby -e 'require "fileutils"' -e 'FileUtils.rm_rf(Dir.home)'`, expect: 'gate', rule: 'FS001' },
    { cmd: `perl -MFile::Path=rmtree -e 'rmtree("src")'`, expect: 'gate', rule: 'FS001' },
    { cmd: `perl -le 'system("rm -rf ~")'`, expect: 'gate', rule: 'FS001' },
    { cmd: `deno eval "await Deno.remove('src', { recursive: true })"`, expect: 'gate', rule: 'FS001' },
    { cmd: `bun -e "Bun.spawnSync(['git', 'clean', '-fdx'])"`, expect: 'gate', rule: 'GIT002' },
    { cmd: `tsx -e "import { rmSync } from 'fs'; rmSync('/var/www', { recursive: true })"`, expect: 'gate', rule: 'FS001' },
    // Look-alikes that must stay quiet.
    { cmd: `python3 -c "print('rm -rf /')"`, expect: 'allow' },
    { cmd: `python3 - <<'EOF'\n# shutil.rmtree('/')\nprint("shutil.rmtree is dangerous")\nEOF`, expect: 'allow' },
    { cmd: `python3 -c "import shutil, tempfile; d = tempfile.mkdtemp(); shutil.rmtree(d)"`, expect: 'allow' },
    { cmd: `node -e "require('fs').rmSync(require('path').join(__dirname, 'dist'), { recursive: true, force: true })"`, expect: 'allow' },
    { cmd: `node -e "const fs = require('fs'); const d = fs.mkdtempSync('/tmp/x-'); fs.rmSync(d, { recursive: true })"`, expect: 'allow' },
    { cmd: `ruby -e 'Dir.mktmpdir { |d| FileUtils.rm_rf(d) }'`, expect: 'allow' },
    { cmd: `perl -ne 'print if /rmtree/' notes.txt`, expect: 'allow' },
    { cmd: `perl -pi -e 's/unlink/remove/g' lib/x.pl`, expect: 'allow' },
    { cmd: `python3 -m pytest -q`, expect: 'allow' },
    { cmd: `python3 manage.py runserver`, expect: 'allow' },
    { cmd: `node -e "console.log(require('./package.json').version)"`, expect: 'allow' },
    { cmd: `python3 - <<'EOF'\nimport json\nwith open('out.json', 'w') as f:\n    json.dump({}, f)\nEOF`, expect: 'allow' },
    { cmd: `echo 'print(1)' | python3`, expect: 'allow' },
  ];
  for (const t of table) {
    it(`${t.expect}: ${t.cmd.replace(/\n/g, '⏎').slice(0, 90)}`, () => {
      const r = judge(t.cmd);
      const why = r.messages.join(' | ') || 'no findings';
      assert.equal(r.decision, t.expect, why);
      if (t.rule) assert.ok(r.rules.includes(t.rule), `expected ${t.rule}; got ${why}`);
      if (t.line) assert.ok(r.steps.includes(t.line), `expected the chain to name ${t.line}; got ${r.steps.join(' | ')}`);
    });
  }

  it('a finding is at the invoking words, its chain the code line it comes from', () => {
    const cmd = `cd /srv && python3 -c "import shutil\nprint(1)\nshutil.rmtree('/etc')"`;
    const f = evaluateCommand(cmd, { ctx: TEST_CONTEXT }).findings.find((x) => x.ruleId === 'FS001');
    assert.ok(f);
    assert.equal(cmd.slice(f.span.start, f.span.end), `python3 -c "import shutil\nprint(1)\nshutil.rmtree('/etc')"`);
    assert.deepEqual(f.via, [{ file: '(inline code)', line: 3, text: "shutil.rmtree('/etc')" }]);
    assert.equal(chainText(cmd, f), `python3 -c "import shutil print(1) shutil.rmtree('/etc')" → (inline code):3 → shutil.rmtree('/etc')`);
  });

  it('code piped in is reported at the whole pipeline', () => {
    const cmd = `ls && echo 'import shutil; shutil.rmtree("src")' | python3`;
    const f = evaluateCommand(cmd, { ctx: TEST_CONTEXT }).findings.find((x) => x.ruleId === 'FS001');
    assert.ok(f);
    assert.equal(cmd.slice(f.span.start, f.span.end), `echo 'import shutil; shutil.rmtree("src")' | python3`);
  });

  it('the commands carry the code line in their chain', () => {
    const { commands } = extractCommands(`node -e "require('child_process').execSync('git push -f')"`);
    const git = commands.find((c) => c.program === 'git');
    assert.ok(git);
    assert.deepEqual(git.via[git.via.length - 1], { kind: 'source', program: 'node', how: '-e', line: 1, text: "require('child_process').execSync('git push -f')", at: { start: 0, end: 58 } });
  });

  it('what the shell expands into the code is run-time text: a computed path, judged as one', () => {
    for (const cmd of [`python3 -c "import shutil; shutil.rmtree('$DIR')"`, `python3 -c "import os; os.system('rm -rf $TARGET')"`, `node -e "require('fs').rmSync('$1', { recursive: true })"`]) {
      const r = judge(cmd);
      assert.equal(r.decision, 'warn', `${cmd}: ${r.messages.join(' | ')}`);
      assert.ok(r.rules.includes('FS001') && r.messages.some((m) => m.includes('"$VALUE"')), `${cmd}: ${r.messages.join(' | ')}`);
    }
    assert.equal(judge(`python3 -c "import shutil; shutil.rmtree('$OUT/build')"`).decision, 'allow');
  });

  it('code built entirely at run time cannot be checked, as with bash -c "$CMD"', () => {
    for (const cmd of ['python3 -c "$CODE"', 'node -e "$(cat x.js)"', 'ruby -e "$A" -e "$B"']) {
      const r = judge(cmd);
      assert.equal(r.decision, 'warn', cmd);
      assert.ok(r.rules.includes('UNK001') && r.messages.some((m) => /runs code built at run time/.test(m)), `${cmd}: ${r.messages.join(' | ')}`);
    }
    assert.equal(judge('python3 -c "import sys; print(sys.argv[1])" "$X"').decision, 'allow');
  });

  it('is read with following handed in; without it (bundles that never judge it) the shell-outs still are', () => {
    const rmtree = `python3 -c "import shutil; shutil.rmtree('/etc')"`;
    const system = `python3 -c 'import os; os.system("rm -rf ~")'`;
    assert.equal(judge(rmtree).decision, 'gate');
    useFollowing(undefined);
    try {
      assert.equal(judge(system).decision, 'gate');
      assert.ok(!judge(rmtree).rules.includes('FS001'));
    } finally {
      useFollowing(FOLLOWING);
    }
    assert.equal(judge(rmtree).decision, 'gate');
  });

  it('what the engine caught in one-liners before is still caught', () => {
    for (const cmd of [`perl -e "system(q{rm -rf /})"`, `ruby -e '%x(rm -rf ~)'`, `python3 -c 'import os; os.system("rm -rf ~")'`, `node -e "require('child_process').execSync('rm -rf ~')"`]) {
      assert.equal(judge(cmd).decision, 'gate', cmd);
    }
  });
});

describe('inline-code: where the code is', () => {
  const w = (value: string, start: number): Word & { offsets: number[] } => ({ value, raw: value, span: { start, end: start + value.length }, dynamic: false, glob: false, quoted: false, offsets: Array.from(value, (_, i) => start + i) });

  it('languages by program', () => {
    assert.equal(languageOfProgram('python3.12'), 'python');
    assert.equal(languageOfProgram('nodejs'), 'javascript');
    assert.equal(languageOfProgram('deno'), 'typescript');
    assert.equal(languageOfProgram('perl'), 'perl');
    assert.equal(languageOfProgram('php'), undefined);
  });

  it('a script or a module is not inline code', () => {
    assert.equal(inlineCodeOf('python3', [w('tools/wipe.py', 8)], { text: 'x', span: { start: 0, end: 1 }, exact: false }), undefined);
    assert.equal(inlineCodeOf('python3', [w('-m', 8), w('pytest', 11)]), undefined);
    assert.equal(inlineCodeOf('node', [w('--require', 5), w('x.js', 15), w('app.js', 20)]), undefined);
    assert.equal(inlineCodeOf('deno', [w('run', 5), w('x.ts', 9)]), undefined);
  });

  it('options that take a value are not the script', () => {
    const c = inlineCodeOf('python3', [w('-W', 8), w('ignore', 11), w('-c', 18), w('pass', 21)]);
    assert.equal(c?.text, 'pass');
    assert.equal(c?.how, '-c');
  });

  it('several -e add up, and each line maps back into the command line', () => {
    const line = `ruby -e 'a' -e 'FileUtils.rm_rf(x)'`;
    const c = inlineCodeOf('ruby', [w('-e', 5), w('a', 9), w('-e', 12), w('FileUtils.rm_rf(x)', 16)]);
    assert.equal(c?.text, 'a\nFileUtils.rm_rf(x)');
    assert.ok(c);
    const span = lineSpan(c, 2);
    assert.equal(line.slice(span.start, span.end), 'FileUtils.rm_rf(x)');
  });
});
