/**
 * What the adapters hand the engine so that it can tell where a command would act: the
 * caller's environment variables and a bounded reader of small configuration files
 * (kubeconfig, ~/.aws/config, gcloud and az profiles, Terraform's workspace files). The engine
 * parses what it reads; the reader only fetches bytes. Nothing here touches the file system.
 */

/** One file as the reader found it. */
export type FileRead =
  /** The file's text. `stamp` changes whenever the file does (mtime, size); `mtimeMs` is its modification time. */
  | { text: string; stamp?: string; mtimeMs?: number }
  /** There is no such file (or it is not a regular file). */
  | { missing: true }
  /** The file is there but could not be used: unreadable, too large, not text. */
  | { error: string };

export interface EnvironmentReader {
  /** A variable of the environment the command inherits (the caller's, not this process's). */
  variable(name: string): string | undefined;
  /** A small text file, by absolute path. Bounded in size and time by the adapter; never throws. */
  file(path: string): FileRead;
  /** The names in a folder (absolute path), or undefined when it cannot be listed. Bounded by the adapter. */
  list(path: string): readonly string[] | undefined;
  /**
   * When the current agent session started (ms since the epoch), if known. A file changed since
   * then may have been written by the agent, so what it says never lowers a score.
   */
  sessionStart?: number;
  /**
   * A YAML parser (the `yaml` package's `parse`), for kubeconfigs, Argo CD's config and Pulumi's
   * stack files. The adapter hands it in so that the command engine's own bundles need not carry
   * it; without it those files are an unknown environment, said so.
   */
  yaml?: (text: string) => unknown;
}

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
