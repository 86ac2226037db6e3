import { kindName } from '../plain-text';
/**
 * What a path argument points at: a system root, the user's home, the project's source, its
 * VCS metadata, or something regenerable. Pure string work over the context the adapters pass
 * in; nothing here touches the file system.
 *
 * Temp folders are scratch space, but the user's places win over them: the home, every
 * workspace folder, the repositories holding them, the folders above any of these and the
 * folders beside a project are never temp, even inside /tmp (CI images, containers and agent
 * sandboxes put HOME and the work there). What an agent cloned into /tmp stays temp.
 */
import type { SimpleCommand, Word } from '../shell/model';
import { wildcardMatch } from '../policy';
import { DYN, MKTEMP_PATH } from '../shell/words';
import type { CommandContext, TargetClass } from '../types';
import { ARTIFACT_DIRS, ARTIFACT_FILE, normalizePath } from '../path-text';

export { ARTIFACT_DIRS, normalizePath };

/** Home folders that hold credentials or a user's own documents. */
const PRECIOUS_HOME = new Set(['.ssh', '.aws', '.gnupg', '.kube', '.config', '.azure', '.gcloud', '.docker', '.local', '.password-store', 'Documents', 'Desktop', 'Pictures', 'Music', 'Videos', 'Downloads', 'Library', 'Dropbox', 'OneDrive', 'src', 'code', 'projects', 'work', 'dev', 'go', 'repos', 'git']);

/** Home folders that only cache downloads. */
const HOME_CACHES = new Set(['.cache', '.npm', '.yarn', '.pnpm-store', '.m2', '.gradle', '.cargo', '.rustup', '.nuget', '.bun', '.deno', '.nvm', '.pyenv', '.rbenv', '.local/share/Trash', 'Library/Caches', '.vscode-server', '.cursor-server', '.node-gyp', '.electron-gyp']);

/** Top-level directories of a Unix system. */
const SYSTEM_DIRS = new Set(['bin', 'boot', 'dev', 'etc', 'lib', 'lib32', 'lib64', 'libx32', 'opt', 'proc', 'root', 'sbin', 'srv', 'sys', 'usr', 'var', 'home', 'Users', 'System', 'Applications', 'Library', 'private', 'snap', 'nix', 'mnt', 'media', 'data']);

/** Top-level workspace folders that hold source, configuration or data. */
const SOURCE_DIRS = new Set([
  'src', 'lib', 'app', 'apps', 'packages', 'pkg', 'cmd', 'internal', 'test', 'tests', 'spec', '__tests__', 'docs', 'doc',
  'migrations', 'db', 'data', 'infra', 'terraform', 'config', 'configs', 'scripts', 'public', 'assets', 'static',
  'components', 'pages', 'api', 'server', 'client', 'include', 'prisma', 'charts', 'helm', 'k8s', 'deploy',
  'deployment', 'modules', 'services', 'web', 'frontend', 'backend', 'core', 'tools', 'resources', 'templates',
  'fixtures', 'examples', 'proto', 'schema', 'schemas', 'sql', 'notebooks', 'models', 'views', 'controllers',
  'routes', 'styles', 'locales', 'i18n', '.github', '.gitlab', '.circleci', '.vscode', '.devcontainer', 'crates',
  'android', 'ios', 'vendor', 'third_party', 'third-party', 'cloudformation', 'ansible', 'playbooks', 'secrets',
]);

/** Files by extension that are source or configuration. */
const SOURCE_FILE = /\.(ts|tsx|js|jsx|mjs|cjs|py|rb|go|rs|java|kt|kts|scala|c|cc|cpp|h|hpp|cs|fs|swift|m|mm|php|pl|sh|bash|zsh|ps1|sql|tf|tfvars|hcl|ya?ml|json|jsonc|toml|ini|cfg|conf|xml|html|css|scss|less|vue|svelte|md|mdx|rst|txt|csv|ipynb|proto|graphql|gradle|lock|dockerfile)$|^(Dockerfile|Makefile|Gemfile|Rakefile|Procfile|Jenkinsfile|Vagrantfile|LICENSE|README|\.gitignore|\.env.*)$/i;

/** Workspace files whose loss is worse than a source file's: state and secrets. */
const STATE_FILE = /(^|\/)(terraform\.tfstate(\.backup)?|[^/]*\.tfstate|\.env(\.[\w-]+)?|[^/]*\.(sqlite3?|db|mdb|accdb|pem|key|p12|pfx|kdbx))$/i;

export interface ResolvedTarget {
  cls: TargetClass;
  /** Normalised absolute path when it could be resolved (`~` expanded). */
  path?: string;
  /** A short description for messages: "your home directory", "the .git folder". */
  what: string;
  /** The target is a state or secrets file (tfstate, .env, a database file, a key). */
  stateFile?: boolean;
}

/** True when `path` is `root` or inside it; both normalised (no trailing slash but on `/`). */
function within(path: string, root: string): boolean {
  if (root === '/') return true;
  return path === root || (path.length > root.length && path.charCodeAt(root.length) === 47 && path.startsWith(root));
}

function isWindowsPath(v: string): boolean {
  return /^[A-Za-z]:([\\/]|$)/.test(v) || v.startsWith('\\\\') || /^\$env:/i.test(v) || /^%[A-Za-z]+%/.test(v);
}

function classifyWindows(value: string): ResolvedTarget {
  const v = value.replace(/\//g, '\\').replace(/\\+$/, '');
  const lower = v.toLowerCase();
  if (/^[a-z]:$/.test(lower) || lower === '') return { cls: 'system-root', what: v ? `the whole ${v} drive` : 'the whole drive' };
  if (/^[a-z]:\\(windows|program files( \(x86\))?|programdata|users|system volume information)(\\|$)/.test(lower) && !/^[a-z]:\\users\\[^\\]+\\/.test(lower)) {
    return /^[a-z]:\\users\\[^\\]+$/.test(lower) ? { cls: 'home', what: `the ${kindName('home folder', v)}` } : { cls: 'system-root', what: `the ${kindName('system folder', v)}` };
  }
  if (/^(\$env:userprofile|%userprofile%|~)$/i.test(lower)) return { cls: 'home', what: 'your home folder' };
  if (/^(\$env:(temp|tmp)|%te?mp%)/i.test(lower) || /\\(appdata\\local\\)?temp(\\|$)/.test(lower)) return { cls: 'temp', what: v };
  const segs = lower.split('\\');
  if (segs.some((s) => ARTIFACT_DIRS.has(s))) return { cls: 'artifact', what: v };
  if (segs.includes('.git')) return { cls: 'vcs-metadata', what: 'the .git folder (all local history)' };
  return { cls: 'outside-workspace', what: v };
}

const POWERSHELL_HOME = /^(?:\$HOME|\$\{HOME\}|\$env:HOME|\$\{env:HOME\})(?=$|[\\/])/i;

/**
 * Resolves one path argument of `cmd` and says what it is. `~` and `$HOME` count as home;
 * relative paths resolve against an earlier `cd` in the line, then the context's cwd.
 */
export function classifyPath(word: Word, cmd: SimpleCommand, ctx: CommandContext): ResolvedTarget {
  const t = classifyWord(word, cmd, ctx);
  // A part only known when the line runs reads as … in messages, not as an invisible character.
  return t.what.includes(DYN) ? { ...t, what: t.what.split(DYN).join('…').replace(/\u2026{2,}/g, '…') } : t;
}

function classifyWord(word: Word, cmd: SimpleCommand, ctx: CommandContext): ResolvedTarget {
  let v = word.value;
  if (cmd.dialect !== 'posix' || isWindowsPath(v)) {
    // The PowerShell and cmd readers keep a variable's text after its marker, and put a value the
    // line assigned in its place (`$p = "$env:TEMP\x"; Remove-Item $p`): the value is what is deleted.
    let shown = !word.dynamic ? v : cmd.dialect !== 'posix' && word.value.includes(DYN) ? word.value.split(DYN).join('') : word.raw.replace(/^["']|["']$/g, '');
    // PowerShell's $HOME (and $env:HOME) is the home, as ~ is.
    const homeVar = POWERSHELL_HOME.exec(shown);
    if (homeVar && !/[$%`(]/.test(shown.slice(homeVar[0].length))) shown = `~${shown.slice(homeVar[0].length)}`;
    else if (word.dynamic && !/^(\$env:|%)/i.test(shown)) return { cls: 'dynamic', what: word.raw };
    if (shown === '~' || /^~[\\/]/.test(shown)) {
      // A Windows home is judged by what lies under it (~\.ssh, ~\Documents), not as a POSIX path.
      if (ctx.home && isWindowsPath(ctx.home)) {
        const rel = normalizePath(shown.slice(1).replace(/\\/g, '/').replace(/^\/+/, ''));
        if (rel !== '..' && !rel.startsWith('../')) return classifyHomeRelative(rel, undefined, word);
        // Above the home: C:\Users, or the drive.
        const segs = ctx.home.replace(/\//g, '\\').replace(/\\+$/, '').split('\\');
        for (const seg of rel.split('/')) if (seg === '..') segs.length = Math.max(1, segs.length - 1);
        return classifyWindows([...segs, ...rel.split('/').filter((x) => x !== '..')].join('\\'));
      }
      return classifyPath({ ...word, value: shown.replace(/\\/g, '/'), dynamic: false }, { ...cmd, dialect: 'posix' }, ctx);
    }
    // PowerShell on Linux or macOS: /tmp/u is a POSIX path, judged as in bash.
    if (/^\/(?!\/)/.test(shown) && (ctx.home?.startsWith('/') || ctx.cwd?.startsWith('/'))) return classifyPath({ ...word, value: shown }, { ...cmd, dialect: 'posix' }, ctx);
    if (!isWindowsPath(shown) && !/^[\\/]/.test(shown)) return classifyRelative(shown.replace(/\\/g, '/'), { ...cmd, dialect: 'posix' }, ctx, { ...word, value: shown.replace(/\\/g, '/') });
    return classifyWindows(shown);
  }
  if (v.startsWith(DYN) || (word.dynamic && !v.split(DYN).join('').trim())) return { cls: 'dynamic', what: word.raw };
  const home = ctx.home?.replace(/\/+$/, '');
  const tilde = v === '~' || v.startsWith('~/');
  if (tilde) {
    if (!home) return v === '~' || v === '~/' ? { cls: 'home', what: 'your home directory' } : classifyHomeRelative(normalizePath(v.slice(2)), undefined, word);
    v = home + v.slice(1);
  } else if (v.startsWith('~')) {
    return { cls: 'home', what: `the home directory of ${v.slice(1).split('/')[0]}` };
  }
  if (!v.startsWith('/')) return classifyRelative(v, cmd, ctx, word);
  return classifyAbsolute(normalizePath(v), ctx, word, cmd.remote === true);
}

function classifyRelative(v: string, cmd: SimpleCommand, ctx: CommandContext, word: Word): ResolvedTarget {
  const cdBase = cmd.cwd;
  if (cdBase !== undefined) {
    if (cdBase.includes(DYN)) return { cls: 'dynamic', what: `${word.raw} (after a cd to a computed directory)` };
    const joined = `${cdBase.replace(/\/+$/, '')}/${v}`;
    return classifyPath({ ...word, value: cdBase.startsWith('/') || cdBase.startsWith('~') ? joined : joined }, { ...cmd, cwd: undefined }, ctx);
  }
  if (ctx.cwd && !cmd.remote) return classifyAbsolute(normalizePath(`${ctx.cwd}/${v}`), ctx, word, false);
  // No cwd known: judge the relative path on its own.
  const norm = normalizePath(v);
  return classifyInWorkspace(norm === '.' ? '' : norm, word, ctx.workspaceRoot === undefined && !cmd.remote);
}

function classifyHomeRelative(rel: string, abs: string | undefined, word: Word): ResolvedTarget {
  const first = rel.split('/')[0];
  if (rel === '' || rel === '.') return { cls: 'home', path: abs, what: 'your home directory' };
  for (const c of HOME_CACHES) if (rel === c || rel.startsWith(`${c}/`)) return { cls: 'artifact', path: abs, what: `the cache ~/${rel}` };
  if (word.glob && !rel.includes('/')) return { cls: 'home', path: abs, what: `everything matching ~/${rel}` };
  const creds = ['.ssh', '.aws', '.gnupg', '.kube', '.azure', '.gcloud', '.password-store', '.docker'].includes(first);
  if (creds) return { cls: 'home', path: abs, what: `~/${rel} (credentials)` };
  if (PRECIOUS_HOME.has(first) && !rel.includes('/')) return { cls: 'home', path: abs, what: `your ~/${rel} folder` };
  return { cls: 'outside-workspace', path: abs, what: `~/${rel}` };
}

/** Folders that are temp on every Unix system; the context adds $TMPDIR and the like. */
const TEMP_ROOTS = ['/tmp', '/var/tmp', '/dev/shm'];

/** macOS keeps /tmp, /var and /etc under /private and links the short names there. */
function unaliased(p: string): string {
  return /^\/private\/(tmp|var|etc)(\/|$)/.test(p) ? p.slice('/private'.length) : p;
}

/** An absolute context path made comparable; undefined for a relative path or the root itself. */
function placeOf(p: string | undefined): string | undefined {
  if (!p || !p.startsWith('/')) return undefined;
  const n = unaliased(normalizePath(p));
  return n === '/' ? undefined : n;
}

/** The user's own places, from the context: compared against every absolute path. */
interface Places {
  home?: string;
  /** Workspace folders (the workspace root first) that are not a temp root themselves. */
  folders: string[];
  /** The same folders and the repositories holding them: never temp, nor above or beside. */
  projects: string[];
  temps: string[];
}

const NO_PLACES: Places = { folders: [], projects: [], temps: TEMP_ROOTS };
const placesCache = new WeakMap<CommandContext, Places>();
/** Bounds the work per path on a context with absurdly many folders. */
const MAX_PLACES = 64;

function placesOf(ctx: CommandContext): Places {
  let pl = placesCache.get(ctx);
  if (pl) return pl;
  const temps = [...new Set([...TEMP_ROOTS, ...(ctx.tempDirs ?? []).slice(0, MAX_PLACES)].map(placeOf).filter((t): t is string => !!t))];
  const list = (ps: readonly (string | undefined)[]): string[] => [...new Set(ps.slice(0, MAX_PLACES).map(placeOf).filter((p): p is string => !!p && !temps.includes(p)))];
  const folders = list([ctx.workspaceRoot, ...(ctx.workspaceFolders ?? [])]);
  pl = { home: placeOf(ctx.home), folders, projects: [...new Set([...folders, ...list(ctx.repositoryRoots ?? [])])], temps };
  placesCache.set(ctx, pl);
  return pl;
}

function parentOf(p: string): string {
  return p.slice(0, p.lastIndexOf('/')) || '/';
}

/** A pattern segment that stands for one folder or more: an expansion alone (`$X` = `a/b`). */
const SOME_FOLDERS = '\u0000+';

/**
 * The path as pattern segments when some of it is only known when the line runs: a glob, or an
 * expansion. Undefined for a plain path.
 */
function patternOf(path: string, word: Word): string[] | undefined {
  if (!word.glob && !path.includes(DYN)) return undefined;
  return path.split('/').map((seg) => (seg.includes(DYN) && !seg.split(DYN).join('') ? SOME_FOLDERS : seg.split(DYN).join('*').replace(/\[[^\]/]*\]/g, '?')));
}

/** Most steps one pattern match may take; past it the pattern is taken to match (the safe side). */
const MATCH_BUDGET = 512;

/** True when the pattern's segments match the first segments of `place` (it names it or a folder above). */
function patternCovers(pat: readonly string[], place: readonly string[], i: number, j: number, budget: { left: number }): boolean {
  if (i === pat.length) return true;
  if (j === place.length) return false;
  if (--budget.left < 0) return true;
  if (pat[i] === SOME_FOLDERS) {
    for (let k = j + 1; k <= place.length; k++) if (patternCovers(pat, place, i + 1, k, budget)) return true;
    return false;
  }
  return wildcardMatch(pat[i], place[j]) && patternCovers(pat, place, i + 1, j + 1, budget);
}

/** True when `path` is `place`, or a folder above it, or (a pattern) may name either. */
function covers(path: string, pattern: readonly string[] | undefined, place: string): boolean {
  if (pattern === undefined) return within(place, path);
  return patternCovers(pattern, place.split('/'), 0, 0, { left: MATCH_BUDGET });
}

/** The user's place that a path in a temp folder holds or sits beside, if any. */
function shelteredFrom(path: string, pattern: readonly string[] | undefined, temp: string, pl: Places): { project?: string; home?: boolean } | undefined {
  if (within(path, MKTEMP_PATH)) return undefined;
  if (pl.home && covers(path, pattern, pl.home)) return { home: true };
  for (const p of pl.projects) {
    if (p === temp || !within(p, temp)) continue;
    // A project inside the temp folder, and the folders above it, are the user's.
    if (covers(path, pattern, p)) return { project: p };
    // So are the projects beside it (/tmp/x/other beside /tmp/x/proj), but not when the project
    // sits right in a temp folder: the rest of /tmp is other programs' scratch and agents' clones.
    const parent = parentOf(p);
    if (!pl.temps.includes(parent) && within(path, parent)) return { project: p };
  }
  return undefined;
}

function classifyAbsolute(path: string, ctx: CommandContext, word: Word, remote: boolean): ResolvedTarget {
  if (path === '/') return { cls: 'system-root', path, what: 'the whole file system (/)' };
  const pl = remote ? NO_PLACES : placesOf(ctx);
  const at = unaliased(path);
  const pattern = patternOf(at, word);
  const temp = pl.temps.find((t) => at.startsWith(`${t}/`));
  let found: ResolvedTarget;
  // The deepest workspace folder holding the path judges it.
  let folder: string | undefined;
  for (const f of pl.folders) if (within(at, f) && (!folder || f.length > folder.length)) folder = f;
  if (folder) found = classifyInWorkspace(at === folder ? '' : at.slice(folder.length + 1), word, false, path);
  else if (pl.home && within(at, pl.home)) {
    found = classifyHomeRelative(at === pl.home ? '' : at.slice(pl.home.length + 1), path, word);
    // A temp folder inside the home (TMPDIR=~/tmp, or HOME=/tmp) keeps its own files temp, but
    // not the home's credentials, documents or caches.
    if (found.cls === 'outside-workspace' && temp && within(temp, pl.home) && !shelteredFrom(at, pattern, temp, pl)) found = { cls: 'temp', path, what: path };
  } else if (temp) {
    const held = shelteredFrom(at, pattern, temp, pl);
    if (!held) return { cls: 'temp', path, what: path };
    found = classifyOutside(path, at, word);
    if (held.project && found.cls === 'outside-workspace') found = { ...found, what: `${path} (beside the ${kindName('project', held.project)})` };
  } else found = classifyOutside(path, at, word);
  return aboveYours(found, at, pattern, pl, word);
}

/**
 * A folder above the user's home or a project holds all of it: deleting it is deleting them.
 * Stronger classes (the system, a home, a workspace root) keep their own words.
 */
function aboveYours(found: ResolvedTarget, at: string, pattern: readonly string[] | undefined, pl: Places, word: Word): ResolvedTarget {
  if (found.cls === 'system-root' || found.cls === 'home' || found.cls === 'workspace-root') return found;
  const shown = at.includes(DYN) ? word.raw : (found.path ?? at);
  const holds = pattern ? 'which may be or hold' : 'which holds';
  if (pl.home && covers(at, pattern, pl.home)) return { cls: 'home', path: found.path, what: `${shown} (${holds} your home directory ${pl.home})` };
  const project = pl.projects.find((p) => covers(at, pattern, p));
  return project ? { cls: 'workspace-root', path: found.path, what: `${shown} (${holds} the ${kindName('project', project)})` } : found;
}

/** A path outside the workspace and the home: the system's, a repository's, build output, or other. */
function classifyOutside(path: string, at: string, word: Word): ResolvedTarget {
  const segs = at.split('/').filter(Boolean);
  if (segs.some((s) => s === '.git')) return { cls: 'vcs-metadata', path, what: `${path} (a repository's history)` };
  if (segs.some((s) => ARTIFACT_DIRS.has(s) && s !== 'tmp' && s !== 'temp' && s !== 'logs') || (segs.length > 0 && ARTIFACT_FILE.test(segs[segs.length - 1]))) {
    return { cls: 'artifact', path, what: path };
  }
  if (segs[0] === 'home' || segs[0] === 'Users') {
    if (segs.length <= 2) return { cls: 'home', path, what: segs.length === 1 ? 'every home directory' : `the ${kindName('home directory', path)}` };
    return { cls: 'outside-workspace', path, what: path };
  }
  if (segs.length === 1 && (SYSTEM_DIRS.has(segs[0]) || word.glob)) return { cls: 'system-root', path, what: `the ${kindName('system directory', path)}` };
  if (['etc', 'boot', 'usr', 'bin', 'sbin', 'lib', 'lib64', 'lib32', 'root', 'sys', 'proc', 'System', 'dev'].includes(segs[0])) {
    return { cls: 'system-root', path, what: `${path} (part of the operating system)` };
  }
  if (segs[0] === 'var' && ['lib', 'log', 'www', 'backups', 'mail', 'spool', 'opt'].includes(segs[1])) {
    return { cls: 'system-root', path, what: `${path} (system data)` };
  }
  return { cls: 'outside-workspace', path, what: path };
}

/** Top-level folders whose `cache` folder is code (a caching module), not a cache. */
const CODE_DIRS = new Set(['src', 'lib', 'app', 'apps', 'packages', 'pkg', 'internal', 'cmd', 'core', 'modules', 'services', 'server', 'client', 'components', 'api', 'include', 'crates', 'test', 'tests', 'spec']);

/**
 * A cache a program keeps inside the project (data/cache, var/cache/prod, storage/framework/cache):
 * a folder named cache or caches, not under a folder of code, holds what the program fetches or
 * computes again.
 */
function appCache(segs: readonly string[]): boolean {
  const i = segs.findIndex((s) => s === 'cache' || s === 'caches');
  return i > 0 && !CODE_DIRS.has(segs[0]) && !segs.slice(0, i).some((s) => CODE_DIRS.has(s));
}

function classifyInWorkspace(rel: string, word: Word, unknownRoot: boolean, abs?: string): ResolvedTarget {
  const shown = rel || (abs ?? rel);
  if (rel === '' || rel === '.') return { cls: 'workspace-root', path: abs, what: unknownRoot ? 'the current directory' : 'the whole project' };
  const segs = rel.split('/');
  if (segs.some((s) => s === '.git' || s === '.hg' || s === '.svn' || s === '.jj')) return { cls: 'vcs-metadata', path: abs, what: `${shown} (the repository's history)` };
  if (segs.some((s) => ARTIFACT_DIRS.has(s)) || ARTIFACT_FILE.test(segs[segs.length - 1])) return { cls: 'artifact', path: abs, what: shown };
  if (appCache(segs)) return { cls: 'artifact', path: abs, what: shown };
  if (STATE_FILE.test(rel)) return { cls: 'workspace-source', path: abs, what: shown, stateFile: true };
  if (word.glob) {
    const everything = segs.length === 1 && /^[*.]+$/.test(segs[0]);
    return { cls: 'glob', path: abs, what: everything ? `every file in ${unknownRoot ? 'the current directory' : 'the project'}` : `everything matching ${shown}` };
  }
  const known = SOURCE_DIRS.has(segs[0]) || SOURCE_FILE.test(segs[segs.length - 1]);
  return { cls: known && !unknownRoot ? 'workspace-source' : 'workspace-unknown', path: abs, what: shown };
}
