/**
 * What the extension's uninstall script removes: the hook entries that run one of its launchers
 * (the one in its global storage, and the XDG launcher when that runs the extension's own CLI),
 * those launchers, the confirm gate's shims (marked files beside the launcher) and helper folder,
 * and the Copilot approval entries it wrote
 * and the user has not changed since. User files are edited in place, entry by entry, so
 * everything else in them stays as it was.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, rmSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import { findNodeAtLocation, getNodeValue, parseTree } from 'jsonc-parser';
import { SHIM_MARKER } from '../../core/gate/scripts';
import { AGENT_IDS, isAgentId, settingsFiles } from './agents';
import { removeJsonProperty } from './config-formats';
import { removeGitHookFile } from './git-hook';
import { readText, removeAgentEntries, type RemoveResult, removeVscodeHookLocation, writeTextAtomic } from './install';
import { readLauncherTargets } from './launcher';
import { cacheDir, defaultLauncherPath, type HostEnv, tildify } from './paths';
import { readRegistry, writeRegistry } from './registry';
import { vscodeSettingsFiles } from './vscode-hooks';

export const AUTO_APPROVE_KEY = 'chat.tools.terminal.autoApprove';

/** True for a confirm-gate shim (its first lines carry the marker), never for a file of the user's. */
function isGateShim(file: string): boolean {
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(512);
      const n = readSync(fd, buf, 0, buf.length, 0);
      return buf.toString('utf8', 0, n).includes(SHIM_MARKER);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

function launcherIn(globalStorage: string, platform: NodeJS.Platform): string {
  return path.join(globalStorage, 'bin', platform === 'win32' ? 'blast-radius.cmd' : 'blast-radius');
}

/** Removes the given keys of `chat.tools.terminal.autoApprove` from a settings file, when their values are still ours. */
export function removeApprovalEntries(settingsFile: string, entries: Readonly<Record<string, unknown>>): number {
  const text = readText(settingsFile);
  if (text === undefined) return 0;
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const node = root ? findNodeAtLocation(root, [AUTO_APPROVE_KEY]) : undefined;
  if (!node || node.type !== 'object') return 0;
  const current = getNodeValue(node) as Record<string, unknown>;
  let out = text;
  let removed = 0;
  for (const [k, v] of Object.entries(entries)) {
    if (!(k in current) || JSON.stringify(current[k]) !== JSON.stringify(v)) continue;
    out = removeJsonProperty(out, [AUTO_APPROVE_KEY, k]);
    removed++;
  }
  // The setting itself goes when nothing but our entries was in it.
  if (removed && Object.keys(current).length === removed) out = removeJsonProperty(out, [AUTO_APPROVE_KEY]);
  if (out !== text) writeTextAtomic(settingsFile, out);
  return removed;
}

export interface CleanupOptions {
  host: HostEnv;
  /** The `dist` folder of the extension being removed (where its `cli.js` is). */
  distDir: string;
}

/** Removes everything the extension added; returns one line per thing done. Never throws. */
export function cleanupAfterExtension(opts: CleanupOptions): string[] {
  const { host } = opts;
  const lines: string[] = [];
  const attempt = (what: string, f: () => void): void => {
    try {
      f();
    } catch (e) {
      lines.push(`could not ${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  const reg = readRegistry(host);
  const ownLaunchers = reg.extensions.map((e) => launcherIn(e.globalStorage, host.platform));
  const xdg = defaultLauncherPath(host);
  const xdgTargets = readLauncherTargets(xdg);
  const ourCli = path.join(opts.distDir, 'cli.js');
  const xdgIsOurs = !!xdgTargets?.cli && path.resolve(xdgTargets.cli) === path.resolve(ourCli);
  if (xdgIsOurs) ownLaunchers.push(xdg);

  const report = (r: RemoveResult, agent: string): void => {
    if (r.action === 'absent' || r.action === 'untouched') return;
    lines.push(`${agent}: ${r.action === 'restored' ? 'restored' : r.action === 'deleted' ? 'deleted' : 'removed our entry from'} ${tildify(r.file, host)}`);
  };

  if (ownLaunchers.length) {
    const kept = [];
    for (const rec of reg.installs) {
      if (!ownLaunchers.includes(rec.launcher)) {
        kept.push(rec);
        continue;
      }
      attempt(`remove the ${rec.agent} hook from ${rec.file}`, () => {
        if (rec.agent === 'git') report(removeGitHookFile(rec.file, ownLaunchers, host.platform), 'git');
        else if (isAgentId(rec.agent)) report(removeAgentEntries(rec.agent, rec.file, ownLaunchers, host.platform), rec.agent);
      });
    }
    reg.installs = kept;
    // Entries the record does not know about (an older install, a lost record) still point at
    // our launchers; the user-level files are cheap to check.
    for (const agent of AGENT_IDS) {
      for (const file of settingsFiles(agent, 'user', host, host.home)) {
        attempt(`check ${file}`, () => report(removeAgentEntries(agent, file, ownLaunchers, host.platform), agent));
      }
    }
  }

  // VS Code's settings keep listing our hook folder only while our hook file is in it (a hook of
  // the npm CLI's own launcher stays, and so does its listing).
  const vscodeHook = settingsFiles('vscode', 'user', host, host.home)[0];
  if (!existsSync(vscodeHook)) {
    const editorFiles = vscodeSettingsFiles(host).concat(reg.extensions.map((e) => e.settingsFile).filter((f): f is string => !!f));
    for (const f of [...new Set(editorFiles)]) {
      attempt(`remove our hook folder from ${f}`, () => {
        const r = removeVscodeHookLocation(f, host);
        if (r) lines.push(`vscode: removed our hook folder from "chat.hookFilesLocations" in ${tildify(f, host)}`);
      });
    }
  }

  for (const rec of reg.copilotApprovals) {
    attempt(`remove Copilot approval entries from ${rec.settingsFile}`, () => {
      const n = removeApprovalEntries(rec.settingsFile, rec.entries);
      if (n) lines.push(`copilot: removed ${n} approval entr${n === 1 ? 'y' : 'ies'} from ${tildify(rec.settingsFile, host)}`);
    });
  }
  reg.copilotApprovals = [];

  for (const ext of reg.extensions) {
    const bin = path.join(ext.globalStorage, 'bin');
    attempt(`clean ${bin}`, () => {
      let shims = 0;
      for (const name of existsSync(bin) ? readdirSync(bin) : []) {
        const f = path.join(bin, name);
        if (name === 'blast-radius' || name === 'blast-radius.cmd') {
          rmSync(f, { force: true });
          lines.push(`removed launcher ${tildify(f, host)}`);
        } else if (isGateShim(f)) {
          rmSync(f, { force: true });
          shims++;
        }
      }
      if (shims) lines.push(`removed ${shims} confirm-gate shim${shims === 1 ? '' : 's'} from ${tildify(bin, host)}`);
      if (existsSync(bin) && !readdirSync(bin).length) rmdirSync(bin);
    });
    // The confirm gate's helper scripts, and the shims folder of earlier versions.
    for (const folder of ['gate', 'shims']) {
      const dir = path.join(ext.globalStorage, folder);
      attempt(`remove ${dir}`, () => {
        if (existsSync(dir)) {
          rmSync(dir, { recursive: true, force: true });
          lines.push(`removed ${tildify(dir, host)}`);
        }
      });
    }
  }
  reg.extensions = [];

  if (xdgIsOurs) {
    attempt(`remove ${xdg}`, () => {
      rmSync(xdg, { force: true });
      lines.push(`removed launcher ${tildify(xdg, host)}`);
      const bin = path.dirname(xdg);
      if (existsSync(bin) && !readdirSync(bin).length) rmdirSync(bin);
    });
  }
  const cache = cacheDir(host);
  if (cache) attempt(`clean ${cache}`, () => removeHookCache(cache, host, lines));
  attempt('update the install record', () => writeRegistry(host, reg));
  return lines;
}

/**
 * What the CLI and the agent hook keep in the per-user cache folder: code caches (of engine.js,
 * engine-core.js, engine-more.js, engine-parsers.js, engine-grammar.js and the rule packs' engine-rules-*.js, and of the bundles they
 * replaced), server sockets, the server's log.
 */
const HOOK_CACHE_FILE = /^((engine|engine-core|engine-more|engine-parsers|engine-grammar|engine-rules-[a-z-]+|hook-core|hook-edit|cli-core|scan|rules-list|hooks-install)-[0-9a-f]{8}\.bin(\.\d+\.[0-9a-z]+\.tmp)?|hook-[0-9a-f]{8}\.sock(\.starting)?|hook-server\.log)$/;

/**
 * Removes the CLI's and the hook's code caches and the warm hook servers' sockets (a server whose socket is
 * gone exits within seconds; one of a CLI installed with npm is started again by its next call).
 * Anything else in the folder stays.
 */
function removeHookCache(dir: string, host: HostEnv, lines: string[]): void {
  if (!existsSync(dir)) return;
  let n = 0;
  for (const name of readdirSync(dir)) {
    if (!HOOK_CACHE_FILE.test(name)) continue;
    rmSync(path.join(dir, name), { force: true });
    n++;
  }
  if (n) lines.push(`removed the CLI's code cache and the hook server sockets from ${tildify(dir, host)}`);
  if (!readdirSync(dir).length) rmdirSync(dir);
}
