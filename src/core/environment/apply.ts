/**
 * How where a command acts changes what a finding says and weighs:
 * - production raises the severity one step (medium → high, high → critical), once: a rule that
 *   already raised for a production name on the line (its scope says `production`) is not raised
 *   again, however many sources agree; the message says where ("against production: kube context
 *   `prod-eu-1`, namespace `payments`");
 * - a part that could not be told is said, never taken as safe;
 * - a provably local target (loopback, local socket) lowers one step only when the user's own
 *   policy asks for it, and never when something on the line or in the session set it.
 */
import { shiftSeverity } from '../policy';
import type { FindingEnvironment, ScopeClass, Severity } from '../types';
import type { EnvVerdict } from './index';

export { EnvironmentSession } from './index';

/** The rule that speaks for a change to production no other rule has a word for. */
export const PRODUCTION_RULE_ID = 'ENV001';

export interface Placed {
  severity: Severity;
  message: string;
  scope: ScopeClass[];
  environment?: FindingEnvironment;
}

function sentence(message: string): string {
  return message.replace(/[.\s]+$/, '');
}

export function applyEnvironment(base: { severity: Severity; message: string; scope: ScopeClass[] }, env: EnvVerdict | undefined, productionRule = false): Placed {
  if (!env) return base;
  let { severity, message } = base;
  const scope = [...base.scope];
  const environment: FindingEnvironment = { production: env.production, label: env.label, key: env.key };
  if (env.unknown.length) environment.unknown = env.unknown;
  if (env.production) {
    if (!scope.includes('production')) {
      if (!productionRule) severity = shiftSeverity(severity, 1);
      scope.push('production');
    }
    if (!productionRule) message = `${sentence(message)}; against production: ${env.label}.`;
  } else if (env.lowerLocal) {
    severity = shiftSeverity(severity, -1);
    scope.push('local');
    message = `${sentence(message)}; local target (${env.label || 'this machine'}), lowered by your policy.`;
  }
  if (env.unknown.length) message = `${sentence(message)}; environment unknown: ${env.unknown.join('; ')}.`;
  return { severity, message, scope, environment };
}
