/**
 * Installs the pinned agent CLIs (Claude Code, Codex, Gemini CLI, Copilot CLI, opencode) into `.cache/agents/`
 * for the real-agent suite, verifies that each one starts and reports its pinned version, and reuses
 * that install on later runs. Everything comes from the npm registry.
 *
 * Usage: npx tsx test/agents/install-agents.ts [--force]
 *
 * npm runs no install script here (`--ignore-scripts`), whatever its own script policy: npm 11 skips
 * dependency scripts that no policy approves, and an install must not depend on that. Only Claude Code
 * has one, and its job (copying the platform binary over the `bin/claude.exe` placeholder) is run
 * explicitly below, as the placeholder itself tells users to do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBounded } from '../harness/run-bounded';
import { AGENT_PACKAGES, agentBin, AGENTS_CACHE_DIR, AGENTS_INSTALLED_MARKER, REAL_AGENT_IDS, type RealAgentId } from './agent-paths';

const NPM_INSTALL_TIMEOUT_MS = 15 * 60_000;

export interface AgentsInstall {
  /** The command of each agent (npm's link in `node_modules/.bin`). */
  bins: Record<RealAgentId, string>;
  reused: boolean;
  seconds: number;
}

function log(message: string): void {
  process.stdout.write(`[install-agents] ${message}\n`);
}

function bins(): Record<RealAgentId, string> {
  return Object.fromEntries(REAL_AGENT_IDS.map((id) => [id, agentBin(id)])) as Record<RealAgentId, string>;
}

function writeCacheProject(): void {
  const dependencies = Object.fromEntries(REAL_AGENT_IDS.map((id) => [AGENT_PACKAGES[id].pkg, AGENT_PACKAGES[id].version]));
  writeFileSync(
    path.join(AGENTS_CACHE_DIR, 'package.json'),
    `${JSON.stringify({ name: 'blast-radius-agents-cache', private: true, description: 'Agent CLIs for the Blast Radius real-agent suite; made by test/agents/install-agents.ts', dependencies }, null, 2)}\n`,
  );
}

/** `<agent> --version` in a throwaway HOME (agents write state into HOME on any run). */
function reportedVersion(id: RealAgentId): { ok: boolean; text: string } {
  const home = mkdtempSync(path.join(os.tmpdir(), 'agent-version-'));
  try {
    const r = spawnSync(agentBin(id), ['--version'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`, HOME: home, NO_COLOR: '1' },
    });
    const text = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    return { ok: r.status === 0 && text.includes(AGENT_PACKAGES[id].version), text: text || String(r.error ?? `exit ${r.status}`) };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

function verifyInstall(): void {
  for (const id of REAL_AGENT_IDS) {
    const v = reportedVersion(id);
    if (!v.ok) throw new Error(`${AGENT_PACKAGES[id].pkg}: \`${AGENT_PACKAGES[id].bin} --version\` did not report ${AGENT_PACKAGES[id].version}:\n${v.text.slice(-2000)}`);
    log(`${AGENT_PACKAGES[id].bin} --version → ${v.text.split('\n').find((l) => l.includes(AGENT_PACKAGES[id].version))}`);
  }
}

export function areAgentsInstalled(): boolean {
  return existsSync(AGENTS_INSTALLED_MARKER) && REAL_AGENT_IDS.every((id) => existsSync(agentBin(id)));
}

/** Installs the pinned agents unless a verified install of exactly these versions is in `.cache/agents/`. */
export async function installAgents(options: { force?: boolean } = {}): Promise<AgentsInstall> {
  const started = Date.now();
  const seconds = (): number => (Date.now() - started) / 1000;
  if (!options.force && areAgentsInstalled()) return { bins: bins(), reused: true, seconds: seconds() };

  mkdirSync(AGENTS_CACHE_DIR, { recursive: true });
  // Start from an empty tree: a failed or older install must not be mixed with this one.
  for (const name of ['node_modules', 'package-lock.json']) rmSync(path.join(AGENTS_CACHE_DIR, name), { recursive: true, force: true });
  for (const name of readdirSync(AGENTS_CACHE_DIR).filter((n) => n.startsWith('installed-'))) rmSync(path.join(AGENTS_CACHE_DIR, name), { force: true });
  writeCacheProject();
  const logFile = path.join(AGENTS_CACHE_DIR, 'install.log');
  rmSync(logFile, { force: true });

  log(`Installing ${REAL_AGENT_IDS.map((id) => `${AGENT_PACKAGES[id].pkg}@${AGENT_PACKAGES[id].version}`).join(', ')} into ${AGENTS_CACHE_DIR} (log: ${logFile})`);
  const install = await runBounded('npm', ['install', '--prefix', AGENTS_CACHE_DIR, '--no-package-lock', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: AGENTS_CACHE_DIR,
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_yes: 'true' },
    timeoutMs: NPM_INSTALL_TIMEOUT_MS,
    logFile,
  });
  if (install.exitCode !== 0) {
    throw new Error(`npm install of the agents ${install.timedOut ? 'timed out' : `exited ${install.exitCode}`} after ${install.seconds.toFixed(0)} s; tail of ${logFile}:\n${install.output.slice(-6000)}`);
  }
  log(`npm install finished in ${install.seconds.toFixed(0)} s`);

  // Claude Code's post-install puts the platform's native binary in place of bin/claude.exe.
  const claudeDir = path.join(AGENTS_CACHE_DIR, 'node_modules', ...AGENT_PACKAGES['claude-code'].pkg.split('/'));
  const post = spawnSync(process.execPath, ['install.cjs'], { cwd: claudeDir, encoding: 'utf8', timeout: 120_000 });
  if (post.status !== 0) throw new Error(`Claude Code's install.cjs failed (exit ${post.status ?? post.signal}):\n${post.stdout}${post.stderr}`);

  // opencode's post-install copies the platform's binary over bin/opencode.exe; without it the
  // command only says that the post-install script was not run.
  const opencodeDir = path.join(AGENTS_CACHE_DIR, 'node_modules', AGENT_PACKAGES.opencode.pkg);
  const ocPost = spawnSync(process.execPath, ['postinstall.mjs'], { cwd: opencodeDir, encoding: 'utf8', timeout: 120_000 });
  if (ocPost.status !== 0) throw new Error(`opencode's postinstall.mjs failed (exit ${ocPost.status ?? ocPost.signal}):\n${ocPost.stdout}${ocPost.stderr}`);

  verifyInstall();
  writeFileSync(AGENTS_INSTALLED_MARKER, `${new Date().toISOString()} npm install took ${install.seconds.toFixed(0)} s\n`);
  return { bins: bins(), reused: false, seconds: seconds() };
}

if (require.main === module) {
  installAgents({ force: process.argv.includes('--force') }).then(
    (result) => log(`${result.reused ? 'Reused' : 'Installed'} the agents in ${result.seconds.toFixed(1)} s: ${AGENTS_CACHE_DIR}`),
    (error: unknown) => {
      process.stderr.write(`[install-agents] ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
