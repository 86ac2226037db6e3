/**
 * The dialog for held changes. Items held within one agent step (the edits and deletions judged
 * from one burst of activity) are collected and shown in one modal; while it is open, later items
 * wait for their own dialog, one at a time (the terminal gate's ConfirmQueue). Escape, closing
 * the dialog and no answer in time all undo the step: edits stay discarded, deleted files come back.
 *
 * Test builds (ExtensionMode.Test) answer the dialog through `_blastRadius.holdTest` instead of
 * showing it; nothing else can answer it.
 */
import * as vscode from 'vscode';
import { ConfirmQueue } from '../core/gate/confirm-queue';
import { holdButtons, holdDialog, holdOutcome, holdReminder, type HeldSummary, type HoldChoice, type HoldDialog } from '../core/gate/held';
import { errorText, type State } from './state';

/** One held item as the prompt sees it: its words, and how to show its diff. */
export interface HeldEntry {
  /** The holder's own name for the item. */
  id: string;
  summary: HeldSummary;
  /** Opens the diff of an edit: last known content ↔ proposed content. */
  showDiff?(): Promise<void>;
}

/** Called once per step with the person's decision (on the caller's own queue). */
export type HoldDecision = (items: readonly HeldEntry[], outcome: 'undo' | 'keep', how: string) => Promise<void>;

/** A step is closed this long after its last item arrives… */
const STEP_QUIET_MS = 250;
/** …or this long after its first, whichever comes first. */
const STEP_MAX_MS = 1500;
/** Steps waiting for a dialog at most; beyond that a step is undone without asking. */
const MAX_STEPS = 64;

/** `none` never answers (the timeout does); `later` waits for the test's next answers; `late-keep` answers keep after the timeout. */
type TestAnswer = HoldChoice | 'escape' | 'none' | 'later' | 'late-keep';
const TEST_ANSWERS: readonly string[] = ['undo', 'keep', 'diff', 'escape', 'none', 'later', 'late-keep'];

/** Live prompts of test builds, newest last: the test command talks to the newest. */
const testPrompts: HoldPrompt[] = [];
let testCommand: vscode.Disposable | undefined;

interface Step {
  items: HeldEntry[];
  opened: number;
  /** How the step's request ended (an answer, or the timeout), once it did. */
  ended?: string;
  whenEnded: Promise<void>;
  end(how: string): void;
}

function newStep(opened: number): Step {
  let resolve: () => void = () => undefined;
  const step: Step = {
    items: [],
    opened,
    whenEnded: new Promise<void>((r) => (resolve = r)),
    end: (how) => {
      step.ended = how;
      resolve();
    },
  };
  return step;
}

export class HoldPrompt implements vscode.Disposable {
  private readonly queue: ConfirmQueue<Step, HoldChoice>;
  private collecting: Step | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  /** Steps collected, queued, on screen or being carried out. */
  private busy = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly testMode: boolean;
  /** Test builds: the answers to give, in order; the last one repeats. */
  private testAnswers: TestAnswer[] = [];
  private testWaiters: (() => void)[] = [];
  private dialogsShown = 0;
  private diffsShown = 0;
  private lastDialog: HoldDialog | undefined;
  /** What the last answer given after its step had ended was told. */
  private lastLateNotice: string | undefined;
  private disposed = false;

  constructor(
    private readonly state: State,
    private readonly decide: HoldDecision,
  ) {
    this.testMode = state.context.extensionMode === vscode.ExtensionMode.Test;
    this.queue = new ConfirmQueue<Step, HoldChoice>({
      ask: (step) => this.ask(step),
      timeoutMs: () => state.config.settings.gateTimeoutSeconds * 1000,
      maxPending: MAX_STEPS,
      cooldownMs: 0,
    });
    if (this.testMode) this.registerTestCommand();
  }

  /** Adds a held item to the current step. */
  add(entry: HeldEntry): void {
    if (this.disposed) return;
    const now = Date.now();
    if (!this.collecting) {
      this.collecting = newStep(now);
      this.busy++;
    }
    this.collecting.items.push(entry);
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(STEP_QUIET_MS, this.collecting.opened + STEP_MAX_MS - now));
    this.timer = setTimeout(() => this.closeStep(), wait);
  }

  /** True while any held item waits for an answer or its answer is being carried out. */
  get pending(): boolean {
    return this.busy > 0;
  }

  /** Resolves when nothing is held any more. */
  idle(): Promise<void> {
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private closeStep(): void {
    this.timer = undefined;
    const step = this.collecting;
    this.collecting = undefined;
    if (!step) return;
    const key = `step-${++this.seq}`;
    void this.queue.request(key, step).then(async (answer) => {
      step.end(answer);
      const choice = answer === 'undo' || answer === 'keep' || answer === 'diff' ? answer : undefined;
      const outcome = holdOutcome(choice);
      const safe = holdButtons(step.items.map((i) => i.summary))[0].title;
      // Cancel, Escape and closing the dialog are the same answer as its first button, said as what they were.
      const how = choice
        ? `answered ${outcome === 'keep' ? 'keep' : 'undo'} in the dialog`
        : answer === 'timeout'
          ? `no answer in time (counts as ${safe})`
          : answer === 'dismissed'
            ? `dismissed (Cancel, Escape or closing the dialog; the same as ${safe})`
            : `${answer} (counts as ${safe})`;
      try {
        await this.decide(step.items, outcome, how);
      } catch (e) {
        this.state.log.error(`carrying out the answer for held changes failed: ${errorText(e)}`);
      } finally {
        this.done();
      }
    });
  }

  private done(): void {
    this.busy--;
    if (this.busy > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /**
   * Shows the modal. Show diff opens the diffs and asks again in a notification, since a modal would
   * cover the diff; the timeout of the first question still runs.
   */
  private async ask(step: Step): Promise<HoldChoice | undefined> {
    const summaries = step.items.map((i) => i.summary);
    const timeoutSeconds = this.state.config.settings.gateTimeoutSeconds;
    const dialog = holdDialog(summaries, { timeoutSeconds });
    this.dialogsShown++;
    this.lastDialog = dialog;
    const picked = await this.show(dialog, true, step);
    if (picked !== 'diff') return this.answered(step, picked);
    this.diffsShown++;
    for (const item of step.items) {
      try {
        await item.showDiff?.();
      } catch (e) {
        this.state.log.warn(`showing the diff of a held change failed: ${errorText(e)}`);
      }
    }
    const reminder = holdReminder(summaries, { timeoutSeconds });
    this.lastDialog = reminder;
    const again = await this.show(reminder, false, step);
    return this.answered(step, again === 'diff' ? undefined : again);
  }

  /**
   * VS Code cannot close a modal for us: after the timeout it stays until answered. An answer to
   * keep the change after that changes nothing, and whoever gives it is told so.
   */
  private answered(step: Step, choice: HoldChoice | undefined): HoldChoice | undefined {
    if (choice !== 'keep' || step.ended === undefined || step.ended === 'keep') return choice;
    const buttons = holdButtons(step.items.map((i) => i.summary));
    const text = `Too late: no answer within ${this.state.config.settings.gateTimeoutSeconds} s counted as ${buttons[0].title}; ${buttons.find((b) => b.choice === 'keep')?.title ?? 'your answer'} changed nothing.`;
    this.lastLateNotice = text;
    this.state.log.info(`held changes: ${text}`);
    void vscode.window.showWarningMessage(`Blast Radius: ${text}`);
    return choice;
  }

  private async show(dialog: HoldDialog, modal: boolean, step: Step): Promise<HoldChoice | undefined> {
    if (this.testMode && this.testAnswers.length) {
      let answer = this.testAnswers.length > 1 ? this.testAnswers.shift()! : this.testAnswers[0];
      while (answer === 'later') {
        await new Promise<void>((resolve) => this.testWaiters.push(resolve));
        if (!this.testAnswers.length) return undefined;
        answer = this.testAnswers.length > 1 ? this.testAnswers.shift()! : this.testAnswers[0];
      }
      if (answer === 'late-keep') {
        await step.whenEnded;
        return 'keep';
      }
      if (answer === 'none') return new Promise<undefined>(() => undefined);
      return answer === 'escape' ? undefined : answer;
    }
    type Item = vscode.MessageItem & { choice: HoldChoice };
    // The safe answer is first and not the close affordance, so VS Code makes it the primary
    // button (Enter) and adds its own Cancel, which counts as the safe answer too.
    const items: Item[] = dialog.buttons.map((b) => ({ title: b.title, isCloseAffordance: false, choice: b.choice }));
    const picked = await vscode.window.showWarningMessage(dialog.message, modal ? { modal: true, detail: dialog.detail } : { modal: false }, ...items);
    return picked?.choice;
  }

  /** Test builds only: set the answers and read what the prompt showed. */
  private registerTestCommand(): void {
    testPrompts.push(this);
    // One command for the extension host (a test may build a second watcher): the newest prompt answers.
    if (testCommand) return;
    try {
      testCommand = vscode.commands.registerCommand('_blastRadius.holdTest', (arg?: { answers?: string[]; waitIdle?: boolean }) => testPrompts[testPrompts.length - 1]?.testCommand(arg));
    } catch {
      // Another copy of this module (a test bundle building its own watcher) registered it first.
    }
  }

  private async testCommand(arg?: { answers?: string[]; waitIdle?: boolean }): Promise<unknown> {
    if (arg?.answers) {
      this.testAnswers = arg.answers.filter((a): a is TestAnswer => TEST_ANSWERS.includes(a));
      for (const release of this.testWaiters.splice(0)) release();
    }
    if (arg?.waitIdle) await this.idle();
    return { dialogsShown: this.dialogsShown, diffsShown: this.diffsShown, lastDialog: this.lastDialog, lastLateNotice: this.lastLateNotice, pending: this.pending, answers: this.testAnswers };
  }

  dispose(): void {
    this.disposed = true;
    const i = testPrompts.indexOf(this);
    if (i >= 0) testPrompts.splice(i, 1);
    if (!testPrompts.length) {
      testCommand?.dispose();
      testCommand = undefined;
    }
    if (this.timer) clearTimeout(this.timer);
    // A collected step that never reached the queue is undone like an unanswered one.
    const step = this.collecting;
    this.collecting = undefined;
    if (step) void this.decide(step.items, 'undo', 'the window closed (counts as undo)').finally(() => this.done());
    this.queue.dispose();
  }
}
