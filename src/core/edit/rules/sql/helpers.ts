/**
 * What several sql rules share.
 */
import { indexOfWord, nameAt, type SqlStatement } from '../../../parsers/sql';
import type { FileView } from '../../view';

export const SQL_FILES = ['**/*.sql'];

/** Statements of the after text that the before text did not have (as a multiset by layout-free key). */
export function newStatements(view: FileView): SqlStatement[] {
  return view.memo('sql:new', () => {
    if (view.status === 'deleted') return [];
    const counts = new Map<string, number>();
    for (const s of view.sql('before').statements) counts.set(s.key, (counts.get(s.key) ?? 0) + 1);
    const out: SqlStatement[] = [];
    for (const s of view.sql('after').statements) {
      const c = counts.get(s.key) ?? 0;
      if (c > 0) counts.set(s.key, c - 1);
      else if (!s.down) out.push(s);
    }
    return out;
  });
}

/** Tables created earlier in the same file: dropping them again is scratch work, not data loss. */
export function createdTables(view: FileView): Set<string> {
  return view.memo('sql:created', () => {
    const out = new Set<string>();
    for (const s of view.sql('after').statements) {
      if (s.down) continue;
      const i = indexOfWord(s, 'TABLE');
      if (i < 0 || s.tokens[0]?.text !== 'CREATE') continue;
      let k = i + 1;
      if (s.tokens[k]?.text === 'IF' && s.tokens[k + 1]?.text === 'NOT' && s.tokens[k + 2]?.text === 'EXISTS') k += 3;
      const name = nameAt(s, k);
      if (name) out.add(name);
    }
    return out;
  });
}

export function span(s: SqlStatement): { start: number; end: number } {
  return { start: s.start, end: Math.max(s.start, s.end) };
}

export function stmtText(view: FileView, s: SqlStatement): string {
  const t = view.after.slice(s.start, s.end).replace(/\s+/g, ' ').trim();
  return t.length > 80 ? `${t.slice(0, 77)}…` : t;
}
