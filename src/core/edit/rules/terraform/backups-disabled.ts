import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { attr, boolValue, exprText, numberValue, sub } from '../tf-model';
import { attrRange, goneFrom, headerSpan, pairs, removals, TF_FILES } from './helpers';

export const backupsDisabled = defineRule({
  id: 'TF005',
  name: 'backups-disabled',
  category: 'iac',
  severity: 'high',
  files: TF_FILES,
  summary: 'Backups, point-in-time recovery or versioning are switched off.',
  rationale: 'Backup retention, point-in-time recovery and object versioning are what make a bad write or a deletion recoverable. Disabling them does not destroy data today, but it removes the way back.',
  alternative: 'Keep backups and versioning on; lower the retention period instead of disabling it if cost is the concern.',
  examples: {
    fire: [
      { path: 'db.tf', before: 'resource "aws_db_instance" "db" {\n  backup_retention_period = 7\n}\n', after: 'resource "aws_db_instance" "db" {\n  backup_retention_period = 0\n}\n' },
      { path: 's3.tf', before: 'resource "aws_s3_bucket_versioning" "v" {\n  bucket = aws_s3_bucket.b.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n', after: 'resource "aws_s3_bucket_versioning" "v" {\n  bucket = aws_s3_bucket.b.id\n  versioning_configuration {\n    status = "Suspended"\n  }\n}\n' },
    ],
    pass: [{ path: 'db.tf', before: 'resource "aws_db_instance" "db" {\n  backup_retention_period = 7\n}\n', after: 'resource "aws_db_instance" "db" {\n  backup_retention_period = 14\n}\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const bt = view.before;
    const at = view.after;
    for (const p of pairs(view)) {
      const ctx = prodContext(view);
      // Retention periods that drop to zero.
      for (const name of ['backup_retention_period', 'retention_period', 'backup_retention_days', 'snapshot_retention_limit']) {
        const wasAttr = attr(p.before.block, name);
        const was = numberValue(bt, wasAttr);
        const a = attr(p.after.block, name);
        const now = numberValue(at, a);
        if (wasAttr && was !== undefined && was > 0 && (now === 0 || (a === undefined && name === 'backup_retention_period'))) {
          out.push({ message: `${p.address}: ${name} ${a ? 'set to 0' : 'removed (defaults to 0)'}; automated backups stop`, ...(a ? { afterSpan: attrRange(a) } : goneFrom(view, wasAttr, p.after.block)), context: ctx });
        }
      }
      // `enabled = true` inside versioning / point_in_time_recovery / backup_configuration blocks.
      for (const blockName of ['versioning', 'point_in_time_recovery', 'backup_configuration', 'backup', 'soft_delete_policy']) {
        const bb = sub(p.before.block, blockName)[0];
        const wasOn = attr(bb, 'enabled');
        if (!bb || !wasOn || boolValue(bt, wasOn) !== true) continue;
        const ab = sub(p.after.block, blockName)[0];
        const a = ab ? attr(ab, 'enabled') : undefined;
        const now = boolValue(at, a);
        if (now === true) continue;
        if (ab && now === undefined && !a) {
          out.push({ message: `${p.address}: ${blockName}.enabled removed; it defaults to off`, ...goneFrom(view, wasOn, ab), context: ctx });
        } else if (!ab || now === false) {
          out.push({ message: `${p.address}: ${blockName} ${ab ? 'disabled' : 'block removed'}`, ...(a ? { afterSpan: attrRange(a) } : goneFrom(view, bb, p.after.block)), context: ctx });
        }
      }
      for (const name of ['point_in_time_recovery_enabled', 'binary_log_enabled']) {
        if (boolValue(bt, attr(p.before.block, name)) !== true) continue;
        const a = attr(p.after.block, name);
        if (boolValue(at, a) === false) out.push({ message: `${p.address}: ${name} turned off`, afterSpan: { start: a!.start, end: a!.valueEnd }, context: ctx });
      }
      // aws_s3_bucket_versioning { versioning_configuration { status = "Enabled" } }
      const bv = sub(p.before.block, 'versioning_configuration')[0];
      if (bv && exprText(bt, attr(bv, 'status')) === 'Enabled') {
        const av = sub(p.after.block, 'versioning_configuration')[0];
        const s = av ? attr(av, 'status') : undefined;
        const now = exprText(at, s);
        if (now === 'Suspended' || now === 'Disabled' || !av) {
          out.push({ message: `${p.address}: bucket versioning ${now ? `set to ${now}` : 'configuration removed'}; overwritten and deleted objects can no longer be recovered`, ...(s ? { afterSpan: attrRange(s) } : goneFrom(view, attr(bv, 'status') ?? bv, av ?? p.after.block)), context: ctx });
        }
      }
    }
    // Removing an aws_s3_bucket_versioning resource suspends versioning.
    for (const r of removals(view)) {
      if (r.res.type !== 'aws_s3_bucket_versioning' || r.renamedTo || r.renamedElsewhere) continue;
      out.push({ message: `${r.res.address} removed; destroying it suspends versioning on the bucket`, beforeSpan: headerSpan(r.res.block), context: prodContext(view) });
    }
    return out;
  },
});
