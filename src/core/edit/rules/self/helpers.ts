/**
 * What several self rules share.
 */
import { type DocMap, type DocNode, get, toPlain } from '../../../parsers/tree';
import type { Span } from '../../../types';
import type { FileView, Side } from '../../view';

export const SETTINGS_FILES = ['**/settings.json', '**/*.code-workspace', '**/.blast-radius.json', '**/blast-radius/policy.json', '**/.vscode/*.json'];

export interface Setting {
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
export function ourSettings(view: FileView, side: Side): OurSettings {
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
