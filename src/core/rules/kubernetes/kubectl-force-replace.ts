import { isOn, optWords, productionScope, shown, valuesOf } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { kubeCommand, KUBECTL } from './helpers';

export const kubectlForceReplace: CommandRule = {
  id: 'KUBE009',
  name: 'kubectl-force-replace',
  category: 'kubernetes',
  severity: 'high',
  triggers: [{ programs: KUBECTL, subcommands: ['replace', 'apply'] }],
  summary: 'Catches `kubectl replace --force` and `kubectl apply --force`, which delete and recreate resources instead of updating them.',
  rationale: 'A forced replace deletes the live object first: pods restart at once, a Service may get a new cluster IP, and objects with finalizers or owned children can take dependants with them.',
  alternative: 'kubectl apply (or replace) without --force; fix the immutable-field conflict explicitly',
  examples: {
    fire: ['kubectl replace --force -f deploy.yaml', 'kubectl apply --force -f k8s/job.yaml', 'kubectl -n prod replace --force -f svc.yaml'],
    pass: ['kubectl replace -f deploy.yaml', 'kubectl apply -f k8s/', 'kubectl apply --force -f x.yaml --dry-run=server', 'kubectl apply --force-conflicts --server-side -f x.yaml'],
  },
  check(cmd) {
    const k = kubeCommand(cmd);
    if (!k || (k.verb.value !== 'replace' && k.verb.value !== 'apply') || k.dryRun || !isOn(k.p, 'force')) return undefined;
    const files = valuesOf(k.p, 'f', 'filename');
    const scope = [...new Set([...k.scope, ...productionScope(...files)])];
    return {
      severity: scope.includes('production') ? 'high' : 'medium',
      message: `kubectl ${k.verb.value} --force deletes and recreates the resources in ${files.map((f) => shown(f, 40)).join(', ') || 'the manifests'} (${k.where}) instead of updating them.`,
      span: spanFromProgram(cmd, [k.verb, ...optWords(k.p, 'force')]),
      context: { scope },
    };
  },
};
