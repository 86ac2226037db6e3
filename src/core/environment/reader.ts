/**
 * What the adapters hand the engine so that it can tell where a command would act: the
 * caller's environment variables and a bounded reader of small configuration files
 * (kubeconfig, ~/.aws/config, gcloud and az profiles, Terraform's workspace files). The engine
 * parses what it reads; the reader only fetches bytes. Nothing here touches the file system.
 */

import type { EnvironmentReader } from '../types';

export type { EnvironmentReader, FileRead } from '../types';

/** A reader over fixed data: for tests, the corpus and callers that already hold the facts. */
export function fixedReader(
  files: Readonly<Record<string, string>>,
  vars: Readonly<Record<string, string | undefined>> = {},
  opts: { sessionStart?: number; writtenInSession?: readonly string[]; yaml?: (text: string) => unknown } = {},
): EnvironmentReader {
  const sessionStart = opts.sessionStart ?? (opts.writtenInSession?.length ? 1000 : undefined);
  const written = new Set(opts.writtenInSession ?? []);
  const dirs = new Map<string, Set<string>>();
  for (const f of Object.keys(files)) {
    let p = f;
    for (;;) {
      const cut = p.lastIndexOf('/');
      if (cut <= 0) {
        if (cut === 0) {
          const set = dirs.get('/') ?? new Set<string>();
          if (p.length > 1) set.add(p.slice(1));
          dirs.set('/', set);
        }
        break;
      }
      const dir = p.slice(0, cut);
      const set = dirs.get(dir) ?? new Set<string>();
      set.add(p.slice(cut + 1));
      dirs.set(dir, set);
      p = dir;
    }
  }
  const reader: EnvironmentReader = {
    variable: (name) => (Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined),
    file: (path) => {
      if (!Object.prototype.hasOwnProperty.call(files, path)) return { missing: true };
      const text = files[path];
      // A fixture marks a file the reader cannot use with this text.
      if (text === UNREADABLE) return { error: 'permission denied' };
      return { text, stamp: `${text.length}`, mtimeMs: written.has(path) && sessionStart !== undefined ? sessionStart + 1 : 0 };
    },
    list: (path) => {
      const set = dirs.get(path.length > 1 ? path.replace(/\/+$/, '') : path);
      return set ? [...set].sort() : undefined;
    },
  };
  if (sessionStart !== undefined) reader.sessionStart = sessionStart;
  if (opts.yaml) reader.yaml = opts.yaml;
  return reader;
}

/** Fixture text standing for a file that exists but cannot be read. */
export const UNREADABLE = '\u0000unreadable\u0000';
