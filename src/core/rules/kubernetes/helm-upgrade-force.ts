import { kindName } from '../../plain-text';
import { isOn, optWords, productionScope, shown } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { helmCommand } from './helpers';

export const helmUpgradeForce: CommandRule = {
  id: 'KUBE013',
  name: 'helm-upgrade-force',
  category: 'kubernetes',
  severity: 'medium',
  triggers: [{ programs: ['helm'], subcommands: ['upgrade'] }],
  summary: 'Catches `helm upgrade --force` (`--force-replace`), which deletes and recreates resources instead of patching them.',
  rationale: 'Forced replacement restarts everything at once and recreates Services and Jobs, so the release is briefly down.',
  alternative: 'helm upgrade without --force; fix the immutable-field conflict in the chart',
  examples: {
    fire: ['helm upgrade web ./chart --force', 'helm upgrade --install api bitnami/nginx --force-replace -n prod'],
    pass: ['helm upgrade web ./chart', 'helm upgrade web ./chart --force --dry-run', 'helm install web ./chart'],
  },
  check(cmd) {
    const h = helmCommand(cmd);
    if (!h || h.verb.value !== 'upgrade' || h.dryRun || !isOn(h.p, 'force', 'force-replace')) return undefined;
    const release = h.rest[0];
    return {
      message: `helm upgrade --force deletes and recreates the ${kindName('resources of release', release ? shown(release.value, 40) : '')} in ${h.where} instead of patching them.`,
      span: spanFromProgram(cmd, [h.verb, ...optWords(h.p, 'force', 'force-replace')]),
      context: { scope: [...new Set([...h.scope, ...productionScope(release?.value)])] },
    };
  },
};
