import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { shown } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';

// ---------------------------------------------------------------------------------------------
// SYS018: installs that override the system package manager's protection, and forced upgrades

interface Override {
  severity: Severity;
  what: string;
  words: Word[];
}

const has = (args: readonly Word[], re: RegExp): Word[] => args.filter((a) => re.test(a.value));

/** `pip …`, `pip3 …`, `python -m pip …`, `uv pip …`: the words after pip. */
function pipArgs(cmd: SimpleCommand): Word[] | undefined {
  if (/^pip(\d(\.\d+)?)?$/.test(cmd.program)) return cmd.args;
  if (/^(python[\d.]*|py)$/.test(cmd.program)) {
    const m = cmd.args.findIndex((a) => a.value === '-m');
    return m !== -1 && cmd.args[m + 1]?.value === 'pip' ? cmd.args.slice(m + 2) : undefined;
  }
  if (cmd.program === 'uv' && cmd.args[0]?.value === 'pip') return cmd.args.slice(1);
  return undefined;
}

function override(cmd: SimpleCommand): Override | undefined {
  const pip = pipArgs(cmd);
  if (pip) {
    const verb = pip.find((a) => !a.value.startsWith('-'));
    if (verb?.value === 'config' && pip.some((a) => /break-system-packages/.test(a.value)) && pip.some((a) => /^(true|1|yes|on)$/i.test(a.value) || /=(true|1|yes|on)$/i.test(a.value))) {
      return { severity: 'medium', what: 'turns off, for every later pip install, the protection that keeps pip from changing the packages the operating system installed (break-system-packages)', words: [verb] };
    }
    if (verb?.value !== 'install' && verb?.value !== 'uninstall' && verb?.value !== 'sync') return undefined;
    const flag = has(pip, /^--break-system-packages$/);
    const env = cmd.assignments.find((a) => a.name === 'PIP_BREAK_SYSTEM_PACKAGES' && /^(1|true|yes|on)$/i.test(a.value.value));
    if (flag.length || env) return { severity: 'medium', what: `pip ${verb.value} with ${flag.length ? '--break-system-packages' : 'PIP_BREAK_SYSTEM_PACKAGES'} changes the Python packages the operating system manages: system tools that import them can break, and the package manager no longer knows what is installed`, words: [verb, ...flag] };
    return undefined;
  }
  switch (cmd.program) {
    case 'dpkg': {
      const f = has(cmd.args, /^--force-(all|overwrite|overwrite-dir|depends|breaks|conflicts|downgrade|remove-essential)$/);
      const install = cmd.args.some((a) => /^(-i|--install|--unpack)$/.test(a.value));
      return f.length && install ? { severity: 'medium', what: `dpkg installs with ${f.map((w) => w.value).join(' ')}: files of other packages are overwritten or dependencies are ignored, and the package database no longer matches the disk`, words: f } : undefined;
    }
    case 'apt':
    case 'apt-get': {
      const verb = cmd.args.find((a, i) => !a.value.startsWith('-') && !/^(-o|--option|-c|--config-file|-t|--target-release)$/.test(cmd.args[i - 1]?.value ?? ''));
      if (!verb || !/^(install|upgrade|dist-upgrade|full-upgrade|reinstall)$/.test(verb.value)) return undefined;
      const f = has(cmd.args, /^--(allow-downgrades|allow-change-held-packages|allow-remove-essential|force-yes)$|^-o$/).filter((w) => w.value !== '-o');
      const dpkgForce = cmd.args.filter((a, i) => cmd.args[i - 1]?.value === '-o' && /Dpkg::Options::=.*--force-(overwrite|all|depends)/.test(a.value));
      const words = [...f, ...dpkgForce];
      return words.length ? { severity: 'medium', what: `apt ${verb.value} with ${words.map((w) => shown(w.value, 50)).join(' ')} overrides the package manager's protection (held or essential packages, downgrades, overwritten files)`, words: [verb, ...words] } : undefined;
    }
    case 'rpm': {
      const install = cmd.args.some((a) => /^-[iUF][a-z]*$/.test(a.value) || /^--(install|upgrade|freshen)$/.test(a.value));
      const f = has(cmd.args, /^--(force|nodeps|replacefiles|replacepkgs|oldpackage)$/);
      return install && f.length ? { severity: 'medium', what: `rpm installs with ${f.map((w) => w.value).join(' ')}: files of other packages are replaced or dependencies ignored`, words: f } : undefined;
    }
    case 'pacman': {
      const f = cmd.args.filter((a, i) => a.value === '--overwrite' || a.value.startsWith('--overwrite=') || (cmd.args[i - 1]?.value === '--overwrite'));
      const nodeps = has(cmd.args, /^-S[a-z]*d|^--nodeps$/);
      const words = [...f, ...nodeps];
      return words.length && cmd.args.some((a) => /^-S|^-U|^--sync$|^--upgrade$/.test(a.value)) ? { severity: 'medium', what: `pacman installs with ${words.map((w) => shown(w.value, 30)).join(' ')}: files owned by other packages are overwritten or dependency checks skipped`, words } : undefined;
    }
    case 'npm':
    case 'pnpm': {
      const pos = cmd.args.filter((a) => !a.value.startsWith('-'));
      const force = has(cmd.args, /^(--force|-f)$/);
      if (pos[0]?.value === 'audit' && pos[1]?.value === 'fix' && force.length) return { severity: 'medium', what: `${cmd.program} audit fix --force installs whatever versions clear the advisories, major versions with breaking changes included, across the dependency tree`, words: [pos[0], pos[1], ...force] };
      return undefined;
    }
  }
  return undefined;
}

export const packageProtectionOverride: CommandRule = {
  id: 'SYS018',
  name: 'package-protection-override',
  category: 'system',
  severity: 'medium',
  triggers: [
    { programs: ['pip', 'pip3', 'uv'], subcommands: ['--break-system-packages', 'config'] },
    { programs: ['pip', 'pip3', 'python', 'python3', 'uv'], subcommands: ['install', 'uninstall', 'sync'] },
    { programs: ['dpkg'], subcommands: ['--force-all', '--force-overwrite', '--force-overwrite-dir', '--force-depends', '--force-breaks', '--force-conflicts', '--force-downgrade', '--force-remove-essential'] },
    { programs: ['apt', 'apt-get'], subcommands: ['--allow-downgrades', '--allow-change-held-packages', '--allow-remove-essential', '--force-yes', '-o'] },
    { programs: ['rpm'], subcommands: ['--force', '--nodeps', '--replacefiles', '--replacepkgs', '--oldpackage'] },
    { programs: ['pacman'], subcommands: ['--overwrite', '--nodeps', '-Sdd', '-Udd'] },
    { programs: ['npm', 'pnpm'], subcommands: ['audit'] },
  ],
  summary: 'Installs past the system package manager\'s protection (`pip install --break-system-packages`, `dpkg --force-overwrite`, `apt --allow-change-held-packages`, `rpm --nodeps`, `pacman --overwrite`) or forces dependency upgrades across the tree (`npm audit fix --force`).',
  rationale: 'The operating system\'s own tools depend on the packages its manager installed; overwriting them from pip or forcing past held packages and dependency checks can break those tools, and `audit fix --force` jumps major versions of libraries the project was not written for.',
  alternative: 'Install into a virtual environment (`python -m venv`, `pipx`, `uv venv`), resolve the conflicting package instead of forcing past it, and upgrade major versions one at a time with the tests running.',
  examples: {
    fire: ['pip install --break-system-packages requests', 'PIP_BREAK_SYSTEM_PACKAGES=1 pip3 install flask', 'python3 -m pip install --break-system-packages -U pip', 'sudo dpkg -i --force-overwrite pkg.deb', 'apt-get install --allow-change-held-packages kubelet', 'rpm -ivh --nodeps tool.rpm', 'npm audit fix --force'],
    pass: ['pip install requests', 'python3 -m pip install -r requirements.txt', 'dpkg -i pkg.deb', 'apt-get install -y curl', 'npm audit fix', 'rpm -qa'],
  },
  check(cmd): RuleMatch | undefined {
    const o = override(cmd);
    return o ? { severity: o.severity, message: `${o.what}.`, span: spanFromProgram(cmd, o.words) } : undefined;
  },
};
