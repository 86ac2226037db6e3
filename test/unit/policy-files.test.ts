import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findGitLocation, readGitConfigValue, readGitContext } from '../../src/node/git-context';
import { loadEffectivePolicy, readPolicyFile, userPolicyPath } from '../../src/node/policy-files';

describe('policy files', () => {
  let tmp: string;
  let home: string;
  let config: string;
  let repo: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'br-policy-'));
    home = path.join(tmp, 'home');
    config = path.join(tmp, 'xdg');
    repo = path.join(tmp, 'repo');
    mkdirSync(home, { recursive: true });
    mkdirSync(path.join(config, 'blast-radius'), { recursive: true });
    mkdirSync(path.join(repo, 'sub'), { recursive: true });
    env = { XDG_CONFIG_HOME: config };
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const writeUser = (text: string): void => writeFileSync(path.join(config, 'blast-radius', 'policy.json'), text);
  const writeRepo = (text: string): void => writeFileSync(path.join(repo, '.blast-radius.json'), text);
  const load = (extra: { strictnessFlag?: string; env?: NodeJS.ProcessEnv } = {}) =>
    loadEffectivePolicy({ cwd: path.join(repo, 'sub'), workspaceRoot: repo, env: extra.env ?? env, home, platform: 'linux', strictnessFlag: extra.strictnessFlag });

  describe('userPolicyPath', () => {
    it('uses XDG_CONFIG_HOME, else ~/.config', () => {
      assert.equal(userPolicyPath({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux', '/home/u'), '/x/cfg/blast-radius/policy.json');
      assert.equal(userPolicyPath({}, 'darwin', '/Users/u'), '/Users/u/.config/blast-radius/policy.json');
    });
    it('ignores a relative XDG_CONFIG_HOME, as the XDG spec says', () => {
      assert.equal(userPolicyPath({ XDG_CONFIG_HOME: 'cfg' }, 'linux', '/home/u'), '/home/u/.config/blast-radius/policy.json');
    });
    it('uses %APPDATA% on Windows', () => {
      assert.equal(userPolicyPath({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Roaming\\blast-radius\\policy.json');
      assert.equal(userPolicyPath({}, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Roaming\\blast-radius\\policy.json');
    });
  });

  it('no files: the default policy and no warnings', () => {
    const { policy, warnings, sources } = load();
    assert.deepEqual(policy, { strictness: 'balanced', rules: {}, allow: [] });
    assert.deepEqual(warnings, []);
    assert.deepEqual(sources, []);
  });

  it('reads comments and trailing commas', () => {
    writeUser(`{
      // Loosen for my own machine.
      "strictness": "relaxed", /* block comment */
      "rules": { "GIT*": "downgrade", },
      "allow": [{ "command": "make clean" }],
    }`);
    const { policy, warnings } = load();
    assert.deepEqual(warnings, []);
    assert.deepEqual(policy, { strictness: 'relaxed', rules: { 'GIT*': 'downgrade' }, allow: [{ command: 'make clean' }] });
  });

  it('a broken user file gives the defaults and one warning line naming the file and the place', () => {
    writeUser('{ "strictness": "off", ');
    const { policy, warnings } = load();
    assert.equal(policy.strictness, 'balanced');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /policy\.json: not valid JSON: .* at line 1, column \d+; using the default policy$/);
    assert.ok(!warnings[0].includes('\n'));
  });

  it('bad values fall back one by one, with a warning each', () => {
    writeUser('{ "strictness": "yolo", "rules": { "FS001": "upgrade", "FS002": 3 } }');
    const { policy, warnings } = load();
    assert.deepEqual(policy, { strictness: 'balanced', rules: { FS001: 'upgrade' }, allow: [] });
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /strictness: unknown strictness "yolo"/);
    assert.match(warnings[1], /rules\.FS002/);
  });

  it('a file that is not an object counts as bad values, not a crash', () => {
    writeUser('[1, 2, 3]');
    const { policy, warnings } = load();
    assert.equal(policy.strictness, 'balanced');
    assert.equal(warnings.length, 1);
  });

  it('an unreadable path is a warning, not a crash', () => {
    mkdirSync(path.join(config, 'blast-radius', 'policy.json'));
    const { policy, warnings } = load();
    assert.equal(policy.strictness, 'balanced');
    assert.match(warnings[0], /cannot read \(EISDIR\)/);
  });

  it('the repository file may tighten', () => {
    writeUser('{ "strictness": "relaxed" }');
    writeRepo('{ "strictness": "strict", "rules": { "DB001": "upgrade" } }');
    const { policy, warnings, sources } = load();
    assert.equal(policy.strictness, 'strict');
    assert.deepEqual(policy.floors, { DB001: 'upgrade' });
    assert.deepEqual(warnings, []);
    assert.equal(sources.length, 2);
  });

  it('the repository file cannot loosen: what it tried is ignored and named in one warning', () => {
    writeUser('{ "strictness": "strict", "allow": [{ "command": "make clean" }] }');
    writeRepo('{ "strictness": "off", "rules": { "FS001": "off", "GIT*": "downgrade" }, "allow": [{ "command": "rm -rf /" }] }');
    const { policy, warnings } = load();
    assert.equal(policy.strictness, 'strict');
    assert.deepEqual(policy.rules, {});
    assert.deepEqual(policy.allow, [{ command: 'make clean' }]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /\.blast-radius\.json: ignored \(a repository policy can only tighten\): /);
    for (const what of ['FS001', 'GIT*', 'allow', 'strictness "off"']) assert.ok(warnings[0].includes(what), what);
  });

  it('a broken repository file is ignored with a warning', () => {
    writeRepo('{ nope');
    const { policy, warnings } = load();
    assert.equal(policy.strictness, 'balanced');
    assert.match(warnings[0], /\.blast-radius\.json: not valid JSON.*; ignored$/);
  });

  it('the repository file is looked up at the workspace root, else at cwd', () => {
    writeRepo('{ "strictness": "paranoid" }');
    assert.equal(loadEffectivePolicy({ cwd: repo, env, home, platform: 'linux' }).policy.strictness, 'paranoid');
    assert.equal(loadEffectivePolicy({ cwd: path.join(repo, 'sub'), env, home, platform: 'linux' }).policy.strictness, 'balanced');
  });

  it('the --strictness flag sets the level for the call, up or down', () => {
    writeUser('{ "strictness": "strict" }');
    assert.equal(load({ strictnessFlag: 'relaxed' }).policy.strictness, 'relaxed');
    assert.equal(load({ strictnessFlag: 'paranoid' }).policy.strictness, 'paranoid');
    const bad = load({ strictnessFlag: 'max' });
    assert.equal(bad.policy.strictness, 'strict');
    assert.equal(bad.warnings.length, 1);
  });

  it('BLAST_RADIUS_STRICTNESS only tightens', () => {
    writeUser('{ "strictness": "strict" }');
    assert.equal(load({ env: { ...env, BLAST_RADIUS_STRICTNESS: 'off' } }).policy.strictness, 'strict');
    assert.equal(load({ env: { ...env, BLAST_RADIUS_STRICTNESS: 'paranoid' } }).policy.strictness, 'paranoid');
    // Not even a loosening flag gets past a stricter environment.
    assert.equal(load({ env: { ...env, BLAST_RADIUS_STRICTNESS: 'strict' }, strictnessFlag: 'off' }).policy.strictness, 'strict');
    const bad = load({ env: { ...env, BLAST_RADIUS_STRICTNESS: 'nah' } });
    assert.equal(bad.policy.strictness, 'strict');
    assert.match(bad.warnings[0], /BLAST_RADIUS_STRICTNESS="nah" is not a strictness level/);
  });

  it('readPolicyFile: missing is not an error', () => {
    assert.deepEqual(readPolicyFile(path.join(tmp, 'nope.json')), { exists: false });
    assert.deepEqual(readPolicyFile(path.join(tmp, 'nope', 'deeper.json')), { exists: false });
  });
});

describe('git context', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'br-git-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  function repo(name: string, files: Record<string, string>): string {
    const root = path.join(tmp, name);
    for (const [rel, text] of Object.entries(files)) {
      const f = path.join(root, rel);
      mkdirSync(path.dirname(f), { recursive: true });
      writeFileSync(f, text);
    }
    return root;
  }
  const opts = { home: '/nonexistent-home', env: {} };

  it('outside a repository: nothing', () => {
    mkdirSync(path.join(tmp, 'plain'));
    // tmp itself may sit inside a repository on some machines; only assert on what we built.
    const ctx = readGitContext(path.join(tmp, 'plain'), opts);
    if (ctx.topLevel) assert.ok(!ctx.topLevel.startsWith(tmp));
  });

  it('finds the branch and top-level from a subfolder; origin/HEAD gives the default branch', () => {
    const root = repo('r', { '.git/HEAD': 'ref: refs/heads/feature/x\n', '.git/refs/remotes/origin/HEAD': 'ref: refs/remotes/origin/trunk\n', 'a/b/.keep': '' });
    assert.deepEqual(readGitContext(path.join(root, 'a', 'b'), opts), { topLevel: root, branch: 'feature/x', defaultBranch: 'trunk' });
  });

  it('detached HEAD has no branch', () => {
    const root = repo('r', { '.git/HEAD': '0123456789abcdef0123456789abcdef01234567\n' });
    assert.equal(readGitContext(root, opts).branch, undefined);
  });

  it('falls back to origin/main or origin/master in packed-refs', () => {
    const root = repo('r', { '.git/HEAD': 'ref: refs/heads/dev\n', '.git/packed-refs': '# pack-refs with: peeled fully-peeled sorted\nabc refs/remotes/origin/master\n^def\n' });
    assert.equal(readGitContext(root, opts).defaultBranch, 'master');
  });

  it('then init.defaultBranch when that branch exists, then a local main or master, then main', () => {
    const a = repo('a', { '.git/HEAD': 'ref: refs/heads/x\n', '.git/config': '[core]\n\tbare = false\n[init]\n\tdefaultBranch = trunk\n', '.git/refs/heads/trunk': 'abc\n', '.git/refs/heads/master': 'abc\n' });
    assert.equal(readGitContext(a, opts).defaultBranch, 'trunk');
    const b = repo('b', { '.git/HEAD': 'ref: refs/heads/x\n', '.git/refs/heads/master': 'abc\n' });
    assert.equal(readGitContext(b, opts).defaultBranch, 'master');
    const c = repo('c', { '.git/HEAD': 'ref: refs/heads/x\n', '.git/packed-refs': 'abc refs/heads/main\nabc refs/heads/master\n' });
    assert.equal(readGitContext(c, opts).defaultBranch, 'main');
    const d = repo('d', { '.git/HEAD': 'ref: refs/heads/x\n' });
    assert.equal(readGitContext(d, opts).defaultBranch, 'main');
  });

  it('reads init.defaultBranch from the global config for an unborn repository', () => {
    const home = path.join(tmp, 'home');
    repo('home', { '.gitconfig': '[user]\n\tname = x\n[init]\n    defaultBranch = "develop" ; comment\n' });
    const root = repo('r', { '.git/HEAD': 'ref: refs/heads/develop\n' });
    assert.equal(readGitContext(root, { home, env: {} }).defaultBranch, 'develop');
  });

  it('follows a worktree .git file to its gitdir and the common dir', () => {
    const main = repo('main', { '.git/HEAD': 'ref: refs/heads/main\n', '.git/refs/remotes/origin/HEAD': 'ref: refs/remotes/origin/main\n', '.git/worktrees/wt/HEAD': 'ref: refs/heads/topic\n', '.git/worktrees/wt/commondir': '../..\n' });
    const wt = repo('wt', { '.git': `gitdir: ${path.join(main, '.git', 'worktrees', 'wt')}\n`, 'src/.keep': '' });
    // The main working tree holds this worktree's history: it is named too.
    assert.deepEqual(readGitContext(path.join(wt, 'src'), opts), { topLevel: wt, mainTree: main, branch: 'topic', defaultBranch: 'main' });
    const loc = findGitLocation(wt)!;
    assert.equal(loc.commonDir, path.join(main, '.git'));
  });

  it('a relative gitdir resolves against the folder holding the .git file (submodules)', () => {
    repo('super', { '.git/modules/sub/HEAD': 'ref: refs/heads/sub-branch\n' });
    const sub = repo('super/sub', { '.git': 'gitdir: ../.git/modules/sub\n' });
    assert.equal(readGitContext(sub, opts).branch, 'sub-branch');
    // A submodule's git folder is its own, not a worktree's: no main working tree elsewhere.
    assert.equal(readGitContext(sub, opts).mainTree, undefined);
  });

  it('readGitConfigValue: last value wins; subsections do not count', () => {
    const text = '[init]\n defaultBranch = a\n[init "x"]\n defaultBranch = b\n[INIT]\n DefaultBranch = c # note\n';
    assert.equal(readGitConfigValue(text, 'init', 'defaultbranch'), 'c');
    assert.equal(readGitConfigValue('', 'init', 'defaultbranch'), undefined);
  });
});
