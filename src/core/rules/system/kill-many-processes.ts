import { kindName } from '../../plain-text';
import type { SimpleCommand, Word } from '../../shell/model';
import { parseArgs, shown } from '../cli-options';
import { type CommandRule, type RuleMatch, spanFromProgram } from '../rule';

// ---------------------------------------------------------------------------------------------
// SYS002

interface KillTarget {
  signal?: string;
  pids: Word[];
}

function killTargets(cmd: SimpleCommand): KillTarget {
  let signal: string | undefined;
  const pids: Word[] = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const w = cmd.args[i];
    const v = w.value;
    if (v === '--') {
      pids.push(...cmd.args.slice(i + 1));
      break;
    }
    if (signal === undefined && (v === '-s' || v === '-n' || v === '--signal')) {
      signal = cmd.args[i + 1]?.value;
      i++;
      continue;
    }
    if (signal === undefined && v.startsWith('-') && v.length > 1 && !/^-(l|L|-list|-table)$/.test(v)) {
      signal = v.replace(/^--?(signal=)?/, '');
      continue;
    }
    if (/^-(l|L)$/.test(v)) return { pids: [] };
    pids.push(w);
  }
  return { signal, pids };
}

/**
 * Names too common to mean one program of this project: killing every process of one of these
 * hits other projects' servers, editors (VS Code runs on node), language servers, databases and
 * the agent itself.
 */
const COMMON_NAMES = new Set([
  'node', 'nodejs', 'bun', 'deno', 'npm', 'npx', 'yarn', 'pnpm', 'python', 'python2', 'python3', 'pip', 'java', 'ruby', 'perl', 'php', 'dotnet', 'go', 'cargo',
  'bash', 'sh', 'zsh', 'fish', 'dash', 'ksh', 'tmux', 'screen', 'ssh', 'sshd', 'systemd', 'init', 'launchd', 'login', 'sudo', 'dbus-daemon', 'xorg', 'gnome-shell',
  'code', 'electron', 'chrome', 'chromium', 'firefox', 'vim', 'nvim', 'emacs', 'git', 'make', 'docker', 'dockerd', 'containerd', 'postgres', 'mysqld', 'mongod', 'redis-server',
]);

/**
 * Whether a pkill/killall pattern picks out one program rather than a whole family: a name that
 * is not one of the common ones (`pkill vite`, `killall uvicorn`), or, matched against whole
 * command lines (-f), a pattern with more than a common name in it (`pkill -f 'node server.js'`,
 * `pkill -f 'next dev'`). Regular-expression wildcards and very short patterns match too much.
 */
function specificPattern(pattern: string, fullLine: boolean): boolean {
  const p = pattern.replace(/\.exe$/i, '').toLowerCase();
  if (p.length < 3 || /^[\^]?(\.[*+]?|\*|\[.*\][*+]?)\$?$/.test(p) || /^\.[*+]|[^\\]\.[*+]$|\|/.test(p)) return false;
  if (COMMON_NAMES.has(p.replace(/^\^|\$$/g, ''))) return false;
  if (!fullLine) return true;
  // With -f, `node` matches every node program: the pattern must say more than a common name.
  const words = p.split(/[\s/]+/).filter(Boolean);
  return words.some((w) => !COMMON_NAMES.has(w) && w.length >= 3);
}

function killAll(cmd: SimpleCommand): RuleMatch | undefined {
  if (cmd.program === 'kill') {
    const { signal, pids } = killTargets(cmd);
    if (signal === '0') return undefined;
    const all = pids.find((p) => p.value === '-1');
    if (all) return { severity: 'high', message: `sends ${signal ? `signal ${signal}` : 'SIGTERM'} to every process you are allowed to signal${cmd.elevated ? ' — as root, every process on the machine' : ''} (pid -1).`, span: spanFromProgram(cmd, [all]) };
    const init = pids.find((p) => p.value === '1');
    if (init) return { severity: 'high', message: `sends ${signal ? `signal ${signal}` : 'SIGTERM'} to PID 1 (init/systemd), which can bring the whole machine down.`, span: spanFromProgram(cmd, [init]) };
    return undefined;
  }
  if (cmd.program === 'killall5') return { severity: 'high', message: 'signals every process except the kernel’s and its own session (killall5).', span: cmd.span };
  if (cmd.program === 'pkill' || cmd.program === 'killall') {
    // `-9`, `-KILL`, `-SIGTERM` name the signal; option letters are single.
    const signal = cmd.args.find((a) => /^-(\d+|[A-Z][A-Z0-9]+)$/.test(a.value));
    // Signal 0 only probes; reload and job-control signals do not stop a well-behaved daemon.
    if (signal && /^-(0|HUP|SIGHUP|1|USR1|SIGUSR1|USR2|SIGUSR2|CONT|SIGCONT|WINCH|SIGWINCH|10|12|18|28)$/.test(signal.value)) return undefined;
    const p = parseArgs(cmd.args.filter((a) => a !== signal), {
      unknownLong: 'value',
      shortValued: cmd.program === 'pkill' ? 'uUgGPstF' : 'uyosn',
      bool: new Set(['full', 'exact', 'newest', 'oldest', 'inverse', 'ignore-case', 'interactive', 'quiet', 'verbose', 'wait', 'regexp', 'process-group', 'help', 'list', 'version']),
    });
    if (p.options.has('l') || p.options.has('list') || p.options.has('help')) return undefined;
    if (cmd.program === 'killall' && p.options.has('i')) return undefined;
    const users = [...(p.options.get('u') ?? []), ...(p.options.get('U') ?? []), ...(p.options.get('user') ?? [])].map((o) => o.value ?? '');
    const pattern = p.positionals[0];
    if (users.length && !pattern) {
      return {
        severity: 'high',
        message: `kills every process of ${kindName('user', users.map((u) => shown(u)).join(', '))}${users.includes('root') ? ' — including the system’s own services' : ', including their shells, editors and agents'}.`,
        span: spanFromProgram(cmd, cmd.args.filter((a) => a.value === '-u' || a.value === '-U' || users.includes(a.value))),
      };
    }
    if (!pattern) return undefined;
    // One program by a name of its own (a dev server the agent started): allow.
    if (!pattern.dynamic && specificPattern(pattern.value, p.options.has('f') || p.options.has('full') || p.options.has('r') || p.options.has('regexp'))) return undefined;
    const wide = /^(\.|\.\*|\*|\.\+|bash|sh|zsh|sshd|systemd|init|python3?|node|java)$/.test(pattern.value);
    return {
      severity: wide && pattern.value !== 'node' && pattern.value !== 'python' && pattern.value !== 'python3' && pattern.value !== 'java' ? 'high' : 'medium',
      message: `kills every process ${p.options.has('f') || p.options.has('full') ? 'whose command line matches' : 'named'} ${shown(pattern.value)}${users.length ? ` owned by ${users.join(', ')}` : ''}, not just the one you mean.`,
      span: spanFromProgram(cmd, [pattern]),
    };
  }
  if (cmd.program === 'stop-process') return stopProcess(cmd);
  if (cmd.program === 'taskkill') {
    const im = cmd.args.findIndex((a) => /^\/im$/i.test(a.value));
    if (im === -1) return taskkillFilter(cmd);
    const name = cmd.args[im + 1];
    if (name && !name.dynamic && !/[*?]/.test(name.value) && specificPattern(name.value, false)) return undefined;
    return { severity: 'medium', message: `kills every process named ${shown(name?.value)}.`, span: spanFromProgram(cmd, name ? [cmd.args[im], name] : [cmd.args[im]]) };
  }
  return undefined;
}

/**
 * `taskkill /fi "FILTER"` without /im or /pid (taskkill /?): every process the filters match. A
 * filter on one PID, or on an image name of its own, picks one program; USERNAME, STATUS, MEMUSAGE,
 * CPUTIME, WINDOWTITLE and SESSION filters pick every process that fits.
 */
function taskkillFilter(cmd: SimpleCommand): RuleMatch | undefined {
  if (cmd.args.some((a) => /^\/pid$/i.test(a.value))) return undefined;
  const filters = cmd.args.flatMap((a, i) => (/^\/fi$/i.test(a.value) && cmd.args[i + 1] ? [cmd.args[i + 1]] : []));
  if (!filters.length) return undefined;
  const narrow = filters.some((f) => {
    if (f.dynamic) return false;
    const m = /^\s*(pid|imagename)\s+eq\s+(\S+)\s*$/i.exec(f.value);
    return !!m && (m[1].toLowerCase() === 'pid' ? /^\d+$/.test(m[2]) : !/[*?]/.test(m[2]) && specificPattern(m[2], false));
  });
  if (narrow) return undefined;
  return { severity: 'medium', message: `kills every process matching ${filters.map((f) => shown(f.value)).join(' and ')}, not just the one you mean.`, span: spanFromProgram(cmd, filters) };
}

/** The values of a PowerShell parameter given by any unambiguous prefix of its name (`-N`, `-Name`, `-ProcessName`), comma lists split. */
function pwshNamed(cmd: SimpleCommand, names: readonly string[], min = 1): Word[] | undefined {
  let out: Word[] | undefined;
  for (let i = 0; i < cmd.args.length; i++) {
    const v = cmd.args[i].value;
    if (!v.startsWith('-')) continue;
    const n = v.slice(1).split(':')[0].toLowerCase();
    if (n.length < min || !names.some((x) => x.startsWith(n))) continue;
    const value = cmd.args[i + 1];
    if (value) (out ??= []).push(value);
  }
  return out;
}

/**
 * Stop-Process (Microsoft docs): -Name takes names with wildcards, -Id and a first positional take
 * process ids, and the pipeline hands it processes, typically `Get-Process NAME | Stop-Process`
 * (Get-Process alone lists every process).
 */
function stopProcess(cmd: SimpleCommand): RuleMatch | undefined {
  if (cmd.args.some((a) => /^-wh/i.test(a.value))) return undefined;
  let names = pwshNamed(cmd, ['name', 'processname']);
  if (!names) {
    if (cmd.args.some((a) => !a.value.startsWith('-')) || pwshNamed(cmd, ['id'])) return undefined;
    const lister = cmd.pipeline?.previous.find((c) => c.program === 'get-process');
    if (!lister) return undefined;
    if (pwshNamed(lister, ['id'])) return undefined;
    names = pwshNamed(lister, ['name', 'processname']) ?? lister.args.filter((a) => !a.value.startsWith('-'));
    if (!names.length) {
      // A Where-Object between them picks some of the processes, which may still be many.
      const filtered = cmd.pipeline?.previous.some((c) => c.program === 'where-object' || c.program === 'where' || c.program === '?');
      if (filtered) return { severity: 'medium', message: 'stops every process a Where-Object filter picks from all of them, not one you name.', span: cmd.span };
      return { severity: 'high', message: 'stops every process Get-Process lists: all of yours, and with -Force or as administrator, the system’s.', span: cmd.span };
    }
  }
  // A name computed at run time may be any name.
  const wide = names.flatMap((w) => (w.dynamic ? [w.raw] : w.value.split(','))).find((n) => !n || n.startsWith('$') || /[*?]/.test(n) || !specificPattern(n, false));
  if (wide === undefined) return undefined;
  return { severity: 'medium', message: `stops every process named ${shown(wide)}, not just the one you mean.`, span: spanFromProgram(cmd, names) };
}

export const killManyProcesses: CommandRule = {
  id: 'SYS002',
  name: 'kill-many-processes',
  category: 'system',
  severity: 'high',
  triggers: [
    { programs: ['kill'], subcommands: ['-1', '1'] },
    { programs: ['killall', 'killall5', 'pkill', 'taskkill', 'stop-process'] },
  ],
  summary: 'Kills every process of a common name or of a user, or signals every process (`kill -9 -1`, `pkill -u dev`, `killall node`); one program by a name of its own is left alone. Windows: `taskkill /im`, Stop-Process -Name and `Get-Process | Stop-Process`.',
  rationale: 'Killing by name or user hits every matching process — other projects’ servers, editors, the agent itself, a database mid-write — and `kill -1` takes down the whole session, or with root the machine.',
  alternative: 'Kill the one process by PID (`kill $(lsof -t -i :3000)`), or stop it through its service manager.',
  examples: {
    fire: ['kill -9 -1', 'kill -KILL -1', 'pkill -9 -u dev', 'killall node', 'sudo kill -s KILL 1', 'pkill -f node', 'pkill -f .', 'pwsh -c "Stop-Process -Name node -Force"', 'pwsh -c "Get-Process | Stop-Process -Force"', 'cmd /c \'taskkill /f /fi "USERNAME eq dev"\''],
    pass: ['kill 12345', 'kill -9 4242', 'kill %1', 'pkill -0 node', 'kill -l', 'pkill -f vite', "pkill -f 'node server.js'", 'killall uvicorn', 'pwsh -c "Stop-Process -Id 4242 -Force"', 'pwsh -c "Get-Process vite | Stop-Process"', 'cmd /c \'taskkill /f /fi "PID eq 4242"\''],
  },
  check: killAll,
};
