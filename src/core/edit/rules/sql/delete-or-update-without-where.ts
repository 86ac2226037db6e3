import { indexOfWord } from '../../../parsers/sql';
import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { newStatements, span, SQL_FILES, stmtText } from './helpers';

export const deleteOrUpdateWithoutWhere = defineRule({
  id: 'SQL004',
  name: 'delete-or-update-without-where',
  category: 'database',
  severity: 'high',
  files: SQL_FILES,
  summary: 'A migration runs DELETE or UPDATE without a WHERE clause.',
  rationale: 'Without WHERE, DELETE empties the table and UPDATE overwrites a column in every row; both are almost always a missing condition rather than the intent.',
  alternative: 'Add the WHERE clause that names the rows you mean; for a deliberate full-table change, write WHERE true and say why in a comment.',
  examples: {
    fire: [{ path: 'migrations/008.sql', before: '', after: 'DELETE FROM sessions;\n' }],
    pass: [{ path: 'migrations/008.sql', before: '', after: "DELETE FROM sessions WHERE created_at < now() - interval '30 days';\n" }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const s of newStatements(view)) {
      const head = s.tokens[0]?.text;
      // Skip CTE prefixes: WITH x AS (...) DELETE ...
      let first = 0;
      if (head === 'WITH') {
        const d = indexOfWord(s, 'DELETE');
        const u = indexOfWord(s, 'UPDATE');
        first = d >= 0 ? d : u;
        if (first < 0) continue;
      }
      const verb = s.tokens[first]?.text;
      if (verb !== 'DELETE' && verb !== 'UPDATE') continue;
      if (verb === 'UPDATE' && indexOfWord(s, 'SET', first) < 0) continue;
      if (indexOfWord(s, 'WHERE', first) >= 0 || indexOfWord(s, 'LIMIT', first) >= 0) continue;
      if (verb === 'DELETE' && indexOfWord(s, 'FROM', first) < 0) continue;
      out.push({ message: `${verb} without WHERE: "${stmtText(view, s)}" touches every row`, afterSpan: span(s), context: prodContext(view) });
    }
    return out;
  },
});
