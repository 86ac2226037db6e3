/**
 * Files run by an interpreter, read by the source reader (src/core/source/) through the follower
 * (follow/interpreters.ts): `python tools/wipe.py` is judged by what wipe.py deletes and runs,
 * reported at the invoking words with the file's line as the chain's step; the script's own
 * folder is the file's; inline code in a followed file keeps its place in the chain; the
 * reading stops with the command's time budget and then says nothing.
 */
import assert from 'node:assert/strict';
import { judgeCommand } from '../../src/core/engine';
import { chainText } from '../../src/core/follow/chain';
import { sourceUnits } from '../../src/core/follow/interpreters';
import { scanSource } from '../../src/core/source/scan';
import { FOLLOW_LIMITS, newFollowState } from '../../src/core/follow/state';
import type { CommandContext, CommandResult } from '../../src/core/types';
import { TEST_CONTEXT } from '../helpers/context';
import { memoryFiles } from '../helpers/memory-files';

const WS = '/home/dev/project';

function judge(line: string, files: Record<string, string>): CommandResult {
  const reader = memoryFiles(Object.fromEntries(Object.entries(files).map(([k, v]) => [`${WS}/${k}`, v])));
  const ctx: CommandContext = { ...TEST_CONTEXT, cwd: WS, repositoryRoots: [WS], files: reader };
  return judgeCommand(line, { ctx }).result;
}

describe('follow: interpreter source read statically', () => {
  it('python tools/wipe.py is judged by the deletion in wipe.py, at the invoking words, with its line', () => {
    const line = 'python tools/wipe.py --yes';
    const r = judge(line, { 'tools/wipe.py': 'import shutil\nfrom pathlib import Path\n\n\ndef main():\n    shutil.rmtree(Path.home() / "Documents")\n\n\nmain()\n' });
    assert.equal(r.decision, 'gate');
    const f = r.findings[0];
    assert.equal(f.ruleId, 'FS001');
    assert.equal(line.slice(f.span.start, f.span.end), 'python tools/wipe.py');
    assert.deepEqual(f.via, [{ file: 'tools/wipe.py', line: 6, text: 'shutil.rmtree(Path.home() / "Documents")' }]);
    assert.equal(chainText(line, f), 'python tools/wipe.py → tools/wipe.py:6 → shutil.rmtree(Path.home() / "Documents")');
  });

  it("a path computed from the script's arguments is reported as such, in every language; a path computed otherwise is not", () => {
    const cases: [string, Record<string, string>][] = [
      ['python tools/prune.py /srv/data', { 'tools/prune.py': "import os, shutil, sys\n\ntarget = sys.argv[1]\nshutil.rmtree(os.path.join(target, 'cache'))\n" }],
      ['python3 tools/prune.py a b', { 'tools/prune.py': 'import shutil, sys\nfor d in sys.argv[1:]:\n    shutil.rmtree(d)\n' }],
      ['node scripts/rm.js x', { 'scripts/rm.js': "const [, , dir] = process.argv;\nrequire('fs').rmSync(process.argv[2], { recursive: true });\n" }],
      ['ruby tools/rm.rb x', { 'tools/rm.rb': "require 'fileutils'\nFileUtils.rm_rf(ARGV[0])\n" }],
      ['perl tools/rm.pl x', { 'tools/rm.pl': 'use File::Path;\nmy $d = $ARGV[0];\nrmtree($d);\n' }],
      ['go run wipe.go x', { 'wipe.go': 'package main\nimport "os"\nfunc main() { os.RemoveAll(os.Args[1]) }\n' }],
    ];
    for (const [line, files] of cases) {
      const r = judge(line, files);
      assert.equal(r.decision, 'warn', `${line}: ${r.findings.map((f) => f.message).join(' | ')}`);
      assert.match(r.findings[0].message, /It is computed from the script's command-line arguments, so it acts on whatever the caller passes\.$/, line);
    }
    const computed = judge('python tools/prune.py', { 'tools/prune.py': 'import shutil\ntarget = compute()\nshutil.rmtree(target)\n' });
    assert.equal(computed.decision, 'warn');
    assert.ok(!/arguments/.test(computed.findings[0].message), computed.findings[0].message);
    // Only the case that uses the argument says so: the default folder is build output, and quiet.
    const either = judge('node scripts/build.js', { 'scripts/build.js': "const out = process.argv[2] ?? 'dist';\nrequire('fs').rmSync(require('path').join(out, 'old.js'), { force: true });\n" });
    assert.deepEqual(either.findings.map((f) => [f.message.includes('arguments'), /dist/.test(f.message)]), either.findings.map(() => [true, false]));
  });

  it('each language and runner reaches its deletion APIs', () => {
    const cases: [string, Record<string, string>][] = [
      ['node scripts/x.js', { 'scripts/x.js': "require('fs').rmSync(require('os').homedir(), { recursive: true })\n" }],
      ['tsx scripts/x.ts', { 'scripts/x.ts': "import { rmSync } from 'node:fs';\nrmSync('/etc', { recursive: true });\n" }],
      ['ruby x.rb', { 'x.rb': "require 'fileutils'\nFileUtils.rm_rf(Dir.home)\n" }],
      ['perl x.pl', { 'x.pl': 'use File::Path qw(remove_tree);\nremove_tree($ENV{HOME});\n' }],
      ['go run main.go', { 'main.go': 'package main\nimport "os"\nfunc main() { os.RemoveAll("/var/lib") }\n' }],
      ['deno run -A x.ts', { 'x.ts': "await Deno.remove('src', { recursive: true });\n" }],
      ['bun x.ts', { 'x.ts': "import { rmSync } from 'fs';\nrmSync('src', { recursive: true, force: true });\n" }],
    ];
    for (const [line, files] of cases) assert.equal(judge(line, files).decision, 'gate', line);
  });

  it("the script's own folder is the file's folder, not the line's", () => {
    const src = (tail: string): string => `const path = require('path');\nrequire('fs').rmSync(path.join(__dirname, '..', '${tail}'), { recursive: true, force: true });\n`;
    assert.equal(judge('node tools/build/clean.js', { 'tools/build/clean.js': src('dist') }).decision, 'allow');
    const r = judge('node tools/build/clean.js', { 'tools/build/clean.js': src('..') });
    assert.equal(r.decision, 'gate');
    assert.match(r.findings[0].message, /project/);
  });

  it('inline code in a followed file keeps its place in the chain', () => {
    const line = 'make reset';
    const r = judge(line, { Makefile: `reset:\n\tpython3 -c "import shutil; shutil.rmtree('src')"\n` });
    assert.equal(r.decision, 'gate');
    assert.deepEqual(r.findings[0].via?.map((s) => s.file), ['Makefile', '(inline code)']);
  });

  it('a computed path is judged as rm -rf "$X" typed; a build script\'s computed output folder stays quiet', () => {
    assert.equal(judge('python prune.py /srv', { 'prune.py': 'import shutil, sys\nshutil.rmtree(sys.argv[1])\n' }).decision, 'warn');
    assert.equal(judge('python build.py', { 'build.py': "import os, shutil\nroot = os.environ['ROOT']\nshutil.rmtree(os.path.join(root, 'build'))\n" }).decision, 'allow');
  });

  it('stops reading with the time budget, and says nothing about it', () => {
    const text = `import shutil\n${'x = [1, 2, 3]\n'.repeat(5_000)}shutil.rmtree('/etc')\n`;
    const ctx = { ...TEST_CONTEXT };
    const abs = `${WS}/big.py`;
    const reader = memoryFiles({ [abs]: text });
    const within = sourceUnits('python', abs, text, { ctx, state: newFollowState(reader, ctx, () => 0), cwd: WS, named: true });
    assert.deepEqual(within.units.map((u) => u.text), ['rm -rf /etc']);
    let calls = 0;
    const spent = sourceUnits('python', abs, text, { ctx, state: newFollowState(reader, ctx, () => (calls++ < 3 ? 0 : FOLLOW_LIMITS.ms + 1)), cwd: WS, named: true });
    assert.deepEqual(spent.units, []);
    assert.deepEqual(spent.problems, []);
    assert.ok(calls > 3, 'the clock was asked while reading');
  });

  it('reads a file once per line, however many commands run it', () => {
    // `npm test` here runs scripts/build.mjs from four scripts: one reading serves them all.
    const text = `import shutil\n${'x = [1, 2, 3]\n'.repeat(2_000)}shutil.rmtree('/etc')\n`;
    const ctx = { ...TEST_CONTEXT };
    const abs = `${WS}/big.py`;
    let calls = 0;
    const state = newFollowState(memoryFiles({ [abs]: text }), ctx, () => {
      calls++;
      return 0;
    });
    sourceUnits('python', abs, text, { ctx, state, cwd: WS, named: true });
    const asked = calls;
    assert.ok(asked > 1, 'the clock was asked while reading');
    const again = sourceUnits('python', abs, text, { ctx, state, cwd: `${WS}/sub`, named: true });
    assert.equal(calls, asked, 'the file was not read again');
    assert.deepEqual(again.units.map((u) => [u.text, u.cwd]), [['rm -rf /etc', `${WS}/sub`]], 'in the folder this command runs it in');
    // Another text of the same file (the editor's unsaved one) is read on its own.
    const edited = sourceUnits('python', abs, `${text}shutil.rmtree('/srv')\n`, { ctx, state, cwd: WS, named: true });
    assert.ok(calls > asked);
    assert.deepEqual(edited.units.map((u) => u.text), ['rm -rf /etc', 'rm -rf /srv']);
  });
});

describe("follow: Ruby's implicit return", () => {
  const steps = (src: string): string[] => scanSource('ruby', `require 'fileutils'\n${src}`, { scriptDir: '/home/dev/project/tools' }).steps.map((s) => s.command);

  it("reads a method's last expression as what it returns, called with or without parentheses", () => {
    assert.deepEqual(steps("def target\n  File.join(Dir.home, 'projects')\nend\nFileUtils.rm_rf(target)\nFileUtils.rm_rf(target())\n"), ['rm -rf ~/projects', 'rm -rf ~/projects']);
    assert.deepEqual(steps("def target(name)\n  dir = File.join(Dir.home, name)\n  dir\nend\nFileUtils.rm_rf(target('x'))\n"), ['rm -rf ~/x']);
    // An assignment last returns its right side.
    assert.deepEqual(steps("def target\n  @t = '/srv/app'\nend\nFileUtils.rm_rf(target)\n"), ['rm -rf /srv/app']);
    // An explicit return and the last expression are both possible values: neither is dropped.
    assert.deepEqual(steps("def target(x)\n  return '/a' if x\n  '/b'\nend\nFileUtils.rm_rf(target(true))\n"), ['rm -rf /a', 'rm -rf /b']);
  });

  it('leaves a value decided by a block it does not read computed', () => {
    for (const body of ["  if ENV['X']\n    '/a'\n  else\n    '/b'\n  end\n", "  '/a'\nrescue\n  '/b'\n", "  '/a'\nensure\n  puts 'x'\n"]) {
      assert.deepEqual(steps(`def target\n${body}end\nFileUtils.rm_rf(target())\n`), ['rm -rf "$fn0"'], body);
    }
    // A local of the same name as a method is the local.
    assert.deepEqual(steps("def target\n  '/etc'\nend\ntarget = 'build'\nFileUtils.rm_rf(target)\n"), ['rm -rf build']);
  });
});
