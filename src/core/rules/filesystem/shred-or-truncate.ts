import type { Severity, TargetClass } from '../../types';
import { type CommandRule, spanFromProgram } from '../rule';
import { DEVICE, MeasuredDeletion, SINGLE, splitArgs, stateBump, targetsOf, worst } from './helpers';

const OVERWRITE: Readonly<Record<TargetClass, Severity | undefined>> = { ...SINGLE, 'workspace-source': 'medium', glob: 'medium', 'workspace-unknown': 'medium' };

export const shredOrTruncate: CommandRule = {
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
    // What each file holds, counted as for rm: its contents are as gone as a deleted file's.
    const measured = cmd.remote ? undefined : new MeasuredDeletion(ctx);
    const hit = worst(targets, OVERWRITE, (t) => {
      const base = stateBump(t) ?? (t.cls === 'system-root' && DEVICE.test(t.path ?? '') ? 'critical' : OVERWRITE[t.cls]);
      return base && measured ? measured.weigh(t, base) : base;
    });
    if (!hit) return undefined;
    const verb = cmd.program === 'shred' ? 'Overwrites' : 'Empties';
    const severity = cmd.program === 'shred' && hit.severity === 'medium' ? 'high' : hit.severity;
    return {
      severity,
      span: spanFromProgram(cmd, [hit.target.word]),
      message: `${verb} ${hit.target.t.what} so its contents cannot be recovered${measured?.words(hit.target.t, targets.length > 1 ? hit.target.t.what : undefined) ?? ''}.`,
      context: { targetClass: hit.target.t.cls },
    };
  },
};
