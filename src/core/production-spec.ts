/**
 * What the user declares production to be (the policy's `production`: name patterns, account ids,
 * cluster server URLs, project and subscription ids, database hosts, protected branches), how a
 * repository's declaration merges into it, and the default names (`prod`, `production`, `prd` as
 * whole parts of a name; `live` only among environment-named siblings). Below the policy, the
 * shell helpers and the environment reader, which all read it; it imports nothing.
 */
export interface ProductionSpec {
  /** Name patterns (`*`, `?`): kube contexts, clusters, namespaces, profiles, workspaces, stacks, remotes, folders. */
  names?: string[];
  /** AWS account ids. */
  accounts?: string[];
  /** Kubernetes API server URLs (patterns). */
  clusters?: string[];
  /** GCP project ids (patterns). */
  projects?: string[];
  /** Azure subscription ids or names (patterns). */
  subscriptions?: string[];
  /** Database (and other service) hosts (patterns). */
  hosts?: string[];
  /** Branches a push to which deploys (patterns), besides the repository's default one. */
  branches?: string[];
  /**
   * Lower a finding one step when its target is provably local (a loopback address or a local
   * socket). Only the user's own policy can turn this on; a repository's is ignored.
   */
  lowerLocal?: boolean;
}

export const PRODUCTION_LISTS = ['names', 'accounts', 'clusters', 'projects', 'subscriptions', 'hosts', 'branches'] as const;
export type ProductionList = (typeof PRODUCTION_LISTS)[number];

/** Entries past this are ignored (and reported): matching stays cheap. */
const MAX_ENTRIES = 500;

export function normalizeProduction(raw: unknown, problems: { path: string; message: string }[]): ProductionSpec | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ path: 'production', message: 'production must be an object of lists (names, accounts, clusters, projects, subscriptions, hosts, branches); ignored' });
    return undefined;
  }
  const o = raw as Record<string, unknown>;
  const out: ProductionSpec = {};
  for (const key of Object.keys(o)) {
    if (key === 'lowerLocal') {
      if (typeof o.lowerLocal === 'boolean') out.lowerLocal = o.lowerLocal;
      else problems.push({ path: 'production.lowerLocal', message: 'must be true or false; ignored' });
      continue;
    }
    if (!(PRODUCTION_LISTS as readonly string[]).includes(key)) {
      problems.push({ path: `production.${key}`, message: `unknown key; expected one of ${PRODUCTION_LISTS.join(', ')}, lowerLocal` });
      continue;
    }
    const v = o[key];
    if (!Array.isArray(v)) {
      problems.push({ path: `production.${key}`, message: 'must be an array of strings; ignored' });
      continue;
    }
    const list = v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
    if (list.length !== v.length) problems.push({ path: `production.${key}`, message: 'entries that are not non-empty strings were ignored' });
    if (list.length > MAX_ENTRIES) problems.push({ path: `production.${key}`, message: `only the first ${MAX_ENTRIES} entries are used` });
    if (list.length) out[key as ProductionList] = list.slice(0, MAX_ENTRIES);
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * A repository may add production targets, never remove any, and cannot switch on lowering for
 * local targets.
 */
export function mergeProduction(base: ProductionSpec | undefined, repo: ProductionSpec | undefined, ignored: string[]): ProductionSpec | undefined {
  if (!repo) return base;
  const out: ProductionSpec = { ...base };
  for (const key of PRODUCTION_LISTS) {
    const add = repo[key];
    if (!add?.length) continue;
    out[key] = [...new Set([...(base?.[key] ?? []), ...add])].slice(0, MAX_ENTRIES);
  }
  if (repo.lowerLocal) ignored.push('production.lowerLocal: a repository cannot lower findings for local targets');
  return Object.keys(out).length ? out : undefined;
}

/** Name parts that mean production on their own (`prod2` too). */
const PROD_PART = /^(?:prod|production|prd)\d{0,2}$/;
/** Name parts that name an environment other than production: the siblings that make `live` mean production. */
const OTHER_ENV_PART = /^(?:dev|develop|development|stage|staging|stg|qa|test|testing|uat|sandbox|sbx|preprod|pre-prod|nonprod|non-prod|demo|int|integration|perf|canary|preview|local)\d{0,2}$/;

function parts(name: string): string[] {
  const s = name.length > 400 ? name.slice(0, 400) : name;
  return s.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/**
 * True when a name reads like production by the defaults: a whole part `prod`, `production` or
 * `prd` (`api-prod`, `gke_acme_prod-eu`, `envs/production`), or a part `live` when its siblings
 * (the other contexts, profiles, workspaces or folders beside it) name other environments, as in
 * `envs/{dev,staging,live}`; Terragrunt's `infrastructure-live/` holds dev and prod alike.
 */
export function defaultProductionName(name: string, siblings: readonly string[] = []): boolean {
  const ps = parts(name);
  if (ps.some((p) => PROD_PART.test(p))) return true;
  if (!ps.includes('live')) return false;
  return siblings.some((s) => s !== name && parts(s).some((p) => OTHER_ENV_PART.test(p) || PROD_PART.test(p)));
}
