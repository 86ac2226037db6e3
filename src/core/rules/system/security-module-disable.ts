import { kindName } from '../../plain-text';
import type { SimpleCommand, Word } from '../../shell/model';
import { shown } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { operands, stoppedUnits } from './helpers';

const isOptWord = (w: Word): boolean => /^-[A-Za-z]/.test(w.value);

// ---------------------------------------------------------------------------------------------
// SYS005

export const SECURITY_UNITS: ReadonlySet<string> = new Set(['apparmor', 'auditd', 'selinux', 'falcon-sensor', 'clamav-daemon', 'osqueryd', 'windefend', 'WinDefend', 'sense', 'Sense']);

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
      return { severity: 'medium', message: `${cmd.program === 'aa-disable' ? 'disables' : 'stops enforcing'} the ${kindName('AppArmor profile', ops.map((w) => shown(w.value)).join(', '))}.`, span: spanFromProgram(cmd, ops) };
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
    case 'set-executionpolicy': {
      // Set-ExecutionPolicy [-ExecutionPolicy] <policy> [-Scope <scope>]; without -Scope it is LocalMachine.
      const at = cmd.args.findIndex((a) => /^-ExecutionPolicy$/i.test(a.value));
      const policy = at !== -1 ? cmd.args[at + 1] : cmd.args.find((a, i) => !isOptWord(a) && (i === 0 || !/^-(Scope|ExecutionPolicy)$/i.test(cmd.args[i - 1].value)));
      if (!policy || !/^(Unrestricted|Bypass)$/i.test(policy.value)) return undefined;
      const s = cmd.args.findIndex((a) => /^-Scope$/i.test(a.value));
      const scope = s !== -1 ? (cmd.args[s + 1]?.value ?? '') : 'LocalMachine';
      if (!/^(LocalMachine|MachinePolicy)$/i.test(scope)) return undefined;
      return { severity: 'medium', message: `sets the PowerShell execution policy to ${policy.value} for every user of the machine (${scope} scope): any script runs, signed or not, downloaded or not.`, span: spanFromProgram(cmd, [policy, ...(s !== -1 ? cmd.args.slice(s, s + 2) : [])]) };
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

export const securityModuleDisable: CommandRule = {
  id: 'SYS005',
  name: 'security-module-disable',
  category: 'system',
  severity: 'high',
  triggers: [
    { programs: ['setenforce', 'aa-teardown', 'aa-disable', 'aa-complain', 'auditctl', 'set-mppreference', 'set-executionpolicy', 'spctl', 'csrutil'] },
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
