import type { CommandRule } from '../rule';

export const windowsFormatDisk: CommandRule = {
  id: 'FS011',
  name: 'windows-format-disk',
  category: 'filesystem',
  severity: 'critical',
  triggers: [{ programs: ['format', 'format-volume', 'clear-disk', 'initialize-disk', 'remove-partition', 'diskpart'] }],
  summary: 'Formats or wipes a Windows volume or disk: format, Format-Volume, Clear-Disk, Remove-Partition, diskpart.',
  rationale: 'Each of these erases a whole volume or disk.',
  alternative: 'Do disk maintenance by hand in Disk Management, never from an agent session.',
  examples: {
    fire: ['cmd /c format D: /q', 'pwsh -c "Format-Volume -DriveLetter D"', 'pwsh -c "Clear-Disk -Number 1 -RemoveData"', 'pwsh -c "Get-Disk 1 | Clear-Disk -RemoveData"'],
    pass: ['pwsh -c "Format-Volume -DriveLetter D -WhatIf"', 'cmd /c "format /?"', 'pwsh -c "Get-Volume"', 'cmd /c dir D:', 'pwsh -c "Get-Disk"', 'pwsh -c "Format-Table"'],
  },
  check(cmd) {
    if (cmd.dialect === 'posix') return undefined;
    // -WhatIf (every one of these cmdlets takes it) only says what would happen; `/?` is help.
    if (cmd.dialect === 'pwsh' && cmd.args.some((a) => /^-wh/i.test(a.value))) return undefined;
    if (cmd.args.some((a) => a.value === '/?')) return undefined;
    if (cmd.program === 'format' && cmd.dialect === 'cmd' && !cmd.args.some((a) => /^[a-z]:$/i.test(a.value))) return undefined;
    return { span: cmd.span, message: `${cmd.programWord.value} erases a whole volume or disk.`, context: { targetClass: 'system-root' } };
  },
};
