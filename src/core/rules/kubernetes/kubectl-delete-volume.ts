import { shown } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { kindRule, KUBECTL, listNames, targetScope } from './helpers';

export const kubectlDeleteVolume: CommandRule = {
  id: 'KUBE003',
  name: 'kubectl-delete-volume',
  category: 'kubernetes',
  severity: 'critical',
  triggers: [{ programs: KUBECTL, subcommands: ['delete'] }],
  summary: 'Catches `kubectl delete pv|pvc|volumesnapshot`, which releases storage that, with the usual Delete reclaim policy, is then wiped.',
  rationale: 'A persistent volume claim is where a database or queue keeps its data. Deleting it lets the provisioner delete the disk; there is no undo.',
  alternative: 'Check the reclaim policy (kubectl get pv) and snapshot the volume first; patch the PV to Retain before deleting the claim',
  examples: {
    fire: ['kubectl delete pvc data-postgres-0', 'kubectl delete pv pvc-3f2a1b', 'kubectl delete persistentvolumeclaims -l app=redis -n cache', 'kubectl delete pvc/data-mysql-0 -n prod'],
    pass: ['kubectl get pvc', 'kubectl describe pv pvc-3f2a1b', 'kubectl delete pvc data-0 --dry-run=server'],
  },
  check(cmd) {
    return kindRule('volume', cmd, (plan, ts) => {
      const scope = targetScope(plan, ts);
      const which = plan.all ? `every ${ts[0].type} in ${plan.k.where}` : listNames(ts, `${ts[0].type} matching ${shown(plan.selector ?? '', 40)} in ${plan.k.where}`);
      return {
        severity: scope.includes('production') || plan.all || plan.allNamespaces ? 'critical' : 'high',
        message: `kubectl delete removes ${which}${ts.every((t) => t.type.startsWith('pvc') || t.type.startsWith('persistentvolumeclaim')) && !plan.all ? ` in ${plan.k.where}` : ''}; with a Delete reclaim policy the disk and its data are destroyed.`,
        span: spanFromProgram(cmd, [plan.k.verb, ...ts.flatMap((t) => t.words)]),
        context: { scope },
      };
    });
  },
};
