import { type CommandRule, spanFromProgram } from '../rule';
import { kindRule, KUBECTL, listNames, targetScope } from './helpers';

export const kubectlDeleteCrd: CommandRule = {
  id: 'KUBE002',
  name: 'kubectl-delete-crd',
  category: 'kubernetes',
  severity: 'critical',
  triggers: [{ programs: KUBECTL, subcommands: ['delete'] }],
  summary: 'Catches `kubectl delete crd`, which deletes a custom resource definition and every object of that kind in every namespace.',
  rationale: 'Deleting a CRD garbage-collects all of its custom resources cluster-wide (certificates, databases managed by an operator, backups), and operators may then delete what those objects stood for.',
  alternative: 'kubectl get <kind> -A -o yaml > backup.yaml first; upgrade or uninstall the operator through its own supported path',
  examples: {
    fire: ['kubectl delete crd certificates.cert-manager.io', 'kubectl delete customresourcedefinitions.apiextensions.k8s.io postgresclusters.postgres-operator.crunchydata.com', 'kubectl delete crd --all'],
    pass: ['kubectl get crd', 'kubectl delete certificate web-tls -n staging', 'kubectl describe crd certificates.cert-manager.io'],
  },
  check(cmd) {
    return kindRule('crd', cmd, (plan, ts) => ({
      message: `kubectl delete removes ${plan.all ? 'every custom resource definition' : `CRD ${listNames(ts, '(selected)').replace(/\b(?:crd|crds|customresourcedefinitions?(?:\.apiextensions\.k8s\.io)?)\//gi, '')}`} and with it every custom resource of that kind in every namespace.`,
      span: spanFromProgram(cmd, [plan.k.verb, ...ts.flatMap((t) => t.words)]),
      context: { scope: targetScope(plan, ts) },
    }));
  },
};
