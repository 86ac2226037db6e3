import type { SimpleCommand, Word } from '../../shell/model';
import { shown } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';
import { operands } from './helpers';

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

export const sudoersChange: CommandRule = {
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
