import { kindName } from '../../plain-text';
import { isOn, type OptionSpec, parseArgs, productionScope, shown, valueOf, withStdinArgs } from '../../shell/cli-args';
import type { Word } from '../../shell/model';
import type { Severity } from '../../types';
import { type CommandRule, spanFromProgram } from '../rule';
import { bump } from './helpers';

const VELERO_SPEC: OptionSpec = {
  shortWithValue: 'nlo',
  withValue: ['namespace', 'kubeconfig', 'kubecontext', 'selector', 'from-backup', 'from-schedule', 'existing-resource-policy', 'include-namespaces', 'exclude-namespaces', 'include-resources', 'exclude-resources', 'namespace-mappings', 'output', 'wait-timeout', 'features', 'storage-location', 'ttl'],
};

interface Hit {
  severity: Severity;
  what: string;
  words: Word[];
}

export const veleroBackupDelete: CommandRule = {
  id: 'KUBE015',
  name: 'velero-backup-delete',
  category: 'kubernetes',
  severity: 'critical',
  triggers: [{ programs: ['velero'], subcommands: ['delete', 'uninstall', 'create'] }],
  summary: 'Catches Velero commands that lose backups or overwrite the cluster from one: `velero backup delete` (its data in object storage too), schedule and backup-location deletes, `velero uninstall`, and restores with `--existing-resource-policy=update`.',
  rationale: 'A Velero backup is often the only copy of a cluster\'s resources and volume snapshots; deleting it removes the data from the bucket and the snapshots with it, a deleted schedule silently stops taking new ones, and a restore that updates existing resources replaces what runs now with what the backup held.',
  alternative: 'Let backups expire through their TTL, `velero backup describe` before deleting, and restore into a new namespace (`--namespace-mappings`) to compare first.',
  examples: {
    fire: ['velero backup delete nightly-20240101 --confirm', 'velero backup delete --all --confirm', 'velero schedule delete daily', 'velero uninstall --force', 'velero restore create --from-backup nightly --existing-resource-policy=update'],
    pass: ['velero backup get', 'velero backup describe nightly', 'velero backup create manual', 'velero restore create --from-backup nightly', 'velero restore delete r1', 'velero schedule get'],
  },
  check(cmd) {
    const p = parseArgs(withStdinArgs(cmd, cmd.args), VELERO_SPEC);
    if (isOn(p, 'help', 'h')) return undefined;
    const [group, verb, ...targets] = p.positionals;
    if (!group) return undefined;
    const names = targets.map((t) => shown(t.value, 40)).join(', ');
    const sel = valueOf(p, 'l', 'selector');
    let hit: Hit | undefined;
    const del = verb?.value === 'delete';
    if (group.value === 'uninstall') hit = { severity: 'medium', what: 'velero uninstall removes Velero and its custom resources: every Backup, Restore and Schedule object, so no more backups are taken (the data already in the bucket stays)', words: [group] };
    else if ((group.value === 'backup' || group.value === 'backups') && del) {
      const all = isOn(p, 'all');
      hit = { severity: all || sel ? 'critical' : 'high', what: `velero backup delete deletes ${all ? 'every backup' : sel ? `every backup matching ${shown(sel)}` : `${kindName(`the backup${targets.length > 1 ? 's' : ''}`, names)}`} with ${all || sel || targets.length > 1 ? 'their' : 'its'} data in object storage and ${all || sel || targets.length > 1 ? 'their' : 'its'} volume snapshots`, words: [group, verb, ...targets] };
    } else if ((group.value === 'schedule' || group.value === 'schedules') && del) hit = { severity: 'medium', what: `velero schedule delete removes ${isOn(p, 'all') ? 'every schedule' : `the ${kindName('schedule', names)}`}: no more backups are taken on ${isOn(p, 'all') || targets.length > 1 ? 'them' : 'it'}`, words: [group, verb, ...targets] };
    else if ((group.value === 'backup-location' || group.value === 'snapshot-location') && del) hit = { severity: 'medium', what: `velero ${group.value} delete removes ${names || 'the location'} and the backups Velero knows in it`, words: [group, verb, ...targets] };
    else if ((group.value === 'restore' || group.value === 'restores') && verb?.value === 'create' && valueOf(p, 'existing-resource-policy') === 'update') hit = { severity: 'medium', what: `velero restore --existing-resource-policy=update overwrites resources that exist now with their versions from ${shown(valueOf(p, 'from-backup') ?? valueOf(p, 'from-schedule') ?? 'the backup')}`, words: [group, verb] };
    if (!hit) return undefined;
    const scope = productionScope(valueOf(p, 'kubecontext'), valueOf(p, 'kubeconfig'), ...targets.map((t) => t.value));
    const prod = scope.includes('production');
    return { severity: prod ? bump(hit.severity) : hit.severity, message: `${hit.what}${prod ? '; it looks like production' : ''}.`, span: spanFromProgram(cmd, hit.words), context: { scope } };
  },
};
