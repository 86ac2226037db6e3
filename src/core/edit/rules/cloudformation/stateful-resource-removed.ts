import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { CFN_FILES, cfnRemovals, defaultDeletionPolicy, isCfnStateful, KEEPS, keySpan } from './helpers';

export const statefulResourceRemoved = defineRule({
  id: 'CFN002',
  name: 'stateful-resource-removed',
  category: 'iac',
  severity: 'critical',
  files: CFN_FILES,
  summary: 'A stateful resource leaves the template without DeletionPolicy: Retain.',
  rationale: 'On the next stack update CloudFormation deletes every resource whose logical ID is no longer in the template. Unless its DeletionPolicy was Retain or Snapshot, a table or bucket goes with its data.',
  alternative: 'Set DeletionPolicy: Retain on the resource and deploy that first; then remove it from the template (it stays in the account, outside the stack).',
  examples: {
    fire: [{ path: 'stack.yaml', before: 'Resources:\n  Orders:\n    Type: AWS::DynamoDB::Table\n  Topic:\n    Type: AWS::SNS::Topic\n', after: 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n' }],
    pass: [{ path: 'stack.yaml', before: 'Resources:\n  Orders:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n  Topic:\n    Type: AWS::SNS::Topic\n', after: 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    for (const r of cfnRemovals(view)) {
      if (r.renamedTo || !isCfnStateful(r.res.type)) continue;
      const policy = r.res.deletionPolicy ?? defaultDeletionPolicy(r.res);
      if (KEEPS.has(policy)) continue;
      out.push({ message: `${r.res.id} (${r.res.type}) removed from the template; the next stack update deletes it and its data`, beforeSpan: keySpan(r.res.entry), context: prodContext(view) });
    }
    return out;
  },
});
