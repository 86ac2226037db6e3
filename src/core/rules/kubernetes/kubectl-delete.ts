import { isOn, shown, valueOf, valuesOf } from '../../shell/cli-args';
import type { Severity } from '../../types';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { bump, deletePlan, KUBECTL, listNames, targetScope } from './helpers';

function looksLikeDir(f: string): boolean {
  return !/\.(ya?ml|json)$/i.test(f) && f !== '-';
}

export const kubectlDelete: CommandRule = {
  id: 'KUBE005',
  name: 'kubectl-delete',
  category: 'kubernetes',
  severity: 'high',
  triggers: [{ programs: KUBECTL, subcommands: ['delete'] }],
  summary: 'Catches `kubectl delete` of named resources, selectors and manifests (`-f`, `-k`); pods and jobs are low, production namespaces higher.',
  rationale: 'Deleting a deployment, service, secret or config map takes the application (or its credentials) down until someone re-applies it; a manifest delete removes whatever the file lists, which may be more than expected.',
  alternative: 'kubectl delete … --dry-run=server -o name to list what would go, then delete by name; prefer scaling down to deleting',
  examples: {
    fire: ['kubectl delete deployment web', 'kubectl delete -f k8s/', 'kubectl --context prod-eu delete svc api', 'kubectl delete secret db-creds -n prod', 'kubectl delete pod web-5d8f -n staging'],
    pass: ['kubectl get deployment web', 'kubectl delete -f k8s/web.yaml --dry-run=client', 'kubectl diff -f k8s/', 'kubectl logs web-5d8f', 'kubectl delete'],
  },
  check(cmd) {
    const plan = deletePlan(cmd);
    if (!plan || plan.all || plan.targets.some((t) => t.kind === 'all')) return undefined;
    const matches: RuleMatch[] = [];
    if (plan.files.length) {
      const recursive = isOn(plan.k.p, 'R', 'recursive') || valuesOf(plan.k.p, 'k', 'kustomize').length > 0 || plan.files.some(looksLikeDir) || plan.files.some((f) => /^https?:/.test(f));
      const scope = targetScope(plan, []);
      let severity: Severity = recursive ? 'high' : 'medium';
      if (severity === 'medium' && scope.includes('production')) severity = 'high';
      matches.push({
        severity,
        message: `kubectl delete -f removes every resource described in ${plan.files.map((f) => shown(f, 50)).join(', ')}${recursive ? ' (a whole directory or kustomization, possibly namespaces and volume claims)' : ''}, in ${plan.k.where} unless the manifests say otherwise.`,
        span: spanFromProgram(cmd, [plan.k.verb, ...plan.fileWords]),
        context: { scope },
      });
    }
    const rest = plan.targets.filter((t) => t.kind === 'light' || t.kind === 'other');
    const named = rest.filter((t) => t.name !== undefined);
    const selected = plan.selector !== undefined ? rest.filter((t) => t.name === undefined) : [];
    const hits = [...named, ...selected];
    if (hits.length) {
      const scope = targetScope(plan, hits);
      const light = hits.every((t) => t.kind === 'light');
      // A list computed at run time is a bulk delete: even pods all restart at once.
      let severity: Severity = light && !hits.some((t) => t.name?.includes('\u0000')) ? 'low' : 'medium';
      // --force with --grace-period=0 removes the object at once while its containers may still run:
      // a StatefulSet can start a second pod with the same identity and volume.
      const grace = valueOf(plan.k.p, 'grace-period');
      const immediate = isOn(plan.k.p, 'force') && (grace === '0' || grace === '1' || isOn(plan.k.p, 'now'));
      if (immediate && severity === 'low') severity = 'medium';
      if (scope.includes('production') || plan.allNamespaces) severity = bump(severity);
      const which = selected.length && !named.length ? `every ${[...new Set(selected.map((t) => t.type))].join(', ')} matching ${shown(plan.selector ?? '', 40)}` : listNames(hits, 'the named resources');
      matches.push({
        severity,
        message: `kubectl delete${immediate ? ' --force --grace-period=0' : ''} removes ${which} in ${plan.k.where}${immediate ? ' without waiting for its containers to stop (a StatefulSet can then run two pods with the same identity and volume)' : ''}${light ? '; controllers usually recreate them' : '; it stays down until someone re-applies it'}.`,
        span: spanFromProgram(cmd, [plan.k.verb, ...hits.flatMap((t) => t.words)]),
        context: { scope },
      });
    }
    if (!matches.length && plan.k.p.opts.some((o) => o.name === 'raw')) {
      matches.push({ severity: 'medium', message: `kubectl delete --raw ${shown(valueOf(plan.k.p, 'raw') ?? '', 60)} deletes through the raw API path; the engine cannot tell what it removes.`, span: spanFromProgram(cmd, [plan.k.verb]), context: { scope: plan.k.scope } });
    }
    return matches;
  },
};
