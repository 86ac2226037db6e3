import { shown } from '../cli-options';
import { type CommandRule, spanFromProgram } from '../rule';
import { isOpt } from './helpers';

// ---------------------------------------------------------------------------------------------
// SYS007

export const kernelParameterWrite: CommandRule = {
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
