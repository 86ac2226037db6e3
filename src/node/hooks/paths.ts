/**
 * Where Blast Radius keeps what outlives one process: the stable launcher that agent hooks and
 * the git hook run, and the record of what was installed where (so that uninstalling removes
 * exactly that). Every function takes the environment, home and platform as arguments, so tests
 * can point it at a temporary home.
 */
import os from 'node:os';
import path from 'node:path';

export interface HostEnv {
  env: NodeJS.ProcessEnv;
  home: string;
  platform: NodeJS.Platform;
}

export function hostEnv(partial: Partial<HostEnv> = {}): HostEnv {
  const env = partial.env ?? process.env;
  return {
    env,
    // HOME first, so a child process given a temporary HOME uses it even where os.homedir()
    // would read the password database.
    home: partial.home ?? (env.HOME && path.isAbsolute(env.HOME) ? env.HOME : os.homedir()),
    platform: partial.platform ?? process.platform,
  };
}

function pathFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** `$XDG_DATA_HOME/blast-radius` (else `~/.local/share/blast-radius`); `%LOCALAPPDATA%\blast-radius` on Windows. */
export function dataDir(host: HostEnv): string {
  const p = pathFor(host.platform);
  if (host.platform === 'win32') {
    const local = host.env.LOCALAPPDATA && p.isAbsolute(host.env.LOCALAPPDATA) ? host.env.LOCALAPPDATA : p.join(host.home, 'AppData', 'Local');
    return p.join(local, 'blast-radius');
  }
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const data = host.env.XDG_DATA_HOME && p.isAbsolute(host.env.XDG_DATA_HOME) ? host.env.XDG_DATA_HOME : p.join(host.home, '.local', 'share');
  return p.join(data, 'blast-radius');
}

/**
 * `$XDG_CACHE_HOME/blast-radius` (else `~/.cache/blast-radius`); `%LOCALAPPDATA%\blast-radius\cache`
 * on Windows: the agent hook's code cache and the warm hook server's socket. Undefined without
 * an absolute home.
 */
export function cacheDir(host: HostEnv): string | undefined {
  const p = pathFor(host.platform);
  if (host.platform === 'win32') {
    const local = host.env.LOCALAPPDATA && p.isAbsolute(host.env.LOCALAPPDATA) ? host.env.LOCALAPPDATA : host.home && p.join(host.home, 'AppData', 'Local');
    return local ? p.join(local, 'blast-radius', 'cache') : undefined;
  }
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  const base = host.env.XDG_CACHE_HOME && p.isAbsolute(host.env.XDG_CACHE_HOME) ? host.env.XDG_CACHE_HOME : host.home && p.isAbsolute(host.home) ? p.join(host.home, '.cache') : undefined;
  return base ? p.join(base, 'blast-radius') : undefined;
}

/** The stable launcher hooks point at: it survives upgrades of the CLI it runs. */
export function defaultLauncherPath(host: HostEnv): string {
  return pathFor(host.platform).join(dataDir(host), 'bin', host.platform === 'win32' ? 'blast-radius.cmd' : 'blast-radius');
}

/** The record of installed hooks, read by `hooks status` and by the extension's uninstall script. */
export function registryPath(host: HostEnv): string {
  return pathFor(host.platform).join(dataDir(host), 'installed.json');
}

/** Replaces the home directory with `~` for display. */
export function tildify(file: string, host: HostEnv): string {
  const home = host.home.replace(/[\\/]+$/, '');
  if (home && (file === home || file.startsWith(`${home}/`) || file.startsWith(`${home}\\`))) return `~${file.slice(home.length)}`;
  return file;
}
