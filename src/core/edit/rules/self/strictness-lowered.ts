import { isStrictness, strictnessRank } from '../../../policy';
import type { Strictness } from '../../../types';
import { defineRule } from '../helpers';
import { ourSettings, type Setting, SETTINGS_FILES } from './helpers';

function strictnessOf(s: Setting | undefined): Strictness {
  return typeof s?.value === 'string' && isStrictness(s.value) ? s.value : 'balanced';
}

export const strictnessLowered = defineRule({
  id: 'SELF001',
  name: 'strictness-lowered',
  category: 'self-protection',
  severity: 'critical',
  files: SETTINGS_FILES,
  summary: 'An edit lowers Blast Radius\'s strictness (or removes a stricter setting).',
  rationale: 'An agent that can lower the strictness it is judged by is not being judged. Changes to the guard\'s own settings must come from the user, in the settings UI, not from an edit.',
  alternative: 'Change Blast Radius settings yourself in the Settings UI; agents should not edit them.',
  examples: {
    fire: [{ path: '.vscode/settings.json', before: '{\n  "blastRadius.strictness": "strict"\n}\n', after: '{\n  "blastRadius.strictness": "off"\n}\n' }],
    pass: [{ path: '.vscode/settings.json', before: '{\n  "blastRadius.strictness": "balanced"\n}\n', after: '{\n  "blastRadius.strictness": "strict"\n}\n' }],
  },
  check(view) {
    const b = ourSettings(view, 'before');
    const a = ourSettings(view, 'after');
    if (!b.strictness && !a.strictness) return [];
    const was = strictnessOf(b.strictness);
    const now = strictnessOf(a.strictness);
    if (strictnessRank(now) >= strictnessRank(was)) return [];
    return [{ message: `Blast Radius strictness lowered from ${was} to ${now}${a.strictness ? '' : ' (setting removed)'}`, afterSpan: a.strictness?.span, beforeSpan: a.strictness ? undefined : b.strictness?.span }];
  },
});
