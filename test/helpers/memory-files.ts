/**
 * An in-memory FollowReader for core tests: files by absolute path, with the reads counted, and
 * unsaved editor text where a test gives it.
 */
import { fnv1a } from '../../src/core/fnv';
import type { FollowRead, FollowReader } from '../../src/core/types';

export interface MemoryFiles extends FollowReader {
  /** Paths read, in order. */
  reads: string[];
  files: Map<string, string>;
}

export function memoryFiles(files: Record<string, string>, opts: { unsaved?: Record<string, string>; outside?: (p: string) => boolean } = {}): MemoryFiles {
  const map = new Map(Object.entries(files));
  const reads: string[] = [];
  return {
    reads,
    files: map,
    read(path: string, { named, limit }): FollowRead {
      reads.push(path);
      if (!named && opts.outside?.(path)) return { kind: 'outside' };
      const text = map.get(path);
      if (text === undefined) {
        const folder = [...map.keys()].some((k) => k.startsWith(`${path}/`));
        return folder ? { kind: 'not-regular', what: 'a folder' } : { kind: 'missing' };
      }
      if (text.length > limit) return { kind: 'too-large', limit };
      const unsaved = opts.unsaved?.[path];
      return unsaved !== undefined && unsaved !== text ? { kind: 'text', text, digest: fnv1a(text), unsaved: { text: unsaved } } : { kind: 'text', text, digest: fnv1a(text) };
    },
    list(dir: string, { limit }): string[] | undefined {
      const names = new Set<string>();
      for (const k of map.keys()) {
        if (!k.startsWith(`${dir}/`)) continue;
        const rest = k.slice(dir.length + 1);
        const slash = rest.indexOf('/');
        names.add(slash === -1 ? rest : `${rest.slice(0, slash)}/`);
      }
      return names.size ? [...names].sort().slice(0, limit) : undefined;
    },
  };
}
