/**
 * `blast-radius hooks install|uninstall|status`: registers `blast-radius hook <agent>` in an
 * agent's settings (or the pre-commit check in a git repository) through the stable launcher.
 * The editing itself lives in src/node/hooks, shared with the extension's commands; this file
 * parses arguments and prints what happened. It ships as a bundle of its own.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { HEALTH_LABEL } from '../node/hooks/agent-state';
import { AGENT_IDS, AGENTS, type AgentId, hookArgsFor, isAgentId, type Scope } from '../node/hooks/agents';
import { ConfigError } from '../node/hooks/config-formats';
import { gitHookStatus, installGitHook, uninstallGitHook } from '../node/hooks/git-hook';
import { agentStatus, installAgentHook, knownLaunchers, type RemoveResult, uninstallAgentHook } from '../node/hooks/install';
import { currentCliPath, launcherCommand, launcherHealth, launcherText, writeLauncher } from '../node/hooks/launcher';
import { cacheDir, defaultLauncherPath, type HostEnv, hostEnv, tildify } from '../node/hooks/paths';
import { readRegistry } from '../node/hooks/registry';
import { readTampering, tamperLogPath } from '../node/tamper-log';
import { stopFilePath, stoppedRecord } from '../node/stop-file';
import { type TamperEntry, tamperLine } from '../core/tamper';
import { parseArgs, type ParsedArgs, stringFlag } from './args';
import { runningServers } from './hook-server-client';
import { serverOff } from './hook-server-wire';
import { type CliIo, EXIT, UsageError } from './io';

export const HOOKS_USAGE = [
  'blast-radius hooks install <agent|git> [--user|--project] [--launcher PATH] [--settings FILE] [--cwd DIR]',
  'blast-radius hooks uninstall <agent|git> [--user|--project] [--launcher PATH] [--settings FILE] [--cwd DIR]',
  'blast-radius hooks status [--cwd DIR] [--format text|json]',
];

export const HOOKS_HELP = `Usage:
  ${HOOKS_USAGE.join('\n  ')}

Registers Blast Radius as a pre-tool hook of a coding agent, or as the pre-commit check of a git
repository. Agents: ${AGENT_IDS.join(', ')}.

  install     add the hook (a second install changes nothing); the settings file is backed up
              once as <file>.blast-radius.bak and everything else in it is kept as it was
  uninstall   remove our entries only; right after an install the original bytes come back
  status      what is installed where and, per agent, whether it will really run the hook:
              active, needs trust (the agent's own trust step, with what to do), changed
              since trusted (Codex), disabled by the agent's settings, launcher broken, or
              cannot verify; whether the launcher works; whether a warm hook server answers;
              and when something last tried to switch protection off

Options:
  --user           the agent's user settings (default)
  --project        the project's settings (in --cwd); usually committed, so teammates need
                   Blast Radius too
  --launcher PATH  run this launcher (e.g. the editor extension's) instead of
                   $XDG_DATA_HOME/blast-radius/bin/blast-radius, which is otherwise written to run
                   this CLI with this Node
  --settings FILE  vscode: the editor's user settings.json whose "chat.hookFilesLocations" gets
                   our hook folder (default: VS Code's; give Insiders', VSCodium's or
                   code-server's); only that one setting is edited
  --cwd DIR        the project or repository (default: the current directory)
  --format FORMAT  text (default) or json, for status

The git hook runs \`scan --staged\` and refuses the commit unless it exits 0 or 10;
\`git commit --no-verify\` skips it.

Exit codes: 0 done, 64 usage error, 70 the file could not be edited (the message says why).
`;

interface Parsed {
  sub: 'install' | 'uninstall' | 'status';
  target?: AgentId | 'git';
  scope: Scope;
  launcher?: string;
  /** `vscode` at user scope: the editor's user settings file (default: the stable build's). */
  editorSettings?: string;
  cwd: string;
  format: 'text' | 'json';
}

function parse(argv: readonly string[], io: CliIo): Parsed | 'help' {
  const parsed: ParsedArgs = parseArgs(
    argv,
    [
      { name: 'user' },
      { name: 'project' },
      { name: 'launcher', value: true },
      { name: 'settings', value: true },
      { name: 'cwd', value: true },
      { name: 'format', value: true, choices: ['text', 'json'] },
      { name: 'help', short: 'h' },
    ],
    'hooks',
  );
  if (parsed.flags.has('help')) return 'help';
  if (parsed.rest !== undefined) throw new UsageError('hooks takes no arguments after --');
  const [sub, target, extra] = parsed.positionals;
  if (sub !== 'install' && sub !== 'uninstall' && sub !== 'status') throw new UsageError(sub === undefined ? 'say install, uninstall or status' : `unknown hooks command ${JSON.stringify(sub)}`);
  if (sub === 'status' && target !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(target)}`);
  if (sub !== 'status') {
    if (target === undefined) throw new UsageError(`name the agent (${AGENT_IDS.join(', ')}) or git`);
    if (target !== 'git' && !isAgentId(target)) throw new UsageError(`unknown agent ${JSON.stringify(target)}; expected one of ${AGENT_IDS.join(', ')}, git`);
  }
  if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}`);
  if (parsed.flags.has('user') && parsed.flags.has('project')) throw new UsageError('choose --user or --project, not both');
  if (target === 'git' && (parsed.flags.has('user') || parsed.flags.has('project'))) throw new UsageError('the git hook belongs to one repository (--cwd); --user and --project do not apply');
  const launcher = stringFlag(parsed, 'launcher');
  if (launcher !== undefined && !path.isAbsolute(launcher)) throw new UsageError('--launcher needs an absolute path');
  if (sub === 'status' && launcher !== undefined) throw new UsageError('--launcher does not apply to status');
  const editorSettings = stringFlag(parsed, 'settings');
  if (editorSettings !== undefined && (target !== 'vscode' || parsed.flags.has('project'))) throw new UsageError('--settings applies to the vscode user hook only');
  return {
    sub,
    ...(editorSettings !== undefined ? { editorSettings: path.resolve(io.cwd, editorSettings) } : {}),
    target: target as AgentId | 'git' | undefined,
    scope: parsed.flags.has('project') ? 'project' : 'user',
    launcher,
    cwd: path.resolve(io.cwd, stringFlag(parsed, 'cwd') ?? '.'),
    format: (stringFlag(parsed, 'format') ?? 'text') as 'text' | 'json',
  };
}

/** Writes (or refreshes) the XDG launcher so it runs this CLI with this Node. */
export function ensureDefaultLauncher(host: HostEnv, cliPath: string | undefined = currentCliPath(__dirname), nodePath: string = process.execPath): { file: string; written: boolean; cli: string } {
  if (!cliPath) throw new ConfigError('cannot find the CLI bundle (dist/cli.js) this command runs from; build it first (node scripts/build.mjs)');
  const file = defaultLauncherPath(host);
  const written = writeLauncher(file, launcherText(host.platform, nodePath, cliPath));
  return { file, written, cli: cliPath };
}

/**
 * When this CLI is the copy inside an editor extension (its folder name carries the version and
 * goes away on the next update), hooks should run the extension's own launcher in its global
 * storage, which the extension rewrites at every start, rather than an XDG launcher pinned to this
 * copy. Returns that launcher when the extension has recorded one that exists.
 */
export function extensionLauncherFor(cliPath: string | undefined, host: HostEnv, exists: (p: string) => boolean = existsSync): string | undefined {
  if (!cliPath || !/[\\/]extensions[\\/][^\\/]+[\\/]dist[\\/]cli\.js$/.test(cliPath)) return undefined;
  const name = host.platform === 'win32' ? 'blast-radius.cmd' : 'blast-radius';
  return readRegistry(host)
    .extensions.map((e) => path.join(e.globalStorage, 'bin', name))
    .find(exists);
}

const AGENT_NOTES: Partial<Record<AgentId, string>> = {
  codex: 'Codex runs a new or changed hook only after you trust it (see state below). Codex cannot ask, so gate-level calls are denied.',
  'gemini-cli': 'Gemini CLI before 0.36 does not know the "ask" answer; use strictness strict there so gate-level calls are denied.',
  cursor: 'Restart Cursor to load the hook. Cursor cannot stop file edits before they land; the editor extension covers those.',
  'copilot-cli': 'Copilot CLI loads hooks at start; restart running sessions.',
  vscode: 'VS Code agent hooks are Preview (VS Code 1.110 and later). A --project hook in .github/hooks is read by Copilot CLI too.',
};

function describeRemoval(r: RemoveResult, host: HostEnv): string {
  const f = tildify(r.file, host);
  switch (r.action) {
    case 'restored':
      return `restored the original ${f}`;
    case 'deleted':
      return `deleted ${f} (it held only our hook)`;
    case 'edited':
      return `removed our entry from ${f}`;
    case 'absent':
    case 'untouched':
      return '';
  }
}

export async function runHooks(argv: readonly string[], io: CliIo): Promise<number> {
  let p: Parsed | 'help';
  try {
    p = parse(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`blast-radius hooks: ${e.message}\n  ${HOOKS_USAGE.join('\n  ')}\n`);
      return EXIT.usage;
    }
    throw e;
  }
  if (p === 'help') {
    io.stdout(HOOKS_HELP);
    return EXIT.allow;
  }
  const host = hostEnv({ env: io.env, ...(io.home ? { home: io.home } : {}) });
  try {
    if (p.sub === 'status') return await status(p, host, io);
    if (p.sub === 'install') return install(p, host, io);
    return uninstall(p, host, io);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`blast-radius hooks: ${e.message}\n`);
      return EXIT.internal;
    }
    throw e;
  }
}

function install(p: Parsed, host: HostEnv, io: CliIo): number {
  let launcher: string;
  if (p.launcher) {
    if (!existsSync(p.launcher)) throw new ConfigError(`launcher ${p.launcher} does not exist`);
    launcher = p.launcher;
  } else {
    const ext = extensionLauncherFor(currentCliPath(__dirname), host);
    if (ext) {
      launcher = ext;
      io.stdout(`launcher ${tildify(ext, host)}: the editor extension's, which follows its updates\n`);
    } else {
      const l = ensureDefaultLauncher(host);
      launcher = l.file;
      io.stdout(`launcher ${tildify(l.file, host)} ${l.written ? 'written' : 'up to date'}: runs ${tildify(l.cli, host)} with ${process.execPath}\n`);
    }
  }
  const launchers = knownLaunchers(host, [launcher]);
  if (p.target === 'git') {
    const r = installGitHook(p.cwd, host, launcher, launchers);
    io.stdout(`git: pre-commit check ${r.changed ? 'installed in' : 'already in'} ${r.file}${r.chained ? ` (your hook now runs from ${path.basename(r.chained)})` : ''}\n`);
    io.stdout(`  runs: ${launcherCommand(launcher, ['scan', '--staged'], host.platform)}; refuses the commit unless it exits 0 or 10\n`);
    return EXIT.allow;
  }
  const agent = p.target as AgentId;
  const r = installAgentHook({ agent, scope: p.scope, host, projectDir: p.cwd, launcher: { launcher, launchers }, ...(p.editorSettings ? { editorSettings: p.editorSettings } : {}) });
  const where = tildify(r.file, host);
  const what = !r.changed ? `already installed in ${where}` : r.created ? `hook added to ${where} (new file)` : `hook added to ${where} (backup: ${tildify(r.backup ?? '', host)})`;
  io.stdout(`${AGENTS[agent].name} (${p.scope}): ${what}\n`);
  if (r.settings) io.stdout(`  ${r.settings.changed ? 'listed' : 'already listed'} ${tildify(path.dirname(r.file), host)} in "chat.hookFilesLocations" of ${tildify(r.settings.file, host)}\n`);
  io.stdout(`  runs: ${launcherCommand(launcher, hookArgsFor(agent), host.platform)} on ${AGENTS[agent].event} (${AGENTS[agent].covers})\n`);
  const note = AGENT_NOTES[agent];
  if (note) io.stdout(`  note: ${note}\n`);
  const row = agentStatus(host, p.cwd, launchers).find((x) => x.agent === agent && x.scope === p.scope && x.installed);
  if (row?.health) {
    io.stdout(`  state: ${HEALTH_LABEL[row.health]}${row.health === 'active' ? ' (the agent will run it)' : ''}\n`);
    for (const pr of row.problems ?? []) io.stdout(`    ${HEALTH_LABEL[pr.health]}: ${pr.detail}\n`);
  }
  if (p.scope === 'project') io.stdout('  note: project settings are usually committed; the command names a launcher on this machine.\n');
  return EXIT.allow;
}

function uninstall(p: Parsed, host: HostEnv, io: CliIo): number {
  const launchers = knownLaunchers(host, [p.launcher]);
  if (p.target === 'git') {
    const r = uninstallGitHook(p.cwd, host, launchers);
    io.stdout(`git: ${r.action === 'restored' && r.file ? `restored the original ${r.file}` : describeRemoval(r, host) || `no pre-commit check of ours in ${r.file}`}\n`);
    return EXIT.allow;
  }
  const agent = p.target as AgentId;
  const results = uninstallAgentHook({ agent, scope: p.scope, host, projectDir: p.cwd, launchers, ...(p.editorSettings ? { editorSettings: p.editorSettings } : {}) });
  const lines = results.map((r) => describeRemoval(r, host)).filter(Boolean);
  io.stdout(`${AGENTS[agent].name} (${p.scope}): ${lines.length ? lines.join('; ') : 'no hook of ours found'}\n`);
  return EXIT.allow;
}

/** The warm hook servers answering in the user's cache folder (see hook-server-wire.ts). */
async function hookServers(host: HostEnv): Promise<{ socket: string; pid: number; served: number; startedAt: string; idleSeconds: number }[]> {
  const dir = cacheDir(host);
  const running = dir ? await runningServers(dir) : [];
  return running.map(({ sock, status: s }) => ({ socket: sock, pid: s.pid, served: s.served, startedAt: new Date(s.startedAt).toISOString(), idleSeconds: s.idleSeconds }));
}

/** How many recorded attempts `hooks status` lists. */
const TAMPER_SHOWN = 5;

/**
 * The section of `hooks status` that says when something tried to switch protection off (an
 * agent hook, the editor or the terminal refused, asked about or flagged it), newest first.
 */
export function tamperingStatus(host: HostEnv): { lines: string[]; json: { file: string; latest?: TamperEntry; recent: TamperEntry[] } } {
  const file = tamperLogPath(host);
  const recent = readTampering(host, TAMPER_SHOWN);
  const json = { file, ...(recent[0] ? { latest: recent[0] } : {}), recent };
  if (!recent.length) return { lines: [`protection tampering: none recorded (${tildify(file, host)})`], json };
  const home = host.home.replace(/[\\/]+$/, '');
  const shorten = (s: string): string => (home ? s.split(`${home}/`).join('~/') : s);
  return {
    lines: [`protection tampering (newest first; ${tildify(file, host)}):`, ...recent.map((e) => `  ${tamperLine(e, shorten)}`)],
    json,
  };
}

async function status(p: Parsed, host: HostEnv, io: CliIo): Promise<number> {
  const launcher = defaultLauncherPath(host);
  const launchers = knownLaunchers(host, []);
  const rows = agentStatus(host, p.cwd, launchers);
  const git = gitHookStatus(p.cwd, launchers, host.platform);
  const health = launcherHealth(launcher);
  const servers = host.platform === 'win32' ? [] : await hookServers(host);
  const serverOffNow = serverOff(host.env);
  const tampering = tamperingStatus(host);
  const stopFile = stopFilePath(host);
  const stopped = stoppedRecord(stopFile);
  if (p.format === 'json') {
    const agentsStopped = stopped ? { file: stopFile, ...stopped } : false;
    io.stdout(`${JSON.stringify({ agentsStopped, agents: rows, git, launcher: { file: launcher, ...health }, hookServer: { off: serverOffNow, running: servers }, protectionTampering: tampering.json }, null, 2)}\n`);
    return EXIT.allow;
  }
  const out: string[] = [];
  // Stopped by the user (the editor's Stop Agents): said first, since it decides every answer.
  if (stopped) out.push(`AGENTS STOPPED by the user${stopped.since ? ` since ${stopped.since}` : ''}: every agent hook call is denied (${tildify(stopFile, host)}). Resume in the editor: Blast Radius: Resume Agents…`, '');
  const pad = (s: string, n: number): string => s.padEnd(n);
  const W = 23;
  out.push(`${pad('agent', 13)}${pad('scope', 9)}${pad('state', W)}file`);
  for (const r of rows) {
    const state = r.problem ? 'unreadable' : r.installed ? HEALTH_LABEL[r.health ?? 'cannot-verify'] : '-';
    out.push(`${pad(r.agent, 13)}${pad(r.scope, 9)}${pad(state, W)}${tildify(r.file, host)}${r.problem ? `  (${r.problem})` : ''}`);
    for (const pr of r.problems ?? []) out.push(`${' '.repeat(22)}${HEALTH_LABEL[pr.health]}: ${pr.detail}`);
  }
  out.push(`${pad('git', 13)}${pad('repo', 9)}${pad(git.problem ? 'no repository' : git.installed ? 'installed' : '-', W)}${git.file ? tildify(git.file, host) : p.cwd}`);
  out.push('');
  out.push(`states (in ${p.cwd}): active = the agent runs the hook; needs trust = it waits for the agent's own trust step; changed since trusted = Codex skips it until you trust it again; disabled = the agent's settings switch it off; launcher broken = it answers nothing; cannot verify = the agent keeps nothing we can read.`);
  out.push('');
  out.push(`launcher ${tildify(launcher, host)}: ${health.ok ? `ok (node ${health.targets?.node ?? '?'}, cli ${tildify(health.targets?.cli ?? '?', host)})` : health.problem}`);
  for (const l of launchers.filter((x) => x !== launcher)) {
    const h = launcherHealth(l);
    out.push(`launcher ${tildify(l, host)}: ${h.ok ? 'ok' : h.problem}`);
  }
  if (host.platform === 'win32') out.push('hook server: not used on Windows (each hook call loads the engine itself)');
  else if (serverOffNow) out.push('hook server: off (BLAST_RADIUS_HOOK_SERVER=off); each hook call loads the engine itself');
  else if (!servers.length) out.push('hook server: none running; the next hook call starts one (BLAST_RADIUS_HOOK_SERVER=off turns it off)');
  for (const sv of servers) {
    out.push(`hook server: running, pid ${sv.pid}, ${sv.served} call${sv.served === 1 ? '' : 's'} answered since ${sv.startedAt}, exits after ${Math.round(sv.idleSeconds / 60)} min idle (${tildify(sv.socket, host)})`);
  }
  out.push('', ...tampering.lines);
  io.stdout(`${out.join('\n')}\n`);
  return EXIT.allow;
}
