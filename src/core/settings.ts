/**
 * The extension's settings as plain data: normalised (a bad value falls back to the default and
 * is reported once) and merged so that a workspace may tighten protection but never loosen it.
 * The adapter passes what `WorkspaceConfiguration.inspect()` returns; nothing here reads VS Code.
 */
import { type AllowEntry, type Policy, type RuleOverride, isSeverity, isStrictness, normalizePolicy, stricterOf } from './policy';
import type { Severity, Strictness } from './types';

/** The parts of `inspect()` we use. Language-specific values are not used for our settings. */
export interface Inspected<T = unknown> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

export interface EffectiveSettings {
  strictness: Strictness;
  /** The user's own rule overrides (any kind). */
  rules: Record<string, RuleOverride>;
  /** Raises asked for by the workspace or folder. */
  floors: Record<string, 'upgrade' | Severity>;
  allow: AllowEntry[];
  ignore: string[];
  watchEdits: boolean;
  watchDisk: boolean;
  watchTerminal: boolean;
  baselineMaxFileKB: number;
  baselineMaxTotalMB: number;
  quietPeriodMs: number;
  gateTimeoutSeconds: number;
  /** Gate-level edits and deletions are held for a person's answer (put back at once). */
  holdChanges: boolean;
}

export const DEFAULT_SETTINGS: Readonly<EffectiveSettings> = Object.freeze({
  strictness: 'balanced',
  rules: {},
  floors: {},
  allow: [],
  ignore: [],
  watchEdits: true,
  watchDisk: true,
  watchTerminal: true,
  baselineMaxFileKB: 1024,
  baselineMaxTotalMB: 256,
  quietPeriodMs: 400,
  gateTimeoutSeconds: 120,
  holdChanges: true,
});

/** Setting keys under `blastRadius.`, as declared in package.json. */
export const SETTING_KEYS = {
  strictness: 'strictness',
  rules: 'rules',
  allow: 'allow',
  ignore: 'ignore',
  watchEdits: 'watch.edits',
  watchDisk: 'watch.disk',
  watchTerminal: 'watch.terminal',
  baselineMaxFileKB: 'baseline.maxFileSizeKB',
  baselineMaxTotalMB: 'baseline.maxTotalSizeMB',
  quietPeriodMs: 'watch.quietPeriodMs',
  gateTimeoutSeconds: 'gate.timeoutSeconds',
  holdChanges: 'gate.holdChanges',
} as const;

export type SettingName = keyof typeof SETTING_KEYS;

export interface SettingsProblem {
  key: string;
  scope: 'user' | 'workspace' | 'folder';
  message: string;
}

type Reader = (key: string) => Inspected | undefined;

const SCOPES: readonly ['user' | 'workspace' | 'folder', keyof Inspected][] = [
  ['user', 'globalValue'],
  ['workspace', 'workspaceValue'],
  ['folder', 'workspaceFolderValue'],
];

/**
 * Resolves every setting. `read(key)` returns `inspect()` of `blastRadius.<key>`.
 * Workspace and folder values count only where they are stricter than the user's.
 */
export function resolveSettings(read: Reader): { settings: EffectiveSettings; problems: SettingsProblem[]; ignoredLoosening: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const ignoredLoosening: SettingsProblem[] = [];
  const s: EffectiveSettings = { ...DEFAULT_SETTINGS, rules: {}, floors: {}, allow: [], ignore: [] };

  // Strictness: the strictest of the user's value (or the default) and any stricter workspace value.
  const st = read(SETTING_KEYS.strictness) ?? {};
  let strictness: Strictness = DEFAULT_SETTINGS.strictness;
  for (const [scope, field] of SCOPES) {
    const v = st[field];
    if (v === undefined) continue;
    if (!isStrictness(v)) {
      problems.push({ key: SETTING_KEYS.strictness, scope, message: `unknown strictness ${JSON.stringify(v)}; ignored` });
      continue;
    }
    if (scope === 'user') strictness = v;
    else if (stricterOf(strictness, v) === v) strictness = v;
    else ignoredLoosening.push({ key: SETTING_KEYS.strictness, scope, message: `"${v}" is looser than your "${strictness}"; ignored` });
  }
  s.strictness = strictness;

  // Rules: the user's overrides apply as written; workspace ones only raise.
  const rules = read(SETTING_KEYS.rules) ?? {};
  for (const [scope, field] of SCOPES) {
    const v = rules[field];
    if (v === undefined) continue;
    const { policy, problems: p } = normalizePolicy({ rules: v });
    for (const x of p) problems.push({ key: SETTING_KEYS.rules, scope, message: x.message });
    for (const [k, o] of Object.entries(policy.rules)) {
      if (scope === 'user') s.rules[k] = o;
      else if (o === 'upgrade' || isSeverity(o)) s.floors[k] = o;
      else ignoredLoosening.push({ key: SETTING_KEYS.rules, scope, message: `${k}: "${o}" would loosen protection; ignored` });
    }
  }

  // Allow-list and ignore globs only loosen: user scope only.
  const allow = read(SETTING_KEYS.allow) ?? {};
  if (allow.globalValue !== undefined) {
    const { policy, problems: p } = normalizePolicy({ allow: allow.globalValue });
    s.allow = policy.allow;
    for (const x of p) problems.push({ key: SETTING_KEYS.allow, scope: 'user', message: x.message });
  }
  for (const [scope, field] of SCOPES.slice(1)) {
    if (allow[field] !== undefined) ignoredLoosening.push({ key: SETTING_KEYS.allow, scope, message: 'a workspace cannot allow commands or paths; ignored' });
  }
  const ignore = read(SETTING_KEYS.ignore) ?? {};
  if (ignore.globalValue !== undefined) {
    if (Array.isArray(ignore.globalValue) && ignore.globalValue.every((g) => typeof g === 'string')) s.ignore = ignore.globalValue;
    else problems.push({ key: SETTING_KEYS.ignore, scope: 'user', message: 'must be an array of glob strings; ignored' });
  }
  for (const [scope, field] of SCOPES.slice(1)) {
    if (ignore[field] !== undefined) ignoredLoosening.push({ key: SETTING_KEYS.ignore, scope, message: 'a workspace cannot make Blast Radius ignore files; ignored' });
  }

  // Watch and hold switches: on is stricter. A workspace may switch one on, never off.
  for (const name of ['watchEdits', 'watchDisk', 'watchTerminal', 'holdChanges'] as const) {
    const key = SETTING_KEYS[name];
    const v = read(key) ?? {};
    let on = DEFAULT_SETTINGS[name];
    for (const [scope, field] of SCOPES) {
      const x = v[field];
      if (x === undefined) continue;
      if (typeof x !== 'boolean') {
        problems.push({ key, scope, message: `must be true or false, not ${JSON.stringify(x)}; ignored` });
        continue;
      }
      if (scope === 'user') on = x;
      else if (x) on = true;
      else if (on) ignoredLoosening.push({ key, scope, message: `a workspace cannot switch ${name === 'holdChanges' ? 'holding' : 'watching'} off; ignored` });
    }
    s[name] = on;
  }

  // Plain numbers: user scope only, clamped to sane bounds.
  const numbers: [SettingName & ('baselineMaxFileKB' | 'baselineMaxTotalMB' | 'quietPeriodMs' | 'gateTimeoutSeconds'), number, number][] = [
    ['baselineMaxFileKB', 1, 100 * 1024],
    ['baselineMaxTotalMB', 1, 8 * 1024],
    ['quietPeriodMs', 50, 10_000],
    ['gateTimeoutSeconds', 5, 3600],
  ];
  for (const [name, min, max] of numbers) {
    const key = SETTING_KEYS[name];
    const v = read(key)?.globalValue;
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      problems.push({ key, scope: 'user', message: `must be a number, not ${JSON.stringify(v)}; using ${DEFAULT_SETTINGS[name]}` });
      continue;
    }
    const clamped = Math.min(max, Math.max(min, v));
    if (clamped !== v) problems.push({ key, scope: 'user', message: `${v} is outside ${min}..${max}; using ${clamped}` });
    s[name] = clamped;
  }
  return { settings: s, problems, ignoredLoosening };
}

/** The policy the engines use, from effective settings. */
export function policyFromSettings(s: EffectiveSettings): Policy {
  const p: Policy = { strictness: s.strictness, rules: { ...s.rules }, allow: [...s.allow] };
  if (Object.keys(s.floors).length) p.floors = { ...s.floors };
  return p;
}
