/**
 * Smoke check that a real VS Code workbench renders here: starts code-server on a small workspace, opens it
 * in headless Chromium, clicks into the editor area, opens the command palette with F1 and saves a
 * screenshot to test-results/smoke.png for a person (or a file viewer) to look at.
 *
 * Usage: npx tsx test/harness/smoke.ts [--extension-vsix <file>]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { closeChromium, launchChromium } from './chromium';
import { startCodeServer, type RunningCodeServer } from './code-server';
import { TEST_RESULTS_DIR } from './harness-paths';
import { installCodeServer } from './install-code-server';

const WORKBENCH_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 15_000;

function log(message: string): void {
  process.stdout.write(`[smoke] ${message}\n`);
}

async function runSmoke(vsixFiles: readonly string[]): Promise<string> {
  const started = Date.now();
  const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  await installCodeServer();
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'blast-radius-smoke-'));
  writeFileSync(path.join(workspace, 'deploy.sh'), '#!/bin/sh\nterraform apply -auto-approve\n');
  writeFileSync(path.join(workspace, 'README.md'), '# Smoke workspace\n');
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startCodeServer({ workspaceFolder: workspace, installExtensions: vsixFiles });
    log(`code-server ${server.url} answered after ${elapsed()}`);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.workbenchUrl(), { waitUntil: 'domcontentloaded', timeout: WORKBENCH_TIMEOUT_MS });
    // The explorer listing a workspace file means the workbench reached the server's file system.
    await page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_TIMEOUT_MS });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'deploy.sh' }).waitFor({ timeout: WORKBENCH_TIMEOUT_MS });
    log(`workbench rendered the explorer after ${elapsed()}`);

    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'deploy.sh' }).click({ timeout: STEP_TIMEOUT_MS });
    await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.locator('.part.editor .monaco-editor .view-lines').first().click({ timeout: STEP_TIMEOUT_MS });
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await page.keyboard.type('Toggle Word Wrap');
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    log(`command palette open after ${elapsed()}`);

    mkdirSync(TEST_RESULTS_DIR, { recursive: true });
    const screenshot = path.join(TEST_RESULTS_DIR, 'smoke.png');
    await page.screenshot({ path: screenshot, timeout: STEP_TIMEOUT_MS });
    return screenshot;
  } finally {
    await closeChromium(browser);
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const vsixFiles: string[] = [];
  const argv = process.argv.slice(2);
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === '--extension-vsix' && argv[index + 1]) vsixFiles.push(argv[++index]);
    else {
      process.stderr.write(`[smoke] Unknown argument ${argv[index]}\n`);
      process.exit(2);
    }
  }
  const started = Date.now();
  runSmoke(vsixFiles).then(
    (screenshot) => {
      log(`screenshot: ${screenshot} (${((Date.now() - started) / 1000).toFixed(1)} s in all)`);
    },
    (error: unknown) => {
      process.stderr.write(`[smoke] failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
