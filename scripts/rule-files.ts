/**
 * Where rules live: one folder per pack (or category) under each kind's root, one file per rule
 * named after the rule, beside the folder's index.ts (which lists its rules in order) and, when
 * several rules share code, its helpers.ts.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

export type RuleKind = 'command' | 'edit';

export const RULE_ROOTS: Readonly<Record<RuleKind, string>> = { command: 'src/core/rules', edit: 'src/core/edit/rules' };

/** The files of a pack folder that are not rules. */
export const PACK_MODULES: readonly string[] = ['index.ts', 'helpers.ts'];

/** The pack folders of a kind, as names (`filesystem`, `terraform`). */
export function packFolders(root: string, kind: RuleKind): string[] {
  return readdirSync(path.join(root, RULE_ROOTS[kind]), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** The rule files of one pack folder, repository-relative. */
export function ruleFiles(root: string, kind: RuleKind, pack: string): string[] {
  const dir = `${RULE_ROOTS[kind]}/${pack}`;
  return readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith('.ts') && !PACK_MODULES.includes(f))
    .sort()
    .map((f) => `${dir}/${f}`);
}

/** camelCase of a kebab-case rule name: the name of the const a rule file exports. */
export function exportName(ruleName: string): string {
  return ruleName.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
