import { indexOfWord, parseSql, startsWithWords } from '../../../parsers/sql';
import type { Severity } from '../../../types';
import type { EditMatch } from '../../rule';
import type { FileView } from '../../view';
import { addedLines, allLines, defineRule, prodContext } from '../helpers';

// ---------------------------------------------------------------------------------------------
// ORM migrations

const ORM_FILES = [
  '**/migrations/**/*.py', '**/alembic/versions/*.py', '**/db/migrate/*.rb', '**/migrations/**/*.ts', '**/migrations/**/*.js',
  '**/migrations/**/*.cjs', '**/migrations/**/*.mjs', '**/database/migrations/*.php', '**/migrations/*.cs', '**/priv/repo/migrations/*.exs',
  '**/migrations/**/*.go', '**/migrate/**/*.go', '**/db/migration/**/*.java', '**/db/migration/**/*.kt',
];

const ORM_CALLS: { re: RegExp; what: string; severity: Severity }[] = [
  { re: /\b(?:drop_database|dropDatabase|dropSchema|drop_schema|DropSchema)(?!\w)/, what: 'drops a database or schema', severity: 'critical' },
  { re: /\b(?:migrations\.DeleteModel|drop_table|dropTable|dropTableIfExists|Schema::drop(?:IfExists)?|DropTable|op\.drop_table|drop_collection|dropCollection)(?!\w)|\bdrop\s+table\(/, what: 'drops a table', severity: 'high' },
  { re: /\b(?:truncate_table|truncateTable)(?!\w)/, what: 'truncates a table', severity: 'high' },
  { re: /\b(?:migrations\.RemoveField|remove_column|remove_columns|removeColumn|dropColumn|dropColumns|DropColumn|op\.drop_column)(?!\w)|^\s*remove\s+:\w/, what: 'drops a column', severity: 'medium' },
];

/** SQL hidden in strings of migration code (`execute("DROP TABLE x")`, `RunSQL('TRUNCATE …')`). */
const RAW_SQL = /(["'`])((?:DROP\s+(?:TABLE|SCHEMA|DATABASE)|TRUNCATE|DELETE\s+FROM|ALTER\s+TABLE\s+\S+\s+DROP)\b[^"'`]{0,500})\1/i;

const DOWN_FN = /^\s*(?:def\s+(?:down|downgrade|backwards|rollback)\b|(?:public\s+)?(?:async\s+)?(?:function\s+)?down\s*\(|(?:public\s+)?function\s+down\s*\(|(?:public\s+)?(?:override\s+)?(?:protected\s+)?(?:override\s+)?void\s+Down\s*\(|async\s+down\s*\(|down\s*:\s*(?:async\s*)?(?:function|\()|exports\.down\s*=|def\s+down\s+do|func\s+[Dd]own\w*\s*\()/;

const UP_FN = /^\s*(?:def\s+(?:up|upgrade|forwards|change)\b|(?:public\s+)?(?:async\s+)?(?:function\s+)?up\s*\(|(?:public\s+)?function\s+up\s*\(|(?:public\s+)?(?:override\s+)?(?:protected\s+)?(?:override\s+)?void\s+Up\s*\(|async\s+up\s*\(|up\s*:\s*(?:async\s*)?(?:function|\()|exports\.up\s*=|def\s+(?:up|change)\s+do|func\s+[Uu]p\w*\s*\(|class\s+Migration\b|operations\s*=)/;

/** For each after line: true when it sits in a down/rollback function. */
function downLines(view: FileView): boolean[] {
  return view.memo('orm:down', () => {
    const lines = allLines(view, 'after');
    const out: boolean[] = new Array<boolean>(lines.length).fill(false);
    let down = false;
    for (const l of lines) {
      if (DOWN_FN.test(l.text)) down = true;
      else if (UP_FN.test(l.text)) down = false;
      out[l.line] = down;
    }
    return out;
  });
}

export const ormDestructiveMigration = defineRule({
  id: 'SQL007',
  name: 'orm-destructive-migration',
  category: 'database',
  severity: 'critical',
  files: ORM_FILES,
  summary: 'An ORM migration (Django, Rails, Alembic, Knex, TypeORM, Sequelize, Laravel, EF Core, Ecto…) drops tables or columns in its up step.',
  rationale: 'ORM migrations run in the deploy just like SQL files; `drop_table`, `RemoveField` or an `execute("DROP TABLE …")` destroy data the moment they run. The same calls in a down/rollback step are expected and not flagged.',
  alternative: 'Split the change: stop using the table or column first, back it up, and drop it in a later, reviewed migration.',
  examples: {
    fire: [{ path: 'db/migrate/20240101000000_drop_orders.rb', before: '', after: 'class DropOrders < ActiveRecord::Migration[7.1]\n  def up\n    drop_table :orders\n  end\nend\n' }],
    pass: [{ path: 'db/migrate/20240101000000_create_orders.rb', before: '', after: 'class CreateOrders < ActiveRecord::Migration[7.1]\n  def up\n    create_table :orders\n  end\n\n  def down\n    drop_table :orders\n  end\nend\n' }],
  },
  check(view) {
    if (view.status === 'deleted') return [];
    const out: EditMatch[] = [];
    const down = downLines(view);
    for (const l of addedLines(view)) {
      if (down[l.line]) continue;
      const trimmed = l.text.trim();
      if (trimmed.startsWith('#') || trimmed.startsWith('//') || trimmed.startsWith('*')) continue;
      let hit = false;
      for (const c of ORM_CALLS) {
        const m = c.re.exec(l.text);
        if (!m) continue;
        out.push({ severity: c.severity, message: `migration ${c.what} (${m[0].trim()})`, afterSpan: { start: l.start + m.index, end: l.start + m.index + m[0].length }, context: prodContext(view) });
        hit = true;
        break;
      }
      if (hit) continue;
      const raw = RAW_SQL.exec(l.text);
      if (raw) {
        const st = parseSql(raw[2]).statements[0];
        if (!st) continue;
        const verb = st.tokens[0]?.text;
        const noWhere = verb === 'DELETE' && indexOfWord(st, 'WHERE') < 0;
        if (verb === 'DELETE' && !noWhere) continue;
        const sev: Severity = startsWithWords(st, ['DROP', 'SCHEMA']) || startsWithWords(st, ['DROP', 'DATABASE']) ? 'critical' : verb === 'ALTER' ? 'medium' : 'high';
        out.push({ severity: sev, message: `migration executes raw SQL "${raw[2].slice(0, 60)}"`, afterSpan: { start: l.start + raw.index, end: l.start + raw.index + raw[0].length }, context: prodContext(view) });
      }
    }
    return out;
  },
});
