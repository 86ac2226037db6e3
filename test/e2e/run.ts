/**
 * `npm run test:e2e`: Blast Radius in a real VS Code, from a clean clone.
 *
 * Packages the VSIX (`npm run package`) unless `--vsix` names one, installs the pinned code-server
 * (test/harness, idempotent), writes a fresh fixture workspace, packages the test agent
 * (test/e2e/test-agent), starts a fresh code-server with both extensions installed, opens the
 * workspace in Debian's Chromium (headless) and runs the scenarios in test/e2e/scenarios.ts. Every
 * process it started is stopped by PID at the end, also when a scenario fails, the run times out or
 * the runner is interrupted.
 *
 * Usage: tsx test/e2e/run.ts [--vsix <file>] [--only 1,5] [--keep]
 *   --vsix  test this VSIX instead of packaging one (`npm test` packages just before)
 *   --only  run only these scenarios (4 reverts what 1 flags; 10 needs infra/db.tf as it was, so 1 goes with 4)
 *   --keep  keep the temporary folders (workspace, user data, logs) and print where they are
 *
 * Exit codes: 0 all passed, 1 a scenario failed, 2 the harness failed, 124 the run timed out,
 * 130 interrupted. Screenshots and logs go to test-results/e2e/.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { closeChromium, launchChromium } from '../harness/chromium';
import { descendantPids, readExtensionHostLog, startCodeServer, type RunningCodeServer } from '../harness/code-server';
import { REPO_ROOT, TEST_RESULTS_DIR } from '../harness/harness-paths';
import { installCodeServer } from '../harness/install-code-server';
import { runBounded } from '../harness/run-bounded';
import { agentEnvironment, TestAgent } from './agent-client';
import { createFixtureWorkspace } from './fixture';
import { readBlastRadiusLog, SCENARIO_GUARD_MS, SCENARIOS, type Scenario } from './scenarios';
import { ScenarioAborted, STEP_TIMEOUT_MS, Workbench } from './workbench';

const RESULTS_DIR = path.join(TEST_RESULTS_DIR, 'e2e');
const TEST_AGENT_DIR = path.join(__dirname, 'test-agent');
const VSCE = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

/** The whole run, packaging and a cold code-server install included; CI allows 30 minutes for everything. */
const RUN_TIMEOUT_MS = 25 * 60_000;
const PACKAGE_TIMEOUT_MS = 10 * 60_000;
const WORKBENCH_TIMEOUT_MS = 90_000;
const AGENT_TIMEOUT_MS = 120_000;

interface Options {
  vsix?: string;
  only?: Set<number>;
  keep: boolean;
}

interface ScenarioResult {
  scenario: Scenario;
  passed: boolean;
  seconds: number;
  error?: string;
  screenshots: string[];
}

function log(message: string): void {
  process.stdout.write(`[e2e] ${message}\n`);
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Folders to remove if the run is cut short by a signal or the run timeout. */
const temporaryFolders = new Set<string>();
let keepTemporaryFolders = false;

/** Ends every process this runner started (code-server's tree, Chromium, npm), by PID, and removes its folders. */
function killEverythingAndExit(code: number, why: string): never {
  process.stderr.write(`[e2e] ${why}: stopping every process this run started\n`);
  for (const pid of descendantPids(process.pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  if (!keepTemporaryFolders) for (const folder of temporaryFolders) rmSync(folder, { recursive: true, force: true });
  process.exit(code);
}

async function packageExtension(): Promise<string> {
  log('packaging the extension: npm run package');
  const result = await runBounded('npm', ['run', 'package'], { cwd: REPO_ROOT, timeoutMs: PACKAGE_TIMEOUT_MS, echo: true });
  if (result.exitCode !== 0) throw new Error(`npm run package ${result.timedOut ? 'timed out' : `exited ${result.exitCode}`}`);
  return path.join(REPO_ROOT, 'dist', 'blast-radius.vsix');
}

/** The test agent as a VSIX of its own, so it installs like any extension and only into this instance. */
async function packageTestAgent(outFile: string): Promise<void> {
  const result = await runBounded(process.execPath, [VSCE, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', outFile], {
    cwd: TEST_AGENT_DIR,
    timeoutMs: 120_000,
  });
  if (result.exitCode !== 0) throw new Error(`packaging the test agent failed:\n${tail(result.output, 30)}`);
}

/** What a failed scenario leaves for a person: a screenshot and the ends of both logs. */
async function reportFailure(wb: Workbench, server: RunningCodeServer, result: ScenarioResult): Promise<void> {
  const screenshot = await wb.screenshot(`${result.scenario.id}-FAILED`).catch((error: unknown) => `(no screenshot: ${String(error)})`);
  const ownLog = tail(readBlastRadiusLog(server.userDataDir), 25) || '(empty)';
  const hostLog = tail(readExtensionHostLog(server.userDataDir), 15) || '(empty)';
  process.stdout.write(
    [
      `[e2e] scenario ${result.scenario.id} FAILED: ${result.error}`,
      `[e2e] screenshot: ${screenshot}`,
      '[e2e] last lines of the Blast Radius log:',
      ownLog.replace(/^/gm, '    '),
      '[e2e] last lines of the extension host log:',
      hostLog.replace(/^/gm, '    '),
      '',
    ].join('\n'),
  );
}

async function runScenario(scenario: Scenario, page: Workbench['page'], agent: TestAgent, server: RunningCodeServer, workspace: string, kubeconfig: string, notes: string[]): Promise<ScenarioResult> {
  const wb = new Workbench(page, RESULTS_DIR);
  const started = Date.now();
  log(`scenario ${scenario.id}: ${scenario.title}`);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      wb.abort();
      reject(new Error(`still running after ${SCENARIO_GUARD_MS / 1000} s (no step's own guard fired first)`));
    }, SCENARIO_GUARD_MS);
  });
  const result: ScenarioResult = { scenario, passed: false, seconds: 0, screenshots: wb.screenshots };
  try {
    await Promise.race([
      scenario.run({
        wb,
        agent,
        server,
        workspace,
        kubeconfig,
        log: (message) => log(`  ${scenario.id}: ${message}`),
        note: (message) => {
          notes.push(message);
          log(`  ${scenario.id}: NOTE ${message}`);
        },
      }),
      timedOut,
    ]);
    result.passed = true;
  } catch (error) {
    result.error = error instanceof ScenarioAborted ? 'timed out' : error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
  result.seconds = (Date.now() - started) / 1000;
  if (!result.passed) await reportFailure(wb, server, result);
  // Leave no popup behind for the next scenario.
  for (let i = 0; i < 2; i++) await page.keyboard.press('Escape').catch(() => undefined);
  log(`scenario ${scenario.id} ${result.passed ? 'passed' : 'FAILED'} in ${result.seconds.toFixed(1)} s`);
  return result;
}

async function run(options: Options): Promise<number> {
  const started = Date.now();
  rmSync(RESULTS_DIR, { recursive: true, force: true });
  mkdirSync(RESULTS_DIR, { recursive: true });

  const root = mkdtempSync(path.join(os.tmpdir(), 'blast-radius-e2e-'));
  temporaryFolders.add(root);
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  try {
    // Copied away at once: another `npm run package` in this tree must not swap the file under the install.
    const vsix = path.join(root, 'blast-radius.vsix');
    copyFileSync(options.vsix ? path.resolve(options.vsix) : await packageExtension(), vsix);
    const install = await installCodeServer();
    log(`code-server ${install.reused ? 'already installed' : 'installed'} (${install.seconds.toFixed(1)} s)`);

    const workspace = createFixtureWorkspace(path.join(root, 'orders'));
    const agentVsix = path.join(root, 'test-agent.vsix');
    await packageTestAgent(agentVsix);
    const portFile = path.join(root, 'test-agent-port.json');
    const { env, token } = agentEnvironment(portFile);
    // Where kubectl and Blast Radius read the kubeconfig: a file only scenario 13 writes, never the machine's ~/.kube/config.
    const kubeconfig = path.join(root, 'kube', 'config');
    mkdirSync(path.dirname(kubeconfig), { recursive: true });
    env.KUBECONFIG = kubeconfig;
    // The stubs are programs the confirm gate finds installed (it shims what is on the host's PATH), so it holds them where no real one is.
    env.PATH = `${path.join(workspace, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`;

    const serverStarted = Date.now();
    server = await startCodeServer({
      workspaceFolder: workspace,
      installExtensions: [vsix, agentVsix],
      env,
      keepTempDirs: options.keep,
      userSettings: {
        // The stub terraform comes first on the terminal's PATH.
        'terminal.integrated.env.linux': { PATH: `${path.join(workspace, 'bin')}:\${env:PATH}` },
        'terminal.integrated.defaultProfile.linux': 'bash',
        // One Backspace deletes one character, indentation included (scenario 2 counts keys).
        'editor.useTabStops': false,
        // The test agent listens on loopback; without this the workbench offers to forward its port.
        'remote.autoForwardPorts': false,
        'editor.minimap.enabled': false,
        // Scenarios 1-4 show the flagging mode (a gate-level change stays in place, with an error in
        // Problems, a hover and a Revert quick fix), which is what holding off gives. Scenarios 9
        // and 10 switch holding on (its default) through the configuration API before they start.
        'blastRadius.gate.holdChanges': false,
      },
    });
    temporaryFolders.add(server.root);
    log(`code-server ${server.url} (pid ${server.pid}) answered after ${seconds(serverStarted)}, extensions installed`);

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Every Playwright wait has the same hang guard as the scenarios' own waits.
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.workbenchUrl(), { waitUntil: 'domcontentloaded', timeout: WORKBENCH_TIMEOUT_MS });
    await new Workbench(page, RESULTS_DIR).waitUntilReady(WORKBENCH_TIMEOUT_MS);
    const agent = await TestAgent.connect(portFile, token, AGENT_TIMEOUT_MS);
    log(`workbench ready, Blast Radius's status bar item shown and the test agent listening after ${seconds(started)}`);

    const scenariosStarted = Date.now();
    const notes: string[] = [];
    const results: ScenarioResult[] = [];
    for (const scenario of SCENARIOS) {
      if (options.only && !options.only.has(scenario.id)) continue;
      results.push(await runScenario(scenario, page, agent, server, workspace, kubeconfig, notes));
    }
    const scenarioSeconds = (Date.now() - scenariosStarted) / 1000;

    writeFileSync(path.join(RESULTS_DIR, 'blast-radius.log'), readBlastRadiusLog(server.userDataDir));
    writeFileSync(path.join(RESULTS_DIR, 'extension-host.log'), readExtensionHostLog(server.userDataDir));
    if (pageErrors.length) writeFileSync(path.join(RESULTS_DIR, 'page-errors.log'), `${pageErrors.join('\n')}\n`);

    const passed = results.filter((r) => r.passed).length;
    process.stdout.write('\n');
    for (const r of results) {
      log(`${r.passed ? 'PASS' : 'FAIL'} ${String(r.scenario.id)} ${r.seconds.toFixed(1).padStart(5)} s  ${r.scenario.title}${r.passed ? '' : `\n          ${r.error?.split('\n')[0] ?? ''}`}`);
    }
    for (const note of notes) log(`NOTE ${note}`);
    log(`${passed}/${results.length} scenarios passed in ${scenarioSeconds.toFixed(1)} s (whole run ${seconds(started)}); screenshots and logs in ${path.relative(REPO_ROOT, RESULTS_DIR)}/`);
    if (options.keep) log(`kept: workspace and test agent in ${root}, code-server's user data in ${server.root}`);
    return passed === results.length ? 0 : 1;
  } finally {
    await closeChromium(browser);
    await server?.stop();
    // Anything still running that this process started (a browser that ignored close()) ends here, by PID.
    for (const pid of descendantPids(process.pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    if (!options.keep) rmSync(root, { recursive: true, force: true });
    temporaryFolders.clear();
  }
}

function parseCommandLine(argv: readonly string[]): Options {
  const options: Options = { keep: false };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = (): string => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--vsix':
        options.vsix = value();
        break;
      case '--only':
        options.only = new Set(value().split(',').map(Number));
        break;
      case '--keep':
        options.keep = true;
        break;
      default:
        throw new Error(`Unknown argument ${flag}`);
    }
  }
  return options;
}

if (require.main === module) {
  let options: Options;
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`[e2e] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  keepTemporaryFolders = options.keep;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => killEverythingAndExit(130, `interrupted (${signal})`));
  setTimeout(() => killEverythingAndExit(124, `the run took longer than ${RUN_TIMEOUT_MS / 60_000} minutes`), RUN_TIMEOUT_MS).unref();
  run(options).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`[e2e] harness failure: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
