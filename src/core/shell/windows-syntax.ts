/**
 * Tells a line sent as bash that is written for PowerShell or cmd.exe: agents on Windows send
 * `Remove-Item -Recurse C:\build` or `rd /s /q C:\build` through a tool that calls it bash. The
 * engine then judges the line in those shells too and keeps the stronger answer. Pure and cheap:
 * one pass of a few anchored expressions, on lines of bounded length.
 */

/** PowerShell's approved verbs (Get-Verb), the first half of every cmdlet name. */
const VERBS =
  'Add|Approve|Assert|Backup|Block|Build|Checkpoint|Clear|Close|Compare|Complete|Compress|Confirm|Connect|Convert|ConvertFrom|ConvertTo|Copy|Debug|Deny|Deploy|Disable|Disconnect|Dismount|Edit|Enable|Enter|Exit|Expand|Export|Find|Format|Get|Grant|Group|Hide|Import|Initialize|Install|Invoke|Join|Limit|Lock|Measure|Merge|Mount|Move|New|Open|Optimize|Out|Ping|Pop|Protect|Publish|Push|Read|Receive|Redo|Register|Remove|Rename|Repair|Request|Reset|Resize|Resolve|Restart|Restore|Resume|Revoke|Save|Search|Select|Send|Set|Show|Skip|Split|Start|Step|Stop|Submit|Suspend|Switch|Sync|Test|Trace|Unblock|Undo|Uninstall|Unlock|Unprotect|Unpublish|Unregister|Update|Use|Wait|Watch|Write';

/**
 * A cmdlet as a statement's first word: an approved verb, a hyphen and a capitalised noun
 * (`Remove-Item`, `Stop-Process`). Linux tools with hyphens are lower-case (`apt-get`, `ssh-keygen`).
 */
const CMDLET_FIRST = new RegExp(`(?:^|[;&|\\n({]\\s*)(?:${VERBS})-[A-Z][A-Za-z]+(?=\\s|$|[;|)}])`, 'm');

/**
 * What every line CMDLET_FIRST matches holds (each verb ends in a lower-case letter). V8 compiles
 * CMDLET_FIRST's hundred verbs on its first use, about a millisecond in a process that judges one
 * line: a line without this (`terraform destroy -auto-approve`) never needs it.
 */
const CMDLET_HINT = /[a-z]-[A-Z]/;
/** Likewise for CMD_SWITCHES (a blank right before the `/x` switch) and PWSH_SYNTAX (a colon). */
const SWITCH_HINT = /\s\/[A-Za-z?]/;

/** PowerShell's own syntax: `$env:NAME`, the drive-qualified registry and profile forms. */
const PWSH_SYNTAX = /\$env:[A-Za-z_]|(?:^|\s)(?:HKLM|HKCU|HKCR|HKU|HKCC):/i;

/**
 * A cmd.exe built-in or Windows tool as a statement's first word, followed by a `/x` switch
 * (`start /wait diskpart /s x.txt`: start's own switches are longer, the started tool's count).
 */
const CMD_SWITCHES = /(?:^|[;&|\n(]\s*)(?:rd|rmdir|del|erase|format|taskkill|reg|diskpart|shutdown|icacls|takeown|cipher|robocopy|bcdedit|vssadmin|wmic|start)(?:\.exe)?\s(?:[^;&|\n]*\s)?\/[A-Za-z?]{1,3}(?=\s|$|:)/im;

/** A Windows path: a drive letter and a backslash, or a drive alone as a word (`format D:`). */
const DRIVE_PATH = /(?:^|[\s"'=(])[A-Za-z]:(?:\\|(?=[\s"')]|$))/;

const MAX_LINE = 8 * 1024;

/** The Windows shells a bash line is also written for (none for ordinary bash). */
export function windowsDialectsOf(line: string): ('pwsh' | 'cmd')[] {
  if (line.length > MAX_LINE) return [];
  const pwsh = (CMDLET_HINT.test(line) && CMDLET_FIRST.test(line)) || (line.includes(':') && PWSH_SYNTAX.test(line));
  const cmd = SWITCH_HINT.test(line) && CMD_SWITCHES.test(line);
  const drive = !pwsh && !cmd && DRIVE_PATH.test(line);
  const out: ('pwsh' | 'cmd')[] = [];
  if (pwsh || drive) out.push('pwsh');
  if (cmd || drive) out.push('cmd');
  return out;
}
