import { indexOfWord, nameAt, startsWithWords } from '../../../parsers/sql';
import type { Severity } from '../../../types';
import type { EditMatch } from '../../rule';
import { defineRule } from '../helpers';
import { createdTables, newStatements, span, SQL_FILES, stmtText } from './helpers';

export const lockHeavyRewrite = defineRule({
  id: 'SQL006',
  name: 'lock-heavy-rewrite',
  category: 'database',
  severity: 'medium',
  files: SQL_FILES,
  summary: 'A migration rewrites or locks a whole table (column type change, blocking index build, VACUUM FULL).',
  rationale: 'Changing a column type rewrites the table under an exclusive lock and can truncate values; a plain CREATE INDEX blocks writes for the whole build. On a large production table that is an outage.',
  alternative: 'Add a new column and backfill in batches; build indexes with CREATE INDEX CONCURRENTLY; add constraints NOT VALID and validate later.',
  examples: {
    fire: [{ path: 'migrations/010.sql', before: '', after: 'ALTER TABLE events ALTER COLUMN payload TYPE jsonb USING payload::jsonb;\n' }],
    pass: [{ path: 'migrations/010.sql', before: '', after: 'CREATE INDEX CONCURRENTLY events_created_idx ON events (created_at);\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const created = createdTables(view);
    for (const s of newStatements(view)) {
      const words = s.tokens.filter((t) => t.kind === 'word').map((t) => t.text);
      const has = (...seq: string[]): boolean => {
        for (let i = 0; i + seq.length <= words.length; i++) if (seq.every((w, k) => words[i + k] === w)) return true;
        return false;
      };
      let reason: string | undefined;
      let sev: Severity = 'low';
      if (startsWithWords(s, ['ALTER', 'TABLE'])) {
        const table = nameAt(s, s.tokens[2]?.text === 'IF' ? 4 : s.tokens[2]?.text === 'ONLY' ? 3 : 2);
        if (table && created.has(table)) continue;
        if (has('ALTER', 'COLUMN') && (has('TYPE') || has('SET', 'DATA', 'TYPE'))) {
          reason = 'changes a column type, rewriting the table under an exclusive lock';
          sev = 'medium';
        } else if (has('MODIFY', 'COLUMN') || (words[3] === 'MODIFY')) {
          reason = 'modifies a column definition, which rebuilds the table';
          sev = 'medium';
        } else if (has('SET', 'NOT', 'NULL')) reason = 'adds NOT NULL, scanning the whole table under lock';
        else if (has('ADD', 'CONSTRAINT') && (has('FOREIGN', 'KEY') || has('CHECK')) && !has('NOT', 'VALID')) reason = 'adds a constraint that is validated under lock (use NOT VALID, then VALIDATE)';
      } else if (startsWithWords(s, ['CREATE', 'INDEX']) || startsWithWords(s, ['CREATE', 'UNIQUE', 'INDEX'])) {
        const on = indexOfWord(s, 'ON');
        const table = on >= 0 ? nameAt(s, s.tokens[on + 1]?.text === 'ONLY' ? on + 2 : on + 1) : undefined;
        if (!has('CONCURRENTLY') && !(table && created.has(table))) reason = 'builds an index without CONCURRENTLY, blocking writes until it finishes';
      } else if (has('VACUUM', 'FULL') || words[0] === 'CLUSTER') reason = 'rewrites the table under an exclusive lock';
      if (reason) out.push({ severity: sev, message: `migration ${reason}: "${stmtText(view, s)}"`, afterSpan: span(s) });
    }
    return out;
  },
});
