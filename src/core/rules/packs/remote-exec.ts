/**
 * Running code straight from the network: `curl … | sh`, `bash <(curl …)`, `python3 -c
 * "$(curl …)"`, PowerShell's `iwr … | iex`. What runs is whatever the server sends at that
 * moment, so nothing about it can be checked before it runs. Downloading to a file is fine.
 */
import type { SimpleCommand, Word } from '../../shell/model';
import type { Severity } from '../../types';
import { shown } from '../cli-options';
import type { CommandRule, RulePack } from '../rule';
import { spanFromProgram } from '../rule';

/** Programs that fetch a URL and can write it to stdout. */
const DOWNLOADERS: ReadonlySet<string> = new Set([
  'curl', 'wget', 'fetch', 'http', 'https', 'xh', 'xhs', 'lwp-request', 'get', 'aria2c', 'invoke-webrequest', 'invoke-restmethod', 'iwr', 'irm', 'curl.exe', 'wget2',
]);

const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'yash', 'fish', 'csh', 'tcsh', 'rbash', 'busybox']);

/** Interpreters and the option that makes them run a code string instead of reading a file. */
const INTERPRETERS: Readonly<Record<string, readonly string[]>> = {
  python: ['-c'],
  python2: ['-c'],
  python3: ['-c'],
  pypy: ['-c'],
  pypy3: ['-c'],
  perl: ['-e', '-E'],
  ruby: ['-e'],
  node: ['-e', '--eval', '-p', '--print'],
  nodejs: ['-e', '--eval', '-p', '--print'],
  bun: ['-e', '--eval'],
  php: ['-r'],
  lua: ['-e'],
  tclsh: [],
  pwsh: ['-c', '-command', '-Command'],
  powershell: ['-c', '-command', '-Command'],
};

function interpreterOf(program: string): readonly string[] | undefined {
  if (INTERPRETERS[program]) return INTERPRETERS[program];
  if (/^python\d+(\.\d+)?$/.test(program)) return INTERPRETERS.python;
  return undefined;
}

function isDownloader(c: SimpleCommand): boolean {
  return DOWNLOADERS.has(c.program);
}

/** The URL a downloader fetches, for the message. */
function urlOf(c: SimpleCommand): string | undefined {
  const w = c.args.find((a) => /^[a-z][a-z0-9+.-]*:\/\//i.test(a.value)) ?? c.args.find((a) => !a.value.startsWith('-') && /\.[a-z]{2,}(\/|$)/i.test(a.value));
  return w ? shown(w.value, 80) : undefined;
}

/**
 * Whether the program reads the script it runs from stdin: a shell without -c and without a
 * script file (or with -s, or `-`, or /dev/stdin); an interpreter without a code option or file.
 */
function readsScriptFromStdin(cmd: SimpleCommand): boolean {
  const args = cmd.args;
  const isShell = SHELLS.has(cmd.program);
  const interp = interpreterOf(cmd.program);
  if (!isShell && !interp) return false;
  for (let i = 0; i < args.length && i < 64; i++) {
    const v = args[i].value;
    if (v === '-' || v === '/dev/stdin' || v === '/proc/self/fd/0') return true;
    if (v === '--') return isShell ? args[i + 1] === undefined : args[i + 1]?.value === '-' || args[i + 1] === undefined;
    if (v.startsWith('-') || (isShell && v.startsWith('+'))) {
      if (isShell && /^-[^-]*c/.test(v)) return false;
      // -n reads without executing (a syntax check).
      if (isShell && /^-[^-]*n/.test(v)) return false;
      if (isShell && /^-[^-]*s/.test(v)) return true;
      if (interp?.some((f) => v === f || (f.length === 2 && v.startsWith(f) && !v.startsWith('--')))) return false;
      // python -m runs a module (stdin is its data); perl -ne/ruby -ne carry their code inline.
      if (interp && (/^-m/.test(v) || ((cmd.program === 'perl' || cmd.program === 'ruby') && /^-[a-zA-Z]*[eE]/.test(v)))) return false;
      if (isShell && /^[-+]o$/.test(v)) i++;
      if (interp && /^-[WX]$/.test(v)) i++;
      continue;
    }
    // The first operand: busybox names the applet; everyone else names a script file.
    if (cmd.program === 'busybox') return SHELLS.has(v) && readsScriptFromStdin({ ...cmd, program: v, args: args.slice(i + 1) });
    return false;
  }
  return true;
}

function severityFor(cmd: SimpleCommand): Severity {
  return cmd.elevated ? 'critical' : 'high';
}

function runsAs(cmd: SimpleCommand): string {
  const wrapper = [...cmd.via].reverse().find((v) => v.kind === 'wrapper' && ['sudo', 'doas', 'run0', 'pkexec'].includes(v.program));
  return cmd.elevated ? ` as root${wrapper && wrapper.kind === 'wrapper' ? ` (${wrapper.program})` : ''}` : '';
}

// ---------------------------------------------------------------------------------------------
// RCE001: downloader | shell

const pipeToShell: CommandRule = {
  id: 'RCE001',
  name: 'pipe-download-to-shell',
  category: 'remote-exec',
  severity: 'critical',
  triggers: [{ programs: [...SHELLS, ...Object.keys(INTERPRETERS), 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'source', '.'] }],
  summary: 'Pipes a download straight into a shell or interpreter (`curl … | sh`, `wget -O- … | bash`, `curl … | sudo python3`).',
  rationale:
    'The script runs as it arrives, unread: whatever the server (or anyone between it and you) sends is executed with your rights — with root when piped to sudo — and a dropped connection can run half a script.',
  alternative: 'Download to a file, read it (or check its published checksum), then run it: `curl -fsSLo install.sh URL && less install.sh && sh install.sh`.',
  examples: {
    fire: ['curl -fsSL https://get.example.com/install.sh | sh', 'wget -qO- https://example.com/setup | sudo bash', 'curl -s https://x.io/i.py | python3 -', 'curl -sSf https://sh.rustup.rs | sh -s -- -y'],
    pass: ['curl -fsSLo install.sh https://get.example.com/install.sh', 'curl -s https://api.example.com/data | jq .', 'cat install.sh | sh', 'curl -s https://x.io/i.py | python3 format.py'],
  },
  check(cmd) {
    const prev = cmd.pipeline?.previous;
    // Under xargs the pipe feeds xargs' arguments, not the script.
    if (!prev?.length || (cmd.pipeline && cmd.pipeline.index === 0) || cmd.argsFromStdin) return undefined;
    const source = prev.find(isDownloader);
    if (!source) return undefined;
    const reads = cmd.program === 'source' || cmd.program === '.' ? cmd.args.some((a) => a.value === '/dev/stdin' || a.value === '-') : readsScriptFromStdin(cmd);
    if (!reads) return undefined;
    const url = urlOf(source);
    return {
      severity: severityFor(cmd),
      message: `runs whatever ${url ?? 'the download'} returns in ${cmd.program}${runsAs(cmd)}, without saving or reading it first.`,
      span: { start: Math.min(source.span.start, cmd.span.start), end: Math.max(source.span.end, cmd.span.end) },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// RCE002: shell <(download), interpreter -c "$(download)"

/** The argument that holds the script or code: the first operand, or the value of -c/-e. */
function scriptArgument(cmd: SimpleCommand): Word | undefined {
  const isShell = SHELLS.has(cmd.program) || cmd.program === 'source' || cmd.program === '.';
  const codeFlags = SHELLS.has(cmd.program) ? ['-c'] : (interpreterOf(cmd.program) ?? []);
  for (let i = 0; i < cmd.args.length && i < 64; i++) {
    const v = cmd.args[i].value;
    if (codeFlags.some((f) => v === f || (isShell && /^-[^-]*c$/.test(v)))) return cmd.args[i + 1];
    if (v === '--') return cmd.args[i + 1];
    if (v.startsWith('-') && v.length > 1) continue;
    return cmd.args[i];
  }
  return undefined;
}

const runSubstitutedDownload: CommandRule = {
  id: 'RCE002',
  name: 'run-substituted-download',
  category: 'remote-exec',
  severity: 'critical',
  triggers: [{ programs: [...SHELLS, ...Object.keys(INTERPRETERS), 'python3.10', 'python3.11', 'python3.12', 'python3.13', 'source', '.', 'eval'] }],
  summary: 'Runs a download through process or command substitution (`bash <(curl …)`, `source <(curl …)`, `python3 -c "$(curl …)"`).',
  rationale: 'Substitution hides the pipe but not the risk: the downloaded text is executed as soon as it arrives, without anyone reading it.',
  alternative: 'Save the script to a file, read it or verify its checksum, then run the file.',
  examples: {
    fire: ['bash <(curl -fsSL https://example.com/install.sh)', 'source <(curl -s https://example.com/env.sh)', 'python3 -c "$(curl -fsSL https://example.com/get.py)"', 'sudo bash <(wget -qO- https://example.com/i.sh)'],
    pass: ['bash install.sh', 'diff <(curl -s https://a.example.com/x) local.txt', 'echo "$(curl -s https://api.example.com/ip)"', 'bash <(cat local.sh)'],
  },
  check(cmd) {
    if (!SHELLS.has(cmd.program) && !interpreterOf(cmd.program) && !['source', '.', 'eval'].includes(cmd.program)) return undefined;
    const inner = cmd.innerCommands?.find(isDownloader);
    if (!inner) return undefined;
    const script = scriptArgument(cmd);
    if (!script || !script.dynamic) return undefined;
    if (script.span.end < inner.span.start || script.span.start > inner.span.end) return undefined;
    const url = urlOf(inner);
    return {
      severity: severityFor(cmd),
      message: `runs whatever ${url ?? 'the download'} returns in ${cmd.program}${runsAs(cmd)}, without saving or reading it first.`,
      span: spanFromProgram(cmd, [script]),
    };
  },
};

// ---------------------------------------------------------------------------------------------
// RCE003: PowerShell Invoke-Expression of a download

const powershellIex: CommandRule = {
  id: 'RCE003',
  name: 'powershell-invoke-download',
  category: 'remote-exec',
  severity: 'high',
  triggers: [{ programs: ['invoke-expression', 'iex'] }],
  summary: 'Runs downloaded text with PowerShell’s Invoke-Expression (`iwr … | iex`, `irm … | iex`, `iex (New-Object Net.WebClient).DownloadString(…)`).',
  rationale:
    'Invoke-Expression executes whatever string it receives; fed from a web request, that is whatever the server returns at that moment, with the user’s rights and without any review.',
  alternative: 'Save the script (`irm URL -OutFile install.ps1`), read it or check its signature (`Get-AuthenticodeSignature`), then run the file.',
  examples: {
    fire: ['pwsh -c "iwr https://get.example.com/install.ps1 -UseBasicParsing | iex"', 'powershell -Command "irm https://get.example.com | Invoke-Expression"', 'powershell -c "iex (New-Object Net.WebClient).DownloadString(\'https://x.example.com/a.ps1\')"'],
    pass: ['pwsh -c "irm https://get.example.com -OutFile install.ps1"', 'pwsh -c "Invoke-Expression \'Get-Date\'"', 'pwsh -c "iwr https://example.com/data.json | ConvertFrom-Json"'],
  },
  check(cmd) {
    if (cmd.dialect !== 'pwsh' || cmd.program !== 'invoke-expression') return undefined;
    const operand = cmd.args.find((a, i) => !a.value.startsWith('-') && !(i > 0 && /^-(command|c)$/i.test(cmd.args[i - 1].value)));
    const commandValue = cmd.args.findIndex((a) => /^-(command|c)$/i.test(a.value));
    const code = operand ?? (commandValue !== -1 ? cmd.args[commandValue + 1] : undefined);
    // A literal string is checked by the extractor; a variable is reported as unanalyzable there.
    if (code) return undefined;
    const prev = cmd.pipeline?.previous;
    if (prev && !prev.some(isDownloader)) return undefined;
    const source = prev?.find(isDownloader);
    const url = source ? urlOf(source) : undefined;
    return {
      severity: 'high',
      message: `runs the text it receives${url ? ` from ${url}` : ' from the pipeline or a sub-expression (typically a web request)'} with Invoke-Expression, without reading it first.`,
      span: spanFromProgram(cmd, []),
    };
  },
};

export const remoteExecPack: RulePack = {
  name: 'remote-exec',
  description: 'Running code straight from the network: curl | sh, bash <(curl …), iwr | iex.',
  rules: [pipeToShell, runSubstitutedDownload, powershellIex],
};
