/**
 * The command rules as the engine reaches them: only the packs a command triggers are loaded.
 * Which pack a program, a redirect or an assignment triggers is data (pack-triggers.ts, which the
 * build writes in as data), so judging `terraform destroy` evaluates the Terraform rules and
 * not the 130 others. In dist/ each pack is a bundle of its own (engine-rules-<folder>.js, see
 * scripts/build.mjs), read through the code cache only when a line needs it: a hook call without
 * the warm server pays for the packs it uses, not for every rule's code.
 *
 * The lists come out in the registry's order (index.ts: the packs in order, each pack's rules in
 * order), as the eager lists in index.ts do, so findings come out in the same order.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { RISKY_WORDS } from '../shell/extract';
import { packTriggers } from './pack-triggers';
import { prefilterTriggers } from './prefilter-triggers';
import type { CommandRule, RulePack } from './rule';

/**
 * Each pack by its name. A `require` each (not an import), so that a pack is evaluated, and in
 * dist/ its bundle read, only when a command triggers it.
 */
const PACK_LOADERS: Readonly<Record<string, () => RulePack>> = {
  filesystem: () => (require('./filesystem/index') as typeof import('./filesystem/index')).filesystemPack,
  git: () => (require('./git/index') as typeof import('./git/index')).gitPack,
  cloud: () => (require('./cloud/index') as typeof import('./cloud/index')).cloudPack,
  iam: () => (require('./iam/index') as typeof import('./iam/index')).iamPack,
  iac: () => (require('./iac/index') as typeof import('./iac/index')).iacPack,
  kubernetes: () => (require('./kubernetes/index') as typeof import('./kubernetes/index')).kubernetesPack,
  containers: () => (require('./containers/index') as typeof import('./containers/index')).containersPack,
  database: () => (require('./database/index') as typeof import('./database/index')).databasePack,
  publishing: () => (require('./publishing/index') as typeof import('./publishing/index')).publishingPack,
  'remote-exec': () => (require('./remote-exec/index') as typeof import('./remote-exec/index')).remoteExecPack,
  system: () => (require('./system/index') as typeof import('./system/index')).systemPack,
  'self-protection': () => (require('./self/index') as typeof import('./self/index')).selfProtectionPack,
  environment: () => (require('./environment/index') as typeof import('./environment/index')).environmentPack,
  unanalyzable: () => (require('./unanalyzable/index') as typeof import('./unanalyzable/index')).unanalyzablePack,
};

/** The names of the packs loaded so far (tests: a line loads the packs it triggers, no other). */
const loaded = new Map<string, RulePack>();

function pack(name: string): RulePack {
  let p = loaded.get(name);
  if (!p) {
    const load = PACK_LOADERS[name];
    if (!load) throw new Error(`no loader for rule pack ${name}`);
    p = load();
    loaded.set(name, p);
  }
  return p;
}

/** The packs loaded so far, by name. */
export function loadedPacks(): string[] {
  return [...loaded.keys()];
}

/** The names the loaders know (a test holds them against index.ts). */
export const PACK_NAMES: readonly string[] = Object.keys(PACK_LOADERS);

/** Loads every pack now (the warm hook server, which answers many calls, does it once at start). */
export function loadEveryPack(): void {
  for (const name of PACK_NAMES) pack(name);
}

interface PackIndex {
  byProgram: Map<string, string[]>;
  onRedirect: string[];
  byAssignment: Map<string, string[]>;
}

let index: PackIndex | undefined;

function packIndex(): PackIndex {
  if (!index) {
    const i: PackIndex = { byProgram: new Map(), onRedirect: [], byAssignment: new Map() };
    const add = (m: Map<string, string[]>, key: string, name: string): void => {
      const list = m.get(key);
      if (!list) m.set(key, [name]);
      else if (!list.includes(name)) list.push(name);
    };
    for (const p of packTriggers()) {
      for (const prog of p.programs) add(i.byProgram, prog, p.pack);
      if (p.redirect) i.onRedirect.push(p.pack);
      for (const a of p.assignments) add(i.byAssignment, a, p.pack);
    }
    index = i;
  }
  return index;
}

const byProgram = new Map<string, CommandRule[]>();

/** Rules one of whose triggers names `program`, in the registry's order. */
export function rulesForProgram(program: string): readonly CommandRule[] {
  let list = byProgram.get(program);
  if (!list) {
    const packs = packIndex().byProgram.get(program) ?? [];
    list = packs.flatMap((name) => pack(name).rules.filter((r) => r.triggers.some((t) => t.programs.includes(program))));
    byProgram.set(program, list);
  }
  return list;
}

let byRedirect: CommandRule[] | undefined;

/** Rules that judge every command writing a file through a redirect, whatever its program. */
export function rulesForRedirect(): readonly CommandRule[] {
  return (byRedirect ??= packIndex().onRedirect.flatMap((name) => pack(name).rules.filter((r) => r.onRedirect)));
}

const byAssignment = new Map<string, CommandRule[]>();

/** Rules that judge every command a prefix assignment of `name` sets it for, whatever its program. */
export function rulesForAssignment(name: string): readonly CommandRule[] {
  let list = byAssignment.get(name);
  if (!list) {
    const packs = packIndex().byAssignment.get(name) ?? [];
    list = packs.flatMap((p) => pack(p).rules.filter((r) => r.onAssignment?.includes(name)));
    byAssignment.set(name, list);
  }
  return list;
}

let risky = false;

/**
 * Marks every program a rule triggers on, or that runs other programs, as a word the shell
 * reader must not take a shortcut past (shell/extract.ts), as index.ts's triggerIndex does.
 */
export function markRiskyWords(): void {
  if (risky) return;
  for (const p of prefilterTriggers().programs.keys()) RISKY_WORDS.add(p);
  risky = true;
}

/** True when some rule triggers on `program`, or it runs other programs (no pack is loaded). */
export function isTriggerProgram(program: string): boolean {
  return prefilterTriggers().programs.has(program);
}
