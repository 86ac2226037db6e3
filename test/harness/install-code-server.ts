/**
 * Installs a pinned code-server into `.cache/code-server/` so in-editor and end-to-end tests can run in a
 * real VS Code on a machine that reaches only the npm registry and Debian's archive.
 *
 * Usage: npx tsx test/harness/install-code-server.ts [--force]
 *
 * A second run reuses the install (it checks the verified-install marker and the entry point).
 * See test/harness/README.md for the obstacles this works around.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CHROMIUM_PATH,
  CODE_SERVER_CACHE_DIR,
  CODE_SERVER_ENTRY,
  CODE_SERVER_VERSION,
  INSTALLED_MARKER,
} from './harness-paths';
import { runBounded } from './run-bounded';

/** Debian packages the harness needs: a browser, ripgrep to stand in for the download, Kerberos headers for `kerberos`. */
const APT_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev'] as const;

/**
 * The @vscode/ripgrep that code-server 4.100.3 pins in `lib/vscode/npm-shrinkwrap.json`, and the
 * ripgrep-prebuilt release tag its `lib/postinstall.js` asks GitHub for. Its download looks first for
 * `<tmpdir>/vscode-ripgrep-cache-<package version>/ripgrep-<tag>-<target>.tar.gz`; we put Debian's
 * `rg` there so the download never happens.
 */
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_RELEASE_TAG = 'v13.0.0-10';

const APT_TIMEOUT_MS = 10 * 60_000;
const NPM_INSTALL_TIMEOUT_MS = 25 * 60_000;

/**
 * Native modules that VS Code's server loads from `lib/vscode/node_modules`; each comes from an install
 * script (a build, a prebuilt pick or a download), so a skipped or failed script shows up as a failed load.
 */
const NATIVE_MODULES = ['node-pty', '@vscode/spdlog', '@parcel/watcher', 'kerberos', 'native-watchdog', '@vscode/deviceid'] as const;

/** Files a finished post-install leaves: the ripgrep binary and the asar symlink that code-server's postinstall.sh makes. */
const EXPECTED_INSTALL_OUTPUTS = [
  'node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg',
  'node_modules/code-server/lib/vscode/node_modules.asar',
];

export interface CodeServerInstall {
  /** Path to `out/node/entry.js`; run it with `node`. */
  entry: string;
  /** True when an earlier verified install was reused. */
  reused: boolean;
  seconds: number;
}

function log(message: string): void {
  process.stdout.write(`[install-code-server] ${message}\n`);
}

function isDebianPackageInstalled(name: string): boolean {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

async function ensureDebianPackages(): Promise<void> {
  const missing = APT_PACKAGES.filter((name) => !isDebianPackageInstalled(name));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing Debian packages ${missing.join(', ')}; install them as root: apt-get install -y ${missing.join(' ')}`);
  }
  log(`Installing Debian packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = await runBounded('apt-get', ['update', '-q'], { env, timeoutMs: APT_TIMEOUT_MS });
  if (update.exitCode !== 0) throw new Error(`apt-get update failed:\n${update.output.slice(-4000)}`);
  const install = await runBounded('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env, timeoutMs: APT_TIMEOUT_MS });
  if (install.exitCode !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed:\n${install.output.slice(-4000)}`);
  log(`Debian packages installed in ${(update.seconds + install.seconds).toFixed(0)} s`);
}

function ripgrepTarget(): string {
  switch (os.arch()) {
    case 'x64':
      return 'x86_64-unknown-linux-musl';
    case 'arm64':
      return 'aarch64-unknown-linux-musl';
    default:
      throw new Error(`The harness has no ripgrep target for ${os.arch()}`);
  }
}

/**
 * Puts Debian's `rg` into the archive @vscode/ripgrep would otherwise download, laid out as its
 * post-install expects: `tar xvf <archive> -C bin/` must leave `bin/rg`.
 */
function fillRipgrepDownloadCache(tempDir: string): void {
  const cacheDir = path.join(tempDir, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const archive = path.join(cacheDir, `ripgrep-${RIPGREP_RELEASE_TAG}-${ripgrepTarget()}.tar.gz`);
  if (existsSync(archive)) return;
  const systemRipgrep = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8', timeout: 10_000 }).stdout.trim();
  if (!systemRipgrep) throw new Error('ripgrep (rg) is not on PATH; apt-get install -y ripgrep');
  mkdirSync(cacheDir, { recursive: true });
  const staging = mkdtempSync(path.join(tempDir, 'rg-staging-'));
  try {
    copyFileSync(systemRipgrep, path.join(staging, 'rg'));
    const tar = spawnSync('tar', ['czf', archive, '-C', staging, 'rg'], { encoding: 'utf8', timeout: 60_000 });
    if (tar.status !== 0) throw new Error(`Could not build the ripgrep archive: ${tar.stderr}`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  log(`Filled the ripgrep download cache with ${systemRipgrep}: ${archive}`);
}

/**
 * npm configuration for the install, as environment variables: they outrank `~/.npmrc` (which sets
 * `yes=false`, so node-pty's `npx node-gyp` would stop at a prompt) and they reach the nested
 * `npm install` runs that code-server's post-install starts in `lib/vscode` and `lib/vscode/extensions`.
 */
export function npmEnvironment(tempDir: string, node?: { bin: string; headers: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Another Node for another code-server (test/vscode-agent): first on PATH, with its own headers.
    ...(node ? { PATH: `${path.dirname(node.bin)}${path.delimiter}${process.env.PATH ?? ''}` } : {}),
    // @vscode/ripgrep looks for its download in os.tmpdir(); a private one keeps the filled cache ours.
    TMPDIR: tempDir,
    // code-server's postinstall.sh refuses to run as root unless this is exactly "true".
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_foreground_scripts: 'true',
    npm_config_ignore_scripts: 'false',
    // npm 11 skips every dependency install script not approved by an `allowScripts` policy, which
    // would leave code-server without its post-install and its native modules. An allow-list cannot be
    // used: npm exports it to the post-install's environment, and the nested project installs then
    // reject it ("--allow-scripts is not allowed in project-scoped installs", EALLOWSCRIPTS). The
    // tree is pinned by code-server's shrinkwraps, and verifyInstall() checks every native output.
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
  // node-gyp cannot download Node headers here; Debian's nodejs ships them under /usr/include/node,
  // and an npm-installed Node ships its own.
  if (node) {
    env.npm_config_nodedir = node.headers;
    // Run from `npm test`, the outer npm's user agent (node/v20) is in the environment, and npm reads
    // it as its own setting: code-server's post-install takes the Node version from it and refuses.
    delete env.npm_config_user_agent;
  }
  else if (existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  return env;
}

function writeCacheProject(): void {
  writeFileSync(
    path.join(CODE_SERVER_CACHE_DIR, 'package.json'),
    `${JSON.stringify({
      name: 'blast-radius-code-server-cache',
      private: true,
      description: 'code-server for the Blast Radius test harness; made by test/harness/install-code-server.ts',
      dependencies: { 'code-server': CODE_SERVER_VERSION },
    }, null, 2)}\n`,
  );
}

/** Runs `code-server --version` with a throwaway config home, since code-server writes a default config on any run. */
function codeServerVersion(): string | undefined {
  const configHome = mkdtempSync(path.join(os.tmpdir(), 'code-server-version-'));
  try {
    const result = spawnSync(process.execPath, [CODE_SERVER_ENTRY, '--version'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, XDG_CONFIG_HOME: configHome, XDG_DATA_HOME: configHome },
    });
    if (result.status !== 0) return undefined;
    return result.stdout.split('\n').find((line) => line.startsWith(CODE_SERVER_VERSION)) ?? result.stdout.trim();
  } finally {
    rmSync(configHome, { recursive: true, force: true });
  }
}

function verifyInstall(): void {
  const missing = EXPECTED_INSTALL_OUTPUTS.filter((relative) => !existsSync(path.join(CODE_SERVER_CACHE_DIR, relative)));
  if (missing.length > 0) {
    throw new Error(`code-server installed but its post-install did not finish; missing:\n  ${missing.join('\n  ')}\nSee ${path.join(CODE_SERVER_CACHE_DIR, 'install.log')}`);
  }
  const loadAll = `for (const name of ${JSON.stringify(NATIVE_MODULES)}) require(name); require(${JSON.stringify(path.join(CODE_SERVER_CACHE_DIR, 'node_modules', 'argon2'))});`;
  const load = spawnSync(process.execPath, ['--input-type=commonjs', '-e', loadAll], {
    cwd: path.join(CODE_SERVER_CACHE_DIR, 'node_modules', 'code-server', 'lib', 'vscode'),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (load.status !== 0) throw new Error(`A native module of code-server does not load:\n${load.stderr}`);
  const version = codeServerVersion();
  if (!version?.startsWith(CODE_SERVER_VERSION)) {
    throw new Error(`code-server --version did not report ${CODE_SERVER_VERSION}: ${version ?? 'it failed'}`);
  }
  log(`Verified native modules and code-server --version → ${version}`);
}

export function isCodeServerInstalled(): boolean {
  return existsSync(INSTALLED_MARKER) && existsSync(CODE_SERVER_ENTRY);
}

/** Installs Debian's prerequisites and code-server unless a verified install is already in `.cache/`. */
export async function installCodeServer(options: { force?: boolean } = {}): Promise<CodeServerInstall> {
  const started = Date.now();
  const seconds = (): number => (Date.now() - started) / 1000;
  await ensureDebianPackages();
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing although the chromium package is installed`);
  if (!options.force && isCodeServerInstalled()) {
    return { entry: CODE_SERVER_ENTRY, reused: true, seconds: seconds() };
  }

  mkdirSync(CODE_SERVER_CACHE_DIR, { recursive: true });
  // A previous failed attempt can leave code-server unpacked with its post-install half done; npm would
  // then skip the post-install, so start from an empty tree.
  rmSync(INSTALLED_MARKER, { force: true });
  rmSync(path.join(CODE_SERVER_CACHE_DIR, 'node_modules'), { recursive: true, force: true });
  rmSync(path.join(CODE_SERVER_CACHE_DIR, 'package-lock.json'), { force: true });
  const tempDir = path.join(CODE_SERVER_CACHE_DIR, 'tmp');
  mkdirSync(tempDir, { recursive: true });
  fillRipgrepDownloadCache(tempDir);
  writeCacheProject();
  const logFile = path.join(CODE_SERVER_CACHE_DIR, 'install.log');
  rmSync(logFile, { force: true });

  log(`Installing code-server ${CODE_SERVER_VERSION} into ${CODE_SERVER_CACHE_DIR} (log: ${logFile})`);
  const install = await runBounded('npm', ['install', '--prefix', CODE_SERVER_CACHE_DIR, '--no-package-lock'], {
    cwd: CODE_SERVER_CACHE_DIR,
    env: npmEnvironment(tempDir),
    timeoutMs: NPM_INSTALL_TIMEOUT_MS,
    logFile,
  });
  if (install.exitCode !== 0) {
    throw new Error(`npm install code-server@${CODE_SERVER_VERSION} ${install.timedOut ? 'timed out' : `exited ${install.exitCode}`} after ${install.seconds.toFixed(0)} s; tail of ${logFile}:\n${install.output.slice(-6000)}`);
  }
  log(`npm install finished in ${install.seconds.toFixed(0)} s`);
  verifyInstall();
  writeFileSync(INSTALLED_MARKER, `${new Date().toISOString()} npm install took ${install.seconds.toFixed(0)} s\n`);
  return { entry: CODE_SERVER_ENTRY, reused: false, seconds: seconds() };
}

if (require.main === module) {
  installCodeServer({ force: process.argv.includes('--force') }).then(
    (result) => {
      log(`${result.reused ? 'Reused' : 'Installed'} code-server ${CODE_SERVER_VERSION} in ${result.seconds.toFixed(1)} s: ${result.entry}`);
    },
    (error: unknown) => {
      process.stderr.write(`[install-code-server] ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
