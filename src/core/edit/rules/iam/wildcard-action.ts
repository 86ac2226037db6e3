import { defineRule } from '../helpers';
import { newRisks, POLICY_FILES, STATEMENT_EXAMPLE } from './helpers';

export const wildcardAction = defineRule({
  id: 'POL001',
  name: 'wildcard-action',
  category: 'iam',
  severity: 'critical',
  files: POLICY_FILES,
  summary: 'A policy starts allowing every action ("*"), or every action of a service on every resource.',
  rationale: '"Action": "*" is administrator access; "s3:*" on "*" lets the holder delete every bucket. Over-broad roles are how a single leaked credential or confused agent becomes an account-wide outage.',
  alternative: 'List the actions the workload needs and scope Resource to the ARNs it uses; use IAM Access Analyzer policy generation to find them.',
  examples: {
    fire: [{ path: 'policies/deploy.json', before: STATEMENT_EXAMPLE('s3:GetObject', 'arn:aws:s3:::acme/*'), after: STATEMENT_EXAMPLE('*', '*') }],
    pass: [{ path: 'policies/deploy.json', before: STATEMENT_EXAMPLE('*', '*'), after: STATEMENT_EXAMPLE('s3:GetObject', 'arn:aws:s3:::acme/*') }],
  },
  check: (view) => newRisks(view, ['admin', 'service']),
});
