import { kindName } from '../../plain-text';
import { parseArgs, shown } from '../../shell/cli-args';
import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';

// Hypervisors: VMs deleted with their disks, volumes and pools, forced power-off --------------

interface Hit {
  severity: Severity;
  message: string;
  words: Word[];
}

const has = (args: readonly Word[], re: RegExp): Word | undefined => args.find((a) => re.test(a.value));
const nonOpts = (args: readonly Word[]): Word[] => args.filter((a) => !a.value.startsWith('-'));
const named = (w: Word | undefined, kind: string): string => (w ? kindName(kind, shown(w.value, 50)) : `the ${kind}`);

function virsh(cmd: SimpleCommand): Hit | undefined {
  const pos = nonOpts(cmd.args);
  const verb = pos[0];
  if (!verb) return undefined;
  const dom = cmd.args[cmd.args.findIndex((a) => a.value === '--domain') + 1] ?? pos[1];
  switch (verb.value) {
    case 'undefine': {
      const storage = has(cmd.args, /^--(remove-all-storage|storage|wipe-storage|delete-storage|delete-snapshots)(=|$)/);
      if (storage) return { severity: 'high', message: `virsh undefine ${storage.value} removes ${named(dom, 'VM')} together with its disk images.`, words: [verb, ...(dom ? [dom] : []), storage] };
      return { severity: 'medium', message: `virsh undefine removes the definition of ${named(dom, 'VM')}; its disks stay, but its configuration is gone.`, words: [verb, ...(dom ? [dom] : [])] };
    }
    case 'destroy':
      return { severity: 'medium', message: `virsh destroy powers ${named(dom, 'VM')} off at once, like pulling the plug: unsaved data in it is lost.`, words: [verb, ...(dom ? [dom] : [])] };
    case 'vol-delete':
    case 'vol-wipe':
      return { severity: 'high', message: `virsh ${verb.value} ${verb.value === 'vol-wipe' ? 'overwrites' : 'deletes'} the ${kindName('storage volume', shown(pos[1]?.value ?? ''))} and the data on it.`, words: pos.slice(0, 2) };
    case 'pool-delete':
      return { severity: 'high', message: `virsh pool-delete deletes the ${kindName('storage pool', shown(pos[1]?.value ?? ''))} with the directory or device that holds its volumes.`, words: pos.slice(0, 2) };
    case 'snapshot-delete':
      return { severity: 'medium', message: `virsh snapshot-delete deletes a snapshot of ${named(dom, 'VM')}, a state you could have gone back to.`, words: pos.slice(0, 3) };
  }
  return undefined;
}

function vbox(cmd: SimpleCommand): Hit | undefined {
  const pos = nonOpts(cmd.args);
  const [verb, vm, action] = pos;
  if (!verb) return undefined;
  switch (verb.value.toLowerCase()) {
    case 'unregistervm': {
      const del = has(cmd.args, /^--delete(-all)?$/);
      if (del) return { severity: 'high', message: `VBoxManage unregistervm ${del.value} deletes ${named(vm, 'VM')} with its disk images${del.value === '--delete-all' ? ', snapshots and logs' : ''}.`, words: [verb, ...(vm ? [vm] : []), del] };
      return { severity: 'medium', message: `VBoxManage unregistervm removes ${named(vm, 'VM')} from VirtualBox; its files stay on disk.`, words: [verb, ...(vm ? [vm] : [])] };
    }
    case 'closemedium': {
      const del = has(cmd.args, /^--delete$/);
      return del ? { severity: 'high', message: 'VBoxManage closemedium --delete deletes the disk image file.', words: [verb, ...pos.slice(1, 3), del] } : undefined;
    }
    case 'snapshot':
      if (action && /^(delete|restore|restorecurrent)$/.test(action.value)) {
        return { severity: 'medium', message: action.value === 'delete' ? `VBoxManage snapshot delete deletes a snapshot of ${named(vm, 'VM')}.` : `VBoxManage ${kindName('snapshot', action.value)} throws away the current state of ${named(vm, 'VM')}.`, words: [verb, vm, action] };
      }
      return undefined;
    case 'controlvm':
      if (action && /^(poweroff|reset)$/.test(action.value)) return { severity: 'medium', message: `VBoxManage controlvm ${action.value} cuts the power of ${named(vm, 'VM')}: unsaved data in it is lost.`, words: [verb, vm, action] };
      return undefined;
  }
  return undefined;
}

function qemuImg(cmd: SimpleCommand): Hit | undefined {
  const pos = nonOpts(cmd.args);
  const verb = pos[0];
  if (verb?.value === 'snapshot') {
    const d = has(cmd.args, /^-d$/);
    if (d) return { severity: 'medium', message: `qemu-img snapshot -d deletes an internal snapshot of ${shown(pos[pos.length - 1]?.value ?? 'the image')}.`, words: [verb, d] };
    const a = has(cmd.args, /^-a$/);
    if (a) return { severity: 'medium', message: `qemu-img snapshot -a reverts ${shown(pos[pos.length - 1]?.value ?? 'the image')} to a snapshot, discarding what changed since.`, words: [verb, a] };
  }
  if (verb?.value === 'resize') {
    const shrink = has(cmd.args, /^--shrink$/) ?? cmd.args.find((a, i) => i > 0 && /^-\d/.test(a.value));
    if (shrink) return { severity: 'medium', message: `qemu-img resize shrinks ${shown(pos[1]?.value ?? 'the image')}; data past its new end is lost.`, words: [verb, shrink] };
  }
  return undefined;
}

/** Tools whose delete removes a VM or container instance with its disks. */
function others(cmd: SimpleCommand): Hit | undefined {
  const p = parseArgs(cmd.args, { shortWithValue: 'p', withValue: ['project', 'remote', 'target', 'storage'] });
  const pos = p.positionals;
  const [a, b, c, d] = pos;
  if (!a) return undefined;
  const force = cmd.args.some((w) => /^(-f|--force|-y|--yes)$/.test(w.value));
  switch (cmd.program) {
    case 'vagrant':
      if (a.value === 'destroy') return { severity: 'medium', message: `vagrant destroy deletes ${b ? `the ${kindName('machine', shown(b.value))}` : 'the machines of this Vagrantfile'} with their disks; anything not in a synced folder is lost.`, words: [a] };
      if (a.value === 'box' && /^(remove|prune)$/.test(b?.value ?? '')) return undefined;
      return undefined;
    case 'multipass':
      if ((a.value === 'delete' || a.value === 'remove') && cmd.args.some((w) => /^(-p|--purge)$/.test(w.value))) return { severity: 'medium', message: `multipass delete --purge deletes ${b ? `the ${kindName('instance', shown(b.value))}` : 'the instances'} and their disks for good.`, words: [a] };
      if (a.value === 'purge') return { severity: 'medium', message: 'multipass purge permanently deletes every deleted instance and its disk.', words: [a] };
      return undefined;
    case 'lxc':
    case 'incus':
      if (a.value === 'delete' || a.value === 'rm') return { severity: 'high', message: `${cmd.program} delete deletes the ${kindName('instance', shown(b?.value ?? ''))} with its root disk and snapshots${force ? ', stopping it first (--force)' : ''}.`, words: [a, ...(b ? [b] : [])] };
      if (a.value === 'storage' && b?.value === 'volume' && /^(delete|rm)$/.test(c?.value ?? '')) return { severity: 'high', message: `${cmd.program} storage volume delete deletes the ${kindName('volume', shown(pos[4]?.value ?? d?.value ?? ''))} and its data.`, words: [a, b, c] };
      if (a.value === 'storage' && /^(delete|rm)$/.test(b?.value ?? '')) return { severity: 'high', message: `${cmd.program} storage delete deletes the ${kindName('storage pool', shown(c?.value ?? ''))}.`, words: [a, b] };
      if ((a.value === 'snapshot' && /^(delete|rm)$/.test(b?.value ?? '')) || a.value === 'restore') return { severity: 'medium', message: `${cmd.program} ${a.value} ${a.value === 'restore' ? 'rolls the instance back, discarding what changed since the snapshot' : 'deletes a snapshot'}.`, words: [a, ...(b ? [b] : [])] };
      if (a.value === 'stop' && force) return { severity: 'medium', message: `${cmd.program} stop --force kills the ${kindName('instance', shown(b?.value ?? ''))} without a clean shutdown.`, words: [a] };
      return undefined;
    case 'prlctl':
      if (a.value === 'delete') return { severity: 'high', message: `prlctl delete deletes the ${kindName('Parallels VM', shown(b?.value ?? ''))} with its disks.`, words: [a, ...(b ? [b] : [])] };
      if (a.value === 'snapshot-delete') return { severity: 'medium', message: `prlctl snapshot-delete deletes a snapshot of ${shown(b?.value ?? 'the VM')}.`, words: [a] };
      if (a.value === 'stop' && cmd.args.some((w) => w.value === '--kill')) return { severity: 'medium', message: `prlctl stop --kill cuts the power of ${shown(b?.value ?? 'the VM')}.`, words: [a] };
      return undefined;
    case 'vmrun':
      if (/^deletevm$/i.test(a.value)) return { severity: 'high', message: `vmrun deleteVM deletes the ${kindName('VMware VM', shown(b?.value ?? ''))} with its disks.`, words: [a, ...(b ? [b] : [])] };
      if (/^deletesnapshot$/i.test(a.value)) return { severity: 'medium', message: `vmrun deleteSnapshot deletes a snapshot of ${shown(b?.value ?? 'the VM')}.`, words: [a] };
      if (/^stop$/i.test(a.value) && /^hard$/i.test(c?.value ?? '')) return { severity: 'medium', message: `vmrun stop hard cuts the power of ${shown(b?.value ?? 'the VM')}.`, words: [a, c] };
      return undefined;
    case 'qm':
    case 'pct':
      if (a.value === 'destroy') return { severity: 'high', message: `${cmd.program} destroy deletes the ${kindName(`Proxmox ${cmd.program === 'qm' ? 'VM' : 'container'}`, shown(b?.value ?? ''))} with its disks${cmd.args.some((w) => w.value === '--purge') ? ' and removes it from backup jobs and HA' : ''}.`, words: [a, ...(b ? [b] : [])] };
      if (a.value === 'stop') return { severity: 'medium', message: `${cmd.program} stop cuts the power of ${shown(b?.value ?? 'the guest')} without a clean shutdown.`, words: [a] };
      if (a.value === 'delsnapshot' || a.value === 'rollback') return { severity: 'medium', message: `${cmd.program} ${a.value} ${a.value === 'rollback' ? 'discards everything since the snapshot' : 'deletes a snapshot'} of ${shown(b?.value ?? 'the guest')}.`, words: [a] };
      return undefined;
    case 'pvesm':
      if (a.value === 'free') return { severity: 'high', message: `pvesm free deletes the ${kindName('volume', shown(b?.value ?? ''))} and its data.`, words: [a, ...(b ? [b] : [])] };
      return undefined;
    case 'xe':
      if (a.value === 'vm-uninstall') return { severity: 'high', message: 'xe vm-uninstall deletes the VM with its disks.', words: [a] };
      if (a.value === 'vdi-destroy') return { severity: 'high', message: 'xe vdi-destroy deletes the virtual disk.', words: [a] };
      return undefined;
    case 'limactl':
      if (/^(delete|remove|rm)$/.test(a.value)) return { severity: 'high', message: `limactl delete deletes the ${kindName('Lima VM', shown(b?.value ?? 'default'))} with every container, image and file inside it.`, words: [a, ...(b ? [b] : [])] };
      if (a.value === 'factory-reset') return { severity: 'high', message: `limactl factory-reset wipes the ${kindName('Lima VM', shown(b?.value ?? 'default'))} back to its image.`, words: [a] };
      return undefined;
    case 'docker-machine':
      if (/^(rm|remove)$/.test(a.value)) return { severity: 'high', message: `docker-machine rm deletes the ${kindName('machine', shown(b?.value ?? ''))} with every container, image and volume in it.`, words: [a, ...(b ? [b] : [])] };
      return undefined;
  }
  return undefined;
}

export const vmDelete: CommandRule = {
  id: 'SYS015',
  name: 'vm-delete',
  category: 'system',
  severity: 'high',
  triggers: [
    { programs: ['virsh'], subcommands: ['undefine', 'destroy', 'vol-delete', 'vol-wipe', 'pool-delete', 'snapshot-delete'] },
    { programs: ['vboxmanage'], subcommands: ['unregistervm', 'closemedium', 'delete', 'restore', 'restorecurrent', 'poweroff', 'reset'] },
    { programs: ['qemu-img'], subcommands: ['-d', '-a', '--shrink', 'resize'] },
    { programs: ['vagrant'], subcommands: ['destroy'] },
    { programs: ['multipass'], subcommands: ['-p', '--purge', 'purge'] },
    { programs: ['lxc', 'incus'], subcommands: ['delete', 'rm', 'restore', '--force', '-f'] },
    { programs: ['prlctl'], subcommands: ['delete', 'snapshot-delete', '--kill'] },
    { programs: ['vmrun'], subcommands: ['deleteVM', 'deletevm', 'deleteSnapshot', 'deletesnapshot', 'hard'] },
    { programs: ['qm', 'pct'], subcommands: ['destroy', 'stop', 'delsnapshot', 'rollback'] },
    { programs: ['pvesm'], subcommands: ['free'] },
    { programs: ['xe'], subcommands: ['vm-uninstall', 'vdi-destroy'] },
    { programs: ['limactl'], subcommands: ['delete', 'remove', 'rm', 'factory-reset'] },
    { programs: ['docker-machine'], subcommands: ['rm', 'remove'] },
  ],
  summary: 'Deletes a virtual machine with its disks, a storage volume or pool, or cuts a VM\'s power (virsh undefine --remove-all-storage, VBoxManage unregistervm --delete, lxc delete, qm destroy, vmrun deleteVM, vagrant destroy).',
  rationale: 'A VM\'s disks hold a whole system and whatever data was written inside it; deleting the VM with its storage leaves nothing to boot or restore. A forced power-off is a crash for everything running inside.',
  alternative: 'Shut the VM down cleanly, snapshot or export it, and delete it by hand after checking nothing else uses its disks.',
  examples: {
    fire: ['virsh undefine vm1 --remove-all-storage', 'VBoxManage unregistervm myvm --delete', 'lxc delete web --force', 'qm destroy 101 --purge', 'vmrun deleteVM vm.vmx', 'virsh vol-delete disk.qcow2 --pool default', 'vagrant destroy -f'],
    pass: ['virsh list --all', 'virsh shutdown vm1', 'VBoxManage list vms', 'lxc list', 'qm list', 'vagrant halt', 'multipass delete vm1', 'qemu-img info disk.qcow2'],
  },
  check(cmd): RuleMatch | undefined {
    if (cmd.args.some((a) => a.value === '--help' || a.value === '-h' && cmd.program !== 'qemu-img')) return undefined;
    const hit = cmd.program === 'virsh' ? virsh(cmd) : cmd.program === 'vboxmanage' ? vbox(cmd) : cmd.program === 'qemu-img' ? qemuImg(cmd) : others(cmd);
    if (!hit) return undefined;
    return { severity: hit.severity, message: hit.message, span: spanFromProgram(cmd, hit.words) };
  },
};
