import { optWords, shown } from '../../shell/cli-args';
import type { Severity } from '../../types';
import { type CommandRule, spanFromProgram } from '../rule';
import { bump, deletePlan, KUBECTL, targetScope } from './helpers';

export const kubectlDeleteAll: CommandRule = {
  id: 'KUBE004',
  name: 'kubectl-delete-all',
  category: 'kubernetes',
  severity: 'critical',
  triggers: [{ programs: KUBECTL, subcommands: ['delete'] }],
  summary: 'Catches `kubectl delete … --all`, `-A`/`--all-namespaces` and `kubectl delete all`, which delete every matching resource at once.',
  rationale: 'Bulk deletes do not name their victims: one command removes every deployment, service or secret in a namespace, or across the cluster with `-A`.',
  alternative: 'kubectl get <type> -n <ns> first, then delete the resources you mean by name',
  examples: {
    fire: ['kubectl delete deployments --all -n staging', 'kubectl delete all --all', 'kubectl delete secrets --all -A', 'kubectl delete all -l app=web', 'kubectl delete pods --all'],
    pass: ['kubectl get all --all-namespaces', 'kubectl delete deployment web -n staging', 'kubectl delete pods --all --dry-run=client'],
  },
  check(cmd) {
    const plan = deletePlan(cmd);
    if (!plan) return undefined;
    const allKind = plan.targets.some((t) => t.kind === 'all');
    if (!plan.all && !plan.allNamespaces && !allKind) return undefined;
    if (plan.targets.length === 0 && plan.files.length === 0) return undefined;
    if (allKind && !plan.all && !plan.selector && plan.targets.every((t) => t.name === undefined)) return undefined;
    // Namespaces, CRDs and volumes have their own rules with their own words.
    const bulk = plan.targets.filter((t) => t.kind !== 'namespace' && t.kind !== 'crd' && t.kind !== 'volume');
    if (plan.targets.length > 0 && bulk.length === 0) return undefined;
    const types = [...new Set(bulk.map((t) => t.type))].join(', ') || 'resources';
    const light = bulk.length > 0 && bulk.every((t) => t.kind === 'light');
    const trivial = bulk.length > 0 && bulk.every((t) => /^(ev|events?)$/i.test(t.type.split('.')[0]));
    const pods = light && bulk.some((t) => /^(po|pods?)$/i.test(t.type.split('.')[0]));
    const scope = targetScope(plan, bulk);
    let severity: Severity = trivial ? 'low' : light ? (plan.allNamespaces ? 'high' : 'medium') : 'critical';
    if (light && !trivial && scope.includes('production')) severity = bump(severity);
    const scopeText = plan.allNamespaces ? 'in every namespace of the cluster' : `in ${plan.k.where}`;
    const what = allKind ? `every workload, service and replica set${plan.selector ? ` matching ${shown(plan.selector, 40)}` : ''}` : plan.all ? `all ${types}` : `${types} ${plan.selector ? `matching ${shown(plan.selector, 40)}` : 'as named'}`;
    return {
      severity,
      message: `kubectl delete removes ${what} ${scopeText}${pods ? '; controllers recreate pods, but everything restarts at once' : ''}.`,
      span: spanFromProgram(cmd, [plan.k.verb, ...(plan.targets[0]?.words.slice(0, 1) ?? []), ...optWords(plan.k.p, 'all', 'A', 'all-namespaces')]),
      context: { scope },
    };
  },
};
