/**
 * What a person does in the VS Code workbench, as Playwright steps: open a file, go to a line, show
 * the hover, open the Problems panel or the light bulb, read the terminal, click the status bar.
 * Selectors are VS Code 1.100's (code-server 4.100.3); each wait is bounded.
 *
 * One `Workbench` serves one scenario. When the scenario runs out of time the runner calls
 * `abort()`, and every later step of that scenario throws at once instead of clicking into the next
 * scenario's screen.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

/**
 * The last-resort bound of one UI step (a palette opening, a row appearing, a panel showing) and of
 * any other wait of a scenario: far above what a step takes on a loaded machine (seconds at most).
 * Reaching it means the element or event never came; the error names it.
 */
export const STEP_TIMEOUT_MS = 60_000;

/** The Blast Radius status bar item: VS Code gives it the id `<extension id>.<item id>`. */
const STATUS_ITEM = '[id="blast-radius.blast-radius.blastRadius.status"]';

export interface ProblemRow {
  /** What a screen reader hears: severity, message, position and source. */
  ariaLabel: string;
  /** The row's visible text: message, source, code and `[Ln N, Col M]`. */
  text: string;
  severity: 'error' | 'warning' | 'info' | 'unknown';
  /** 1-based, from `[Ln N, Col M]`. */
  line: number | undefined;
}

export class ScenarioAborted extends Error {}

/** Polls `probe` until it returns something truthy; fails only at the guard, naming `what`. */
export async function until<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = STEP_TIMEOUT_MS, everyMs = 200): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} never happened: still waiting after ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export class Workbench {
  private aborted = false;
  readonly screenshots: string[] = [];

  constructor(readonly page: Page, private readonly screenshotDir: string) {}

  /** Makes every later step throw: the scenario ran out of time. */
  abort(): void {
    this.aborted = true;
  }

  private check(): void {
    if (this.aborted) throw new ScenarioAborted('scenario aborted (it ran out of time)');
  }

  /** Waits for the explorer to list the workspace and for Blast Radius's status bar item (it has activated). */
  async waitUntilReady(timeoutMs: number): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
    await this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'infra' }).waitFor({ timeout: timeoutMs });
    await this.page.locator(STATUS_ITEM).waitFor({ timeout: timeoutMs });
  }

  /**
   * Keyboard shortcuts reach the workbench only after a click into it. The middle of the editor
   * area is always there and harmless: the watermark, or text (the cursor moves, nothing else). Its
   * corner is not: that is the first tab, and clicking it switches editors.
   */
  async focusWorkbench(): Promise<void> {
    this.check();
    await this.page.locator('.part.editor').click({ timeout: STEP_TIMEOUT_MS });
  }

  /** Closes whatever popup is open (quick input, hover, light bulb menu). */
  async dismiss(): Promise<void> {
    this.check();
    for (let i = 0; i < 2; i++) await this.page.keyboard.press('Escape');
  }

  /** Runs a command by its title from the command palette (F1). */
  async runCommand(title: string): Promise<void> {
    this.check();
    await this.focusWorkbench();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget');
    await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await this.page.keyboard.type(title);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    this.check();
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  }

  /** Opens a workspace file with Quick Open (Ctrl+P) and waits for its tab to be the active one. */
  async openFile(relativePath: string): Promise<void> {
    this.check();
    const name = path.posix.basename(relativePath);
    await this.focusWorkbench();
    await this.page.keyboard.press('Control+P');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await this.page.keyboard.type(relativePath);
    // The list filters as it goes: wait until the row Enter would pick is this file, not a recent one.
    const folder = path.posix.dirname(relativePath);
    const label = folder === '.' ? name : `${name} ${folder}`;
    await until(`Quick Open to pick ${relativePath}`, async () => {
      const focused = await this.page.locator('.quick-input-list .monaco-list-row.focused').getAttribute('aria-label').catch(() => null);
      return focused?.startsWith(label);
    });
    this.check();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tab.active', { hasText: name }).waitFor({ timeout: STEP_TIMEOUT_MS });
    await this.editor().locator('.view-lines').waitFor({ timeout: STEP_TIMEOUT_MS });
  }

  /** The editor of the active editor group. */
  editor(): Locator {
    return this.page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
  }

  /** Puts the cursor at the start of a 1-based line with Go to Line (Ctrl+G); the editor keeps focus. */
  async goToLine(line: number): Promise<void> {
    this.check();
    await this.editor().locator('.view-lines').click({ timeout: STEP_TIMEOUT_MS });
    await this.page.keyboard.press('Control+G');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    await this.page.keyboard.type(String(line));
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
    await this.page.keyboard.press('Home');
    await this.page.keyboard.press('Home');
  }

  /**
   * Shows the hover at the cursor (Ctrl+K Ctrl+I) and returns its text once it contains `expected`:
   * hover providers answer one by one, so wait for the part that matters.
   */
  async showHover(expected: string | RegExp): Promise<string> {
    this.check();
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    const hover = this.page.locator('.monaco-hover:visible', { hasText: expected }).first();
    await hover.waitFor({ timeout: STEP_TIMEOUT_MS });
    return hover.innerText();
  }

  /**
   * Scrolls the visible hover down (it is at most about 250 px tall) by moving the mouse onto it and
   * turning the wheel. Only for the screenshot that follows: nothing is asserted about the scroll,
   * so the short pause for the wheel to land cannot fail a scenario.
   */
  async scrollHover(pixels: number): Promise<void> {
    this.check();
    const hover = this.page.locator('.monaco-hover:visible').first();
    await hover.hover({ timeout: STEP_TIMEOUT_MS });
    await this.page.mouse.wheel(0, pixels);
    await this.page.waitForTimeout(300);
  }

  /** Opens the light bulb menu at the cursor (Ctrl+.) and returns its entries' labels. */
  async openQuickFixes(): Promise<string[]> {
    this.check();
    await this.page.keyboard.press('Control+.');
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await rows.first().waitFor({ timeout: STEP_TIMEOUT_MS });
    return (await this.ariaLabels(rows)).filter(Boolean);
  }

  /**
   * Picks a light bulb entry with the keyboard, as the menu expects (a pointer block over the editor
   * swallows clicks until the mouse has moved): arrows until it is focused, then Enter.
   */
  async chooseQuickFix(label: string): Promise<void> {
    this.check();
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    const focusedLabel = async (): Promise<string> => (await this.page.locator('.action-widget .monaco-list-row.action.focused').getAttribute('aria-label', { timeout: STEP_TIMEOUT_MS })) ?? '';
    for (let moves = 0; (await focusedLabel()) !== label; moves++) {
      if (moves >= (await rows.count())) throw new Error(`"${label}" is not in the light bulb menu`);
      await this.page.keyboard.press('ArrowDown');
    }
    await this.page.keyboard.press('Enter');
    await this.page.locator('.action-widget').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  }

  /** Shows the Problems panel (Ctrl+Shift+M). */
  async openProblems(): Promise<void> {
    this.check();
    await this.focusWorkbench();
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  }

  /** Hides the bottom panel (Problems, Terminal) with Ctrl+J when it shows. */
  async hidePanel(): Promise<void> {
    this.check();
    const panel = this.page.locator('.part.panel');
    if (!(await panel.isVisible())) return;
    await this.focusWorkbench();
    await this.page.keyboard.press('Control+J');
    await panel.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  }

  /** The problem rows (not the file rows) the Problems panel shows now. */
  async problemRows(): Promise<ProblemRow[]> {
    this.check();
    const rows = this.page.locator('.markers-panel .monaco-list-row', { has: this.page.locator('.marker-icon') });
    const found: ProblemRow[] = [];
    for (const row of await rows.all()) {
      const ariaLabel = (await row.getAttribute('aria-label')) ?? '';
      const text = await row.innerText();
      const icon = (await row.locator('.marker-icon').first().getAttribute('class')) ?? '';
      const position = /\[Ln (\d+), Col \d+\]/.exec(text);
      const severity = /\berror\b/.test(icon) ? 'error' : /\bwarning\b/.test(icon) ? 'warning' : /\binfo\b/.test(icon) ? 'info' : 'unknown';
      found.push({ ariaLabel, text, severity, line: position ? Number(position[1]) : undefined });
    }
    return found;
  }

  /** The file rows of the Problems panel, by their accessible labels ("1 problems in file db.tf of folder infra"). */
  async problemFiles(): Promise<string[]> {
    this.check();
    const rows = this.page.locator('.markers-panel .monaco-list-row', { hasNot: this.page.locator('.marker-icon') });
    const labels = await this.ariaLabels(rows);
    // Related-information rows have no marker icon either; file rows say "... in file <name> ...".
    return labels.filter((label) => / in file /.test(label));
  }

  /**
   * The visible text of the active integrated terminal (readable because the GPU renderer is off).
   * With several terminals only the active one's wrapper counts (a hidden one may keep its mark); a
   * lone terminal may not mark its wrapper active, so fall back to the only rows on screen.
   */
  async terminalText(): Promise<string> {
    this.check();
    const active = this.page.locator('.terminal-wrapper.active .xterm-rows:visible');
    const rows = (await active.count()) > 0 ? active.first() : this.page.locator('.xterm-rows:visible').first();
    return (await rows.isVisible()) ? rows.innerText() : '';
  }

  /**
   * Types a command line into the active terminal and presses Enter, as a person does: once the
   * shell shows its prompt again (keys typed earlier are echoed before the prompt and garble the
   * screen). The terminal must be showing (the test agent's showTerminal); a click on its screen
   * gives it the keyboard.
   */
  async typeInTerminal(line: string): Promise<void> {
    this.check();
    await until('the terminal to show a prompt', async () => /[$#%>]$/.test((await this.terminalText()).trimEnd().split('\n').pop() ?? ''));
    await this.page.locator('.terminal-wrapper.active .xterm-screen:visible').first().click({ timeout: STEP_TIMEOUT_MS });
    await this.page.keyboard.type(line, { delay: 20 });
    this.check();
    await this.page.keyboard.press('Enter');
  }

  /** The modal dialog (confirm gate, held changes) whose text contains `text`; any modal without it. */
  dialog(text?: string | RegExp): Locator {
    return text === undefined ? this.page.locator('.monaco-dialog-box') : this.page.locator('.monaco-dialog-box', { hasText: text });
  }

  /** A dialog's button titles in the order they are shown (VS Code on Linux puts the primary one last). */
  async dialogButtons(dialog: Locator): Promise<string[]> {
    this.check();
    const titles: string[] = [];
    for (const button of await dialog.locator('.dialog-buttons .monaco-button').all()) titles.push((await button.innerText()).trim());
    return titles;
  }

  /** The button that has the keyboard focus when a dialog opens: the one Enter picks. */
  async focusedDialogButton(dialog: Locator): Promise<string | undefined> {
    this.check();
    const focused = dialog.locator('.dialog-buttons .monaco-button:focus');
    return (await focused.count()) ? (await focused.first().innerText()).trim() : undefined;
  }

  /** A notification toast containing `text`. */
  toast(text: string): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  statusItem(): Locator {
    return this.page.locator(STATUS_ITEM);
  }

  async statusText(): Promise<string> {
    this.check();
    return (await this.statusItem().innerText({ timeout: STEP_TIMEOUT_MS })).trim();
  }

  /** The rows of Blast Radius's Recent Events view, by their accessible labels. */
  async eventRows(): Promise<string[]> {
    this.check();
    const rows = this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: 'Recent Events' }) }).locator('.monaco-list-row');
    return this.ariaLabels(rows);
  }

  /** The pane of one of Blast Radius's views by its title ("Recent Events", "Agent Steps"). */
  viewPane(title: string): Locator {
    return this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: title }) });
  }

  /** The rows of Blast Radius's Agent Steps view (steps and, when expanded, their files), by their accessible labels. */
  async stepRows(): Promise<string[]> {
    this.check();
    return this.ariaLabels(this.viewPane('Agent Steps').locator('.monaco-list-row'));
  }

  /**
   * Runs a view item's inline action (the icon a row shows while the pointer is on it): the row whose
   * accessible label starts with `rowLabel`, the action whose title is `action`.
   */
  async rowAction(pane: Locator, rowLabel: string, action: string): Promise<void> {
    this.check();
    const row = pane.locator(`.monaco-list-row[aria-label^="${rowLabel.replace(/["\\]/g, '\\$&')}"]`).first();
    await row.hover({ timeout: STEP_TIMEOUT_MS });
    await row.locator(`.actions .action-label[aria-label^="${action}"]`).click({ timeout: STEP_TIMEOUT_MS });
  }

  /** The rows of the quick pick titled `title` once it shows, by their accessible labels. */
  async quickPickRows(title: string): Promise<string[]> {
    this.check();
    const widget = this.page.locator('.quick-input-widget', { has: this.page.locator('.quick-input-title', { hasText: title }) });
    await widget.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    return this.ariaLabels(widget.locator('.quick-input-list .monaco-list-row'));
  }

  /** The accessible labels of the elements `rows` matches now (the tsconfig has no DOM types for evaluateAll). */
  private async ariaLabels(rows: Locator): Promise<string[]> {
    const labels: string[] = [];
    for (const row of await rows.all()) labels.push((await row.getAttribute('aria-label')) ?? '');
    return labels;
  }

  /** Saves a screenshot of the whole window as `<name>.png` and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(this.screenshotDir, { recursive: true });
    const file = path.join(this.screenshotDir, `${name}.png`);
    // Animations (a toast sliding in) are run to their end first, so the picture shows where they land.
    await this.page.screenshot({ path: file, timeout: STEP_TIMEOUT_MS, animations: 'disabled' });
    this.screenshots.push(file);
    return file;
  }
}
