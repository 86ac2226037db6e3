/**
 * What several generic rules share.
 */
import { meaningfulLines } from '../../text';
import type { FileView } from '../../view';

/** Paths whose loss is regenerable: build output, dependencies, lock files, caches. */
const ARTIFACT = /(^|\/)(dist|build|out|target|coverage|node_modules|vendor|\.cache|\.next|\.nuxt|__pycache__|\.pytest_cache|\.terraform|\.venv|venv|bin|obj)(\/|$)|(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|cargo\.lock|composer\.lock|gemfile\.lock|go\.sum|\.terraform\.lock\.hcl)$|\.(min\.js|min\.css|map|snap|lock|log)$/;

export function isArtifactPath(lowerPath: string): boolean {
  return ARTIFACT.test(lowerPath);
}

/** Lines that carry content, before and after; computed once per view. */
export function lineCounts(view: FileView): { before: number; after: number } {
  return view.memo('meaningful', () => ({ before: meaningfulLines(view.before, 500_000), after: meaningfulLines(view.after, 500_000) }));
}

/** True when the after text is empty or a stub left where a real file was. */
export function isEmptiedToStub(view: FileView): boolean {
  // Cheap checks first: counting lines of a large file is the expensive part.
  if (view.status !== 'modified' || view.after.length >= view.before.length / 10) return false;
  const c = lineCounts(view);
  return view.status === 'modified' && c.before >= 20 && c.after <= 3 && view.after.length < view.before.length / 10;
}
