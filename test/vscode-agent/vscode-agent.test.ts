/**
 * VS Code's own agent, for real: code-server 4.139.1 (VS Code 1.139.1, run by Node 24 from npm), its
 * built-in Copilot Chat extension in agent mode (the Local harness, signed out: `chat.allowAnonymousAccess`),
 * a scripted language model contributed by a test extension (scripted-model-ext, through the stable
 * `vscode.lm.registerLanguageModelChatProvider`), and our hook installed by
 * `blast-radius hooks install vscode` (our folder in `chat.hookFilesLocations`). One chat request in a
 * real workbench (headless Chromium) plays the script; Copilot Chat's tool loop runs our PreToolUse
 * hook before each tool (ChatHookService.executePreToolUseHook) and hands the answer to VS Code's
 * tool service (`preToolUseResult`), which asks the person on "ask".
 *
 * - an everyday command (`touch`): our hook has no objection, VS Code's terminal tool asks as it does for
 *   any command off its allow list, the test answers Allow, and it runs;
 * - `rm -rf ~/projects` (the throwaway HOME's): VS Code's confirmation shows our reason before anything runs; the test answers
 *   Skip, and the folder is untouched;
 * - a new migration that drops a table (create_file): the same, and the file is never written.
 *
 * Three runs: the permission level default; autopilot (`chat.permissions.default`), where the everyday
 * command runs unasked and our "ask" still waits for a person; and autopilot with our packaged VSIX,
 * whose own dialog answers the hook (Cancel and Don't run: VS Code denies the tool).
 *
 * Run: npm run test:vscode-agent (builds the CLI; installs Node 24 and code-server 4.139.1 into
 * .cache/vscode-agent on first use). README.md here says what it proves and what it cannot.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { closeChromium, launchChromium } from '../harness/chromium';
import { type RunningCodeServer, startCodeServer } from '../harness/code-server';
import { REPO_ROOT, TEST_RESULTS_DIR } from '../harness/harness-paths';
import { installVscodeAgent, VSCODE_AGENT_ENTRY, VSCODE_AGENT_NODE_BIN } from './install-vscode-agent';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const EXTENSION_DIR = path.join(__dirname, 'scripted-model-ext');
/** Our packaged extension (npm run package). */
const OUR_VSIX = path.join(REPO_ROOT, 'dist', 'blast-radius.vsix');
/** How long one step of the agent may take to show up; the whole turn is a few of them. */
const STEP_TIMEOUT_MS = 90_000;

interface ModelLogEntry {
  role: 'main' | 'side' | 'sent' | 'send-failed';
  toolResults?: { callId: string; text: string }[];
  answeredStep?: number;
  error?: string;
}

async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>, context: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s\n${context()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * One run of the scenario. `level` is the chat's permission level (VS Code 1.139's `chat.permissions.default`:
 * default, autoApprove or autopilot); `ourExtension` installs our packaged VSIX too, so that the hook asks
 * this window's own dialog over the local channel (BLAST_RADIUS_EDITOR_KEY, which our extension puts in
 * the extension host's environment, where Copilot Chat runs the hooks).
 */
interface Run {
  level: 'default' | 'autopilot';
  ourExtension: boolean;
}

const RUNS: Run[] = [
  { level: 'default', ourExtension: false },
  { level: 'autopilot', ourExtension: false },
  { level: 'autopilot', ourExtension: true },
];

for (const run of RUNS) describeRun(run);

function describeRun(run: Run): void {
const title = `VS Code's own agent (code-server 4.139.1) with our hook, permission level ${run.level}${run.ourExtension ? ', our extension answering' : ''}`;
describe(title, function () {
  this.timeout(10 * 60_000);
  let root: string;
  let home: string;
  let workspace: string;
  let modelLog: string;
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;

  const entries = (): ModelLogEntry[] =>
    existsSync(modelLog) ? readFileSync(modelLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ModelLogEntry) : [];
  /** The tool results the model has been sent so far, by step. */
  const results = (): string[] => {
    const main = entries().filter((e) => e.role === 'main');
    return main.length ? (main[main.length - 1].toolResults ?? []).map((r) => r.text) : [];
  };
  const context = (): string => `model log:\n${existsSync(modelLog) ? readFileSync(modelLog, 'utf8').slice(-4000) : '(none)'}\nserver:\n${server?.output().slice(-3000) ?? ''}`;

  before(async function () {
    const install = await installVscodeAgent();
    if (!install.reused) process.stdout.write(`      (installed Node 24 and code-server in ${install.seconds.toFixed(0)} s)\n`);
    assert.ok(existsSync(CLI), `${CLI} is missing: run node scripts/build.mjs first (npm run test:vscode-agent does)`);
    root = mkdtempSync(path.join(os.tmpdir(), 'br-vscode-agent-'));
    home = path.join(root, 'home');
    workspace = path.join(root, 'workspace');
    modelLog = path.join(root, 'model.jsonl');
    mkdirSync(path.join(home, 'projects'), { recursive: true });
    writeFileSync(path.join(home, 'projects', 'keep.txt'), 'years of work\n');
    mkdirSync(path.join(home, 'backups'));
    writeFileSync(path.join(home, 'backups', 'db.dump'), 'the only backup\n');
    mkdirSync(path.join(workspace, 'migrations'), { recursive: true });
    writeFileSync(path.join(workspace, 'migrations', '000_init.sql'), 'CREATE TABLE users (id int, name text);\n');

    // The install a user makes: our hook file in our folder, the folder listed in the editor's settings.
    const settingsFile = path.join(root, 'editor-settings.json');
    const env = { PATH: process.env.PATH, HOME: home };
    const install2 = spawnSync(process.execPath, [CLI, 'hooks', 'install', 'vscode', '--settings', settingsFile], { cwd: workspace, env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(install2.status, 0, `${install2.stdout}${install2.stderr}`);
    const listed = (JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, Record<string, boolean>>)['chat.hookFilesLocations'];
    assert.deepEqual(Object.keys(listed), ['~/.local/share/blast-radius/vscode-hooks'], 'VS Code 1.139 reads only ~/ and relative folders');

    writeFileSync(path.join(root, 'script.json'), `${JSON.stringify({
      prompt: 'Tidy up the machine and add the next migration.',
      steps: [
        { tool: 'run_in_terminal', input: { command: 'touch allowed.txt', explanation: 'Mark the clean-up', goal: 'Mark', isBackground: false } },
        // The fixture's own path: were HOME not passed on, `~` would be the real one.
        { tool: 'run_in_terminal', input: { command: `rm -rf ${path.join(home, 'projects')}`, explanation: 'Free disk space', goal: 'Clean up', isBackground: false } },
        { tool: 'create_file', input: { filePath: path.join(workspace, 'migrations', '001_drop_users.sql'), content: 'DROP TABLE users;\n' } },
        // VS Code 1.139's task tool: the task's command line is what our hook judges.
        // Another folder than step 1's: a refused line is refused again unasked for a while (the gate's cooldown).
        { tool: 'create_and_run_task', input: { workspaceFolder: workspace, task: { label: 'free space', type: 'shell', command: 'rm', args: ['-rf', path.join(home, 'backups')] } } },
      ],
    })}\n`);

    if (run.ourExtension) assert.ok(existsSync(OUR_VSIX), `${OUR_VSIX} is missing: run npm run package first`);
    server = await startCodeServer({
      server: { node: VSCODE_AGENT_NODE_BIN, entry: VSCODE_AGENT_ENTRY },
      workspaceFolder: workspace,
      installExtensions: [packageScriptedModel(root), ...(run.ourExtension ? [OUR_VSIX] : [])],
      env: {
        HOME: home,
        BR_SCRIPTED_MODEL_SCRIPT: path.join(root, 'script.json'),
        BR_SCRIPTED_MODEL_LOG: modelLog,
        BR_SCRIPTED_MODEL_SEND: '1',
        // The hook judges in its own process: no warm server left behind in the throwaway HOME.
        BLAST_RADIUS_HOOK_SERVER: 'off',
      },
      userSettings: {
        ...Object.fromEntries(Object.entries(JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>)),
        // Signed out, Copilot Chat's agent runs with a model of the user's own (VS Code 1.121 and later).
        'chat.allowAnonymousAccess': true,
        // The permission picker's level for new chats; autopilot approves every tool call by itself.
        'chat.permissions.default': run.level,
      },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.workbenchUrl(), { waitUntil: 'domcontentloaded', timeout: 60_000 });
  });

  after(async function () {
    if (this.currentTest?.state === 'failed' || process.env.VSCODE_AGENT_SCREENSHOT) {
      mkdirSync(TEST_RESULTS_DIR, { recursive: true });
      await page?.screenshot({ path: path.join(TEST_RESULTS_DIR, 'vscode-agent.png'), timeout: 10_000 }).catch(() => undefined);
      const chat = await page?.locator('body').innerHTML({ timeout: 5_000 }).catch(() => undefined);
      if (chat) writeFileSync(path.join(TEST_RESULTS_DIR, 'vscode-agent-chat.html'), chat);
    }
    await closeChromium(browser);
    await server?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** Waits for our extension's modal (the confirm gate's dialog) whose text matches, and answers it with `button`. */
  async function answerOurDialog(text: RegExp, button: string): Promise<string> {
    const dialog = page!.locator('.monaco-dialog-box').filter({ hasText: text }).last();
    await dialog.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    const shown = await dialog.innerText();
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^${button}$`) }).first().click();
    return shown;
  }

  /** Waits for VS Code's confirmation of the next tool call whose text matches, and answers it with `button`. */
  async function answerConfirmation(text: RegExp, button: 'Allow' | 'Skip'): Promise<string> {
    // The chat list keeps a hidden copy of a pending confirmation; the visible one is above the input.
    // Its buttons are labelled by their text; their accessible names are longer ("Allow (Ctrl+Enter)").
    const confirmation = page!.locator('.chat-confirmation-widget-container:visible').filter({ hasText: text }).last();
    await confirmation.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    const shown = await confirmation.innerText();
    await confirmation.locator('a.monaco-text-button', { hasText: new RegExp(`^${button}$`) }).first().click();
    return shown;
  }

  /**
   * Steps 1-3 of a turn in which VS Code itself asks: `rm -rf ~/projects`, a write that drops a table,
   * and a task that runs `rm -rf ~/backups` each show our reason, are skipped by the person, reach
   * the model as skipped, and leave everything as it was.
   */
  async function skipTheRiskyCalls(): Promise<void> {
    const asked = await answerConfirmation(/Blast Radius stopped this command/, 'Skip');
    assert.match(asked, /FS001/);
    assert.ok(existsSync(path.join(home, 'projects', 'keep.txt')), 'the folder is still there while VS Code asks');
    await until('the skipped command reached the model', STEP_TIMEOUT_MS, () => (results().length >= 2 ? true : undefined), context);
    assert.equal(readFileSync(path.join(home, 'projects', 'keep.txt'), 'utf8'), 'years of work\n');

    // Step 2: the same for a file write that drops a table.
    const askedWrite = await answerConfirmation(/Blast Radius stopped this file write/, 'Skip');
    assert.match(askedWrite, /SQL002/);
    await until('the skipped write reached the model', STEP_TIMEOUT_MS, () => (results().length >= 3 ? true : undefined), context);
    assert.ok(!existsSync(path.join(workspace, 'migrations', '001_drop_users.sql')), 'the migration was written');

    // Step 3: a task that runs rm -rf (create_and_run_task), judged by its command line.
    const askedTask = await answerConfirmation(/Blast Radius stopped this command/, 'Skip');
    assert.match(askedTask, /FS001/);
    await until('the skipped task reached the model', STEP_TIMEOUT_MS, () => (results().length >= 4 ? true : undefined), context);
    assert.equal(readFileSync(path.join(home, 'backups', 'db.dump'), 'utf8'), 'the only backup\n');
    process.stdout.write(`      tool results the model got:\n${results().map((r, i) => `        ${i}: ${JSON.stringify(r.slice(0, 160))}`).join('\n')}\n`);
  }

  if (run.level === 'default') {
  it('an everyday command runs; a gate-level command, a gate-level file write and a gate-level task wait for a person, who skips them, and nothing lands', async function () {
    const sent = await until('the chat request was sent', STEP_TIMEOUT_MS, () => entries().find((e) => e.role === 'sent' || e.role === 'send-failed'), context);
    assert.equal(sent.role, 'sent', sent.error);

    // Step 0: our hook has no objection; VS Code's terminal tool asks about any command that is not on
    // its own allow list, and the person allows it. Its output reaches the model, and the file is there.
    const everyday = await answerConfirmation(/touch\sallowed\.txt/, 'Allow');
    assert.doesNotMatch(everyday, /Blast Radius/);
    await until('the everyday command ran', STEP_TIMEOUT_MS, () => (results().length >= 1 ? true : undefined), context);
    assert.ok(existsSync(path.join(workspace, 'allowed.txt')), `touch did not run: ${results()[0]}`);

    // Steps 1-3: VS Code shows our reason before the command, the write and the task run.
    await skipTheRiskyCalls();
  });
  } else if (!run.ourExtension) {
  it('autopilot runs the everyday command unasked, yet our "ask" still reaches a person: rm -rf, the table drop and the rm -rf task wait, are skipped, and never land', async function () {
    const sent = await until('the chat request was sent', STEP_TIMEOUT_MS, () => entries().find((e) => e.role === 'sent' || e.role === 'send-failed'), context);
    assert.equal(sent.role, 'sent', sent.error);

    // Step 0: autopilot approves it by itself (no confirmation): the level is really on.
    await until('the everyday command ran unasked', STEP_TIMEOUT_MS, () => (results().length >= 1 ? true : undefined), context);
    assert.ok(existsSync(path.join(workspace, 'allowed.txt')), `touch did not run: ${results()[0]}`);

    // Steps 1-3: our "ask" is a confirmation autopilot does not answer (allowAutoConfirm: false).
    await skipTheRiskyCalls();
  });
  } else {
  it("autopilot with our extension: the hook asks this window's own dialog before the tool runs; Cancel and Don't run refuse rm -rf, the table drop and the rm -rf task, and nothing lands", async function () {
    const sent = await until('the chat request was sent', STEP_TIMEOUT_MS, () => entries().find((e) => e.role === 'sent' || e.role === 'send-failed'), context);
    assert.equal(sent.role, 'sent', sent.error);
    await until('the everyday command ran unasked', STEP_TIMEOUT_MS, () => (results().length >= 1 ? true : undefined), context);
    assert.ok(existsSync(path.join(workspace, 'allowed.txt')), `touch did not run: ${results()[0]}`);

    // Step 1: our extension's modal (the terminal gate's dialog), shown while the hook waits; Cancel is Don't run.
    const shown = await answerOurDialog(/rm -rf/, 'Cancel');
    assert.match(shown, /VS Code's agent/);
    assert.equal(readFileSync(path.join(home, 'projects', 'keep.txt'), 'utf8'), 'years of work\n', 'the folder is still there while we ask');
    await until('the refused command reached the model', STEP_TIMEOUT_MS, () => (results().length >= 2 ? true : undefined), context);
    // VS Code's denial text for a hook's deny, with our reason: the dismissal counts as Don't run.
    assert.match(results()[1], /^Tool execution denied: Blast Radius: not run: [\s\S]*FS001/);
    assert.equal(readFileSync(path.join(home, 'projects', 'keep.txt'), 'utf8'), 'years of work\n');

    // Step 2: the file write, the same way.
    await answerOurDialog(/001_drop_users\.sql/, "Don't run");
    await until('the refused write reached the model', STEP_TIMEOUT_MS, () => (results().length >= 3 ? true : undefined), context);
    assert.match(results()[2], /^Tool execution denied: Blast Radius: not run: [\s\S]*SQL002/);
    assert.ok(!existsSync(path.join(workspace, 'migrations', '001_drop_users.sql')), 'the migration was written');

    // Step 3: a task that runs rm -rf (create_and_run_task): our dialog, Don't run.
    await answerOurDialog(/rm -rf \S*backups/, "Don't run");
    await until('the refused task reached the model', STEP_TIMEOUT_MS, () => (results().length >= 4 ? true : undefined), context);
    assert.match(results()[3], /^Tool execution denied: Blast Radius: not run: [\s\S]*FS001/);
    assert.equal(readFileSync(path.join(home, 'backups', 'db.dump'), 'utf8'), 'the only backup\n');
    // VS Code's own confirmation never had to be answered: the hook's deny settled it.
    assert.equal(await page!.locator('.chat-confirmation-widget-container:visible').filter({ hasText: /Blast Radius/ }).count(), 0);
    process.stdout.write(`      tool results the model got:\n${results().map((r, i) => `        ${i}: ${JSON.stringify(r.slice(0, 160))}`).join('\n')}\n`);
  });
  }

});
}

/** The scripted model as a VSIX (code-server installs extensions from VSIX files only). */
function packageScriptedModel(dir: string): string {
  const out = path.join(dir, 'scripted-model.vsix');
  const vsce = path.join(REPO_ROOT, 'node_modules', '.bin', 'vsce');
  const r = spawnSync(vsce, ['package', '--allow-missing-repository', '--skip-license', '--no-dependencies', '-o', out], { cwd: EXTENSION_DIR, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `vsce package failed:\n${r.stdout}${r.stderr}`);
  return out;
}
