/**
 * Git repositories built on disk for tests of what the node readers measure (git-index,
 * git-objects, impact-reader): real `git` makes them, so the formats are git's own.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Runs git with a fixed identity and default branch; returns its stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
}

export function write(root: string, rel: string, text: string, opts: { old?: boolean } = {}): string {
  const abs = path.join(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
  // Written an hour ago, so git's index decides by stat alone (no racy-git hashing).
  if (opts.old) {
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(abs, old, old);
  }
  return abs;
}

export function tempDir(prefix = 'br-git-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes the files and commits them; the commit time moves on a second each time, so newest-first walks are ordered. */
let clock = 1_700_000_000;
export function commit(dir: string, message: string, files: Record<string, string> = { [`${message.replace(/\W+/g, '-')}.txt`]: `${message}\n` }): string {
  for (const [rel, text] of Object.entries(files)) write(dir, rel, text, { old: true });
  git(dir, 'add', '-A');
  clock += 60;
  const date = `${clock} +0000`;
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', 'commit', '-qm', message], {
    cwd: dir,
    stdio: 'ignore',
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
  return git(dir, 'rev-parse', 'HEAD').trim();
}

/**
 * A bare `origin` and a clone of it (`work`) on branch `main` with one pushed commit, and a
 * second clone (`other`) for a colleague's pushes.
 */
export function remoteAndClones(root: string): { origin: string; work: string; other: string } {
  const origin = path.join(root, 'origin.git');
  const work = path.join(root, 'work');
  const other = path.join(root, 'other');
  git(root, 'init', '-q', '--bare', origin);
  git(root, 'clone', '-q', origin, work);
  commit(work, 'first');
  git(work, 'push', '-q', '-u', 'origin', 'main');
  git(root, 'clone', '-q', origin, other);
  return { origin, work, other };
}
