/** The command line of `hook` that the fast path answers: shared by hook.js and hook-core.ts. */
import { isHookAgent } from '../core/hook-answer';

/** True for `<agent>` alone or with `--strictness LEVEL` (which cannot change an allow). */
export function simpleHookArgs(argv: readonly string[]): boolean {
  if (!isHookAgent(argv[0])) return false;
  const rest = argv.slice(1);
  return rest.length === 0 || (rest.length === 2 && rest[0] === '--strictness') || (rest.length === 1 && rest[0].startsWith('--strictness='));
}
