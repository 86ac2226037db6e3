import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH } from './harness-paths';

/**
 * Flags for Debian's Chromium in a container: no sandbox (we run as root), no GPU, and nothing that phones
 * home (the machine has no network beyond the package registries, so such requests would only add delay).
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const LAUNCH_TIMEOUT_MS = 60_000;
const CLOSE_TIMEOUT_MS = 10_000;

/** Launches Debian's Chromium headless; Playwright gives every launch a fresh temporary profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: LAUNCH_TIMEOUT_MS,
  });
}

/** Closes the browser, bounded: a browser stuck on a page must not hold up the harness's clean-up. */
export async function closeChromium(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  await Promise.race([
    browser.close().catch(() => undefined),
    new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref()),
  ]);
}
