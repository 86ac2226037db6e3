/**
 * The machine and its safety switches: shutting it down, killing every process, deleting all
 * cron jobs or users, turning off the firewall, SELinux or an agent's own permission prompts,
 * and changing who may become root.
 */
import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { parseArgs, shown } from '../cli-options';
import type { CommandRule, RuleMatch, RulePack } from '../rule';
import { spanFromProgram } from '../rule';

const isOpt = (w: Word): boolean => w.value.startsWith('-') && w.value.length > 1;
const operands = (cmd: SimpleCommand): Word[] => cmd.args.filter((a) => !isOpt(a));
const unitName = (v: string): string => v.replace(/\.service$/, '');

/** `systemctl [opts] VERB UNIT…` → the verb word and its units. */
function systemctlCall(cmd: SimpleCommand): { verb?: Word; units: Word[] } {
  if (cmd.program !== 'systemctl') return { units: [] };
  const ops: Word[] = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const v = cmd.args[i].value;
    if (/^-(H|M|t|p|o|n|s)$/.test(v) || /^--(host|machine|type|property|output|lines|signal|state|job-mode|root|kill-whom|what)$/.test(v)) {
      i++;
      continue;
    }
    if (v.startsWith('-')) continue;
    ops.push(cmd.args[i]);
  }
  const [verb, ...units] = ops;
  return { verb, units };
}

/** `service NAME ACTION` (SysV) and `Stop-Service NAME` (PowerShell). */
function serviceCall(cmd: SimpleCommand): { action?: Word; units: Word[] } {
  if (cmd.program === 'service') {
    const [name, action] = operands(cmd);
    return { action, units: name ? [name] : [] };
  }
  if (cmd.program === 'stop-service' || cmd.program === 'set-service') {
    const names = cmd.args.filter((a, i) => !isOpt(a) && (i === 0 || /^-name$/i.test(cmd.args[i - 1].value) || !isOpt(cmd.args[i - 1])));
    return { action: cmd.programWord, units: names.slice(0, 1) };
  }
  return { units: [] };
}

const STOP_VERBS = new Set(['stop', 'disable', 'mask', 'kill']);

/** Units (of `names`) that the command stops or disables. */
function stoppedUnits(cmd: SimpleCommand, names: ReadonlySet<string>): { words: Word[]; units: string[] } | undefined {
  const sc = systemctlCall(cmd);
  if (sc.verb && STOP_VERBS.has(sc.verb.value)) {
    const hit = sc.units.filter((u) => names.has(unitName(u.value)));
    if (hit.length) return { words: [sc.verb, ...hit], units: hit.map((u) => unitName(u.value)) };
  }
  const sv = serviceCall(cmd);
  if (sv.action && (cmd.program !== 'service' || STOP_VERBS.has(sv.action.value)) && sv.units.length && names.has(unitName(sv.units[0].value))) {
    if (cmd.program === 'set-service' && !cmd.args.some((a) => /^(disabled|stopped)$/i.test(a.value))) return undefined;
    return { words: [sv.action, ...sv.units], units: [sv.units[0].value] };
  }
  return undefined;
}

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

function shutdown(cmd: SimpleCommand): RuleMatch | undefined {
  const args = cmd.args.map((a) => a.value);
  const say = (what: string, words: Word[] = []): RuleMatch => ({ message: `${what}, ending every session, build and service on ${cmd.remote ? 'the remote machine' : 'this machine'}.`, span: spanFromProgram(cmd, words) });
  switch (cmd.program) {
    case 'shutdown': {
      if (args.some((a) => /^(-c|--cancel|-k|--help|\/a|-a)$/i.test(a))) return undefined;
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

const shutdownRule: CommandRule = {
  id: 'SYS001',
  name: 'shutdown-or-reboot',
  category: 'system',
  severity: 'high',
  triggers: [
    { programs: ['shutdown', 'reboot', 'halt', 'poweroff', 'init', 'telinit', 'stop-computer', 'restart-computer'] },
    { programs: ['systemctl'], subcommands: ['poweroff', 'reboot', 'halt', 'kexec', 'soft-reboot', 'rescue', 'emergency', 'isolate'] },
    { programs: ['loginctl'], subcommands: ['poweroff', 'reboot', 'halt'] },
  ],
  summary: 'Shuts down, reboots or halts the machine, or drops it to rescue/single-user mode.',
  rationale: 'On a shared or remote machine this ends every user’s session, running jobs and unsaved work, and a remote machine that does not come back needs someone with console access.',
  alternative: 'Restart only the service that needs it (`systemctl restart <unit>`), or schedule the reboot with a delay and tell a human (`shutdown -r +10`).',
  examples: {
    fire: ['sudo reboot', 'shutdown -h now', 'systemctl poweroff', 'init 6', 'ssh build-box sudo shutdown -r now'],
    pass: ['shutdown -c', 'systemctl restart nginx', 'systemctl status', 'uptime'],
  },
  check: shutdown,
};

// ---------------------------------------------------------------------------------------------
// SYS002

interface KillTarget {
  signal?: string;
  pids: Word[];
}

function killTargets(cmd: SimpleCommand): KillTarget {
  let signal: string | undefined;
  const pids: Word[] = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const w = cmd.args[i];
    const v = w.value;
    if (v === '--') {
      pids.push(...cmd.args.slice(i + 1));
      break;
    }
    if (signal === undefined && (v === '-s' || v === '-n' || v === '--signal')) {
      signal = cmd.args[i + 1]?.value;
      i++;
      continue;
    }
    if (signal === undefined && v.startsWith('-') && v.length > 1 && !/^-(l|L|-list|-table)$/.test(v)) {
      signal = v.replace(/^--?(signal=)?/, '');
      continue;
    }
    if (/^-(l|L)$/.test(v)) return { pids: [] };
    pids.push(w);
  }
  return { signal, pids };
}

function killAll(cmd: SimpleCommand): RuleMatch | undefined {
  if (cmd.program === 'kill') {
    const { signal, pids } = killTargets(cmd);
    if (signal === '0') return undefined;
    const all = pids.find((p) => p.value === '-1');
    if (all) return { severity: 'high', message: `sends ${signal ? `signal ${signal}` : 'SIGTERM'} to every process you are allowed to signal${cmd.elevated ? ' — as root, every process on the machine' : ''} (pid -1).`, span: spanFromProgram(cmd, [all]) };
    const init = pids.find((p) => p.value === '1');
    if (init) return { severity: 'high', message: `sends ${signal ? `signal ${signal}` : 'SIGTERM'} to PID 1 (init/systemd), which can bring the whole machine down.`, span: spanFromProgram(cmd, [init]) };
    return undefined;
  }
  if (cmd.program === 'killall5') return { severity: 'high', message: 'signals every process except the kernel’s and its own session (killall5).', span: cmd.span };
  if (cmd.program === 'pkill' || cmd.program === 'killall') {
    // `-9`, `-KILL`, `-SIGTERM` name the signal; option letters are single.
    const signal = cmd.args.find((a) => /^-(\d+|[A-Z][A-Z0-9]+)$/.test(a.value));
    // Signal 0 only probes; reload and job-control signals do not stop a well-behaved daemon.
    if (signal && /^-(0|HUP|SIGHUP|1|USR1|SIGUSR1|USR2|SIGUSR2|CONT|SIGCONT|WINCH|SIGWINCH|10|12|18|28)$/.test(signal.value)) return undefined;
    const p = parseArgs(cmd.args.filter((a) => a !== signal), {
      unknownLong: 'value',
      shortValued: cmd.program === 'pkill' ? 'uUgGPstF' : 'uyosn',
      bool: new Set(['full', 'exact', 'newest', 'oldest', 'inverse', 'ignore-case', 'interactive', 'quiet', 'verbose', 'wait', 'regexp', 'process-group', 'help', 'list', 'version']),
    });
    if (p.options.has('l') || p.options.has('list') || p.options.has('help')) return undefined;
    if (cmd.program === 'killall' && p.options.has('i')) return undefined;
    const users = [...(p.options.get('u') ?? []), ...(p.options.get('U') ?? []), ...(p.options.get('user') ?? [])].map((o) => o.value ?? '');
    const pattern = p.positionals[0];
    if (users.length && !pattern) {
      return {
        severity: 'high',
        message: `kills every process of user ${users.map((u) => shown(u)).join(', ')}${users.includes('root') ? ' — including the system’s own services' : ', including their shells, editors and agents'}.`,
        span: spanFromProgram(cmd, cmd.args.filter((a) => a.value === '-u' || a.value === '-U' || users.includes(a.value))),
      };
    }
    if (!pattern) return undefined;
    const wide = /^(\.|\.\*|\*|\.\+|bash|sh|zsh|sshd|systemd|init|python3?|node|java)$/.test(pattern.value);
    return {
      severity: wide && pattern.value !== 'node' && pattern.value !== 'python' && pattern.value !== 'python3' && pattern.value !== 'java' ? 'high' : 'medium',
      message: `kills every process ${p.options.has('f') || p.options.has('full') ? 'whose command line matches' : 'named'} ${shown(pattern.value)}${users.length ? ` owned by ${users.join(', ')}` : ''}, not just the one you mean.`,
      span: spanFromProgram(cmd, [pattern]),
    };
  }
  if (cmd.program === 'taskkill') {
    const im = cmd.args.findIndex((a) => /^\/im$/i.test(a.value));
    if (im === -1) return undefined;
    const name = cmd.args[im + 1];
    return { severity: 'medium', message: `kills every process named ${shown(name?.value)}.`, span: spanFromProgram(cmd, name ? [cmd.args[im], name] : [cmd.args[im]]) };
  }
  return undefined;
}

const killAllRule: CommandRule = {
  id: 'SYS002',
  name: 'kill-many-processes',
  category: 'system',
  severity: 'high',
  triggers: [
    { programs: ['kill'], subcommands: ['-1', '1'] },
    { programs: ['killall', 'killall5', 'pkill', 'taskkill'] },
  ],
  summary: 'Kills processes by name or by user, or signals every process (`kill -9 -1`, `pkill -u dev`, `killall node`).',
  rationale: 'Killing by name or user hits every matching process — other projects’ servers, editors, the agent itself, a database mid-write — and `kill -1` takes down the whole session, or with root the machine.',
  alternative: 'Kill the one process by PID (`kill $(lsof -t -i :3000)`), or stop it through its service manager.',
  examples: {
    fire: ['kill -9 -1', 'kill -KILL -1', 'pkill -9 -u dev', 'killall node', 'sudo kill -s KILL 1'],
    pass: ['kill 12345', 'kill -9 4242', 'kill %1', 'pkill -0 node', 'kill -l'],
  },
  check: killAll,
};

// ---------------------------------------------------------------------------------------------
// SYS003

function crontab(cmd: SimpleCommand): RuleMatch | undefined {
  if (cmd.program !== 'crontab') return undefined;
  const p = parseArgs(cmd.args, { unknownLong: 'bool', shortValued: 'u' });
  const user = p.options.get('u')?.[0]?.value;
  const who = user ? `user ${shown(user)}` : cmd.elevated ? 'root' : 'the current user';
  if (p.options.has('r')) {
    if (p.options.has('i')) return undefined;
    return { severity: 'high', message: `deletes every cron job of ${who} at once, without asking (crontab -r).`, span: spanFromProgram(cmd, cmd.args.filter((a) => /^-[a-z]*r/.test(a.value))) };
  }
  if (p.options.has('l') || p.options.has('e') || p.options.has('T') || p.options.has('V')) return undefined;
  const file = p.positionals[0];
  if (file) return { severity: 'low', message: `replaces the whole crontab of ${who} with ${file.value === '-' ? 'stdin' : shown(file.value)}; jobs not in it are gone.`, span: spanFromProgram(cmd, [file]) };
  return undefined;
}

const crontabRule: CommandRule = {
  id: 'SYS003',
  name: 'crontab-remove',
  category: 'system',
  severity: 'high',
  triggers: [{ programs: ['crontab'] }],
  summary: 'Deletes all of a user’s cron jobs (`crontab -r`), or replaces the whole crontab from a file.',
  rationale: '`crontab -r` sits next to `-e` on the keyboard and deletes every scheduled job without confirmation; there is no backup unless someone made one.',
  alternative: 'Save it first (`crontab -l > crontab.bak`), then edit with `crontab -e` or remove with `crontab -ri`.',
  examples: {
    fire: ['crontab -r', 'sudo crontab -u www-data -r'],
    pass: ['crontab -l', 'crontab -e', 'crontab -ri'],
  },
  check: crontab,
};

// ---------------------------------------------------------------------------------------------
// SYS004

const FIREWALL_UNITS: ReadonlySet<string> = new Set(['firewalld', 'ufw', 'nftables', 'iptables', 'ip6tables', 'netfilter-persistent', 'mpssvc', 'MpsSvc', 'pf']);

function firewall(cmd: SimpleCommand): RuleMatch | undefined {
  const say = (what: string, words: Word[], severity: Severity = 'high'): RuleMatch => ({ severity, message: `${what}${cmd.remote ? ' on the remote machine' : ''}.`, span: spanFromProgram(cmd, words) });
  const prog = cmd.program;
  if (/^ip6?tables(-legacy|-nft)?$/.test(prog)) {
    const table = cmd.args.find((_a, i) => i > 0 && /^(-t|--table)$/.test(cmd.args[i - 1].value))?.value ?? 'filter';
    const flush = cmd.args.find((a) => a.value === '-F' || a.value === '--flush' || /^-[A-Za-z]*F$/.test(a.value));
    if (flush) {
      const chain = cmd.args[cmd.args.indexOf(flush) + 1];
      const which = chain && !isOpt(chain) ? `chain ${chain.value}` : 'every chain';
      return say(`deletes every rule in ${which} of the ${table} table (${prog} -F); with a DROP default policy this cuts the machine off`, [flush]);
    }
    const policy = cmd.args.findIndex((a) => a.value === '-P' || a.value === '--policy');
    if (policy !== -1 && /^accept$/i.test(cmd.args[policy + 2]?.value ?? '')) return say(`sets the default policy of ${cmd.args[policy + 1]?.value} to ACCEPT, letting all traffic through`, cmd.args.slice(policy, policy + 3));
    const del = cmd.args.find((a) => a.value === '-X' || a.value === '--delete-chain');
    if (del) return say(`deletes user-defined chains of the ${table} table`, [del], 'medium');
    return undefined;
  }
  if (prog === 'nft') {
    const ops = operands(cmd).map((w) => w.value);
    if (ops[0] === 'flush' && ops[1] === 'ruleset') return say('deletes the whole nftables ruleset (every table, chain and rule)', operands(cmd).slice(0, 2));
    if ((ops[0] === 'flush' || ops[0] === 'delete') && ops[1] === 'table') return say(`${ops[0] === 'flush' ? 'empties' : 'deletes'} nftables table ${ops.slice(2).join(' ')}`, operands(cmd).slice(0, 2), 'medium');
    return undefined;
  }
  if (prog === 'ufw') {
    const op = operands(cmd)[0];
    if (op?.value === 'disable') return say('turns the ufw firewall off', [op]);
    if (op?.value === 'reset') return say('resets ufw, disabling it and deleting every rule', [op]);
    return undefined;
  }
  if (prog === 'firewall-cmd') {
    const panicOff = cmd.args.find((a) => a.value === '--panic-on');
    if (panicOff) return say('drops all network traffic (--panic-on), cutting off remote sessions', [panicOff]);
    const trusted = cmd.args.find((a) => /^--set-default-zone=trusted$/.test(a.value) || (a.value === '--set-default-zone' && cmd.args[cmd.args.indexOf(a) + 1]?.value === 'trusted'));
    if (trusted) return say('makes the trusted zone (accept everything) the default', [trusted]);
    return undefined;
  }
  if (prog === 'pfctl' && cmd.args.some((a) => a.value === '-d')) return say('disables the pf packet filter', cmd.args.filter((a) => a.value === '-d'));
  if (prog === 'socketfilterfw') {
    const i = cmd.args.findIndex((a) => a.value === '--setglobalstate');
    if (i !== -1 && cmd.args[i + 1]?.value === 'off') return say('turns the macOS application firewall off', cmd.args.slice(i, i + 2));
    return undefined;
  }
  if (prog === 'netsh') {
    const text = cmd.args.map((a) => a.value.toLowerCase()).join(' ');
    if (/advfirewall set \w+ state off|firewall set opmode (mode=)?disable/.test(text)) return say('turns Windows Firewall off', cmd.args);
    return undefined;
  }
  if (prog === 'set-netfirewallprofile') {
    const i = cmd.args.findIndex((a) => /^-enabled(:?)$/i.test(a.value.replace(/:.*$/, ':')) || /^-enabled$/i.test(a.value));
    const v = (i === -1 ? undefined : /:/.test(cmd.args[i].value) ? cmd.args[i].value.split(':')[1] : cmd.args[i + 1]?.value)?.split('\u0000').join('');
    if (v !== undefined && /^(\$?false|0)$/i.test(v)) return say('turns Windows Firewall off', cmd.args.slice(i, i + 2));
    return undefined;
  }
  const stopped = stoppedUnits(cmd, FIREWALL_UNITS);
  if (stopped) return say(`stops the ${stopped.units.join(', ')} firewall service`, stopped.words);
  return undefined;
}

const firewallRule: CommandRule = {
  id: 'SYS004',
  name: 'firewall-disable',
  category: 'system',
  severity: 'high',
  triggers: [
    { programs: ['iptables', 'ip6tables', 'iptables-legacy', 'iptables-nft', 'ip6tables-legacy', 'ip6tables-nft'] },
    { programs: ['nft'], subcommands: ['flush', 'delete'] },
    { programs: ['ufw'], subcommands: ['disable', 'reset'] },
    { programs: ['firewall-cmd', 'pfctl', 'socketfilterfw', 'netsh', 'set-netfirewallprofile'] },
    { programs: ['systemctl', 'service', 'stop-service', 'set-service'], subcommands: [...FIREWALL_UNITS].flatMap((u) => [u, `${u}.service`]) },
  ],
  summary: 'Turns off or flushes the firewall (`iptables -F`, `ufw disable`, `nft flush ruleset`, stopping firewalld, Windows Firewall off).',
  rationale: 'Flushing rules either exposes every listening service to the network or, with a DROP default policy, cuts off the SSH session doing it; both are hard to undo remotely.',
  alternative: 'Add or remove the one rule you need (`ufw allow 8080/tcp`, `iptables -D …`), and save the current rules first (`iptables-save > rules.bak`).',
  examples: {
    fire: ['sudo iptables -F', 'ufw disable', 'nft flush ruleset', 'systemctl stop firewalld', 'sudo iptables -P INPUT ACCEPT'],
    pass: ['sudo iptables -L -n', 'ufw allow 8080/tcp', 'ufw status', 'systemctl status firewalld'],
  },
  check: firewall,
};

// ---------------------------------------------------------------------------------------------
// SYS005

const SECURITY_UNITS: ReadonlySet<string> = new Set(['apparmor', 'auditd', 'selinux', 'falcon-sensor', 'clamav-daemon', 'osqueryd', 'windefend', 'WinDefend', 'sense', 'Sense']);

function securityModule(cmd: SimpleCommand): RuleMatch | undefined {
  const say = (what: string, words: Word[]): RuleMatch => ({ message: `${what}.`, span: spanFromProgram(cmd, words) });
  switch (cmd.program) {
    case 'setenforce': {
      const mode = operands(cmd)[0];
      if (mode && /^(0|permissive)$/i.test(mode.value)) return say('switches SELinux to permissive mode, so its policy stops blocking anything', [mode]);
      return undefined;
    }
    case 'aa-teardown':
      return say('unloads every AppArmor profile', []);
    case 'aa-disable':
    case 'aa-complain': {
      const ops = operands(cmd);
      if (!ops.length) return undefined;
      return { severity: 'medium', message: `${cmd.program === 'aa-disable' ? 'disables' : 'stops enforcing'} the AppArmor profile ${ops.map((w) => shown(w.value)).join(', ')}.`, span: spanFromProgram(cmd, ops) };
    }
    case 'auditctl': {
      const e = cmd.args.findIndex((a) => a.value === '-e');
      if (e !== -1 && cmd.args[e + 1]?.value === '0') return say('turns kernel auditing off', cmd.args.slice(e, e + 2));
      const d = cmd.args.find((a) => a.value === '-D');
      if (d) return { severity: 'medium', message: 'deletes every audit rule.', span: spanFromProgram(cmd, [d]) };
      return undefined;
    }
    case 'set-mppreference': {
      const i = cmd.args.findIndex((a) => /^-Disable(RealtimeMonitoring|BehaviorMonitoring|IOAVProtection|ScriptScanning|IntrusionPreventionSystem)(:.*)?$/i.test(a.value));
      if (i === -1) return undefined;
      const raw = cmd.args[i].value.includes(':') ? cmd.args[i].value.split(':')[1] : cmd.args[i + 1]?.value;
      const val = raw?.split('\u0000').join('');
      if (val !== undefined && !/^(\$?true|1)$/i.test(val)) return undefined;
      return say(`turns off Microsoft Defender ${cmd.args[i].value.replace(/^-Disable/i, '').replace(/:.*$/, '')}`, cmd.args.slice(i, i + 2));
    }
    case 'spctl':
      if (cmd.args.some((a) => a.value === '--master-disable' || a.value === '--global-disable')) return say('turns Gatekeeper off, so unsigned apps run without a check', cmd.args);
      return undefined;
    case 'csrutil':
      if (operands(cmd)[0]?.value === 'disable') return say('turns System Integrity Protection off', operands(cmd));
      return undefined;
  }
  const stopped = stoppedUnits(cmd, SECURITY_UNITS);
  if (stopped) return say(`stops the ${stopped.units.join(', ')} security service`, stopped.words);
  return undefined;
}

const securityModuleRule: CommandRule = {
  id: 'SYS005',
  name: 'security-module-disable',
  category: 'system',
  severity: 'high',
  triggers: [
    { programs: ['setenforce', 'aa-teardown', 'aa-disable', 'aa-complain', 'auditctl', 'set-mppreference', 'spctl', 'csrutil'] },
    { programs: ['systemctl', 'service', 'stop-service', 'set-service'], subcommands: [...SECURITY_UNITS].flatMap((u) => [u, `${u}.service`]) },
  ],
  summary: 'Turns off a mandatory access control or security monitor (SELinux `setenforce 0`, AppArmor, auditd, Defender, Gatekeeper, SIP).',
  rationale: 'These are the layers that contain a compromised or misbehaving process; switching them off to make something work removes the protection for everything else on the machine too.',
  alternative: 'Find the denial (`ausearch -m avc`, `journalctl`) and allow that one access (`audit2allow`, a profile update) instead of disabling the whole layer.',
  examples: {
    fire: ['sudo setenforce 0', 'setenforce Permissive', 'systemctl stop apparmor', 'sudo aa-teardown'],
    pass: ['getenforce', 'setenforce 1', 'aa-status', 'systemctl status auditd'],
  },
  check: securityModule,
};

// ---------------------------------------------------------------------------------------------
// SYS006

const AGENT_BYPASS: Readonly<Record<string, readonly string[]>> = {
  claude: ['--dangerously-skip-permissions', '--allow-dangerously-skip-permissions'],
  codex: ['--dangerously-bypass-approvals-and-sandbox', '--yolo'],
  gemini: ['--yolo', '-y'],
  qwen: ['--yolo', '-y'],
  crush: ['--yolo', '-y'],
  amp: ['--dangerously-allow-all'],
  copilot: ['--allow-all-tools', '--allow-all', '--yolo'],
  'cursor-agent': ['--force', '-f'],
  aider: ['--yes-always'],
  droid: ['--skip-permissions-unsafe'],
  opencode: ['--dangerously-skip-permissions'],
};

/** npm package basenames the agents are also started by (`npx @google/gemini-cli`). */
const AGENT_ALIASES: Readonly<Record<string, string>> = {
  'claude-code': 'claude',
  'gemini-cli': 'gemini',
  'qwen-code': 'qwen',
};

/** Options whose value turns approvals or the sandbox off: `--permission-mode bypassPermissions`. */
const BYPASS_VALUES: readonly { programs: readonly string[]; option: string; value: RegExp }[] = [
  { programs: ['claude'], option: '--permission-mode', value: /^bypassPermissions$/i },
  { programs: ['codex'], option: '--sandbox', value: /^danger-full-access$/ },
  { programs: ['codex'], option: '-s', value: /^danger-full-access$/ },
  { programs: ['codex'], option: '-c', value: /^sandbox_mode\s*=\s*["']?danger-full-access/ },
  { programs: ['codex'], option: '--config', value: /^sandbox_mode\s*=\s*["']?danger-full-access/ },
  { programs: ['gemini', 'qwen'], option: '--approval-mode', value: /^yolo$/i },
];

function agentBypass(cmd: SimpleCommand): RuleMatch | undefined {
  const agent = AGENT_ALIASES[cmd.program] ?? cmd.program;
  const flags = AGENT_BYPASS[agent] ?? [];
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i];
    if (a.value === '--') break;
    const [name, inline] = a.value.includes('=') ? [a.value.slice(0, a.value.indexOf('=')), a.value.slice(a.value.indexOf('=') + 1)] : [a.value, undefined];
    if (flags.includes(a.value)) {
      return { message: `starts ${agent} with ${a.value}, so it runs commands and edits files without asking for approval${agent === 'codex' ? ' and outside its sandbox' : ''}.`, span: spanFromProgram(cmd, [a]) };
    }
    for (const b of BYPASS_VALUES) {
      if (!b.programs.includes(agent) || name !== b.option) continue;
      const value = inline ?? cmd.args[i + 1]?.value;
      if (value !== undefined && b.value.test(value)) {
        return { message: `starts ${agent} with ${name} ${value}, so it acts without asking for approval or outside its sandbox.`, span: spanFromProgram(cmd, inline === undefined ? [a, cmd.args[i + 1]] : [a]) };
      }
    }
  }
  return undefined;
}

const agentBypassRule: CommandRule = {
  id: 'SYS006',
  name: 'agent-safety-bypass',
  category: 'system',
  severity: 'high',
  triggers: [
    {
      programs: [...Object.keys(AGENT_BYPASS), ...Object.keys(AGENT_ALIASES)],
      subcommands: [...new Set([...Object.values(AGENT_BYPASS).flat(), ...BYPASS_VALUES.map((b) => b.option)])],
    },
  ],
  summary: 'Starts a coding agent with its permission prompts or sandbox switched off (`claude --dangerously-skip-permissions`, `codex --yolo`, `gemini --yolo`).',
  rationale: 'An agent launching another agent without approvals escapes every check this tool and the agent’s own prompts provide: the child runs whatever it decides, unseen.',
  alternative: 'Run the agent with its normal approval mode, or inside a disposable container or VM when it really must run unattended.',
  examples: {
    fire: ['claude --dangerously-skip-permissions -p "fix the tests"', 'codex --dangerously-bypass-approvals-and-sandbox exec "deploy"', 'npx @google/gemini-cli --yolo', 'claude --permission-mode bypassPermissions'],
    pass: ['claude -p "summarise the diff"', 'codex exec "explain this file"', 'gemini --help', 'claude --permission-mode plan'],
  },
  check: agentBypass,
};

// ---------------------------------------------------------------------------------------------
// SYS007

const sysctlRule: CommandRule = {
  id: 'SYS007',
  name: 'kernel-parameter-write',
  category: 'system',
  severity: 'low',
  triggers: [{ programs: ['sysctl'] }],
  summary: 'Changes a kernel parameter at run time (`sysctl -w key=value`).',
  rationale: 'Kernel parameters change networking, memory and security behaviour for the whole machine; the change is lost on reboot but takes effect immediately.',
  alternative: 'Read the current value first (`sysctl key`) and note it so the change can be reverted.',
  examples: { fire: ['sudo sysctl -w net.ipv4.ip_forward=1', 'sysctl vm.swappiness=10'], pass: ['sysctl -a', 'sysctl net.ipv4.ip_forward'] },
  check(cmd) {
    if (cmd.program !== 'sysctl') return undefined;
    const writes = cmd.args.filter((a) => !isOpt(a) && a.value.includes('='));
    const load = cmd.args.find((a) => /^(-p|--load|--system)$/.test(a.value) || /^--load=/.test(a.value));
    if (!writes.length && !load) return undefined;
    return { message: writes.length ? `sets kernel parameter ${writes.map((w) => shown(w.value)).join(', ')}.` : 'loads kernel parameters from configuration files.', span: spanFromProgram(cmd, writes.length ? writes : load ? [load] : []) };
  },
};

// ---------------------------------------------------------------------------------------------
// SYS008

const SSH_UNITS: ReadonlySet<string> = new Set(['ssh', 'sshd', 'openssh-server', 'openssh', 'sshd.socket', 'ssh.socket', 'dropbear', 'OpenSSH']);

const sshStopRule: CommandRule = {
  id: 'SYS008',
  name: 'remote-access-stop',
  category: 'system',
  severity: 'high',
  triggers: [
    { programs: ['systemctl', 'service', 'stop-service', 'set-service'], subcommands: [...SSH_UNITS].flatMap((u) => [u, `${u}.service`]) },
    { programs: ['systemsetup'], subcommands: ['-setremotelogin'] },
  ],
  summary: 'Stops or disables the SSH server.',
  rationale: 'On a remote machine the SSH daemon is usually the only way back in; stopping or disabling it locks everyone out until someone gets console access.',
  alternative: 'Restart or reload sshd instead (`systemctl reload sshd`), after `sshd -t` confirms the new configuration is valid.',
  examples: { fire: ['sudo systemctl stop sshd', 'systemctl disable --now ssh', 'service ssh stop'], pass: ['systemctl restart sshd', 'systemctl status ssh', 'sshd -t'] },
  check(cmd) {
    if (cmd.program === 'systemsetup') {
      const i = cmd.args.findIndex((a) => a.value === '-setremotelogin');
      if (i !== -1 && cmd.args[i + 1]?.value === 'off') return { message: 'turns macOS Remote Login (SSH) off.', span: spanFromProgram(cmd, cmd.args.slice(i, i + 2)) };
      return undefined;
    }
    const stopped = stoppedUnits(cmd, SSH_UNITS);
    if (!stopped) return undefined;
    return { message: `stops the SSH server (${stopped.units.join(', ')})${cmd.remote ? ' on the machine you are connected to' : ''}; remote sessions can no longer get in.`, span: spanFromProgram(cmd, stopped.words) };
  },
};

// ---------------------------------------------------------------------------------------------
// SYS009

const chattrRule: CommandRule = {
  id: 'SYS009',
  name: 'immutable-flag-removal',
  category: 'system',
  severity: 'medium',
  triggers: [{ programs: ['chattr', 'chflags'] }],
  summary: 'Removes the immutable or append-only flag from files (`chattr -i`, `chflags noschg`).',
  rationale: 'Someone made these files immutable on purpose — audit logs, pinned configuration — and removing the flag is usually the first step of changing or deleting them.',
  alternative: 'Find out why the file is immutable before changing it; if it must change, restore the flag right after (`chattr +i`).',
  examples: { fire: ['sudo chattr -i /etc/resolv.conf', 'chattr -R -ia /var/log/audit'], pass: ['chattr +i /etc/resolv.conf', 'lsattr /etc/resolv.conf'] },
  check(cmd) {
    if (cmd.program === 'chflags') {
      const flag = cmd.args.find((a) => /^no(schg|uchg|sappnd|uappnd|schange|uchange)$/.test(a.value));
      if (!flag) return undefined;
      const files = operands(cmd).filter((w) => w !== flag);
      return { message: `removes the immutable flag (${flag.value}) from ${files.map((f) => shown(f.value)).join(', ')}.`, span: spanFromProgram(cmd, [flag, ...files]) };
    }
    if (cmd.program !== 'chattr') return undefined;
    const mode = cmd.args.find((a) => /^-[a-zA-Z]*[ia][a-zA-Z]*$/.test(a.value) && !/^-[RVf]+$/.test(a.value));
    const eq = cmd.args.find((a) => /^=[a-zA-Z]*$/.test(a.value) && !/[ia]/.test(a.value));
    const m = mode ?? eq;
    if (!m) return undefined;
    const files = operands(cmd).filter((w) => w !== m && !/^[+=]/.test(w.value));
    return { message: `removes the immutable/append-only flag from ${files.map((f) => shown(f.value)).join(', ') || 'the files'}, so they can be changed or deleted again.`, span: spanFromProgram(cmd, [m, ...files]) };
  },
};

// ---------------------------------------------------------------------------------------------
// SYS010

const historyRule: CommandRule = {
  id: 'SYS010',
  name: 'shell-history-clear',
  category: 'system',
  severity: 'low',
  triggers: [{ programs: ['history'], subcommands: ['-c', '-cw', '-wc'] }],
  summary: 'Clears the shell history (`history -c`).',
  rationale: 'The history is how a human reconstructs what an agent did; clearing it removes the trail without fixing anything.',
  alternative: 'Leave the history alone; if a secret was typed, delete that one entry (`history -d N`).',
  examples: { fire: ['history -c', 'history -cw'], pass: ['history', 'history 20'] },
  check(cmd) {
    if (cmd.program !== 'history') return undefined;
    const c = cmd.args.find((a) => a.value === '-c' || a.value === '-cw' || a.value === '-wc');
    return c ? { message: 'clears the shell history of this session.', span: spanFromProgram(cmd, [c]) } : undefined;
  },
};

// ---------------------------------------------------------------------------------------------
// SYS011

const passwordRule: CommandRule = {
  id: 'SYS011',
  name: 'password-removal',
  category: 'system',
  severity: 'critical',
  triggers: [{ programs: ['passwd'], subcommands: ['-d', '--delete'] }, { programs: ['usermod'], subcommands: ['-p', '--password'] }],
  summary: 'Removes a user’s password (`passwd -d`), allowing login without one.',
  rationale: 'An account with an empty password can be logged into by anyone who can reach a login prompt or, with some PAM setups, SSH.',
  alternative: 'Lock the account instead (`passwd -l`), or set up key-based login for the access you need.',
  examples: { fire: ['sudo passwd -d root', 'passwd --delete deploy', "usermod -p '' deploy"], pass: ['passwd', 'passwd -l olduser', 'passwd -S dev'] },
  check(cmd) {
    if (cmd.program === 'usermod') {
      const i = cmd.args.findIndex((a) => a.value === '-p' || a.value === '--password');
      if (i === -1 || cmd.args[i + 1]?.value !== '') return undefined;
      const user = operands(cmd).filter((w) => w !== cmd.args[i + 1]).pop();
      return { message: `sets an empty password for ${shown(user?.value)}, allowing login without one.`, span: spanFromProgram(cmd, cmd.args.slice(i, i + 2)) };
    }
    if (cmd.program !== 'passwd') return undefined;
    const flag = cmd.args.find((a) => a.value === '-d' || a.value === '--delete' || /^-[a-zA-Z]*d$/.test(a.value));
    if (!flag) return undefined;
    const user = operands(cmd)[0];
    const who = user?.value ?? (cmd.elevated ? 'root' : 'the current user');
    return { severity: who === 'root' ? 'critical' : 'high', message: `removes the password of ${shown(who)}, so it can log in without one.`, span: spanFromProgram(cmd, [flag, ...(user ? [user] : [])]) };
  },
};

// ---------------------------------------------------------------------------------------------
// SYS012

const userDeleteRule: CommandRule = {
  id: 'SYS012',
  name: 'user-delete',
  category: 'system',
  severity: 'critical',
  triggers: [{ programs: ['userdel', 'deluser', 'remove-localuser'] }, { programs: ['net'], subcommands: ['/delete', '/del'] }, { programs: ['dscl'], subcommands: ['-delete'] }],
  summary: 'Deletes a user account, with `-r`/`--remove-home` also its home directory and mail.',
  rationale: 'Removing the account breaks everything running as that user; removing the home directory deletes their files, keys and checkouts with no copy.',
  alternative: 'Lock the account (`usermod -L`, `passwd -l`) and archive the home directory before deleting anything.',
  examples: { fire: ['sudo userdel -r olddev', 'deluser --remove-home bob', 'userdel ci'], pass: ['useradd -m newdev', 'id olddev', 'usermod -L olddev'] },
  check(cmd) {
    if (cmd.program === 'net') {
      const ops = operands(cmd);
      if (ops[0]?.value.toLowerCase() !== 'user' || !cmd.args.some((a) => /^\/del(ete)?$/i.test(a.value))) return undefined;
      return { severity: 'medium', message: `deletes the Windows account ${shown(ops[1]?.value)}.`, span: spanFromProgram(cmd, ops.slice(0, 2)) };
    }
    if (cmd.program === 'dscl') {
      const i = cmd.args.findIndex((a) => a.value === '-delete');
      const path = cmd.args[i + 1];
      if (!path || !/^\/Users\/[^/]+$/.test(path.value)) return undefined;
      return { severity: 'medium', message: `deletes the macOS account ${shown(path.value.slice(7))}.`, span: spanFromProgram(cmd, [cmd.args[i], path]) };
    }
    if (cmd.program === 'remove-localuser') return { severity: 'medium', message: 'deletes a Windows local account.', span: cmd.span };
    if (cmd.program !== 'userdel' && cmd.program !== 'deluser') return undefined;
    const p = parseArgs(cmd.args, { unknownLong: 'bool', shortValued: 'R', valued: new Set(['root', 'prefix', 'backup-to', 'conf']) });
    const user = p.positionals[0];
    if (!user) return undefined;
    const home = p.options.has('r') || p.options.has('remove') || p.options.has('remove-home') || p.options.has('remove-all-files');
    const all = p.options.has('remove-all-files');
    const root = user.value === 'root';
    const severity: Severity = root ? 'critical' : home ? 'high' : 'medium';
    return {
      severity,
      message: `deletes user ${shown(user.value)}${home ? (all ? ' and every file it owns anywhere on the system' : ' together with its home directory and mail') : ''}${root ? ', breaking the system' : ''}.`,
      span: spanFromProgram(cmd, [user, ...cmd.args.filter((a) => /^(-r|--remove|--remove-home|--remove-all-files)$/.test(a.value))]),
    };
  },
};

// ---------------------------------------------------------------------------------------------
// SYS013

const SUDOERS = /^\/(private\/)?etc\/sudoers(\.d(\/.*)?)?$|^\/usr\/local\/etc\/sudoers(\.d(\/.*)?)?$/;

function sudoersWords(ws: readonly Word[]): Word[] {
  return ws.filter((w) => SUDOERS.test(w.value.replace(/\/+$/, '')));
}

function grantsText(cmd: SimpleCommand): string {
  const prev = cmd.pipeline?.previous ?? [];
  const text = [...prev.flatMap((p) => p.args.map((a) => a.value)), ...cmd.args.map((a) => a.value), cmd.stdinText ?? ''].join(' ').slice(0, 4096);
  if (/NOPASSWD/i.test(text)) return ' (it grants passwordless sudo: NOPASSWD)';
  if (/ALL\s*=\s*\(ALL/i.test(text)) return ' (it grants full sudo: ALL=(ALL))';
  return '';
}

function sudoers(cmd: SimpleCommand): RuleMatch | undefined {
  const say = (what: string, words: Word[]): RuleMatch => ({ message: `${what}${grantsText(cmd)}; a mistake here can give everyone root or lock everyone out of sudo.`, span: spanFromProgram(cmd, words) });
  if (cmd.program === 'visudo') {
    if (cmd.args.some((a) => /^(-c|--check|-V|--version|-h|--help)$/.test(a.value) || /^-[a-zA-Z]*c/.test(a.value))) return undefined;
    const f = cmd.args.findIndex((a) => a.value === '-f' || a.value === '--file');
    return say(`edits ${f !== -1 ? shown(cmd.args[f + 1]?.value) : '/etc/sudoers'}, which decides who may run what as root`, []);
  }
  const redirected = cmd.redirects.filter((r) => r.target && SUDOERS.test(r.target.value) && /^(>|>>|>\||&>|&>>)$/.test(r.op));
  if (redirected.length) return say(`writes to ${redirected.map((r) => shown(r.target?.value)).join(', ')} with a shell redirect, bypassing visudo’s syntax check`, redirected.map((r) => r.target).filter((w): w is Word => !!w));
  const targets = sudoersWords(cmd.args);
  if (!targets.length) return undefined;
  const names = targets.map((t) => shown(t.value)).join(', ');
  switch (cmd.program) {
    case 'chmod':
    case 'chown':
    case 'chgrp':
      return say(`changes ${cmd.program === 'chmod' ? 'the permissions' : 'the owner'} of ${names}; sudo refuses to run, or anyone may edit it`, targets);
    case 'tee':
      return say(`writes to ${names} with tee, bypassing visudo’s syntax check`, targets);
    case 'sed':
      if (!cmd.args.some((a) => a.value === '-i' || a.value === '--in-place' || a.value.startsWith('--in-place='))) return undefined;
      return say(`edits ${names} in place with sed, bypassing visudo’s syntax check`, targets);
    case 'cp':
    case 'mv':
    case 'install':
    case 'ln': {
      const dest = operands(cmd).pop();
      if (!dest || !SUDOERS.test(dest.value.replace(/\/+$/, ''))) return undefined;
      return say(`replaces or adds sudo rules at ${shown(dest.value)} with ${cmd.program}, bypassing visudo’s syntax check`, [dest]);
    }
  }
  return undefined;
}

const sudoersRule: CommandRule = {
  id: 'SYS013',
  name: 'sudoers-change',
  category: 'system',
  severity: 'critical',
  // A redirect target cannot be a trigger word, so the shell builtins that usually write it are listed whole.
  triggers: [
    { programs: ['visudo', 'chmod', 'chown', 'chgrp', 'tee', 'cp', 'mv', 'install', 'ln', 'echo', 'printf'] },
    { programs: ['sed'], subcommands: ['-i', '--in-place'] },
  ],
  summary: 'Changes who may become root: editing, replacing or re-permissioning /etc/sudoers or /etc/sudoers.d.',
  rationale:
    'sudoers is the machine’s root policy: a NOPASSWD line gives an agent silent root forever, and a syntax error or wrong mode breaks sudo for everyone, which on a remote machine can leave no way to fix it.',
  alternative: 'Ask a human to make the change with `visudo -f /etc/sudoers.d/<file>`, scoped to the specific commands needed, and check it with `visudo -c`.',
  examples: {
    fire: ['echo "dev ALL=(ALL) NOPASSWD:ALL" | sudo tee -a /etc/sudoers', 'sudo visudo', "sudo sh -c 'echo \"ci ALL=(ALL) NOPASSWD: ALL\" > /etc/sudoers.d/ci'", 'sudo chmod 777 /etc/sudoers'],
    pass: ['sudo visudo -c', 'sudo cat /etc/sudoers', 'sudo -l', 'echo "dev ALL=(ALL) ALL" > sudoers.example'],
  },
  check: sudoers,
};

// ---------------------------------------------------------------------------------------------
// SYS014

const ADMIN_GROUPS = /^(sudo|wheel|admin|root|docker|lxd|libvirt|disk|shadow|administrators)$/i;

function adminGroup(cmd: SimpleCommand): RuleMatch | undefined {
  const say = (user: string | undefined, groups: string[], words: Word[]): RuleMatch => ({
    message: `adds ${shown(user) || 'a user'} to ${groups.join(', ')}, which ${groups.some((g) => /docker|lxd|libvirt|disk/i.test(g)) ? 'is equivalent to root on this machine' : 'grants administrator (root) rights'}.`,
    span: spanFromProgram(cmd, words),
  });
  if (cmd.program === 'usermod') {
    const i = cmd.args.findIndex((a) => /^(-a?G|-aG|-Ga|--groups|--append)$/.test(a.value) || /^-[a-zA-Z]*G$/.test(a.value));
    if (i === -1) return undefined;
    const gi = cmd.args.findIndex((a, k) => k >= i && (/^-[a-zA-Z]*G$/.test(a.value) || a.value === '--groups'));
    const list = cmd.args[gi + 1];
    if (!list) return undefined;
    const groups = list.value.split(',').filter((g) => ADMIN_GROUPS.test(g));
    if (!groups.length) return undefined;
    return say(operands(cmd).filter((w) => w !== list).pop()?.value, groups, [cmd.args[gi], list]);
  }
  if (cmd.program === 'gpasswd') {
    const i = cmd.args.findIndex((a) => a.value === '-a' || a.value === '--add' || a.value === '-M' || a.value === '--members');
    if (i === -1) return undefined;
    const group = operands(cmd).filter((w) => w !== cmd.args[i + 1]).pop();
    if (!group || !ADMIN_GROUPS.test(group.value)) return undefined;
    return say(cmd.args[i + 1]?.value, [group.value], [cmd.args[i], group]);
  }
  if (cmd.program === 'adduser' || cmd.program === 'addgroup') {
    const ops = operands(cmd);
    if (ops.length !== 2 || !ADMIN_GROUPS.test(ops[1].value)) return undefined;
    return say(ops[0].value, [ops[1].value], ops);
  }
  if (cmd.program === 'dseditgroup') {
    const g = operands(cmd).pop();
    if (!g || !ADMIN_GROUPS.test(g.value) || !cmd.args.some((a) => a.value === '-a')) return undefined;
    return say(cmd.args[cmd.args.findIndex((a) => a.value === '-a') + 1]?.value, [g.value], [g]);
  }
  if (cmd.program === 'net') {
    const ops = operands(cmd);
    if (ops[0]?.value.toLowerCase() !== 'localgroup' || !ops[1] || !ADMIN_GROUPS.test(ops[1].value) || !cmd.args.some((a) => /^\/add$/i.test(a.value))) return undefined;
    return say(ops[2]?.value, [ops[1].value], ops.slice(0, 3));
  }
  if (cmd.program === 'add-localgroupmember') {
    const i = cmd.args.findIndex((a) => /^-group$/i.test(a.value));
    const g = cmd.args[i + 1];
    if (i === -1 || !g || !ADMIN_GROUPS.test(g.value)) return undefined;
    const m = cmd.args.findIndex((a) => /^-member$/i.test(a.value));
    return say(m !== -1 ? cmd.args[m + 1]?.value : undefined, [g.value], [cmd.args[i], g]);
  }
  return undefined;
}

const adminGroupRule: CommandRule = {
  id: 'SYS014',
  name: 'admin-group-grant',
  category: 'system',
  severity: 'high',
  triggers: [
    { programs: ['usermod', 'gpasswd', 'adduser', 'addgroup', 'dseditgroup', 'add-localgroupmember'] },
    { programs: ['net'], subcommands: ['localgroup'] },
  ],
  summary: 'Adds a user to sudo, wheel, admin, docker or another group that amounts to root.',
  rationale: 'Membership in these groups is root in all but name (docker and lxd can mount the host’s filesystem); it outlives the task that needed it and is easy to forget.',
  alternative: 'Grant the one command needed through a scoped sudoers.d entry reviewed by a human, or run the task in a container built for it.',
  examples: { fire: ['sudo usermod -aG sudo agent', 'usermod -a -G docker ci', 'gpasswd -a dev wheel'], pass: ['usermod -aG video dev', 'groups dev', 'id -nG'] },
  check: adminGroup,
};

export const systemPack: RulePack = {
  name: 'system',
  description: 'The machine and its safety switches: shutdown, mass kills, cron, firewall, SELinux, agent permission bypasses, users and sudoers.',
  rules: [shutdownRule, killAllRule, crontabRule, firewallRule, securityModuleRule, agentBypassRule, sysctlRule, sshStopRule, chattrRule, historyRule, passwordRule, userDeleteRule, sudoersRule, adminGroupRule],
};
