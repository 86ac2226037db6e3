/**
 * Patches written into a command line are judged as the file edits they make: which lines carry
 * one and how the tool applies it (core/shell/patches.ts), the file changes a patch makes to the
 * files as they are (core/edit/patch.ts, through an in-memory reader), and the combined answer
 * (core/edit/shell-patches.ts). The real hook and `check` are covered in hook-cli.test.ts and
 * cli.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { patchChanges, type FileRead, type PatchFiles } from '../../src/core/edit/patch';
import { judgeShellPatches } from '../../src/core/edit/shell-patches';
import { judgeCommand } from '../../src/core/engine';
import { DEFAULT_POLICY, type Policy } from '../../src/core/policy';
import { extractCommands } from '../../src/core/shell/extract';
import { shellPatches } from '../../src/core/shell/patches';
import { prefilterAllows } from '../../src/core/prefilter';
import type { CommandContext, CommandResult } from '../../src/core/types';
import { MAX_PATCH_READ, MAX_PATCH_TARGET, nodePatchFiles, readBounded } from '../../src/node/patch-files';

const WS = '/ws';
const TF = 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n';

/** Files in memory under /ws; a value that is not a string is what the reader reports instead. */
function memoryFiles(files: Record<string, string | Exclude<FileRead, { kind: 'text' }>>): PatchFiles & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    resolve: (dirs, name) => path.posix.resolve(WS, ...dirs, name),
    display: (abs) => (abs.startsWith(`${WS}/`) ? abs.slice(WS.length + 1) : abs),
    read: (abs) => {
      reads.push(abs);
      const v = files[abs.startsWith(`${WS}/`) ? abs.slice(WS.length + 1) : abs];
      if (v === undefined) return { kind: 'missing' };
      return typeof v === 'string' ? { kind: 'text', text: v } : v;
    },
  };
}

const CODEX_TF = "*** Begin Patch\n*** Update File: infra/main.tf\n@@\n   engine = \"postgres\"\n-  lifecycle {\n-    prevent_destroy = true\n-  }\n }\n*** End Patch\n";
const DIFF_TF = 'diff --git a/infra/main.tf b/infra/main.tf\n--- a/infra/main.tf\n+++ b/infra/main.tf\n@@ -1,6 +1,3 @@\n resource "aws_db_instance" "main" {\n   engine = "postgres"\n-  lifecycle {\n-    prevent_destroy = true\n-  }\n }\n';
const sq = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;

describe('patches in command lines', () => {
  describe('which lines carry a patch, and how the tool applies it', () => {
    const found = (line: string) => shellPatches(extractCommands(line).commands).map(({ text: _t, span: _s, ...rest }) => rest);
    const base = { reverse: false, fuzz: 0, dynamic: false, remote: false };
    const table: [string, string, object[]][] = [
      ['apply_patch with a quoted heredoc', `apply_patch <<'EOF'\n${CODEX_TF}EOF\n`, [{ ...base, tool: 'apply_patch', format: 'codex', dirs: [] }]],
      ['applypatch with a double-quoted heredoc', `applypatch <<"EOF"\n${CODEX_TF}EOF\n`, [{ ...base, tool: 'apply_patch', format: 'codex', dirs: [] }]],
      ['cd DIR && apply_patch', `cd infra && apply_patch <<'EOF'\n${CODEX_TF}EOF\n`, [{ ...base, tool: 'apply_patch', format: 'codex', dirs: ['infra'] }]],
      ['bash -lc wrapping', `bash -lc ${sq(`apply_patch <<'EOF'\n${CODEX_TF}EOF\n`)}`, [{ ...base, tool: 'apply_patch', format: 'codex', dirs: [] }]],
      ['the argument form Codex shows for an argument list', `apply_patch ${sq(CODEX_TF)}`, [{ ...base, tool: 'apply_patch', format: 'codex', dirs: [] }]],
      ['git apply with a heredoc', `git apply <<'EOF'\n${DIFF_TF}EOF`, [{ ...base, tool: 'git apply', format: 'unified', dirs: [], strip: 1 }]],
      ['git -C DIR apply -R -p0 --directory=x -', `git -C repo apply -R -p0 --directory=x - <<'EOF'\n${DIFF_TF}EOF`, [{ ...base, tool: 'git apply', format: 'unified', dirs: ['repo'], strip: 0, reverse: true, prefix: 'x' }]],
      ['git apply --check --apply still applies', `git apply --check --apply <<'EOF'\n${DIFF_TF}EOF`, [{ ...base, tool: 'git apply', format: 'unified', dirs: [], strip: 1 }]],
      ['patch -p1 with a heredoc', `patch -p1 <<'EOF'\n${DIFF_TF}EOF`, [{ ...base, tool: 'patch', format: 'unified', dirs: [], strip: 1, fuzz: 2 }]],
      ['patch with a here-string, -d DIR, -R, a target file', `patch -d infra -R --fuzz=0 main.tf <<< ${sq(DIFF_TF)}`, [{ ...base, tool: 'patch', format: 'unified', dirs: ['infra'], reverse: true, target: 'main.tf', fuzz: 0 }]],
      ['sudo patch -i -', `sudo patch -p 1 -i - <<'EOF'\n${DIFF_TF}EOF`, [{ ...base, tool: 'patch', format: 'unified', dirs: [], strip: 1, fuzz: 2 }]],
      ['cat <<EOF piped into git apply', `cat <<'EOF' | git apply -v\n${DIFF_TF}EOF`, [{ ...base, tool: 'git apply', format: 'unified', dirs: [], strip: 1 }]],
      ['printf piped into patch', `printf '%s' ${sq(DIFF_TF)} | patch -p1`, [{ ...base, tool: 'patch', format: 'unified', dirs: [], strip: 1, fuzz: 2 }]],
      ['ssh host with git apply: on another machine', `ssh host ${sq(`git apply <<'EOF'\n${DIFF_TF}EOF`)}`, [{ ...base, tool: 'git apply', format: 'unified', dirs: [], strip: 1, remote: true }]],
      ['an unquoted heredoc with $X: part computed', `apply_patch <<EOF\n*** Begin Patch\n*** Add File: a.txt\n+$X\n*** End Patch\nEOF`, [{ ...base, tool: 'apply_patch', format: 'codex', dirs: [], dynamic: true }]],
      ['cd to a computed folder', `cd "$D" && apply_patch <<'EOF'\n${CODEX_TF}EOF`, [{ ...base, tool: 'apply_patch', format: 'codex', dirs: ['\u0000'] }]],
      // Not a patch written into the line: a file, a pipe, a report, a dry run, text.
      ['git apply FILE', 'git apply fix.patch', []],
      ['git apply --check', `git apply --check <<'EOF'\n${DIFF_TF}EOF`, []],
      ['git apply --stat', `git apply --stat <<'EOF'\n${DIFF_TF}EOF`, []],
      ['patch --dry-run', `patch --dry-run -p1 <<'EOF'\n${DIFF_TF}EOF`, []],
      ['patch -i FILE', 'patch -p1 -i fix.diff', []],
      ['patch ORIG PATCHFILE', 'patch main.tf fix.diff', []],
      ['patch -o - prints', `patch -o - main.tf <<'EOF'\n${DIFF_TF}EOF`, []],
      ['a diff from a program', 'git diff | git apply -R', []],
      ['a diff from a file through cat', 'cat fix.diff | git apply', []],
      ['apply_patch from a file', 'apply_patch < fix.patch', []],
      ['cat of a patch', `cat <<'EOF'\n${CODEX_TF}EOF`, []],
      ['echo naming apply_patch', "echo 'apply_patch <<EOF'", []],
      ['git log', 'git log --patch', []],
    ];
    for (const [name, line, expected] of table) it(name, () => assert.deepEqual(found(line), expected));

    it('the text and span are the patch as written in the line', () => {
      const line = `cd infra && apply_patch <<'EOF'\n${CODEX_TF}EOF\n`;
      const [p] = shellPatches(extractCommands(line).commands);
      assert.equal(p.text, CODEX_TF);
      assert.equal(line.slice(p.span.start, p.span.end), CODEX_TF);
      const argv = `apply_patch ${sq(CODEX_TF)}`;
      const [q] = shellPatches(extractCommands(argv).commands);
      assert.equal(q.text, CODEX_TF);
      assert.equal(argv.slice(q.span.start, q.span.end), sq(CODEX_TF));
    });

    it('the pre-filter never clears a line that may carry a patch', () => {
      for (const line of ['patch -p1 <<EOF\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\nEOF', 'git apply <<EOF\n--- a/x\n+++ b/x\nEOF', 'apply_patch <<EOF\nx\nEOF', '/usr/bin/patch -p1 < x']) {
        assert.equal(prefilterAllows(line), false, line);
      }
      assert.equal(prefilterAllows('git status'), true);
    });
  });

  describe('the file changes a patch makes to the files as they are', () => {
    it("Codex's format: update (applied to the file), add, delete, move", () => {
      const files = memoryFiles({ 'infra/main.tf': TF, 'old.txt': 'bye\n', 'src/a.ts': 'keep\ngone\n' });
      const text = `*** Begin Patch\n*** Update File: infra/main.tf\n@@\n   engine = "postgres"\n-  lifecycle {\n-    prevent_destroy = true\n-  }\n }\n*** Add File: new.txt\n+hi\n*** Delete File: old.txt\n*** Update File: src/a.ts\n*** Move to: src/b.ts\n@@\n keep\n-gone\n+here\n*** End Patch\n`;
      const got = patchChanges({ format: 'codex', text }, files);
      assert.deepEqual(got, {
        changes: [
          { path: 'infra/main.tf', before: TF, after: 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n}\n' },
          { path: 'new.txt', before: undefined, after: 'hi\n' },
          { path: 'old.txt', before: 'bye\n', after: undefined },
          { path: 'src/b.ts', before: 'keep\ngone\n', after: 'keep\nhere\n', oldPath: 'src/a.ts' },
        ],
        partial: false,
        problems: [],
      });
    });

    it("Codex's format matches lines as Codex does: trailing and leading blanks may differ", () => {
      const files = memoryFiles({ 'a.py': 'def f():   \n    return 1\n' });
      const got = patchChanges({ format: 'codex', text: '*** Begin Patch\n*** Update File: a.py\n@@\n def f():\n-  return 1\n+  return 2\n*** End Patch' }, files);
      // As Codex does, the matched lines are replaced by the patch's lines, context included.
      assert.deepEqual(got.changes, [{ path: 'a.py', before: 'def f():   \n    return 1\n', after: 'def f():\n  return 2\n' }]);
      assert.deepEqual(got.problems, []);
    });

    it('a unified diff: update, create, delete and rename, with -p1 (git apply)', () => {
      const files = memoryFiles({ 'infra/main.tf': TF, 'gone.txt': 'x\n', 'old/name.txt': 'same\n' });
      const text = `${DIFF_TF}--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+hi\ndiff --git a/gone.txt b/gone.txt\ndeleted file mode 100644\n--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\ndiff --git a/old/name.txt b/new/name.txt\nsimilarity index 100%\nrename from old/name.txt\nrename to new/name.txt\n`;
      const got = patchChanges({ format: 'unified', text, strip: 1 }, files);
      assert.deepEqual(got.problems, []);
      assert.deepEqual(got.changes, [
        { path: 'infra/main.tf', before: TF, after: 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n}\n' },
        { path: 'new.txt', before: undefined, after: 'hi\n' },
        { path: 'gone.txt', before: 'x\n', after: undefined },
        { path: 'new/name.txt', before: 'same\n', after: 'same\n', oldPath: 'old/name.txt' },
      ]);
    });

    it('-R applies the diff backwards; -p0, --directory and a target file name the file the tool changes', () => {
      const added = TF;
      const removed = 'resource "aws_db_instance" "main" {\n  engine = "postgres"\n}\n';
      const files = memoryFiles({ 'infra/main.tf': removed, 'x/infra/main.tf': TF, 'other.tf': TF });
      const bare = DIFF_TF.replace(/^diff --git .*\n/, '').replaceAll(' a/infra', ' infra').replaceAll(' b/infra', ' infra');
      // Applying "add prevent_destroy" backwards removes it.
      const addDiff = '--- a/infra/main.tf\n+++ b/infra/main.tf\n@@ -1,3 +1,6 @@\n resource "aws_db_instance" "main" {\n   engine = "postgres"\n+  lifecycle {\n+    prevent_destroy = true\n+  }\n }\n';
      assert.deepEqual(patchChanges({ format: 'unified', text: addDiff, strip: 1, reverse: true }, memoryFiles({ 'infra/main.tf': added })).changes, [{ path: 'infra/main.tf', before: added, after: removed }]);
      assert.equal(patchChanges({ format: 'unified', text: bare, strip: 0, prefix: 'x' }, files).changes[0].path, 'x/infra/main.tf');
      assert.equal(patchChanges({ format: 'unified', text: DIFF_TF, target: 'other.tf' }, files).changes[0].path, 'other.tf');
      assert.equal(patchChanges({ format: 'unified', text: bare, dirs: ['x', 'a'], strip: 0 }, memoryFiles({ 'x/a/infra/main.tf': TF })).changes[0].path, 'x/a/infra/main.tf');
    });

    it('GNU patch without -p: a git diff loses a/ and b/; another name is used as written when that file is there, else its last part', () => {
      assert.equal(patchChanges({ format: 'unified', text: DIFF_TF }, memoryFiles({ 'infra/main.tf': TF })).changes[0].path, 'infra/main.tf');
      const plain = DIFF_TF.replace(/^diff --git .*\n/, '').replaceAll(' a/infra', ' infra').replaceAll(' b/infra', ' infra');
      assert.equal(patchChanges({ format: 'unified', text: plain }, memoryFiles({ 'infra/main.tf': TF })).changes[0].path, 'infra/main.tf');
      assert.equal(patchChanges({ format: 'unified', text: plain }, memoryFiles({ 'main.tf': TF })).changes[0].path, 'main.tf');
    });

    it('patch fuzz: a hunk whose context changed a little applies with fuzz 2, not with 0', () => {
      const drifted = TF.replace('resource "aws_db_instance" "main" {', 'resource "aws_db_instance" "main" { # primary');
      assert.equal(patchChanges({ format: 'unified', text: DIFF_TF, strip: 1, fuzz: 2 }, memoryFiles({ 'infra/main.tf': drifted })).partial, false);
      assert.equal(patchChanges({ format: 'unified', text: DIFF_TF, strip: 1, fuzz: 0 }, memoryFiles({ 'infra/main.tf': drifted })).partial, true);
    });

    it('a file that cannot be read is a problem, and the change is judged on the patch\'s own lines', () => {
      const cases: [string, Record<string, string | Exclude<FileRead, { kind: 'text' }>>, RegExp][] = [
        ['missing', {}, /updates infra\/main\.tf, which does not exist/],
        ['too large', { 'infra/main.tf': { kind: 'too-large', limit: 8 * 1024 * 1024 } }, /infra\/main\.tf is larger than 8 MB/],
        ['binary', { 'infra/main.tf': { kind: 'binary' } }, /infra\/main\.tf is a binary file/],
        ['unreadable', { 'infra/main.tf': { kind: 'unreadable', reason: 'EACCES' } }, /infra\/main\.tf cannot be read \(EACCES\)/],
        ['changed since', { 'infra/main.tf': 'something else\n' }, /does not match infra\/main\.tf as it is now/],
      ];
      for (const [name, files, message] of cases) {
        for (const [format, text] of [['codex', CODEX_TF], ['unified', DIFF_TF]] as const) {
          const got = patchChanges({ format, text, strip: 1 }, memoryFiles(files));
          assert.equal(got.partial, true, `${name} ${format}`);
          assert.equal(got.problems.length, 1, `${name} ${format}`);
          assert.match(got.problems[0].message, message, `${name} ${format}`);
          assert.equal(got.changes.length, 1);
          assert.match(got.changes[0].before ?? '', /prevent_destroy = true/, 'the removed lines are still judged');
          assert.doesNotMatch(got.changes[0].after ?? '', /prevent_destroy/);
        }
      }
    });

    it('a diff that cannot be read, a binary change and a patch without an end are problems too', () => {
      assert.match(patchChanges({ format: 'unified', text: '--- a/x\n+++ b/x\n@@ -1,3 +1,2 @@\n a\n' }, memoryFiles({})).problems[0].message, /the diff cannot be read/);
      assert.match(patchChanges({ format: 'unified', text: 'diff --git a/logo.png b/logo.png\nindex 1..2 100644\nBinary files a/logo.png and b/logo.png differ\n', strip: 1 }, memoryFiles({})).problems[0].message, /binary change/);
      assert.match(patchChanges({ format: 'codex', text: '*** Begin Patch\n*** Delete File: a\n' }, memoryFiles({ a: 'x\n' })).problems[0].message, /incomplete/);
    });

    it('on another machine nothing local is read', () => {
      const files = memoryFiles({ 'infra/main.tf': TF });
      const got = patchChanges({ format: 'unified', text: DIFF_TF, strip: 1, noRead: true }, files);
      assert.deepEqual(files.reads, []);
      assert.equal(got.partial, true);
    });

    it('never throws, whatever the text', () => {
      const alphabet = fc.constantFrom('*** Begin Patch\n', '*** End Patch\n', '*** Update File: a\n', '*** Add File: b\n', '*** Delete File: a\n', '*** Move to: c\n', '@@\n', '@@ -1,2 +1 @@\n', '--- a/a\n', '+++ b/a\n', '+x\n', '-y\n', ' z\n', '\n', 'diff --git a/a b/a\n', 'GIT binary patch\n', '/dev/null', '\u0000');
      fc.assert(
        fc.property(fc.array(alphabet, { maxLength: 40 }), fc.constantFrom<'codex' | 'unified'>('codex', 'unified'), fc.boolean(), (parts, format, reverse) => {
          const got = patchChanges({ format, text: parts.join(''), reverse }, memoryFiles({ a: 'y\nz\n' }));
          assert.ok(Array.isArray(got.changes) && Array.isArray(got.problems));
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('the answer for a line with a patch: the stronger of the command and its edits', () => {
    const ctx: CommandContext = { cwd: WS, workspaceRoot: WS, home: '/home/u' };
    const judge = (line: string, files: PatchFiles, policy: Policy = DEFAULT_POLICY): CommandResult => {
      const { result, patches } = judgeCommand(line, { ctx, policy });
      return judgeShellPatches(result, patches, { files, policy, ctx, editCtx: { workspace: WS } });
    };

    it('apply_patch removing prevent_destroy: gate, on the file and line, pointing at the patch', () => {
      const line = `apply_patch <<'EOF'\n${CODEX_TF}EOF\n`;
      const r = judge(line, memoryFiles({ 'infra/main.tf': TF }));
      assert.equal(r.decision, 'gate');
      assert.equal(r.findings[0].ruleId, 'TF001');
      // Line 3 of the new text: where the lifecycle block was (the resource's closing brace now), not its header.
      assert.match(r.findings[0].message, /^infra\/main\.tf:3: aws_db_instance\.main: prevent_destroy removed/);
      assert.deepEqual(r.findings[0].file, { path: 'infra/main.tf', line: 3 });
      assert.equal(line.slice(r.findings[0].span.start, r.findings[0].span.end), CODEX_TF);
      assert.equal(judgeCommand(line, { ctx }).result.decision, 'allow', 'the command engine alone sees no command to judge');
    });

    it('everyday patches stay quiet: a README fix, a new function, a diff adding a line', () => {
      const files = memoryFiles({ 'README.md': '# App\n\nHello\n', 'src/util.ts': 'export const a = 1;\n' });
      const lines = [
        "apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: README.md\n@@\n # App\n \n-Hello\n+Hello, world.\n*** End Patch\nEOF\n",
        "apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: src/util.ts\n@@\n export const a = 1;\n+\n+export function twice(n: number): number {\n+  return 2 * n;\n+}\n*** End Patch\nEOF\n",
        "git apply <<'EOF'\n--- a/README.md\n+++ b/README.md\n@@ -1,3 +1,4 @@\n # App\n \n Hello\n+See docs/.\nEOF\n",
      ];
      for (const line of lines) assert.deepEqual(judge(line, files).findings, [], line);
    });

    it('the stronger of both: a destructive command beside a harmless patch, and the other way round', () => {
      const files = memoryFiles({ 'infra/main.tf': TF, 'README.md': 'Hello\n' });
      const both = judge(`rm -rf ~ && apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: README.md\n@@\n-Hello\n+Hi\n*** End Patch\nEOF\n`, files);
      assert.equal(both.severity, 'critical');
      assert.equal(both.findings[0].ruleId, 'FS001');
      const edit = judge(`git status && patch -p1 <<'EOF'\n${DIFF_TF}EOF\n`, files);
      assert.equal(edit.decision, 'gate');
      assert.deepEqual(edit.findings.map((f) => f.ruleId), ['TF001']);
    });

    it('a patch that cannot be read in full is a finding (warn at balanced), never a silent allow', () => {
      const r = judge(`apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: missing.txt\n@@\n-a\n+b\n*** End Patch\nEOF\n`, memoryFiles({}));
      assert.equal(r.decision, 'warn');
      assert.equal(r.findings[0].ruleId, 'UNK001');
      assert.match(r.findings[0].message, /apply_patch: the patch updates missing\.txt, which does not exist/);
      assert.match(r.findings[0].alternative, /Read the patch/);
    });

    it('a patch run on another machine is judged on its own lines, without reading local files', () => {
      const files = memoryFiles({ 'infra/main.tf': 'unrelated\n' });
      const r = judge(`ssh prod ${sq(`git apply <<'EOF'\n${DIFF_TF}EOF`)}`, files);
      assert.deepEqual(files.reads, []);
      assert.equal(r.decision, 'gate');
      assert.ok(r.findings.some((f) => f.ruleId === 'TF001'), JSON.stringify(r.findings));
    });

    it('a patch that switches an agent\'s hooks off is the critical finding the same edit would be', () => {
      const files = memoryFiles({ '.claude/settings.local.json': '{\n  "permissions": {}\n}\n' });
      const r = judge(`apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: .claude/settings.local.json\n@@\n {\n-  "permissions": {}\n+  "permissions": {},\n+  "disableAllHooks": true\n }\n*** End Patch\nEOF\n`, files);
      assert.equal(r.severity, 'critical');
      assert.equal(r.findings[0].ruleId, 'SELF009');
    });

    it('the policy applies: a rule turned off, and strictness off', () => {
      const line = `apply_patch <<'EOF'\n${CODEX_TF}EOF\n`;
      const files = memoryFiles({ 'infra/main.tf': TF });
      assert.equal(judge(line, files, { ...DEFAULT_POLICY, rules: { TF001: 'off' } }).decision, 'allow');
      assert.equal(judge(line, files, { ...DEFAULT_POLICY, strictness: 'off' }).decision, 'allow');
      assert.equal(judge(line, files, { ...DEFAULT_POLICY, strictness: 'strict' }).decision, 'gate');
    });
  });

  describe('the files on disk (src/node/patch-files.ts)', () => {
    let dir = '';
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'br-patch-files-'));
      mkdirSync(path.join(dir, 'ws', 'infra'), { recursive: true });
      writeFileSync(path.join(dir, 'ws', 'infra', 'main.tf'), TF);
      writeFileSync(path.join(dir, 'ws', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('reads text whole; a missing file, a folder, a file past the limit and a binary file each say so', () => {
      assert.deepEqual(readBounded(path.join(dir, 'ws', 'infra', 'main.tf')), { kind: 'text', text: TF });
      assert.deepEqual(readBounded(path.join(dir, 'ws', 'nope.tf')), { kind: 'missing' });
      assert.deepEqual(readBounded(path.join(dir, 'ws', 'infra', 'main.tf', 'x')), { kind: 'missing' });
      assert.deepEqual(readBounded(path.join(dir, 'ws', 'infra')), { kind: 'unreadable', reason: 'it is a folder' });
      assert.deepEqual(readBounded(path.join(dir, 'ws', 'infra', 'main.tf'), 10), { kind: 'too-large', limit: 10 });
      assert.deepEqual(readBounded(path.join(dir, 'ws', 'logo.png')), { kind: 'binary' });
    });

    it('names resolve against the command\'s folder, `cd` folders and ~; findings name them from the workspace', () => {
      const ws = path.join(dir, 'ws');
      const files = nodePatchFiles(path.join(ws, 'infra'), ws, path.join(dir, 'home'));
      assert.equal(files.resolve([], 'main.tf'), path.join(ws, 'infra', 'main.tf'));
      assert.equal(files.resolve(['..', 'infra'], 'main.tf'), path.join(ws, 'infra', 'main.tf'));
      assert.equal(files.resolve(['~/x'], 'a'), path.join(dir, 'home', 'x', 'a'));
      assert.equal(files.display(path.join(ws, 'infra', 'main.tf')), 'infra/main.tf');
      assert.equal(files.display('/etc/hosts'), '/etc/hosts');
    });

    it('what one call reads is bounded: past the budget a file is unreadable, and says why', () => {
      const ws = path.join(dir, 'ws');
      const files = nodePatchFiles(ws, ws, dir, TF.length + 10);
      assert.equal(files.read(path.join(ws, 'infra', 'main.tf')).kind, 'text');
      assert.deepEqual(files.read(path.join(ws, 'infra', 'main.tf')), { kind: 'unreadable', reason: `reading it would pass the ${TF.length + 10} bytes one call may read` });
      assert.ok(MAX_PATCH_READ >= MAX_PATCH_TARGET, 'the budget holds at least one file at the per-file limit');
    });
  });
});
