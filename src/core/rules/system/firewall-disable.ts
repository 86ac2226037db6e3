import { kindName } from '../../plain-text';
import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { isOpt, operands, stoppedUnits } from './helpers';

// ---------------------------------------------------------------------------------------------
// SYS004

export const FIREWALL_UNITS: ReadonlySet<string> = new Set(['firewalld', 'ufw', 'nftables', 'iptables', 'ip6tables', 'netfilter-persistent', 'mpssvc', 'MpsSvc', 'pf']);

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
    if ((ops[0] === 'flush' || ops[0] === 'delete') && ops[1] === 'table') return say(`${ops[0] === 'flush' ? 'empties' : 'deletes'} nftables ${kindName('table', ops.slice(2).join(' '))}`, operands(cmd).slice(0, 2), 'medium');
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

export const firewallDisable: CommandRule = {
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
