/**
 * The one settings reader. Reads every `blastRadius.*` setting with `inspect()` so a workspace
 * can only tighten, normalises bad values (logging each once), and fires when the effective
 * settings change, by hand or in the settings UI, without a reload.
 */
import * as vscode from 'vscode';
import type { Policy } from '../core/policy';
import { type EffectiveSettings, policyFromSettings, resolveSettings } from '../core/settings';
import type { Strictness } from '../core/types';

export class Config implements vscode.Disposable {
  private current: EffectiveSettings;
  private readonly emitter = new vscode.EventEmitter<EffectiveSettings>();
  private readonly reported = new Set<string>();
  private readonly subscription: vscode.Disposable;
  /** Until this time (ms since epoch) protection is paused; 0 when not paused. */
  private pausedUntil = 0;

  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: vscode.LogOutputChannel, private readonly scope?: vscode.ConfigurationScope) {
    this.current = this.read();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('blastRadius')) return;
      this.current = this.read();
      this.emitter.fire(this.current);
    });
  }

  get settings(): EffectiveSettings {
    return this.current;
  }

  /** The strictness in force now: `off` while paused. */
  get strictness(): Strictness {
    return this.paused ? 'off' : this.current.strictness;
  }

  get paused(): boolean {
    return this.pausedUntil > Date.now();
  }

  get pausedUntilMs(): number {
    return this.pausedUntil;
  }

  pause(ms: number): void {
    this.pausedUntil = Date.now() + ms;
    this.emitter.fire(this.current);
  }

  resume(): void {
    this.pausedUntil = 0;
    this.emitter.fire(this.current);
  }

  /** The policy both engines use, with the pause applied. */
  policy(): Policy {
    const p = policyFromSettings(this.current);
    if (this.paused) p.strictness = 'off';
    return p;
  }

  /** Writes the user-level strictness (the only scope that can loosen). */
  async setUserStrictness(value: Strictness): Promise<void> {
    await vscode.workspace.getConfiguration('blastRadius').update('strictness', value, vscode.ConfigurationTarget.Global);
  }

  private read(): EffectiveSettings {
    const cfg = vscode.workspace.getConfiguration('blastRadius', this.scope);
    const { settings, problems, ignoredLoosening } = resolveSettings((key) => {
      try {
        return cfg.inspect(key);
      } catch {
        return undefined;
      }
    });
    for (const p of problems) this.once(`problem:${p.scope}:${p.key}:${p.message}`, () => this.log.warn(`setting blastRadius.${p.key} (${p.scope}): ${p.message}`));
    for (const p of ignoredLoosening) {
      this.once(`loosen:${p.scope}:${p.key}:${p.message}`, () => this.log.warn(`setting blastRadius.${p.key} in ${p.scope} settings would loosen protection: ${p.message}`));
    }
    return settings;
  }

  private once(key: string, f: () => void): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    f();
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
