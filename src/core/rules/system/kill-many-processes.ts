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
        message: `kills every process of user ${users.map((u) => shown(u)).join(', ')}${users.includes('root') ? ' — including the system’s own services' : ', including their shells, editors and agents'}.`,
        span: spanFromProgram(cmd, cmd.args.filter((a) => a.value === '-u' || a.value === '-U' || users.includes(a.value))),
      };
    }
    if (!pattern) return undefined;
    const wide = /^(\.|\.\*|\*|\.\+|bash|sh|zsh|sshd|systemd|init|python3?|node|java)$/.test(pattern.value);
    return {
      severity: wide && pattern.value !== 'node' && pattern.value !== 'python' && pattern.value !== 'python3' && pattern.value !== 'java' ? 'high' : 'medium',
      message: `kills every process ${p.options.has('f') || p.options.has('full') ? 'whose command line matches' : 'named'} ${shown(pattern.value)}${users.length ? ` owned by ${users.join(', ')}` : ''}, not just the one you mean.`,
      span: spanFromProgram(cmd, [pattern]),
    };
  }
  if (cmd.program === 'taskkill') {
    const im = cmd.args.findIndex((a) => /^\/im$/i.test(a.value));
    if (im === -1) return undefined;
    const name = cmd.args[im + 1];
    return { severity: 'medium', message: `kills every process named ${shown(name?.value)}.`, span: spanFromProgram(cmd, name ? [cmd.args[im], name] : [cmd.args[im]]) };
  }
  return undefined;
}

export const killManyProcesses: CommandRule = {
  id: 'SYS002',
  name: 'kill-many-processes',
  category: 'system',
  severity: 'high',
  triggers: [
    { programs: ['kill'], subcommands: ['-1', '1'] },
    { programs: ['killall', 'killall5', 'pkill', 'taskkill'] },
  ],
  summary: 'Kills processes by name or by user, or signals every process (`kill -9 -1`, `pkill -u dev`, `killall node`).',
  rationale: 'Killing by name or user hits every matching process — other projects’ servers, editors, the agent itself, a database mid-write — and `kill -1` takes down the whole session, or with root the machine.',
  alternative: 'Kill the one process by PID (`kill $(lsof -t -i :3000)`), or stop it through its service manager.',
  examples: {
    fire: ['kill -9 -1', 'kill -KILL -1', 'pkill -9 -u dev', 'killall node', 'sudo kill -s KILL 1'],
    pass: ['kill 12345', 'kill -9 4242', 'kill %1', 'pkill -0 node', 'kill -l'],
  },
  check: killAll,
};
