/**
 * VS Code's own agents (the Local harness of Copilot Chat, 1.110 and later: hooks are Preview) run
 * the `PreToolUse` hooks of every hook file in the folders their user setting
 * `chat.hookFilesLocations` lists (an object: path → true/false; `~/` and workspace-relative paths; 1.139 skips absolute ones),
 * besides `.github/hooks/*.json` and `~/.copilot/hooks`, which Copilot CLI reads too. So a user
 * install writes our hook file into a folder of our own and lists that folder in the editor's user
 * settings; the settings file is edited on jsonc-parser's syntax tree (config-formats.ts), one
 * property in, one property out, every other byte kept. Sources:
 * https://code.visualstudio.com/docs/agent-customization/hooks and its hooks reference (the hook
 * entry: type "command", command, windows/linux/osx overrides, timeout in seconds, default 30).
 */
import path from 'node:path';
import { findNodeAtLocation, getNodeValue, parseTree, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { ConfigError, insertJsonProperty, removeJsonProperty } from './config-formats';
import { dataDir, type HostEnv } from './paths';
import { readRegistry } from './registry';

export const HOOK_LOCATIONS_KEY = 'chat.hookFilesLocations';

/** The folder of ours that `chat.hookFilesLocations` lists; our hook file is the only file we put in it. */
export function vscodeHookDir(host: HostEnv): string {
  return (host.platform === 'win32' ? path.win32 : path.posix).join(dataDir(host), 'vscode-hooks');
}

/**
 * How `chat.hookFilesLocations` names our folder: `~/` and the path below the home folder, with
 * forward slashes. VS Code 1.139 skips an absolute folder there (its prompt-files locator keeps only
 * entries matching `^(?![A-Za-z]:[\\/])(?!/)(?!~(?!/))(?!.*\\)(?!.*[*?\[\]{}]).*\S.*$`, logging "Skipping
 * invalid path (glob patterns and absolute paths not supported)") and resolves `~/` against the user's
 * home. A data folder outside the home folder can only be named absolutely (older builds read that).
 */
export function vscodeHookLocation(host: HostEnv): string {
  const p = host.platform === 'win32' ? path.win32 : path.posix;
  const dir = vscodeHookDir(host);
  const rel = p.relative(host.home, dir);
  if (!rel || rel.startsWith('..') || p.isAbsolute(rel)) return dir;
  return `~/${rel.split(p.sep).join('/')}`;
}

/**
 * VS Code's user settings file where the CLI is run without an editor to say which (the stable
 * build's: `%APPDATA%\Code\User`, `~/Library/Application Support/Code/User`, `$XDG_CONFIG_HOME/Code/User`).
 * The extension passes its own window's file instead (Insiders, VSCodium, code-server).
 */
export function defaultVscodeSettingsFile(host: HostEnv): string {
  if (host.platform === 'win32') {
    const appData = host.env.APPDATA && path.win32.isAbsolute(host.env.APPDATA) ? host.env.APPDATA : path.win32.join(host.home, 'AppData', 'Roaming');
    return path.win32.join(appData, 'Code', 'User', 'settings.json');
  }
  if (host.platform === 'darwin') return path.posix.join(host.home, 'Library', 'Application Support', 'Code', 'User', 'settings.json');
  const config = host.env.XDG_CONFIG_HOME && path.posix.isAbsolute(host.env.XDG_CONFIG_HOME) ? host.env.XDG_CONFIG_HOME : path.posix.join(host.home, '.config');
  return path.posix.join(config, 'Code', 'User', 'settings.json');
}

function parseSettings(text: string, file: string): ReturnType<typeof parseTree> {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const e = errors[0];
    const line = text.slice(0, e.offset).split('\n').length;
    throw new ConfigError(
      `${file} is not valid JSON (${printParseErrorCode(e.error)} at line ${line}), so it was left as it is; fix it (VS Code's Preferences: Open User Settings (JSON) shows where) and install again, or add "${HOOK_LOCATIONS_KEY}": { ${JSON.stringify('<folder>')}: true } by hand`,
    );
  }
  if (root && root.type !== 'object') throw new ConfigError(`${file} does not hold a JSON object, so it was left as it is; add "${HOOK_LOCATIONS_KEY}" by hand`);
  return root;
}

/** The settings text with `"<dir>": true` in `chat.hookFilesLocations`; the same text when it is there already. */
export function addHookLocation(text: string | undefined, dir: string, file: string): string {
  if (text === undefined || !text.trim()) return `${JSON.stringify({ [HOOK_LOCATIONS_KEY]: { [dir]: true } }, null, 4)}\n`;
  const root = parseSettings(text, file);
  const node = root ? findNodeAtLocation(root, [HOOK_LOCATIONS_KEY]) : undefined;
  if (node && node.type !== 'object') throw new ConfigError(`${file}: "${HOOK_LOCATIONS_KEY}" is not an object, so it was left as it is; make it one (folder → true) and install again`);
  const current = node ? (getNodeValue(node) as Record<string, unknown>) : undefined;
  if (current?.[dir] === true) return text;
  if (current && dir in current) throw new ConfigError(`${file}: "${HOOK_LOCATIONS_KEY}" sets ${JSON.stringify(dir)} to ${JSON.stringify(current[dir])}, which switches our hook folder off; set it to true by hand if you want the hook`);
  return insertJsonProperty(text, node ? [HOOK_LOCATIONS_KEY] : [], node ? dir : HOOK_LOCATIONS_KEY, node ? true : { [dir]: true });
}

/**
 * The settings text without our folder; the setting goes too when our folder was all it held (so
 * install then uninstall gives the original bytes back). Unreadable text is returned unchanged.
 */
export function removeHookLocation(text: string, dir: string): string {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || !root || root.type !== 'object') return text;
  const node = findNodeAtLocation(root, [HOOK_LOCATIONS_KEY]);
  if (!node || node.type !== 'object') return text;
  const current = getNodeValue(node) as Record<string, unknown>;
  if (current[dir] !== true) return text;
  if (Object.keys(current).length === 1) return removeJsonProperty(text, [HOOK_LOCATIONS_KEY]);
  return removeJsonProperty(text, [HOOK_LOCATIONS_KEY, dir]);
}

/** Whether the settings text lists our folder as on; undefined when the text cannot be read as settings. */
export function listsHookLocation(text: string | undefined, dir: string): boolean | undefined {
  if (text === undefined) return false;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length || (root && root.type !== 'object')) return undefined;
  const node = root ? findNodeAtLocation(root, [HOOK_LOCATIONS_KEY]) : undefined;
  return node?.type === 'object' && (getNodeValue(node) as Record<string, unknown>)[dir] === true;
}

/** The VS Code settings files that may list our hook folder: the given one, the recorded ones, the stable build's. */
export function vscodeSettingsFiles(host: HostEnv, extra?: string): string[] {
  const recorded = readRegistry(host)
    .installs.filter((r) => r.agent === 'vscode' && r.settingsFile)
    .map((r) => r.settingsFile as string);
  return [...new Set([...(extra ? [extra] : []), ...recorded, defaultVscodeSettingsFile(host)])];
}

/**
 * A settings text with no setting in it (`{}`, `{\n}`, comments): adding to it cannot keep the
 * layout inside the braces, so install records it and uninstall puts it back as it was.
 */
export function isEmptySettings(text: string | undefined): boolean {
  if (text === undefined || !text.trim()) return false;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return !errors.length && root?.type === 'object' && !root.children?.length;
}

/** The settings text an install found empty, as recorded for that file. */
export function recordedEmptySettings(host: HostEnv, file: string): string | undefined {
  return readRegistry(host).installs.find((r) => r.agent === 'vscode' && r.settingsFile === file && r.settingsBefore !== undefined)?.settingsBefore;
}
