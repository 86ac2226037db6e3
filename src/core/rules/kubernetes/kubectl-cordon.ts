import { shown } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { kubeCommand, KUBECTL } from './helpers';

export const kubectlCordon: CommandRule = {
  id: 'KUBE010',
  name: 'kubectl-cordon',
  category: 'kubernetes',
  severity: 'high',
  triggers: [{ programs: KUBECTL, subcommands: ['cordon'] }],
  summary: 'Catches `kubectl cordon`, which stops scheduling onto a node (a warning; gate-level for a production cluster).',
  rationale: 'Cordoning is reversible with `uncordon`, but a cordoned node that is forgotten shrinks the cluster\'s capacity.',
  alternative: 'Cordon deliberately and note to uncordon the node afterwards',
  examples: {
    fire: ['kubectl cordon node-1', 'kubectl cordon -l pool=spot'],
    pass: ['kubectl uncordon node-1', 'kubectl cordon node-1 --dry-run=client'],
  },
  check(cmd) {
    const k = kubeCommand(cmd);
    if (!k || k.verb.value !== 'cordon' || k.dryRun) return undefined;
    const nodes = k.rest.map((w) => shown(w.value, 40)).join(', ') || 'the selected nodes';
    return { severity: k.scope.includes('production') ? 'high' : 'medium', message: `kubectl cordon marks ${nodes} unschedulable until someone runs uncordon: pods that need rescheduling can no longer go there, and the cluster runs short of capacity.`, span: spanFromProgram(cmd, [k.verb, ...k.rest]), context: { scope: k.scope } };
  },
};
