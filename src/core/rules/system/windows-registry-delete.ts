import { kindName } from '../../plain-text';
import type { Severity } from '../../types';
import type { SimpleCommand, Word } from '../../shell/model';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';

/**
 * A registry path as cmd's `reg` (`HKLM\Software\X`, `\\PC\HKLM\…`) or PowerShell's registry
 * provider (`HKLM:\Software\X`, `Registry::HKEY_LOCAL_MACHINE\…`) writes it: the hive, then the rest.
 */
const REGISTRY_PATH = /^(?:\\\\[^\\]+\\)?(?:(?:Microsoft\.PowerShell\.Core\\)?Registry::)?(HKLM|HKCU|HKCR|HKU|HKCC|HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER|HKEY_CLASSES_ROOT|HKEY_USERS|HKEY_CURRENT_CONFIG):?(?:\\+(.*))?$/i;

const HIVE: Record<string, string> = {
  hklm: 'hklm', hkey_local_machine: 'hklm',
  hkcu: 'hkcu', hkey_current_user: 'hkcu',
  hkcr: 'hkcr', hkey_classes_root: 'hkcr',
  hku: 'hku', hkey_users: 'hku',
  hkcc: 'hkcc', hkey_current_config: 'hkcc',
};

interface RegistryTarget {
  word: Word;
  hive: string;
  /** The key under the hive, without trailing backslashes; '' for the hive itself. */
  key: string;
}

function registryTarget(word: Word): RegistryTarget | undefined {
  if (word.dynamic) return undefined;
  const m = REGISTRY_PATH.exec(word.value);
  if (!m) return undefined;
  return { word, hive: HIVE[m[1].toLowerCase()], key: (m[2] ?? '').replace(/\\+$/, '') };
}

/**
 * How much a key's deletion destroys. A hive or one of its top keys (HKLM\SOFTWARE, HKLM\SYSTEM,
 * HKCU\Software) holds the machine's or the user's whole configuration; any other key under the
 * machine-wide hives configures every user; a key of the current user's own configures one.
 */
function keySeverity(t: RegistryTarget): Severity {
  const depth = t.key ? t.key.split(/\\+/).length : 0;
  if (depth <= 1) return 'critical';
  return t.hive === 'hkcu' ? 'medium' : 'high';
}

const HIVE_NAME: Record<string, string> = { hklm: 'the machine-wide registry (HKLM)', hkcu: 'your user registry (HKCU)', hkcr: 'the file-association registry (HKCR)', hku: "every user's registry (HKU)", hkcc: 'the hardware-profile registry (HKCC)' };

function describe(t: RegistryTarget): string {
  return t.key ? `registry ${kindName('key', t.word.value)}` : `the whole of ${HIVE_NAME[t.hive]}`;
}

/** `reg delete KEY [/v NAME | /ve | /va] [/f]` (reg delete /?). */
function regDelete(cmd: SimpleCommand): RuleMatch | undefined {
  const sub = cmd.args.findIndex((a) => !a.value.startsWith('/'));
  if (sub === -1 || cmd.args[sub].value.toLowerCase() !== 'delete') return undefined;
  const rest = cmd.args.slice(sub + 1);
  const target = rest.map(registryTarget).find((t) => t !== undefined);
  if (!target) return undefined;
  const valueOnly = rest.some((a) => /^\/(v|ve|va)$/i.test(a.value));
  if (valueOnly) return { severity: 'medium', message: `deletes values of ${describe(target)}, which programs read their settings from.`, span: spanFromProgram(cmd, [target.word]) };
  return { severity: keySeverity(target), message: `deletes ${describe(target)} and every subkey and value under it; the registry has no recycle bin.`, span: spanFromProgram(cmd, [target.word]) };
}

/** Values of PowerShell's named parameters that name what is removed. */
function pwshPaths(cmd: SimpleCommand): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const v = cmd.args[i].value;
    if (!v.startsWith('-')) {
      out.push(cmd.args[i]);
      continue;
    }
    const n = v.slice(1).split(':')[0].toLowerCase();
    if (n === 'path' || n === 'literalpath' || n === 'lp' || n === 'pspath') {
      if (cmd.args[i + 1]) out.push(cmd.args[i + 1]);
      i++;
    } else if (n === 'name' || n === 'include' || n === 'exclude' || n === 'filter') i++;
  }
  return out;
}

/** `Remove-Item HKLM:\…` (the registry provider) and `Remove-ItemProperty HKLM:\… -Name X`. */
function pwshRemove(cmd: SimpleCommand): RuleMatch | undefined {
  if (cmd.args.some((a) => /^-wh/i.test(a.value))) return undefined;
  const target = pwshPaths(cmd).map(registryTarget).find((t) => t !== undefined);
  if (!target) return undefined;
  if (cmd.program === 'remove-itemproperty') return { severity: 'medium', message: `deletes values of ${describe(target)}, which programs read their settings from.`, span: spanFromProgram(cmd, [target.word]) };
  return { severity: keySeverity(target), message: `deletes ${describe(target)}${cmd.args.some((a) => /^-r/i.test(a.value)) ? ' and every subkey under it' : ''}; the registry has no recycle bin.`, span: spanFromProgram(cmd, [target.word]) };
}

export const windowsRegistryDelete: CommandRule = {
  id: 'SYS021',
  name: 'windows-registry-delete',
  category: 'system',
  severity: 'critical',
  triggers: [{ programs: ['reg', 'remove-item', 'remove-itemproperty'] }],
  summary: 'Deletes Windows registry keys or values: `reg delete`, or Remove-Item and Remove-ItemProperty on a registry path (HKLM:, HKCU:, Registry::…).',
  rationale: 'The registry holds the configuration of Windows, its services and every installed program; a deleted key is gone (no recycle bin), and one under HKLM changes the machine for every user.',
  alternative: 'Export the key first (`reg export HKLM\\Software\\X backup.reg`), delete only the one value you mean, or preview with -WhatIf.',
  examples: {
    fire: ["cmd /c 'reg delete HKLM\\SOFTWARE\\Policies\\Microsoft /f'", "cmd /c 'reg delete HKLM\\SYSTEM /f'", 'pwsh -c "Remove-Item -Path HKLM:\\SOFTWARE\\Contoso -Recurse"', 'pwsh -c "Remove-Item Registry::HKEY_CURRENT_USER\\Software -Recurse -Force"', "cmd /c 'reg delete HKCU\\Software\\Contoso\\App /v Theme /f'"],
    pass: ["cmd /c 'reg query HKLM\\SOFTWARE\\Contoso'", "cmd /c 'reg export HKCU\\Software\\Contoso backup.reg'", 'pwsh -c "Get-ItemProperty HKLM:\\SOFTWARE\\Contoso"', 'pwsh -c "Remove-Item -Path HKLM:\\SOFTWARE\\Contoso -Recurse -WhatIf"', 'pwsh -c "Remove-Item .\\HKLM-notes.txt"'],
  },
  check(cmd) {
    if (cmd.dialect === 'posix') return undefined;
    return cmd.program === 'reg' ? regDelete(cmd) : pwshRemove(cmd);
  },
};
