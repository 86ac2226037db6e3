/** Proofreading what a person reads. */

/**
 * The first pair of adjacent words that repeat ("the secret secret/app", "the database database"),
 * without case and quotes, or undefined. A name that starts with the word before it (`secret/app`
 * after "secret") counts too. Words split by punctuation ("in it; it looks") or a bracket, and
 * words without a letter (code such as `} }`), do not.
 */
export function repeatedWord(text: string): string | undefined {
  const norm = (w: string) => w.toLowerCase().replace(/^[`'"([“‘]+|[`'"),.:;!?\]”’]+$/g, '');
  const raw = text.split(/\s+/).filter(Boolean);
  for (let i = 0; i + 1 < raw.length; i++) {
    if (/[,;:.!?)]$/.test(raw[i].replace(/[`'"”’]+$/, '')) || /^[([]/.test(raw[i + 1])) continue;
    const a = norm(raw[i]);
    const b = norm(raw[i + 1]);
    if (!/[a-z]/.test(a)) continue;
    if (a === b || b.startsWith(`${a}/`)) return `${raw[i]} ${raw[i + 1]}`;
  }
  return undefined;
}
