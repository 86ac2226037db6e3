import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluateCommand } from '../../src/core/engine';
import { commandContextAt } from '../../src/node/command-context';
import { parseGitIndex } from '../../src/node/git-index';
import { countImpact, forgetFolderListings } from '../../src/node/impact-reader';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function write(root: string, rel: string, text: string): string {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
  return path.join(root, rel);
}

/** A repository with src/ committed; files written an hour ago so stat alone can tell them (no racy-git hashing). */
function repo(dir: string, initArgs: string[] = []): string {
  git(dir, 'init', '-q', ...initArgs);
  for (let i = 0; i < 5; i++) write(dir, `src/m${i}.ts`, `export const x${i} = ${i};\nline two\n`);
  write(dir, 'src/deep/a/b.txt', 'b\n');
  const old = new Date(Date.now() - 3_600_000);
  for (const f of ['src/m0.ts', 'src/m1.ts', 'src/m2.ts', 'src/m3.ts', 'src/m4.ts', 'src/deep/a/b.txt']) utimesSync(path.join(dir, f), old, old);
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'init');
  return dir;
}

describe('measured impact: the node reader (git repositories on disk)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'br-impact-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a clean tracked folder: every file tracked, nothing lost', () => {
    repo(dir);
    const c = countImpact(path.join(dir, 'src'))!;
    assert.deepEqual([c.files, c.tracked, c.modified, c.untracked, c.lines, c.bounded, c.inRepository], [6, 6, 0, 0, 0, false, true]);
    assert.equal(c.folders, 3);
  });

  it('a path that is gone: nothing counted, but the files the index holds there are (deleted tracked files a checkout brings back)', () => {
    repo(dir);
    rmSync(path.join(dir, 'src/m0.ts'));
    rmSync(path.join(dir, 'src/deep'), { recursive: true });
    const one = countImpact(path.join(dir, 'src/m0.ts'))!;
    assert.deepEqual([one.exists, one.inRepository, one.tracked, one.files, one.modified], [false, true, 1, 0, 0]);
    const folder = countImpact(path.join(dir, 'src/deep'))!;
    assert.deepEqual([folder.exists, folder.inRepository, folder.tracked], [false, true, 1]);
    const typo = countImpact(path.join(dir, 'src/nope.ts'))!;
    assert.deepEqual([typo.exists, typo.inRepository, typo.tracked], [false, true, 0]);
    const outside = countImpact(path.join(os.tmpdir(), `br-no-such-${Date.now()}`))!;
    assert.deepEqual([outside.exists, outside.inRepository, outside.tracked], [false, false, 0]);
  });

  it('modified and untracked files, and lines only of those', () => {
    repo(dir);
    write(dir, 'src/m1.ts', 'changed\n'); // a different size
    write(dir, 'src/m2.ts', 'export const x2 = 9;\nline two\n'); // the same size: the content hash decides
    write(dir, 'src/new.ts', 'a\nb\nc'); // untracked, no final newline
    write(dir, 'src/.env', 'SECRET=1\n'); // ignored by .gitignore is still lost
    write(dir, '.gitignore', '.env\n');
    const c = countImpact(path.join(dir, 'src'))!;
    assert.deepEqual([c.files, c.tracked, c.modified, c.untracked], [8, 6, 2, 2]);
    assert.equal(c.lines, 1 + 2 + 3 + 1);
    assert.equal(c.lostSample?.length, 3);
  });

  it('build output under an artefact folder is not lost work; outside a repository everything is', () => {
    repo(dir);
    write(dir, 'src/dist/bundle.js', 'x\n');
    write(dir, 'src/node_modules/p/index.js', 'y\n');
    const c = countImpact(path.join(dir, 'src'))!;
    assert.deepEqual([c.buildOutput, c.untracked], [2, 0]);
    const plain = path.join(dir, 'plain');
    write(plain, 'a.txt', 'a\n');
    const outside = mkdtempSync(path.join(os.tmpdir(), 'br-norepo-'));
    try {
      write(outside, 'notes/a.md', 'one\ntwo\n');
      const o = countImpact(path.join(outside, 'notes'))!;
      assert.deepEqual([o.inRepository, o.untracked, o.lines], [false, 1, 2]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('finds tracked files by walking a folder\'s sorted listing and its index entries in step, with the counts a lookup by name gives, whatever the names', () => {
    // Names whose order differs between bytes (git's index, the listing) and UTF-16 units
    // (JavaScript's <): a fullwidth letter (U+FF21) sorts before an emoji (U+1F600) by bytes and
    // after it by units. Beside them the everyday kinds: case, punctuation, accents.
    const names = ['a.ts', 'B.ts', 'b.ts', 'a-b.ts', 'a b.ts', 'a.b.ts', 'e.ts', '\u00e9.ts', 'z.ts', '\uff21.ts', '\u{1f600}.ts', '\u{1f600}\uff21.ts', '\ue000.ts'];
    const old = new Date(Date.now() - 3_600_000);
    git(dir, 'init', '-q');
    for (const folder of ['src', 'src/mixed', 'src/plain', 'src/some-gone']) {
      for (const name of folder === 'src/plain' ? ['a.ts', 'b.ts', 'c.ts'] : names) {
        const abs = write(dir, `${folder}/${name}`, `${folder}/${name}\n`);
        utimesSync(abs, old, old);
      }
    }
    symlinkSync('a.ts', path.join(dir, 'src/mixed/link-to-a'));
    write(dir, '.gitignore', '*.log\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'init');
    // Changed, untracked (one between tracked names, one past them all, one before), ignored, build output, a repository inside.
    for (const name of ['b.ts', '\uff21.ts', '\u{1f600}.ts']) write(dir, `src/mixed/${name}`, 'changed\nand longer\n');
    for (const name of ['a c.ts', '\u{1f600}\u{1f600}.ts', '0.ts', 'zz.ts', '\uff21\uff21.ts', 'trace.log']) write(dir, `src/mixed/${name}`, 'new\n');
    write(dir, 'src/plain/b.ts', 'changed\nand longer\n');
    // Deleted tracked files: what is left on disk is in order both ways, the index's entries are not.
    for (const name of ['\uff21.ts', '\ue000.ts', '\u{1f600}\uff21.ts']) rmSync(path.join(dir, 'src/some-gone', name));
    write(dir, 'src/plain/bb.ts', 'new\n');
    write(dir, 'src/dist/out.js', 'built\n');
    git(path.join(dir, 'src'), 'init', '-q', 'inner');
    write(dir, 'src/inner/x.ts', 'inner\n');
    symlinkSync('nowhere', path.join(dir, 'src/mixed/dangling'));
    const src = path.join(dir, 'src');
    forgetFolderListings();
    const merged = countImpact(src)!;
    forgetFolderListings();
    const byMap = countImpact(src, { mapLookupOnly: true })!;
    assert.deepEqual(merged, byMap);
    // 13 + 13 + 3 + 10 committed and still there, plus the committed link; 4 changed.
    assert.equal(merged.tracked, 40);
    assert.equal(merged.modified, 4);
    assert.equal(merged.buildOutput, 1);
    // Repeat counts over the kept listings, both ways.
    assert.deepEqual(countImpact(src), byMap);
    assert.deepEqual(countImpact(src, { mapLookupOnly: true }), byMap);
  });

  it('a racy entry (written in the same second as the index) is decided by content', () => {
    git(dir, 'init', '-q');
    write(dir, 'src/a.ts', 'one\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'init');
    assert.equal(countImpact(path.join(dir, 'src'))!.modified, 0);
    write(dir, 'src/a.ts', 'two\n');
    assert.equal(countImpact(path.join(dir, 'src'))!.modified, 1);
  });

  it('an edit that keeps the size is found by mtime, and when the old mtime is put back, by ctime; a ctime change alone is decided by content', () => {
    repo(dir);
    write(dir, 'src/m3.ts', 'export const x3 = 8;\nline two\n'); // the same size, a new mtime
    const before = statSync(path.join(dir, 'src/m2.ts'));
    write(dir, 'src/m2.ts', 'export const x2 = 9;\nline two\n');
    utimesSync(path.join(dir, 'src/m2.ts'), before.atime, before.mtime); // as `cp -p` or `touch -r` leave it
    assert.equal(statSync(path.join(dir, 'src/m2.ts')).mtimeMs, before.mtimeMs);
    chmodSync(path.join(dir, 'src/m1.ts'), 0o644); // a new ctime, the same content
    const c = countImpact(path.join(dir, 'src'))!;
    assert.deepEqual([c.tracked, c.modified, c.lostSample], [6, 2, ['m2.ts', 'm3.ts']]);
  });

  it('a file replaced by another of the same size and mtime is found by its inode; core.checkStat=minimal leaves size and mtime to decide, as git does', () => {
    repo(dir);
    git(dir, 'config', 'core.trustctime', 'false');
    const m4 = path.join(dir, 'src/m4.ts');
    const before = statSync(m4);
    const other = write(dir, 'other.ts', 'export const x4 = 5;\nline two\n');
    utimesSync(other, before.atime, before.mtime);
    renameSync(other, m4);
    assert.deepEqual([statSync(m4).size, statSync(m4).mtimeMs], [before.size, before.mtimeMs]);
    assert.equal(countImpact(path.join(dir, 'src'))!.modified, 1);
    git(dir, 'config', 'core.checkStat', 'minimal');
    assert.equal(countImpact(path.join(dir, 'src'))!.modified, 0);
  });

  it('a folder listing kept from an earlier count is read again once the folder changes, even with its old mtime put back', () => {
    repo(dir);
    const deep = path.join(dir, 'src/deep/a');
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(deep, old, old); // a time that can be put back exactly below
    const keptMtime = statSync(deep).mtimeMs;
    forgetFolderListings();
    // A clock a minute ahead: every folder here counts as settled, so its listing is kept.
    const later = { now: () => Date.now() + 60_000 };
    const src = path.join(dir, 'src');
    assert.deepEqual([countImpact(src, later)!.files, countImpact(src, later)!.untracked], [6, 0]);
    // Editing a file leaves its folder alone, so the listing is reused; the file's own stat still finds the edit.
    const srcCtime = statSync(src).ctimeMs;
    write(dir, 'src/m2.ts', 'export const x2 = 9;\nline two\n');
    assert.equal(statSync(src).ctimeMs, srcCtime);
    assert.deepEqual([countImpact(src, later)!.modified, countImpact(src, later)!.lines], [1, 2]);
    write(dir, 'src/new.ts', 'a\n');
    assert.deepEqual([countImpact(src, later)!.files, countImpact(src, later)!.untracked], [7, 1]);
    write(dir, 'src/deep/a/c.txt', 'c\n');
    utimesSync(deep, old, old); // the folder's mtime as it was: its ctime still moved
    assert.equal(statSync(deep).mtimeMs, keptMtime);
    const c = countImpact(src, later)!;
    assert.deepEqual([c.files, c.untracked], [8, 2]);
    renameSync(path.join(dir, 'src/m0.ts'), path.join(dir, 'src/deep/m0.ts')); // moved within the target
    rmSync(path.join(dir, 'src/m1.ts'));
    const moved = countImpact(src, later)!;
    assert.deepEqual([moved.files, moved.tracked, moved.modified, moved.untracked], [7, 4, 1, 3]);
    forgetFolderListings();
    assert.deepEqual(countImpact(src)!, moved);
  });

  it('index versions 3 and 4 (an extended flag, path compression) and SHA-256 repositories', () => {
    repo(dir, ['--object-format=sha256']);
    git(dir, 'update-index', '--index-version', '4');
    write(dir, 'src/m3.ts', 'export const x3 = 7;\nline two\n');
    git(dir, 'update-index', '--skip-worktree', 'src/m0.ts'); // an extended flag
    const c = countImpact(path.join(dir, 'src'))!;
    assert.deepEqual([c.inRepository, c.tracked, c.modified, c.untracked], [true, 6, 1, 0]);
  });

  it('stops at its bound and says so; a symlink is counted, never followed; a missing target is nothing', () => {
    repo(dir);
    for (let i = 0; i < 30; i++) write(dir, `big/f${i}`, 'x');
    symlinkSync('/etc', path.join(dir, 'big', 'link'));
    const c = countImpact(path.join(dir, 'big'), { bounds: { maxFiles: 10 } })!;
    assert.deepEqual([c.files, c.bounded], [10, true]);
    const all = countImpact(path.join(dir, 'big'))!;
    assert.deepEqual([all.files, all.bounded], [31, false]);
    assert.equal(countImpact(path.join(dir, 'nothing'))!.exists, false);
  });

  it('untracked files born in the session, or named by the caller, are the agent\'s', () => {
    repo(dir);
    write(dir, 'src/made.ts', 'x\n');
    const byCaller = countImpact(path.join(dir, 'src'), { createdInSession: (p) => p.endsWith('made.ts') })!;
    assert.deepEqual([byCaller.untracked, byCaller.createdInSession, byCaller.lines], [1, 1, 0]);
    const none = countImpact(path.join(dir, 'src'))!;
    assert.equal(none.createdInSession, 0);
  });

  it('the index parser refuses what it does not understand', () => {
    assert.equal(parseGitIndex(Buffer.from('nope')), undefined);
    assert.equal(parseGitIndex(Buffer.from('DIRC\0\0\0\x09\0\0\0\0', 'latin1')), undefined);
    const truncated = Buffer.concat([Buffer.from('DIRC\0\0\0\x02\0\0\0\x01', 'latin1'), Buffer.alloc(30)]);
    assert.equal(parseGitIndex(truncated), undefined);
  });

  it('check and the hooks count through their context: rm -rf of a clean source folder warns, of a day\'s untracked work is gated', () => {
    repo(dir);
    const ctx = () => commandContextAt({ cwd: dir, env: { HOME: path.join(dir, 'home') } });
    const clean = evaluateCommand('rm -rf src', { ctx: ctx() });
    assert.equal(clean.decision, 'warn', clean.findings.map((f) => f.message).join(' | '));
    assert.match(clean.findings[0].message, /6 files.*every file is committed and unchanged/);
    write(dir, 'scratch/notes.md', 'a day of work\n');
    const scratch = evaluateCommand('rm -rf scratch', { ctx: ctx() });
    assert.equal(scratch.decision, 'gate');
    assert.match(scratch.findings[0].message, /1 file is not in git \(1 line of text\)/);
    write(dir, 'src/wip.ts', 'wip\n');
    assert.equal(evaluateCommand('rm -rf src', { ctx: ctx() }).decision, 'gate');
    assert.equal(evaluateCommand('rm -rf dist node_modules', { ctx: ctx() }).decision, 'allow');
  });

  describe('git discards: what would be lost, counted from .git', () => {
    const judge = (line: string) => {
      const res = evaluateCommand(line, { ctx: commandContextAt({ cwd: dir, env: { HOME: path.join(dir, 'home') } }) });
      return { decision: res.decision, says: res.findings.map((f) => `${f.ruleId}/${f.severity}: ${f.message}`).join(' | ') };
    };

    it('git reset --hard on a clean tree loses nothing (allow); with changes, or with something staged, it is gated and counted', () => {
      repo(dir);
      const clean = judge('git reset --hard');
      assert.equal(clean.decision, 'allow', clean.says);
      assert.match(clean.says, /GIT001\/low: git reset --hard loses nothing here/);
      assert.equal(judge('git reset --hard HEAD~1').decision, 'gate', 'moving the branch is not counted');
      write(dir, 'src/m1.ts', 'changed\nand more\n');
      const dirty = judge('git reset --hard');
      assert.equal(dirty.decision, 'gate');
      assert.match(dirty.says, /discards the uncommitted changes in 1 file \(2 lines of text\); /);
      git(dir, 'add', 'src/m1.ts'); // Staged, and the worktree matches the index: still lost.
      const staged = judge('git reset --hard');
      assert.equal(staged.decision, 'gate', staged.says);
      assert.equal(judge(`git -C ${dir} reset --hard`).decision, 'gate');
      git(dir, 'commit', '-qm', 'next');
      assert.equal(judge(`cd / && git -C ${dir} reset --hard`).decision, 'allow');
    });

    it('git checkout -- and git restore of unchanged paths lose nothing; of changed ones they say how many', () => {
      repo(dir);
      assert.equal(judge('git checkout -- src').decision, 'allow');
      assert.equal(judge('git restore src/m0.ts src/deep').decision, 'allow');
      assert.equal(judge('git checkout HEAD -- src').decision, 'allow');
      write(dir, 'src/deep/a/b.txt', 'edited\n');
      const one = judge('git restore src/deep');
      assert.notEqual(one.decision, 'allow');
      assert.match(one.says, /with the committed version: 1 file \(1 line of text\) changed;/);
      assert.notEqual(judge('git checkout -- "src/*.ts" src/deep').decision, 'allow', 'a glob is not counted');
    });

    it('git clean -fdx of build output only loses nothing; of an untracked note it is gated; git stash clear with no stash is allowed', () => {
      repo(dir);
      write(dir, 'dist/app.js', 'built\n');
      write(dir, 'node_modules/x/index.js', 'dep\n');
      const build = judge('git clean -fdx');
      assert.equal(build.decision, 'allow', build.says);
      write(dir, 'notes.md', 'a day of work\n');
      const work = judge('git clean -fdx');
      assert.equal(work.decision, 'gate');
      assert.match(work.says, /and directories: 1 file \(1 line of text\) git does not track;/);
      assert.equal(judge('git clean -fd dist').decision, 'allow');
      assert.equal(judge('git stash clear').decision, 'allow');
      assert.equal(judge('git stash drop').decision, 'allow');
      write(dir, 'src/m1.ts', 'stashed\n');
      git(dir, 'stash', '-q');
      const stash = judge('git stash clear');
      assert.equal(stash.decision, 'gate');
      assert.match(stash.says, /all 1 stash entry/);
    });
  });
});
