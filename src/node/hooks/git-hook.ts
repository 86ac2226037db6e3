/**
 * The git pre-commit hook: `scan --staged` before every commit, refusing the commit on anything
 * but exit 0 (allow) or 10 (warn), so neither a gate-level change nor a crash of the check lets a
 * commit through. An existing hook is never overwritten: a shell hook gets our block right after
 * its first line (so a later `exit 0` in it cannot skip us), any other hook is kept under a new
 * name and called from a small wrapper. `git commit --no-verify` skips all of it, as always.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { BLOCK_BEGIN, BLOCK_END, blockFormat, type ConfigFormat, ConfigError } from './config-formats';
import { readText, type RemoveResult, removeFromFile, writeTextAtomic } from './install';
import { launcherCommand, runsLauncher } from './launcher';
import type { HostEnv } from './paths';
import { forgetInstall, recordInstall } from './registry';

/** The name an existing non-shell hook is kept under while our wrapper runs in its place. */
export const CHAINED_SUFFIX = '.blast-radius-chained';

export interface GitHookLocation {
  topLevel: string;
  hooksDir: string;
  file: string;
}

function git(cwd: string, args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', windowsHide: true });
  if (r.error) throw new ConfigError(`cannot run git: ${r.error.message}`);
  if (r.status !== 0) throw new ConfigError(`${cwd} is not inside a git repository (${(r.stderr || '').trim().split('\n')[0]})`);
  return r.stdout.trim();
}

/** Where the pre-commit hook lives: `core.hooksPath` when set, else the repository's hooks folder. */
export function locateGitHook(cwd: string): GitHookLocation {
  const topLevel = git(cwd, ['rev-parse', '--show-toplevel']);
  // `--git-path hooks` honours core.hooksPath and linked worktrees.
  const hooksDir = path.resolve(cwd, git(cwd, ['rev-parse', '--git-path', 'hooks']));
  return { topLevel, hooksDir, file: path.join(hooksDir, 'pre-commit') };
}

export function gitHookFormat(launcher: string, launchers: readonly string[], platform: NodeJS.Platform): ConfigFormat {
  const command = launcherCommand(launcher, ['scan', '--staged'], platform);
  return blockFormat({
    begin: `${BLOCK_BEGIN}: pre-commit check (managed; \`blast-radius hooks uninstall git\` removes this block)`,
    end: BLOCK_END,
    body: [
      // `|| status=$?` keeps working under `sh -e` (husky runs hooks that way).
      'blast_radius_status=0',
      `${command} || blast_radius_status=$?`,
      'if [ "$blast_radius_status" -ne 0 ] && [ "$blast_radius_status" -ne 10 ]; then',
      '  echo "blast-radius: commit refused: scan --staged exited $blast_radius_status (20: a change at gate level; anything else: the check itself failed). Undo the change, or commit with --no-verify to skip this check." >&2',
      '  exit 1',
      'fi',
    ].join('\n'),
    afterShebang: true,
    newFile: (block) => `#!/bin/sh\n${block}`,
    commandsOf: (body) => body.split('\n').filter((l) => runsLauncher(l, launchers, ['scan', '--staged'])),
  });
}

function isShellScript(text: string): boolean {
  const first = text.split('\n', 1)[0];
  if (!first.startsWith('#!')) return true;
  return /^#!\s*(\/usr\/bin\/env\s+)?(\S*\/)?(sh|bash|dash|zsh|ksh|ash)\b/.test(first);
}

export interface GitInstallResult {
  file: string;
  changed: boolean;
  /** Set when an existing non-shell hook was kept under this name and is now called by ours. */
  chained?: string;
}

export function installGitHook(cwd: string, host: HostEnv, launcher: string, launchers: readonly string[]): GitInstallResult {
  const loc = locateGitHook(cwd);
  const format = gitHookFormat(launcher, launchers, host.platform);
  const before = readText(loc.file);
  const chained = loc.file + CHAINED_SUFFIX;
  let after: string;
  let chainedNow: string | undefined;
  if (before !== undefined && !isShellScript(before) && !format.find(before).length) {
    if (existsSync(chained)) throw new ConfigError(`${chained} already exists; move it away and try again`);
    renameSync(loc.file, chained);
    chainedNow = chained;
    after = format.add(undefined) + `exec "$(dirname "$0")/${path.basename(chained)}" "$@"\n`;
  } else {
    after = format.add(before);
  }
  if (after !== before) writeTextAtomic(loc.file, after, before === undefined || chainedNow ? 0o755 : undefined);
  if (host.platform !== 'win32') chmodSync(loc.file, 0o755);
  recordInstall(host, { agent: 'git', scope: 'repo', file: loc.file, launcher });
  return { file: loc.file, changed: after !== before, ...(chainedNow ? { chained: chainedNow } : {}) };
}

export function uninstallGitHook(cwd: string, host: HostEnv, launchers: readonly string[]): RemoveResult {
  const loc = locateGitHook(cwd);
  const result = removeGitHookFile(loc.file, launchers, host.platform);
  forgetInstall(host, 'git', loc.file);
  return result;
}

/** Removes our block from a pre-commit file, putting back a hook we had chained. */
export function removeGitHookFile(file: string, launchers: readonly string[], platform: NodeJS.Platform): RemoveResult {
  const chained = file + CHAINED_SUFFIX;
  const text = readText(file);
  if (text !== undefined && existsSync(chained)) {
    const format = gitHookFormat(launchers[0] ?? '', launchers, platform);
    const rest = format.remove(text);
    if (format.find(text).length && /^#!\/bin\/sh\nexec "\$\(dirname "\$0"\)\/[^"\n]+" "\$@"\n$/.test(rest)) {
      renameSync(chained, file);
      return { file, action: 'restored' };
    }
  }
  return removeFromFile(file, (l) => gitHookFormat(l, launchers, platform), launchers);
}

export function gitHookStatus(cwd: string, launchers: readonly string[], platform: NodeJS.Platform): { file?: string; installed: boolean; problem?: string } {
  try {
    const loc = locateGitHook(cwd);
    const text = readText(loc.file);
    return { file: loc.file, installed: text !== undefined && gitHookFormat(launchers[0] ?? '', launchers, platform).find(text).length > 0 };
  } catch (e) {
    return { installed: false, problem: e instanceof Error ? e.message : String(e) };
  }
}
