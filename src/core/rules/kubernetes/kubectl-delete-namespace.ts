import { kindName } from '../../plain-text';
import { shown } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { kindRule, KUBECTL, targetScope } from './helpers';

export const kubectlDeleteNamespace: CommandRule = {
  id: 'KUBE001',
  name: 'kubectl-delete-namespace',
  category: 'kubernetes',
  severity: 'critical',
  triggers: [{ programs: KUBECTL, subcommands: ['delete'] }],
  summary: 'Catches `kubectl delete namespace` (and `oc delete project`), which deletes the namespace and every resource in it.',
  rationale: 'A namespace delete cascades to every deployment, service, secret, config map and volume claim in it; with a Delete reclaim policy the volumes and their data go too, and nothing can stop it once started.',
  alternative: 'kubectl get all,pvc,secret -n <ns> to see what lives there, back up what matters, and delete the namespace yourself',
  examples: {
    fire: ['kubectl delete namespace staging', 'kubectl delete ns/payments', 'kubectl -n default delete ns prod', 'oc delete project demo', 'sudo k3s kubectl delete namespaces feature-x'],
    pass: ['kubectl get ns', 'kubectl delete ns staging --dry-run=client', 'kubectl create namespace staging', 'kubectl delete pod web-0 -n staging'],
  },
  check(cmd) {
    return kindRule('namespace', cmd, (plan, ts) => {
      const named = ts.filter((t) => t.name !== undefined).map((t) => shown(t.name!, 40));
      const which = plan.all ? 'every namespace in the cluster' : named.length ? `${kindName(`namespace${named.length > 1 ? 's' : ''}`, named.slice(0, 4).join(', '))}${named.length > 4 ? ` and ${named.length - 4} more` : ''}` : `the namespaces matching ${shown(plan.selector ?? '', 40)}`;
      return {
        message: `kubectl delete deletes ${which} and every resource inside: workloads, secrets, config and volume claims (and with them, usually, the volumes' data).`,
        span: spanFromProgram(cmd, [plan.k.verb, ...ts.flatMap((t) => t.words)]),
        context: { scope: targetScope(plan, ts) },
      };
    });
  },
};
