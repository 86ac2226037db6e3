import type { Severity, TargetClass } from '../../types';
import { type CommandRule, spanFromProgram } from '../rule';
import { RECURSIVE, splitArgs, targetsOf, worst } from './helpers';

const WIDE_MODE = /^(0?777|0?666|a\+[rwx]*w[rwx]*|o\+[rwx]*w[rwx]*|ugo\+[rwx]*w[rwx]*|\+w|0?000|a-[rwx]+|ugo-[rwx]+)$/;

export const recursivePermissions: CommandRule = {
  id: 'FS007',
  name: 'recursive-permissions',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['chmod', 'chown', 'chgrp'] }],
  summary: 'Recursively opens up (777, o+w) or locks down (000) permissions, or changes ownership, of system, home or project trees.',
  rationale: 'chmod -R 777 exposes every file (keys included) to every user and breaks tools that check permissions, like ssh and sudo; chown -R on a system tree can make a machine unbootable. Neither is easy to undo file by file.',
  alternative: 'Change the one file or folder that needs it, with the narrowest mode (`chmod u+x script.sh`, `chmod 600 key`).',
  examples: {
    fire: ['chmod -R 777 /', 'sudo chown -R dev:dev /usr', 'chmod -R 777 ~', 'chmod -R a+rwx .', 'chmod -R 000 /etc'],
    pass: ['chmod +x scripts/build.sh', 'chmod 600 ~/.ssh/id_ed25519', 'chmod -R 755 dist', 'chown -R dev node_modules', 'chmod -R u+w src'],
  },
  check(cmd, { ctx }) {
    const { flags, operands } = splitArgs(cmd.args);
    const recursive = flags.has('R') || flags.has('recursive');
    if (!recursive || operands.length < 2) return undefined;
    const mode = operands[0];
    const targets = targetsOf(cmd, operands.slice(1), ctx);
    if (cmd.program === 'chmod' && !WIDE_MODE.test(mode.value)) return undefined;
    const table: Readonly<Record<TargetClass, Severity | undefined>> =
      cmd.program === 'chmod'
        ? { ...RECURSIVE, 'workspace-source': 'medium', 'workspace-root': 'medium', glob: 'medium', 'vcs-metadata': 'medium', 'workspace-unknown': 'low', dynamic: 'medium' }
        : { ...RECURSIVE, 'workspace-source': undefined, 'workspace-root': undefined, glob: undefined, 'vcs-metadata': undefined, 'workspace-unknown': undefined, dynamic: 'low', 'outside-workspace': 'medium' };
    const hit = worst(targets, table);
    if (!hit) return undefined;
    const what = cmd.program === 'chmod' ? `Sets mode ${mode.value} on every file under` : `Changes the owner of every file under`;
    return { severity: hit.severity, span: spanFromProgram(cmd, [mode, hit.target.word]), message: `${what} ${hit.target.t.what}.`, context: { targetClass: hit.target.t.cls } };
  },
};
