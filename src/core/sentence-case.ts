/**
 * Sentence case that leaves command words alone. A finding's message often starts with the
 * program it is about (`kubectl delete deletes …`, `rm -rf removes …`); upper-casing that word
 * would name a program that does not exist ("Kubectl") and read as a typo to the very people who
 * type it every day. Only an ordinary first word is capitalised.
 */
import { isFollowedProgram } from './follow/programs';
import { isTriggerProgram } from './rules/registry';

/** Whether a word at the start of a message is a program, a file or some other literal. */
export function isCommandWord(word: string): boolean {
  const bare = word.replace(/[:,;.)!?]+$/, '');
  if (!bare) return false;
  // Paths, file names, options and versions (`package.json`, `./deploy.sh`, `--force`, `db_1`).
  if (/[./_0-9\\$=]/.test(bare) || bare.startsWith('-')) return true;
  // A program some rule triggers on, or one that runs others (no rule pack is loaded for it).
  return isTriggerProgram(bare) || isFollowedProgram(bare);
}

/** `text` with its first letter upper-cased, unless its first word is a command word. */
export function capitalizeFirst(text: string): string {
  const first = /^\S+/.exec(text)?.[0];
  if (!first || !/^[a-z]/.test(first) || isCommandWord(first)) return text;
  return `${first.charAt(0).toUpperCase()}${text.slice(1)}`;
}

