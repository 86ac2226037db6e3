import type { SimpleCommand } from '../../shell/model';
import { shown } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';

const EDITOR_CLIS = ['code', 'code-insiders', 'code-server', 'codium', 'cursor', 'windsurf', 'code-oss', 'openvscode-server'];

const OUR_EXTENSION = /^blast-radius\.blast-radius(@.*)?$/i;

function uninstall(cmd: SimpleCommand): RuleMatch | undefined {
  const values = cmd.args.map((a) => a.value);
  if (cmd.program === 'blast-radius') {
    const i = values.indexOf('hooks');
    const sub = i === -1 ? undefined : values[i + 1];
    if (sub === 'uninstall') {
      const target = values.slice(i + 2).find((v) => !v.startsWith('-')) ?? 'an agent';
      return { span: spanFromProgram(cmd, cmd.args.slice(i, i + 3)), message: `Removes the Blast Radius hook ${target === 'git' ? 'from git (the pre-commit check)' : `of ${shown(target)}`}: its calls are no longer checked.` };
    }
    if (sub === 'install') {
      // A launcher that is not ours answers every hook call with nothing, which agents read as "allow".
      const at = values.findIndex((v) => v === '--launcher' || v.startsWith('--launcher='));
      if (at === -1) return undefined;
      const launcher = values[at].startsWith('--launcher=') ? values[at].slice('--launcher='.length) : values[at + 1];
      if (launcher === undefined || /(^|[\\/])blast-radius(\.cmd)?$/.test(launcher)) return undefined;
      return { span: spanFromProgram(cmd, cmd.args.slice(at, at + 2)), message: `Registers ${shown(launcher)} as the Blast Radius hook: a program that is not Blast Radius answers every call, so nothing is checked.` };
    }
    return undefined;
  }
  if (['npm', 'pnpm', 'yarn', 'bun'].includes(cmd.program)) {
    const global = values.some((v) => v === '-g' || v === '--global' || v === '--location=global') || (cmd.program === 'yarn' && values[0] === 'global');
    const verb = values.find((v) => ['uninstall', 'remove', 'rm', 'un', 'r', 'unlink'].includes(v));
    const pkg = cmd.args.find((a) => a.value === 'blast-radius' || a.value.startsWith('blast-radius@'));
    if (!global || !verb || !pkg) return undefined;
    return { span: spanFromProgram(cmd, [pkg]), message: 'Uninstalls the Blast Radius command: the launcher every agent hook runs loses its program, and the hooks stop checking.' };
  }
  if (EDITOR_CLIS.includes(cmd.program)) {
    for (let i = 0; i < cmd.args.length; i++) {
      const a = cmd.args[i].value;
      const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      if (flag !== '--uninstall-extension' && flag !== '--disable-extension') continue;
      const id = inline ?? cmd.args[i + 1]?.value;
      if (id === undefined || !OUR_EXTENSION.test(id)) continue;
      return {
        span: spanFromProgram(cmd, cmd.args.slice(i, i + (inline === undefined ? 2 : 1))),
        message: `${flag === '--uninstall-extension' ? 'Uninstalls' : 'Starts the editor with'} the Blast Radius extension${flag === '--disable-extension' ? ' disabled' : ''}: edits, deletions and terminal commands are no longer watched or gated.`,
      };
    }
  }
  return undefined;
}

export const protectionUninstalled: CommandRule = {
  id: 'SELF006',
  name: 'protection-uninstalled',
  category: 'self-protection',
  severity: 'critical',
  triggers: [
    { programs: ['blast-radius'], subcommands: ['uninstall', 'install'] },
    { programs: ['npm', 'pnpm', 'yarn', 'bun'], subcommands: ['uninstall', 'remove', 'rm', 'un', 'r', 'unlink'] },
    { programs: EDITOR_CLIS, subcommands: ['--uninstall-extension', '--disable-extension'] },
  ],
  summary: 'Uninstalls Blast Radius or one of its hooks: `blast-radius hooks uninstall`, `npm uninstall -g blast-radius`, `code --uninstall-extension blast-radius.blast-radius`.',
  rationale: 'Removing the guard is the one step after which no other step is checked. When an agent does it, the user loses protection without having decided to.',
  alternative: 'Ask the user to uninstall it themselves if it is in the way; report a wrong finding rather than removing the checker.',
  examples: {
    fire: ['blast-radius hooks uninstall claude-code', 'npx blast-radius hooks uninstall codex --user', 'npm uninstall -g blast-radius', 'code --uninstall-extension blast-radius.blast-radius', 'blast-radius hooks install codex --launcher /bin/true'],
    pass: ['blast-radius hooks install claude-code', 'blast-radius hooks status', 'npm uninstall left-pad', 'code --install-extension blast-radius.blast-radius', 'npm uninstall blast-radius-fixtures -g'],
  },
  check: uninstall,
};
