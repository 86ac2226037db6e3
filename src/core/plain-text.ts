/**
 * Words for surfaces that show text as it is: VS Code's modal dialogs and notifications, the
 * terminal. No imports, so every part of the core may use it.
 */

/**
 * Markdown code spans as plain text, for surfaces that show text as it is (VS Code's modal
 * dialogs and notifications): `` `kubectl config current-context` `` becomes
 * `"kubectl config current-context"`, or the bare words when they hold a double quote themselves.
 * Rule messages and alternatives are written for the hover and the docs, where the spans render.
 */
export function plainCode(text: string): string {
  if (!text.includes('`')) return text;
  return text.replace(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, (_m, _f: string, body: string) => {
    const inner = body.length > 2 && body.startsWith(' ') && body.endsWith(' ') ? body.slice(1, -1) : body;
    return inner.includes('"') ? inner : `"${inner}"`;
  });
}

/** `1 file`, `2 files`: a count with its noun in the right number. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A resource's kind and name in a sentence: `database prod`, `web app api`. A name that repeats
 * its kind would read as a stutter ("the database database", "the secret secret/app"), so then the
 * two are kept apart by "named": `database named database`, `secret named secret/app`. The kind's
 * last word is compared, without case and quotes, with the name or its first path segment.
 */
export function kindName(kind: string, name: string): string {
  return `${kind} ${repeatsKind(kind, name) ? 'named ' : ''}${name}`;
}

/** Whether a name starts with the last word of its kind ("secret" and `secret/app`). */
export function repeatsKind(kind: string, name: string): boolean {
  const last = kind.trim().split(/\s+/).pop()?.toLowerCase().replace(/[^a-z0-9-]/g, '') ?? '';
  if (!last) return false;
  const first = name.trim().replace(/^[`'"(]+/, '').split(/[\s/:`'",)]/)[0].toLowerCase();
  return first === last || first === `${last}s` || `${first}s` === last;
}
