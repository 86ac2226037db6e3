import { kindName } from '../../plain-text';
import { isOn, productionScope, shown } from '../../shell/cli-args';
import { type CommandRule, spanFromProgram } from '../rule';
import { helmCommand } from './helpers';

export const helmRollback: CommandRule = {
  id: 'KUBE012',
  name: 'helm-rollback',
  category: 'kubernetes',
  severity: 'medium',
  triggers: [{ programs: ['helm'], subcommands: ['rollback'] }],
  summary: 'Catches `helm rollback`, which redeploys an earlier revision of a release over the running one.',
  rationale: 'A rollback restores old manifests and values, undoing config and schema changes the application may already depend on; with `--force` resources are deleted and recreated.',
  alternative: 'helm history <release> and helm diff rollback (plugin) first; roll back one revision you have checked',
  examples: {
    fire: ['helm rollback web', 'helm rollback api 3 -n prod', 'helm rollback web 2 --force'],
    pass: ['helm history web', 'helm rollback web 2 --dry-run', 'helm list -n prod'],
  },
  check(cmd) {
    const h = helmCommand(cmd);
    if (!h || h.verb.value !== 'rollback' || h.dryRun || h.rest.length === 0) return undefined;
    const [release, revision] = h.rest;
    return {
      message: `helm rollback replaces ${kindName('release', shown(release.value, 40))} in ${h.where} with ${revision ? `revision ${shown(revision.value, 10)}` : 'its previous revision'}${isOn(h.p, 'force') ? ', deleting and recreating resources' : ''}.`,
      span: spanFromProgram(cmd, [h.verb, ...h.rest.slice(0, 2)]),
      context: { scope: [...new Set([...h.scope, ...productionScope(release.value)])] },
    };
  },
};
