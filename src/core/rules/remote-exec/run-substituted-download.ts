import type { SimpleCommand, Word } from '../../shell/model';
import { type CommandRule, spanFromProgram } from '../rule';
import { interpreterOf, INTERPRETERS, isDownloader, runsAs, severityFor, SHELLS, urlOf } from './helpers';

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

export const runSubstitutedDownload: CommandRule = {
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
