/**
 * The one settings reader and writer: nothing else in the extension reads or writes a
 * `blastRadius.*` setting. Reads every setting with `inspect()` so a workspace can only tighten,
 * normalises bad values (logging each once), and fires when the effective settings change, by
 * hand or in the settings UI, without a reload. Writes go to the user's settings (the only scope
 * that can loosen), as our own writes (see `countWritesAsOwn`).
 */
import * as vscode from 'vscode';
import type { AllowEntry, Policy } from '../core/policy';
import { type EffectiveSettings, policyFromSettings, resolveSettings, SETTING_KEYS, type SettingName, strictnessSources, type StrictnessSources, withAllowEntry } from '../core/settings';
import type { Strictness } from '../core/types';

const SECTION = 'blastRadius';

/** Runs a settings write so that what it changes on disk (an open settings.json) is not judged as someone else's edit. */
export type OwnWrite = <T>(write: () => Thenable<T>) => Promise<T>;

export class Config implements vscode.Disposable {
  private current: EffectiveSettings;
  private readonly emitter = new vscode.EventEmitter<EffectiveSettings>();
  private readonly reported = new Set<string>();
  private readonly subscription: vscode.Disposable;
  /** Until this time (ms since epoch) protection is paused; 0 when not paused. */
  private pausedUntil = 0;
  private ownWrite: OwnWrite = async (write) => write();

  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: vscode.LogOutputChannel, private readonly scope?: vscode.ConfigurationScope) {
    this.current = this.read();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
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

  /** The policy both engines use, with the pause applied (unless `ignorePause`: what the settings alone say). */
  policy(opts: { ignorePause?: boolean } = {}): Policy {
    const p = policyFromSettings(this.current);
    if (this.paused && !opts.ignorePause) p.strictness = 'off';
    return p;
  }

  /**
   * From now on every settings write goes through `ownWrite` (edit watching's, once it runs), so
   * the edit it makes to an open settings.json is not flagged as someone weakening protection.
   */
  countWritesAsOwn(ownWrite: OwnWrite): void {
    this.ownWrite = ownWrite;
  }

  /**
   * Where the strictness comes from. `settings` holds the merged result; the quick pick and the
   * tooltip also say which scope asked for it.
   */
  strictnessSources(): StrictnessSources {
    return strictnessSources(this.inspect('strictness'));
  }

  /** The value in the user's settings as written (undefined when not set): for what edits or mirrors those settings. */
  userValue(name: SettingName): unknown {
    return this.inspect(name)?.globalValue;
  }

  /** Writes the user-level strictness (the only scope that can loosen). */
  async setUserStrictness(value: Strictness): Promise<void> {
    await this.writeUser('strictness', value);
  }

  /** Adds `entry` to the user's allow-list unless an entry for the same command or path and rule is there. */
  async addAllowEntry(entry: AllowEntry): Promise<void> {
    const list = withAllowEntry(this.userValue('allow'), entry);
    if (list) await this.writeUser('allow', list);
  }

  /** Replaces the user's allow-list with `entries` (as written there); an empty list removes the setting. */
  async setUserAllow(entries: readonly unknown[]): Promise<void> {
    await this.writeUser('allow', entries.length ? entries : undefined);
  }

  private async writeUser(name: SettingName, value: unknown): Promise<void> {
    await this.ownWrite(() => vscode.workspace.getConfiguration(SECTION).update(SETTING_KEYS[name], value, vscode.ConfigurationTarget.Global));
  }

  private inspect(name: SettingName): ReturnType<vscode.WorkspaceConfiguration['inspect']> {
    return vscode.workspace.getConfiguration(SECTION).inspect(SETTING_KEYS[name]);
  }

  private read(): EffectiveSettings {
    const cfg = vscode.workspace.getConfiguration(SECTION, this.scope);
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
