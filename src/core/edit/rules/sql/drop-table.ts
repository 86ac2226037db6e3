import { kindName } from '../../../plain-text';
import { indexOfWord, nameAt, startsWithWords } from '../../../parsers/sql';
import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { createdTables, newStatements, span, SQL_FILES } from './helpers';

export const dropTable = defineRule({
  id: 'SQL002',
  name: 'drop-table',
  category: 'database',
  severity: 'high',
  files: SQL_FILES,
  summary: 'A migration drops a table that it did not create.',
  rationale: 'DROP TABLE deletes the rows together with the table; a migration runs against production as part of the deploy, where the table has real data.',
  alternative: 'Rename the table (or stop using it) first and drop it in a later release once nothing reads it, with a backup taken.',
  examples: {
    fire: [{ path: 'db/migrations/20240101_drop_orders.sql', before: '', after: 'DROP TABLE orders;\n' }],
    pass: [{ path: 'db/migrations/20240101_tmp.sql', before: '', after: 'CREATE TABLE tmp_import (id int);\nINSERT INTO tmp_import SELECT id FROM orders;\nDROP TABLE tmp_import;\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const created = createdTables(view);
    for (const s of newStatements(view)) {
      if (!startsWithWords(s, ['DROP', 'TABLE'])) continue;
      let k = 2;
      if (s.tokens[k]?.text === 'IF' && s.tokens[k + 1]?.text === 'EXISTS') k += 2;
      const names: string[] = [];
      while (k < s.tokens.length) {
        const n = nameAt(s, k);
        if (!n) break;
        names.push(n);
        k += n.split('.').length * 2 - 1;
        if (s.tokens[k]?.text === ',') k++;
        else break;
      }
      const real = names.filter((n) => !created.has(n));
      if (names.length && !real.length) continue;
      const cascade = indexOfWord(s, 'CASCADE') >= 0;
      out.push({ message: `migration drops ${kindName('table', real.join(', ') || '(unknown)')}${cascade ? ' with CASCADE' : ''}; its rows are deleted`, afterSpan: span(s), context: prodContext(view) });
    }
    return out;
  },
});
