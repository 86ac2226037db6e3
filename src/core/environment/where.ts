import type { FindingEnvironment } from '../types';

/**
 * Where a finding's command acts, in the words every surface uses after "Where:" (check's text,
 * the confirm dialog, an event's details): "PRODUCTION — kube context `prod-eu-1`, namespace
 * `payments`", "unknown — ~/.kube/config could not be parsed", or the target. Undefined when the
 * command acts nowhere in particular.
 */
export function whereText(env: FindingEnvironment | undefined): string | undefined {
  if (!env) return undefined;
  if (env.production) return `PRODUCTION — ${env.label}`;
  if (env.unknown?.length) return `unknown — ${env.unknown.join('; ')}`;
  return env.label || undefined;
}
