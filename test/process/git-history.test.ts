import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { evaluateCommand } from '../../src/core/engine';
import { commandContextAt } from '../../src/node/command-context';
import { branchLoss, pushLoss } from '../../src/node/git-history';
import { commitsOnlyIn, ObjectStore, readRefs } from '../../src/node/git-objects';
import { commit, git, remoteAndClones, tempDir } from '../helpers/git-repo';

describe('measured impact: commits a forced push or a branch deletion would lose (local refs and objects, no git process)', () => {
  let root: string;
  let repos: ReturnType<typeof remoteAndClones>;
  beforeEach(() => {
    root = tempDir('br-history-');
    repos = remoteAndClones(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const judge = (cwd: string, line: string) => {
    const res = evaluateCommand(line, { ctx: commandContextAt({ cwd, env: { HOME: path.join(root, 'home') } }) });
    const f = res.findings.find((x) => x.ruleId === 'GIT004' || x.ruleId === 'GIT005');
    return { res, f };
  };

  /** A feature branch pushed from `work`, then three commits a colleague pushed to it, fetched by `work`. */
  function colleaguePushed(): void {
    const { work, other } = repos;
    git(work, 'switch', '-q', '-c', 'feature/x');
    commit(work, 'mine one');
    git(work, 'push', '-q', '-u', 'origin', 'feature/x');
    git(other, 'fetch', '-q');
    git(other, 'switch', '-q', 'feature/x');
    for (const m of ['theirs one', 'theirs two', 'theirs three']) commit(other, m);
    git(other, 'push', '-q', 'origin', 'feature/x');
    git(work, 'fetch', '-q');
  }

  it('git push --force that would drop a colleague\'s fetched commits is high and counts them, loose or packed', () => {
    colleaguePushed();
    commit(repos.work, 'mine two');
    for (const packed of [false, true]) {
      if (packed) git(repos.work, 'gc', '-q', '--aggressive');
      const { f, res } = judge(repos.work, 'git push --force');
      assert.equal(f?.severity, 'high', `${packed}: ${f?.message}`);
      assert.equal(res.decision, 'gate');
      assert.match(f.message, /drops 3 commits on origin\/feature\/x that are not in your branch \(`[0-9a-f]{7} theirs three`, `[0-9a-f]{7} theirs two`, `[0-9a-f]{7} theirs one`\)/);
      // Named explicitly, the same.
      assert.match(judge(repos.work, 'git push -f origin feature/x').f!.message, /drops 3 commits on origin\/feature\/x/);
      assert.match(judge(repos.work, 'git push origin +HEAD:feature/x').f!.message, /drops 3 commits/);
    }
  });

  it('a forced push that drops nothing the clone knows of (a fast-forward) is lowered one step; a rebase of what it pushed keeps its weight and says so', () => {
    colleaguePushed();
    git(repos.work, 'merge', '-q', '--ff-only', 'origin/feature/x');
    commit(repos.work, 'mine two');
    const ff = judge(repos.work, 'git push --force');
    assert.equal(ff.f?.severity, 'low', ff.f?.message);
    assert.equal(ff.res.decision, 'allow');
    assert.match(ff.f.message, /drops no commit origin\/feature\/x had when last fetched/);
    // The default branch, forced with nothing to drop: high becomes medium, still a warning.
    const main = judge(repos.work, 'git push --force origin main');
    assert.equal(main.f?.severity, 'medium', main.f?.message);
    // Amend what was pushed: the old tip is in the branch's reflog, so it is a rewrite of one's own work.
    git(repos.work, 'push', '-q', 'origin', 'feature/x');
    git(repos.work, 'fetch', '-q');
    git(repos.work, 'commit', '-q', '--amend', '-m', 'mine two, amended');
    const amended = judge(repos.work, 'git push --force');
    assert.equal(amended.f?.severity, 'medium', amended.f?.message);
    assert.match(amended.f.message, /replaces 1 commit on origin\/feature\/x that your branch once held and has since rewritten/);
  });

  it('unknown stays unknown: a remote given as a URL, a branch never fetched, a --all push keep the rule\'s own weight', () => {
    colleaguePushed();
    commit(repos.work, 'mine two');
    assert.equal(judge(repos.work, `git push --force ${repos.origin} feature/x`).f?.severity, 'medium');
    git(repos.work, 'switch', '-q', '-c', 'never-pushed');
    assert.equal(judge(repos.work, 'git push --force origin never-pushed').f?.severity, 'medium');
    assert.equal(pushLoss(repos.work, { remote: 'origin', src: 'never-pushed' }), undefined);
    assert.equal(judge(repos.work, 'git push --force --all').f?.severity, 'high');
    assert.equal(judge(repos.work, 'git push --force-with-lease').f, undefined);
  });

  it('git branch -D of a branch with commits nothing else holds is high and counts them; of one merged or pushed it is low', () => {
    const { work } = repos;
    git(work, 'switch', '-q', '-c', 'spike');
    commit(work, 'spike one');
    commit(work, 'spike two');
    git(work, 'switch', '-q', 'main');
    const lost = judge(work, 'git branch -D spike');
    assert.equal(lost.f?.severity, 'high', lost.f?.message);
    assert.match(lost.f.message, /deletes spike with 2 commits that no other branch, tag or remote holds \(`[0-9a-f]{7} spike two`, `[0-9a-f]{7} spike one`\)/);
    // A tag on its tip keeps the commits (an annotated tag, peeled through its tag object).
    git(work, 'tag', '-a', '-m', 'keep', 'keep-spike', 'spike');
    assert.equal(judge(work, 'git branch -D spike').f?.severity, 'low');
    git(work, 'tag', '-d', 'keep-spike');
    // Merged into main: nothing lost.
    git(work, 'merge', '-q', '--no-ff', '-m', 'merge spike', 'spike');
    const merged = judge(work, 'git branch -D spike');
    assert.equal(merged.f?.severity, 'low', merged.f?.message);
    assert.equal(merged.res.decision, 'allow');
    assert.match(merged.f.message, /whose every commit another branch, tag or remote still holds/);
    // Pushed (its remote-tracking branch holds it), packed.
    git(work, 'switch', '-q', '-c', 'pushed');
    commit(work, 'pushed one');
    git(work, 'push', '-q', 'origin', 'pushed');
    git(work, 'switch', '-q', 'main');
    git(work, 'gc', '-q');
    assert.equal(judge(work, 'git branch -D pushed').f?.severity, 'low');
    assert.equal(branchLoss(work, 'pushed')?.commits, 0);
    // Two branches, one of them lost work: the worst decides. A missing branch is unknown.
    git(work, 'switch', '-q', '-c', 'lonely');
    commit(work, 'lonely one');
    git(work, 'switch', '-q', 'main');
    assert.equal(judge(work, 'git branch -D pushed lonely').f?.severity, 'high');
    assert.equal(judge(work, 'git branch -D no-such-branch').f?.severity, 'medium');
  });

  it('the pack reader resolves offset and ref deltas: every object of a repacked repository reads as git reads it', () => {
    const { work } = repos;
    let text = '';
    for (let i = 0; i < 12; i++) {
      text += `line ${i} of a file that grows a little each commit, so the pack stores deltas\n`;
      commit(work, `grow ${i}`, { 'grow.txt': text, 'same.txt': `${text}\nand a copy\n` });
    }
    // Offset deltas (git's default) and ref deltas (repack.useDeltaBaseOffset=false, as older packs hold).
    for (const offsets of ['true', 'false']) {
      git(work, '-c', `repack.useDeltaBaseOffset=${offsets}`, 'repack', '-q', '-a', '-d', '-f', '--depth=50', '--window=250');
      const pack = readFileSync(path.join(work, '.git', 'objects', 'info', 'packs'), 'utf8').match(/pack-[0-9a-f]+\.pack/)![0];
      assert.match(git(work, 'verify-pack', '-v', path.join(work, '.git', 'objects', 'pack', pack)), /chain length = [1-9]/, 'the fixture must hold deltas');
      const store = new ObjectStore(path.join(work, '.git', 'objects'), 20);
      try {
        const ids = git(work, 'rev-list', '--objects', '--all').split('\n').map((l) => l.split(' ')[0]).filter(Boolean);
        assert.ok(ids.length > 30);
        for (const id of ids) {
          const o = store.read(id);
          const type = git(work, 'cat-file', '-t', id).trim();
          assert.equal(o?.type, type, `${offsets} ${id}`);
          assert.ok(o.data.equals(execRaw(work, type, id)), `${offsets} ${type} ${id}`);
        }
        assert.equal(store.read('0'.repeat(40)), undefined);
        const head = readRefs(path.join(work, '.git'))!.get('refs/heads/main')!;
        const first = git(work, 'rev-list', '--max-parents=0', 'HEAD').trim();
        assert.equal(commitsOnlyIn(store, head, [first], { maxCommits: 100, maxMs: 10_000 })?.commits, 12);
        assert.equal(commitsOnlyIn(store, head, [first], { maxCommits: 5, maxMs: 10_000 })?.bounded, true);
      } finally {
        store.close();
      }
    }
  });
});

function execRaw(cwd: string, type: string, id: string): Buffer {
  return execFileSync('git', ['cat-file', type, id], { cwd });
}
