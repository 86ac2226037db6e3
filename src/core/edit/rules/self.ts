/**
 * Blast Radius's own settings. An agent must not be able to switch the guard off by editing a
 * file: any edit to VS Code settings, a workspace file, the repository policy or the user policy
 * that lowers protection is critical, whoever makes it.
 */
import { isStrictness, strictnessRank } from '../../policy';
import { type DocMap, type DocNode, get, toPlain } from '../../parsers/tree';
import type { Span, Strictness } from '../../types';
import type { EditMatch, EditRule } from '../rule';
import type { FileView, Side } from '../view';
import { defineRule } from './helpers';

const SETTINGS_FILES = ['**/settings.json', '**/*.code-workspace', '**/.blast-radius.json', '**/blast-radius/policy.json', '**/.vscode/*.json'];

interface Setting {
  value: unknown;
  span: Span;
}

interface OurSettings {
  strictness?: Setting;
  rules: Map<string, Setting>;
  allow: Map<string, Setting>;
  /** Every other blastRadius.* setting, by key without the prefix. */
  other: Map<string, Setting>;
}

function isPolicyFile(lowerPath: string): boolean {
  return lowerPath.endsWith('.blast-radius.json') || lowerPath.endsWith('blast-radius/policy.json');
}

/** Our settings as one side states them: flat `blastRadius.x` keys, a nested `blastRadius` object, or a policy file. */
function ourSettings(view: FileView, side: Side): OurSettings {
  return view.memo(`self:${side}`, () => {
    const out: OurSettings = { rules: new Map(), allow: new Map(), other: new Map() };
    const root = view.docs(side).docs[0];
    if (!root || root.kind !== 'map') return out;
    const put = (key: string, node: DocNode | undefined, span: Span): void => {
      if (!node) return;
      if (key === 'strictness') out.strictness = { value: toPlain(node), span: { start: node.start, end: node.end } };
      else if (key === 'rules' && node.kind === 'map') for (const e of node.entries) out.rules.set(e.key, { value: toPlain(e.value), span: { start: e.keyStart, end: e.value?.end ?? e.keyEnd } });
      else if (key === 'allow' && node.kind === 'seq') for (const it of node.items) out.allow.set(JSON.stringify(toPlain(it)), { value: toPlain(it), span: { start: it.start, end: it.end } });
      else if (node.kind === 'map' && key !== 'rules') for (const e of node.entries) put(`${key}.${e.key}`, e.value, { start: e.keyStart, end: e.value?.end ?? e.keyEnd });
      else out.other.set(key, { value: toPlain(node), span });
    };
    const readObject = (m: DocMap, prefix: boolean): void => {
      for (const e of m.entries) {
        const span = { start: e.keyStart, end: e.value?.end ?? e.keyEnd };
        if (!prefix) put(e.key, e.value, span);
        else if (e.key === 'blastRadius' && e.value?.kind === 'map') readObject(e.value, false);
        else if (e.key.startsWith('blastRadius.')) put(e.key.slice('blastRadius.'.length), e.value, span);
      }
    };
    if (isPolicyFile(view.lowerPath)) readObject(root, false);
    else if (view.lowerPath.endsWith('.code-workspace')) {
      const s = get(root, 'settings');
      if (s?.kind === 'map') readObject(s, true);
    } else readObject(root, true);
    return out;
  });
}

function strictnessOf(s: Setting | undefined): Strictness {
  return typeof s?.value === 'string' && isStrictness(s.value) ? s.value : 'balanced';
}

export const selfStrictnessLowered = defineRule({
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

export const selfRuleWeakened = defineRule({
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
      if (weakens(was, s.value)) out.push({ message: `Blast Radius rule ${id} set to ${JSON.stringify(s.value)}${was !== undefined ? ` (was ${JSON.stringify(was)})` : ''}`, afterSpan: s.span });
    }
    for (const [id, s] of b.rules) {
      if (a.rules.has(id)) continue;
      if (s.value === 'upgrade' || s.value === 'high' || s.value === 'critical') out.push({ message: `Blast Radius override ${id}: ${JSON.stringify(s.value)} removed`, beforeSpan: s.span });
    }
    return out;
  },
});

export const selfAllowAdded = defineRule({
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

const OFF_VALUES = new Set<unknown>([false, 'off', 'never', 'disabled', 'none', 'ignore', 0]);

export const selfGuardDisabled = defineRule({
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

export const SELF_RULES: readonly EditRule[] = [selfStrictnessLowered, selfRuleWeakened, selfAllowAdded, selfGuardDisabled];
