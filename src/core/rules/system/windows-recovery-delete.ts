import { kindName } from '../../plain-text';
import type { Severity } from '../../types';
import type { CommandRule } from '../rule';

/** The boot entries Windows itself starts from (bcdedit's well-known identifiers). */
const BOOT_ENTRIES = ['{current}', '{default}', '{bootmgr}', '{fwbootmgr}', '{memdiag}'];

/**
 * What each tool deletes, from its documentation (learn.microsoft.com, windows-commands):
 * `vssadmin delete shadows` and `wmic shadowcopy delete` delete volume shadow copies (restore
 * points and Previous Versions); `wbadmin delete catalog` deletes the backup catalog, so the
 * backups it lists can no longer be restored through it, and `delete systemstatebackup` / `delete
 * backup` the backups themselves; `bcdedit /delete` removes a boot entry, and `/set … recoveryenabled
 * no` turns Windows' automatic recovery off.
 */
function judge(program: string, words: string[]): { severity: Severity; what: string } | undefined {
  const has = (w: string): boolean => words.includes(w);
  if (program === 'vssadmin' && words[0] === 'delete' && words[1] === 'shadows') {
    const all = has('/all') || words.some((w) => w.startsWith('/for='));
    return { severity: all ? 'critical' : 'high', what: all ? 'every shadow copy of the volume (restore points and Previous Versions)' : 'a shadow copy (a restore point)' };
  }
  if (program === 'wmic' && has('shadowcopy') && has('delete')) return { severity: 'critical', what: 'the shadow copies it selects (restore points and Previous Versions)' };
  if (program === 'wbadmin' && words[0] === 'delete') {
    if (words[1] === 'catalog') return { severity: 'high', what: 'the backup catalog, so its backups can no longer be restored with wbadmin' };
    if (words[1] === 'systemstatebackup' || words[1] === 'backup') return { severity: 'high', what: `${words[1] === 'backup' ? 'backups' : 'system state backups'}` };
    return undefined;
  }
  if (program === 'bcdedit') {
    const at = words.indexOf('/delete');
    if (at !== -1) {
      const id = words[at + 1] ?? '';
      return { severity: BOOT_ENTRIES.includes(id) ? 'critical' : 'high', what: `the ${kindName('boot entry', id || '(unnamed)')}${BOOT_ENTRIES.includes(id) ? ', which Windows starts from' : ''}` };
    }
    const set = words.indexOf('/set');
    if (set !== -1 && words[set + 2] === 'recoveryenabled' && /^(no|off|0|false)$/.test(words[set + 3] ?? '')) return { severity: 'medium', what: "Windows' automatic recovery (recoveryenabled no)" };
  }
  return undefined;
}

export const windowsRecoveryDelete: CommandRule = {
  id: 'SYS022',
  name: 'windows-recovery-delete',
  category: 'system',
  severity: 'critical',
  triggers: [{ programs: ['vssadmin', 'wmic', 'wbadmin', 'bcdedit'] }],
  summary: "Deletes Windows' ways back: shadow copies (vssadmin delete shadows, wmic shadowcopy delete), the backup catalog or backups (wbadmin delete), boot entries (bcdedit /delete), or turns automatic recovery off.",
  rationale: 'Shadow copies, backups and boot entries are what a machine is restored from; deleting them is the first step of ransomware and leaves nothing to go back to.',
  alternative: 'List them instead (`vssadmin list shadows`, `wbadmin get versions`, `bcdedit /enum`), and delete old restore points from System Protection by hand.',
  examples: {
    fire: ['vssadmin delete shadows /all /quiet', 'wbadmin delete catalog -quiet', 'bcdedit /delete {current}', 'cmd /c "wmic shadowcopy delete"'],
    pass: ['vssadmin list shadows', 'wbadmin get versions', 'bcdedit /enum', 'bcdedit /deletevalue {default} safeboot', 'echo "vssadmin delete shadows /all"'],
  },
  check(cmd) {
    // Their switches are case-insensitive; wbadmin takes -quiet as well as /quiet.
    const words = cmd.args.map((a) => a.value.toLowerCase());
    if (words.includes('/?') || words.includes('-?')) return undefined;
    const hit = judge(cmd.program.replace(/\.exe$/, ''), words);
    if (!hit) return undefined;
    return { severity: hit.severity, span: cmd.span, message: `${cmd.programWord.value} ${hit.severity === 'medium' ? 'turns off' : 'deletes'} ${hit.what}.`, context: { targetClass: 'system-root' } };
  },
};
