/**
 * What several source rules share.
 */
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
