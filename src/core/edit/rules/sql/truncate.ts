import { indexOfWord } from '../../../parsers/sql';
import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { newStatements, span, SQL_FILES, stmtText } from './helpers';

export const truncate = defineRule({
  id: 'SQL003',
  name: 'truncate',
  category: 'database',
  severity: 'critical',
  files: SQL_FILES,
  summary: 'A migration truncates a table (critical with CASCADE).',
  rationale: 'TRUNCATE deletes every row without a WHERE and without per-row logging; with CASCADE it also empties every table that references it.',
  alternative: 'Delete the rows you mean to with a WHERE clause, in batches, after a backup.',
  examples: {
    fire: [{ path: 'migrations/007.sql', before: '', after: 'TRUNCATE TABLE customers CASCADE;\n' }],
    pass: [{ path: 'migrations/007.sql', before: '', after: "UPDATE customers SET note = 'TRUNCATE TABLE customers' WHERE id = 1;\n" }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const s of newStatements(view)) {
      if (s.tokens[0]?.text !== 'TRUNCATE') continue;
      const cascade = indexOfWord(s, 'CASCADE') >= 0;
      out.push({ severity: cascade ? 'critical' : 'high', message: `migration runs "${stmtText(view, s)}"; every row is deleted${cascade ? ', and rows of referencing tables too' : ''}`, afterSpan: span(s), context: prodContext(view) });
    }
    return out;
  },
});
