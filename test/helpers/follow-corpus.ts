/**
 * The followed-command corpus (test/corpus-follow/README.md): loads the cases and writes each
 * one's files into a throwaway workspace laid out like test/helpers/context.ts.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CommandContext, Decision, ShellKind } from '../../src/core/types';
import { CaseWrites, FixtureArea } from './fixture-area';

export { FixtureArea } from './fixture-area';

export const FOLLOW_KINDS = ['package-script', 'make', 'just', 'task', 'shell-script', 'interpreter', 'inline-code', 'container', 'invoke', 'diskpart-script'] as const;
export type FollowKind = (typeof FOLLOW_KINDS)[number];

export type FixtureFile =
  | string
  | { text: string; mode?: string }
  | { base64: string }
  | { repeat: string; times: number }
  | { symlink: string }
  | { fifo: true };

export interface FollowCase {
  cmd: string;
  kind: FollowKind;
  files: Record<string, FixtureFile>;
  expect: Decision;
  cwd?: string;
  rule?: string;
  via?: string[];
  shell?: ShellKind;
  note?: string;
  /** Where it was read from. */
  file: string;
  line: number;
}

export const FOLLOW_CORPUS_DIR = path.join(__dirname, '..', 'corpus-follow');

/** Every case, with a clear error for a line that breaks the format. */
export function loadFollowCorpus(dir = FOLLOW_CORPUS_DIR): FollowCase[] {
  const out: FollowCase[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) {
    readFileSync(path.join(dir, f), 'utf8').split('\n').forEach((l, i) => {
      if (!l.trim() || l.startsWith('//')) return;
      const where = `${f}:${i + 1}`;
      let c: FollowCase;
      try {
        c = JSON.parse(l) as FollowCase;
      } catch (e) {
        throw new Error(`${where}: not JSON (${String(e)})`, { cause: e });
      }
      if (typeof c.cmd !== 'string' || !['allow', 'warn', 'gate'].includes(c.expect) || !FOLLOW_KINDS.includes(c.kind) || typeof c.files !== 'object' || c.files === null) {
        throw new Error(`${where}: needs "cmd", "kind" (${FOLLOW_KINDS.join(', ')}), "files" and "expect" (allow, warn or gate)`);
      }
      for (const p of Object.keys(c.files)) if (path.isAbsolute(p) || p.split('/').includes('..')) throw new Error(`${where}: file ${p} must be inside the case's folder`);
      out.push({ ...c, file: f, line: i + 1 });
    });
  }
  return out;
}

export interface Fixture {
  root: string;
  home: string;
  workspace: string;
  tmp: string;
  cwd: string;
  /** The context a command in this fixture is judged in (without the reader). */
  ctx: CommandContext;
  remove(): void;
}

/**
 * Writes a case's files under a fresh temp folder, or into `area`, where `remove()` takes away
 * what the case made and checks that nothing else is left.
 */
export function materialize(c: Pick<FollowCase, 'files' | 'cwd' | 'shell'>, area?: FixtureArea): Fixture {
  const root = area ? area.root : realpathSync(mkdtempSync(path.join(os.tmpdir(), 'br-follow-')));
  const home = path.join(root, 'home', 'dev');
  const workspace = path.join(home, 'project');
  const tmp = path.join(root, 'tmp');
  if (area) area.keep(workspace, tmp);
  else {
    mkdirSync(workspace, { recursive: true });
    mkdirSync(tmp, { recursive: true });
  }
  const writes = area ? area.begin() : new CaseWrites(root, new Set());
  for (const [rel, content] of Object.entries(c.files)) {
    const abs = writes.file(rel.startsWith('~/') ? path.join(home, rel.slice(2)) : path.join(workspace, rel));
    if (typeof content === 'string') {
      writeFileSync(abs, content);
      chmodSync(abs, content.startsWith('#!') ? 0o755 : 0o644);
    } else if ('text' in content) {
      writeFileSync(abs, content.text);
      chmodSync(abs, parseInt(content.mode ?? (content.text.startsWith('#!') ? '0755' : '0644'), 8));
    } else if ('base64' in content) {
      writeFileSync(abs, Buffer.from(content.base64, 'base64'));
      chmodSync(abs, 0o755);
    } else if ('repeat' in content) writeFileSync(abs, content.repeat.repeat(content.times));
    else if ('symlink' in content) symlinkSync(content.symlink, abs);
    else if ('fifo' in content) execFileSync('mkfifo', [abs]);
  }
  const cwd = path.join(workspace, c.cwd ?? '.');
  writes.dir(cwd);
  const ctx: CommandContext = {
    cwd,
    workspaceRoot: workspace,
    home,
    gitBranch: 'feature/login',
    defaultBranch: 'main',
    tempDirs: [tmp],
    repositoryRoots: [workspace],
    shell: c.shell ?? 'bash',
  };
  return { root, home, workspace, tmp, cwd, ctx, remove: area ? () => writes.undo() : () => rmSync(root, { recursive: true, force: true }) };
}
