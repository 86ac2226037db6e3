import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { attr, boolValue } from '../tf-model';
import { pairs, TF_FILES } from './helpers';

export const skipFinalSnapshotOn = defineRule({
  id: 'TF004',
  name: 'skip-final-snapshot-on',
  category: 'iac',
  severity: 'high',
  files: TF_FILES,
  summary: '`skip_final_snapshot` is turned on for an existing database.',
  rationale: 'The final snapshot is the copy RDS, Redshift, DocumentDB and Neptune take when the database is deleted. Skipping it means a destroy leaves nothing to restore from.',
  alternative: 'Keep skip_final_snapshot = false and set final_snapshot_identifier.',
  examples: {
    fire: [{ path: 'db.tf', before: 'resource "aws_db_instance" "db" {\n  skip_final_snapshot = false\n}\n', after: 'resource "aws_db_instance" "db" {\n  skip_final_snapshot = true\n}\n' }],
    pass: [{ path: 'db.tf', before: 'resource "aws_db_instance" "db" {\n  skip_final_snapshot = true\n}\n', after: 'resource "aws_db_instance" "db" {\n  skip_final_snapshot       = false\n  final_snapshot_identifier = "db-final"\n}\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const p of pairs(view)) {
      if (boolValue(view.before, attr(p.before.block, 'skip_final_snapshot')) === true) continue;
      const a = attr(p.after.block, 'skip_final_snapshot');
      if (!a || boolValue(view.after, a) !== true) continue;
      out.push({ message: `${p.address}: skip_final_snapshot turned on; deleting it will keep no final snapshot`, afterSpan: { start: a.start, end: a.valueEnd }, context: prodContext(view) });
    }
    return out;
  },
});
