/**
 * Starts and stops an isolated code-server (a real VS Code server with its web workbench) for in-editor
 * and end-to-end tests. Each start gets fresh user-data, extensions and config folders, binds to a free
 * port on 127.0.0.1 without authentication, and is stopped by killing every process it started.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { CODE_SERVER_ENTRY } from './harness-paths';
import { isCodeServerInstalled } from './install-code-server';
import { killProcessGroup, runBounded } from './run-bounded';

export interface StartCodeServerOptions {
  /** Folder the server opens when the workbench URL names none; also the default for `workbenchUrl()`. */
  workspaceFolder?: string;
  /** Merged over the harness defaults in `User/settings.json`. */
  userSettings?: Record<string, unknown>;
  /** VSIX paths (or marketplace ids, which cannot be fetched here) installed before the server starts. */
  installExtensions?: readonly string[];
  /** More code-server command-line arguments, appended last. */
  extraArgs?: readonly string[];
  /** Added to the server's environment; the extension host inherits it. */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the server to answer HTTP. Default 90 s. */
  startTimeoutMs?: number;
  /** Echo the server's own output to stderr as it comes. */
  echoOutput?: boolean;
  /** Keep the temporary folders after stop() for a post-mortem; their path is `root`. */
  keepTempDirs?: boolean;
  /**
   * Another code-server install to run, with the Node that runs it (newer code-server needs a newer Node
   * than ours). Default: the pinned install in `.cache/code-server/`, run by this process's Node.
   */
  server?: { node: string; entry: string };
}

export interface RunningCodeServer {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  url: string;
  port: number;
  /** The PID of the code-server process, which leads its process group. */
  pid: number;
  /** The temporary folder holding the user-data, extensions and config of this server. */
  root: string;
  userDataDir: string;
  extensionsDir: string;
  /** The remote authority the workbench uses for this server's files: `127.0.0.1:<port>`. */
  remoteAuthority: string;
  /** A workbench URL that opens `folder` (default: the workspaceFolder option) with an optional test payload. */
  workbenchUrl(options?: { folder?: string; payload?: ReadonlyArray<readonly [string, string]> }): string;
  /** A `vscode-remote://` URI for an absolute path on this server, as the workbench payload needs. */
  remoteUri(absolutePath: string): string;
  /** Everything the server printed so far (the tail, capped). */
  output(): string;
  /** Kills the server and every process it started, then removes its temporary folders. Safe to call twice. */
  stop(): Promise<void>;
}

/** Settings every harness server starts with: no welcome page, no GPU, no telemetry, no trust prompt. */
const DEFAULT_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'terminal.integrated.gpuAcceleration': 'off',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'git.enabled': false,
};

const DEFAULT_START_TIMEOUT_MS = 90_000;
const EXTENSION_INSTALL_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 3_000;

/** Matches code-server's "HTTP server listening on http://127.0.0.1:41234/" line. */
const LISTENING_LINE = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/;

/**
 * The environment for code-server: ours without the variables by which code-server or VS Code would
 * attach to an editor this harness itself runs inside (it would then open the folder there and exit).
 */
function isolatedEnvironment(root: string, extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(VSCODE_|CODE_SERVER_|ELECTRON_)/.test(name) || name === 'PASSWORD' || name === 'HASHED_PASSWORD') continue;
    env[name] = value;
  }
  // code-server writes its own logs and a default config under the XDG folders on every run.
  env.XDG_CONFIG_HOME = path.join(root, 'xdg-config');
  env.XDG_DATA_HOME = path.join(root, 'xdg-data');
  return { ...env, ...extra };
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Resolves when `url` answers with any HTTP status, rejects after `timeoutMs` or when `isDead()` turns true. */
async function waitForHttp(url: string, timeoutMs: number, isDead: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (isDead()) throw new Error('code-server exited before it answered HTTP');
    const answered = await new Promise<boolean>((resolve) => {
      const request = http.get(url, { timeout: 2_000 }, (response) => {
        response.resume();
        resolve((response.statusCode ?? 0) > 0);
      });
      request.on('timeout', () => request.destroy());
      request.on('error', () => resolve(false));
    });
    if (answered) return;
    if (Date.now() > deadline) throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Every PID below `rootPid`, read from /proc. Terminals that node-pty starts run in sessions of their own,
 * so killing code-server's process group alone would leave them behind.
 */
export function descendantPids(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // The command name (field 2) may contain spaces and parentheses; the parent PID follows its last ')'.
    const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const parent = Number(afterName[1]);
    const list = children.get(parent) ?? [];
    list.push(Number(entry));
    children.set(parent, list);
  }
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Installs VSIX files into an extensions folder with code-server's own CLI, before the server starts. */
async function installExtensions(
  extensions: readonly string[],
  baseArgs: readonly string[],
  env: NodeJS.ProcessEnv,
  server: { node: string; entry: string },
): Promise<void> {
  for (const extension of extensions) {
    const target = existsSync(extension) ? path.resolve(extension) : extension;
    const result = await runBounded(server.node, [server.entry, ...baseArgs, '--install-extension', target, '--force'], {
      env,
      timeoutMs: EXTENSION_INSTALL_TIMEOUT_MS,
    });
    if (result.exitCode !== 0) {
      throw new Error(`code-server --install-extension ${target} ${result.timedOut ? 'timed out' : `exited ${result.exitCode}`}:\n${result.output.slice(-4000)}`);
    }
  }
}

/** Starts an isolated code-server and resolves once it answers HTTP. Call `stop()` in a `finally`. */
export async function startCodeServer(options: StartCodeServerOptions = {}): Promise<RunningCodeServer> {
  const server = options.server ?? { node: process.execPath, entry: CODE_SERVER_ENTRY };
  if (options.server ? !existsSync(server.entry) : !isCodeServerInstalled()) {
    throw new Error(`code-server is not installed (${server.entry}); run: npx tsx test/harness/install-code-server.ts`);
  }
  const root = mkdtempSync(path.join(os.tmpdir(), 'blast-radius-code-server-'));
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const configFile = path.join(root, 'config.yaml');
  mkdirSync(extensionsDir, { recursive: true });
  writeJson(path.join(userDataDir, 'User', 'settings.json'), { ...DEFAULT_USER_SETTINGS, ...options.userSettings });
  // Port 0 lets the kernel pick a free port with no race; code-server prints the one it got.
  writeFileSync(configFile, ['bind-addr: 127.0.0.1:0', 'auth: none', 'cert: false', ''].join('\n'));
  const env = isolatedEnvironment(root, options.env);

  const baseArgs = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const cleanUpFolders = (): void => {
    if (!options.keepTempDirs) rmSync(root, { recursive: true, force: true });
  };
  try {
    await installExtensions(options.installExtensions ?? [], baseArgs, env, server);
  } catch (error) {
    cleanUpFolders();
    throw error;
  }

  const args = [
    server.entry,
    ...baseArgs,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(options.extraArgs ?? []),
    ...(options.workspaceFolder ? [path.resolve(options.workspaceFolder)] : []),
  ];
  const child = spawn(server.node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) {
    cleanUpFolders();
    throw new Error('code-server could not be spawned');
  }
  let output = '';
  let exited = false;
  let resolvePort: (port: number) => void = () => undefined;
  const portPrinted = new Promise<number>((resolve) => {
    resolvePort = resolve;
  });
  const collect = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-500_000);
    if (options.echoOutput) process.stderr.write(text);
    const match = LISTENING_LINE.exec(output);
    if (match) resolvePort(Number(match[1]));
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exitedPromise = new Promise<void>((resolve) => {
    child.on('exit', () => {
      exited = true;
      resolve();
    });
  });

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    // Collect the whole tree before anything dies: orphans are re-parented to init and lost from view.
    const tree = [pid, ...descendantPids(pid)];
    killProcessGroup(pid, 'SIGTERM');
    for (const member of tree) {
      try {
        process.kill(member, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
    const deadline = Date.now() + STOP_GRACE_MS;
    while (Date.now() < deadline && tree.some(isAlive)) await new Promise((resolve) => setTimeout(resolve, 100));
    killProcessGroup(pid, 'SIGKILL');
    for (const member of [...tree, ...descendantPids(pid)]) {
      try {
        process.kill(member, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await Promise.race([exitedPromise, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    cleanUpFolders();
  };

  const timeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  try {
    const port = await Promise.race([
      portPrinted,
      exitedPromise.then(() => {
        throw new Error('code-server exited before it printed its port');
      }),
      // Unref'd so that a finished script is not kept alive for the rest of the start timeout.
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`code-server printed no port within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/healthz`, timeoutMs, () => exited);
    const remoteAuthority = `127.0.0.1:${port}`;
    const remoteUri = (absolutePath: string): string => `vscode-remote://${remoteAuthority}${path.resolve(absolutePath)}`;
    return {
      url,
      port,
      pid,
      root,
      userDataDir,
      extensionsDir,
      remoteAuthority,
      remoteUri,
      workbenchUrl(urlOptions = {}) {
        const query = new URLSearchParams();
        const folder = urlOptions.folder ?? options.workspaceFolder;
        if (folder) query.set('folder', path.resolve(folder));
        if (urlOptions.payload) query.set('payload', JSON.stringify(urlOptions.payload));
        const search = query.toString();
        return `${url}/${search ? `?${search}` : ''}`;
      },
      output: () => output,
      stop,
    };
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- code-server output ---\n${output.slice(-6000)}`, { cause: error });
  }
}

/**
 * The newest log files of the server-side extension host (`remoteexthost.log`) under the user-data dir,
 * concatenated; empty when there is none yet. With `extensions`, also the log output channels of the
 * extensions (`exthost*\/<publisher.name>/<channel>.log`), which say what an extension under test did.
 */
export function readExtensionHostLog(userDataDir: string, options: { extensions?: boolean } = {}): string {
  const logsRoot = path.join(userDataDir, 'logs');
  if (!existsSync(logsRoot)) return '';
  const sessions = readdirSync(logsRoot)
    .map((name) => path.join(logsRoot, name))
    .filter((entry) => statSync(entry).isDirectory())
    .sort();
  const newest = sessions.at(-1);
  if (!newest) return '';
  const parts: string[] = [];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const entry = path.join(dir, name);
      if (statSync(entry).isDirectory()) visit(entry);
      else if (name === 'remoteexthost.log' || name === 'exthost.log' || (options.extensions && name.endsWith('.log') && /^exthost\d*$/.test(path.basename(path.dirname(dir))) && path.basename(dir).includes('.'))) {
        parts.push(`=== ${path.relative(logsRoot, entry)}\n${readFileSync(entry, 'utf8')}`);
      }
    }
  };
  visit(newest);
  return parts.join('\n');
}
