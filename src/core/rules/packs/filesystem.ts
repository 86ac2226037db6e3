/**
 * Deleting, overwriting and wiping files. Judged by what the targets are: the same `rm -rf` is
 * everyday work on `node_modules` and a disaster on `~`.
 */
import { findNamePatterns, findRoots } from '../../shell/extract';
import type { SimpleCommand, Word } from '../../shell/model';
import type { CommandContext, Severity, TargetClass } from '../../types';
import { classifyPath, type ResolvedTarget } from '../paths';
import { type CommandRule, type RuleMatch, type RulePack, spanFromProgram } from '../rule';

/** How bad a recursive delete is, by what it hits. Undefined: not worth a word. */
const RECURSIVE: Readonly<Record<TargetClass, Severity | undefined>> = {
  'system-root': 'critical',
  home: 'critical',
  'workspace-root': 'critical',
  'outside-workspace': 'high',
  'vcs-metadata': 'high',
  'workspace-source': 'high',
  glob: 'high',
  'workspace-unknown': 'medium',
  dynamic: 'medium',
  artifact: undefined,
  temp: undefined,
};

/** How bad deleting a single file is. */
const SINGLE: Readonly<Record<TargetClass, Severity | undefined>> = {
  'system-root': 'critical',
  home: 'high',
  'workspace-root': 'high',
  'outside-workspace': 'medium',
  'vcs-metadata': 'medium',
  'workspace-source': 'low',
  glob: 'low',
  'workspace-unknown': 'low',
  dynamic: 'low',
  artifact: undefined,
  temp: undefined,
};

interface Target {
  word: Word;
  t: ResolvedTarget;
}

function targetsOf(cmd: SimpleCommand, words: readonly Word[], ctx: CommandContext): Target[] {
  return words.map((word) => ({ word, t: classifyPath(word, cmd, ctx) }));
}

/** The worst target under a severity table, or undefined if none matters. */
function worst(targets: readonly Target[], table: Readonly<Record<TargetClass, Severity | undefined>>, bump?: (t: ResolvedTarget) => Severity | null | undefined): { target: Target; severity: Severity } | undefined {
  let best: { target: Target; severity: Severity } | undefined;
  const rank = (s: Severity): number => ['low', 'medium', 'high', 'critical'].indexOf(s);
  for (const target of targets) {
    const b = bump?.(target.t);
    const s = b === null ? undefined : (b ?? table[target.t.cls]);
    if (!s) continue;
    if (!best || rank(s) > rank(best.severity)) best = { target, severity: s };
  }
  return best;
}

function describeMany(targets: readonly Target[]): string {
  const names = targets.filter((x) => x.t.cls !== 'artifact' && x.t.cls !== 'temp').map((x) => x.t.what);
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`;
}

/** Splits rm-style arguments into flags and operands, honouring `--`. */
function splitArgs(args: readonly Word[]): { flags: Set<string>; operands: Word[] } {
  const flags = new Set<string>();
  const operands: Word[] = [];
  let done = false;
  for (const a of args) {
    const v = a.value;
    if (!done && v === '--') {
      done = true;
      continue;
    }
    if (!done && v.startsWith('--') && v.length > 2) flags.add(v.slice(2).split('=')[0]);
    else if (!done && v.startsWith('-') && v.length > 1 && !a.quoted) for (const ch of v.slice(1)) flags.add(ch);
    else operands.push(a);
  }
  return { flags, operands };
}

/** Targets that reach rm through a pipe from `find` (find … | xargs rm). */
function pipedFindTargets(cmd: SimpleCommand): Word[] {
  const prev = cmd.pipeline?.previous ?? [];
  // echo a b | xargs rm: the words are right there.
  if (prev.length === 1 && (prev[0].program === 'echo' || prev[0].program === 'printf') && prev[0].args.every((a) => !a.dynamic)) {
    return prev[0].args.filter((a, i) => !(i === 0 && /^-[neE]+$/.test(a.value))).flatMap((a) => a.value.split(/\s+/).filter(Boolean).map((value) => ({ ...a, value })));
  }
  const find = prev.find((p) => p.program === 'find' || p.program === 'fd');
  if (!find) return [];
  const roots = find.program === 'find' ? findRoots(find.args) : find.args.filter((a) => !a.value.startsWith('-')).slice(1, 2);
  const names = find.program === 'find' ? findNamePatterns(find.args) : [];
  const leaf = names.length === 1 ? names[0] : '*';
  const base = roots.length ? roots : [{ ...find.programWord, value: '.' }];
  return base.map((r) => ({ ...r, value: `${r.value.replace(/\/+$/, '') || '/'}/${leaf}`, glob: true }));
}

/** find … -exec rm {} deletes every match under the roots, which is a recursive delete. */
function viaFind(cmd: SimpleCommand): boolean {
  return cmd.via.some((v) => v.kind === 'find-exec') || (cmd.argsFromStdin === true && pipedFindTargets(cmd).length > 0);
}

/** A path whose last segment has a file extension and no glob. */
function looksLikeFile(t: ResolvedTarget): boolean {
  const last = (t.path ?? t.what).split('/').pop() ?? '';
  return !/[*?[]/.test(last) && /[^./]\.[A-Za-z0-9]{1,8}$/.test(last) && t.cls !== 'system-root' && t.cls !== 'home';
}

function stateBump(t: ResolvedTarget): Severity | undefined {
  return t.stateFile && t.cls === 'workspace-source' ? (/\.tfstate|\.(sqlite3?|db)$/i.test(t.what) ? 'high' : 'medium') : undefined;
}

const rmRecursive: CommandRule = {
  id: 'FS001',
  name: 'recursive-delete',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['rm', 'rimraf', 'del-cli', 'srm', 'gio', 'trash-empty'] }],
  summary: 'Recursively deletes a directory that is not a regenerable build folder or temp directory.',
  rationale:
    'rm -r does not ask and does not use a trash: source, uncommitted work, data or a whole system disappear at once. Bare `rm -r` is as dangerous as `rm -rf`: -f only silences prompts an agent would answer anyway.',
  alternative: 'Delete only what can be regenerated (node_modules, dist, build), or move the folder aside first: `mv DIR DIR.bak`, or use `trash DIR` so it can be restored.',
  examples: {
    fire: ['rm -rf /', 'rm -rf ~', 'rm -r src', 'sudo rm -rf /var/lib/postgresql', 'rm -rf .git', "r''m -rf $HOME", '/bin/rm -Rf ./', 'cd / && rm -rf *', 'rm -rf ~/.ssh', 'npx rimraf src'],
    pass: ['rm -rf node_modules', 'rm -rf dist build .next', 'rm -rf /tmp/build-cache', 'echo "rm -rf /"', 'rm --help', 'rm -rf ~/.cache/pip', 'rm file.txt'],
  },
  check(cmd, { ctx }) {
    const { flags, operands } = splitArgs(cmd.args);
    if (flags.has('help') || flags.has('version')) return undefined;
    const recursive = cmd.program === 'rimraf' || cmd.program === 'del-cli' || flags.has('r') || flags.has('R') || flags.has('recursive') || viaFind(cmd);
    if (!recursive) return undefined;
    const words = cmd.argsFromStdin ? [...operands, ...pipedFindTargets(cmd)] : operands;
    const targets = targetsOf(cmd, words, ctx);
    // -r on a plain file deletes just that file: judge it as one.
    const hit = worst(targets, RECURSIVE, (t) => (looksLikeFile(t) ? (SINGLE[t.cls] ?? null) : undefined));
    if (!hit) {
      if (cmd.argsFromStdin && targets.length === 0) {
        return { severity: 'medium', message: 'Recursively deletes whatever the previous command lists; the targets cannot be seen here.', context: { targetClass: 'dynamic' } };
      }
      return undefined;
    }
    const noPreserve = flags.has('no-preserve-root');
    const severity: Severity = noPreserve ? 'critical' : hit.severity;
    const list = cmd.argsFromStdin && hit.target.t.cls === 'dynamic' ? `whatever the previous command lists (${hit.target.word.raw})` : describeMany(targets);
    return {
      severity,
      span: spanFromProgram(cmd, [hit.target.word]),
      message: `Deletes ${list || hit.target.t.what} and everything under it, with no trash and no undo${cmd.elevated ? ' (as root)' : ''}${cmd.remote ? ' on a remote machine' : ''}.`,
      context: { targetClass: hit.target.t.cls },
    };
  },
};

const rmFiles: CommandRule = {
  id: 'FS002',
  name: 'delete-files',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['rm', 'unlink', 'srm'] }],
  summary: 'Deletes files outside the project, system files, credentials or state files such as terraform.tfstate and .env.',
  rationale: 'A single file can be a private key, the only copy of Terraform state or a system file the machine needs to boot; none of these are in version control.',
  alternative: 'Move the file aside (`mv FILE FILE.bak`) or, for state, use the tool that owns it (`terraform state`).',
  examples: {
    fire: ['rm /etc/passwd', 'rm ~/.ssh/id_rsa', 'rm -f terraform.tfstate', 'sudo unlink /etc/hosts', 'rm /home/dev/notes.txt'],
    pass: ['rm *.pyc', 'rm /tmp/x.log', 'rm -rf node_modules', 'rm -i build.log'],
  },
  check(cmd, { ctx }) {
    const { flags, operands } = splitArgs(cmd.args);
    if (flags.has('r') || flags.has('R') || flags.has('recursive') || flags.has('help') || viaFind(cmd)) return undefined;
    const targets = targetsOf(cmd, operands, ctx);
    const hit = worst(targets, SINGLE, stateBump);
    if (!hit || hit.severity === 'low') return hit ? { severity: 'low', span: spanFromProgram(cmd, [hit.target.word]), message: `Deletes ${describeMany(targets) || hit.target.t.what}.`, context: { targetClass: hit.target.t.cls } } : undefined;
    return {
      severity: hit.severity,
      span: spanFromProgram(cmd, [hit.target.word]),
      message: `Deletes ${hit.target.t.what}${hit.target.t.stateFile ? ', a state or secrets file that is not in version control' : ''}, with no undo.`,
      context: { targetClass: hit.target.t.cls },
    };
  },
};

const findDelete: CommandRule = {
  id: 'FS003',
  name: 'find-delete',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['find'], subcommands: ['-delete'] }],
  summary: 'Deletes everything a find expression matches under a directory that is not regenerable.',
  rationale: 'find -delete removes every match at once, recursively; a loose pattern or a wrong root deletes source or system files.',
  alternative: 'Run the same find with -print first and read the list, narrow it with -name, or delete only build output.',
  examples: {
    fire: ['find . -type f -delete', 'find / -name "*.conf" -delete', 'find src -name "*.ts" -delete', 'sudo find ~ -delete'],
    pass: ['find . -name "*.pyc" -delete', 'find /tmp -mtime +7 -delete', 'find . -name "*.ts" -print', 'find node_modules -delete'],
  },
  check(cmd, { ctx }) {
    if (!cmd.args.some((a) => a.value === '-delete')) return undefined;
    const roots = findRoots(cmd.args);
    const names = findNamePatterns(cmd.args);
    const leaf = names.length === 1 ? names[0] : '*';
    const base = roots.length ? roots : [{ ...cmd.programWord, value: '.' }];
    const words = base.map((r) => ({ ...r, value: `${r.value.replace(/\/+$/, '') || '/'}/${leaf}`, glob: true }));
    const targets = targetsOf(cmd, words, ctx);
    const rootTargets = targetsOf(cmd, base, ctx);
    const rootHit = worst(rootTargets, RECURSIVE);
    // Even "just the logs" is system data when the search starts at a system or home root.
    const hit = worst(targets, RECURSIVE) ?? (rootHit && (rootHit.target.t.cls === 'system-root' || rootHit.target.t.cls === 'home') ? { target: rootHit.target, severity: 'high' as Severity } : undefined);
    if (!hit) return undefined;
    const severity = names.length ? hit.severity : (rootHit?.severity ?? hit.severity);
    const filter = names.length ? ` matching ${names.join(' or ')}` : '';
    return {
      severity,
      span: spanFromProgram(cmd, cmd.args.filter((a) => a.value === '-delete')),
      message: `Deletes every file${filter} under ${rootHit?.target.t.what ?? base.map((b) => b.value).join(', ')}, with no undo.`,
      context: { targetClass: hit.target.t.cls },
    };
  },
};

const DEVICE = /^\/dev\/(sd[a-z]|nvme\d|hd[a-z]|vd[a-z]|xvd[a-z]|mmcblk\d|disk\d|md\d|dm-\d|mapper\/|loop\d|rdisk\d)/;

const wipeDevice: CommandRule = {
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

const OVERWRITE: Readonly<Record<TargetClass, Severity | undefined>> = { ...SINGLE, 'workspace-source': 'medium', glob: 'medium', 'workspace-unknown': 'medium' };

const shredTruncate: CommandRule = {
  id: 'FS005',
  name: 'shred-or-truncate',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['shred', 'truncate'] }],
  summary: 'Destroys the contents of files in place: shred overwrites them, truncate -s 0 empties them.',
  rationale: 'Unlike rm, shred makes recovery impossible even from the disk; truncating a database or state file loses its data while the file looks fine.',
  alternative: 'Delete regenerable files instead, or copy the file away first (`cp FILE FILE.bak`).',
  examples: {
    fire: ['shred -u ~/.ssh/id_ed25519', 'truncate -s 0 /var/log/syslog', 'shred -n 3 src/main.go', 'truncate -s 0 data/app.db'],
    pass: ['truncate -s +10M disk.img', 'shred -u /tmp/secret.txt', 'truncate --help', 'truncate -s 0 build/out.log'],
  },
  check(cmd, { ctx }) {
    const { flags, operands } = splitArgs(cmd.args);
    if (flags.has('help')) return undefined;
    let files = operands;
    if (cmd.program === 'truncate') {
      const sizeIdx = cmd.args.findIndex((a) => a.value === '-s' || a.value === '--size' || a.value.startsWith('--size=') || /^-s\S/.test(a.value));
      if (sizeIdx === -1) return undefined;
      const a = cmd.args[sizeIdx];
      const size = a.value.startsWith('--size=') ? a.value.slice(7) : a.value.length > 2 && a.value.startsWith('-s') ? a.value.slice(2) : cmd.args[sizeIdx + 1]?.value ?? '';
      if (!/^(0[KMGkmg]?|-\d|<|\/)/.test(size)) return undefined;
      files = operands.filter((w) => w.value !== size);
    }
    const targets = targetsOf(cmd, files, ctx);
    const hit = worst(targets, OVERWRITE, (t) => stateBump(t) ?? (t.cls === 'system-root' && DEVICE.test(t.path ?? '') ? 'critical' : undefined));
    if (!hit) return undefined;
    const verb = cmd.program === 'shred' ? 'Overwrites' : 'Empties';
    const severity = cmd.program === 'shred' && hit.severity === 'medium' ? 'high' : hit.severity;
    return {
      severity,
      span: spanFromProgram(cmd, [hit.target.word]),
      message: `${verb} ${hit.target.t.what} so its contents cannot be recovered.`,
      context: { targetClass: hit.target.t.cls },
    };
  },
};

const moveAway: CommandRule = {
  id: 'FS006',
  name: 'move-destroys',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['mv'] }],
  summary: 'Moves a system directory, a home directory or a repository\'s .git away, or moves files into /dev/null.',
  rationale: 'Moving /etc or ~ breaks the machine or the user\'s session as surely as deleting them; mv into /dev/null destroys the file.',
  alternative: 'Copy instead of moving (`cp -a`), or rename inside the project where it can be moved back.',
  examples: {
    fire: ['mv ~ /tmp/old-home', 'sudo mv /etc /etc.old', 'mv .git /tmp/git-backup', 'mv important.db /dev/null'],
    pass: ['mv src/a.ts src/b.ts', 'mv build dist', 'mv ~/Downloads/file.zip .', 'mv --help'],
  },
  check(cmd, { ctx }) {
    const { flags, operands } = splitArgs(cmd.args);
    if (flags.has('help') || operands.length < 2) return undefined;
    const dest = operands[operands.length - 1];
    if (dest.value === '/dev/null') {
      return { severity: 'high', span: spanFromProgram(cmd, [dest]), message: `Moves ${operands.slice(0, -1).map((w) => w.value).join(', ')} into /dev/null, which destroys it.` };
    }
    // Moving a file out of a folder is everyday work; moving the folder itself is not.
    const sources = targetsOf(cmd, operands.slice(0, -1), ctx).filter((x) => x.t.cls !== 'home' || x.t.what.includes('credentials') || x.t.what === 'your home directory');
    const hit = worst(sources, { ...RECURSIVE, 'workspace-source': undefined, 'outside-workspace': undefined, glob: undefined, 'workspace-unknown': undefined, dynamic: undefined, 'vcs-metadata': 'medium' });
    if (!hit) return undefined;
    return {
      severity: hit.severity,
      span: spanFromProgram(cmd, [hit.target.word]),
      message: `Moves ${hit.target.t.what} away; whatever relies on it (the system, your session, the repository) breaks.`,
      context: { targetClass: hit.target.t.cls },
    };
  },
};

const WIDE_MODE = /^(0?777|0?666|a\+[rwx]*w[rwx]*|o\+[rwx]*w[rwx]*|ugo\+[rwx]*w[rwx]*|\+w|0?000|a-[rwx]+|ugo-[rwx]+)$/;

const permissions: CommandRule = {
  id: 'FS007',
  name: 'recursive-permissions',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['chmod', 'chown', 'chgrp'] }],
  summary: 'Recursively opens up (777, o+w) or locks down (000) permissions, or changes ownership, of system, home or project trees.',
  rationale: 'chmod -R 777 exposes every file (keys included) to every user and breaks tools that check permissions, like ssh and sudo; chown -R on a system tree can make a machine unbootable. Neither is easy to undo file by file.',
  alternative: 'Change the one file or folder that needs it, with the narrowest mode (`chmod u+x script.sh`, `chmod 600 key`).',
  examples: {
    fire: ['chmod -R 777 /', 'sudo chown -R dev:dev /usr', 'chmod -R 777 ~', 'chmod -R a+rwx .', 'chmod -R 000 /etc'],
    pass: ['chmod +x scripts/build.sh', 'chmod 600 ~/.ssh/id_ed25519', 'chmod -R 755 dist', 'chown -R dev node_modules', 'chmod -R u+w src'],
  },
  check(cmd, { ctx }) {
    const { flags, operands } = splitArgs(cmd.args);
    const recursive = flags.has('R') || flags.has('recursive');
    if (!recursive || operands.length < 2) return undefined;
    const mode = operands[0];
    const targets = targetsOf(cmd, operands.slice(1), ctx);
    if (cmd.program === 'chmod' && !WIDE_MODE.test(mode.value)) return undefined;
    const table: Readonly<Record<TargetClass, Severity | undefined>> =
      cmd.program === 'chmod'
        ? { ...RECURSIVE, 'workspace-source': 'medium', 'workspace-root': 'medium', glob: 'medium', 'vcs-metadata': 'medium', 'workspace-unknown': 'low', dynamic: 'medium' }
        : { ...RECURSIVE, 'workspace-source': undefined, 'workspace-root': undefined, glob: undefined, 'vcs-metadata': undefined, 'workspace-unknown': undefined, dynamic: 'low', 'outside-workspace': 'medium' };
    const hit = worst(targets, table);
    if (!hit) return undefined;
    const what = cmd.program === 'chmod' ? `Sets mode ${mode.value} on every file under` : `Changes the owner of every file under`;
    return { severity: hit.severity, span: spanFromProgram(cmd, [mode, hit.target.word]), message: `${what} ${hit.target.t.what}.`, context: { targetClass: hit.target.t.cls } };
  },
};

const rsyncDelete: CommandRule = {
  id: 'FS008',
  name: 'sync-delete',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['rsync'], subcommands: ['--delete', '--delete-before', '--delete-after', '--delete-during', '--delete-delay', '--delete-excluded', '--del', '--remove-source-files'] }],
  summary: 'rsync with --delete removes every file in the destination that is not in the source.',
  rationale: 'A wrong or empty source turns --delete into a recursive delete of the destination.',
  alternative: 'Run with --dry-run first and read the list of deletions, or sync without --delete.',
  examples: {
    fire: ['rsync -a --delete src/ ~/', 'rsync -av --delete ./empty/ /var/www/', 'rsync -a --delete backup/ src/'],
    pass: ['rsync -a src/ backup/', 'rsync -a --delete --dry-run src/ ~/backup/', 'rsync -a --delete public/ dist/'],
  },
  check(cmd, { ctx }) {
    const { flags, operands } = splitArgs(cmd.args);
    if (flags.has('dry-run') || flags.has('n') || operands.length < 2) return undefined;
    const dest = operands[operands.length - 1];
    if (/^[\w.-]+@?[\w.-]*:/.test(dest.value)) {
      return { severity: 'medium', span: spanFromProgram(cmd, [dest]), message: `Deletes every file on ${dest.value} that is not in the source.`, context: { scope: ['remote'] } };
    }
    if (flags.has('remove-source-files')) return undefined;
    const t = classifyPath(dest, cmd, ctx);
    const s = RECURSIVE[t.cls];
    if (!s) return undefined;
    return { severity: s, span: spanFromProgram(cmd, [dest]), message: `Deletes every file in ${t.what} that is not in the source.`, context: { targetClass: t.cls } };
  },
};

/** File-deleting calls of interpreter one-liners, with their first string argument. */
const INTERPRETER_DELETE = /\b(shutil\.rmtree|os\.remove|os\.unlink|os\.rmdir|os\.removedirs|\.unlink|\.rmdir|rmSync|rmdirSync|unlinkSync|fs\.rm|fs\.rmdir|fs\.unlink|fsp?\.rm|rimraf(?:\.sync)?|remove_tree|rmtree|unlink|FileUtils\.rm_rf|FileUtils\.rm_r|FileUtils\.remove_dir|FileUtils\.rm|File\.delete|Dir\.delete|Deno\.remove|Bun\.file|rm_rf)\s*\(?\s*(?:(['"`])((?:\\.|(?!\2)[^\\]){0,500})\2)?/g;

const interpreterDelete: CommandRule = {
  id: 'FS009',
  name: 'interpreter-delete',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['python', 'python2', 'python3', 'pypy', 'pypy3', 'node', 'nodejs', 'bun', 'deno', 'perl', 'ruby', 'php'] }],
  summary: 'A one-line script (python -c, node -e, perl -e, ruby -e) that deletes files or directories.',
  rationale: 'Interpreter one-liners reach the same deletions as rm without looking like rm; an agent may use them when rm is blocked.',
  alternative: 'Use rm on the exact paths so the deletion can be checked, or limit the script to build output.',
  examples: {
    fire: [
      `python3 -c "import shutil; shutil.rmtree('/home/dev')"`,
      `node -e "require('node:fs').rmSync('src', {recursive: true, force: true})"`,
      `perl -e 'use File::Path; remove_tree("/var/www")'`,
      `ruby -e 'require "fileutils"; FileUtils.rm_rf(Dir.home)'`,
    ],
    pass: [`python3 -c "print('shutil.rmtree is dangerous')"`, `node -e "require('node:fs').rmSync('dist', {recursive: true})"`, 'python3 script.py', `python3 -c "import shutil; shutil.rmtree('/tmp/x')"`],
  },
  check(cmd, { ctx }) {
    const code = interpreterText(cmd);
    if (!code) return undefined;
    INTERPRETER_DELETE.lastIndex = 0;
    const text = code.value.slice(0, 16 * 1024);
    let best: RuleMatch | undefined;
    let m: RegExpExecArray | null;
    let guard = 0;
    const rank = (s?: Severity): number => ['low', 'medium', 'high', 'critical'].indexOf(s ?? 'low');
    while ((m = INTERPRETER_DELETE.exec(text)) && guard++ < 20) {
      // A call named inside a string literal (print('rmtree')) is data, not a call.
      if (insideString(text, m.index)) continue;
      const fn = m[1];
      const recursive = /rmtree|rm_rf|rm_r|remove_tree|rimraf|rmSync|remove_dir|Dir\.delete|Deno\.remove|fs\.rm\b|fsp?\.rm\b/.test(fn);
      let severity: Severity | undefined;
      let what: string;
      if (m[3] !== undefined) {
        const t = classifyPath({ ...code, value: m[3], dynamic: false, glob: /[*?]/.test(m[3]), quoted: false, raw: m[3] }, cmd, ctx);
        severity = (recursive ? RECURSIVE : SINGLE)[t.cls];
        what = t.what;
      } else {
        severity = recursive ? 'high' : 'medium';
        what = /home|expanduser|homedir|Dir\.home|HOME/.test(text.slice(m.index, m.index + 200)) ? 'your home directory' : 'a path computed by the script';
        if (what === 'your home directory') severity = 'critical';
      }
      if (!severity) continue;
      if (!best || rank(severity) > rank(best.severity)) {
        best = { severity, span: code.span, message: `The ${cmd.program} one-liner ${recursive ? 'recursively deletes' : 'deletes'} ${what} (${fn}).` };
      }
    }
    return best;
  },
};

function interpreterText(cmd: SimpleCommand): Word | undefined {
  const flags = cmd.program.startsWith('node') || cmd.program === 'bun' ? ['-e', '--eval', '-p', '--print'] : cmd.program === 'deno' ? ['eval'] : cmd.program === 'php' ? ['-r'] : ['-c', '-e', '-E'];
  for (let i = 0; i < cmd.args.length; i++) {
    if (flags.includes(cmd.args[i].value)) return cmd.args[i + 1];
    if (!cmd.args[i].value.startsWith('-')) break;
  }
  if (cmd.stdinText !== undefined && !cmd.args.some((a) => !a.value.startsWith('-') || a.value === '-')) return undefined;
  if (cmd.stdinText !== undefined) return { value: cmd.stdinText, raw: cmd.stdinText, span: cmd.stdinSpan ?? cmd.span, dynamic: false, glob: false, quoted: true };
  return undefined;
}

/** True if position `at` of a script is inside a string literal (single, double or backtick). */
function insideString(text: string, at: number): boolean {
  let q: string | undefined;
  for (let i = 0; i < at && i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '\\') i++;
      else if (c === q) q = undefined;
    } else if (c === '"' || c === "'" || c === '`') q = c;
  }
  return q !== undefined;
}

/** Remove-Item parameters that take no value. */
const PWSH_SWITCHES = ['recurse', 'force', 'whatif', 'confirm', 'verbose', 'debug', 'confirm:$false'];

/** PowerShell switch names match any unambiguous prefix. */
function hasSwitch(cmd: SimpleCommand, name: string, min = 1): Word | undefined {
  return cmd.args.find((a) => {
    const v = a.value.toLowerCase();
    if (!v.startsWith('-')) return false;
    const n = v.slice(1).split(':')[0];
    return n.length >= min && name.startsWith(n);
  });
}

const windowsDelete: CommandRule = {
  id: 'FS010',
  name: 'windows-recursive-delete',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['remove-item', 'rd', 'rmdir', 'del', 'erase'] }],
  summary: 'PowerShell Remove-Item -Recurse or cmd.exe rd /s and del /s on folders that are not build output.',
  rationale: 'These are the Windows forms of rm -rf: recursive, no recycle bin, no prompt with -Force or /q.',
  alternative: 'Delete only build output, or move the folder aside (`Move-Item DIR DIR.bak`); use -WhatIf to preview.',
  examples: {
    fire: ['pwsh -Command "Remove-Item -Recurse -Force C:\\"', 'pwsh -c "rm -r -fo $env:USERPROFILE"', 'cmd /c rd /s /q C:\\Users', 'cmd /c "del /s /q src"'],
    pass: ['pwsh -c "Remove-Item -Recurse -Force node_modules"', 'pwsh -c "Remove-Item -Recurse src -WhatIf"', 'cmd /c rd /s /q dist', 'pwsh -c "Remove-Item file.txt"'],
  },
  check(cmd, { ctx }) {
    if (cmd.dialect === 'posix') return undefined;
    let recursive: boolean;
    let operands: Word[];
    if (cmd.dialect === 'pwsh') {
      if (hasSwitch(cmd, 'whatif', 2)) return undefined;
      recursive = !!hasSwitch(cmd, 'recurse', 1);
      operands = [];
      for (let i = 0; i < cmd.args.length; i++) {
        const v = cmd.args[i].value.toLowerCase();
        if (!v.startsWith('-')) {
          operands.push(cmd.args[i]);
          continue;
        }
        const n = v.slice(1).split(':')[0];
        if (PWSH_SWITCHES.some((x) => x.startsWith(n))) continue;
        // Any other named parameter takes a value; -Path and -LiteralPath name what is deleted.
        const value = cmd.args[i + 1];
        i++;
        if (value && (n === 'lp' || n === 'pspath' || (n.length >= 1 && ('path'.startsWith(n) || 'literalpath'.startsWith(n))))) operands.push(value);
      }
    } else {
      const sw = cmd.args.filter((a) => a.value.startsWith('/')).map((a) => a.value.toLowerCase());
      recursive = sw.includes('/s');
      operands = cmd.args.filter((a) => !a.value.startsWith('/') || /^\/[^/]{2,}/.test(a.value));
      if (!recursive && (cmd.program === 'rd' || cmd.program === 'rmdir')) return undefined;
    }
    const targets = targetsOf(cmd, operands, ctx);
    const hit = worst(targets, recursive ? RECURSIVE : SINGLE);
    if (!hit || (!recursive && hit.severity === 'low')) return undefined;
    return {
      severity: hit.severity,
      span: spanFromProgram(cmd, [hit.target.word]),
      message: `${recursive ? 'Recursively deletes' : 'Deletes'} ${hit.target.t.what}${recursive ? ' and everything under it' : ''}, bypassing the Recycle Bin.`,
      context: { targetClass: hit.target.t.cls },
    };
  },
};

const windowsFormat: CommandRule = {
  id: 'FS011',
  name: 'windows-format-disk',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['format', 'format-volume', 'clear-disk', 'initialize-disk', 'remove-partition', 'diskpart'] }],
  summary: 'Formats or wipes a Windows volume or disk: format, Format-Volume, Clear-Disk, Remove-Partition, diskpart.',
  rationale: 'Each of these erases a whole volume or disk.',
  alternative: 'Do disk maintenance by hand in Disk Management, never from an agent session.',
  examples: {
    fire: ['cmd /c format D: /q', 'pwsh -c "Format-Volume -DriveLetter D"', 'pwsh -c "Clear-Disk -Number 1 -RemoveData"', 'pwsh -c "Get-Disk 1 | Clear-Disk -RemoveData"'],
    pass: ['pwsh -c "Get-Volume"', 'cmd /c dir D:', 'pwsh -c "Get-Disk"', 'pwsh -c "Format-Table"'],
  },
  check(cmd) {
    if (cmd.dialect === 'posix') return undefined;
    if (cmd.program === 'format' && cmd.dialect === 'cmd' && !cmd.args.some((a) => /^[a-z]:$/i.test(a.value))) return undefined;
    return { span: cmd.span, message: `${cmd.programWord.value} erases a whole volume or disk.`, context: { targetClass: 'system-root' } };
  },
};

export const filesystemPack: RulePack = {
  name: 'filesystem',
  description: 'Deleting, overwriting and wiping files, judged by what the targets are.',
  rules: [rmRecursive, rmFiles, findDelete, wipeDevice, shredTruncate, moveAway, permissions, rsyncDelete, interpreterDelete, windowsDelete, windowsFormat],
};
