import type { SimpleCommand, Word } from '../../shell/model';
import { type CommandRule, spanFromProgram } from '../rule';
import { RECURSIVE, SINGLE, targetsOf, worst } from './helpers';

/** Remove-Item parameters that take no value. */
const PWSH_SWITCHES = ['recurse', 'force', 'whatif', 'confirm', 'verbose', 'debug', 'confirm:$false'];

/** PowerShell switch names match any unambiguous prefix. */
function hasSwitch(cmd: SimpleCommand, name: string, min = 1): Word | undefined {
  return cmd.args.find((a) => {
    const v = a.value.toLowerCase();
    if (!v.startsWith('-')) return false;
    const n = v.slice(1).split(':')[0];
    return n.length >= min && name.startsWith(n);
  });
}

export const windowsRecursiveDelete: CommandRule = {
  id: 'FS010',
  name: 'windows-recursive-delete',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['remove-item', 'rd', 'rmdir', 'del', 'erase'] }],
  summary: 'PowerShell Remove-Item -Recurse or cmd.exe rd /s and del /s on folders that are not build output.',
  rationale: 'These are the Windows forms of rm -rf: recursive, no recycle bin, no prompt with -Force or /q.',
  alternative: 'Delete only build output, or move the folder aside (`Move-Item DIR DIR.bak`); use -WhatIf to preview.',
  examples: {
    fire: ['pwsh -Command "Remove-Item -Recurse -Force C:\\"', 'pwsh -c "rm -r -fo $env:USERPROFILE"', 'cmd /c rd /s /q C:\\Users', 'cmd /c "del /s /q src"'],
    pass: ['pwsh -c "Remove-Item -Recurse -Force node_modules"', 'pwsh -c "Remove-Item -Recurse src -WhatIf"', 'cmd /c rd /s /q dist', 'pwsh -c "Remove-Item file.txt"'],
  },
  check(cmd, { ctx }) {
    if (cmd.dialect === 'posix') return undefined;
    let recursive: boolean;
    let operands: Word[];
    if (cmd.dialect === 'pwsh') {
      if (hasSwitch(cmd, 'whatif', 2)) return undefined;
      recursive = !!hasSwitch(cmd, 'recurse', 1);
      operands = [];
      for (let i = 0; i < cmd.args.length; i++) {
        const v = cmd.args[i].value.toLowerCase();
        if (!v.startsWith('-')) {
          operands.push(cmd.args[i]);
          continue;
        }
        const n = v.slice(1).split(':')[0];
        if (PWSH_SWITCHES.some((x) => x.startsWith(n))) continue;
        // Any other named parameter takes a value; -Path and -LiteralPath name what is deleted.
        const value = cmd.args[i + 1];
        i++;
        if (value && (n === 'lp' || n === 'pspath' || (n.length >= 1 && ('path'.startsWith(n) || 'literalpath'.startsWith(n))))) operands.push(value);
      }
    } else {
      const sw = cmd.args.filter((a) => a.value.startsWith('/')).map((a) => a.value.toLowerCase());
      recursive = sw.includes('/s');
      operands = cmd.args.filter((a) => !a.value.startsWith('/') || /^\/[^/]{2,}/.test(a.value));
      if (!recursive && (cmd.program === 'rd' || cmd.program === 'rmdir')) return undefined;
    }
    const targets = targetsOf(cmd, operands, ctx);
    const hit = worst(targets, recursive ? RECURSIVE : SINGLE);
    if (!hit || (!recursive && hit.severity === 'low')) return undefined;
    return {
      severity: hit.severity,
      span: spanFromProgram(cmd, [hit.target.word]),
      message: `${recursive ? 'Recursively deletes' : 'Deletes'} ${hit.target.t.what}${recursive ? ' and everything under it' : ''}, bypassing the Recycle Bin.`,
      context: { targetClass: hit.target.t.cls },
    };
  },
};
