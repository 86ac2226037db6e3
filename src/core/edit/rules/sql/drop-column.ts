import { startsWithWords } from '../../../parsers/sql';
import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { newStatements, span, SQL_FILES, stmtText } from './helpers';

export const dropColumn = defineRule({
  id: 'SQL005',
  name: 'drop-column',
  category: 'database',
  severity: 'medium',
  files: SQL_FILES,
  summary: 'A migration drops a column.',
  rationale: 'The column\'s values are gone once the migration runs, and code still deployed that reads the column breaks until the new release is out.',
  alternative: 'Stop reading and writing the column in one release, back it up if it matters, and drop it in a later one.',
  examples: {
    fire: [{ path: 'migrations/009.sql', before: '', after: 'ALTER TABLE users DROP COLUMN legacy_email;\n' }],
    pass: [{ path: 'migrations/009.sql', before: '', after: 'ALTER TABLE users ADD COLUMN nickname text;\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const s of newStatements(view)) {
      if (!startsWithWords(s, ['ALTER', 'TABLE'])) continue;
      for (let i = 2; i < s.tokens.length; i++) {
        if (s.tokens[i].text !== 'DROP' || s.tokens[i].kind !== 'word') continue;
        const next = s.tokens[i + 1]?.text;
        if (next === 'CONSTRAINT' || next === 'INDEX' || next === 'KEY' || next === 'PRIMARY' || next === 'FOREIGN' || next === 'DEFAULT' || next === 'NOT' || next === 'IDENTITY' || next === 'EXPRESSION') continue;
        if (s.tokens[i - 1]?.text === 'ALTER' || s.tokens[i - 2]?.text === 'ALTER') continue;
        out.push({ message: `migration drops a column: "${stmtText(view, s)}"`, afterSpan: span(s), context: prodContext(view) });
        break;
      }
    }
    return out;
  },
});
