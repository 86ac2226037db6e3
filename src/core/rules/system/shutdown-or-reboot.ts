import type { SimpleCommand, Word } from '../../shell/model';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { operands, systemctlCall } from './helpers';

// ---------------------------------------------------------------------------------------------
// SYS001

const SYSTEMCTL_HALTS: Readonly<Record<string, string>> = {
  poweroff: 'powers the machine off',
  reboot: 'reboots the machine',
  halt: 'halts the machine',
  kexec: 'reboots the machine into a new kernel (kexec)',
  'soft-reboot': 'restarts the whole userspace (soft-reboot)',
  rescue: 'switches the machine to rescue mode',
  emergency: 'switches the machine to emergency mode',
};

const HALT_TARGETS = /^(rescue|emergency|poweroff|reboot|halt|kexec|runlevel[016])(\.target)?$/;

/**
 * Flags that skip the orderly stop: `reboot`/`halt`/`poweroff` `-f` (straight to the kernel, no
 * service stopped) and `-n` (no disk sync); systemctl's and loginctl's `--force` and
 * `-i`/`--ignore-inhibitors` (over the locks other users and programs hold); Windows
 * `shutdown /f` (closes programs without saving) and `/p` (off now, no warning); PowerShell's
 * `-Force`. A short-flag cluster counts too (`reboot -ff`).
 */
function forcedBy(cmd: SimpleCommand, short: string): boolean {
  return cmd.args.some((w) => {
    const a = w.value;
    if (/^--(force|no-sync|ignore-inhibitors)$|^--check-inhibitors=no$/.test(a)) return true;
    if (/^-force$/i.test(a)) return cmd.program.endsWith('-computer');
    if (/^\/[fp]$/i.test(a)) return cmd.program === 'shutdown';
    return /^-[a-zA-Z]+$/.test(a) && [...a.slice(1)].some((c) => short.includes(c));
  });
}

/** Short flags that force a stop, per program (`shutdown -n` is sysvinit's "kill them yourself"). */
const FORCE_SHORT: Readonly<Record<string, string>> = { reboot: 'fn', halt: 'fn', poweroff: 'fn', shutdown: 'fn', systemctl: 'fi', loginctl: 'i' };

function shutdown(cmd: SimpleCommand): RuleMatch | undefined {
  const args = cmd.args.map((a) => a.value);
  // A graceful stop asks every service to stop and flushes the disks: a warning. One that skips
  // that (forced) can lose data and leave a remote machine unreachable: the gate.
  const forced = forcedBy(cmd, FORCE_SHORT[cmd.program] ?? '');
  const say = (what: string, words: Word[] = []): RuleMatch => ({
    severity: forced ? 'high' : 'medium',
    message: `${what}${forced ? ' at once, without stopping services cleanly' : ''}, ending every session, build and service on ${cmd.remote ? 'the remote machine' : 'this machine'}.`,
    span: spanFromProgram(cmd, words),
  });
  switch (cmd.program) {
    case 'shutdown': {
      if (args.some((a) => /^(-c|--cancel|-k|--help|\/a|-a|\/\?|--show)$/i.test(a))) return undefined;
      const reboot = args.some((a) => /^(-r|--reboot|\/r|\/g)$/i.test(a));
      return say(reboot ? 'reboots the machine' : 'shuts the machine down');
    }
    case 'reboot':
    case 'halt':
    case 'poweroff':
      if (args.some((a) => /^(--help|-w|--wtmp-only)$/.test(a))) return undefined;
      return say(cmd.program === 'reboot' ? 'reboots the machine' : cmd.program === 'halt' ? 'halts the machine' : 'powers the machine off');
    case 'init':
    case 'telinit': {
      const level = operands(cmd)[0];
      if (!level || !/^[016sS]$/.test(level.value)) return undefined;
      return say(level.value === '6' ? 'reboots the machine (runlevel 6)' : level.value === '0' ? 'halts the machine (runlevel 0)' : 'drops the machine to single-user mode', [level]);
    }
    case 'systemctl': {
      const { verb, units } = systemctlCall(cmd);
      if (!verb) return undefined;
      const what = SYSTEMCTL_HALTS[verb.value];
      if (what) return say(what, [verb]);
      if (verb.value === 'isolate' && units[0] && HALT_TARGETS.test(units[0].value)) return say(`isolates ${units[0].value}, stopping every other service`, [verb, units[0]]);
      return undefined;
    }
    case 'loginctl': {
      const verb = operands(cmd)[0];
      if (verb && ['poweroff', 'reboot', 'halt'].includes(verb.value)) return say(SYSTEMCTL_HALTS[verb.value], [verb]);
      return undefined;
    }
    case 'stop-computer':
    case 'restart-computer':
      return say(cmd.program === 'stop-computer' ? 'shuts the computer down' : 'restarts the computer');
  }
  return undefined;
}

export const shutdownOrReboot: CommandRule = {
  id: 'SYS001',
  name: 'shutdown-or-reboot',
  category: 'system',
  severity: 'high',
  triggers: [
    { programs: ['shutdown', 'reboot', 'halt', 'poweroff', 'init', 'telinit', 'stop-computer', 'restart-computer'] },
    { programs: ['systemctl'], subcommands: ['poweroff', 'reboot', 'halt', 'kexec', 'soft-reboot', 'rescue', 'emergency', 'isolate'] },
    { programs: ['loginctl'], subcommands: ['poweroff', 'reboot', 'halt'] },
  ],
  summary: 'Shuts down, reboots or halts the machine, or drops it to rescue/single-user mode: a warning when it stops services in order, the gate when it is forced.',
  rationale: 'On a shared or remote machine this ends every user’s session, running jobs and unsaved work, and a remote machine that does not come back needs someone with console access. A forced stop (`reboot -f`, `systemctl poweroff --force`, `shutdown /f`) skips stopping services and can lose what they had not written yet.',
  alternative: 'Restart only the service that needs it (`systemctl restart <unit>`), or schedule the reboot with a delay and tell a human (`shutdown -r +10`).',
  examples: {
    fire: ['sudo reboot', 'shutdown -h now', 'systemctl poweroff', 'init 6', 'ssh build-box sudo shutdown -r now', 'reboot -f', 'systemctl reboot --force', 'shutdown /s /f /t 0'],
    pass: ['shutdown -c', 'sudo shutdown --cancel', 'shutdown /a', 'systemctl restart nginx', 'systemctl status', 'uptime', 'last reboot'],
  },
  check: shutdown,
};
