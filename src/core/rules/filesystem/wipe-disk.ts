import type { SimpleCommand, Word } from '../../shell/model';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { isBlockDevice } from './helpers';

/** Options of sfdisk that only read: dump, list, show sizes, verify, JSON. */
const SFDISK_READ = /^(-d|--dump|-l|--list|-F|--list-free|-J|--json|-s|--show-size|-V|--verify|-T|--list-types|-g|--show-geometry|-r|--reorder-n|--backup-pt-sectors|-h|--help|-v|--version|-X)$/;

/** The mkfs family: every program that writes a new file system (or swap) over a device. */
const MKFS = [
  'mkfs', 'mkfs.ext2', 'mkfs.ext3', 'mkfs.ext4', 'mkfs.xfs', 'mkfs.btrfs', 'mkfs.vfat', 'mkfs.fat', 'mkfs.msdos', 'mkfs.ntfs', 'mkfs.exfat', 'mkfs.f2fs',
  'mkfs.jfs', 'mkfs.reiserfs', 'mkfs.minix', 'mkfs.bfs', 'mkfs.cramfs', 'mkfs.udf', 'mkfs.nilfs2', 'mkfs.bcachefs', 'mkfs.hfsplus', 'mke2fs', 'mkdosfs',
  'mkntfs', 'mkexfatfs', 'mkswap', 'newfs', 'newfs_apfs', 'newfs_hfs', 'newfs_msdos', 'newfs_exfat', 'newfs_udf',
];

function deviceWord(words: readonly Word[]): Word | undefined {
  return words.find((a) => !a.dynamic && isBlockDevice(a.value));
}

/** The device a command writes, or undefined when it writes none. */
function writtenDevice(cmd: SimpleCommand): Word | undefined {
  const args = cmd.args.map((a) => a.value);
  switch (cmd.program) {
    case 'dd':
      return cmd.args.find((a) => a.value.startsWith('of=') && (isBlockDevice(a.value.slice(3)) || /^of=\/(etc|boot|usr|bin|sbin|lib)/.test(a.value)));
    case 'wipefs':
      // Without --all or --offset wipefs only lists the signatures it finds.
      if (args.includes('-n') || args.includes('--no-act')) return undefined;
      if (!args.some((a) => a === '--all' || a === '--offset' || a.startsWith('--offset=') || (/^-[a-zA-Z]+$/.test(a) && /[ao]/.test(a)))) return undefined;
      return deviceWord(cmd.args);
    case 'sgdisk':
      if (!args.some((a) => /^(-Z|--zap-all|-o|--clear|-z|--zap|-d|--delete|-n|--new|-g|--mbrtogpt|-m|--gpttombr|-l|--load-backup|-R|--replicate|-G|--randomize-guids|-e|--move-second-header|-t|--typecode|-s|--sort)/.test(a))) return undefined;
      return deviceWord(cmd.args);
    case 'parted':
      if (!args.some((a) => a === 'mklabel' || a === 'rm' || a === 'mkpart' || a === 'resizepart' || a === 'mktable')) return undefined;
      return deviceWord(cmd.args);
    case 'sfdisk':
    case 'fdisk':
    case 'cfdisk':
    case 'gdisk':
      if (args.some((a) => SFDISK_READ.test(a))) return undefined;
      return deviceWord(cmd.args);
    case 'cryptsetup':
      if (!args.some((a) => a === 'luksFormat' || a === 'erase' || a === 'luksErase')) return undefined;
      return deviceWord(cmd.args);
    case 'cp':
    case 'install': {
      const ops = cmd.args.filter((a) => !a.value.startsWith('-'));
      const last = ops[ops.length - 1];
      return ops.length >= 2 && last && !last.dynamic && isBlockDevice(last.value) ? last : undefined;
    }
    case 'tee':
      return deviceWord(cmd.args.filter((a) => !a.value.startsWith('-')));
    case 'qemu-img': {
      const sub = cmd.args.find((a) => !a.value.startsWith('-'));
      if (sub?.value === 'dd') return cmd.args.find((a) => a.value.startsWith('of=') && isBlockDevice(a.value.slice(3)));
      if (sub?.value === 'convert') {
        const ops = cmd.args.filter((a, i) => !a.value.startsWith('-') && !/^-[fFOoBlSmWrt]$/.test(cmd.args[i - 1]?.value ?? ''));
        const out = ops[ops.length - 1];
        return out && out !== sub && isBlockDevice(out.value) ? out : undefined;
      }
      return undefined;
    }
    default:
      if (!MKFS.includes(cmd.program)) return undefined;
      if (args.some((a) => a === '--help' || a === '-V' || a === '--version')) return undefined;
      return deviceWord(cmd.args) ?? cmd.args.find((a) => a.value.startsWith('/dev/') && !a.dynamic && isBlockDevice(a.value));
  }
}

/** `> /dev/sdb`, `>> /dev/nvme0n1p1`: a redirect straight onto a disk. */
function redirectedDevice(cmd: SimpleCommand): Word | undefined {
  for (const r of cmd.redirects) {
    if (!r.target || r.target.dynamic || !/^(>|>>|>\||&>|&>>)$/.test(r.op)) continue;
    if (isBlockDevice(r.target.value)) return r.target;
  }
  return undefined;
}

export const wipeDisk: CommandRule = {
  id: 'FS004',
  name: 'wipe-disk',
  category: 'filesystem',
  severity: 'critical',
  triggers: [
    { programs: ['dd', 'wipefs', 'blkdiscard', 'sgdisk', 'parted', 'sfdisk', 'fdisk', 'cfdisk', 'gdisk', 'cryptsetup', 'cp', 'install', 'tee', ...MKFS] },
    { programs: ['qemu-img'], subcommands: ['dd', 'convert'] },
  ],
  onRedirect: true,
  summary: 'Overwrites a disk or partition: dd, cp, tee or a redirect onto a block device, mkfs, wipefs, partition table changes.',
  rationale: 'Writing to a block device destroys every file system on it in one step; there is no recovery short of backups.',
  alternative: 'Double-check the device with `lsblk` and do this by hand, outside an agent session; write images to a file, not a device.',
  examples: {
    fire: [
      'dd if=/dev/zero of=/dev/sda bs=1M',
      'mkfs.ext4 /dev/nvme0n1p1',
      'sudo wipefs -a /dev/sdb',
      'sgdisk --zap-all /dev/sdc',
      'parted /dev/sda mklabel gpt',
      'cat image.iso > /dev/sdb',
      'cp ubuntu.img /dev/sdc',
      'dd if=/dev/zero of=/dev/vg0/data',
    ],
    pass: ['dd if=/dev/zero of=./disk.img bs=1M count=10', 'wipefs -n /dev/sdb', 'wipefs /dev/sdb', 'sfdisk -d /dev/sda', 'parted -l', 'lsblk', 'dd if=in.bin of=/dev/null', 'echo hi > /dev/null', 'cat /dev/sda > disk.img'],
  },
  check(cmd): RuleMatch | undefined {
    const target = redirectedDevice(cmd) ?? (cmd.program === 'blkdiscard' ? deviceWord(cmd.args) : writtenDevice(cmd));
    if (!target) return undefined;
    if (cmd.program === 'fdisk' && !cmd.redirects.some((r) => r.target === target)) {
      return { severity: 'high', span: spanFromProgram(cmd, [target]), message: `Opens the partition table of ${target.value} for editing.` };
    }
    return {
      span: spanFromProgram(cmd, [target]),
      message: `Overwrites ${target.value.replace(/^of=/, '')}: every file system and file on it is destroyed.`,
      context: { targetClass: 'system-root' },
    };
  },
};
