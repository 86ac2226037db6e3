import { defineRule } from '../helpers';
import { newRisks, POLICY_FILES, STATEMENT_EXAMPLE } from './helpers';

export const writeOnEveryResource = defineRule({
  id: 'POL004',
  name: 'write-on-every-resource',
  category: 'iam',
  severity: 'medium',
  files: POLICY_FILES,
  summary: 'A policy allows write or delete actions on every resource ("Resource": "*").',
  rationale: 'Even a short list of actions becomes dangerous when it applies to every resource in the account: DeleteBucket on "*" is every bucket.',
  alternative: 'Scope Resource to the ARNs the workload owns.',
  examples: {
    fire: [{ path: 'policy.json', before: STATEMENT_EXAMPLE('s3:DeleteObject', 'arn:aws:s3:::acme/tmp/*'), after: STATEMENT_EXAMPLE('s3:DeleteObject', '*') }],
    pass: [{ path: 'policy.json', before: STATEMENT_EXAMPLE('ec2:DescribeInstances', 'arn:aws:ec2:*:*:instance/i-1'), after: STATEMENT_EXAMPLE('ec2:DescribeInstances', '*') }],
  },
  check: (view) => newRisks(view, ['resource']),
});
