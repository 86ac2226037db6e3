import { isOn, optWords, productionScope, shown, valueOf, valuesOf } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { kubeCommand, KUBECTL } from './helpers';

// apply --prune, drain, scale 0, replace --force, cordon ----------------------------------------

export const kubectlApplyPrune: CommandRule = {
  id: 'KUBE006',
  name: 'kubectl-apply-prune',
  category: 'kubernetes',
  severity: 'high',
  triggers: [{ programs: KUBECTL, subcommands: ['apply', '--prune'] }],
  summary: 'Catches `kubectl apply --prune`, which deletes every live resource matching the selector that the applied manifests do not list.',
  rationale: 'Prune decides what to delete by absence: a manifest that was skipped, renamed or filtered out is deleted from the cluster, data-bearing objects included.',
  alternative: 'kubectl diff -f <dir> and kubectl apply --prune --dry-run=server to list what would be pruned, then apply without --prune and delete by name',
  examples: {
    fire: ['kubectl apply -f k8s/ --prune -l app=web', 'kubectl apply --prune --all -f manifests/', 'kubectl -n prod apply -k overlays/prod --prune -l team=payments'],
    pass: ['kubectl apply -f k8s/', 'kubectl apply -f k8s/ --prune -l app=web --dry-run=server', 'kubectl diff -f k8s/'],
  },
  check(cmd) {
    const k = kubeCommand(cmd);
    if (!k || k.verb.value !== 'apply' || k.dryRun || !isOn(k.p, 'prune')) return undefined;
    const sel = valueOf(k.p, 'l', 'selector');
    const files = [...valuesOf(k.p, 'f', 'filename'), ...valuesOf(k.p, 'k', 'kustomize')];
    const scope = [...new Set([...k.scope, ...productionScope(...files)])];
    return {
      severity: scope.includes('production') || isOn(k.p, 'all') ? 'critical' : 'high',
      message: `kubectl apply --prune deletes every resource ${sel ? `labelled ${shown(sel, 40)}` : 'it manages'} in ${k.where} that ${files.length ? files.map((f) => shown(f, 40)).join(', ') : 'the manifests'} no longer list${files.length === 1 ? 's' : ''}.`,
      span: spanFromProgram(cmd, [k.verb, ...optWords(k.p, 'prune')]),
      context: { scope },
    };
  },
};
