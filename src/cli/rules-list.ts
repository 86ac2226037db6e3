/** `blast-radius rules`: every command rule and edit rule, one line each or as JSON. */
import { COMMAND_RULES } from '../core/rules/index';
import { EDIT_RULES } from '../core/edit/rules/index';
import type { RuleMeta } from '../core/types';
import type { CliIo } from './io';

export type RuleListing = Pick<RuleMeta, 'id' | 'name' | 'category' | 'severity' | 'summary'> & { kind: 'command' | 'edit' };

export function listRules(): RuleListing[] {
  const out: RuleListing[] = [
    ...COMMAND_RULES.map((r) => ({ id: r.id, name: r.name, kind: 'command' as const, category: r.category, severity: r.severity, summary: r.summary })),
    ...EDIT_RULES.map((r) => ({ id: r.id, name: r.name, kind: 'edit' as const, category: r.category, severity: r.severity, summary: r.summary })),
  ];
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function runRules(format: 'text' | 'json', io: CliIo): number {
  const rules = listRules();
  if (format === 'json') {
    io.stdout(`${JSON.stringify(rules)}\n`);
    return 0;
  }
  const w = (k: 'id' | 'category' | 'severity'): number => Math.max(k.length, ...rules.map((r) => r[k].length));
  const [wi, wc, ws] = [w('id'), w('category'), w('severity')];
  const lines = [`${'ID'.padEnd(wi)}  ${'CATEGORY'.padEnd(wc)}  ${'SEVERITY'.padEnd(ws)}  SUMMARY`];
  for (const r of rules) lines.push(`${r.id.padEnd(wi)}  ${r.category.padEnd(wc)}  ${r.severity.padEnd(ws)}  ${r.summary}`);
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}
