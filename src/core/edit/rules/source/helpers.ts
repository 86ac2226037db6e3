/**
 * What several source rules share.
 */
import type { FileView, Side } from '../../view';
import { allLines, type LineRef } from '../helpers';

export const CODE_FILES = [
  '**/*.js', '**/*.jsx', '**/*.ts', '**/*.tsx', '**/*.mjs', '**/*.cjs', '**/*.py', '**/*.rb', '**/*.go', '**/*.java', '**/*.kt', '**/*.cs',
  '**/*.rs', '**/*.php', '**/*.swift', '**/*.scala', '**/*.ex', '**/*.exs', '**/*.vue', '**/*.svelte',
];

export function isComment(line: string): boolean {
  const t = line.trimStart();
  return t.startsWith('//') || t.startsWith('#') || t.startsWith('*') || t.startsWith('/*') || t.startsWith('--');
}

export function isTestPath(lowerPath: string): boolean {
  return /(^|\/)(test|tests|spec|specs|__tests__|testing)\//.test(lowerPath) || /[._-](test|spec|tests)\.[a-z]+$/.test(lowerPath) || /(^|\/)test_[^/]*\.py$/.test(lowerPath) || /_test\.go$/.test(lowerPath) || /test\.(java|kt|cs)$/.test(lowerPath) || /tests?\.(cs|swift)$/.test(lowerPath);
}

/**
 * Settings for tests, not for a running service: test folders and files, Rails' and Django's test
 * environments (`config/environments/test.rb`, `settings/test.py`), fixtures and mocks.
 */
export function isTestOrFixturePath(lowerPath: string): boolean {
  if (isTestPath(lowerPath)) return true;
  const base = lowerPath.slice(lowerPath.lastIndexOf('/') + 1).replace(/\.[a-z0-9]+$/, '');
  return /^(test|tests|testing|conftest|test_settings|settings_test)$/.test(base) || /(^|\/)(fixtures?|mocks?|__mocks__|e2e|cypress|playwright)\//.test(lowerPath);
}

const MAX_SCAN_LINES = 20_000;

/** Non-comment lines of a text matching a pattern, trimmed, bounded. */
export function matchingLines(text: string | undefined, re: RegExp): string[] {
  if (!text) return [];
  const out: string[] = [];
  const lines = text.split('\n', MAX_SCAN_LINES);
  for (const l of lines) if (!isComment(l) && re.test(l)) out.push(l.trim());
  return out;
}

/** Non-comment lines of one side of the view matching a pattern, trimmed (lines split once per view). */
export function sideMatching(view: FileView, side: Side, re: RegExp): string[] {
  if (side === 'before' ? view.before === undefined : view.after === undefined) return [];
  const out: string[] = [];
  for (const l of allLines(view, side, MAX_SCAN_LINES)) if (re.test(l.text) && !isComment(l.text)) out.push(l.text.trim());
  return out;
}

/**
 * Lines the edit adds that match `re`, when the new version has more such lines than the old one
 * had and the line itself is new (a line moved within the file is not a change of behaviour).
 */
export function newlyMatching(view: FileView, added: readonly LineRef[], re: RegExp): LineRef[] {
  const candidates = added.filter((l) => re.test(l.text) && !isComment(l.text));
  if (!candidates.length) return [];
  const was = sideMatching(view, 'before', re);
  if (sideMatching(view, 'after', re).length <= was.length) return [];
  const old = new Set(was);
  return candidates.filter((l) => !old.has(l.text.trim()));
}

/**
 * Lines the edit removes that match `re`, when the new version has fewer such lines and no other
 * file of the step gained one (moved, not removed).
 */
export function goneMatching(view: FileView, removed: readonly LineRef[], re: RegExp): LineRef[] {
  const candidates = removed.filter((l) => re.test(l.text) && !isComment(l.text));
  if (!candidates.length) return [];
  if (sideMatching(view, 'after', re).length >= sideMatching(view, 'before', re).length) return [];
  for (const c of view.ctx.batch?.changes ?? []) {
    if (c.path === view.path || typeof c.after !== 'string' || !re.test(c.after)) continue;
    if (matchingLines(c.after, re).length > matchingLines(c.before, re).length) return [];
  }
  return candidates;
}
