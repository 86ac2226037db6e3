/**
 * The git pre-commit check, installed with the real CLI into temporary repositories: a staged
 * `DROP TABLE` migration is refused, a harmless commit goes through, an existing hook keeps
 * running, a crash of the check refuses the commit, `--no-verify` still skips it, and uninstall
 * gives back the hook that was there.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCliOnce } from '../helpers/build';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

describe('hooks install git: the pre-commit check', function () {
  this.timeout(60_000);
  let tmp = '';
  let repo = '';
  let env: NodeJS.ProcessEnv = {};

  before(function () {
    this.timeout(120_000);
    buildCliOnce();
  });
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'br-githook-'));
    const home = path.join(tmp, 'home');
    mkdirSync(home);
    repo = path.join(tmp, 'repo');
    mkdirSync(repo);
    env = {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
    };
    git('init', '-q', '-b', 'main');
    writeFileSync(path.join(repo, 'README.md'), 'Hello\n');
    git('add', 'README.md');
    git('commit', '-q', '-m', 'init');
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  function git(...args: string[]) {
    const r = spawnSync('git', args, { cwd: repo, env, encoding: 'utf8' });
    if (r.error) throw r.error;
    return r;
  }
  function hooks(...args: string[]) {
    return spawnSync(process.execPath, [CLI, 'hooks', ...args], { cwd: repo, env, encoding: 'utf8' });
  }
  const head = (): string => git('rev-parse', 'HEAD').stdout.trim();
  const stageDropTable = (): void => {
    mkdirSync(path.join(repo, 'migrations'), { recursive: true });
    writeFileSync(path.join(repo, 'migrations', '001.sql'), 'DROP TABLE users;\n');
    git('add', 'migrations/001.sql');
  };

  it('refuses a staged DROP TABLE migration, printing the report; accepts a harmless commit', () => {
    const r = hooks('install', 'git');
    assert.equal(r.status, 0, r.stderr);
    const hookFile = path.join(repo, '.git', 'hooks', 'pre-commit');
    assert.match(readFileSync(hookFile, 'utf8'), /^#!\/bin\/sh\n# >>> blast-radius/);

    stageDropTable();
    const before = head();
    const refused = git('commit', '-m', 'drop users');
    assert.notEqual(refused.status, 0, 'the commit must be refused');
    assert.equal(head(), before);
    assert.match(refused.stdout + refused.stderr, /SQL002/);
    assert.match(refused.stdout + refused.stderr, /migrations\/001\.sql/);
    assert.match(refused.stderr, /commit refused: scan --staged exited 20/);

    git('reset', '-q', 'migrations/001.sql');
    writeFileSync(path.join(repo, 'README.md'), 'Hello, world\n');
    git('add', 'README.md');
    const ok = git('commit', '-m', 'greet');
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.notEqual(head(), before);
  });

  it('--no-verify still skips it', () => {
    assert.equal(hooks('install', 'git').status, 0);
    stageDropTable();
    const r = git('commit', '--no-verify', '-m', 'drop users anyway');
    assert.equal(r.status, 0, r.stderr);
  });

  it('a crash of the check refuses the commit (only 0 and 10 let it through)', () => {
    const broken = path.join(tmp, 'broken-launcher');
    writeFileSync(broken, '#!/bin/sh\necho "boom" >&2\nexit 70\n', { mode: 0o755 });
    assert.equal(hooks('install', 'git', '--launcher', broken).status, 0);
    writeFileSync(path.join(repo, 'README.md'), 'Hello again\n');
    git('add', 'README.md');
    const r = git('commit', '-m', 'harmless but the check crashed');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /exited 70/);
  });

  it('a warn-level change (exit 10) is committed, with the report shown', () => {
    const warnOnly = path.join(tmp, 'warn-launcher');
    writeFileSync(warnOnly, '#!/bin/sh\necho "WARN: something to look at"\nexit 10\n', { mode: 0o755 });
    assert.equal(hooks('install', 'git', '--launcher', warnOnly).status, 0);
    writeFileSync(path.join(repo, 'README.md'), 'Hello again\n');
    git('add', 'README.md');
    const r = git('commit', '-m', 'warned');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout + r.stderr, /WARN: something to look at/);
  });

  it('an existing shell hook keeps running (ours goes first), install is idempotent, uninstall restores it', () => {
    const hookFile = path.join(repo, '.git', 'hooks', 'pre-commit');
    const original = '#!/bin/sh\n# the team\'s own check\ntouch "$(git rev-parse --git-dir)/theirs-ran"\nexit 0\n';
    writeFileSync(hookFile, original, { mode: 0o755 });
    assert.equal(hooks('install', 'git').status, 0);
    const installed = readFileSync(hookFile, 'utf8');
    assert.ok(installed.endsWith(original.slice('#!/bin/sh\n'.length)), 'their lines are all still there, unchanged');
    assert.equal(hooks('install', 'git').status, 0);
    assert.equal(readFileSync(hookFile, 'utf8'), installed, 'second install is byte-identical');

    stageDropTable();
    assert.notEqual(git('commit', '-m', 'drop').status, 0, 'their `exit 0` cannot skip our check');
    git('reset', '-q', 'migrations/001.sql');
    writeFileSync(path.join(repo, 'README.md'), 'Hi\n');
    git('add', 'README.md');
    assert.equal(git('commit', '-m', 'hi').status, 0);
    assert.ok(existsSync(path.join(repo, '.git', 'theirs-ran')), 'their hook ran');

    assert.equal(hooks('uninstall', 'git').status, 0);
    assert.equal(readFileSync(hookFile, 'utf8'), original);
  });

  it('an existing hook in another language is chained, not rewritten', () => {
    const hookFile = path.join(repo, '.git', 'hooks', 'pre-commit');
    const original = `#!${process.execPath}\nrequire('fs').writeFileSync(require('path').join(process.cwd(), '.git', 'node-hook-ran'), '');\n`;
    writeFileSync(hookFile, original, { mode: 0o755 });
    const r = hooks('install', 'git');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /your hook now runs from pre-commit\.blast-radius-chained/);
    assert.equal(readFileSync(`${hookFile}.blast-radius-chained`, 'utf8'), original);
    writeFileSync(path.join(repo, 'README.md'), 'Hi\n');
    git('add', 'README.md');
    assert.equal(git('commit', '-m', 'hi').status, 0);
    assert.ok(existsSync(path.join(repo, '.git', 'node-hook-ran')), 'the chained hook ran');
    assert.equal(hooks('uninstall', 'git').status, 0);
    assert.equal(readFileSync(hookFile, 'utf8'), original);
    assert.ok(!existsSync(`${hookFile}.blast-radius-chained`));
  });

  it('core.hooksPath: the hook goes where git looks (husky-style, run with sh -e)', () => {
    mkdirSync(path.join(repo, '.husky'));
    git('config', 'core.hooksPath', '.husky');
    const hookFile = path.join(repo, '.husky', 'pre-commit');
    writeFileSync(hookFile, 'set -e\ntrue\n', { mode: 0o755 });
    assert.equal(hooks('install', 'git').status, 0);
    assert.ok(!existsSync(path.join(repo, '.git', 'hooks', 'pre-commit')));
    assert.match(readFileSync(hookFile, 'utf8'), /^# >>> blast-radius[\s\S]*set -e\ntrue\n$/);
    stageDropTable();
    assert.notEqual(git('commit', '-m', 'drop').status, 0);
    assert.equal(hooks('uninstall', 'git').status, 0);
    assert.equal(readFileSync(hookFile, 'utf8'), 'set -e\ntrue\n');
  });

  it('a hook we created is deleted on uninstall; status follows', () => {
    assert.equal(hooks('install', 'git').status, 0);
    assert.match(hooks('status').stdout, /^git +repo +installed/m);
    assert.equal(hooks('uninstall', 'git').status, 0);
    assert.ok(!existsSync(path.join(repo, '.git', 'hooks', 'pre-commit')));
    assert.match(hooks('status').stdout, /^git +repo +- /m);
  });
});
