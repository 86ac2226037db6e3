/**
 * The policy applied to a command line's findings (overrides, the allow-list, each finding's
 * decision and the whole's), and the unanalyzable finding. Apart from the engine so that the edit
 * engine's judging of a line's patches (edit/shell-patches.ts) does not bring the command engine,
 * its rules and the following of files into bundles that need none of them.
 */
import { applyOverride, commandAllowed, decide, type Policy, scoreOf } from './policy';
import { type CommandContext, type CommandFinding, type CommandResult, type Finding, maxSeverity, type SeverityOrNone } from './types';

export function unanalyzable(message: string, span: { start: number; end: number }, ruleId = 'UNK001'): Finding {
  return {
    ruleId,
    category: 'unanalyzable',
    severity: 'medium',
    score: scoreOf('medium'),
    message,
    span,
    alternative: 'Write the command out literally so it can be checked, or run it yourself after reading it.',
  };
}

/** Applies overrides and allow-list, decides each finding and the whole, and orders findings strongest first. */
export function finish(command: string, raw: readonly Finding[], policy: Policy, ctx: CommandContext, now: Date, chain?: string): CommandResult {
  const findings: CommandFinding[] = [];
  // An "always allow" entry is for the environment it was granted in, and never for production.
  const env = environmentKey(raw);
  for (const f of raw) {
    const sev = applyOverride(f.ruleId, f.severity, policy.rules, policy.floors);
    if (!sev) continue;
    if (commandAllowed(policy, command, f.ruleId, ctx.workspaceRoot, now, { env, chain })) continue;
    findings.push({ ...f, ...(sev === f.severity ? {} : { severity: sev, score: scoreOf(sev) }), decision: decide(sev, policy.strictness) });
  }
  findings.sort((a, b) => b.score - a.score || a.span.start - b.span.start);
  let severity: SeverityOrNone = 'none';
  for (const f of findings) severity = maxSeverity(severity, f.severity);
  const score = findings.length ? findings[0].score : 0;
  return { command, score, severity, decision: decide(severity, policy.strictness), findings };
}

/**
 * Where a line acts, as one description: its commands' environment keys (`|`-joined) and whether
 * any of them is production. What an "always allow" entry records and is checked against.
 */
export function environmentKey(findings: readonly Finding[]): { key: string; production: boolean } {
  const keys = [...new Set(findings.map((f) => f.environment?.key).filter((k): k is string => !!k))].sort();
  return { key: keys.join('|'), production: findings.some((f) => f.environment?.production) };
}
