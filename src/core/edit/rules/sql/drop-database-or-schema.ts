import { startsWithWords } from '../../../parsers/sql';
import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { newStatements, span, SQL_FILES, stmtText } from './helpers';

export const dropDatabaseOrSchema = defineRule({
  id: 'SQL001',
  name: 'drop-database-or-schema',
  category: 'database',
  severity: 'critical',
  files: SQL_FILES,
  summary: 'A migration drops a whole database or schema.',
  rationale: 'DROP DATABASE / DROP SCHEMA … CASCADE removes every table in it at once; when the migration runs in the deploy, production data goes with it.',
  alternative: 'Take a backup, drop objects one by one in a reviewed migration, or rename the schema first and drop it later.',
  examples: {
    fire: [{ path: 'migrations/005_cleanup.sql', before: '', after: 'DROP SCHEMA analytics CASCADE;\n' }],
    pass: [{ path: 'migrations/005_cleanup.sql', before: '', after: "-- DROP SCHEMA analytics CASCADE;\nSELECT 'DROP SCHEMA analytics';\n" }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const s of newStatements(view)) {
      if (startsWithWords(s, ['DROP', 'DATABASE']) || startsWithWords(s, ['DROP', 'SCHEMA'])) {
        out.push({ message: `migration runs "${stmtText(view, s)}"`, afterSpan: span(s), context: prodContext(view) });
      }
    }
    return out;
  },
});
