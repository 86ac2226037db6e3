/**
 * What several self-hooks rules share.
 */
import { toPlain } from '../../../parsers/tree';
import type { Span } from '../../../types';
import type { FileView, Side } from '../../view';

/** The part of smol-toml used here. Its type declarations are ESM-only; the bundles load its CommonJS build. */
interface SmolToml {
  parse: (text: string) => Record<string, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseToml } = require('smol-toml') as SmolToml;

/** JSON settings and hook files of every agent, wherever the environment put their folder. */
const JSON_FILES = ['**/settings.json', '**/settings.local.json', '**/hooks.json', '**/managed-settings.json', '**/managed-settings.d/*.json', '**/.github/hooks/*.json', '**/.copilot/hooks/*.json', '**/blast-radius/vscode-hooks/*.json', '**/.copilot/config.json', '**/system-defaults.json'];

const TOML_FILES = ['**/config.toml', '**/requirements.toml', '**/managed_config.toml'];

export const HOOK_FILES = [...JSON_FILES, ...TOML_FILES];

export function isToml(view: FileView): boolean {
  return view.lowerPath.endsWith('.toml');
}

/** A TOML side as plain data; undefined when it does not parse (a broken file hides nothing from the JSON rules). */
function toml(view: FileView, side: Side): Record<string, unknown> | undefined {
  return view.memo(`toml:${side}`, () => {
    const t = view.text(side);
    if (!t.trim() || view.tooLarge) return {};
    try {
      return parseToml(t);
    } catch {
      return undefined;
    }
  });
}

export function plain(view: FileView, side: Side): unknown {
  return view.memo(`plain:${side}`, () => (isToml(view) ? toml(view, side) : toPlain(view.docs(side).docs[0])));
}

export function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Where a string sits in the text, for a finding's range: the first occurrence is close enough. */
export function spanOf(view: FileView, side: Side, needle: string): Span | undefined {
  const at = needle ? view.text(side).indexOf(needle) : -1;
  return at === -1 ? undefined : { start: at, end: at + needle.length };
}
