import type { Word } from '../../shell/model';
import { type CommandRule, spanFromProgram } from '../rule';
import { DEVICE } from './helpers';

export const wipeDisk: CommandRule = {
  id: 'FS004',
  name: 'wipe-disk',
  category: 'filesystem',
  severity: 'critical',
  triggers: [
    { programs: ['dd'] },
    { programs: ['mkfs', 'mkfs.ext2', 'mkfs.ext3', 'mkfs.ext4', 'mkfs.xfs', 'mkfs.btrfs', 'mkfs.vfat', 'mkfs.fat', 'mkfs.ntfs', 'mkfs.exfat', 'mke2fs', 'mkswap', 'wipefs', 'blkdiscard', 'sgdisk', 'parted', 'sfdisk', 'fdisk', 'cryptsetup'] },
  ],
  summary: 'Overwrites a disk or partition: dd onto a device, mkfs, wipefs, partition table changes.',
  rationale: 'Writing to a block device destroys every file system on it in one step; there is no recovery short of backups.',
  alternative: 'Double-check the device with `lsblk` and do this by hand, outside an agent session; write images to a file, not a device.',
  examples: {
    fire: ['dd if=/dev/zero of=/dev/sda bs=1M', 'mkfs.ext4 /dev/nvme0n1p1', 'sudo wipefs -a /dev/sdb', 'sgdisk --zap-all /dev/sdc', 'parted /dev/sda mklabel gpt'],
    pass: ['dd if=/dev/zero of=./disk.img bs=1M count=10', 'wipefs -n /dev/sdb', 'parted -l', 'lsblk', 'dd if=in.bin of=/dev/null'],
  },
  check(cmd) {
    const args = cmd.args.map((a) => a.value);
    let target: Word | undefined;
    switch (cmd.program) {
      case 'dd':
        target = cmd.args.find((a) => a.value.startsWith('of=') && (DEVICE.test(a.value.slice(3)) || /^of=\/(etc|boot|usr|bin|sbin|lib)/.test(a.value)));
        break;
      case 'wipefs':
        if (args.includes('-n') || args.includes('--no-act')) return undefined;
        target = cmd.args.find((a) => DEVICE.test(a.value));
        break;
      case 'sgdisk':
        if (!args.some((a) => /^(-Z|--zap-all|-o|--clear|-z|--zap|-d|--delete)/.test(a))) return undefined;
        target = cmd.args.find((a) => DEVICE.test(a.value));
        break;
      case 'parted':
        if (!args.some((a) => a === 'mklabel' || a === 'rm' || a === 'mkpart' || a === 'resizepart')) return undefined;
        target = cmd.args.find((a) => DEVICE.test(a.value));
        break;
      case 'sfdisk':
      case 'fdisk':
        if (args.some((a) => a === '-l' || a === '--list')) return undefined;
        target = cmd.args.find((a) => DEVICE.test(a.value));
        if (target && cmd.program === 'fdisk') return { severity: 'high', span: spanFromProgram(cmd, [target]), message: `Opens the partition table of ${target.value} for editing.` };
        break;
      case 'cryptsetup':
        if (!args.some((a) => a === 'luksFormat' || a === 'erase' || a === 'luksErase')) return undefined;
        target = cmd.args.find((a) => DEVICE.test(a.value));
        break;
      default:
        target = cmd.args.find((a) => DEVICE.test(a.value)) ?? cmd.args.find((a) => a.value.startsWith('/dev/'));
    }
    if (!target) return undefined;
    return {
      span: spanFromProgram(cmd, [target]),
      message: `Overwrites ${target.value.replace(/^of=/, '')}: every file system and file on it is destroyed.`,
      context: { targetClass: 'system-root' },
    };
  },
};
