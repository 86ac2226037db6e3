import { kindName } from '../../plain-text';
import { isOn, productionScope, shown } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { helmCommand } from './helpers';

export const helmUninstall: CommandRule = {
  id: 'KUBE011',
  name: 'helm-uninstall',
  category: 'kubernetes',
  severity: 'critical',
  triggers: [{ programs: ['helm'], subcommands: ['uninstall', 'delete', 'del', 'un'] }],
  summary: 'Catches `helm uninstall` (`helm delete`), which deletes every resource a release installed.',
  rationale: 'Uninstalling removes the release\'s deployments, services, secrets and config together, and volume claims created by the chart itself; in production that is an outage and possibly data loss.',
  alternative: 'helm get manifest <release> to see what would go, helm uninstall --dry-run, and keep history with --keep-history',
  examples: {
    fire: ['helm uninstall web', 'helm delete redis -n cache', 'helm --namespace prod uninstall api', 'helm un web worker --kube-context prod-eu'],
    pass: ['helm list', 'helm uninstall web --dry-run', 'helm status web', 'helm plugin uninstall diff', 'helm repo remove bitnami'],
  },
  check(cmd) {
    const h = helmCommand(cmd);
    if (!h || !['uninstall', 'delete', 'del', 'un'].includes(h.verb.value) || h.dryRun || h.rest.length === 0) return undefined;
    const scope = [...new Set([...h.scope, ...productionScope(...h.rest.map((w) => w.value))])];
    const releases = h.rest.map((w) => shown(w.value, 40)).join(', ');
    return {
      severity: scope.includes('production') ? 'critical' : 'high',
      message: `${kindName(`helm uninstall deletes release${h.rest.length > 1 ? 's' : ''}`, releases)} in ${h.where}: every deployment, service, secret and chart-created volume claim it installed${isOn(h.p, 'keep-history') ? '' : ', and its release history'}.`,
      span: spanFromProgram(cmd, [h.verb, ...h.rest]),
      context: { scope },
    };
  },
};
