/**
 * The engine's EnvironmentReader on a real machine: the caller's environment variables and the
 * tools' configuration files (kubeconfig, ~/.aws/config, gcloud and az profiles, Terraform's
 * workspace files), read synchronously, regular files only, at most MAX_BYTES each. A file is
 * read again only when its stat changes, so a burst of commands costs a stat per file. Every
 * failure is an answer (missing, or an error the finding will name), never an exception.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { EnvironmentReader, FileRead } from '../core/environment/reader';

/** Configuration files past this size are not read (kubeconfigs with many clusters stay well under). */
export const MAX_BYTES = 2 * 1024 * 1024;
/** Names listed from one folder, at most. */
const MAX_LIST = 512;
const CACHE_LIMIT = 128;

const cache = new Map<string, { stamp: string; read: FileRead }>();

function errorText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  return `cannot be read (${code ?? String(e).slice(0, 80)})`;
}

export function readConfigFile(path: string): FileRead {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG') return { missing: true };
    return { error: errorText(e) };
  }
  // Only regular files: a FIFO or a device would block or never end.
  if (!st.isFile()) return st.isDirectory() ? { missing: true } : { error: 'is not a regular file' };
  if (st.size > MAX_BYTES) return { error: `is too large to read (${Math.round(st.size / 1024)} KiB)` };
  const stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
  const hit = cache.get(path);
  if (hit && hit.stamp === stamp) return hit.read;
  let read: FileRead;
  try {
    const buf = readFileSync(path);
    read = buf.includes(0) ? { error: 'is not a text file' } : { text: buf.toString('utf8'), stamp, mtimeMs: st.mtimeMs };
  } catch (e) {
    read = { error: errorText(e) };
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(path, { stamp, read });
  return read;
}

export interface ReaderOptions {
  /** When the agent's session started (ms since the epoch): files changed since then never lower a score. */
  sessionStart?: number;
  /** A YAML parser (the `yaml` package's `parse`); without it kubeconfigs and Pulumi stacks are an unknown environment. */
  yaml?: (text: string) => unknown;
}

/** A reader over the caller's environment (not necessarily this process's: the warm hook server answers many callers). */
export function nodeEnvironmentReader(env: NodeJS.ProcessEnv, opts: ReaderOptions = {}): EnvironmentReader {
  const reader: EnvironmentReader = {
    variable: (name) => {
      const v = env[name];
      return v === undefined || v === '' ? undefined : v;
    },
    file: (path) => readConfigFile(path),
    list: (path) => {
      try {
        const names = readdirSync(path);
        return names.length > MAX_LIST ? names.slice(0, MAX_LIST) : names;
      } catch {
        return undefined;
      }
    },
  };
  if (opts.sessionStart !== undefined) reader.sessionStart = opts.sessionStart;
  if (opts.yaml) reader.yaml = opts.yaml;
  return reader;
}
