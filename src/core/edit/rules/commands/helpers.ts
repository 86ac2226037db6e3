/**
 * What several commands rules share.
 */
import type { FileChange } from '../../types';
import { FileView } from '../../view';

function isShellScript(view: FileView): boolean {
  if (view.kind === 'shell') return true;
  if (view.kind !== 'other') return false;
  const first = view.after.slice(0, 100);
  return /^#!\s*\/(?:usr\/)?bin\/(?:env\s+)?(?:ba|z|k|da)?sh\b/.test(first);
}

/** Which kind of command-holding file this is, if any. */
export function hostKind(view: FileView): 'package' | 'docker' | 'make' | 'ci' | 'shell' | undefined {
  if (view.base === 'package.json') return 'package';
  if (view.kind === 'dockerfile') return 'docker';
  if (view.kind === 'makefile') return 'make';
  if (view.kind === 'yaml' && /(^|\/)\.github\/workflows\/|gitlab-ci\.yml$|\.gitlab\/ci\//.test(view.lowerPath)) return 'ci';
  if (isShellScript(view)) return 'shell';
  return undefined;
}

/**
 * Whether a change may hold commands this rule scores (a script, a Dockerfile, a Makefile,
 * package.json, a CI pipeline): callers that load the shell grammar only when it can be needed
 * ask this first.
 */
export function mayHoldCommands(change: FileChange): boolean {
  return hostKind(new FileView(change)) !== undefined;
}
