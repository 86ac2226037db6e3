import { defineRule } from '../helpers';
import { newRisks, POLICY_FILES } from './helpers';

export const publicPrincipal = defineRule({
  id: 'POL003',
  name: 'public-principal',
  category: 'iam',
  severity: 'high',
  files: POLICY_FILES,
  summary: 'A resource policy allows principal "*" without a condition.',
  rationale: 'A bucket, queue or key policy with Principal "*" and no condition lets anyone on the internet use the granted actions, including deleting or overwriting data.',
  alternative: 'Name the accounts or roles, or add a condition such as aws:PrincipalOrgID or aws:SourceVpce.',
  examples: {
    fire: [{ path: 'bucket-policy.json', before: '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}\n', after: '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}\n' }],
    pass: [{ path: 'bucket-policy.json', before: '{"Statement": []}\n', after: '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}]}\n' }],
  },
  check: (view) => newRisks(view, ['public']),
});
