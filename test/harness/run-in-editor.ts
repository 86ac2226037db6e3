/**
 * Runs a test suite inside the extension host of a real VS Code (code-server, driven by headless Chromium).
 *
 * Usage:
 *   npx tsx test/harness/run-in-editor.ts --extension <folder> --tests <compiled test index .js>
 *     [--workspace <folder>] [--timeout <seconds>] [--env NAME=VALUE]... [--install-extension <vsix>]...
 *     [--setting <name>=<JSON value>]... [--keep]
 *
 * The test index must export `run(): Promise<void>`; a rejection fails the run. The process exits with the
 * suite's exit code: 0 passed, 1 failed, 124 timed out, 2 the harness itself failed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import type { Browser } from 'playwright-core';
import { closeChromium, launchChromium } from './chromium';
import { descendantPids, readExtensionHostLog, startCodeServer, type RunningCodeServer } from './code-server';
import { TEST_RESULTS_DIR } from './harness-paths';
import { installCodeServer } from './install-code-server';

export interface RunInEditorOptions {
  /**
   * Folder of the extension under development (its package.json). Omit it to test an extension installed
   * from a VSIX with `installExtensions` instead.
   */
  extensionPath?: string;
  /** The compiled test index (.js) exporting `run(): Promise<void>`. */
  testsPath: string;
  /** Folder opened as the workspace; a fresh empty temporary folder when omitted. */
  workspacePath?: string;
  /** Hard limit for the whole run once the workbench is loading. Default 300 s. */
  timeoutMs?: number;
  /** Environment for the extension host (set on the code-server process, which passes it on). */
  env?: NodeJS.ProcessEnv;
  /** VSIX files installed before the server starts, e.g. the packaged extension under test. */
  installExtensions?: readonly string[];
  /** Extra user settings for the run. */
  userSettings?: Record<string, unknown>;
  /** Keep code-server's temporary folders (user-data with logs) for a post-mortem. */
  keepTempDirs?: boolean;
  /** Where extension-host test output goes as it arrives. Default: process.stdout. */
  write?: (text: string) => void;
}

export interface InEditorResult {
  /** The suite's exit code as the extension host reported it; 124 for a timeout. */
  exitCode: number;
  timedOut: boolean;
  seconds: number;
  /** Seconds from launch until code-server answered HTTP. */
  serverStartSeconds: number;
}

const DEFAULT_TIMEOUT_MS = 300_000;
/**
 * After the suite has finished, how long the last console messages may take to be printed: they
 * normally are at once; the bound only keeps a stuck browser from holding up the exit.
 */
const FORWARDING_GUARD_MS = 30_000;

/**
 * Temporary folders of runs in progress. A run stopped by a signal never reaches its `finally`, so the
 * signal handler removes these after killing the processes that use them.
 */
const temporaryFoldersInUse = new Set<string>();
const TIMED_OUT_EXIT_CODE = 124;

/**
 * The workbench's tag on console calls the extension host forwards. With a `debugId` in the payload it
 * logs each one to the browser console as `console[severity]('%c[Extension Host] %c<format>', css, css,
 * ...args)`, or `'%c[Extension Host]%', css, ...args` when the first argument is not a string. Without a
 * `debugId` ("tests run from the command line") it sends them only to its log service, untagged, mixed
 * with the workbench's own messages.
 */
const TAGGED_WITH_FORMAT = '%c[Extension Host] %c';
const TAGGED_WITHOUT_FORMAT = '%c[Extension Host]%';

/** A trailing `(at file:line:col)` that the workbench adds when the extension host sent a stack. */
const CALLER_SUFFIX = /^\(.*:\d+(:\d+)?\)$/;

/**
 * The text a test printed with console.log (or .error, ...) in the extension host, rebuilt from a browser
 * console message; undefined for messages that did not come from the extension host.
 */
export function extensionHostConsoleText(values: readonly unknown[]): string | undefined {
  const [first, ...rest] = values;
  if (typeof first !== 'string') return undefined;
  if (first.startsWith(TAGGED_WITH_FORMAT)) {
    let format = first.slice(TAGGED_WITH_FORMAT.length);
    let args = rest.slice(2);
    const callerInFormat = / %c(\(.*\))$/.exec(format);
    if (callerInFormat) {
      format = format.slice(0, callerInFormat.index);
      args = args.slice(1);
    }
    const last = args.at(-1);
    if (typeof last === 'string' && CALLER_SUFFIX.test(last)) args = args.slice(0, -1);
    return util.format(format, ...args);
  }
  if (first.startsWith(TAGGED_WITHOUT_FORMAT)) return util.format(...rest.slice(1));
  return undefined;
}

/** Runs the suite and resolves with its exit code; never leaves code-server or Chromium running. */
export async function runInEditor(options: RunInEditorOptions): Promise<InEditorResult> {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // The workbench runs extension tests only in an extension development window. To test an extension
  // installed from a VSIX, an empty folder stands in as the development path: it contributes nothing.
  const placeholderDevelopmentPath = options.extensionPath ? undefined : mkdtempSync(path.join(os.tmpdir(), 'blast-radius-no-dev-extension-'));
  const extensionPath = path.resolve(options.extensionPath ?? placeholderDevelopmentPath!);
  const testsPath = path.resolve(options.testsPath);
  const ownWorkspace = options.workspacePath ? undefined : mkdtempSync(path.join(os.tmpdir(), 'blast-radius-workspace-'));
  const workspacePath = path.resolve(options.workspacePath ?? ownWorkspace!);
  for (const folder of [ownWorkspace, placeholderDevelopmentPath]) if (folder) temporaryFoldersInUse.add(folder);

  await installCodeServer();
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer({
      workspaceFolder: workspacePath,
      env: options.env,
      installExtensions: options.installExtensions,
      userSettings: options.userSettings,
      keepTempDirs: options.keepTempDirs,
    });
    if (!options.keepTempDirs) temporaryFoldersInUse.add(server.root);
    const serverStartSeconds = (Date.now() - started) / 1000;
    write(`[run-in-editor] code-server ${server.url} ready after ${serverStartSeconds.toFixed(1)} s\n`);

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let reportExit: (code: number) => void = () => undefined;
    const exitReported = new Promise<number>((resolve) => {
      reportExit = resolve;
    });
    // The workbench calls window.codeAutomationExit(code, logs) when the extension host finishes the
    // tests; it must exist before the workbench script runs, so it is exposed before navigation.
    await page.exposeFunction('codeAutomationExit', (code: unknown) => {
      reportExit(typeof code === 'number' ? code : 1);
    });
    // Console messages arrive in order, but reading their arguments is asynchronous: chain the reads.
    let forwarding: Promise<void> = Promise.resolve();
    page.on('console', (message) => {
      forwarding = forwarding.then(async () => {
        if (process.env.RUN_IN_EDITOR_DEBUG_CONSOLE) write(`[console ${message.type()}] ${message.text()}\n`);
        const values = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => '[unserialisable]')));
        const text = extensionHostConsoleText(values);
        if (text !== undefined) write(`${text}\n`);
      });
    });
    page.on('pageerror', (error) => write(`[run-in-editor] page error: ${error.message}\n`));

    const url = server.workbenchUrl({
      payload: [
        ['extensionDevelopmentPath', server.remoteUri(extensionPath)],
        ['extensionTestsPath', server.remoteUri(testsPath)],
        // A debugId (with no debug port, so nothing attaches) makes the workbench forward the extension
        // host's console to the browser console with a tag we can pick out; see TAGGED_WITH_FORMAT.
        ['debugId', 'run-in-editor'],
      ],
    });
    write(`[run-in-editor] opening ${url}\n`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([exitReported, timedOut]);
    clearTimeout(timer);
    await Promise.race([forwarding, new Promise((resolve) => setTimeout(resolve, FORWARDING_GUARD_MS).unref())]);

    if (outcome === 'timeout') {
      mkdirSync(TEST_RESULTS_DIR, { recursive: true });
      const screenshot = path.join(TEST_RESULTS_DIR, 'in-editor-timeout.png');
      await page.screenshot({ path: screenshot, timeout: 10_000 }).catch(() => undefined);
      write(`[run-in-editor] timed out after ${timeoutMs / 1000} s: the workbench never reported the end of the suite (codeAutomationExit); screenshot: ${screenshot}\n`);
    }
    const exitCode = outcome === 'timeout' ? TIMED_OUT_EXIT_CODE : outcome;
    if (exitCode !== 0) {
      const log = readExtensionHostLog(server.userDataDir, { extensions: true });
      if (log) {
        mkdirSync(TEST_RESULTS_DIR, { recursive: true });
        const logFile = path.join(TEST_RESULTS_DIR, 'in-editor-extension-host.log');
        writeFileSync(logFile, log);
        write(`[run-in-editor] extension host log: ${logFile}\n`);
      }
    }
    return { exitCode, timedOut: outcome === 'timeout', seconds: (Date.now() - started) / 1000, serverStartSeconds };
  } finally {
    await closeChromium(browser);
    await server?.stop();
    // Anything we started that is still there (a browser that ignored close()) ends here, by PID.
    for (const pid of descendantPids(process.pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    for (const folder of [ownWorkspace, placeholderDevelopmentPath]) {
      if (folder) rmSync(folder, { recursive: true, force: true });
    }
    for (const folder of [ownWorkspace, placeholderDevelopmentPath, server?.root]) if (folder) temporaryFoldersInUse.delete(folder);
  }
}

function parseCommandLine(argv: readonly string[]): RunInEditorOptions {
  const options: Partial<RunInEditorOptions> & { env: NodeJS.ProcessEnv; installExtensions: string[]; userSettings: Record<string, unknown> } = {
    env: {},
    installExtensions: [],
    userSettings: {},
  };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = (): string => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--extension':
        options.extensionPath = value();
        break;
      case '--tests':
        options.testsPath = value();
        break;
      case '--workspace':
        options.workspacePath = value();
        break;
      case '--timeout':
        options.timeoutMs = Number(value()) * 1000;
        break;
      case '--env': {
        const [name, ...rest] = value().split('=');
        options.env[name] = rest.join('=');
        break;
      }
      case '--install-extension':
        options.installExtensions.push(value());
        break;
      case '--setting': {
        const [name, ...rest] = value().split('=');
        options.userSettings[name] = JSON.parse(rest.join('='));
        break;
      }
      case '--keep':
        options.keepTempDirs = true;
        break;
      default:
        throw new Error(`Unknown argument ${flag}`);
    }
  }
  if (!options.testsPath) throw new Error('--tests is required');
  if (!options.extensionPath && options.installExtensions.length === 0) throw new Error('--extension or --install-extension is required');
  return options as RunInEditorOptions;
}

if (require.main === module) {
  let options: RunInEditorOptions;
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`[run-in-editor] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  // A run stopped from outside (Ctrl-C, a CI timeout) skips the clean-up in runInEditor's finally, so end
  // everything this process started here, by PID, before exiting.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      for (const pid of descendantPids(process.pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      for (const folder of temporaryFoldersInUse) rmSync(folder, { recursive: true, force: true });
      process.exit(130);
    });
  }
  runInEditor(options).then(
    (result) => {
      process.stdout.write(`[run-in-editor] exit code ${result.exitCode} after ${result.seconds.toFixed(1)} s (code-server ready after ${result.serverStartSeconds.toFixed(1)} s)\n`);
      process.exit(result.exitCode);
    },
    (error: unknown) => {
      process.stderr.write(`[run-in-editor] harness failure: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
