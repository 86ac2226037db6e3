import { entry } from '../../../parsers/tree';
import type { EditMatch } from '../../rule';
import { defineRule, prodContext } from '../helpers';
import { CFN_FILES, cfnResources, defaultDeletionPolicy, goneFromResource, isCfnStateful, KEEPS, nodeSpan } from './helpers';

export const deletionPolicyToDelete = defineRule({
  id: 'CFN001',
  name: 'deletion-policy-to-delete',
  category: 'iac',
  severity: 'high',
  files: CFN_FILES,
  summary: 'DeletionPolicy or UpdateReplacePolicy goes from Retain/Snapshot to Delete (or is removed).',
  rationale: 'Retain and Snapshot are what keep a table, bucket or database (or a copy of it) when the stack deletes or replaces the resource. Switching to Delete means the data goes with the next removal or replacement.',
  alternative: 'Keep DeletionPolicy: Retain (or Snapshot) and UpdateReplacePolicy: Retain on stateful resources.',
  examples: {
    fire: [{ path: 'template.yaml', before: 'Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n', after: 'Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Delete\n' }],
    pass: [{ path: 'template.yaml', before: 'Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Delete\n', after: 'Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const b = cfnResources(view, 'before');
    const a = cfnResources(view, 'after');
    for (const [id, before] of b) {
      const after = a.get(id);
      if (!after) continue;
      for (const key of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
        const was = key === 'DeletionPolicy' ? before.deletionPolicy : before.updateReplacePolicy;
        if (!was || !KEEPS.has(was)) continue;
        const now = (key === 'DeletionPolicy' ? after.deletionPolicy : after.updateReplacePolicy) ?? (key === 'DeletionPolicy' ? defaultDeletionPolicy(after) : 'Delete');
        if (now !== 'Delete') continue;
        const e = entry(after.node, key);
        out.push({
          severity: isCfnStateful(after.type) || after.type === '' ? 'high' : 'medium',
          message: `${id} (${after.type}): ${key} ${was} → ${e ? 'Delete' : 'removed (defaults to Delete)'}; the data is deleted when the resource is ${key === 'DeletionPolicy' ? 'removed' : 'replaced'}`,
          ...(e ? { afterSpan: nodeSpan(e.value, e) } : goneFromResource(view, entry(before.node, key), after)),
          context: prodContext(view),
        });
      }
    }
    return out;
  },
});
