import type { SimpleCommand } from '../../shell/model';
import type { CommandRule } from '../rule';
import { interpreterOf, INTERPRETERS, isDownloader, runsAs, severityFor, SHELLS, urlOf } from './helpers';

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

// ---------------------------------------------------------------------------------------------
// RCE001: downloader | shell

export const pipeDownloadToShell: CommandRule = {
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
