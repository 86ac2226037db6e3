import { isOn, optOf, productionScope, valuesOf } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { deleteTargets, kubeCommand, KUBECTL, listNames } from './helpers';

export const kubectlScaleToZero: CommandRule = {
  id: 'KUBE008',
  name: 'kubectl-scale-to-zero',
  category: 'kubernetes',
  severity: 'high',
  triggers: [{ programs: KUBECTL, subcommands: ['scale'] }],
  summary: 'Catches `kubectl scale --replicas=0`, which stops every pod of a workload.',
  rationale: 'Scaling to zero is an outage for whatever the workload serves; on a StatefulSet it also stops replication and can strand leader election.',
  alternative: 'Scale down one step at a time, or use a maintenance flag in the application; record the current replica count first',
  examples: {
    fire: ['kubectl scale deployment web --replicas=0', 'kubectl scale --replicas 0 statefulset/db -n prod', 'kubectl scale deploy --all --replicas=0 -n staging'],
    pass: ['kubectl scale deployment web --replicas=3', 'kubectl scale deploy web --replicas=0 --dry-run=client', 'kubectl get deploy web'],
  },
  check(cmd) {
    const k = kubeCommand(cmd);
    if (!k || k.verb.value !== 'scale' || k.dryRun) return undefined;
    const r = optOf(k.p, 'replicas');
    if (!r || r.value === undefined || !/^0+$/.test(r.value.trim())) return undefined;
    const targets = deleteTargets(k.rest);
    const all = isOn(k.p, 'all');
    const scope = [...new Set([...k.scope, ...productionScope(...targets.map((t) => t.name), ...valuesOf(k.p, 'f', 'filename'))])];
    return {
      severity: all || scope.includes('production') ? 'high' : 'medium',
      message: `kubectl scale --replicas=0 stops every pod of ${all ? `every ${targets[0]?.type ?? 'workload'}` : listNames(targets, 'the workload')} in ${k.where}; whatever it serves goes down.`,
      span: spanFromProgram(cmd, [k.verb, r.word, ...(r.valueWord ? [r.valueWord] : [])]),
      context: { scope },
    };
  },
};
