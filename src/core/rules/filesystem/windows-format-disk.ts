import type { SimpleCommand } from '../../shell/model';
import { stringText } from '../../shell/powershell';
import type { CommandRule, RuleMatch } from '../rule';
import { diskpartScriptWord, diskpartVerdict } from './helpers';

/** Programs that print their arguments, as a pipe into diskpart uses them. */
const PRINTERS = ['echo', 'write-output', 'printf'];

/**
 * The script diskpart reads on its input when the line shows it: a heredoc or here-string, a
 * string piped in (PowerShell), or what echo / Write-Output / printf print into the pipe (each
 * echo of a parenthesised cmd.exe group a line). Undefined when the line does not show it.
 */
function scriptOnLine(cmd: SimpleCommand): string | undefined {
  if (cmd.stdinText !== undefined) return cmd.stdinText;
  const feeders = cmd.pipeline?.previous ?? [];
  if (!feeders.length || !feeders.every((c) => PRINTERS.includes(c.program))) return undefined;
  return feeders
    .map((c) => {
      const args = c.args.filter((a) => !(c.dialect === 'posix' && /^-[neE]+$/.test(a.value)));
      // cmd's echo prints the rest of its line as written; PowerShell's Write-Output one object a line.
      if (c.dialect === 'cmd') return args.map((a) => a.raw).join(' ');
      if (c.dialect === 'pwsh') return args.map((a) => stringText(a.raw)).join('\n');
      const text = args.map((a) => a.value).join(' ');
      return c.program === 'printf' || c.args.some((a) => /^-[nE]*e[nE]*$/.test(a.value)) ? text.replace(/\\n/g, '\n') : text;
    })
    .join('\n');
}

export const windowsFormatDisk: CommandRule = {
  id: 'FS011',
  name: 'windows-format-disk',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['format', 'format-volume', 'clear-disk', 'initialize-disk', 'remove-partition', 'diskpart'] }],
  summary: 'Formats or wipes a Windows volume or disk: format, Format-Volume, Clear-Disk, Remove-Partition, diskpart (a script fed to it on the line is judged by its clean, format and delete statements).',
  rationale: 'Each of these erases a whole volume or disk.',
  alternative: 'Do disk maintenance by hand in Disk Management, never from an agent session.',
  examples: {
    fire: ['cmd /c format D: /q', 'pwsh -c "Format-Volume -DriveLetter D"', 'pwsh -c "Clear-Disk -Number 1 -RemoveData"', 'pwsh -c "Get-Disk 1 | Clear-Disk -RemoveData"', 'cmd /c "(echo select disk 1 & echo clean) | diskpart"'],
    pass: ['pwsh -c "Format-Volume -DriveLetter D -WhatIf"', 'cmd /c "format /?"', 'pwsh -c "Get-Volume"', 'cmd /c dir D:', 'pwsh -c "Get-Disk"', 'pwsh -c "Format-Table"', 'cmd /c "(echo select disk 1 & echo detail disk) | diskpart"'],
  },
  check(cmd) {
    if (cmd.program === 'diskpart') {
      // diskpart exists only on Windows: a script fed to it is judged whatever shell feeds it.
      const script = scriptOnLine(cmd);
      if (script !== undefined) {
        const verdict = diskpartVerdict(script, 'The diskpart script it is fed');
        return verdict && { severity: verdict.severity, span: cmd.span, message: verdict.message, context: { targetClass: 'system-root' } };
      }
      if (cmd.dialect === 'posix') return undefined;
    }
    if (cmd.dialect === 'posix') return undefined;
    // -WhatIf (every one of these cmdlets takes it) only says what would happen; `/?` is help.
    if (cmd.dialect === 'pwsh' && cmd.args.some((a) => /^-wh/i.test(a.value))) return undefined;
    if (cmd.args.some((a) => a.value === '/?')) return undefined;
    if (cmd.program === 'format' && cmd.dialect === 'cmd' && !cmd.args.some((a) => /^[a-z]:$/i.test(a.value))) return undefined;
    const match: RuleMatch = { span: cmd.span, message: `${cmd.programWord.value} erases a whole volume or disk.`, context: { targetClass: 'system-root' } };
    // `diskpart /s wipe.txt` runs the script in that file: what it says, once read (follow/diskpart.ts), replaces this.
    if (cmd.program === 'diskpart' && diskpartScriptWord(cmd)) match.untilRead = true;
    return match;
  },
};
