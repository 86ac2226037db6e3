/**
 * The extension's settings as plain data: declared once here (key, type, default, scope, the values
 * allowed; a test holds this against package.json), normalised (a bad value falls back to the default
 * and is reported once) and merged so that a workspace may tighten protection but never loosen it.
 * The adapter passes what `WorkspaceConfiguration.inspect()` returns; nothing here reads VS Code.
 */
import { mergeProduction, normalizeProduction, type ProductionSpec } from './production-spec';
import { ALLOW_ENTRY_FIELDS, type AllowEntry, type Policy, RULE_OVERRIDES, type RuleOverride, isSeverity, isStrictness, normalizePolicy, strictnessRank, stricterOf } from './policy';
import { type Severity, type Strictness, STRICTNESS_LEVELS } from './types';

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
  /** Bytes of earlier file contents kept for Rewind, in total (MB). */
  rewindMaxHistoryMB: number;
  quietPeriodMs: number;
  gateTimeoutSeconds: number;
  /** Gate-level edits and deletions are held for a person's answer (put back at once). */
  holdChanges: boolean;
  /** What counts as production: the user's declaration plus what a workspace adds. */
  production?: ProductionSpec;
}

/** A setting's name in `EffectiveSettings` (`floors` is not a setting: it comes from the workspace's `rules`). */
export type SettingName = Exclude<keyof EffectiveSettings, 'floors'>;

/** How a setting is declared under `contributes.configuration` in package.json. */
export interface SettingDeclaration {
  /** The key under `blastRadius.`. */
  key: string;
  type: 'string' | 'boolean' | 'number' | 'array' | 'object';
  default: unknown;
  /**
   * Where VS Code reads it from. `application` and `machine`: user settings only, for what can
   * loosen protection (a workspace value is ignored); `window`: a workspace may set it too, and
   * its value counts only where it is stricter than the user's.
   */
  scope: 'application' | 'machine' | 'window';
  /** The values a string may take. */
  enum?: readonly string[];
  /** Numbers are clamped to these bounds (the settings editor shows them). */
  minimum?: number;
  maximum?: number;
  /** An object's values: each one of these. */
  additionalProperties?: { type: 'string'; enum: readonly string[] };
  /** An array's entries: strings, or objects with these string fields. */
  items?: { type: 'string' } | { type: 'object'; properties: readonly string[] };
}

/** Every `blastRadius.*` setting, as package.json declares it (test/unit/settings-manifest.test.ts holds the two together). */
export const SETTINGS: Readonly<Record<SettingName, Readonly<SettingDeclaration>>> = {
  strictness: { key: 'strictness', type: 'string', enum: STRICTNESS_LEVELS, default: 'balanced', scope: 'window' },
  rules: { key: 'rules', type: 'object', default: {}, scope: 'window', additionalProperties: { type: 'string', enum: RULE_OVERRIDES } },
  allow: { key: 'allow', type: 'array', default: [], scope: 'application', items: { type: 'object', properties: ALLOW_ENTRY_FIELDS } },
  ignore: { key: 'ignore', type: 'array', default: [], scope: 'application', items: { type: 'string' } },
  watchEdits: { key: 'watch.edits', type: 'boolean', default: true, scope: 'application' },
  watchDisk: { key: 'watch.disk', type: 'boolean', default: true, scope: 'application' },
  watchTerminal: { key: 'watch.terminal', type: 'boolean', default: true, scope: 'application' },
  quietPeriodMs: { key: 'watch.quietPeriodMs', type: 'number', default: 400, minimum: 50, maximum: 10_000, scope: 'application' },
  baselineMaxFileKB: { key: 'baseline.maxFileSizeKB', type: 'number', default: 1024, minimum: 1, maximum: 100 * 1024, scope: 'machine' },
  baselineMaxTotalMB: { key: 'baseline.maxTotalSizeMB', type: 'number', default: 256, minimum: 1, maximum: 8 * 1024, scope: 'machine' },
  rewindMaxHistoryMB: { key: 'rewind.maxHistoryMB', type: 'number', default: 128, minimum: 1, maximum: 8 * 1024, scope: 'machine' },
  gateTimeoutSeconds: { key: 'gate.timeoutSeconds', type: 'number', default: 120, minimum: 5, maximum: 3600, scope: 'application' },
  holdChanges: { key: 'gate.holdChanges', type: 'boolean', default: true, scope: 'application' },
  // A workspace or folder may add production targets, never remove any or opt in to lowering (resolveSettings).
  production: { key: 'production', type: 'object', default: {}, scope: 'window' },
};

const NAMES = Object.keys(SETTINGS) as SettingName[];

/** Setting keys under `blastRadius.`, by name. */
export const SETTING_KEYS: Readonly<Record<SettingName, string>> = Object.freeze(Object.fromEntries(NAMES.map((n) => [n, SETTINGS[n].key])) as Record<SettingName, string>);

/** Every setting at its declared default (a fresh copy of each object and array). */
export const DEFAULT_SETTINGS: Readonly<EffectiveSettings> = Object.freeze({
  ...(Object.fromEntries(NAMES.map((n) => [n, structuredClone(SETTINGS[n].default)])) as Omit<EffectiveSettings, 'floors'>),
  floors: {},
});


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

  // Production: the user's declaration; a workspace or folder may add targets, never remove any or opt in to lowering.
  const prod = read(SETTING_KEYS.production) ?? {};
  let production: ProductionSpec | undefined;
  for (const [scope, field] of SCOPES) {
    const v = prod[field];
    if (v === undefined) continue;
    const found: { path: string; message: string }[] = [];
    const spec = normalizeProduction(v, found);
    for (const x of found) problems.push({ key: SETTING_KEYS.production, scope, message: x.message });
    if (scope === 'user') production = spec;
    else {
      const ignored: string[] = [];
      production = mergeProduction(production, spec, ignored);
      for (const m of ignored) ignoredLoosening.push({ key: SETTING_KEYS.production, scope, message: `${m}; ignored` });
    }
  }
  if (production) s.production = production;

  // Plain numbers: user scope only, clamped to sane bounds.
  for (const name of ['baselineMaxFileKB', 'baselineMaxTotalMB', 'rewindMaxHistoryMB', 'quietPeriodMs', 'gateTimeoutSeconds'] as const) {
    const { key, minimum: min = -Infinity, maximum: max = Infinity } = SETTINGS[name];
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
  if (s.production) p.production = s.production;
  return p;
}

/** Where the strictness comes from, for the quick pick and the status bar to say which scope asked for it. */
export interface StrictnessSources {
  /** The user's own value, if set. */
  user?: Strictness;
  /** The strictest workspace or folder value, if set. */
  workspace?: Strictness;
}

export function strictnessSources(inspected: Inspected | undefined): StrictnessSources {
  const out: StrictnessSources = {};
  if (isStrictness(inspected?.globalValue)) out.user = inspected.globalValue;
  for (const v of [inspected?.workspaceValue, inspected?.workspaceFolderValue]) {
    if (isStrictness(v) && (!out.workspace || strictnessRank(v) > strictnessRank(out.workspace))) out.workspace = v;
  }
  return out;
}

/**
 * The user's allow-list (`current`, as written in their settings) with `entry` added, or undefined
 * when an entry for the same thing is already there: for a command, the same command in the same
 * workspace and environment (and, for a line that runs files, the same `chain` of them: the entry
 * made for an earlier version of those files is replaced, not kept beside it); for a path, the
 * same path and rule. Entries that are not ours to read are kept as they are.
 */
export function withAllowEntry(current: unknown, entry: AllowEntry): unknown[] | undefined {
  const list: unknown[] = Array.isArray(current) ? [...(current as unknown[])] : [];
  const fields = (e: unknown): Record<string, unknown> | undefined => (e && typeof e === 'object' ? (e as Record<string, unknown>) : undefined);
  const sameLine = (e: unknown): boolean => fields(e)?.command === entry.command && fields(e)?.workspace === entry.workspace && fields(e)?.environment === entry.environment;
  if (entry.command !== undefined) {
    const kept = entry.chain !== undefined ? list.filter((e) => !sameLine(e) || fields(e)?.chain === entry.chain) : list;
    if (kept.some((e) => sameLine(e) && fields(e)?.chain === entry.chain)) return kept.length === list.length ? undefined : kept;
    return [...kept, entry];
  }
  const same = (e: unknown): boolean => {
    const o = fields(e);
    return !!o && o.path === entry.path && o.rule === entry.rule && !o.command;
  };
  if (list.some(same)) return undefined;
  list.push(entry);
  return list;
}
