/**
 * How a platform writes absolute paths, for the code that joins and compares them (follow/). The
 * core reasons in one form, `/`-separated and rooted at `/`; a Windows path is carried in it as
 * `/C:/Users/me` or `/UNC/server/share/x`, and handed back to the adapter's reader (and shown) as
 * Windows writes it. The adapter chooses the flavour: it knows the platform (FollowReader.flavour).
 */

export type PathFlavourName = 'posix' | 'win32';

export interface PathFlavour {
  readonly name: PathFlavourName;
  /** A path as the platform writes it, in the core's form; undefined when it is not absolute. */
  inner(native: string): string | undefined;
  /** A path in the core's form, as the platform writes it. */
  native(inner: string): string;
}

export const POSIX_PATHS: PathFlavour = {
  name: 'posix',
  inner: (p) => (p.startsWith('/') ? p : undefined),
  native: (p) => p,
};

const DRIVE = /^([A-Za-z]):(?:[\\/]|$)/;
/** `\\server\share\…`, `//server/share/…`; `\\?\` and `\\.\` are the long-path and device prefixes. */
const UNC = /^[\\/]{2}([^\\/?.][^\\/]*)[\\/]+([^\\/]+)(.*)$/;

export const WIN32_PATHS: PathFlavour = {
  name: 'win32',
  inner(p) {
    let s = p;
    const long = /^[\\/]{2}[?.][\\/](.*)$/.exec(s);
    if (long) s = /^UNC[\\/]/i.test(long[1]) ? `\\\\${long[1].slice(4)}` : long[1];
    const drive = DRIVE.exec(s);
    if (drive) return `/${drive[1].toUpperCase()}:/${s.slice(drive[0].length).replace(/\\/g, '/')}`.replace(/\/+$/, '') || '/';
    const unc = UNC.exec(s);
    if (unc) return `/UNC/${unc[1]}/${unc[2]}${unc[3].replace(/\\/g, '/')}`.replace(/\/+$/, '');
    // A path rooted at `/` (Git Bash's `/c/Users`, MSYS): kept as written.
    if (s.startsWith('/') || s.startsWith('\\')) return s.replace(/\\/g, '/');
    return undefined;
  },
  native(p) {
    const drive = /^\/([A-Z]):(\/.*)?$/.exec(p);
    if (drive) return `${drive[1]}:${(drive[2] ?? '/').replace(/\//g, '\\')}`;
    const unc = /^\/UNC\/(.*)$/.exec(p);
    if (unc) return `\\\\${unc[1].replace(/\//g, '\\')}`;
    return p;
  },
};

export function pathFlavour(name: PathFlavourName | undefined): PathFlavour {
  return name === 'win32' ? WIN32_PATHS : POSIX_PATHS;
}
