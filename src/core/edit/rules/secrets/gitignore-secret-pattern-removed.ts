import type { EditMatch } from '../../rule';
import { addedLines, allLines, defineRule, removedLines } from '../helpers';

const SECRET_PATTERN = /(^|[/*!])\.env\b|\.pem\b|\.key\b|\.p12\b|\.pfx\b|\bid_rsa|\bid_ed25519|\bid_ecdsa|credentials|secret|\.tfstate|\.tfvars|\.npmrc|\.pypirc|\.netrc|service[-_]?account|\.keystore|\.jks\b|kubeconfig|\.htpasswd|\.kube\/config|\.aws\/|\.gcp|private/i;

const SAFE_NEGATION = /\.(example|sample|template|dist)$|\.pub$/;

export const gitignoreSecretPatternRemoved = defineRule({
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
