/**
 * The one policy table. Severity plus context becomes a score; strictness turns severity into
 * a decision. No other file turns severity into a score or a decision.
 */
import {
  type Decision,
  type ScoreContext,
  type Severity,
  type SeverityOrNone,
  type Strictness,
  STRICTNESS_LEVELS,
  SEVERITIES,
  severityRank,
} from './types';
import { mergeProduction, normalizeProduction, type ProductionSpec } from './production-spec';

/** Each severity owns a band of scores so that a score never contradicts its severity. */
export const SCORE_BANDS: Readonly<Record<Severity, { base: number; min: number; max: number }>> = {
  low: { base: 20, min: 10, max: 29 },
  medium: { base: 45, min: 30, max: 59 },
  high: { base: 72, min: 60, max: 84 },
  critical: { base: 92, min: 85, max: 100 },
};

/** How context moves a score inside its band. */
export const CONTEXT_WEIGHTS = {
  targetClass: {
    'system-root': 8,
    home: 7,
    'outside-workspace': 4,
    'vcs-metadata': 5,
    'workspace-root': 6,
    'workspace-source': 0,
    'workspace-unknown': -4,
    glob: 2,
    dynamic: 0,
    artifact: -10,
    temp: -10,
  },
  branch: { default: 8, unnamed: 5, feature: -8 },
  scope: { local: 0, remote: 3, production: 8, elevated: 3 },
} as const;

export function scoreOf(severity: Severity, context: ScoreContext = {}): number {
  const band = SCORE_BANDS[severity];
  let score = band.base;
  if (context.targetClass) score += CONTEXT_WEIGHTS.targetClass[context.targetClass];
  if (context.branch) score += CONTEXT_WEIGHTS.branch[context.branch];
  for (const s of new Set(context.scope ?? [])) score += CONTEXT_WEIGHTS.scope[s];
  return Math.max(band.min, Math.min(band.max, score));
}

/**
 * The strictness table.
 *
 * | strictness | gate            | warn           | allow      |
 * |------------|-----------------|----------------|------------|
 * | off        | -               | -              | everything |
 * | relaxed    | critical        | high, medium   | low        |
 * | balanced   | high, critical  | medium         | low        |
 * | strict     | medium and up   | low            | -          |
 * | paranoid   | low and up      | -              | -          |
 */
export const DECISION_TABLE: Readonly<Record<Strictness, Readonly<Record<SeverityOrNone, Decision>>>> = {
  off: { none: 'allow', low: 'allow', medium: 'allow', high: 'allow', critical: 'allow' },
  relaxed: { none: 'allow', low: 'allow', medium: 'warn', high: 'warn', critical: 'gate' },
  balanced: { none: 'allow', low: 'allow', medium: 'warn', high: 'gate', critical: 'gate' },
  strict: { none: 'allow', low: 'warn', medium: 'gate', high: 'gate', critical: 'gate' },
  paranoid: { none: 'allow', low: 'gate', medium: 'gate', high: 'gate', critical: 'gate' },
};

export function decide(severity: SeverityOrNone, strictness: Strictness): Decision {
  return DECISION_TABLE[strictness][severity];
}

export function decisionRank(d: Decision): number {
  return d === 'allow' ? 0 : d === 'warn' ? 1 : 2;
}

export function strictnessRank(s: Strictness): number {
  return STRICTNESS_LEVELS.indexOf(s);
}

export function stricterOf(a: Strictness, b: Strictness): Strictness {
  return strictnessRank(a) >= strictnessRank(b) ? a : b;
}

export function isStrictness(v: unknown): v is Strictness {
  return typeof v === 'string' && (STRICTNESS_LEVELS as readonly string[]).includes(v);
}

export function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}

export function shiftSeverity(s: Severity, by: number): Severity {
  const i = Math.max(0, Math.min(SEVERITIES.length - 1, severityRank(s) - 1 + by));
  return SEVERITIES[i];
}

/** `upgrade` and `downgrade` move one step; a severity name sets it; `off` silences the rule. */
export type RuleOverride = 'upgrade' | 'downgrade' | 'off' | Severity;

export const RULE_OVERRIDES: readonly RuleOverride[] = ['upgrade', 'downgrade', 'off', ...SEVERITIES];

/** The fields of an allow entry (each a string), in the order the settings declare them. */
export const ALLOW_ENTRY_FIELDS = ['command', 'path', 'rule', 'expires', 'workspace', 'environment', 'chain'] as const satisfies readonly (keyof AllowEntry)[];

export interface AllowEntry {
  /** An exact command line, or a pattern with `*` wildcards. */
  command?: string;
  /** A path glob (for edits); `**` crosses folders. */
  path?: string;
  /** Only this rule (id or glob); all rules when absent. */
  rule?: string;
  /** ISO date (YYYY-MM-DD or full timestamp); the entry stops counting after it. */
  expires?: string;
  /** Only inside this workspace root. */
  workspace?: string;
  /**
   * The environment the entry was granted in (FindingEnvironment.key, `|`-joined for several
   * commands): it applies only while the command acts there. An entry never applies to a
   * command acting on production.
   */
  environment?: string;
  /**
   * For a line that runs files (package.json, a Makefile, a script): the digest of those files
   * when the entry was made (CommandResult.chain). Once one changes, the entry no longer applies.
   */
  chain?: string;
}

export interface Policy {
  strictness: Strictness;
  /** Rule id or glob (`GIT*`, `FS00?`) to override. Later keys win over earlier ones. */
  rules: Record<string, RuleOverride>;
  allow: AllowEntry[];
  /**
   * Raises that a repository asked for. Applied after `rules` and only ever upwards, so a
   * repository's `.blast-radius.json` can never lower what the user chose.
   */
  floors?: Record<string, 'upgrade' | Severity>;
  /** What counts as production besides the defaults (see environment/production.ts). */
  production?: ProductionSpec;
}

export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({ strictness: 'balanced', rules: {}, allow: [] });

export interface PolicyProblem {
  path: string;
  message: string;
}

function isOverride(v: unknown): v is RuleOverride {
  return typeof v === 'string' && (RULE_OVERRIDES as readonly string[]).includes(v);
}

/**
 * Turns untrusted JSON into a policy. Bad values fall back to the default and are reported,
 * never thrown.
 */
export function normalizePolicy(raw: unknown): { policy: Policy; problems: PolicyProblem[] } {
  const problems: PolicyProblem[] = [];
  const policy: Policy = { strictness: DEFAULT_POLICY.strictness, rules: {}, allow: [] };
  if (raw === undefined || raw === null) return { policy, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ path: '', message: 'policy must be a JSON object; using defaults' });
    return { policy, problems };
  }
  const obj = raw as Record<string, unknown>;
  if (obj.strictness !== undefined) {
    if (isStrictness(obj.strictness)) policy.strictness = obj.strictness;
    else problems.push({ path: 'strictness', message: `unknown strictness ${JSON.stringify(obj.strictness)}; using "${policy.strictness}"` });
  }
  if (obj.rules !== undefined) {
    if (obj.rules && typeof obj.rules === 'object' && !Array.isArray(obj.rules)) {
      for (const [k, v] of Object.entries(obj.rules as Record<string, unknown>)) {
        if (isOverride(v)) policy.rules[k] = v;
        else problems.push({ path: `rules.${k}`, message: `override must be upgrade, downgrade, off or a severity; ignored` });
      }
    } else problems.push({ path: 'rules', message: 'rules must be an object of id → override; ignored' });
  }
  if (obj.allow !== undefined) {
    if (Array.isArray(obj.allow)) {
      obj.allow.forEach((e: unknown, i) => {
        const entry = normalizeAllowEntry(e);
        if (entry) policy.allow.push(entry);
        else problems.push({ path: `allow[${i}]`, message: 'allow entry needs a string "command" or "path"; ignored' });
      });
    } else problems.push({ path: 'allow', message: 'allow must be an array; ignored' });
  }
  const production = normalizeProduction(obj.production, problems);
  if (production) policy.production = production;
  return { policy, problems };
}

function normalizeAllowEntry(e: unknown): AllowEntry | undefined {
  if (!e || typeof e !== 'object') return undefined;
  const o = e as Record<string, unknown>;
  const out: AllowEntry = {};
  if (typeof o.command === 'string' && o.command.trim()) out.command = o.command;
  if (typeof o.path === 'string' && o.path.trim()) out.path = o.path;
  if (!out.command && !out.path) return undefined;
  if (typeof o.rule === 'string') out.rule = o.rule;
  if (typeof o.expires === 'string') out.expires = o.expires;
  if (typeof o.workspace === 'string') out.workspace = o.workspace;
  if (typeof o.environment === 'string') out.environment = o.environment;
  if (typeof o.chain === 'string' && o.chain) out.chain = o.chain;
  return out;
}

/**
 * A repository's policy may only tighten: stricter strictness, upgrades and raised severities.
 * It can never allow, turn a rule off or downgrade it.
 */
export function mergeTighten(base: Policy, repo: Policy): { policy: Policy; ignored: string[] } {
  const ignored: string[] = [];
  const floors: Record<string, 'upgrade' | Severity> = { ...base.floors };
  for (const [k, v] of Object.entries(repo.rules)) {
    if (v === 'upgrade' || isSeverity(v)) floors[k] = v;
    else ignored.push(`rules.${k}: "${v}" would loosen protection`);
  }
  for (const [k, v] of Object.entries(repo.floors ?? {})) floors[k] = v;
  if (repo.allow.length) ignored.push(`allow: ${repo.allow.length} entr${repo.allow.length === 1 ? 'y' : 'ies'} (a repository cannot allow)`);
  if (strictnessRank(repo.strictness) < strictnessRank(base.strictness) && repo.strictness !== DEFAULT_POLICY.strictness) {
    ignored.push(`strictness "${repo.strictness}" is looser than "${base.strictness}"`);
  }
  const policy: Policy = { strictness: stricterOf(base.strictness, repo.strictness), rules: { ...base.rules }, allow: base.allow };
  if (Object.keys(floors).length) policy.floors = floors;
  const production = mergeProduction(base.production, repo.production, ignored);
  if (production) policy.production = production;
  return { policy, ignored };
}

/** Matches `*` (any run) and `?` (one character); everything else is literal. Linear time. */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Path glob: `**` crosses folders, `*` and `?` stay inside one. */
export function pathGlobMatch(glob: string, path: string): boolean {
  const g = glob.replace(/\\/g, '/');
  const p = path.replace(/\\/g, '/');
  const segs = g.split('/');
  const parts = p.split('/');
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === segs.length) r = j === parts.length;
    else if (segs[i] === '**') r = go(i + 1, j) || (j < parts.length && go(i, j + 1));
    else r = j < parts.length && wildcardMatch(segs[i], parts[j]) && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/**
 * Applies the user's overrides in key order, then a repository's floors, which only raise.
 * Returns undefined when the rule is switched off.
 */
export function applyOverride(ruleId: string, severity: Severity, rules: Record<string, RuleOverride>, floors?: Record<string, 'upgrade' | Severity>): Severity | undefined {
  let s: Severity | undefined = severity;
  for (const [k, v] of Object.entries(rules)) {
    if (!wildcardMatch(k, ruleId)) continue;
    if (v === 'off') s = undefined;
    else if (v === 'upgrade') s = shiftSeverity(s ?? severity, 1);
    else if (v === 'downgrade') s = shiftSeverity(s ?? severity, -1);
    else s = v;
  }
  for (const [k, v] of Object.entries(floors ?? {})) {
    if (!wildcardMatch(k, ruleId)) continue;
    const f = v === 'upgrade' ? shiftSeverity(s ?? severity, 1) : v;
    if (s === undefined || severityRank(f) > severityRank(s)) s = f;
  }
  return s;
}

export function isExpired(entry: AllowEntry, now: Date): boolean {
  if (!entry.expires) return false;
  const t = Date.parse(entry.expires.length === 10 ? `${entry.expires}T23:59:59.999Z` : entry.expires);
  return Number.isNaN(t) || t < now.getTime();
}

/**
 * True when an unexpired allow entry covers this command (and rule, when the entry names one).
 * With `env` (where the line acts): never for production, and an entry that recorded an
 * environment only while the line acts in that same one. An entry kept with a chain covers the
 * line only while the files it runs are as they were (`chain`).
 */
export function commandAllowed(policy: Policy, command: string, ruleId: string, workspace: string | undefined, now: Date, where: { env?: { key: string; production: boolean }; chain?: string } = {}): boolean {
  const { env, chain } = where;
  const line = command.trim();
  if (env?.production) return false;
  return policy.allow.some(
    (e) =>
      e.command !== undefined &&
      !isExpired(e, now) &&
      (e.environment === undefined || e.environment === (env?.key ?? '')) &&
      (e.chain === undefined || e.chain === chain) &&
      (e.rule === undefined || wildcardMatch(e.rule, ruleId)) &&
      (e.workspace === undefined || e.workspace === workspace) &&
      (e.command.includes('*') ? wildcardMatch(e.command.trim(), line) : e.command.trim() === line),
  );
}

/** True when an unexpired allow entry covers this path (relative to the workspace) and rule. */
export function pathAllowed(policy: Policy, relPath: string, ruleId: string, workspace: string | undefined, now: Date): boolean {
  return policy.allow.some(
    (e) =>
      e.path !== undefined &&
      !isExpired(e, now) &&
      (e.rule === undefined || wildcardMatch(e.rule, ruleId)) &&
      (e.workspace === undefined || e.workspace === workspace) &&
      pathGlobMatch(e.path, relPath),
  );
}
