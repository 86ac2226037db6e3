import type { ImpactCount, ImpactReader } from '../types';

/** An empty count, to build fixtures from. */
export function emptyCount(): ImpactCount {
  return { exists: true, files: 0, folders: 0, bytes: 0, lines: 0, inRepository: false, tracked: 0, modified: 0, untracked: 0, buildOutput: 0, createdInSession: 0, bounded: false };
}

/** A reader over fixed counts by absolute path: for tests, the corpus and callers that already hold the facts. */
export function fixedImpactReader(counts: Readonly<Record<string, Partial<ImpactCount>>>): ImpactReader {
  return {
    count: (path) => {
      const c = Object.prototype.hasOwnProperty.call(counts, path) ? counts[path] : undefined;
      return c ? { ...emptyCount(), ...c } : undefined;
    },
  };
}
