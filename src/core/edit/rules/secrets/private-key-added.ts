import type { EditMatch } from '../../rule';
import { addedLines, allLines, defineRule } from '../helpers';
import { ANY_TEXT, isEnvFile } from './helpers';

const PRIVATE_KEY = /-----BEGIN ((?:RSA|EC|DSA|OPENSSH|PGP|ENCRYPTED|SSH2)\s+)?PRIVATE KEY(?: BLOCK)?-----/;

export const privateKeyAdded = defineRule({
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
