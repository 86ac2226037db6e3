/**
 * The measured-impact corpus (test/corpus-impact/README.md): command lines judged against real
 * git repositories and Terraform state built for each case, counted by the same node reader the
 * CLI, the hooks and the editor use. Each case says what the count does to the line's weight
 * (`measured`: raised, lowered or same, against the same line judged without counting), and each
 * raised case has a look-alike that must not be raised.
 */
import { readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { CommandContext, Decision, Severity } from '../../src/core/types';
import { commandContextAt } from '../../src/node/command-context';
import { commit, git, tempDir, write } from './git-repo';

export const IMPACT_KINDS = ['delete', 'discard', 'branch', 'terraform'] as const;
export type ImpactKind = (typeof IMPACT_KINDS)[number];

export interface ImpactCase {
  cmd: string;
  kind: ImpactKind;
  /** Files committed on main (the first commit); no repository when absent. */
  committed?: Record<string, string>;
  /** Written after the commit (a change, or an untracked file); null deletes the file. */
  worktree?: Record<string, string | null>;
  /** Paths staged (git add) after the worktree is written. */
  stage?: string[];
  /** Stashes made from a change to the first committed file. */
  stashes?: number;
  /** Branches off main with their own commits; merged ones are merged back, tagged ones tagged. */
  branches?: Record<string, { commits: number; merged?: boolean; tagged?: boolean }>;
  /** Files outside any repository (Terraform state, a folder of notes). */
  files?: Record<string, string>;
  /** Where the line runs, relative to the workspace (default `.`). */
  cwd?: string;
  expect: Decision;
  /** What the count does to the strongest finding, against the same line judged without counting. */
  measured: 'raised' | 'lowered' | 'same';
  /** Text the strongest finding's message must contain, and text it must not. */
  says?: string;
  not?: string;
  note?: string;
  file: string;
  line: number;
}

export const IMPACT_CORPUS_DIR = path.join(__dirname, '..', 'corpus-impact');

export function loadImpactCorpus(dir = IMPACT_CORPUS_DIR): ImpactCase[] {
  const out: ImpactCase[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) {
    readFileSync(path.join(dir, f), 'utf8').split('\n').forEach((l, i) => {
      if (!l.trim() || l.startsWith('//')) return;
      const c = JSON.parse(l) as ImpactCase;
      if (!IMPACT_KINDS.includes(c.kind)) throw new Error(`${f}:${i + 1}: unknown kind ${JSON.stringify(c.kind)}`);
      out.push({ ...c, file: f, line: i + 1 });
    });
  }
  return out;
}

export interface ImpactFixture {
  workspace: string;
  /** The context the CLI would build (with the node impact reader), and the same without counting. */
  ctx: CommandContext;
  uncounted: CommandContext;
  remove(): void;
}

export function materializeImpactCase(c: ImpactCase): ImpactFixture {
  const root = realpathSync(tempDir('br-impact-corpus-'));
  const workspace = path.join(root, 'project');
  if (c.committed) {
    git(root, 'init', '-q', workspace);
    commit(workspace, 'init', c.committed);
    for (const [name, b] of Object.entries(c.branches ?? {})) {
      git(workspace, 'switch', '-q', '-c', name);
      for (let i = 0; i < b.commits; i++) commit(workspace, `${name} ${i + 1}`, { [`${name.replace(/\W/g, '-')}-${i}.txt`]: `${name} ${i}\n` });
      git(workspace, 'switch', '-q', 'main');
      if (b.merged) git(workspace, 'merge', '-q', '--no-ff', '-m', `merge ${name}`, name);
      if (b.tagged) git(workspace, 'tag', `keep-${name.replace(/\W/g, '-')}`, name);
    }
    const first = Object.keys(c.committed)[0];
    for (let i = 0; i < (c.stashes ?? 0); i++) {
      write(workspace, first, `stashed change ${i}\n`);
      git(workspace, 'stash', '-q');
    }
  }
  for (const [rel, text] of Object.entries(c.files ?? {})) write(workspace, rel, text, { old: true });
  for (const [rel, text] of Object.entries(c.worktree ?? {})) {
    if (text === null) rmSync(path.join(workspace, rel), { force: true });
    else write(workspace, rel, text);
  }
  if (c.stage?.length) git(workspace, 'add', '--', ...c.stage);
  const env = { HOME: path.join(root, 'home') };
  const cwd = path.join(workspace, c.cwd ?? '.');
  const ctx = commandContextAt({ cwd, workspace, env });
  const uncounted: CommandContext = { ...commandContextAt({ cwd, workspace, env }), impact: undefined };
  return { workspace, ctx, uncounted, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export const SEVERITY_ORDER: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
