import { shown } from '../cli-options';
import { type CommandRule, spanFromProgram } from '../rule';
import { operands } from './helpers';

// ---------------------------------------------------------------------------------------------
// SYS009

export const immutableFlagRemoval: CommandRule = {
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
