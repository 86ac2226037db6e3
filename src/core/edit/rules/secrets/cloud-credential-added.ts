import type { Severity } from '../../../types';
import type { EditMatch } from '../../rule';
import { addedLines, defineRule } from '../helpers';
import { ANY_TEXT, isEnvFile } from './helpers';

const CREDENTIALS: { name: string; re: RegExp; severity: Severity }[] = [
  { name: 'AWS access key id', re: /\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\b/, severity: 'high' },
  { name: 'AWS secret access key', re: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/i, severity: 'high' },
  { name: 'GitHub token', re: /\b(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/, severity: 'high' },
  { name: 'GitLab token', re: /\b(glpat-[A-Za-z0-9_-]{20,})\b/, severity: 'high' },
  { name: 'Slack token', re: /\b(xox[baprs]-[A-Za-z0-9-]{10,})\b/, severity: 'high' },
  { name: 'Stripe live key', re: /\b((?:sk|rk)_live_[A-Za-z0-9]{20,})\b/, severity: 'high' },
  { name: 'Google API key', re: /\b(AIza[0-9A-Za-z_-]{35})\b/, severity: 'high' },
  { name: 'GCP service account key', re: /"private_key_id"\s*:\s*"([0-9a-f]{40})"/, severity: 'high' },
  { name: 'Azure storage key', re: /AccountKey=([A-Za-z0-9+/=]{80,})/, severity: 'high' },
  { name: 'OpenAI API key', re: /\b(sk-(?:proj-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})\b/, severity: 'high' },
  { name: 'Anthropic API key', re: /\b(sk-ant-[A-Za-z0-9_-]{30,})\b/, severity: 'high' },
  { name: 'npm token', re: /\b(npm_[A-Za-z0-9]{36})\b/, severity: 'high' },
];

const PLACEHOLDER = /EXAMPLE|example|XXXX|xxxx|placeholder|your[-_]|<[^>]+>|\$\{|\{\{|1234567890|0000000000|REDACTED|dummy|fake/;

export const cloudCredentialAdded = defineRule({
  id: 'SEC002',
  name: 'cloud-credential-added',
  category: 'secrets',
  severity: 'high',
  files: ANY_TEXT,
  summary: 'A cloud or service credential (AWS, GitHub, GitLab, Slack, Stripe, Google, Azure, OpenAI, Anthropic, npm) is written into a file.',
  rationale: 'A live credential in a tracked file leaks with the next push and stays in history. Cloud keys are the usual first step of an account takeover or a costly deletion.',
  alternative: 'Read the credential from the environment or a secret manager; keep local values in an ignored .env file.',
  examples: {
    fire: [{ path: 'src/config.ts', before: "export const region = 'eu-west-1';\n", after: "export const region = 'eu-west-1';\nexport const key = 'AKIAQ3EGTY7R5VB2WXYZ';\n" }],
    pass: [{ path: 'src/config.ts', before: "export const region = 'eu-west-1';\n", after: "export const region = 'eu-west-1';\nexport const key = process.env.AWS_ACCESS_KEY_ID ?? 'AKIAIOSFODNN7EXAMPLE';\n" }],
  },
  check(view) {
    if (view.status === 'deleted') return [];
    const out: EditMatch[] = [];
    for (const l of addedLines(view)) {
      if (l.text.length > 10_000) continue;
      for (const c of CREDENTIALS) {
        const m = c.re.exec(l.text);
        if (!m) continue;
        const secret = m[1] ?? m[0];
        if (PLACEHOLDER.test(secret) || PLACEHOLDER.test(l.text.slice(Math.max(0, m.index - 20), m.index + m[0].length + 20)) || view.before.includes(secret)) continue;
        out.push({ severity: isEnvFile(view.lowerPath) ? 'low' : c.severity, message: `${c.name} added${isEnvFile(view.lowerPath) ? ' to an env file (keep it ignored)' : ''}`, afterSpan: { start: l.start + m.index, end: l.start + m.index + m[0].length } });
        break;
      }
    }
    return out;
  },
});
