import { isOn, optWords, productionScope, shown, valueOf } from '../../shell/cli-args';
import type { Severity } from '../../types';
import { type CommandRule, spanFromProgram } from '../rule';
import { kubeCommand, KUBECTL } from './helpers';

export const kubectlDrain: CommandRule = {
  id: 'KUBE007',
  name: 'kubectl-drain',
  category: 'kubernetes',
  severity: 'high',
  triggers: [{ programs: KUBECTL, subcommands: ['drain'] }],
  summary: 'Catches `kubectl drain`, which evicts every pod from a node; with `--delete-emptydir-data`, `--force` or `--disable-eviction` it destroys data and unmanaged pods.',
  rationale: 'Draining moves the node\'s whole workload at once. `--delete-emptydir-data` wipes scratch volumes, `--force` deletes pods no controller will recreate, and `--disable-eviction` ignores disruption budgets.',
  alternative: 'kubectl cordon <node> first, move workloads gradually, and drain without --force or --disable-eviction so budgets are respected',
  examples: {
    fire: ['kubectl drain node-1', 'kubectl drain node-1 --ignore-daemonsets --delete-emptydir-data --force', 'kubectl drain worker-3 --disable-eviction'],
    pass: ['kubectl drain node-1 --dry-run=client', 'kubectl uncordon node-1', 'kubectl get nodes'],
  },
  check(cmd) {
    const k = kubeCommand(cmd);
    if (!k || k.verb.value !== 'drain' || k.dryRun) return undefined;
    const nodes = k.rest.map((w) => shown(w.value, 40)).join(', ') || (valueOf(k.p, 'l', 'selector') ? `nodes matching ${shown(valueOf(k.p, 'l', 'selector')!, 40)}` : 'the node');
    const harsh: string[] = [];
    if (isOn(k.p, 'delete-emptydir-data', 'delete-local-data')) harsh.push('wipes emptyDir volumes');
    if (isOn(k.p, 'force')) harsh.push('deletes pods no controller recreates');
    if (isOn(k.p, 'disable-eviction')) harsh.push('bypasses pod disruption budgets');
    const scope = [...new Set([...k.scope, ...productionScope(...k.rest.map((w) => w.value))])];
    const severity: Severity = harsh.length || scope.includes('production') ? 'high' : 'medium';
    return {
      severity,
      message: `kubectl drain evicts every pod from ${nodes}${harsh.length ? ` and ${harsh.join(', ')}` : ''}.`,
      span: spanFromProgram(cmd, [k.verb, ...k.rest, ...optWords(k.p, 'delete-emptydir-data', 'delete-local-data', 'force', 'disable-eviction')]),
      context: { scope },
    };
  },
};
