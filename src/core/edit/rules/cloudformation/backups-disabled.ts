import { boolOf, entry, get, scalar } from '../../../parsers/tree';
import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { CFN_FILES, cfnResources, goneFromResource, nodeSpan } from './helpers';

export const backupsDisabled = defineRule({
  id: 'CFN005',
  name: 'backups-disabled',
  category: 'iac',
  severity: 'high',
  files: CFN_FILES,
  summary: 'Backups, point-in-time recovery or bucket versioning are switched off.',
  rationale: 'BackupRetentionPeriod, PointInTimeRecovery and S3 versioning are the way back from a bad write or a deletion. Turning them off removes it.',
  alternative: 'Keep them on; shorten retention instead of disabling it if cost matters.',
  examples: {
    fire: [{ path: 'table.yaml', before: 'Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: true\n', after: 'Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      PointInTimeRecoverySpecification:\n        PointInTimeRecoveryEnabled: false\n' }],
    pass: [{ path: 'table.yaml', before: 'Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PROVISIONED\n', after: 'Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const b = cfnResources(view, 'before');
    const a = cfnResources(view, 'after');
    for (const [id, before] of b) {
      const after = a.get(id);
      if (!after) continue;
      const bp = get(before.node, 'Properties');
      const ap = get(after.node, 'Properties');
      const wasRet = Number(scalar(get(bp, 'BackupRetentionPeriod')));
      const retEntry = entry(ap, 'BackupRetentionPeriod');
      if (wasRet > 0 && retEntry && Number(scalar(retEntry.value)) === 0) out.push({ message: `${id}: BackupRetentionPeriod set to 0; automated backups stop`, afterSpan: nodeSpan(retEntry.value, retEntry), context: prodContext(view) });
      if (boolOf(get(bp, 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled')) === true && boolOf(get(ap, 'PointInTimeRecoverySpecification', 'PointInTimeRecoveryEnabled')) !== true) {
        const e = get(ap, 'PointInTimeRecoverySpecification');
        out.push({ message: `${id}: point-in-time recovery turned off`, ...goneFromResource(view, entry(bp, 'PointInTimeRecoverySpecification'), after, e), context: prodContext(view) });
      }
      if (scalar(get(bp, 'VersioningConfiguration', 'Status')) === 'Enabled') {
        const now = scalar(get(ap, 'VersioningConfiguration', 'Status'));
        if (now !== 'Enabled') {
          const e = get(ap, 'VersioningConfiguration');
          out.push({ message: `${id}: bucket versioning ${now ? `set to ${now}` : 'removed'}; deleted objects can no longer be recovered`, ...goneFromResource(view, entry(bp, 'VersioningConfiguration'), after, e), context: prodContext(view) });
        }
      }
    }
    return out;
  },
});
