/**
 * What counts as production: what the user declares in the policy (`production`: name patterns,
 * account ids, cluster server URLs, project and subscription ids, database hosts, protected
 * branches) plus the defaults: `prod`, `production` and `prd` as whole parts of a name, and
 * `live` only among environment-named siblings. Identity beats names: where the user declared
 * the identities of a kind (say AWS account ids) and the target's identity of that kind is
 * known, the identity decides and default name matches of that target do not count.
 */
import { wildcardMatch } from '../policy';

export { defaultProductionName, mergeProduction, normalizeProduction, PRODUCTION_LISTS, type ProductionList, type ProductionSpec } from '../production-spec';

/** Case-insensitive wildcard match of a value against any pattern of a list. */
export function matchesAny(patterns: readonly string[] | undefined, value: string): string | undefined {
  if (!patterns?.length) return undefined;
  const v = value.toLowerCase();
  return patterns.find((p) => wildcardMatch(p.toLowerCase(), v));
}

/** A server URL as compared: lower-case, no trailing slash. */
export function normalizeUrl(url: string): string {
  return url.trim().toLowerCase().replace(/\/+$/, '');
}

/** True for a host that is this machine: loopback addresses and `localhost`. A name alone never is. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return /^127(?:\.\d{1,3}){3}$/.test(h);
}

/** The host of a URL-ish string (`https://h:6443/x`, `postgres://u@h:5432/db`), or undefined. */
export function hostOfUrl(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#,]*)/i.exec(url.trim());
  return m && m[1] ? m[1].toLowerCase() : undefined;
}
