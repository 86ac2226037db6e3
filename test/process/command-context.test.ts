/**
 * The CommandContext the CLI and the hooks build from the caller's environment and folders
 * (src/node/command-context.ts): the caller's home and temp folders, the workspace, the other
 * folders the user works in and the repositories holding them, read from real repositories.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evaluateCommand } from '../../src/core/engine';
import type { CommandContext } from '../../src/core/types';
import { agentProjectDirs, commandContextAt, tempDirsOf } from '../../src/node/command-context';
import { readGitContext, repositoryRootsOf } from '../../src/node/git-context';

describe('command context from the caller’s environment and folders', function () {
  this.timeout(30_000);
  let tmp = '';
  let home = '';
  let repo = '';
  let app = '';
  let worktree = '';
  let env: NodeJS.ProcessEnv = {};

  const git = (cwd: string, ...args: string[]): void => {
    const r = spawnSync('git', args, { cwd, env: { ...env, PATH: process.env.PATH, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 'T', GIT_COMMITTER_EMAIL: 't@example.invalid' }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  };

  before(() => {
    // Everything under the temp folder, as in a CI image or an agent sandbox.
    tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'br-ctx-')));
    home = path.join(tmp, 'u');
    repo = path.join(tmp, 'x', 'repo');
    app = path.join(repo, 'packages', 'app');
    worktree = path.join(tmp, 'wt', 'feature');
    mkdirSync(home, { recursive: true });
    mkdirSync(app, { recursive: true });
    env = { HOME: home, TMPDIR: tmp };
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'init');
    git(repo, 'worktree', 'add', '-q', '-b', 'feature', worktree);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('temp folders come from the caller’s TMPDIR, TMP and TEMP, not from this process', () => {
    assert.deepEqual(tempDirsOf({ TMPDIR: '/sandbox/' }), ['/sandbox/']);
    assert.deepEqual(tempDirsOf({ TMPDIR: '/a', TMP: '/b', TEMP: '/a' }), ['/a', '/b']);
    assert.deepEqual(tempDirsOf({ TMPDIR: 'relative/tmp' }), [os.tmpdir()]);
    assert.deepEqual(tempDirsOf({}), [os.tmpdir()]);
  });

  it('an agent’s project folders come from its hook environment, absolute ones only', () => {
    assert.deepEqual(agentProjectDirs({ CLAUDE_PROJECT_DIR: '/p/a', GEMINI_PROJECT_DIR: 'rel' }), ['/p/a']);
    assert.deepEqual(agentProjectDirs({ GEMINI_PROJECT_DIR: '/p/b' }), ['/p/b']);
  });

  it('a linked worktree names its main working tree as a repository too', () => {
    assert.deepEqual(repositoryRootsOf([app]), [repo]);
    assert.deepEqual(repositoryRootsOf([worktree]), [worktree, repo]);
    assert.equal(readGitContext(worktree).mainTree, repo);
    assert.equal(readGitContext(repo).mainTree, undefined);
    assert.deepEqual(repositoryRootsOf([path.join(tmp, 'u')]), []);
  });

  it('without a named workspace: git’s top level is the workspace and the repository; home and temp are the caller’s', () => {
    const ctx = commandContextAt({ cwd: app, env });
    assert.equal(ctx.workspaceRoot, repo);
    assert.deepEqual(ctx.repositoryRoots, [repo]);
    assert.equal(ctx.home, home);
    assert.deepEqual(ctx.tempDirs, [tmp]);
    assert.equal(ctx.gitBranch, 'main');
  });

  it('a named workspace inside a repository: the repository holding it is passed along', () => {
    const ctx = commandContextAt({ cwd: app, workspace: app, env });
    assert.equal(ctx.workspaceRoot, app);
    assert.deepEqual(ctx.repositoryRoots, [repo]);
  });

  it('other folders (a multi-root workspace, an agent’s project) and their repositories', () => {
    const other = path.join(tmp, 'y', 'notes');
    mkdirSync(other, { recursive: true });
    const ctx = commandContextAt({ cwd: other, folders: [other, worktree], env });
    assert.equal(ctx.workspaceRoot, other);
    assert.deepEqual(ctx.workspaceFolders, [worktree]);
    assert.deepEqual(ctx.repositoryRoots, [worktree, repo]);
  });

  it('the engine, given this context, keeps the user’s places inside the temp folder', () => {
    const judge = (line: string, ctx: CommandContext): string => evaluateCommand(line, { ctx: { ...ctx, shell: 'bash' } }).decision;
    const inApp = commandContextAt({ cwd: app, workspace: app, env });
    assert.equal(judge('rm -rf ~', inApp), 'gate');
    assert.equal(judge(`rm -rf ${home}`, inApp), 'gate');
    assert.equal(judge('rm -rf ../..', inApp), 'gate', 'the repository holding the workspace');
    assert.equal(judge('rm -rf ../api', inApp), 'gate', 'a package beside the workspace');
    const inWorktree = commandContextAt({ cwd: worktree, env });
    assert.equal(judge(`rm -rf ${repo}`, inWorktree), 'gate', 'the main working tree of this worktree');
    assert.equal(judge(`rm -rf ${path.join(tmp, 'some-clone')}`, inWorktree), 'allow', 'a clone elsewhere in the temp folder');
  });
});
