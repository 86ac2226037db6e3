import { kindName } from '../../../plain-text';
import type { EditMatch } from '../../rule';
import { defineRule } from '../helpers';
import { ourSettings, SETTINGS_FILES } from './helpers';

const ORDER = ['low', 'medium', 'high', 'critical'];

function weakens(was: unknown, now: unknown): boolean {
  if (now === 'off' || now === 'downgrade') return was !== now;
  if (typeof now === 'string' && ORDER.includes(now)) {
    if (typeof was === 'string' && ORDER.includes(was)) return ORDER.indexOf(now) < ORDER.indexOf(was);
    if (was === 'upgrade') return true;
    return now === 'low' || now === 'medium';
  }
  return false;
}

export const ruleWeakened = defineRule({
  id: 'SELF002',
  name: 'rule-weakened',
  category: 'self-protection',
  severity: 'critical',
  files: SETTINGS_FILES,
  summary: 'An edit turns a Blast Radius rule off, downgrades it, or removes an upgrade.',
  rationale: 'Switching off the rule that would catch the next destructive step is the simplest way for an agent to get past the guard.',
  alternative: 'Change rule overrides yourself; if a rule is wrong, report it rather than switching it off from an edit.',
  examples: {
    fire: [{ path: '.blast-radius.json', before: '{"rules": {}}\n', after: '{"rules": {"TF006": "off"}}\n' }],
    pass: [{ path: '.blast-radius.json', before: '{"rules": {}}\n', after: '{"rules": {"TF006": "upgrade"}}\n' }],
  },
  check(view) {
    const b = ourSettings(view, 'before');
    const a = ourSettings(view, 'after');
    const out: EditMatch[] = [];
    for (const [id, s] of a.rules) {
      const was = b.rules.get(id)?.value;
      if (weakens(was, s.value)) out.push({ message: `Blast Radius ${kindName('rule', id)} set to ${JSON.stringify(s.value)}${was !== undefined ? ` (was ${JSON.stringify(was)})` : ''}`, afterSpan: s.span });
    }
    for (const [id, s] of b.rules) {
      if (a.rules.has(id)) continue;
      if (s.value === 'upgrade' || s.value === 'high' || s.value === 'critical') out.push({ message: `Blast Radius override ${id}: ${JSON.stringify(s.value)} removed`, beforeSpan: s.span });
    }
    return out;
  },
});
