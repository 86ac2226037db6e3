import { kindName } from '../../plain-text';
import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { shown } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { FIREWALL_UNITS } from './firewall-disable';
import { isOpt, operands, systemctlCall, unitName } from './helpers';
import { SSH_UNITS } from './remote-access-stop';
import { SECURITY_UNITS } from './security-module-disable';

// ---------------------------------------------------------------------------------------------
// SYS016: services stopped, disabled, masked or killed

/** Units other rules judge in detail (security monitors, SSH, firewalls). */
const JUDGED = new Set([...SECURITY_UNITS, ...SSH_UNITS, ...FIREWALL_UNITS]);

/** Units the machine itself needs: stopping them breaks logins, logging, networking or the bus. */
const ESSENTIAL = new Set(['dbus', 'dbus-broker', 'systemd-journald', 'systemd-logind', 'systemd-udevd', 'systemd-networkd', 'systemd-resolved', 'NetworkManager', 'networking', 'network', 'wpa_supplicant', 'polkit', 'getty@tty1', 'systemd-timesyncd', 'chronyd', 'containerd', 'kubelet', 'rsyslog', 'syslog', 'cron', 'crond']);

const VERBS: Readonly<Record<string, string>> = { stop: 'stops', disable: 'disables', mask: 'masks', kill: 'kills', 'force-stop': 'stops', down: 'stops', exit: 'stops', off: 'disables', del: 'removes from the boot runlevel', remove: 'removes from boot', unload: 'unloads', bootout: 'unloads', 'stop-service': 'stops', 'set-service': 'disables' };

interface Stop {
  verb: Word;
  units: Word[];
  /** `--now` with disable or mask: stops now as well. */
  now: boolean;
  user: boolean;
}

function stops(cmd: SimpleCommand): Stop | undefined {
  const p = cmd.program;
  const has = (v: string): boolean => cmd.args.some((a) => a.value === v);
  if (p === 'systemctl') {
    const sc = systemctlCall(cmd);
    if (!sc.verb || !['stop', 'disable', 'mask', 'kill'].includes(sc.verb.value) || !sc.units.length) return undefined;
    return { verb: sc.verb, units: sc.units, now: has('--now'), user: has('--user') };
  }
  if (p === 'service' || p === 'rc-service') {
    const [name, action] = operands(cmd);
    return name && action && /^(stop|force-stop)$/.test(action.value) ? { verb: action, units: [name], now: true, user: has('--user') || has('-U') } : undefined;
  }
  if (p === 'sv') {
    const [action, ...names] = operands(cmd);
    return action && /^(down|d|stop|force-stop|force-shutdown|exit|x|kill|k)$/.test(action.value) && names.length ? { verb: action, units: names, now: true, user: false } : undefined;
  }
  if (p === 'rc-update') {
    const [action, name] = operands(cmd);
    return action && /^(del|delete)$/.test(action.value) && name ? { verb: action, units: [name], now: false, user: false } : undefined;
  }
  if (p === 'update-rc.d') {
    const [name, action] = operands(cmd);
    return name && action && /^(disable|remove)$/.test(action.value) ? { verb: action, units: [name], now: false, user: false } : undefined;
  }
  if (p === 'chkconfig') {
    const [name, state] = operands(cmd).filter((w) => !/^\d+$/.test(w.value));
    return name && state?.value === 'off' ? { verb: state, units: [name], now: false, user: false } : undefined;
  }
  if (p === 'initctl') {
    const [action, name] = operands(cmd);
    return action?.value === 'stop' && name ? { verb: action, units: [name], now: true, user: has('--user') } : undefined;
  }
  if (p === 'launchctl') {
    const [action, ...targets] = operands(cmd);
    if (!action || !/^(unload|bootout|disable|remove|kill|stop)$/.test(action.value) || !targets.length) return undefined;
    // Per-user agents (gui/<uid>, ~/Library/LaunchAgents) are the user's own; system daemons are the machine's.
    const system = targets.some((t) => /^system(\/|$)|^\/(System\/)?Library\/LaunchDaemons\//.test(t.value));
    return { verb: action, units: targets.filter((t) => !/^(system|gui\/\d+|user\/\d+)$/.test(t.value)), now: action.value !== 'disable', user: !system };
  }
  if (p === 'stop-service' || p === 'set-service') {
    if (p === 'set-service' && !cmd.args.some((a) => /^(disabled|stopped)$/i.test(a.value))) return undefined;
    const names = cmd.args.filter((a, i) => !isOpt(a) && (i === 0 || /^-name$/i.test(cmd.args[i - 1].value) || !isOpt(cmd.args[i - 1])) && !/^(disabled|stopped|manual|automatic)$/i.test(a.value));
    return names.length ? { verb: cmd.programWord, units: names.slice(0, 5), now: true, user: false } : undefined;
  }
  return undefined;
}

export const serviceStop: CommandRule = {
  id: 'SYS016',
  name: 'service-stop',
  category: 'system',
  severity: 'high',
  triggers: [
    { programs: ['systemctl'], subcommands: ['stop', 'disable', 'mask', 'kill'] },
    { programs: ['service', 'rc-service', 'initctl'], subcommands: ['stop', 'force-stop'] },
    { programs: ['sv'], subcommands: ['down', 'd', 'stop', 'force-stop', 'force-shutdown', 'exit', 'x', 'kill', 'k'] },
    { programs: ['rc-update'], subcommands: ['del', 'delete'] },
    { programs: ['update-rc.d'], subcommands: ['disable', 'remove'] },
    { programs: ['chkconfig'], subcommands: ['off'] },
    { programs: ['launchctl'], subcommands: ['unload', 'bootout', 'disable', 'remove', 'kill', 'stop'] },
    { programs: ['stop-service', 'set-service'] },
  ],
  summary: 'Stops, disables, masks or kills a system service (`systemctl stop|disable|mask|kill`, `service … stop`, OpenRC, runit, SysV, upstart, launchd daemons, `Stop-Service`); essential ones (D-Bus, journald, logind, networking, kubelet) are gate-level.',
  rationale: 'Whatever the service serves is down until someone starts it again, and a disabled or masked unit stays down across reboots; stopping D-Bus, the journal, logind or networking can lock everyone out of the machine.',
  alternative: 'Restart or reload it instead (`systemctl restart`, `systemctl reload`), check what depends on it (`systemctl list-dependencies --reverse`), and stop only services you started.',
  examples: {
    fire: ['sudo systemctl stop nginx', 'systemctl disable --now docker', 'systemctl mask systemd-journald', 'service postgresql stop', 'sv down nginx', 'launchctl bootout system/com.example.daemon', 'update-rc.d apache2 disable'],
    pass: ['systemctl restart nginx', 'systemctl status nginx', 'systemctl is-active nginx', 'service nginx reload', 'launchctl list', 'systemctl start postgresql'],
  },
  check(cmd): RuleMatch | undefined {
    const s = stops(cmd);
    if (!s) return undefined;
    const units = s.units.filter((u) => !JUDGED.has(unitName(u.value)));
    if (!units.length) return undefined;
    const names = units.map((u) => unitName(u.value));
    const essential = names.filter((n) => ESSENTIAL.has(n));
    const severity: Severity = s.user ? 'low' : essential.length ? 'high' : 'medium';
    const verb = VERBS[s.verb.value.toLowerCase()] ?? VERBS[cmd.program] ?? 'stops';
    const boot = /disable|mask|off|del|remove/.test(s.verb.value) || cmd.program === 'update-rc.d' || cmd.program === 'rc-update';
    const list = names.slice(0, 4).map((n) => shown(n, 40)).join(', ');
    return {
      severity,
      message: `${verb} the ${kindName(`${s.user ? 'user service' : 'service'}${names.length > 1 ? 's' : ''}`, list)}: ${boot ? `${s.now ? 'it is down now and ' : ''}it stays down after a reboot` : 'whatever it serves is down until it is started again'}${essential.length ? `; ${essential.join(', ')} ${essential.length > 1 ? 'are' : 'is'} needed by the machine itself (logins, logging, networking)` : ''}.`,
      span: spanFromProgram(cmd, [s.verb, ...units]),
    };
  },
};
