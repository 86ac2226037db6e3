/**
 * One case of the real-agent suite: a throwaway folder with a HOME, a git workspace and a fake
 * `terraform`, the agent configured in that HOME, our hook installed with `blast-radius hooks install`
 * (unless the case is a control run), and one headless agent session against the scripted model,
 * bounded by a timeout that kills the agent's whole process group.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { askServer, runningServers } from '../../src/cli/hook-server-client';
import { WIRE_VERSION } from '../../src/cli/hook-server-wire';
import { cacheDir, hostEnv } from '../../src/node/hooks/paths';
import { REPO_ROOT } from '../harness/harness-paths';
import { killProcessGroup } from '../harness/run-bounded';
import { agentBin } from './agent-paths';
import { type AgentMode, type AgentProfile, type AgentRunSetup, baseEnv } from './agents';
import { codexHookHash } from '../../src/node/hooks/codex-trust';
import { CodexAppServer, type CodexListedHook } from './codex-trust';
import type { ModelServer, Session } from './model-server';

/** The CLI the suite installs hooks with: the build in this checkout. */
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export type Strictness = 'balanced' | 'strict';

/** What the workspace holds before a run; paths are relative to the workspace. */
export const FIXTURE: Readonly<Record<string, string>> = {
  'README.md': '# Shop\n\nHello from the shop service.\n',
  'src/app.ts': "export const app = (): string => 'shop';\n",
  'src/db/users.ts': "export const table = 'users';\n",
  'infra/main.tf': [
    'resource "aws_db_instance" "orders" {',
    '  identifier        = "orders"',
    '  engine            = "postgres"',
    '  instance_class    = "db.t3.micro"',
    '  allocated_storage = 20',
    '',
    '  lifecycle {',
    '    prevent_destroy = true',
    '  }',
    '}',
    '',
  ].join('\n'),
  'infra/storage.tf': ['resource "aws_s3_bucket" "invoices" {', '  bucket = "shop-invoices"', '', '  lifecycle {', '    prevent_destroy = true', '  }', '}', ''].join('\n'),
  'db/migrations/001_create_users.sql': 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);\n',
};

/**
 * Work in src/ written after the commit (untracked): git cannot bring it back, so rm -rf src is
 * gated (a clean, committed src/ would only warn, since git restores it exactly).
 */
export const UNCOMMITTED: Readonly<Record<string, string>> = {
  'src/cart.ts': "export const cart = (): string[] => []; // started today, not committed yet\n",
};

export interface CaseDirs {
  root: string;
  home: string;
  workspace: string;
  /** On PATH first: holds the fake `terraform`. */
  binDir: string;
  /** The fake `terraform` appends its arguments here when it runs. */
  terraformLog: string;
}

function git(cwd: string, args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.name=Blast Radius tests', '-c', 'user.email=tests@blast-radius.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
}

/** A fresh folder for one case: HOME, a committed git workspace, and a fake terraform on PATH. */
export function makeCaseDirs(label: string): CaseDirs {
  const root = mkdtempSync(path.join(os.tmpdir(), `br-agents-${label.replace(/[^a-z0-9]+/gi, '-')}-`));
  const dirs: CaseDirs = { root, home: path.join(root, 'home'), workspace: path.join(root, 'workspace'), binDir: path.join(root, 'bin'), terraformLog: path.join(root, 'terraform-ran.log') };
  for (const d of [dirs.home, dirs.workspace, dirs.binDir]) mkdirSync(d, { recursive: true });
  for (const [rel, text] of Object.entries(FIXTURE)) {
    mkdirSync(path.dirname(path.join(dirs.workspace, rel)), { recursive: true });
    writeFileSync(path.join(dirs.workspace, rel), text);
  }
  git(dirs.workspace, ['init', '-q']);
  git(dirs.workspace, ['add', '-A']);
  git(dirs.workspace, ['commit', '-q', '-m', 'Shop service']);
  for (const [rel, text] of Object.entries(UNCOMMITTED)) writeFileSync(path.join(dirs.workspace, rel), text);
  const terraform = path.join(dirs.binDir, 'terraform');
  writeFileSync(terraform, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${dirs.terraformLog}'\necho 'Destroy complete! Resources: 1 destroyed.'\n`);
  chmodSync(terraform, 0o755);
  // Agents that run commands in a login shell (Codex: `bash -lc`) get /etc/profile's PATH, which
  // would find a real terraform first; the user's own profile puts the fake one back in front.
  const profileLine = `export PATH='${dirs.binDir}':"$PATH"\n`;
  for (const name of ['.profile', '.bashrc']) writeFileSync(path.join(dirs.home, name), profileLine);
  return dirs;
}

/** Every file of a folder (but `.git`) with its bytes, for byte-exact comparisons. */
export function snapshotTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (r !== '.git') walk(r);
      } else out.set(r, readFileSync(path.join(dir, r)));
    }
  };
  walk('');
  return out;
}

/** Runs the built CLI with the case's HOME; returns its output (throws on a non-zero exit). */
export function blastRadius(dirs: CaseDirs, args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dirs.workspace, env: baseEnv(dirs.home, dirs.binDir), encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`blast-radius ${args.join(' ')} exited ${r.status ?? r.signal}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Sets the user's strictness the way a user does: the user policy file in HOME. */
export function setStrictness(dirs: CaseDirs, strictness: Strictness): void {
  const file = path.join(dirs.home, '.config', 'blast-radius', 'policy.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ strictness })}\n`);
}

/** A `codex app-server` for this case's HOME and workspace (close it when done). */
export function codexAppServer(dirs: CaseDirs): Promise<CodexAppServer> {
  return CodexAppServer.start(agentBin('codex'), dirs.workspace, baseEnv(dirs.home, dirs.binDir));
}

/**
 * The trust step a Codex user takes in /hooks, for every hook Codex lists: our own hash of the hook,
 * checked against the one Codex reports, written through Codex's own config writer.
 */
export async function trustCodexHooks(dirs: CaseDirs): Promise<CodexListedHook[]> {
  const app = await codexAppServer(dirs);
  try {
    for (const hook of await app.listHooks(dirs.workspace)) {
      const ours = codexHookHash({ event: 'PreToolUse', matcher: hook.matcher ?? undefined, command: hook.command ?? '', timeout: hook.timeoutSec });
      if (hook.eventName !== 'preToolUse' || ours !== hook.currentHash) {
        throw new Error(`our hash of the Codex hook ${hook.key} is ${ours}; Codex's is ${hook.currentHash} (${JSON.stringify(hook)})`);
      }
      await app.trust(hook.key, ours);
    }
    return await app.listHooks(dirs.workspace);
  } finally {
    app.close();
  }
}

/** Installs our hook as a user does (`blast-radius hooks install <agent>`), and for Codex takes the trust step too. */
export async function installHook(profile: AgentProfile, dirs: CaseDirs): Promise<void> {
  blastRadius(dirs, ['hooks', 'install', profile.id]);
  if (profile.id === 'codex') {
    const hooks = await trustCodexHooks(dirs);
    const untrusted = hooks.filter((h) => h.trustStatus !== 'trusted');
    if (!hooks.length || untrusted.length) throw new Error(`after the trust step Codex lists: ${JSON.stringify(hooks)}`);
  }
}

export interface AgentRun {
  exitCode: number | null;
  timedOut: boolean;
  output: string;
  seconds: number;
}

/** The prompt is never read by the scripted model; it only has to start a session. */
export const PROMPT = 'Follow the maintenance script for this repository.';

export function runSetup(dirs: CaseDirs, mode: AgentMode, server: ModelServer): AgentRunSetup {
  return { home: dirs.home, workspace: dirs.workspace, modelUrl: server.url, mode };
}

/**
 * One headless session of the agent playing `session`. The agent runs in a process group of its
 * own; when `timeoutMs` runs out the whole group is killed and the run reports `timedOut`.
 */
export async function runAgent(profile: AgentProfile, dirs: CaseDirs, mode: AgentMode, server: ModelServer, session: Omit<Session, 'dialect'>, timeoutMs: number): Promise<AgentRun> {
  const setup = runSetup(dirs, mode, server);
  server.play({ ...session, dialect: profile.dialect(dirs.workspace) });
  const started = Date.now();
  const child = spawn(agentBin(profile.id), profile.args(setup, PROMPT), {
    cwd: dirs.workspace,
    env: { ...baseEnv(dirs.home, dirs.binDir), ...profile.env(setup) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const collect = (d: Buffer): void => {
    output = (output + d.toString('utf8')).slice(-100_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killProcessGroup(child.pid);
  }, timeoutMs);
  const exitCode = await new Promise<number | null>((resolve) => {
    child.on('error', (e) => {
      output += `\n${e.message}`;
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });
  clearTimeout(timer);
  // Whatever the agent left behind in its group (a shell it started) goes with it.
  killProcessGroup(child.pid);
  return { exitCode, timedOut, output, seconds: (Date.now() - started) / 1000 };
}

/** Stops the warm hook servers our hook started for this HOME (they would idle for ten minutes). */
export async function stopHookServers(home: string): Promise<void> {
  const dir = cacheDir(hostEnv({ env: { HOME: home }, home }));
  if (!dir || !existsSync(dir)) return;
  for (const { sock, status } of await runningServers(dir, 2000)) {
    await askServer(sock, { v: WIRE_VERSION, op: 'stop' }, 2000);
    for (let i = 0; i < 50; i++) {
      try {
        process.kill(status.pid, 0);
      } catch {
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    try {
      process.kill(status.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

export function removeCaseDirs(dirs: CaseDirs): void {
  rmSync(dirs.root, { recursive: true, force: true });
}
