import type { SimpleCommand, Word } from '../../shell/model';
import { shown } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';

// ---------------------------------------------------------------------------------------------
// SYS017: removing packages the operating system itself runs on

/**
 * Packages the system cannot boot, log in, run a shell or manage packages without, by their
 * names on Debian/Ubuntu, Fedora/RHEL, Arch, Alpine and SUSE. Prefixes end in `*`.
 */
const ESSENTIAL: readonly string[] = [
  'libc6', 'libc-bin', 'glibc', 'glibc-common', 'musl', 'systemd', 'systemd-sysv', 'systemd-libs', 'init', 'sysvinit-core', 'openrc', 'dbus', 'udev',
  'bash', 'dash', 'coreutils', 'util-linux', 'findutils', 'grep', 'sed', 'tar', 'gzip', 'diffutils', 'base-files', 'base-passwd', 'busybox', 'alpine-base', 'filesystem',
  'login', 'passwd', 'shadow', 'shadow-utils', 'sudo', 'pam', 'libpam0g', 'libpam-modules', 'libpam-runtime', 'openssh-server', 'openssh', 'sshd',
  'apt', 'dpkg', 'rpm', 'dnf', 'yum', 'pacman', 'apk-tools', 'zypper', 'libzypp', 'debconf', 'python3', 'python3-minimal', 'libpython3*', 'perl-base',
  'linux-image-*', 'linux-generic', 'linux-firmware', 'kernel', 'kernel-core', 'linux', 'linux-lts', 'grub*', 'shim-signed', 'initramfs-tools', 'dracut', 'mkinitcpio',
  'network-manager', 'NetworkManager', 'netplan.io', 'ifupdown', 'iproute2', 'ca-certificates', 'openssl', 'libssl*', 'base', 'ubuntu-minimal', 'ubuntu-standard', 'ubuntu-desktop', 'gnome-shell', 'xorg', 'xserver-xorg-core',
];

const isEssential = (name: string): boolean => {
  const n = name.replace(/[:=].*$/, '').replace(/\.(x86_64|aarch64|i686|noarch|amd64|arm64)$/, '');
  return ESSENTIAL.some((e) => (e.endsWith('*') ? n.startsWith(e.slice(0, -1)) : n === e));
};

interface Removal {
  verb: Word;
  packages: Word[];
  /** Flags that remove even what the package manager protects (`--allow-remove-essential`, `--nodeps`, `-dd`). */
  forced: Word[];
}

function removal(cmd: SimpleCommand): Removal | undefined {
  const a = cmd.args;
  const pos = a.filter((w) => !w.value.startsWith('-'));
  const flags = a.filter((w) => w.value.startsWith('-'));
  const forcedBy = (re: RegExp): Word[] => flags.filter((w) => re.test(w.value));
  switch (cmd.program) {
    case 'apt':
    case 'apt-get':
    case 'aptitude': {
      const verb = pos[0];
      if (!verb || !/^(remove|purge|autoremove|autopurge)$/.test(verb.value)) return undefined;
      return { verb, packages: pos.slice(1), forced: forcedBy(/^--allow-remove-essential$|^--force-yes$/) };
    }
    case 'dpkg': {
      const at = a.findIndex((w) => /^(-r|-P|--remove|--purge)$/.test(w.value));
      if (at === -1) return undefined;
      return { verb: a[at], packages: a.slice(at + 1).filter((w) => !w.value.startsWith('-')), forced: forcedBy(/^--force-(remove-essential|depends|all)$/) };
    }
    case 'dnf':
    case 'dnf5':
    case 'yum':
    case 'microdnf':
    case 'zypper': {
      const verb = pos[0];
      if (!verb || !/^(remove|erase|rm|autoremove)$/.test(verb.value)) return undefined;
      return { verb, packages: pos.slice(1), forced: forcedBy(/^--(noautoremove|setopt=protected_packages=|force-resolution)/) };
    }
    case 'rpm': {
      const at = a.findIndex((w) => /^(-e|--erase)$/.test(w.value) || /^-e[a-z]*$/.test(w.value));
      if (at === -1) return undefined;
      return { verb: a[at], packages: pos, forced: forcedBy(/^--nodeps$/) };
    }
    case 'pacman': {
      const verb = flags.find((w) => /^-R[a-z]*$/.test(w.value) || w.value === '--remove');
      if (!verb) return undefined;
      return { verb, packages: pos, forced: /dd/.test(verb.value) || flags.some((w) => w.value === '--nodeps') ? [verb] : [] };
    }
    case 'apk': {
      const verb = pos[0];
      if (verb?.value !== 'del') return undefined;
      return { verb, packages: pos.slice(1), forced: forcedBy(/^--force(-broken-world)?$/) };
    }
    case 'snap': {
      const verb = pos[0];
      if (verb?.value !== 'remove') return undefined;
      return { verb, packages: pos.slice(1).filter((w) => /^(core\d*|snapd|bare)$/.test(w.value)), forced: [] };
    }
  }
  return undefined;
}

export const essentialPackageRemove: CommandRule = {
  id: 'SYS017',
  name: 'essential-package-remove',
  category: 'system',
  severity: 'critical',
  triggers: [
    { programs: ['apt', 'apt-get', 'aptitude'], subcommands: ['remove', 'purge', 'autoremove', 'autopurge'] },
    { programs: ['dpkg'], subcommands: ['-r', '-P', '--remove', '--purge'] },
    { programs: ['dnf', 'dnf5', 'yum', 'microdnf', 'zypper'], subcommands: ['remove', 'erase', 'rm', 'autoremove'] },
    { programs: ['rpm', 'pacman'] },
    { programs: ['apk'], subcommands: ['del'] },
    { programs: ['snap'], subcommands: ['remove'] },
  ],
  summary: 'Removes packages the operating system runs on (libc, systemd, the kernel, the boot loader, the package manager, sudo, the SSH server, the login stack), or forces a removal past the package manager\'s protection (`--allow-remove-essential`, `rpm -e --nodeps`, `pacman -Rdd`).',
  rationale: 'Without these the machine may not boot, nobody can log in or become root, or the package manager itself is gone and cannot put them back; the package manager protects them for that reason, and forcing past it removes the safety net.',
  alternative: 'Remove the one package you mean without its dependants (`apt-get remove --simulate` first), and leave the C library, init, kernel, boot loader, sudo and the package manager alone.',
  examples: {
    fire: ['sudo apt-get remove -y libc6', 'apt purge openssh-server', 'dnf remove systemd', 'rpm -e --nodeps glibc', 'pacman -Rdd linux', 'apt-get remove --allow-remove-essential coreutils', 'apk del musl'],
    pass: ['apt-get remove -y htop', 'dnf remove nginx', 'apt install openssh-server', 'pacman -R vim', 'rpm -qa', 'apt-get autoremove'],
  },
  check(cmd): RuleMatch | undefined {
    const r = removal(cmd);
    if (!r) return undefined;
    if (cmd.args.some((a) => /^(-s|--simulate|--dry-run|--just-print|--no-act|--recon|--assumeno|--test)$/.test(a.value))) return undefined;
    // snap's base snaps (core, core22, snapd) are what every other snap runs on; removal() keeps only those.
    const hit = r.packages.filter((w) => !w.dynamic && (cmd.program === 'snap' || isEssential(w.value)));
    if (!hit.length && !r.forced.length) return undefined;
    const list = hit.slice(0, 4).map((w) => shown(w.value, 30)).join(', ');
    return {
      severity: hit.length && r.forced.length ? 'critical' : 'high',
      message: hit.length
        ? `${cmd.program} ${r.verb.value} removes ${list}${hit.length > 4 ? ` and ${hit.length - 4} more` : ''}, which the operating system itself depends on: the machine may not boot, let anyone log in, or be able to reinstall ${hit.length > 1 ? 'them' : 'it'}${r.forced.length ? `; ${r.forced.map((w) => w.value).join(' ')} removes ${hit.length > 1 ? 'them' : 'it'} past the package manager's protection` : ''}.`
        : `${cmd.program} ${r.verb.value} with ${r.forced.map((w) => w.value).join(' ')} removes packages past the package manager's protection of essential and depended-on packages: whatever relies on them breaks.`,
      span: spanFromProgram(cmd, [r.verb, ...hit, ...r.forced]),
      context: { targetClass: 'system-root' },
    };
  },
};
