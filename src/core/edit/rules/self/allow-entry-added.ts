import type { EditMatch } from '../../rule';
import { defineRule } from '../helpers';
import { ourSettings, SETTINGS_FILES } from './helpers';

export const allowEntryAdded = defineRule({
  id: 'SELF003',
  name: 'allow-entry-added',
  category: 'self-protection',
  severity: 'critical',
  files: SETTINGS_FILES,
  summary: 'An edit adds an allow-list entry to Blast Radius.',
  rationale: 'An allow entry waves a command or a path through without a check. Added by an edit, it is the agent pre-approving its own next step.',
  alternative: 'Add allow entries yourself, with an expiry date, after reviewing what they cover.',
  examples: {
    fire: [{ path: 'blast-radius/policy.json', before: '{"allow": []}\n', after: '{"allow": [{"command": "terraform destroy*"}]}\n' }],
    pass: [{ path: 'blast-radius/policy.json', before: '{"allow": [{"command": "terraform destroy*"}]}\n', after: '{"allow": []}\n' }],
  },
  check(view) {
    const b = ourSettings(view, 'before');
    const out: EditMatch[] = [];
    for (const [key, s] of ourSettings(view, 'after').allow) {
      if (!b.allow.has(key)) out.push({ message: `allow entry added to Blast Radius: ${key.slice(0, 120)}`, afterSpan: s.span });
    }
    return out;
  },
});
