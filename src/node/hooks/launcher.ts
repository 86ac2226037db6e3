/**
 * The launcher agent hooks and the git hook run: a tiny script with the absolute paths of a
 * Node.js and of the CLI bundle baked in (`hook` calls go to the small `hook.js` beside it), so a
 * machine without `node` on PATH (or an editor that brought its own) still runs the hook. When
 * either path is gone, the launcher says which on stderr; a `hook <agent>` call then gets that
 * agent's "ask" answer (Codex: deny) in its own format, since agents let a failed hook's call
 * through, and anything else (the git hook) exits 2. The text itself comes from
 * src/core/launcher-script.ts, shared with the editor extension's launcher.
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { cannotRunReason, cmdQuote, launcherLines, shQuote } from '../../core/launcher-script';
import { writeFileAtomicSync } from '../atomic-write';

/** The first line after the shebang: how we recognise a launcher this module wrote. */
export const LAUNCHER_MARK = 'Blast Radius hook launcher';

export function launcherText(platform: NodeJS.Platform, nodePath: string, cliPath: string): string {
  return launcherLines(platform, {
    header: [`${LAUNCHER_MARK}: written by \`blast-radius hooks install\`; agent hooks and the git hook run it.`],
    nodePath,
    cliPath,
    cliGone: {
      stderr: `the CLI this launcher runs is gone (${cliPath}). Reinstall Blast Radius, or remove the hooks with: blast-radius hooks uninstall <agent>`,
      reason: cannotRunReason(`the Blast Radius CLI its hook runs is gone (${cliPath}); reinstall Blast Radius, or remove the hook with blast-radius hooks uninstall`),
    },
    nodeGone: {
      stderr: `Node.js is missing: ${nodePath} is gone and there is no node on PATH. Install Node.js 20 or later, then run blast-radius hooks install again.`,
      reason: cannotRunReason(`Node.js is missing (${nodePath} is gone and there is no node on PATH); install Node.js 20 or later`),
    },
    exitCode: 2,
  });
}

export interface LauncherTargets {
  node?: string;
  cli?: string;
}

/** Reads back the Node and CLI paths a launcher runs (ours, or the extension's). */
export function readLauncherTargets(file: string): LauncherTargets | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const unq = (s: string | undefined): string | undefined => s?.replace(/^'(.*)'$/s, '$1').replace(/'\\''/g, "'");
  const posixCli = /^cli=('(?:[^']|'\\'')*')$/m.exec(text)?.[1];
  const posixNode = /^node=('(?:[^']|'\\'')*')$/m.exec(text)?.[1];
  const extNode = /exec ('(?:[^']|'\\'')*') "\$cli"/.exec(text)?.[1];
  const winCli = /^set "BR_CLI=(.*)"\r?$/m.exec(text)?.[1] ?? /^if not exist "([^"]+)"/m.exec(text)?.[1];
  const winNode = /^set "BR_NODE=(.*)"\r?$/m.exec(text)?.[1];
  return {
    cli: unq(posixCli) ?? winCli?.replace(/%%/g, '%'),
    node: unq(posixNode) ?? unq(extNode) ?? winNode?.replace(/%%/g, '%'),
  };
}

/**
 * Writes the launcher if its text changed. Returns true when it wrote. The file is replaced by a
 * rename, so an agent running the launcher at this moment keeps a complete copy.
 */
export function writeLauncher(file: string, text: string): boolean {
  let existing: string | undefined;
  try {
    existing = readFileSync(file, 'utf8');
  } catch {
    existing = undefined;
  }
  if (existing === text) return false;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, text, { mode: 0o755 });
  return true;
}

/** Finds the CLI bundle next to the running code: `dist/cli.js` when bundled, the repo's dist from sources. */
export function currentCliPath(fromDir: string = __dirname): string | undefined {
  const candidates = [path.join(fromDir, 'cli.js'), path.join(fromDir, '..', 'dist', 'cli.js'), path.join(fromDir, '..', '..', 'dist', 'cli.js'), path.join(fromDir, '..', '..', '..', 'dist', 'cli.js')];
  return candidates.find((c) => existsSync(c));
}

/** True when a launcher file exists, can be run, and both its targets exist. */
export function launcherHealth(file: string, platform: NodeJS.Platform = process.platform): { ok: boolean; problem?: string; targets?: LauncherTargets } {
  if (!existsSync(file)) return { ok: false, problem: 'launcher missing' };
  if (platform !== 'win32') {
    try {
      accessSync(file, constants.X_OK);
    } catch {
      return { ok: false, problem: 'launcher not executable' };
    }
  }
  const targets = readLauncherTargets(file);
  if (!targets?.cli) return { ok: false, problem: 'not a Blast Radius launcher', targets };
  if (!existsSync(targets.cli)) return { ok: false, problem: `CLI gone (${targets.cli})`, targets };
  if (targets.node && targets.node !== 'node' && !existsSync(targets.node)) return { ok: false, problem: `Node gone (${targets.node})`, targets };
  return { ok: true, targets };
}

/** The command line an agent's settings run: the launcher, quoted for the shell that runs it. */
export function launcherCommand(launcher: string, args: readonly string[], platform: NodeJS.Platform): string {
  const q = platform === 'win32' ? cmdQuote : shQuote;
  return [q(launcher), ...args].join(' ');
}

/** The program word of a hook command line, unquoted; undefined when there is none. */
export function firstWord(command: string): string | undefined {
  const s = command.trimStart().replace(/^&\s+/, '');
  if (!s) return undefined;
  if (s[0] === "'") {
    // POSIX single quotes, with '\'' for an embedded quote.
    let out = '';
    let i = 1;
    for (;;) {
      const end = s.indexOf("'", i);
      if (end === -1) return undefined;
      out += s.slice(i, end);
      if (s.startsWith("\\''", end + 1)) {
        out += "'";
        i = end + 4;
        continue;
      }
      return out;
    }
  }
  if (s[0] === '"') {
    const end = s.indexOf('"', 1);
    return end === -1 ? undefined : s.slice(1, end).replace(/%%/g, '%');
  }
  return /^\S+/.exec(s)?.[0];
}

/** True when a hook command runs one of the given launchers with `args` (e.g. `hook claude-code`). */
export function runsLauncher(command: unknown, launchers: readonly string[], args?: readonly string[]): boolean {
  if (typeof command !== 'string') return false;
  const word = firstWord(command);
  if (!word || !launchers.some((l) => samePath(l, word))) return false;
  if (!args) return true;
  const rest = command.trimStart().replace(/^&\s+/, '');
  return rest.includes(` ${args.join(' ')}`);
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b) || (process.platform === 'win32' && path.resolve(a).toLowerCase() === path.resolve(b).toLowerCase());
}
