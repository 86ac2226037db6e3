import type { EditMatch } from '../../rule';
import { defineRule } from '../helpers';
import { ourSettings, SETTINGS_FILES } from './helpers';

const OFF_VALUES = new Set<unknown>([false, 'off', 'never', 'disabled', 'none', 'ignore', 0]);

export const guardDisabled = defineRule({
  id: 'SELF004',
  name: 'guard-disabled',
  category: 'self-protection',
  severity: 'critical',
  files: SETTINGS_FILES,
  summary: 'An edit switches off part of Blast Radius (a watcher, the terminal gate, edit checks…).',
  rationale: 'Each watcher is a door the guard stands at. Turning one off from an edit opens it for the agent that made the edit.',
  alternative: 'Change these settings yourself in the Settings UI.',
  examples: {
    fire: [{ path: '.vscode/settings.json', before: '{\n  "blastRadius.watchEdits": true\n}\n', after: '{\n  "blastRadius.watchEdits": false\n}\n' }],
    pass: [{ path: '.vscode/settings.json', before: '{\n  "blastRadius.watchEdits": false\n}\n', after: '{\n  "blastRadius.watchEdits": true\n}\n' }],
  },
  check(view) {
    const b = ourSettings(view, 'before');
    const out: EditMatch[] = [];
    for (const [key, s] of ourSettings(view, 'after').other) {
      if (!OFF_VALUES.has(s.value)) continue;
      const was = b.other.get(key)?.value;
      if (was !== undefined && OFF_VALUES.has(was)) continue;
      out.push({ message: `blastRadius.${key} set to ${JSON.stringify(s.value)}${was !== undefined ? ` (was ${JSON.stringify(was)})` : ''}`, afterSpan: s.span });
    }
    return out;
  },
});
