/**
 * The environment corpus (test/corpus-env/README.md): command lines judged against fixture
 * configuration files (kubeconfig, ~/.aws/config, gcloud and az profiles, Terraform workspace
 * files, Pulumi stacks, git config) written into a throwaway home and workspace, read through
 * the same node reader the CLI, the hooks and the editor use. The format and the layout follow
 * the followed-command corpus's (test/corpus-follow/README.md): `{cmd, files, expect, cwd?}`,
 * files relative to the workspace or `~/` for the home; this corpus adds `source`, `env`,
 * `policy`, `production` and `says`.
 */
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaseWrites, FixtureArea } from './fixture-area';
import type { CommandContext, Decision } from '../../src/core/types';

export const ENV_SOURCES = ['kubernetes', 'aws', 'gcp', 'azure', 'terraform', 'pulumi', 'database', 'git', 'line'] as const;
export type EnvSource = (typeof ENV_SOURCES)[number];

export type EnvFixtureFile = string | { repeat: string; times: number };

export interface EnvCase {
  cmd: string;
  /** Which source of facts the case is about. */
  source: EnvSource;
  files: Record<string, EnvFixtureFile>;
  expect: Decision;
  /** Where the line runs, relative to the workspace (default `.`). */
  cwd?: string;
  /** The caller's environment variables; a value starting with `~/` is in the fixture home. */
  env?: Record<string, string>;
  /** The user's policy (JSON as in policy.json), e.g. `{"production": {"accounts": ["…"]}}`. */
  policy?: Record<string, unknown>;
  /** Some finding acts on production (true), or none does (false). */
  production?: boolean;
  /** Text the strongest finding's message must contain. */
  says?: string;
  /** A rule that must be among the findings. */
  rule?: string;
  /** The workspace folder's name (default `project`): a repository's own name never counts as production. */
  workspace?: string;
  /** Files (as in `files`) changed after the agent's session started. */
  written?: string[];
  /** The current git branch (default `feature/login`). */
  branch?: string;
  note?: string;
  file: string;
  line: number;
}

export const ENV_CORPUS_DIR = path.join(__dirname, '..', 'corpus-env');

export function loadEnvCorpus(dir = ENV_CORPUS_DIR): EnvCase[] {
  const out: EnvCase[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl')).sort()) {
    readFileSync(path.join(dir, f), 'utf8').split('\n').forEach((l, i) => {
      if (!l.trim() || l.startsWith('//')) return;
      const where = `${f}:${i + 1}`;
      let c: EnvCase;
      try {
        c = JSON.parse(l) as EnvCase;
      } catch (e) {
        throw new Error(`${where}: not JSON (${String(e)})`, { cause: e });
      }
      if (typeof c.cmd !== 'string' || !['allow', 'warn', 'gate'].includes(c.expect) || !ENV_SOURCES.includes(c.source) || typeof c.files !== 'object' || c.files === null) {
        throw new Error(`${where}: needs "cmd", "source" (${ENV_SOURCES.join(', ')}), "files" and "expect" (allow, warn or gate)`);
      }
      for (const p of Object.keys(c.files)) if (path.isAbsolute(p) || p.split('/').includes('..')) throw new Error(`${where}: file ${p} must be inside the case's folder`);
      out.push({ ...c, file: f, line: i + 1 });
    });
  }
  return out;
}

export interface EnvFixture {
  root: string;
  home: string;
  workspace: string;
  cwd: string;
  /** The caller's environment, `~/` expanded. */
  env: NodeJS.ProcessEnv;
  /** The context without the reader. */
  ctx: CommandContext;
  /** When the agent's session started, if the case marks files as written since. */
  sessionStart?: number;
  remove(): void;
}

/**
 * Writes a case's files under a fresh temp folder, or into `area`, where `remove()` takes away
 * what the case made and checks that nothing else is left.
 */
export function materializeEnvCase(c: Pick<EnvCase, 'files' | 'cwd' | 'env' | 'workspace' | 'written' | 'branch'>, area?: FixtureArea): EnvFixture {
  const root = area ? area.root : realpathSync(mkdtempSync(path.join(os.tmpdir(), 'br-env-')));
  const home = path.join(root, 'home', 'dev');
  const workspace = path.join(home, c.workspace ?? 'project');
  if (area) area.keep(home);
  const writes = area ? area.begin() : new CaseWrites(root, new Set());
  writes.dir(workspace);
  const abs = (rel: string): string => (rel.startsWith('~/') ? path.join(home, rel.slice(2)) : path.join(workspace, rel));
  const old = new Date(Date.now() - 3600_000);
  for (const [rel, content] of Object.entries(c.files)) {
    const p = writes.file(abs(rel));
    writeFileSync(p, typeof content === 'string' ? content : content.repeat.repeat(content.times));
    utimesSync(p, old, old);
  }
  let sessionStart: number | undefined;
  if (c.written?.length) {
    sessionStart = Date.now() - 60_000;
    for (const rel of c.written) utimesSync(abs(rel), new Date(), new Date());
  }
  const cwd = path.join(workspace, c.cwd ?? '.');
  writes.dir(cwd);
  const env: NodeJS.ProcessEnv = { HOME: home, PATH: '/usr/bin:/bin' };
  for (const [k, v] of Object.entries(c.env ?? {})) env[k] = v.replace(/(^|:)~\//g, `$1${home}/`);
  const ctx: CommandContext = {
    cwd,
    workspaceRoot: workspace,
    home,
    gitBranch: c.branch ?? 'feature/login',
    defaultBranch: 'main',
    tempDirs: [path.join(root, 'tmp')],
    repositoryRoots: [workspace],
    shell: 'bash',
  };
  return { root, home, workspace, cwd, env, ctx, sessionStart, remove: area ? () => writes.undo() : () => rmSync(root, { recursive: true, force: true }) };
}
