import type { SimpleCommand } from '../../shell/model';
import type { CommandContext, Severity, TargetClass } from '../../types';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { RECURSIVE, splitArgs, targetsOf, worst } from './helpers';

const WIDE_MODE = /^(0?777|0?666|a\+[rwx]*w[rwx]*|o\+[rwx]*w[rwx]*|ugo\+[rwx]*w[rwx]*|\+w|0?000|a-[rwx]+|ugo-[rwx]+)$/;

export const recursivePermissions: CommandRule = {
  id: 'FS007',
  name: 'recursive-permissions',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['chmod', 'chown', 'chgrp', 'takeown', 'icacls'] }],
  summary: 'Recursively opens up (777, o+w) or locks down (000) permissions, or changes ownership, of system, home or project trees; on Windows, takeown /r, and icacls /t with /reset, /setowner or a grant to everyone.',
  rationale: 'chmod -R 777 exposes every file (keys included) to every user and breaks tools that check permissions, like ssh and sudo; chown -R on a system tree can make a machine unbootable. Neither is easy to undo file by file.',
  alternative: 'Change the one file or folder that needs it, with the narrowest mode (`chmod u+x script.sh`, `chmod 600 key`).',
  examples: {
    fire: ['chmod -R 777 /', 'sudo chown -R dev:dev /usr', 'chmod -R 777 ~', 'chmod -R a+rwx .', 'chmod -R 000 /etc', 'cmd /c takeown /f C:\\Windows /r /d y', 'cmd /c icacls C:\\Windows /reset /t'],
    pass: ['chmod +x scripts/build.sh', 'chmod 600 ~/.ssh/id_ed25519', 'chmod -R 755 dist', 'chown -R dev node_modules', 'chmod -R u+w src', 'cmd /c takeown /f dist /r', 'cmd /c icacls C:\\Windows\\System32 /grant dev:R /t'],
  },
  check(cmd, { ctx }) {
    if (cmd.program === 'takeown' || cmd.program === 'icacls') return windowsPermissions(cmd, ctx);
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

/** Who `icacls /grant` gives everything to when it opens a tree to every user. */
const EVERYONE = /^(\*?s-1-1-0|everyone|users|\*?s-1-5-32-545|authenticated users|\*?s-1-5-11)(:\(?(oi\)|ci\)|\(oi\)|\(ci\)|\(io\))*\(?(f|m|w)\)?)$/i;

/**
 * takeown /f PATH /r takes ownership of every file under PATH (Microsoft docs: /r recurses); icacls
 * PATH /t applies its change to every file under PATH: /reset replaces every ACL with the
 * inherited default, /setowner changes owners, /grant Everyone:F opens every file to every user.
 * On a system tree any of these can leave Windows unable to start or update.
 */
function windowsPermissions(cmd: SimpleCommand, ctx: CommandContext): RuleMatch | undefined {
  const words = cmd.args.map((a) => a.value.toLowerCase());
  if (words.includes('/?')) return undefined;
  let paths: typeof cmd.args;
  let owner: boolean;
  if (cmd.program === 'takeown') {
    if (!words.includes('/r')) return undefined;
    const f = words.indexOf('/f');
    paths = f !== -1 && cmd.args[f + 1] ? [cmd.args[f + 1]] : [];
    owner = true;
  } else {
    if (!words.includes('/t')) return undefined;
    paths = cmd.args.slice(0, 1).filter((a) => !a.value.startsWith('/'));
    const grant = words.findIndex((w) => w.startsWith('/grant'));
    const wide = grant !== -1 && cmd.args.slice(grant + 1).some((a) => !a.value.startsWith('/') && EVERYONE.test(a.value));
    owner = words.includes('/reset') || words.includes('/setowner');
    if (!owner && !wide) return undefined;
  }
  const targets = targetsOf(cmd, paths, ctx);
  const table: Readonly<Record<TargetClass, Severity | undefined>> = owner
    ? { ...RECURSIVE, 'workspace-source': undefined, 'workspace-root': undefined, glob: undefined, 'vcs-metadata': undefined, 'workspace-unknown': undefined, artifact: undefined, dynamic: 'low', 'outside-workspace': 'medium' }
    : { ...RECURSIVE, 'workspace-source': 'medium', 'workspace-root': 'medium', glob: 'medium', 'vcs-metadata': 'medium', 'workspace-unknown': 'low', dynamic: 'medium' };
  const hit = worst(targets, table);
  if (!hit) return undefined;
  const what = cmd.program === 'takeown' ? 'Takes ownership of every file under' : owner ? 'Replaces the permissions of every file under' : 'Gives every user full access to every file under';
  return { severity: hit.severity, span: spanFromProgram(cmd, [hit.target.word]), message: `${what} ${hit.target.t.what}.`, context: { targetClass: hit.target.t.cls } };
}
