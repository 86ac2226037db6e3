/**
 * The program names whose invocations may run something written in a file (a package script, a
 * Makefile recipe, a script, source code). Kept apart from the followers so the pre-filter, which
 * every benign line meets, loads nothing else.
 */
export const FOLLOWED_PROGRAMS: ReadonlySet<string> = new Set([
  'npm', 'pnpm', 'yarn', 'bun', 'corepack', 'npm-run-all', 'run-s', 'run-p', 'turbo', 'lerna', 'concurrently', 'make', 'gmake', 'just', 'task', 'go-task', 'invoke', 'inv', 'fab',
  'sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'yash', 'rbash', 'source', '.',
  'python', 'python2', 'python3', 'pypy', 'pypy3', 'node', 'nodejs', 'tsx', 'ts-node', 'ts-node-esm', 'ruby', 'perl', 'go', 'deno',
]);

/** True when a program word (a basename) may run something to follow; `python3.12` counts. */
export function isFollowedProgram(program: string): boolean {
  return FOLLOWED_PROGRAMS.has(program) || /^python\d(\.\d+)?$/.test(program);
}
