import { kindName } from '../../plain-text';
import { isOn, parseArgs, type ParsedArgs, shown } from '../../shell/cli-args';
import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';

// Volume managers: ZFS, LVM, md RAID, btrfs, LUKS key slots, Stratis, Ceph, Gluster ------------

interface Hit {
  severity: Severity;
  message: string;
  words: Word[];
}

const names = (ws: readonly Word[], fallback: string): string => (ws.length ? ws.slice(0, 4).map((w) => shown(w.value, 50)).join(', ') : fallback);

function zfs(cmd: SimpleCommand, p: ParsedArgs): Hit | undefined {
  const [verb, ...ops] = p.positionals;
  if (!verb || isOn(p, 'n')) return undefined;
  if (cmd.program === 'zpool') {
    if (verb.value === 'destroy') return { severity: 'critical', message: `zpool destroy deletes the ${kindName('pool', names(ops, '(unnamed)'))} and every dataset, volume and snapshot in it.`, words: [verb, ...ops] };
    if (verb.value === 'labelclear') return { severity: 'critical', message: `zpool labelclear wipes the ZFS label from ${names(ops, 'the device')}, so the pool on it can no longer be imported.`, words: [verb, ...ops] };
    if (verb.value === 'create' && ops.some((w) => w.value.startsWith('/dev/') || /^(sd[a-z]|nvme\d|da\d|ada\d|disk\d)/.test(w.value))) {
      return { severity: isOn(p, 'f') ? 'critical' : 'high', message: `zpool create writes a new pool over ${names(ops.slice(1).filter((w) => !/^(mirror|raidz\d?|draid\d?|spare|log|cache|special|dedup)$/.test(w.value)), 'the devices')}${isOn(p, 'f') ? ', forced even where a file system is in use' : ''}; whatever they held is lost.`, words: [verb, ...ops.slice(0, 4)] };
    }
    return undefined;
  }
  if (verb.value === 'destroy') {
    const target = ops[0];
    if (!target) return undefined;
    if (target.value.includes('#')) return undefined; // A bookmark names a point in time, no data.
    const recursive = isOn(p, 'r') || isOn(p, 'R');
    if (target.value.includes('@')) {
      return { severity: 'high', message: `${kindName(`zfs destroy deletes the snapshot${target.value.includes('%') || target.value.includes(',') || recursive ? 's' : ''}`, shown(target.value))}${recursive ? ' in every descendant dataset' : ''}; what they preserve cannot be rolled back to any more.`, words: [verb, target] };
    }
    const pool = !target.value.includes('/');
    return {
      severity: recursive || pool ? 'critical' : 'high',
      message: `zfs destroy deletes the ${kindName('dataset', shown(target.value))}${recursive ? ` with every ${isOn(p, 'R') ? 'dependent dataset, clone' : 'child dataset'} and snapshot under it` : ''} and all its data.`,
      words: [verb, target],
    };
  }
  if (verb.value === 'rollback') {
    const snap = ops[0];
    return { severity: 'high', message: `zfs rollback returns ${shown(snap?.value ?? 'the dataset')} to the snapshot, discarding every change made since${isOn(p, 'r') || isOn(p, 'R') ? ' and destroying the later snapshots' : ''}.`, words: [verb, ...(snap ? [snap] : [])] };
  }
  return undefined;
}

/** An LVM size that shrinks: `-L -5G`, `--size=-10%`, `-l -100`. */
function shrinks(cmd: SimpleCommand): boolean {
  for (let i = 0; i < cmd.args.length; i++) {
    const v = cmd.args[i].value;
    const val = /^(-L|-l|--size|--extents)$/.test(v) ? cmd.args[i + 1]?.value : /^--(size|extents)=/.test(v) ? v.slice(v.indexOf('=') + 1) : /^-[Ll]./.test(v) ? v.slice(2) : undefined;
    if (val?.startsWith('-')) return true;
  }
  return false;
}

function lvm(cmd: SimpleCommand, p: ParsedArgs): Hit | undefined {
  if (isOn(p, 't', 'test') || isOn(p, 'h', 'help')) return undefined;
  const ops = p.positionals;
  const resizeFs = isOn(p, 'r', 'resizefs');
  switch (cmd.program) {
    case 'lvremove': {
      const wholeGroup = ops.some((w) => !w.value.includes('/'));
      return { severity: wholeGroup ? 'critical' : 'high', message: `lvremove deletes ${kindName(wholeGroup ? 'every logical volume in the volume group' : 'the logical volume', names(ops, '(unnamed)'))} and the file systems on ${wholeGroup ? 'them' : 'it'}.`, words: ops };
    }
    case 'vgremove':
      return { severity: 'critical', message: `vgremove deletes the ${kindName('volume group', names(ops, '(unnamed)'))} and every logical volume in it.`, words: ops };
    case 'pvremove':
      return { severity: 'high', message: `pvremove wipes the LVM label from ${names(ops, 'the device')}${isOn(p, 'f', 'force') ? ', even while a volume group still uses it' : ''}.`, words: ops };
    case 'pvcreate':
      if (!isOn(p, 'f', 'force')) return undefined;
      return { severity: 'high', message: `pvcreate --force writes a new LVM label over ${names(ops, 'the device')}, whatever it held.`, words: ops };
    case 'lvreduce':
      return { severity: resizeFs ? 'medium' : 'high', message: `lvreduce shrinks ${names(ops, 'the logical volume')}${resizeFs ? ' after shrinking its file system (--resizefs)' : '; data past the new end of the file system is destroyed'}.`, words: ops };
    case 'lvresize':
      if (!shrinks(cmd)) return undefined;
      return { severity: resizeFs ? 'medium' : 'high', message: `lvresize shrinks ${names(ops, 'the logical volume')}${resizeFs ? ' after shrinking its file system (--resizefs)' : '; data past the new end of the file system is destroyed'}.`, words: ops };
    case 'vgreduce':
      if (!isOn(p, 'removemissing')) return undefined;
      return { severity: isOn(p, 'force') ? 'high' : 'medium', message: `vgreduce --removemissing drops the missing physical volumes of ${names(ops, 'the volume group')}${isOn(p, 'force') ? ' and every logical volume that used them' : ''}.`, words: ops };
  }
  return undefined;
}

function mdadm(_cmd: SimpleCommand, p: ParsedArgs): Hit | undefined {
  const ops = p.positionals;
  if (isOn(p, 'zero-superblock')) return { severity: 'high', message: `mdadm --zero-superblock erases the RAID metadata on ${names(ops, 'the devices')}; the array can no longer be assembled from them.`, words: ops };
  if (isOn(p, 'C', 'create')) return { severity: 'high', message: `mdadm --create writes a new array over ${names(ops.slice(1), 'the devices')}; what they held is lost unless the layout matches exactly.`, words: ops };
  if (isOn(p, 'S', 'stop')) return { severity: 'medium', message: `mdadm --stop stops the ${kindName('array', names(ops, '(all)'))}; every file system on it goes away until it is assembled again.`, words: ops };
  if (isOn(p, 'f', 'fail', 'r', 'remove')) return { severity: 'medium', message: `mdadm marks ${names(ops.slice(1), 'a device')} failed or removes it from ${names(ops.slice(0, 1), 'the array')}, leaving it with less redundancy.`, words: ops };
  return undefined;
}

function btrfs(_cmd: SimpleCommand, p: ParsedArgs): Hit | undefined {
  const [group, verb, ...ops] = p.positionals;
  if (!group || !verb) return undefined;
  const g = group.value;
  const v = verb.value;
  if (/^su(b(v(ol(ume)?)?)?)?$/.test(g) && /^(delete|del|de)$/.test(v)) return { severity: 'high', message: `btrfs subvolume delete deletes ${names(ops, 'the subvolume')} and every file in it.`, words: [group, verb, ...ops] };
  if (/^dev(ice)?$/.test(g) && /^(delete|remove)$/.test(v)) return { severity: 'medium', message: `btrfs device ${v} moves data off ${names(ops.slice(0, -1), 'the device')} and takes it out of the file system.`, words: [group, verb, ...ops] };
  if (/^resc(ue)?$/.test(g) && v === 'zero-log') return { severity: 'medium', message: 'btrfs rescue zero-log throws away the log tree: the last writes before a crash are lost.', words: [group, verb] };
  return undefined;
}

function cryptsetup(_cmd: SimpleCommand, p: ParsedArgs): Hit | undefined {
  const [verb, ...ops] = p.positionals;
  if (verb?.value === 'luksKillSlot') return { severity: 'high', message: `cryptsetup luksKillSlot wipes key slot ${shown(ops[1]?.value ?? '?')} of ${names(ops.slice(0, 1), 'the device')}; if it was the last key, the data is unreadable for good.`, words: [verb, ...ops] };
  if (verb?.value === 'luksRemoveKey' || verb?.value === 'remove-key') return { severity: 'medium', message: `cryptsetup ${verb.value} removes a passphrase from ${names(ops, 'the device')}; if it was the last one, the data is unreadable for good.`, words: [verb, ...ops] };
  return undefined;
}

function clusterStorage(cmd: SimpleCommand, p: ParsedArgs): Hit | undefined {
  const pos = p.positionals;
  const [a, b, ...rest] = pos;
  if (!a) return undefined;
  if (cmd.program === 'stratis' && b?.value === 'destroy') {
    if (/^pool$/.test(a.value)) return { severity: 'critical', message: `stratis pool destroy deletes the ${kindName('pool', names(rest, '(unnamed)'))} and every file system in it.`, words: [a, b, ...rest] };
    if (/^(filesystem|fs)$/.test(a.value)) return { severity: 'high', message: `stratis filesystem destroy deletes ${names(rest.slice(1), 'the file system')} and its files.`, words: [a, b, ...rest] };
  }
  if (cmd.program === 'ceph') {
    if (a.value === 'osd' && b?.value === 'pool' && /^(delete|rm)$/.test(rest[0]?.value ?? '')) return { severity: 'critical', message: `ceph osd ${kindName('pool', rest[0].value)} deletes the ${kindName('pool', names(rest.slice(1, 2), '(unnamed)'))} and every object in it.`, words: [a, b, ...rest.slice(0, 2)] };
    if (a.value === 'fs' && b?.value === 'rm') return { severity: 'critical', message: `ceph fs rm deletes the ${kindName('CephFS file system', names(rest, '(unnamed)'))}.`, words: [a, b, ...rest] };
  }
  if (cmd.program === 'rbd' && /^(rm|remove|purge)$/.test(a.value)) return { severity: 'high', message: `rbd ${a.value} ${kindName(`deletes the block device image${a.value === 'purge' ? 's' : ''}`, names(pos.slice(1), '(unnamed)'))} and the data on ${a.value === 'purge' ? 'them' : 'it'}.`, words: pos.slice(0, 3) };
  if (cmd.program === 'rbd' && a.value === 'trash' && /^(rm|remove|purge)$/.test(b?.value ?? '')) return { severity: 'high', message: `rbd trash ${b.value} deletes trashed images for good.`, words: [a, b] };
  if (cmd.program === 'rados' && a.value === 'purge') return { severity: 'critical', message: `rados purge deletes every object in the ${kindName('pool', names(pos.slice(1, 2), '(unnamed)'))}.`, words: pos.slice(0, 2) };
  if (cmd.program === 'gluster' && a.value === 'volume' && b?.value === 'delete') return { severity: 'high', message: `gluster volume delete deletes the ${kindName('volume', names(rest, '(unnamed)'))}.`, words: [a, b, ...rest] };
  return undefined;
}

const LVM = ['lvremove', 'vgremove', 'pvremove', 'pvcreate', 'lvreduce', 'lvresize', 'vgreduce'];

export const volumeDestroy: CommandRule = {
  id: 'FS012',
  name: 'volume-destroy',
  category: 'filesystem',
  severity: 'critical',
  triggers: [
    { programs: ['zfs'], subcommands: ['destroy', 'rollback'] },
    { programs: ['zpool'], subcommands: ['destroy', 'labelclear', 'create'] },
    { programs: ['lvremove', 'vgremove', 'pvremove', 'lvreduce', 'lvresize'] },
    { programs: ['pvcreate'], subcommands: ['-f', '-ff', '--force', '-y'] },
    { programs: ['vgreduce'], subcommands: ['--removemissing'] },
    { programs: ['mdadm'] },
    { programs: ['btrfs'], subcommands: ['delete', 'del', 'de', 'remove', 'zero-log'] },
    { programs: ['cryptsetup'], subcommands: ['luksKillSlot', 'luksRemoveKey', 'remove-key'] },
    { programs: ['stratis'], subcommands: ['destroy'] },
    { programs: ['ceph'], subcommands: ['delete', 'rm'] },
    { programs: ['rbd'], subcommands: ['rm', 'remove', 'purge'] },
    { programs: ['rados'], subcommands: ['purge'] },
    { programs: ['gluster'], subcommands: ['delete'] },
  ],
  summary: 'Destroys storage managed by a volume manager: ZFS datasets, snapshots and pools, LVM volumes and groups, md RAID metadata, btrfs subvolumes, LUKS key slots, Stratis, Ceph and Gluster pools and images.',
  rationale: 'A volume manager deletes a whole file system, or every file system of a pool or group, in one command and with no trash; snapshots it destroys are the copies you would have restored from.',
  alternative: 'List what would go first (`zfs destroy -nv`, `lvremove --test`, `zfs list -r`), take a snapshot or backup, and run the deletion by hand.',
  examples: {
    fire: ['zfs destroy -r tank/home', 'zfs destroy tank/data@nightly', 'zpool destroy tank', 'lvremove -f vg0/data', 'vgremove vg0', 'mdadm --zero-superblock /dev/sdb1', 'btrfs subvolume delete /mnt/@home', 'ceph osd pool delete rbd rbd --yes-i-really-really-mean-it'],
    pass: ['zfs destroy -nv tank/home', 'zfs list -t snapshot', 'zpool status', 'lvremove --test vg0/data', 'lvextend -L +5G vg0/data', 'mdadm --detail /dev/md0', 'btrfs subvolume list /mnt', 'zfs destroy tank/data#mark'],
  },
  check(cmd): RuleMatch | undefined {
    let hit: Hit | undefined;
    if (cmd.program === 'zfs' || cmd.program === 'zpool') hit = zfs(cmd, parseArgs(cmd.args, { shortWithValue: 'ot', withValue: [] }));
    else if (LVM.includes(cmd.program)) hit = lvm(cmd, parseArgs(cmd.args, { shortWithValue: 'LlnS', withValue: ['size', 'extents', 'name', 'config', 'select', 'type', 'driverloaded', 'reportformat'], known: ['test', 'force', 'yes', 'help', 'resizefs', 'removemissing', 'size', 'extents', 'name', 'select'] }));
    else if (cmd.program === 'mdadm') hit = mdadm(cmd, parseArgs(cmd.args, { shortWithValue: 'lnxcpbezNuaY', withValue: ['level', 'raid-devices', 'chunk', 'layout', 'bitmap', 'metadata', 'name', 'homehost', 'config', 'spare-devices', 'size', 'uuid', 'backup-file'] }));
    else if (cmd.program === 'btrfs') hit = btrfs(cmd, parseArgs(cmd.args, {}));
    else if (cmd.program === 'cryptsetup') hit = cryptsetup(cmd, parseArgs(cmd.args, { shortWithValue: 'dhcsSkt', withValue: ['key-file', 'type', 'cipher', 'key-size', 'hash', 'key-slot', 'header'] }));
    else hit = clusterStorage(cmd, parseArgs(cmd.args, { shortWithValue: 'pc', withValue: ['pool', 'cluster', 'conf', 'id', 'name'] }));
    if (!hit) return undefined;
    return { severity: hit.severity, message: hit.message, span: spanFromProgram(cmd, hit.words), context: { targetClass: 'system-root' } };
  },
};
