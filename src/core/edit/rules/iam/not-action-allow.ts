import { defineRule } from '../helpers';
import { newRisks, POLICY_FILES } from './helpers';

export const notActionAllow = defineRule({
  id: 'POL002',
  name: 'not-action-allow',
  category: 'iam',
  severity: 'high',
  files: POLICY_FILES,
  summary: 'A policy uses NotAction with Effect Allow.',
  rationale: 'Allow + NotAction grants every action except the listed ones, including every action AWS adds later. It reads like a restriction and behaves like administrator access.',
  alternative: 'Allow the needed actions explicitly; use NotAction only with Effect Deny.',
  examples: {
    fire: [{ path: 'iam/policy.json', before: '{"Statement": []}\n', after: '{"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}\n' }],
    pass: [{ path: 'iam/policy.json', before: '{"Statement": []}\n', after: '{"Statement": [{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}]}\n' }],
  },
  check: (view) => newRisks(view, ['notaction']),
});
