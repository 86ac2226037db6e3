/**
 * Secrets: private keys and cloud credentials written into files, and the `.gitignore` lines that
 * keep secret files out of the repository. A credential that was already in the file is not
 * this edit's doing; placeholders and documented example keys are ignored.
 */
import type { Severity } from '../../types';
import type { EditMatch, EditRule } from '../rule';
import { defineRule, addedLines, removedLines, allLines } from './helpers';

const ANY_TEXT = ['**'];

const PRIVATE_KEY = /-----BEGIN ((?:RSA|EC|DSA|OPENSSH|PGP|ENCRYPTED|SSH2)\s+)?PRIVATE KEY(?: BLOCK)?-----/;

function isEnvFile(lowerPath: string): boolean {
  const b = lowerPath.slice(lowerPath.lastIndexOf('/') + 1);
  return (b === '.env' || b.startsWith('.env.') || b.endsWith('.local')) && !/\.(example|sample|template|dist)$/.test(b);
}

export const secPrivateKeyAdded = defineRule({
  id: 'SEC001',
  name: 'private-key-added',
  category: 'secrets',
  severity: 'high',
  files: ANY_TEXT,
  summary: 'A private key (RSA, EC, OpenSSH, PGP…) is written into a file.',
  rationale: 'A private key in the working tree is one `git add -A` away from the repository history, where it stays even after deletion. Whoever clones the repository can then act as that key.',
  alternative: 'Keep keys in a secret manager or an ignored file outside the repository, and reference them by path or environment variable.',
  examples: {
    fire: [{ path: 'deploy/key.pem', before: undefined, after: '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----\n' }],
    pass: [{ path: 'deploy/key.pub.pem', before: undefined, after: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA7\n-----END PUBLIC KEY-----\n' }],
  },
  check(view) {
    if (view.status === 'deleted') return [];
    const out: EditMatch[] = [];
    const hits = addedLines(view).filter((l) => PRIVATE_KEY.test(l.text));
    if (!hits.length) return out;
    const hadBefore = allLines(view, 'before').filter((l) => PRIVATE_KEY.test(l.text)).length;
    const nowCount = allLines(view, 'after').filter((l) => PRIVATE_KEY.test(l.text)).length;
    if (nowCount <= hadBefore) return [];
    for (const l of hits.slice(0, nowCount - hadBefore)) {
      out.push({ severity: isEnvFile(view.lowerPath) ? 'low' : 'high', message: `private key added (${PRIVATE_KEY.exec(l.text)?.[0] ?? 'PRIVATE KEY'})`, afterSpan: { start: l.start, end: l.end } });
    }
    return out;
  },
});

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

export const secCredentialAdded = defineRule({
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

const SECRET_PATTERN = /(^|[/*!])\.env\b|\.pem\b|\.key\b|\.p12\b|\.pfx\b|\bid_rsa|\bid_ed25519|\bid_ecdsa|credentials|secret|\.tfstate|\.tfvars|\.npmrc|\.pypirc|\.netrc|service[-_]?account|\.keystore|\.jks\b|kubeconfig|\.htpasswd|\.kube\/config|\.aws\/|\.gcp|private/i;
const SAFE_NEGATION = /\.(example|sample|template|dist)$|\.pub$/;

export const secGitignoreWeakened = defineRule({
  id: 'SEC003',
  name: 'gitignore-secret-pattern-removed',
  category: 'secrets',
  severity: 'medium',
  files: ['**/.gitignore', '.gitignore'],
  summary: 'A .gitignore pattern that keeps secrets out (.env, *.pem, credentials, tfstate…) is removed or negated.',
  rationale: 'These lines are what stop `git add -A` from committing keys and environment files. Removing one does nothing visible until the next commit publishes the secret.',
  alternative: 'Keep the pattern; to commit an example file, add a narrow negation such as `!.env.example`.',
  examples: {
    fire: [{ path: '.gitignore', before: 'node_modules/\n.env\n*.pem\n', after: 'node_modules/\n*.pem\n' }],
    pass: [{ path: '.gitignore', before: 'node_modules/\n.env\n*.pem\n', after: 'node_modules/\n.env\n!.env.example\n*.pem\n' }],
  },
  check(view) {
    const out: EditMatch[] = [];
    const afterSet = new Set(allLines(view, 'after').map((l) => l.text.trim()));
    for (const l of removedLines(view)) {
      const t = l.text.trim();
      if (!t || t.startsWith('#') || t.startsWith('!') || !SECRET_PATTERN.test(t) || afterSet.has(t)) continue;
      out.push({ message: `.gitignore no longer ignores ${t}; matching secret files can now be committed`, beforeSpan: { start: l.start, end: l.end } });
    }
    const beforeSet = new Set(allLines(view, 'before').map((l) => l.text.trim()));
    for (const l of addedLines(view)) {
      const t = l.text.trim();
      if (!t.startsWith('!') || beforeSet.has(t) || !SECRET_PATTERN.test(t) || SAFE_NEGATION.test(t)) continue;
      out.push({ message: `.gitignore now re-includes ${t.slice(1)}; matching secret files can be committed`, afterSpan: { start: l.start, end: l.end } });
    }
    return out;
  },
});

export const SECRET_RULES: readonly EditRule[] = [secPrivateKeyAdded, secCredentialAdded, secGitignoreWeakened];
