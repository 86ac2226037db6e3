/**
 * The ledger of rule ids (docs/rule-ids.md): every id ever given to a rule, command or edit, with
 * its state. An id is permanent. A new rule takes the next number of its prefix and adds its row
 * (`npm run new-rule` does both); a rule that is removed keeps its row, marked retired, so its id
 * can never come back. test/unit/rule-registry.test.ts holds the rules against this ledger.
 */

export const RULE_IDS_FILE = 'docs/rule-ids.md';

export const ID = /^([A-Z]{2,4})(\d{3})$/;

export type IdState = 'in use' | 'retired';

export interface IdEntry {
  id: string;
  state: IdState;
  /** For a retired id: why, and what replaced it. */
  note: string;
}

const ROW = /^\|\s*([^|]*?)\s*\|\s*([^|]*?)\s*\|\s*([^|]*?)\s*\|\s*$/;

/** The ledger's rows, and what is wrong with its form (an unknown state, a row written twice). */
export function parseRuleIds(text: string): { entries: IdEntry[]; errors: string[] } {
  const entries: IdEntry[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, i) => {
    const m = ROW.exec(line.trim());
    if (!m || m[1] === 'Id' || /^-+$/.test(m[1])) return;
    const [, id, state, note] = m;
    if (!ID.test(id)) errors.push(`line ${i + 1}: ${JSON.stringify(id)} is not an id (prefix and three digits)`);
    else if (state !== 'in use' && state !== 'retired') errors.push(`line ${i + 1}: ${id} has state ${JSON.stringify(state)}; write "in use" or "retired"`);
    else if (seen.has(id)) errors.push(`line ${i + 1}: ${id} is listed twice`);
    else if (state === 'retired' && !note) errors.push(`line ${i + 1}: retired ${id} needs a note (why, and what replaced it)`);
    else entries.push({ id, state, note });
    seen.add(id);
  });
  return { entries, errors };
}

/**
 * What is wrong with the rules' ids against the ledger: an id two rules share, a retired id in
 * use again, an id the ledger does not list, and a listed id no rule has that was not retired.
 */
export function idProblems(ruleIds: readonly string[], entries: readonly IdEntry[]): string[] {
  const problems: string[] = [];
  const byId = new Map(entries.map((e) => [e.id, e]));
  const live = new Set<string>();
  for (const id of ruleIds) {
    if (live.has(id)) problems.push(`${id} is the id of two rules; every rule needs its own`);
    live.add(id);
    const e = byId.get(id);
    if (!e) problems.push(`${id} is not in ${RULE_IDS_FILE}; add it as "in use" (npm run new-rule gives a rule its id and its row)`);
    else if (e.state === 'retired') problems.push(`${id} was retired (${e.note}); an id never comes back: take the next free one`);
  }
  for (const e of entries) {
    if (e.state === 'in use' && !live.has(e.id)) problems.push(`${e.id} is "in use" in ${RULE_IDS_FILE} but no rule has it; if the rule is gone, mark it retired with a note`);
  }
  return problems;
}

/** The next id of a prefix: one past the highest ever used, retired ones included. */
export function nextId(prefix: string, entries: readonly IdEntry[]): string {
  let max = 0;
  for (const e of entries) {
    const m = ID.exec(e.id);
    if (m && m[1] === prefix) max = Math.max(max, Number(m[2]));
  }
  if (max >= 999) throw new Error(`prefix ${prefix} has no numbers left`);
  return `${prefix}${String(max + 1).padStart(3, '0')}`;
}

/** The ledger with a new "in use" row, in id order among the others. */
export function addRuleId(text: string, id: string): string {
  const lines = text.split('\n');
  const row = `| ${id} | in use | |`;
  let last = -1;
  for (let i = 0; i < lines.length; i++) {
    const m = ROW.exec(lines[i].trim());
    if (!m || !ID.test(m[1])) continue;
    if (m[1] === id) throw new Error(`${id} is already in ${RULE_IDS_FILE}`);
    if (m[1] > id) {
      lines.splice(i, 0, row);
      return lines.join('\n');
    }
    last = i;
  }
  if (last === -1) throw new Error(`${RULE_IDS_FILE} has no table of ids`);
  lines.splice(last + 1, 0, row);
  return lines.join('\n');
}
