/**
 * The command rule registry: every pack, and the indexes the engine and the pre-filter use.
 */
import { RISKY_WORDS } from '../shell/extract';
import { INTERPRETERS, POSIX_SHELLS, SHELL_STRING_OPTIONS, WRAPPERS } from '../shell/wrappers';
import type { CommandRule, RulePack } from './rule';
import { cloudPack } from './cloud/index';
import { containersPack } from './containers/index';
import { databasePack } from './database/index';
import { environmentPack } from './environment/index';
import { filesystemPack } from './filesystem/index';
import { gitPack } from './git/index';
import { iacPack } from './iac/index';
import { iamPack } from './iam/index';
import { kubernetesPack } from './kubernetes/index';
import { publishingPack } from './publishing/index';
import { remoteExecPack } from './remote-exec/index';
import { selfProtectionPack } from './self/index';
import { systemPack } from './system/index';
import { unanalyzablePack } from './unanalyzable/index';

export const RULE_PACKS: readonly RulePack[] = [
  filesystemPack,
  gitPack,
  cloudPack,
  iamPack,
  iacPack,
  kubernetesPack,
  containersPack,
  databasePack,
  publishingPack,
  remoteExecPack,
  systemPack,
  selfProtectionPack,
  environmentPack,
  unanalyzablePack,
];

export const COMMAND_RULES: readonly CommandRule[] = RULE_PACKS.flatMap((p) => p.rules);

export interface TriggerEntry {
  /** Any invocation of the program needs the engine. */
  any: boolean;
  /** Otherwise, only invocations naming one of these words. */
  subcommands: Set<string>;
}

/** Programs that run other programs: the pre-filter always hands them to the engine. */
export const PASS_THROUGH_PROGRAMS: readonly string[] = [
  ...Object.keys(WRAPPERS),
  ...POSIX_SHELLS,
  ...Object.keys(SHELL_STRING_OPTIONS),
  ...Object.keys(INTERPRETERS),
  'eval', 'exec', 'trap', 'source', '.', 'xargs', 'parallel', 'find', 'watch', 'ssh', 'kubectl', 'oc', 'docker', 'podman', 'nerdctl',
  'pwsh', 'powershell', 'cmd', 'cmd.exe', 'powershell.exe', 'pwsh.exe', 'pnpm', 'yarn', 'cd', 'pushd', 'ansible', 'atmos',
];

let index: Map<string, TriggerEntry> | undefined;

/** program → what makes an invocation of it worth a full look. Exported as data for the shims. */
export function triggerIndex(): ReadonlyMap<string, TriggerEntry> {
  if (!index) {
    index = new Map();
    const entry = (p: string): TriggerEntry => {
      let e = index!.get(p);
      if (!e) {
        e = { any: false, subcommands: new Set() };
        index!.set(p, e);
      }
      return e;
    };
    for (const r of COMMAND_RULES) {
      for (const t of r.triggers) {
        for (const p of t.programs) {
          const e = entry(p);
          if (!t.subcommands) e.any = true;
          else for (const s of t.subcommands) e.subcommands.add(s);
        }
      }
    }
    for (const p of PASS_THROUGH_PROGRAMS) entry(p).any = true;
    for (const p of index.keys()) RISKY_WORDS.add(p);
  }
  return index;
}
