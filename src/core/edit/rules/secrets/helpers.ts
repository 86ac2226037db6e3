/**
 * What several secrets rules share.
 */
export const ANY_TEXT = ['**'];

export function isEnvFile(lowerPath: string): boolean {
  const b = lowerPath.slice(lowerPath.lastIndexOf('/') + 1);
  return (b === '.env' || b.startsWith('.env.') || b.endsWith('.local')) && !/\.(example|sample|template|dist)$/.test(b);
}
