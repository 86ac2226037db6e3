import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { CFN_FILES, cfnRemovals, defaultDeletionPolicy, isCfnStateful, KEEPS, keySpan } from './helpers';

export const logicalIdRenamed = defineRule({
  id: 'CFN003',
  name: 'logical-id-renamed',
  category: 'iac',
  severity: 'high',
  files: CFN_FILES,
  summary: 'A resource\'s logical ID changes, so CloudFormation replaces it.',
  rationale: 'CloudFormation identifies resources by logical ID. Renaming one creates a new resource and deletes the old one; for a table, bucket or database that is data loss disguised as a rename.',
  alternative: 'Keep the logical ID. If the rename is needed, retain the old resource (DeletionPolicy: Retain) and import it under the new ID with a resource import.',
  examples: {
    fire: [{ path: 'stack.yaml', before: 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: acme-data\n', after: 'Resources:\n  DataBucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: acme-data\n' }],
    pass: [{ path: 'stack.yaml', before: 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: acme-data\n', after: 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: acme-data\n      Tags:\n        - Key: team\n          Value: data\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const r of cfnRemovals(view)) {
      if (!r.renamedTo) continue;
      const retained = KEEPS.has(r.res.deletionPolicy ?? defaultDeletionPolicy(r.res));
      const stateful = isCfnStateful(r.res.type);
      out.push({
        severity: stateful && !retained ? 'high' : 'low',
        message: `${r.res.id} renamed to ${r.renamedTo.id} (${r.res.type}); CloudFormation creates a new resource and ${retained ? 'retains' : 'deletes'} the old one`,
        afterSpan: keySpan(r.renamedTo.entry),
        beforeSpan: keySpan(r.res.entry),
        context: prodContext(view),
      });
    }
    return out;
  },
});
