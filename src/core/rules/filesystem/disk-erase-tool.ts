import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';

// Disk and firmware erase tools: diskutil, asr, tmutil, hdparm, nvme, sg_format, badblocks, flashrom

interface Hit {
  severity: Severity;
  message: string;
  words: Word[];
}

const ops = (cmd: SimpleCommand): Word[] => cmd.args.filter((a) => !a.value.startsWith('-'));
const last = (ws: readonly Word[]): string => (ws.length ? ws[ws.length - 1].value : 'the disk');

/** diskutil verbs (case-insensitive, as diskutil reads them) that erase, repartition or delete. */
const DISKUTIL: Readonly<Record<string, [Severity, string]>> = {
  erasedisk: ['critical', 'erases the whole disk and writes a new partition map'],
  erasevolume: ['critical', 'erases the volume'],
  reformat: ['critical', 'erases the volume and reformats it with its current name and format'],
  zerodisk: ['critical', 'overwrites every block of the disk with zeros'],
  randomdisk: ['critical', 'overwrites every block of the disk with random data'],
  secureerase: ['critical', 'securely overwrites the disk or its free space'],
  erasecd: ['high', 'erases the optical disc'],
  eraseoptical: ['high', 'erases the optical disc'],
  partitiondisk: ['critical', 'repartitions the disk, erasing every volume on it'],
  splitpartition: ['high', 'splits the partition, erasing the data on it'],
  mergepartitions: ['high', 'merges partitions; every one but the first is erased'],
  resizevolume: ['high', 'resizes the volume; partitions created or removed with it lose their data'],
};

const DISKUTIL_APFS: Readonly<Record<string, [Severity, string]>> = {
  deletecontainer: ['critical', 'deletes the APFS container and every volume in it'],
  deletevolume: ['high', 'deletes the APFS volume and its files'],
  deletevolumegroup: ['high', 'deletes the APFS volume group and its volumes'],
  erasevolume: ['critical', 'erases the APFS volume'],
  deletesnapshot: ['high', 'deletes the APFS snapshot (a restore point, including Time Machine local snapshots)'],
};

function diskutil(cmd: SimpleCommand): Hit | undefined {
  const words = ops(cmd);
  const [verb, second] = words;
  if (!verb) return undefined;
  const v = verb.value.toLowerCase();
  if ((v === 'apfs' || v === 'ap') && second) {
    const hit = DISKUTIL_APFS[second.value.toLowerCase()];
    return hit ? { severity: hit[0], message: `diskutil apfs ${second.value} ${hit[1]} (${last(words.slice(2))}).`, words: words.slice(0, 3) } : undefined;
  }
  if ((v === 'cs' || v === 'corestorage' || v === 'appleraid' || v === 'ar') && second && /^(delete|deletevolume|deletelvg|remove)$/i.test(second.value)) {
    return { severity: 'critical', message: `diskutil ${verb.value} ${second.value} deletes the ${v.startsWith('a') ? 'RAID set' : 'CoreStorage volume'} ${last(words.slice(2))} and its data.`, words: words.slice(0, 3) };
  }
  const hit = DISKUTIL[v];
  return hit ? { severity: hit[0], message: `diskutil ${verb.value} ${hit[1]} (${last(words.slice(1))}).`, words: [verb, ...words.slice(1).filter((w) => /disk\d|\/dev\//.test(w.value))] } : undefined;
}

function nvme(cmd: SimpleCommand): Hit | undefined {
  const [verb, ...rest] = ops(cmd);
  if (!verb) return undefined;
  const dev = rest.find((w) => w.value.startsWith('/dev/'))?.value ?? 'the drive';
  if (/^(format|sanitize)$/.test(verb.value)) return { severity: 'critical', message: `nvme ${verb.value} erases every namespace block of ${dev}.`, words: [verb, ...rest.slice(0, 1)] };
  if (/^(write-zeroes|write-uncor|delete-ns)$/.test(verb.value)) return { severity: 'critical', message: `nvme ${verb.value} destroys data on ${dev}.`, words: [verb, ...rest.slice(0, 1)] };
  if (/^(fw-download|fw-commit|fw-activate)$/.test(verb.value)) return { severity: 'high', message: `nvme ${verb.value} replaces the drive's firmware on ${dev}; a bad image bricks the drive.`, words: [verb] };
  return undefined;
}

function simple(cmd: SimpleCommand): Hit | undefined {
  const args = cmd.args.map((a) => a.value);
  const dev = ops(cmd).find((w) => w.value.startsWith('/dev/'));
  const at = (re: RegExp): Word[] => cmd.args.filter((a) => re.test(a.value));
  switch (cmd.program) {
    case 'hdparm': {
      const w = at(/^--(security-erase(-enhanced)?|trim-sector-ranges(-stdin)?|write-sector|make-bad-sector|fwdownload.*|dco-restore|dco-setmax|security-set-pass)$/);
      if (!w.length) return undefined;
      return { severity: w[0].value.startsWith('--security-set-pass') ? 'high' : 'critical', message: `hdparm ${w[0].value} ${/erase|trim|write|bad/.test(w[0].value) ? 'destroys data' : 'changes the drive itself'} on ${dev?.value ?? 'the drive'}.`, words: [...w, ...(dev ? [dev] : [])] };
    }
    case 'sg_format':
    case 'sg_sanitize':
      if (args.some((a) => a === '-h' || a === '--help')) return undefined;
      return { severity: 'critical', message: `${cmd.program} erases every block of ${dev?.value ?? 'the SCSI device'}.`, words: dev ? [dev] : [] };
    case 'badblocks': {
      const w = at(/^-[a-zA-Z]*w[a-zA-Z]*$/);
      if (!w.length) return undefined;
      return { severity: 'critical', message: `badblocks -w writes test patterns over every block of ${dev?.value ?? 'the device'}, destroying its data.`, words: [...w, ...(dev ? [dev] : [])] };
    }
    case 'flashrom': {
      const w = at(/^(-w|--write|-E|--erase|-[a-zA-Z]*[wE])$/);
      if (!w.length) return undefined;
      return { severity: 'critical', message: 'flashrom rewrites the firmware flash chip; a bad or wrong image leaves the machine unable to boot.', words: w };
    }
    case 'asr': {
      const w = at(/^-?-?erase$/);
      if (!w.length) return undefined;
      return { severity: 'critical', message: 'asr restore --erase erases the target volume before restoring the image onto it.', words: w };
    }
    case 'tmutil': {
      const [verb, ...rest] = ops(cmd);
      if (verb?.value === 'delete') return { severity: 'high', message: `tmutil delete deletes Time Machine backups${rest.length ? ` (${rest.map((w) => w.value).join(', ')})` : ''}.`, words: [verb, ...rest] };
      if (verb?.value === 'deletelocalsnapshots') return { severity: 'medium', message: 'tmutil deletelocalsnapshots deletes local Time Machine snapshots, the restore points kept on this disk.', words: [verb] };
      if (verb?.value === 'disable') return { severity: 'medium', message: 'tmutil disable turns automatic Time Machine backups off.', words: [verb] };
      return undefined;
    }
  }
  return undefined;
}

export const diskEraseTool: CommandRule = {
  id: 'FS013',
  name: 'disk-erase-tool',
  category: 'filesystem',
  severity: 'critical',
  triggers: [
    { programs: ['diskutil', 'hdparm', 'sg_format', 'sg_sanitize', 'badblocks', 'flashrom', 'asr'] },
    { programs: ['nvme'], subcommands: ['format', 'sanitize', 'write-zeroes', 'write-uncor', 'delete-ns', 'fw-download', 'fw-commit', 'fw-activate'] },
    { programs: ['tmutil'], subcommands: ['delete', 'deletelocalsnapshots', 'disable'] },
  ],
  summary: 'Erases a disk, volume or firmware with a vendor tool: macOS diskutil erase/zero/partition and APFS deletes, asr --erase, Time Machine deletes, hdparm secure erase, nvme format/sanitize, sg_format, badblocks -w, flashrom.',
  rationale: 'These tools talk to the drive or the volume manager directly: one command erases a disk or a volume, and secure erase or sanitize makes even forensic recovery impossible.',
  alternative: 'Check the target with `diskutil list` / `lsblk` / `nvme list` and run the erase by hand, outside an agent session, after a backup.',
  examples: {
    fire: ['diskutil eraseDisk APFS Untitled disk2', 'diskutil zeroDisk disk3', 'diskutil apfs deleteContainer disk4', 'nvme format /dev/nvme0n1', 'hdparm --security-erase NULL /dev/sdb', 'badblocks -wsv /dev/sdc', 'flashrom -p internal -w bios.bin'],
    pass: ['diskutil list', 'diskutil info disk2', 'diskutil apfs list', 'nvme list', 'hdparm -I /dev/sda', 'badblocks -sv /dev/sdc', 'flashrom -p internal -r backup.bin', 'tmutil listbackups'],
  },
  check(cmd): RuleMatch | undefined {
    const hit = cmd.program === 'diskutil' ? diskutil(cmd) : cmd.program === 'nvme' ? nvme(cmd) : simple(cmd);
    if (!hit) return undefined;
    return { severity: hit.severity, message: hit.message, span: spanFromProgram(cmd, hit.words), context: { targetClass: 'system-root' } };
  },
};
