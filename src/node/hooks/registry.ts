/**
 * The record of what Blast Radius installed and where: hook entries, launchers, the extension's
 * storage folders and the Copilot approval entries it owns. `hooks status` reads it, and the
 * extension's uninstall script uses it to remove exactly what was added, nothing else. A missing
 * or broken record is an empty one; the files themselves stay the truth (we only ever remove
 * entries that point at our launchers).
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomicSync } from '../atomic-write';
import { type HostEnv, registryPath } from './paths';

export interface InstallRecord {
  /** An agent id, or `git`. */
  agent: string;
  scope: 'user' | 'project' | 'repo';
  file: string;
  launcher: string;
  /** `vscode` at user scope: the editor settings file whose `chat.hookFilesLocations` lists our hook folder. */
  settingsFile?: string;
  /** When that settings file held no setting at install: its exact text, given back on uninstall. */
  settingsBefore?: string;
}

export interface ExtensionRecord {
  /** The extension's global storage folder (holds `bin/` and, for the terminal gate, `shims/`). */
  globalStorage: string;
  /** The user settings file next to that storage (`…/User/settings.json`). */
  settingsFile?: string;
}

export interface CopilotApprovalsRecord {
  settingsFile: string;
  /** The keys we wrote under `chat.tools.terminal.autoApprove`, with their values. */
  entries: Record<string, unknown>;
}

export interface Registry {
  version: 1;
  installs: InstallRecord[];
  extensions: ExtensionRecord[];
  copilotApprovals: CopilotApprovalsRecord[];
}

export function emptyRegistry(): Registry {
  return { version: 1, installs: [], extensions: [], copilotApprovals: [] };
}

export function readRegistry(host: HostEnv): Registry {
  try {
    const v = JSON.parse(readFileSync(registryPath(host), 'utf8')) as Partial<Registry>;
    if (!v || typeof v !== 'object') return emptyRegistry();
    return {
      version: 1,
      installs: Array.isArray(v.installs) ? v.installs.filter((r) => r && typeof r.file === 'string' && typeof r.agent === 'string') : [],
      extensions: Array.isArray(v.extensions) ? v.extensions.filter((r) => r && typeof r.globalStorage === 'string') : [],
      copilotApprovals: Array.isArray(v.copilotApprovals) ? v.copilotApprovals.filter((r) => r && typeof r.settingsFile === 'string') : [],
    };
  } catch {
    return emptyRegistry();
  }
}

export function writeRegistry(host: HostEnv, reg: Registry): void {
  const file = registryPath(host);
  if (!reg.installs.length && !reg.extensions.length && !reg.copilotApprovals.length) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, `${JSON.stringify(reg, null, 2)}\n`);
}

export function updateRegistry(host: HostEnv, f: (reg: Registry) => void): Registry {
  const reg = readRegistry(host);
  const before = JSON.stringify(reg);
  f(reg);
  if (JSON.stringify(reg) !== before) writeRegistry(host, reg);
  return reg;
}

export function recordInstall(host: HostEnv, rec: InstallRecord): void {
  updateRegistry(host, (reg) => {
    reg.installs = reg.installs.filter((r) => !(r.agent === rec.agent && r.file === rec.file));
    reg.installs.push(rec);
  });
}

export function forgetInstall(host: HostEnv, agent: string, file: string): void {
  updateRegistry(host, (reg) => {
    reg.installs = reg.installs.filter((r) => !(r.agent === agent && r.file === file));
  });
}
