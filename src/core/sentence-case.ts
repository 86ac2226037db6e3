/**
 * Sentence case that leaves command words alone. A finding's message often starts with the
 * program it is about (`kubectl delete deletes …`, `rm -rf removes …`); upper-casing that word
 * would name a program that does not exist ("Kubectl") and read as a typo to the very people who
 * type it every day. Only an ordinary first word is capitalised.
 */
import { isFollowedProgram } from './follow/programs';
import { PASS_THROUGH_PROGRAMS, rulesForProgram } from './rules/index';

let passThrough: ReadonlySet<string> | undefined;

/** Whether a word at the start of a message is a program, a file or some other literal. */
export function isCommandWord(word: string): boolean {
  const bare = word.replace(/[:,;.)!?]+$/, '');
  if (!bare) return false;
  // Paths, file names, options and versions (`package.json`, `./deploy.sh`, `--force`, `db_1`).
  if (/[./_0-9\\$=]/.test(bare) || bare.startsWith('-')) return true;
  passThrough ??= new Set(PASS_THROUGH_PROGRAMS);
  return rulesForProgram(bare).length > 0 || passThrough.has(bare) || isFollowedProgram(bare);
}

/** `text` with its first letter upper-cased, unless its first word is a command word. */
export function capitalizeFirst(text: string): string {
  const first = /^\S+/.exec(text)?.[0];
  if (!first || !/^[a-z]/.test(first) || isCommandWord(first)) return text;
  return `${first.charAt(0).toUpperCase()}${text.slice(1)}`;
}

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
